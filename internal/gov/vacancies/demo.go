package vacancies

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"kern/internal/auth"
	"kern/internal/web/i18n"
)

// LoadDemo adds a published vacancy made from the communication committee's ending member seat,
// with one application, and a draft vacancy for the professional-interests committee's
// secretary. It runs inside demo.Load's transaction (ctx carries it), after the bodies and seats
// of gov.LoadDemo exist; without them it adds nothing.
func LoadDemo(ctx context.Context, s *Service) error {
	sys := auth.System()
	q := s.DB.Reader(ctx)
	var seatID int64
	err := q.QueryRowContext(ctx, `SELECT s.id FROM seats s JOIN bodies b ON b.id = s.body_id
WHERE b.name = 'Communicatiecommissie' AND s.role = 'member' AND s.term_end IS NOT NULL ORDER BY s.term_end, s.id LIMIT 1`).Scan(&seatID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	in, _, err := s.FromSeat(ctx, sys, seatID)
	if err != nil {
		return fmt.Errorf("demo vacancy from seat: %w", err)
	}
	in.Title = "Lid Communicatiecommissie (zorgaanbieders)"
	in.Description = `De Communicatiecommissie zoekt een **nieuw lid** namens de zorgaanbieders, omdat de zittingstermijn van een van haar leden afloopt.

De commissie verzorgt de nieuwsbrief en de website en houdt de lijst van experts bij waarnaar de media worden verwezen.

Wat we vragen:

- ervaring in een afdeling nucleaire geneeskunde;
- plezier in schrijven voor leden en een breed publiek;
- ongeveer vier uur per maand, en vier vergaderingen per jaar.

De termijn is drie jaar en kan één keer worden verlengd.`
	v, err := s.CreateVacancy(ctx, sys, in)
	if err != nil {
		return fmt.Errorf("demo vacancy: %w", err)
	}
	if _, err := s.Publish(ctx, sys, v.ID); err != nil {
		return fmt.Errorf("demo vacancy publish: %w", err)
	}
	if _, err := s.Apply(ctx, nil, v.ID, ApplicationInput{Name: "Sanne de Wit", Email: "sanne.dewit@voorbeeld.example",
		Organisation: "Isala", Motivation: "Als nucleair geneeskundige schrijf ik al jaren mee aan de patiëntinformatie van onze afdeling. " +
			"Ik wil graag helpen de nieuwsbrief en de expertlijst actueel te houden."}, i18n.NL); err != nil {
		return fmt.Errorf("demo application: %w", err)
	}
	var bodyID int64
	err = q.QueryRowContext(ctx, `SELECT id FROM bodies WHERE name = 'Commissie Beroepsbelangen'`).Scan(&bodyID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return err
	}
	_, err = s.CreateVacancy(ctx, sys, VacancyInput{BodyID: bodyID, Role: "secretary", Group: "care_providers",
		Title: "Secretaris Commissie Beroepsbelangen", ClosesOn: s.today().AddDate(0, 0, 42),
		Description: "De Commissie Beroepsbelangen zoekt een secretaris die de vergaderingen voorbereidt, de notulen bijhoudt " +
			"en de jaarplannen met het bestuur afstemt. Onderwerpen: registratie van nucleair radiologen, regiebehandelaarschap " +
			"en eigen DBC-zorgproducten."})
	if err != nil {
		return fmt.Errorf("demo draft vacancy: %w", err)
	}
	return nil
}
