package outlook

import (
	"context"
	"fmt"

	"kern/internal/audit"
	"kern/internal/db"
	"kern/internal/forecast"
	"kern/internal/org"
)

func foldQuery(q string) string { return org.Fold(q) }

// DemoScenarios are the demo's saved scenarios: the defaults, and PALLAS starting two years later.
func DemoScenarios() []Input {
	base := forecast.DefaultScenario()
	base.Name = "Basisverwachting 2040"
	late := forecast.DefaultScenario()
	late.Name = "PALLAS twee jaar later"
	for i := range late.Facilities {
		if f := &late.Facilities[i]; f.Name == "PALLAS (Petten)" && f.StartYear != nil {
			f.StartYear = &forecast.Value{Value: f.StartYear.Value + 2, Source: "assumption: PALLAS two years later than expected (demo variant)"}
		}
	}
	return []Input{
		{Name: "Basisverwachting 2040", Scenario: base, Runs: forecast.DefaultRuns, Seed: 1,
			Description: "De standaardaannames van kern forecast: diagnostiek en therapieën volgens RIVM, PET/CT +10 % per jaar, Lu-177 +7 % (band tot 43 %), de Mo-99-reactoren met hun verwachte einddatum en PALLAS vanaf 2030."},
		{Name: "PALLAS twee jaar later", Scenario: late, Runs: forecast.DefaultRuns, Seed: 1,
			Description: "Als de basisverwachting, maar PALLAS (Petten) start in 2032 in plaats van 2030: hoe groot wordt het Mo-99-tekort in de tussenliggende jaren?"},
	}
}

// LoadDemo saves the default scenario and a variant; it runs inside demo.Load's transaction.
func LoadDemo(ctx context.Context, s *Service) error {
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		for _, in := range DemoScenarios() {
			if err := in.Validate(); err != nil {
				return fmt.Errorf("demo scenario %q: %w", in.Name, err)
			}
			id, err := insertSaved(ctx, q, in, nil, "Coördinatiebureau", s.now())
			if err != nil {
				return err
			}
			x, err := getSaved(ctx, q, id)
			if err != nil {
				return err
			}
			if err := audit.Record(ctx, q, audit.System, "create", "forecast_scenario", id, nil, view(x)); err != nil {
				return err
			}
		}
		return nil
	})
}
