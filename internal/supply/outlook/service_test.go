package outlook_test

import (
	"context"
	"testing"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/forecast"
	"kern/internal/supply/outlook"
)

var (
	coordinator = &auth.Principal{User: auth.User{ID: 0, Email: "coordinatie@kern.example", Role: auth.Coordinator}}
	member      = &auth.Principal{User: auth.User{ID: 0, Email: "lid@kern.example", Role: auth.Member}}
)

func rows(t *testing.T, d *db.DB) int {
	t.Helper()
	var n int
	if err := d.Read.QueryRow(`SELECT count(*) FROM forecast_scenarios`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// TestBadInput: each bad scenario or caller is refused with the field named and nothing written,
// on create and on update.
func TestBadInput(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := &outlook.Service{DB: d}
		good := outlook.DemoScenarios()[0]
		saved, err := s.Create(ctx, coordinator, good)
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name  string
			who   *auth.Principal
			edit  func(*outlook.Input)
			code  kern.Code
			field string
			key   string
		}{
			{"growth rate below -100 %", coordinator, func(in *outlook.Input) { in.Scenario.Applications[1].Growth.Rate.Value = -1.5 },
				kern.Invalid, "scenario.applications[1].growth.rate", "outlook.error.rate_range"},
			{"band below -100 %", coordinator, func(in *outlook.Input) { in.Scenario.Applications[0].Growth.Rate.Band.Low = -2 },
				kern.Invalid, "scenario.applications[0].growth.rate.band.low", "outlook.error.rate_range"},
			{"start year after end year", coordinator, func(in *outlook.Input) {
				f := &in.Scenario.Facilities[0]
				f.StartYear = &forecast.Value{Value: f.EndYear.Value + 1}
			}, kern.Invalid, "scenario.facilities[0].start_year", "outlook.error.start_after_end"},
			{"no name", coordinator, func(in *outlook.Input) { in.Name = "  " }, kern.Invalid, "name", "field.required"},
			{"too many runs", coordinator, func(in *outlook.Input) { in.Runs = outlook.MaxRuns + 1 }, kern.Invalid, "runs", "outlook.error.runs"},
			{"not a coordinator", member, func(in *outlook.Input) {}, kern.Forbidden, "", ""},
			{"not logged in", nil, func(in *outlook.Input) {}, kern.Unauthorized, "", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				in := outlook.DemoScenarios()[0]
				tc.edit(&in)
				before := rows(t, d)
				check := func(op string, err error) {
					t.Helper()
					e := kern.AsError(err)
					if e == nil || e.Code != tc.code {
						t.Fatalf("%s: got %v, want %s", op, err, tc.code)
					}
					if tc.field != "" && e.Fields[tc.field] != tc.key {
						t.Fatalf("%s: fields %v, want %s: %s", op, e.Fields, tc.field, tc.key)
					}
				}
				_, err := s.Create(ctx, tc.who, in)
				check("create", err)
				_, err = s.Update(ctx, tc.who, saved.ID, in)
				check("update", err)
				if n := rows(t, d); n != before {
					t.Fatalf("rows %d, want %d", n, before)
				}
				got, err := s.Scenario(ctx, coordinator, saved.ID)
				if err != nil {
					t.Fatal(err)
				}
				if got.Name != good.Name || outlook.ScenarioJSON(got.Scenario) != outlook.ScenarioJSON(saved.Scenario) {
					t.Fatal("the saved scenario changed")
				}
			})
		}
		if err := s.Delete(ctx, member, saved.ID); kern.ErrorCode(err) != kern.Forbidden {
			t.Fatalf("member delete: %v", err)
		}
	})
}

// TestSaveRunDelete: a coordinator saves, everyone reads and runs, the result is the engine's.
func TestSaveRunDelete(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := &outlook.Service{DB: d}
		in := outlook.DemoScenarios()[1]
		saved, err := s.Create(ctx, coordinator, in)
		if err != nil {
			t.Fatal(err)
		}
		got, res, err := s.Result(ctx, member, saved.ID)
		if err != nil {
			t.Fatal(err)
		}
		want, err := forecast.Run(in.Scenario, forecast.Options{Runs: in.Runs, Seed: in.Seed})
		if err != nil {
			t.Fatal(err)
		}
		if got.Name != "PALLAS twee jaar later" || len(res.Years) != 16 || res.Years[10].Products[0].Demand != want.Years[10].Products[0].Demand {
			t.Fatalf("result differs from the engine's: %+v", res.Years[10].Products[0])
		}
		list, total, err := s.Scenarios(ctx, member, outlook.Filter{Q: "twee jaar"})
		if err != nil || total != 1 || list[0].ID != saved.ID {
			t.Fatalf("search: %v %d %v", list, total, err)
		}
		if err := s.Delete(ctx, coordinator, saved.ID); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Scenario(ctx, member, saved.ID); kern.ErrorCode(err) != kern.NotFound {
			t.Fatalf("after delete: %v", err)
		}
	})
}
