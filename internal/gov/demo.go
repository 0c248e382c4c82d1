package gov

import (
	"context"
	"fmt"

	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/org"
)

type demoBody struct {
	in        BodyInput
	reportsTo string // name of the body it reports to
	seats     []demoSeat
}

// demoSeat: role, stakeholder group, neutral, and when the term ends in months from today
// (negative: started that long ago and open-ended terms get 0).
type demoSeat struct {
	role      string
	group     string
	neutral   bool
	endMonths int // months from today to the term's end; 0: open-ended
	account   string
}

// The governance of the recommendations report and the society.
var demoBodies = []demoBody{
	{in: BodyInput{Kind: "steering_group", Name: "Stuurgroep Nucleaire Geneeskunde", ShortName: "Stuurgroep",
		Goal:         "Overzicht houden over de gezamenlijke visie, de doelen en de richting van het actieplan, en daarover besluiten.",
		Scope:        "Het hele ecosysteem: onderzoek, productie, zorg, toegang en data.",
		Deliverables: "Besluiten over prioriteiten en middelen; een jaarlijkse herijking van het actieplan.",
		Rhythm:       "quarterly", RequiresAllGroups: true, RequiresNeutralChair: true},
		seats: []demoSeat{{"chair", "", true, 20, "voorzitter@kern.example"}, {"member", "companies", false, 14, ""},
			{"member", "governments", false, 26, ""}, {"member", "researchers", false, 30, ""},
			{"member", "isotope_production", false, 9, ""}, {"member", "care_providers", false, 22, ""},
			{"member", "patient_organisations", false, 3, ""}, {"secretary", "", false, 0, ""}}},
	{in: BodyInput{Kind: "operational_steering_group", Name: "Operationele stuurgroep", ShortName: "OSG",
		Goal:   "De leiders van de actiegroepen bewaken samen de status van de acties, de afhankelijkheden, overlap en hiaten.",
		Rhythm: "monthly"}, reportsTo: "Stuurgroep Nucleaire Geneeskunde"},
	{in: BodyInput{Kind: "coordination_office", Name: "Coördinatiebureau", Goal: "Projectcoördinatie en ondersteuning: houdt het actieplan, de KPI's, de vergaderingen en de voortgangsrapportages bij.",
		Rhythm: "weekly"}, reportsTo: "Stuurgroep Nucleaire Geneeskunde",
		seats: []demoSeat{{"leader", "", false, 0, ""}, {"secretary", "", false, 0, ""}}},
	{in: BodyInput{Kind: "action_group", Name: "Actiegroep Isotopenvoorziening", Goal: "Leveringszekerheid van medische isotopen: centrale planning van vraag en aanbod en eerlijke verdeling bij tekorten.",
		Rhythm: "monthly"}, reportsTo: "Operationele stuurgroep",
		seats: []demoSeat{{"leader", "isotope_production", false, 16, "actiegroep@kern.example"}, {"co_leader", "care_providers", false, 16, ""}, {"member", "companies", false, 16, ""}}},
	{in: BodyInput{Kind: "action_group", Name: "Actiegroep Financiering", Goal: "Een duurzaam financieringsmodel voor de hele keten en een aangepast vergoedings- en HTA-kader.",
		Rhythm: "monthly"}, reportsTo: "Operationele stuurgroep",
		seats: []demoSeat{{"leader", "governments", false, 18, ""}, {"co_leader", "companies", false, 18, ""}}},
	{in: BodyInput{Kind: "action_group", Name: "Actiegroep Data en registries", Goal: "Interoperabele real-world data en registers van goede kwaliteit, gebundeld tot inzicht.",
		Rhythm: "monthly"}, reportsTo: "Operationele stuurgroep",
		seats: []demoSeat{{"leader", "researchers", false, 12, ""}, {"member", "care_providers", false, 12, ""}}},
	{in: BodyInput{Kind: "action_group", Name: "Actiegroep Samenwerking en onderzoek", Goal: "Samenwerking van academie, ziekenhuizen en industrie; onderzoeksprogramma's en een gelijk speelveld.",
		Rhythm: "monthly"}, reportsTo: "Operationele stuurgroep",
		seats: []demoSeat{{"leader", "researchers", false, 24, ""}, {"co_leader", "companies", false, 24, ""}}},
	{in: BodyInput{Kind: "action_group", Name: "Actiegroep Internationale samenwerking", Goal: "Afstemming met België en Europa in alle stappen van de waardeketen.",
		Rhythm: "monthly"}, reportsTo: "Operationele stuurgroep",
		seats: []demoSeat{{"leader", "governments", false, 20, ""}, {"co_leader", "researchers", false, 20, ""}}},
	{in: BodyInput{Kind: "board", Name: "Bestuur NVNG", ShortName: "Bestuur", Goal: "Het bestuur van de vereniging: jaarplannen beoordelen, commissies aansturen, verantwoorden aan de leden.",
		Rhythm: "monthly"},
		seats: []demoSeat{{"chair", "care_providers", false, 10, ""}, {"secretary", "care_providers", false, 28, ""}, {"member", "care_providers", false, 4, ""}, {"member", "researchers", false, 32, ""}}},
	{in: BodyInput{Kind: "committee", Name: "Communicatiecommissie", Goal: "Communicatie met leden en buitenwereld: nieuwsbrief, website, woordvoering via een lijst van experts.",
		Rhythm: "quarterly"}, reportsTo: "Bestuur NVNG",
		seats: []demoSeat{{"chair", "care_providers", false, 5, ""}, {"member", "care_providers", false, 2, ""}, {"member", "researchers", false, 30, ""}}},
	{in: BodyInput{Kind: "committee", Name: "Commissie Beroepsbelangen", Goal: "Beroepsbelangen: registratie van nucleair radiologen, regiebehandelaarschap, eigen DBC-zorgproducten.",
		Rhythm: "quarterly"}, reportsTo: "Bestuur NVNG",
		seats: []demoSeat{{"chair", "care_providers", false, 26, ""}, {"member", "care_providers", false, 26, ""}}},
	{in: BodyInput{Kind: "theme_group", Name: "Themagroep Radionuclidetherapie", Goal: "Kwaliteit en toegang van radionuclidetherapie, met de [177Lu]-PSMA-werkgroep.",
		Rhythm: "quarterly"}, reportsTo: "Bestuur NVNG",
		seats: []demoSeat{{"chair", "care_providers", false, 15, ""}, {"member", "care_providers", false, 15, ""}}},
	{in: BodyInput{Kind: "theme_group", Name: "Themagroep PET/CT", Goal: "Harmonisatie van PET/CT-methoden tussen centra en nieuwe tracers zoals FAPI.",
		Rhythm: "quarterly"}, reportsTo: "Bestuur NVNG",
		seats: []demoSeat{{"chair", "care_providers", false, 21, ""}, {"member", "researchers", false, 21, ""}}},
}

// LoadDemo adds the governance of the recommendations report and the society, with seats held by
// people of the demonstration registry, some terms ending within six months, and the demo
// accounts of the steering group's chair and an action group's leader linked to their people.
// It runs inside demo.Load's transaction (ctx carries it).
func LoadDemo(ctx context.Context, s *Service) error {
	sys := auth.System()
	q := s.DB.Reader(ctx)
	people, err := demoPeople(ctx, q)
	if err != nil {
		return err
	}
	if len(people) < 60 {
		return nil // an empty registry: nothing to seat
	}
	orgOf := map[string]int64{}
	for _, g := range org.Groups {
		var id int64
		if err := q.QueryRowContext(ctx, `SELECT id FROM organizations WHERE stakeholder_group = $1 AND kind <> 'department'
ORDER BY lower(name) LIMIT 1`, g).Scan(&id); err == nil {
			orgOf[g] = id
		}
	}
	today := s.Today()
	ids := map[string]int64{}
	next := 0
	var leaders []int64 // action-group leaders, for the operational steering group
	for _, b := range demoBodies {
		in := b.in
		if b.reportsTo != "" {
			id := ids[b.reportsTo]
			in.ReportsTo = &id
		}
		body, err := s.CreateBody(ctx, sys, in)
		if err != nil {
			return fmt.Errorf("body %q: %w", in.Name, err)
		}
		ids[in.Name] = body.ID
		for _, ds := range b.seats {
			person := people[next]
			next++
			seat := SeatInput{PersonID: person, Role: ds.role, Group: ds.group, Neutral: ds.neutral,
				TermStart: today.AddDate(-1, -2, 0), MaxTerms: 2}
			if id, ok := orgOf[ds.group]; ok {
				seat.OrgID = &id
			}
			if ds.endMonths != 0 {
				end := today.AddDate(0, ds.endMonths, 0)
				seat.TermEnd = &end
				seat.TermStart = end.AddDate(-3, 0, 1) // three-year terms
			}
			if _, err := s.AddSeat(ctx, sys, body.ID, seat); err != nil {
				return fmt.Errorf("seat in %q: %w", in.Name, err)
			}
			if ds.role == "leader" && in.Kind == "action_group" {
				leaders = append(leaders, person)
			}
			if ds.account != "" {
				err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
					_, err := q.ExecContext(ctx, `UPDATE users SET person_id = $1 WHERE email = $2`, person, ds.account)
					return err
				})
				if err != nil {
					return err
				}
			}
		}
	}
	// The operational steering group: the action-group leaders, but one has not joined yet, so
	// the demo shows the warning that it is out of step.
	osg := ids["Operationele stuurgroep"]
	chair := SeatInput{PersonID: people[next], Role: "chair", TermStart: today.AddDate(-1, 0, 0)}
	if _, err := s.AddSeat(ctx, sys, osg, chair); err != nil {
		return err
	}
	for _, pid := range leaders[:len(leaders)-1] {
		if _, err := s.AddSeat(ctx, sys, osg, SeatInput{PersonID: pid, Role: "member", TermStart: today.AddDate(-1, 0, 0)}); err != nil {
			return err
		}
	}
	return nil
}

// demoPeople are the registry's people in a fixed order, spread over the list so that seats go
// to people of different hospitals.
func demoPeople(ctx context.Context, q db.Q) ([]int64, error) {
	rows, err := q.QueryContext(ctx, `SELECT id FROM people ORDER BY id`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var all []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		all = append(all, id)
	}
	var out []int64
	for i := 0; i < len(all) && len(out) < 100; i += 5 {
		out = append(out, all[i])
	}
	return out, rows.Err()
}
