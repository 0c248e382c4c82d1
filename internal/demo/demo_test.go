package demo

import (
	"context"
	"testing"

	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/org"
	"kern/internal/web/i18n"
)

func TestDemoMatchesThePolicyPlan(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		cat, _ := i18n.Load()
		a := &auth.Service{DB: d, Catalog: cat}
		o := &org.Service{DB: d}
		if err := Load(ctx, d, a, o); err != nil {
			t.Fatal(err)
		}
		counts, err := o.MemberCategoryCounts(ctx, auth.System())
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, c := range counts {
			if c.Members != c.Reference {
				t.Errorf("category %s has %d members, Appendix 1 says %d", c.Code, c.Members, c.Reference)
			}
			total += c.Members
		}
		if total != Members {
			t.Errorf("%d members, want %d", total, Members)
		}
		groups, _ := o.StakeholderGroups(ctx, auth.System())
		for _, g := range groups {
			if g.Organizations == 0 {
				t.Errorf("stakeholder group %s is empty in the demo", g.Code)
			}
		}
		_, umcs, _ := o.Organizations(ctx, auth.System(), org.OrgFilter{Kind: "hospital", Country: "NL"})
		if umcs < 30 {
			t.Errorf("%d Dutch hospitals, want at least 30", umcs)
		}
		for _, acc := range Accounts {
			if _, _, err := a.LogIn(ctx, acc.Email, Password, "127.0.0.1", "test"); err != nil {
				t.Errorf("demo login %s: %v", acc.Email, err)
			}
		}
		if err := Load(ctx, d, a, o); err == nil {
			t.Error("loading the demo twice was accepted")
		}
	})
}
