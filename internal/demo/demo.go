// Package demo loads the demonstration ecosystem that `kern demo` starts with: the six stakeholder
// groups and the society's member categories (from the migrations), the real organisations of the
// Dutch–Belgian nuclear-medicine field (capabilities illustrative), a fictitious membership of 534
// people whose split over the categories matches Appendix 1 of the policy plan exactly, and one
// account for each role.
package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/gov"
	"kern/internal/gov/meetings"
	"kern/internal/gov/reports"
	"kern/internal/gov/vacancies"
	"kern/internal/notify"
	"kern/internal/org"
	"kern/internal/plan"
	"kern/internal/plan/actions"
	"kern/internal/plan/rounds"
	"kern/internal/supply"
	"kern/internal/supply/demand"
	"kern/internal/supply/outlook"
	"kern/internal/supply/runs"
	"kern/internal/supply/scenarios"
)

// Password is the password of every demo account.
const Password = "kern-demo-2026"

// Account is a demo login.
type Account struct {
	Email, Name string
	Role        auth.Role
	OrgShort    string // organisation in which the account holds OrgRole, if any
	OrgRole     auth.OrgRole
	What        string // what this account is for, printed at start
}

// Accounts are the demo logins, one per role.
var Accounts = []Account{
	{Email: "beheer@kern.example", Name: "Anne Beheer", Role: auth.Admin, What: "admin: accounts, audit log, everything"},
	{Email: "coordinatie@kern.example", Name: "Coördinatiebureau Kern", Role: auth.Coordinator, What: "coordination office: edits the whole registry"},
	{Email: "afdeling@radboudumc.example", Name: "Rik Radboud", Role: auth.Member, OrgShort: "Radboudumc", OrgRole: auth.OrgAdmin,
		What: "organisation admin of Radboudumc"},
	{Email: "hotlab@umcg.example", Name: "Greet Groningen", Role: auth.Member, OrgShort: "UMCG", OrgRole: auth.OrgMember,
		What: "organisation member of UMCG"},
	{Email: "lid@kern.example", Name: "Lid Lezer", Role: auth.Member, What: "member: reads the registry"},
	{Email: "voorzitter@kern.example", Name: "Voorzitter Stuurgroep", Role: auth.Member,
		What: "neutral chair of the steering group: runs its meetings and seats"},
	{Email: "actiegroep@kern.example", Name: "Leider Actiegroep", Role: auth.Member,
		What: "leader of Actiegroep Isotopenvoorziening"},
	{Email: "planning@nrg.example", Name: "Planning NRG", Role: auth.Member, OrgShort: "NRG", OrgRole: auth.OrgMember,
		What: "producer: publishes NRG's schedules and outages (Petten)"},
}

// categoryCounts is Appendix 1 of the policy plan: the society's members on 1 January 2022.
var categoryCounts = []struct {
	code, profession string
	n                int
}{
	{"a_nuclear_medicine_physician", "nuclear_medicine_physician", 186},
	{"a_nuclear_radiologist", "nuclear_radiologist", 12},
	{"b_hospital_pharmacist", "hospital_pharmacist", 37},
	{"b_clinical_physicist", "clinical_physicist", 59},
	{"b_clinical_radiochemist", "clinical_radiochemist", 7},
	{"b_radiologist", "radiologist", 54},
	{"junior_a_resident_nm", "resident", 22},
	{"junior_b_resident_radiology", "resident", 113},
	{"extraordinary", "other", 13},
	{"emeritus", "nuclear_medicine_physician", 26},
	{"honorary", "nuclear_medicine_physician", 5},
}

// Members is the size of the demonstration membership.
const Members = 534

// Load fills an empty database with the demonstration ecosystem, in one transaction.
func Load(ctx context.Context, d *db.DB, a *auth.Service, o *org.Service) error {
	var n int
	if err := d.Read.QueryRowContext(ctx, `SELECT count(*) FROM organizations`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("demo: the database already holds %d organisations; the demo needs an empty one", n)
	}
	sys := auth.System()
	return d.InTx(ctx, func(ctx context.Context, q db.Q) error {
		ids := map[string]int64{}
		var hospitals []int64
		for _, f := range organisations {
			in := org.OrgInput{Kind: org.Kind(f.Kind), Group: f.Group, Name: f.Name, ShortName: f.ShortName, City: f.City,
				Country: f.Country, Website: f.Website, Hotlab: f.Hotlab, Cyclotron: f.Cyclotron, PETCT: f.PETCT,
				SPECTCT: f.SPECTCT, TherapyRooms: f.TherapyRooms, Notes: f.Notes}
			if f.Parent != "" {
				pid, ok := ids[f.Parent]
				if !ok {
					return fmt.Errorf("demo: %s names unknown parent %s", f.ShortName, f.Parent)
				}
				in.ParentID = &pid
			}
			created, err := o.CreateOrganization(ctx, sys, in)
			if err != nil {
				return fmt.Errorf("demo organisation %s: %w", f.ShortName, err)
			}
			ids[f.ShortName] = created.ID
			if f.Kind == "hospital" && f.Country == "NL" {
				hospitals = append(hospitals, created.ID)
			}
		}
		if err := loadMembers(ctx, o, sys, hospitals); err != nil {
			return err
		}
		for _, acc := range Accounts {
			u, err := a.CreateUser(ctx, sys, auth.NewUser{Email: acc.Email, Name: acc.Name, Role: acc.Role, Password: Password})
			if err != nil {
				return fmt.Errorf("demo account %s: %w", acc.Email, err)
			}
			if acc.OrgShort != "" {
				if err := a.GrantOrgRole(ctx, sys, u.ID, ids[acc.OrgShort], acc.OrgRole); err != nil {
					return fmt.Errorf("demo org role %s: %w", acc.Email, err)
				}
			}
		}
		// The action plan after the registry: challenges and goals first, then the round that
		// prioritised the challenges and the actions that answer them.
		if err := plan.LoadDemo(ctx, &plan.Service{DB: d}); err != nil {
			return fmt.Errorf("demo plan: %w", err)
		}
		if err := rounds.LoadDemo(ctx, &rounds.Service{DB: d}); err != nil {
			return fmt.Errorf("demo rounds: %w", err)
		}
		if err := actions.LoadDemo(ctx, &actions.Service{DB: d}); err != nil {
			return fmt.Errorf("demo actions: %w", err)
		}
		// Governance: the bodies and their seats, then their meetings (whose outcomes land in the
		// action plan), the terms that end and a vacancy, and the reports that read all of it.
		ns := &notify.Service{DB: d, Catalog: a.Catalog}
		gs := &gov.Service{DB: d, Notify: ns, Catalog: a.Catalog}
		if err := gov.LoadDemo(ctx, gs); err != nil {
			return fmt.Errorf("demo governance: %w", err)
		}
		ms := &meetings.Service{DB: d, Gov: gs, Actions: &actions.Service{DB: d}, Notify: ns}
		if err := meetings.LoadDemo(ctx, ms); err != nil {
			return fmt.Errorf("demo meetings: %w", err)
		}
		if err := vacancies.LoadDemo(ctx, &vacancies.Service{DB: d, Gov: gs, Notify: ns}); err != nil {
			return fmt.Errorf("demo vacancies: %w", err)
		}
		rs := &reports.Service{DB: d, Gov: gs, Actions: &actions.Service{DB: d}, Plan: &plan.Service{DB: d}, Meetings: ms, Notify: ns}
		if err := reports.LoadDemo(ctx, rs); err != nil {
			return fmt.Errorf("demo reports: %w", err)
		}
		// Supply: the production chain, then the long-term outlook.
		if err := supply.LoadDemo(ctx, &supply.Service{DB: d, Notify: ns}); err != nil {
			return fmt.Errorf("demo supply: %w", err)
		}
		if err := outlook.LoadDemo(ctx, &outlook.Service{DB: d}); err != nil {
			return fmt.Errorf("demo outlook: %w", err)
		}
		// Demand, the baseline allocation run, and the scenario compared with it.
		if err := demand.LoadDemo(ctx, &demand.Service{DB: d}); err != nil {
			return fmt.Errorf("demo demand: %w", err)
		}
		runService := &runs.Service{DB: d, Notify: ns}
		if err := runs.LoadDemo(ctx, runService); err != nil {
			return fmt.Errorf("demo runs: %w", err)
		}
		if err := scenarios.LoadDemo(ctx, &scenarios.Service{DB: d, Runs: runService}); err != nil {
			return fmt.Errorf("demo scenarios: %w", err)
		}
		return nil
	})
}

// loadMembers adds the 534 fictitious members, each affiliated with a Dutch hospital in turn.
func loadMembers(ctx context.Context, o *org.Service, sys *auth.Principal, hospitals []int64) error {
	i := 0
	for _, c := range categoryCounts {
		for k := 0; k < c.n; k++ {
			given, family := fictitiousName(i)
			since := memberSince(i, c.code)
			p, err := o.CreatePerson(ctx, sys, org.PersonInput{GivenName: given, FamilyName: family,
				Email: emailFor(given, family, i), Profession: c.profession, MemberCategory: c.code, MemberSince: &since})
			if err != nil {
				return fmt.Errorf("demo member %d: %w", i, err)
			}
			if len(hospitals) > 0 && c.code != "emeritus" && c.code != "honorary" {
				start := since
				_, err := o.AddAffiliation(ctx, sys, p.ID, org.AffiliationInput{OrgID: hospitals[(i*7)%len(hospitals)],
					Role: roleFor(c.profession), StartOn: &start})
				if err != nil {
					return fmt.Errorf("demo affiliation %d: %w", i, err)
				}
			}
			i++
		}
	}
	return nil
}

// memberSince spreads join dates deterministically: residents joined recently, emeriti long ago.
func memberSince(i int, category string) time.Time {
	first, span := 1990, 32
	switch {
	case strings.HasPrefix(category, "junior"):
		first, span = 2016, 6
	case category == "emeritus" || category == "honorary":
		first, span = 1975, 20
	}
	year := first + (i*37)%span
	month := time.Month(1 + (i*5)%12)
	return time.Date(year, month, 1, 0, 0, 0, 0, time.UTC)
}

func roleFor(profession string) string {
	switch profession {
	case "resident":
		return "aios"
	case "hospital_pharmacist":
		return "ziekenhuisapotheker"
	case "clinical_physicist":
		return "klinisch fysicus"
	case "clinical_radiochemist":
		return "radiochemicus"
	case "radiologist", "nuclear_radiologist":
		return "radioloog"
	}
	return "nucleair geneeskundige"
}

// emailFor makes a clearly fictitious address on the reserved example.org domain.
func emailFor(given, family string, i int) string {
	clean := func(s string) string {
		s = org.Fold(s)
		return strings.NewReplacer(" ", "", "'", "").Replace(s)
	}
	return fmt.Sprintf("%s.%s.%d@example.org", clean(given), clean(family), i)
}
