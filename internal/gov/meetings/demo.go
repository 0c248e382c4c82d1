package meetings

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/gov"
	"kern/internal/org"
	"kern/internal/plan/actions"
)

// demoBody is a body whose year of meetings the demo writes.
type demoBody struct {
	name, clock, location, video string
	minutes                      int
	decisions                    []string
	newAction                    string // a new action from its fourth past meeting
}

var demoBodies = []demoBody{
	{name: "Stuurgroep Nucleaire Geneeskunde", clock: "14:00", minutes: 120, location: "Utrecht, Jaarbeurs — vergaderzaal 3",
		decisions: []string{
			"De stuurgroep stelt de geactualiseerde prioriteiten van het actieplan vast.",
			"De stuurgroep stemt in met de KPI-streefwaarden voor het komende jaar.",
			"Het coördinatiebureau werkt een voorstel uit voor een nationale isotopenreserve.",
			"De stuurgroep vraagt de actiegroepen om vóór de volgende vergadering een voortgangsrapportage.",
			"De stuurgroep stemt in met de aanpak van de ronde tafel over vergoeding en HTA.",
			"De stuurgroep benoemt de voorzitter van de Actiegroep Internationale samenwerking.",
		},
		newAction: "Verkenning nationale isotopenreserve"},
	{name: "Operationele stuurgroep", clock: "10:00", minutes: 90, video: "https://meet.kern.example/operationele-stuurgroep",
		decisions: []string{
			"De afhankelijkheid tussen de acties voor data en financiering wordt maandelijks gevolgd.",
			"Overlap tussen twee acties over registries wordt opgelost door ze samen te voegen.",
			"De actiegroepen melden geblokkeerde acties voortaan vóór de vergadering.",
		},
		newAction: "Gezamenlijk overzicht van afhankelijkheden tussen actiegroepen"},
	{name: "Actiegroep Isotopenvoorziening", clock: "15:00", minutes: 60, video: "https://meet.kern.example/isotopen",
		decisions: []string{"De actiegroep zet een maandelijkse uitvraag van de isotopenbehoefte per ziekenhuis op.",
			"Bij een tekort geldt de verdeelsleutel uit het draaiboek leveringszekerheid."},
		newAction: "Draaiboek tekorten medische isotopen actualiseren"},
	{name: "Actiegroep Financiering", clock: "15:00", minutes: 60, video: "https://meet.kern.example/financiering",
		decisions: []string{"De actiegroep werkt drie financieringsscenario's uit voor de stuurgroep."}},
	{name: "Actiegroep Data en registries", clock: "15:00", minutes: 60, video: "https://meet.kern.example/data",
		decisions: []string{"De actiegroep kiest één minimale dataset voor de registratie van radionuclidetherapie."}},
	{name: "Actiegroep Samenwerking en onderzoek", clock: "15:00", minutes: 60, location: "Amsterdam UMC, locatie VUmc",
		decisions: []string{"De actiegroep stelt een gezamenlijke agenda voor multicenterstudies op."}},
	{name: "Actiegroep Internationale samenwerking", clock: "15:00", minutes: 60, video: "https://meet.kern.example/internationaal",
		decisions: []string{"De actiegroep stemt de isotopenplanning af met de Belgische partners."}},
}

// demoAgenda is the standing agenda; %s in a title is filled from the linked item.
var demoAgenda = []struct {
	title    string
	minutes  int
	link     string // action, kpi, challenge
	chairs   bool   // presented by the chair
	presents string // free-text presenter
}{
	{"Opening, mededelingen en vaststellen agenda", 5, "", true, ""},
	{"Verslag en besluitenlijst vorige vergadering", 10, "", true, ""},
	{"Voortgang actie", 25, "action", false, "Coördinatiebureau"},
	{"KPI-dashboard", 20, "kpi", false, "Coördinatiebureau"},
	{"Uitdaging", 20, "challenge", false, ""},
	{"Rondvraag en sluiting", 5, "", true, ""},
}

// LoadDemo adds a year of meetings up to today for the steering group (quarterly), the
// operational steering group and the action groups (monthly): agendas, attendance, minutes,
// numbered decisions, parked items carried on, a few new actions in the action plan, meetings
// ahead, and one past meeting of the operational steering group still without minutes (for the
// reminder). It runs inside demo.Load's transaction (ctx carries it), after the bodies and seats
// exist; without them it adds nothing.
func LoadDemo(ctx context.Context, s *Service) error {
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		var coordID int64
		var coordName string
		err := q.QueryRowContext(ctx, `SELECT id, name FROM users WHERE email = 'coordinatie@kern.example'`).Scan(&coordID, &coordName)
		if errors.Is(err, sql.ErrNoRows) {
			return nil
		}
		if err != nil {
			return err
		}
		coord := &auth.Principal{User: auth.User{ID: coordID, Name: coordName, Role: auth.Coordinator, Email: "coordinatie@kern.example"}}
		links := map[string][]linkChoice{}
		for kind, query := range map[string]string{
			"action":    `SELECT id, title FROM actions WHERE status NOT IN ('done', 'dropped') ORDER BY id`,
			"kpi":       `SELECT id, name FROM kpis ORDER BY id`,
			"challenge": `SELECT id, title FROM challenges ORDER BY id`,
		} {
			list, err := db.Choices(ctx, q, query)
			if err != nil {
				return err
			}
			for _, c := range list {
				links[kind] = append(links[kind], linkChoice{c.ID, c.Name})
			}
		}
		now := s.now()
		for bi, b := range demoBodies {
			var id int64
			var rhythm string
			err := q.QueryRowContext(ctx, `SELECT id, rhythm FROM bodies WHERE name = $1`, b.name).Scan(&id, &rhythm)
			if errors.Is(err, sql.ErrNoRows) {
				continue
			}
			if err != nil {
				return err
			}
			if err := demoYear(ctx, q, s, coord, id, rhythm, bi, b, links, now); err != nil {
				return fmt.Errorf("demo meetings of %s: %w", b.name, err)
			}
		}
		return nil
	})
}

type linkChoice struct {
	id    int64
	title string
}

func demoYear(ctx context.Context, q db.Q, s *Service, coord *auth.Principal, bodyID int64, rhythm string, bi int, b demoBody,
	links map[string][]linkChoice, now time.Time) error {
	today := gov.Day(now.In(amsterdam))
	months := 1
	if rhythm == "quarterly" {
		months = 3
	}
	// From a year back (shifted per body so they do not all meet on one day) to four months ahead.
	first := today.AddDate(-1, 0, 3+2*bi)
	last := today.AddDate(0, 4, 0)
	in := SeriesInput{Title: b.name, Rhythm: rhythm, From: first, To: last, Clock: b.clock, Minutes: b.minutes,
		Location: b.location, VideoURL: b.video}
	if in.Rhythm != "monthly" && in.Rhythm != "quarterly" {
		in.Rhythm = "monthly"
	}
	var seriesID int64
	if err := q.QueryRowContext(ctx, `INSERT INTO meeting_series (body_id, rhythm, first_on, last_on, created_at)
VALUES ($1, $2, $3, $4, $5) RETURNING id`, bodyID, in.Rhythm, first, last, now).Scan(&seriesID); err != nil {
		return err
	}
	var bodyName string
	if err := q.QueryRowContext(ctx, `SELECT name FROM bodies WHERE id = $1`, bodyID).Scan(&bodyName); err != nil {
		return err
	}
	decision := 0
	var lastPast int64
	agendaAhead := false
	for n, d := range in.Dates() {
		start := At(d, in.Clock)
		title := fmt.Sprintf("%s — %s", shortName(b.name), dutchMonth(start))
		mi := Input{Title: title, StartsAt: start, EndsAt: start.Add(time.Duration(in.Minutes) * time.Minute), Location: in.Location, VideoURL: in.VideoURL}
		id, err := insertMeeting(ctx, q, bodyID, &seriesID, bodyName, mi, now)
		if err != nil {
			return err
		}
		// Parked items of the meeting before come first on the agenda.
		if n > 0 {
			if _, err := carryParked(ctx, q, lastPast, id, now); err != nil {
				return err
			}
		}
		past := mi.EndsAt.Before(now)
		if !past {
			if agendaAhead {
				continue // later meetings: scheduled, agenda still to come
			}
			agendaAhead = true // the next meeting has its agenda already
		}
		holders, err := seatHolders(ctx, q, bodyID, start.In(amsterdam))
		if err != nil {
			return err
		}
		var items []AgendaItem
		for k, a := range demoAgenda {
			it := ItemInput{Title: a.title, DurationMinutes: a.minutes, PresenterText: a.presents}
			if a.chairs && len(holders) > 0 {
				it.PresenterID = &holders[0].PersonID
				it.PresenterText = ""
			}
			if l := links[a.link]; len(l) > 0 {
				c := l[(bi*7+n*3+k)%len(l)]
				switch a.link {
				case "action":
					it.ActionID = &c.id
				case "kpi":
					it.KPIID = &c.id
				case "challenge":
					it.ChallengeID = &c.id
				}
				it.Title = a.title + ": " + c.title
				if len(it.Title) > MaxTitle {
					it.Title = it.Title[:strings.LastIndex(it.Title[:MaxTitle-1], " ")] + "…"
				}
			} else if a.link != "" {
				continue
			}
			if a.presents == "" && !a.chairs && len(holders) > 1 {
				it.PresenterID = &holders[1+(n+k)%(len(holders)-1)].PersonID
			}
			itemID, err := insertItem(ctx, q, id, it, nil, now)
			if err != nil {
				return err
			}
			item, err := getItem(ctx, q, id, itemID)
			if err != nil {
				return err
			}
			items = append(items, item)
		}
		if !past {
			continue
		}
		lastPast = id
		// Attendance: one seat holder excused in turn, the rest present.
		var present, excused []string
		for k, h := range holders {
			st := "present"
			if len(holders) > 2 && k == 1+(n%(len(holders)-1)) {
				st = "excused"
				excused = append(excused, h.Name)
			} else {
				present = append(present, h.Name)
			}
			if _, err := q.ExecContext(ctx, `INSERT INTO meeting_attendance (meeting_id, person_id, status, created_at) VALUES ($1, $2, $3, $4)`,
				id, h.PersonID, st, now); err != nil {
				return err
			}
		}
		// Every third meeting parks the challenge item; it goes to the next meeting.
		if n%3 == 1 && len(items) > 4 {
			if _, err := q.ExecContext(ctx, `UPDATE agenda_items SET parked = TRUE WHERE id = $1`, items[4].ID); err != nil {
				return err
			}
		}
		var decided []string
		local := start.In(amsterdam)
		if len(b.decisions) > 0 && (rhythm == "quarterly" || bi < 2 || n%2 == 0) {
			for k := 0; k < 1+bi%2+boolInt(rhythm == "quarterly"); k++ {
				text := b.decisions[decision%len(b.decisions)]
				decision++
				var seq int
				if err := q.QueryRowContext(ctx, `SELECT coalesce(max(decision_seq), 0) + 1 FROM meeting_outcomes WHERE body_id = $1
AND decision_year = $2`, bodyID, local.Year()).Scan(&seq); err != nil {
					return err
				}
				if _, err := q.ExecContext(ctx, `INSERT INTO meeting_outcomes (meeting_id, body_id, agenda_item_id, kind, text, decision_year,
decision_seq, decided_on, search_text, created_by, created_at) VALUES ($1, $2, $3, 'decision', $4, $5, $6, $7, $8, $9, $10)`,
					id, bodyID, items[min(2, len(items)-1)].ID, text, local.Year(), seq, gov.Day(local), org.Fold(text), "Coördinatiebureau", now); err != nil {
					return err
				}
				decided = append(decided, DecisionNumber(local.Year(), seq)+": "+text)
			}
		}
		if _, err := q.ExecContext(ctx, `INSERT INTO meeting_outcomes (meeting_id, body_id, agenda_item_id, kind, text, search_text, created_by, created_at)
VALUES ($1, $2, $3, 'information', $4, $5, $6, $7)`, id, bodyID, items[min(3, len(items)-1)].ID,
			"Het coördinatiebureau lichtte de stand van de KPI's toe.", "kpi", "Coördinatiebureau", now); err != nil {
			return err
		}
		if n == 3 && b.newAction != "" {
			day := gov.Day(local)
			due := day.AddDate(0, 6, 0)
			a, err := s.Actions.CreateAction(ctx, coord, actions.Input{Title: b.newAction, OwnerGroup: bodyName, Status: actions.Planned,
				Description: fmt.Sprintf("Voortgekomen uit %s, %s.", title, local.Format("02-01-2006")), StartOn: &day, DueOn: &due})
			if err != nil {
				return err
			}
			if _, err := q.ExecContext(ctx, `INSERT INTO meeting_outcomes (meeting_id, body_id, kind, text, action_id, search_text, created_by, created_at)
VALUES ($1, $2, 'action', $3, $4, $5, $6, $7)`, id, bodyID, b.newAction, a.ID, org.Fold(b.newAction), "Coördinatiebureau", now); err != nil {
				return err
			}
		}
		// The operational steering group's latest past meeting has no minutes yet (the reminder's
		// case): it is still in progress. Every other past meeting is closed with minutes.
		withoutMinutes := bi == 1 && now.Sub(mi.EndsAt) > MinutesGrace && now.Sub(mi.EndsAt) < time.Duration(months*31+3)*24*time.Hour
		if withoutMinutes {
			if _, err := q.ExecContext(ctx, `UPDATE meetings SET state = 'in_progress' WHERE id = $1`, id); err != nil {
				return err
			}
			continue
		}
		text := demoMinutes(title, local, items, present, excused, decided, n%3 == 1)
		if _, err := q.ExecContext(ctx, `INSERT INTO meeting_minutes (meeting_id, version, text, author, created_at, updated_at)
VALUES ($1, 1, $2, 'Secretariaat', $3, $3)`, id, text, mi.EndsAt.Add(48*time.Hour)); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `UPDATE meetings SET state = 'closed', closed_at = $1 WHERE id = $2`, mi.EndsAt, id); err != nil {
			return err
		}
	}
	return nil
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

func shortName(name string) string {
	switch name {
	case "Stuurgroep Nucleaire Geneeskunde":
		return "Stuurgroep"
	case "Operationele stuurgroep":
		return "Operationele stuurgroep"
	}
	return name
}

var dutchMonths = []string{"januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september", "oktober",
	"november", "december"}

func dutchMonth(t time.Time) string {
	t = t.In(amsterdam)
	return fmt.Sprintf("%s %d", dutchMonths[t.Month()-1], t.Year())
}

func demoMinutes(title string, at time.Time, items []AgendaItem, present, excused, decided []string, parked bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "# Verslag %s\n\n%s, %s uur.\n\n", title, at.Format("02-01-2006"), at.Format("15:04"))
	fmt.Fprintf(&b, "**Aanwezig:** %s  \n", strings.Join(present, ", "))
	if len(excused) > 0 {
		fmt.Fprintf(&b, "**Afgemeld:** %s\n", strings.Join(excused, ", "))
	}
	for i, it := range items {
		fmt.Fprintf(&b, "\n## %d. %s\n\n", i+1, it.Title)
		switch {
		case i == 0:
			b.WriteString("De voorzitter opent de vergadering en heet iedereen welkom. De agenda wordt ongewijzigd vastgesteld.\n")
		case i == 1:
			b.WriteString("Het verslag van de vorige vergadering wordt zonder wijzigingen vastgesteld.\n")
		case parked && i == 4:
			b.WriteString("Dit punt wordt wegens tijdgebrek geparkeerd en komt terug op de volgende vergadering.\n")
		case i == len(items)-1:
			b.WriteString("Er zijn geen vragen. De voorzitter sluit de vergadering en dankt de aanwezigen.\n")
		default:
			b.WriteString("De stand van zaken wordt toegelicht. De aanwezigen bespreken de voortgang en de knelpunten.\n")
		}
	}
	if len(decided) > 0 {
		b.WriteString("\n## Besluiten\n\n")
		for _, d := range decided {
			fmt.Fprintf(&b, "- %s\n", d)
		}
	}
	return b.String()
}
