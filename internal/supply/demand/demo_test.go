package demand_test

import (
	"context"
	"fmt"
	"os"
	"testing"

	"kern/internal/app/apptest"
	"kern/internal/auth"
	"kern/internal/db/dbtest"
	"kern/internal/nuclide"
	"kern/internal/supply/demand"
)

// TestDemoDemand: the demo gives every hospital standing demand, routes and the demo hospitals'
// own orders; with KERN_PRINT_TOTALS set it prints the weekly totals per product.
func TestDemoDemand(t *testing.T) {
	d := dbtest.SQLite(t)
	p := apptest.Start(t, d)
	ctx := context.Background()
	s := p.App.Demand
	sys := auth.System()
	var hospitals, with int
	d.Read.QueryRow(`SELECT count(*) FROM organizations WHERE kind = 'hospital'`).Scan(&hospitals)
	d.Read.QueryRow(`SELECT count(DISTINCT org_id) FROM standing_demands`).Scan(&with)
	if hospitals < 50 || with != hospitals {
		t.Errorf("%d of %d hospitals have standing demand, want all", with, hospitals)
	}
	tot, err := s.Totals(ctx, sys, demand.TotalsFilter{Weeks: 1, ByProduct: true})
	if err != nil {
		t.Fatal(err)
	}
	if len(tot.Rows) < 6 {
		t.Errorf("weekly totals cover %d products, want at least 6", len(tot.Rows))
	}
	if os.Getenv("KERN_PRINT_TOTALS") != "" {
		tot, _ = s.Totals(ctx, sys, demand.TotalsFilter{Weeks: 3, ByProduct: true})
		for _, r := range tot.Rows {
			fmt.Printf("%-60s", r.Label)
			for i, v := range r.PerWeek {
				fmt.Printf(" | %12s (%3d)", nuclide.Activity(v).String(), r.Count[i])
			}
			fmt.Println()
		}
	}
}
