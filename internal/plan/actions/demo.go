package actions

import (
	"context"
	"fmt"
	"strings"
	"time"

	"kern/internal/db"
)

// demoAction is one demonstration action: from the policy plan's seven initiatives and the
// recommendations report. Challenges and goals are found by words in their titles, so the demo
// links to whatever the vision's demo holds (and to nothing when it holds nothing).
type demoAction struct {
	key        string
	in         Input
	owner      string // e-mail of the owner contact
	challenges []string
	goals      []string
	checkins   []demoCheckIn
}

type demoCheckIn struct {
	on         string
	progress   int
	confidence string
	note       string
}

type demoRelation struct {
	from, to string
	kind     RelationKind
	lag      int
}

const (
	groupIsotopes = "Actiegroep Isotopenvoorziening"
	groupData     = "Actiegroep Data en registries"
	groupResearch = "Actiegroep Onderzoek en innovatie"
	groupCare     = "Actiegroep Zorg en toegang"
	groupDialogue = "Actiegroep Communicatie en dialoog"
	coordinator   = "coordinatie@kern.example"
	memberOwner   = "afdeling@radboudumc.example"
)

func roles(pairs ...string) []RoleAssignment {
	var out []RoleAssignment
	for i := 0; i+1 < len(pairs); i += 2 {
		out = append(out, RoleAssignment{Group: pairs[i], Role: Role(pairs[i+1])})
	}
	return out
}

func demoDate(s string) *time.Time { d, _ := time.Parse("2006-01-02", s); return &d }

var demoActions = []demoAction{
	{key: "communicatie", owner: coordinator, in: Input{Title: "Commissie communicatie oprichten",
		Description: "Een commissie die het vakgebied naar buiten toe promoot: een reguliere nieuwsbrief, bestaande publiekswebsites benutten en superspecialisten bekend maken bij journalisten.",
		OwnerGroup:  groupDialogue, Status: Done, StartOn: demoDate("2025-01-15"), DueOn: demoDate("2025-06-30"), QuickWin: true, Public: true,
		Roles: roles("care_providers", "accountable", "patient_organisations", "consulted", "researchers", "informed")},
		challenges: []string{"ketenbrede samenwerking"}, goals: []string{"professionals"},
		checkins: []demoCheckIn{{"2025-03-31", 50, "high", "Opdracht vastgesteld, vijf leden geworven."}, {"2025-06-30", 100, "high", "Commissie geïnstalleerd door het bestuur."}}},
	{key: "stakeholders", owner: coordinator, in: Input{Title: "Gestructureerd overleg met externe stakeholders",
		Description: "Structureel overleg met FMS, NFU, STZ, NVZ, het ministerie van VWS (programmadirectie medische isotopen), Zorgverzekeraars Nederland en de Patiëntenfederatie over de belangrijke dossiers.",
		OwnerGroup:  groupDialogue, Status: InProgress, StartOn: demoDate("2025-03-01"), DueOn: demoDate("2027-03-01"), Public: true,
		Roles: roles("care_providers", "responsible", "governments", "consulted", "patient_organisations", "consulted", "companies", "informed")},
		challenges: []string{"ketenbrede samenwerking", "financieringsmodel"}, goals: []string{"leveringszekerheid"},
		checkins: []demoCheckIn{{"2025-09-30", 30, "medium", "Overlegkalender met FMS en VWS staat."}, {"2026-06-30", 55, "medium", "ZN en Patiëntenfederatie aangesloten."}}},
	{key: "registratie", owner: memberOwner, in: Input{Title: "Registratie en herregistratie van nucleair radiologen in eigen hand",
		Description: "Certificering, (her)registratie en kwaliteitsvisitatie van nucleair radiologen door de vereniging, in samenspraak met de NVvR, met een periodiek herregistratiesysteem.",
		OwnerGroup:  groupCare, Status: InProgress, StartOn: demoDate("2025-06-01"), DueOn: demoDate("2026-06-30"),
		Roles: roles("care_providers", "accountable", "researchers", "consulted", "governments", "informed")},
		challenges: []string{"personeel"}, goals: []string{"professionals"},
		checkins: []demoCheckIn{{"2025-12-15", 40, "medium", "Concept-reglement besproken met de NVvR."}, {"2026-05-31", 60, "low", "Afstemming over visitatiecriteria loopt uit."}}},
	{key: "regie", owner: coordinator, in: Input{Title: "Regiebehandelaarschap radionuclidetherapie in beeld brengen",
		Description: "De commissie beroepsbelangen brengt de voor- en nadelen van het regiebehandelaarschap voor de totale duur van de (dag)opname in beeld, samen met de NVvR en in overleg met NZa, FMS, ZN, NVMO en NVU.",
		OwnerGroup:  groupCare, Status: InProgress, StartOn: demoDate("2026-01-01"), DueOn: demoDate("2026-12-31"),
		Roles: roles("care_providers", "accountable", "governments", "consulted", "patient_organisations", "consulted", "companies", "informed")},
		challenges: []string{"academisch", "financieringsmodel"}, goals: []string{"radionuclidetherapie voor"},
		checkins: []demoCheckIn{{"2026-04-30", 25, "medium", "Inventarisatie bij acht ziekenhuizen gedaan."}, {"2026-09-30", 45, "medium", "Eerste bestuurlijk overleg met NVvR."}}},
	{key: "dbc", owner: coordinator, in: Input{Title: "Eigen DBC-zorgproducten voor nucleaire diagnostiek en therapie",
		Description: "Eigen DBC's registreren voor onze diagnostiek en behandelingen, als vervolg op het regiebehandelaarschap.",
		OwnerGroup:  groupCare, Status: Planned, StartOn: demoDate("2027-01-01"), DueOn: demoDate("2027-12-31"),
		Roles: roles("care_providers", "responsible", "governments", "accountable", "companies", "informed", "patient_organisations", "informed")},
		challenges: []string{"financieringsmodel"}, goals: []string{"radionuclidetherapie voor"}},
	{key: "kennisplatform", owner: coordinator, in: Input{Title: "Landelijk kennisplatform oprichten",
		Description: "Eén gemeenschappelijk kennisplatform voor de coördinatie van multicenterstudies en de ontwikkeling en evaluatie van nieuwe tracers en kwantitatieve methodes, met per onderwerp afgevaardigden van verschillende ziekenhuizen.",
		OwnerGroup:  groupResearch, Status: InProgress, StartOn: demoDate("2025-09-01"), DueOn: demoDate("2026-12-31"), Weight: 3, Public: true,
		Roles: roles("researchers", "accountable", "care_providers", "responsible", "companies", "consulted", "isotope_production", "informed")},
		challenges: []string{"translationeel", "data-inzichten"}, goals: []string{"multicenter", "tracers"},
		checkins: []demoCheckIn{{"2026-01-31", 35, "high", "Werkgroepen [177Lu]-PSMA en FAPI aangemeld."}, {"2026-10-31", 70, "high", "Reglement en secretariaat geregeld."}}},
	{key: "psma", owner: coordinator, in: Input{Title: "Therapiewerkgroep [177Lu]-PSMA landelijk coördineren",
		Description: "De therapiewerkgroep werkt vanuit het kennisplatform: op alle locaties dezelfde methode, gezamenlijke evaluatie.",
		OwnerGroup:  groupResearch, Status: Planned, StartOn: demoDate("2027-01-15"), DueOn: demoDate("2027-09-30"),
		Roles: roles("researchers", "responsible", "care_providers", "accountable", "companies", "consulted", "patient_organisations", "informed")},
		challenges: []string{"academisch"}, goals: []string{"multicenter"}},
	{key: "loket", owner: memberOwner, in: Input{Title: "Eén loket voor subsidieaanvragen",
		Description: "Het kennisplatform als één loket voor subsidieaanvragen (denk aan het Groeifonds) en als partner voor de farmaceutische industrie.",
		OwnerGroup:  groupResearch, Status: Proposed, StartOn: demoDate("2027-02-01"), DueOn: demoDate("2027-06-30"),
		Roles: roles("researchers", "responsible", "companies", "consulted", "governments", "consulted")},
		challenges: []string{"translationeel", "investeringsklimaat"}, goals: []string{"tracers"}},
	{key: "beleidsmedewerker", owner: coordinator, in: Input{Title: "Beleidsmedewerker aanstellen",
		Description: "Het bureau professionaliseren met een beleidsmedewerker voor coördinatie, analyses, rapportages en een deel van de PR, mogelijk gedeeld met een collega-vereniging of de FMS.",
		OwnerGroup:  groupDialogue, Status: Done, StartOn: demoDate("2025-02-01"), DueOn: demoDate("2025-05-31"), QuickWin: true, Public: true,
		Roles: roles("care_providers", "accountable")},
		challenges: []string{"personeel"}, goals: []string{"professionals"},
		checkins: []demoCheckIn{{"2025-05-20", 100, "high", "Beleidsmedewerker gestart, gedeeld met de NVvR."}}},
	{key: "vertrouwen", owner: coordinator, in: Input{Title: "Vertrouwen en verbinding tussen de leden herstellen",
		Description: "Dialoogsessies over wat de fusie van de opleidingen voor de leden heeft betekend, voor nucleair geneeskundigen én nucleair radiologen.",
		OwnerGroup:  groupDialogue, Status: InProgress, StartOn: demoDate("2025-04-01"), DueOn: demoDate("2026-09-30"),
		Roles: roles("care_providers", "accountable", "researchers", "consulted")},
		challenges: []string{"personeel"}, goals: []string{"professionals"},
		checkins: []demoCheckIn{{"2025-10-15", 40, "medium", "Drie regionale dialoogsessies gehouden."}, {"2026-08-31", 65, "low", "Opkomst nucleair radiologen blijft laag."}}},
	{key: "smart", owner: coordinator, in: Input{Title: "Stip op de horizon uitwerken tot SMART-doelen met KPI's",
		Description: "Aanbeveling 1: de visie onderbouwen en detailleren, met SMART geformuleerde doelstellingen en KPI's op een tijdslijn.",
		OwnerGroup:  groupDialogue, Status: Done, StartOn: demoDate("2025-01-06"), DueOn: demoDate("2025-04-30"), QuickWin: true, Public: true,
		Roles: roles("governments", "consulted", "companies", "consulted", "researchers", "consulted", "isotope_production", "consulted", "care_providers", "accountable", "patient_organisations", "consulted")},
		challenges: []string{"ketenbrede samenwerking"}, goals: []string{"radionuclidetherapie voor", "pet/ct"},
		checkins: []demoCheckIn{{"2025-04-28", 100, "high", "Visie en doelen vastgesteld in de stuurgroep."}}},
	{key: "stuurgroep", owner: coordinator, in: Input{Title: "Stuurgroep met alle stakeholdergroepen installeren",
		Description: "Aanbeveling 5: een gebalanceerde stuurgroep met een neutrale voorzitter en vertegenwoordiging van alle zes stakeholdergroepen.",
		OwnerGroup:  groupDialogue, Status: Done, StartOn: demoDate("2025-02-01"), DueOn: demoDate("2025-06-30"), Public: true,
		Roles: roles("governments", "responsible", "companies", "responsible", "researchers", "responsible", "isotope_production", "responsible", "care_providers", "accountable", "patient_organisations", "responsible")},
		challenges: []string{"ketenbrede samenwerking"},
		checkins:   []demoCheckIn{{"2025-06-25", 100, "high", "Eerste vergadering gehouden."}}},
	{key: "actiegroepen", owner: coordinator, in: Input{Title: "Thematische actiegroepen opzetten met een actiecharter",
		Description: "Aanbeveling 6: actiegroepen per thema, met een trekker en co-trekker, die in co-creatie acties uitwerken en quick wins realiseren.",
		OwnerGroup:  groupDialogue, Status: InProgress, StartOn: demoDate("2025-07-01"), DueOn: demoDate("2026-01-31"),
		Roles: roles("care_providers", "accountable", "companies", "responsible", "researchers", "responsible", "isotope_production", "responsible")},
		challenges: []string{"ketenbrede samenwerking"}, goals: []string{"belgie"},
		checkins: []demoCheckIn{{"2025-12-31", 60, "medium", "Vier van de vijf actiegroepen hebben een charter."}, {"2026-02-27", 80, "low", "Over tijd: actiegroep Data en registries zoekt nog een co-trekker."}}},
	{key: "coordinatieplatform", owner: coordinator, in: Input{Title: "Coördinatieplatform voor vraag en aanbod van medische isotopen",
		Description: "Centrale planning van vraag en aanbod op korte termijn (productieschema's, storingen, vraag van ziekenhuizen, eerlijke verdeling bij tekort) en van capaciteit en investeringen op lange termijn.",
		OwnerGroup:  groupIsotopes, Status: InProgress, StartOn: demoDate("2026-01-15"), DueOn: demoDate("2027-06-30"), Weight: 3, Public: true,
		Roles: roles("isotope_production", "responsible", "care_providers", "consulted", "governments", "accountable", "companies", "consulted", "patient_organisations", "informed")},
		challenges: []string{"centrale planning", "productiecapaciteit", "rolverdeling"}, goals: []string{"leveringszekerheid"},
		checkins: []demoCheckIn{{"2026-04-30", 20, "medium", "Productieschema's van twee reactoren aangesloten."}, {"2026-10-31", 45, "medium", "Vraag van 40 ziekenhuizen komt binnen."}}},
	{key: "register", owner: memberOwner, in: Input{Title: "Register radionuclidetherapie interoperabel maken",
		Description: "Real-world data van radionuclidetherapie in één register dat aansluit op België, de EU en de European Health Data Space, met afspraken over datakwaliteit.",
		OwnerGroup:  groupData, Status: Planned, StartOn: demoDate("2026-09-01"), DueOn: demoDate("2027-12-31"), Weight: 2,
		Roles: roles("care_providers", "responsible", "researchers", "accountable", "companies", "consulted", "patient_organisations", "consulted", "governments", "informed")},
		challenges: []string{"interoperabiliteit", "data-inzichten"}, goals: []string{"real-world data"}},
	{key: "belgie", owner: coordinator, in: Input{Title: "Actieplannen afstemmen met België",
		Description: "Aanbeveling 3: afstemming over de grenzen heen in alle stappen van de waardeketen, op basis van de complementariteit van beide actieplannen.",
		OwnerGroup:  groupResearch, Status: Planned, StartOn: demoDate("2026-06-01"), DueOn: demoDate("2026-10-31"),
		Roles: roles("governments", "accountable", "researchers", "responsible", "isotope_production", "consulted", "companies", "consulted")},
		challenges: []string{"productiecapaciteit", "isotopen"}, goals: []string{"belgie"}},
	{key: "financiering", owner: coordinator, in: Input{Title: "Ronde tafels over een financieringsmodel voor de hele keten",
		Description: "Aanbeveling 4: in gestructureerde dialogen met alle stakeholdergroepen een financieringsmodel uitwerken van onderzoek tot vergoeding en herinvestering in innovatie.",
		OwnerGroup:  groupCare, Status: InProgress, StartOn: demoDate("2025-10-01"), DueOn: demoDate("2026-09-30"), Weight: 2,
		Roles: roles("governments", "accountable", "companies", "responsible", "care_providers", "responsible", "patient_organisations", "consulted", "researchers", "consulted", "isotope_production", "consulted")},
		challenges: []string{"financieringsmodel", "investeringsklimaat"}, goals: []string{"radionuclidetherapie voor"},
		checkins: []demoCheckIn{{"2026-02-28", 30, "medium", "Eerste ronde tafel met zorgverzekeraars gehouden."}, {"2026-07-31", 50, "low", "Tweede ronde tafel uitgesteld tot na de zomer."}}},
	{key: "quickwins", owner: coordinator, in: Input{Title: "Gerealiseerde quick wins delen met de gemeenschap",
		Description: "Aanbeveling 6: de nucleaire-geneeskundegemeenschap informeren over wat al gerealiseerd is, via de nieuwsbrief en de openbare voortgangspagina.",
		OwnerGroup:  groupDialogue, Status: Done, StartOn: demoDate("2025-06-01"), DueOn: demoDate("2025-07-15"), QuickWin: true, Public: true,
		Roles: roles("care_providers", "responsible", "patient_organisations", "informed", "governments", "informed", "companies", "informed")},
		goals:    []string{"professionals"},
		checkins: []demoCheckIn{{"2025-07-10", 100, "high", "Eerste nieuwsbrief met quick wins verstuurd."}}},
	{key: "opleiding", owner: coordinator, in: Input{Title: "Opleidingsplaatsen en carrièreperspectief nucleaire geneeskunde",
		Description: "Geharmoniseerde opleidingen en betere carrièreperspectieven tegen het tekort aan gekwalificeerd personeel.",
		OwnerGroup:  groupCare, Status: Planned, StartOn: demoDate("2026-03-01"), DueOn: demoDate("2026-08-31"),
		Roles: roles("care_providers", "accountable", "researchers", "consulted", "governments", "consulted")},
		challenges: []string{"personeel"}, goals: []string{"professionals"}},
	{key: "technisch", owner: coordinator, in: Input{Title: "Aparte wervingscampagne technisch geneeskundigen",
		OwnerGroup: groupCare, Status: Dropped, DropReason: "Opgenomen in de actie over opleidingsplaatsen en carrièreperspectief.",
		StartOn: demoDate("2025-09-01"), DueOn: demoDate("2026-02-28"), Roles: roles("researchers", "responsible")},
		challenges: []string{"personeel"}, goals: []string{"professionals"}},
}

var demoRelations = []demoRelation{
	{"stuurgroep", "actiegroepen", Blocks, 0},
	{"smart", "actiegroepen", Precedes, 30},
	{"regie", "dbc", Precedes, 0},
	{"kennisplatform", "psma", Blocks, 0},
	{"kennisplatform", "loket", Precedes, 14},
	{"coordinatieplatform", "register", Relates, 0},
	{"register", "belgie", Relates, 0},
	{"belgie", "register", Precedes, 0},
	{"communicatie", "quickwins", Precedes, 0},
	{"registratie", "vertrouwen", Relates, 0},
	{"stakeholders", "regie", Relates, 0},
	{"financiering", "dbc", Blocks, 0},
	{"opleiding", "technisch", Relates, 0},
}

// LoadDemo adds the demonstration actions; it runs inside demo.Load's transaction (ctx carries it).
func LoadDemo(ctx context.Context, s *Service) error {
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		challenges, err := listChallenges(ctx, q)
		if err != nil {
			return err
		}
		goals, err := choices(ctx, q, `SELECT id, title, '' FROM goals ORDER BY id`)
		if err != nil {
			return err
		}
		match := func(list []Choice, words []string) []int64 {
			var out []int64
			for _, w := range words {
				for _, c := range list {
					if strings.Contains(fold(c.Title), fold(w)) {
						out = append(out, c.ID)
					}
				}
			}
			return out
		}
		users := map[string]int64{}
		for _, email := range []string{coordinator, memberOwner} {
			var id int64
			if err := q.QueryRowContext(ctx, `SELECT id FROM users WHERE email = $1`, email).Scan(&id); err == nil {
				users[email] = id
			}
		}
		now := s.now()
		ids := map[string]int64{}
		for _, d := range demoActions {
			in := d.in
			in.ChallengeIDs, in.GoalIDs = match(challenges, d.challenges), match(goals, d.goals)
			if err := in.Validate(); err != nil {
				return fmt.Errorf("demo action %s: %w", d.key, err)
			}
			var owner *int64
			if id, ok := users[d.owner]; ok {
				owner = &id
			}
			id, err := insertAction(ctx, q, in, owner, now)
			if err != nil {
				return fmt.Errorf("demo action %s: %w", d.key, err)
			}
			ids[d.key] = id
			for _, c := range d.checkins {
				ci := CheckInInput{CheckedOn: demoDate(c.on), Progress: c.progress, Confidence: c.confidence, Note: c.note}
				if _, err := insertCheckIn(ctx, q, id, ci, "Coördinatiebureau Kern", users[coordinator], now); err != nil {
					return fmt.Errorf("demo check-in %s: %w", d.key, err)
				}
			}
		}
		for _, r := range demoRelations {
			if _, err := insertRelation(ctx, q, ids[r.from], RelationInput{ToID: ids[r.to], Kind: r.kind, LagDays: r.lag}, now); err != nil {
				return fmt.Errorf("demo relation %s %s %s: %w", r.from, r.kind, r.to, err)
			}
		}
		return nil
	})
}
