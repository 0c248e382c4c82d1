package scenarios

import (
	"context"
	"fmt"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/web"
)

// DemoName is the demo's saved scenario: the "Petten unplanned outage, two weeks".
const DemoName = "Petten: ongeplande uitval, twee weken"

// LoadDemo saves the scenario "Petten: ongeplande uitval, twee weken" — every facility at Petten
// (the High Flux Reactor, Curium's processing and generator plants) out at 100 % for 14 days from
// two days after the baseline's start — and runs it against the demo's baseline run; it runs
// inside demo.Load's transaction, after the baseline run exists. Without a baseline run it does
// nothing.
func LoadDemo(ctx context.Context, s *Service) error {
	st, err := s.baseline(ctx, 0)
	if kern.ErrorCode(err) == kern.Invalid {
		return nil
	}
	if err != nil {
		return err
	}
	// The baseline run starts when it was made (the demo's "now", to the second); the outage starts
	// on the next whole hour after two days, as a coordinator would enter it.
	from := WholeHour(st.StartsAt.Add(48 * time.Hour))
	to := from.In(web.Amsterdam).AddDate(0, 0, 14).UTC()
	sys := auth.System()
	sc, err := s.Create(ctx, sys, Input{Name: DemoName, BaselineRunID: *st.BaselineRunID,
		Description: "Wat als de reactor en de verwerking in Petten onverwacht twee weken stilliggen? Alle installaties op de locatie " +
			"Petten vallen volledig uit, vanaf twee dagen na het begin van de basisverdeling. De vergelijking laat zien welke ziekenhuizen " +
			"tekortkomen en hoeveel patiëntdoses worden uitgesteld.",
		Changes: []Change{{Kind: KindOutage, Site: "Petten", StartsAt: &from, EndsAt: &to, ReductionPct: 100}}})
	if err != nil {
		return fmt.Errorf("demo scenario: %w", err)
	}
	if _, err := s.Run(ctx, sys, sc.ID); err != nil {
		return fmt.Errorf("demo scenario run: %w", err)
	}
	return nil
}

// WholeHour is t if it is on a whole hour in Amsterdam time, else the next whole hour.
func WholeHour(t time.Time) time.Time {
	l := t.In(web.Amsterdam)
	h := time.Date(l.Year(), l.Month(), l.Day(), l.Hour(), 0, 0, 0, web.Amsterdam)
	if h.Before(l) {
		h = h.Add(time.Hour)
	}
	return h.UTC()
}
