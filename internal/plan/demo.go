package plan

import (
	"context"
	"fmt"
	"math"
	"time"

	"kern/internal/auth"
)

// The demonstration vision: the four pillars of the recommendations report's "point on the horizon".
var demoPillars = []PillarInput{
	{1, "De beste resultaten voor iedere patiënt", "Iedere patiënt die baat heeft bij nucleaire diagnostiek of therapie krijgt die, op tijd en van goede kwaliteit."},
	{2, "Nederland als wereldwijde hotspot voor nucleaire geneeskunde", "Onderzoek, productie en zorg versterken elkaar; Nederland is de partner waar anderen mee willen samenwerken."},
	{3, "Waarde creëren door innovaties tot bij patiënten te brengen", "Gebaseerd op de gekende sterktes van het Nederlandse ecosysteem: reactoren, cyclotrons, academische expertise en bedrijven."},
	{4, "Duurzame en betaalbare toegang voor patiënten", "Leveringszekerheid van medische isotopen, een financieringsmodel voor de hele keten en gelijke toegang, ook bij een tekort."},
}

type demoGoal struct {
	pillar int
	in     GoalInput
	kpis   []demoKPI
}

// demoKPI is a KPI with the shape of its demonstration measurements: factor is where the latest
// value lies against the trajectory (1 on it), stopEarly leaves the last periods unmeasured.
type demoKPI struct {
	in        KPIInput
	factor    float64
	stopEarly int
}

func date(s string) time.Time {
	t, err := time.Parse(Date, s)
	if err != nil {
		panic(err)
	}
	return t
}

func datePtr(s string) *time.Time { t := date(s); return &t }

var demoGoals = []demoGoal{
	{pillar: 1, in: GoalInput{Title: "Radionuclidetherapie voor iedere patiënt met een indicatie",
		Statement:        "In 2030 krijgen jaarlijks 4.000 patiënten een radionuclidetherapie in Nederland, het dubbele van 2022, zonder wachtlijst langer dan vier weken.",
		Rationale:        "De therapiecapaciteit groeit met de nieuwe therapiekamers die zes UMC's plannen; het aantal behandelmogelijkheden verwacht men tot 2040 te vervijfvoudigen.",
		AccountableGroup: "care_providers", Deadline: datePtr("2030-12-31"), Public: true},
		kpis: []demoKPI{{in: KPIInput{Name: "Radionuclidetherapieën per jaar", Definition: "Aantal toegediende therapeutische radiofarmaca (o.a. [177Lu]Lu-PSMA, [177Lu]Lu-DOTATATE, 131I) in Nederlandse ziekenhuizen per kalenderjaar.",
			Unit: "therapieën", Direction: "higher", Cadence: "yearly", Tolerance: 100, BaselineValue: 2000, BaselineOn: date("2022-12-31"), Public: true,
			Targets: []Target{{date("2026-12-31"), 3000}, {date("2030-12-31"), 4000}}}, factor: 0.96}}},
	{pillar: 1, in: GoalInput{Title: "Voldoende gekwalificeerde professionals",
		Statement:       "Vanaf 2028 stromen jaarlijks minstens 12 nucleair geneeskundigen uit de opleiding, en is een kwart van de leden actief in een commissie of werkgroep.",
		Rationale:       "Het beleidsplan professionaliseert de commissies; geharmoniseerde opleidingen maken het vak aantrekkelijker.",
		AccountableBody: "Bestuur NVNG", Deadline: datePtr("2028-12-31"), Public: true},
		kpis: []demoKPI{{in: KPIInput{Name: "Leden actief in commissies", Definition: "Aantal leden met een zetel in een commissie, themagroep of werkgroep van de vereniging op 31 december.",
			Unit: "leden", Direction: "higher", Cadence: "yearly", Tolerance: 5, BaselineValue: 80, BaselineOn: date("2021-12-31"), Public: true,
			Targets: []Target{{date("2028-12-31"), 135}}}, factor: 0.85}}},
	{pillar: 1, in: GoalInput{Title: "Real-world data uit registers gebundeld",
		Statement:        "In 2027 leveren alle afdelingen nucleaire geneeskunde hun therapiegegevens aan één interoperabel register, met kwartaalrapportages aan de afdelingen.",
		Rationale:        "Het register bestaat; de koppeling met de ziekenhuissystemen is het werk.",
		AccountableGroup: "researchers", Deadline: datePtr("2027-12-31"), Public: true},
		kpis: []demoKPI{{in: KPIInput{Name: "Afdelingen die aan het register leveren", Definition: "Aandeel van de afdelingen nucleaire geneeskunde dat in het kwartaal gegevens aan het register leverde.",
			Unit: "%", Direction: "higher", Cadence: "quarterly", Tolerance: 3, BaselineValue: 35, BaselineOn: date("2023-12-31"), Public: true,
			Targets: []Target{{date("2027-12-31"), 100}}}, factor: 1.02, stopEarly: 2}}},
	{pillar: 2, in: GoalInput{Title: "Multicenterstudies nationaal gecoördineerd",
		Statement:       "Vanaf 2027 worden jaarlijks minstens tien multicenterstudies naar nieuwe tracers en therapieën via het kennisplatform gecoördineerd.",
		Rationale:       "Werkgroepen zoals die voor [177Lu]-PSMA en FAPI werken al met afgevaardigden van meerdere ziekenhuizen.",
		AccountableBody: "Actiegroep Onderzoek en innovatie", Deadline: datePtr("2027-12-31"), Public: true},
		kpis: []demoKPI{{in: KPIInput{Name: "Nationaal gecoördineerde multicenterstudies", Definition: "Aantal lopende multicenterstudies dat via het kennisplatform wordt gecoördineerd, op 31 december.",
			Unit: "studies", Direction: "higher", Cadence: "yearly", Tolerance: 1, BaselineValue: 2, BaselineOn: date("2022-12-31"), Public: true,
			Targets: []Target{{date("2027-12-31"), 10}}}, factor: 1.1}}},
	{pillar: 2, in: GoalInput{Title: "Samen met België één hotspot",
		Statement: "Afstemming met België in alle stappen van de waardeketen.", AccountableGroup: "governments", Public: true}},
	{pillar: 3, in: GoalInput{Title: "Nieuwe tracers sneller bij de patiënt",
		Statement:        "Elke nieuwe tracer die in Nederland in een klinische studie gaat, is binnen vijf jaar beschikbaar voor patiënten in de reguliere zorg.",
		Rationale:        "Een duidelijke rolverdeling tussen ziekenhuisproductie en industriële productie en een aangepast vergoedingskader maken dit haalbaar.",
		AccountableGroup: "companies", Deadline: datePtr("2030-12-31"), Public: true},
		kpis: []demoKPI{{in: KPIInput{Name: "Nieuwe tracers in klinische studie", Definition: "Aantal nieuwe diagnostische of therapeutische radiofarmaca dat in het jaar een klinische studie in Nederland startte.",
			Unit: "tracers", Direction: "higher", Cadence: "yearly", Tolerance: 1, BaselineValue: 3, BaselineOn: date("2022-12-31"), Public: false,
			Targets: []Target{{date("2030-12-31"), 8}}}, factor: 0.7}}},
	{pillar: 4, in: GoalInput{Title: "PET/CT-capaciteit groeit mee met de vraag",
		Statement:        "Het aantal PET/CT-scans groeit met ongeveer 10% per jaar zonder dat de toegangstijd boven de vier weken komt.",
		Rationale:        "De vraag groeit ongeveer 10% per jaar; nieuwe scanners en cyclotroncapaciteit zijn gepland.",
		AccountableGroup: "care_providers", Deadline: datePtr("2030-12-31"), Public: true},
		kpis: []demoKPI{{in: KPIInput{Name: "PET/CT-scans per maand", Definition: "Aantal PET/CT-scans in Nederlandse ziekenhuizen per kalendermaand (declaratiedata).",
			Unit: "scans", Direction: "higher", Cadence: "monthly", Tolerance: 400, BaselineValue: 12500, BaselineOn: date("2022-01-31"), Public: true,
			Targets: []Target{{date("2024-01-31"), 15125}, {date("2026-01-31"), 18300}, {date("2028-01-31"), 22150}, {date("2030-01-31"), 26800}}}, factor: 0.985}}},
	{pillar: 4, in: GoalInput{Title: "Leveringszekerheid medische isotopen",
		Statement:        "Geen enkele patiënt mist een geplande Tc-99m-scan of Lu-177-therapie door een tekort aan isotopen; tekorten worden weken vooraf gezien en eerlijk verdeeld.",
		Rationale:        "Centrale planning van vraag en aanbod en afstemming van reactorschema's (Petten, Mol) maken tekorten voorspelbaar.",
		AccountableGroup: "isotope_production", Deadline: datePtr("2028-12-31"), Public: true},
		kpis: []demoKPI{{in: KPIInput{Name: "Dagen met een tekort aan Tc-99m", Definition: "Aantal dagen in het kwartaal waarop minstens één ziekenhuis minder Tc-99m ontving dan besteld.",
			Unit: "dagen", Direction: "lower", Cadence: "quarterly", Tolerance: 2, BaselineValue: 14, BaselineOn: date("2022-12-31"), Public: true,
			Targets: []Target{{date("2028-12-31"), 0}}}, factor: 1.0}}},
}

// Challenges the recommendations report lists, and some the policy plan adds, on the value chain.
var demoChallenges = []ChallengeInput{
	{Title: "Duurzaam financieringsmodel voor de hele keten", Description: "Een financieringsmodel van onderzoek en ontwikkeling tot vergoeding, toediening en herinvestering in innovatie ontbreekt.",
		Stage: "market_access", Enablers: []string{"financing", "reimbursement_hta"}, Groups: []string{"care_providers", "companies", "governments"}, Source: "report", SourceNote: "Aanbevelingenrapport, aanbeveling 2"},
	{Title: "Academisch accent beperkt brede toegang", Description: "Het accent ligt sterk op academische ontwikkeling, waardoor patiënten buiten de academie nieuwe behandelingen niet breed krijgen.",
		Stage: "clinical_development", Enablers: []string{"collaboration", "level_playing_field"}, Groups: []string{"care_providers", "researchers", "patient_organisations"}, Source: "report", SourceNote: "Aanbevelingenrapport, aanbeveling 2"},
	{Title: "Rolverdeling ziekenhuis- en industriële productie", Description: "Er moet een duidelijke rolverdeling komen tussen in het ziekenhuis en industrieel geproduceerde diagnostische en therapeutische producten, met respect voor ieders belangen.",
		Stage: "production_distribution", Enablers: []string{"level_playing_field", "collaboration"}, Groups: []string{"care_providers", "companies", "isotope_production"}, Source: "interview"},
	{Title: "Ketenbrede samenwerking en centrale planning", Description: "Centrale planning en beheer van vraag en aanbod op korte termijn en van investeringen op lange termijn, via een coördinatieplatform.",
		Stage: "production_distribution", Enablers: []string{"coordination_platform", "collaboration"}, Groups: []string{"isotope_production", "care_providers", "governments"}, Source: "report", SourceNote: "Aanbevelingenrapport, aanbeveling 2"},
	{Title: "Investeringsklimaat en productiecapaciteit", Description: "Het Nederlandse investeringsklimaat is een concurrentienadeel; de productiecapaciteit dekt de groeiende vraag niet.",
		Stage: "production_distribution", Enablers: []string{"financing", "international"}, Groups: []string{"companies", "isotope_production", "governments"}, Source: "report"},
	{Title: "Interoperabiliteit en kwaliteit van real-world data", Description: "Gegevens en registers zijn niet interoperabel en van wisselende kwaliteit, terwijl data-gedreven geneeskunde en beleid ze nodig hebben.",
		Stage: "treatment_rwd", Enablers: []string{"data_environment", "international"}, Groups: []string{"care_providers", "researchers", "patient_organisations"}, Source: "round_table"},
	{Title: "Data-inzichten bundelen en vertalen naar de praktijk", Description: "Inzichten uit data worden niet gebundeld en te traag vertaald naar de medische praktijk.",
		Stage: "treatment_rwd", Enablers: []string{"data_environment", "research_programmes"}, Groups: []string{"researchers", "care_providers"}, Source: "survey"},
	{Title: "Tekort aan gekwalificeerd personeel", Description: "Er zijn te weinig nucleair geneeskundigen en andere professionals; geharmoniseerde opleidingen en betere carrièreperspectieven ontbreken.",
		Stage: "treatment_rwd", Enablers: []string{"collaboration"}, Groups: []string{"care_providers", "researchers"}, Source: "interview"},
	{Title: "Financiering van translationeel onderzoek en valorisatie", Description: "Onvoldoende financiering voor onderzoek en valorisatie; veelbelovende tracers blijven in het lab.",
		Stage: "translational_research", Enablers: []string{"financing", "research_programmes"}, Groups: []string{"researchers", "companies"}, Source: "report"},
	{Title: "Fundamenteel onderzoek naar nieuwe isotopen", Description: "Onderzoek naar alfa-emitters zoals Ac-225 en Pb-212 vraagt toegang tot bestralingsfaciliteiten en langdurige programma's.",
		Stage: "fundamental_research", Enablers: []string{"research_programmes", "international"}, Groups: []string{"researchers", "isotope_production"}, Source: "round_table"},
}

// LoadDemo adds the demonstration vision, goals, KPIs with demonstration measurements, and
// challenges; it runs inside demo.Load's transaction (ctx carries it).
func LoadDemo(ctx context.Context, s *Service) error {
	sys := auth.System()
	var owner *int64
	var uid int64
	err := s.DB.Reader(ctx).QueryRowContext(ctx, `SELECT id FROM users WHERE email = 'coordinatie@kern.example'`).Scan(&uid)
	if err == nil {
		owner = &uid
	}
	pillars := map[int]int64{}
	for _, in := range demoPillars {
		p, err := s.CreatePillar(ctx, sys, in)
		if err != nil {
			return fmt.Errorf("pillar %q: %w", in.Name, err)
		}
		pillars[in.Position] = p.ID
	}
	today := s.today()
	for _, g := range demoGoals {
		g.in.PillarID = pillars[g.pillar]
		goal, err := s.CreateGoal(ctx, sys, g.in)
		if err != nil {
			return fmt.Errorf("goal %q: %w", g.in.Title, err)
		}
		for _, dk := range g.kpis {
			dk.in.GoalID, dk.in.OwnerID = &goal.ID, owner
			k, err := s.CreateKPI(ctx, sys, dk.in)
			if err != nil {
				return fmt.Errorf("kpi %q: %w", dk.in.Name, err)
			}
			if err := demoMeasurements(ctx, s, sys, k, dk, today); err != nil {
				return err
			}
		}
	}
	for _, in := range demoChallenges {
		if _, err := s.CreateChallenge(ctx, sys, in); err != nil {
			return fmt.Errorf("challenge %q: %w", in.Title, err)
		}
	}
	return nil
}

// demoMeasurements fills a KPI's history, one value a period up to the last period whose figure
// is in, drifting from the trajectory to factor times it with a little seasonal noise.
func demoMeasurements(ctx context.Context, s *Service, sys *auth.Principal, k KPI, dk demoKPI, today time.Time) error {
	months, grace := period(k.Cadence)
	var dates []time.Time
	for i := 1; ; i++ {
		d := endOfMonth(k.BaselineOn.AddDate(0, months*i, 0))
		if d.AddDate(0, 0, grace/2).After(today) {
			break
		}
		dates = append(dates, d)
	}
	if dk.stopEarly > 0 {
		dates = dates[:max(0, len(dates)-dk.stopEarly)]
	}
	for i, d := range dates {
		frac := float64(i+1) / float64(len(dates))
		exp := Expected(k.BaselineOn, k.BaselineValue, k.Targets, d)
		factor := 1 + (dk.factor-1)*frac + 0.01*math.Sin(float64(i)*1.7)*(1-frac)
		v := exp * factor
		if dk.in.Direction == "lower" {
			v = exp + (1-dk.factor)*10*frac
		}
		v = math.Round(v)
		if _, err := s.RecordMeasurement(ctx, sys, k.ID, MeasurementInput{On: d, Value: v, Source: "Demonstratiegegevens", Demo: true}); err != nil {
			return fmt.Errorf("measurement of %q on %s: %w", k.Name, d.Format(Date), err)
		}
	}
	return nil
}

// endOfMonth is the last day of t's month.
func endOfMonth(t time.Time) time.Time {
	return time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, -1)
}
