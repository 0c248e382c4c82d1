package reports

import (
	"context"
	"fmt"

	"kern/internal/auth"
	"kern/internal/db"
)

// demoPlan is an annual plan of the demonstration, for the body with this name (or the first
// body of this kind when no body has the name).
type demoPlan struct {
	body, kind string
	summary    string
	objectives []string
	step       PlanStatus // how far it has come
	comments   []string   // the board's, the last one with the review
}

var demoPlans = []demoPlan{
	{body: "Actiegroep Isotopenvoorziening", kind: "action_group", step: Reviewed,
		summary: "De actiegroep werkt dit jaar aan **leveringszekerheid** van medische isotopen: een landelijk beeld van " +
			"vraag en aanbod, afspraken voor een tekort en voorbereiding op de nieuwe productiecapaciteit.",
		objectives: []string{
			"Een landelijk noodplan voor tekorten aan Mo-99/Tc-99m, afgestemd met de producenten en de ziekenhuizen.",
			"Maandelijks inzicht in de productieplanning en de vraag van de afdelingen nucleaire geneeskunde.",
			"Een advies over de benodigde capaciteit voor Lu-177 tot 2030.",
		},
		comments: []string{
			"Het bestuur vraagt bij het noodplan een datum te noemen waarop het met de ziekenhuizen is afgestemd.",
			"Besproken in de bestuursvergadering: akkoord, met het verzoek halverwege het jaar over het noodplan te rapporteren.",
		}},
	{body: "Actiegroep Data en registries", kind: "action_group", step: Submitted,
		summary: "Registraties die op elkaar aansluiten: één dataset voor radionuclidetherapie en een koppeling met Belgische registers.",
		objectives: []string{
			"Een gedragen minimale dataset voor PSMA-radioligandtherapie.",
			"Een verkenning van de aansluiting op de European Health Data Space.",
		}},
	{body: "Communicatiecommissie", kind: "committee", step: Draft,
		summary: "De commissie maakt de voortgang van het actieplan zichtbaar voor leden en partners.",
		objectives: []string{
			"Vier nieuwsbrieven met de voortgang van het actieplan.",
			"Een openbare pagina met de gepubliceerde voortgangsrapportages.",
		}},
}

const demoIntro = `## Samenvatting

Dit kwartaal stond in het teken van **leveringszekerheid** en het op gang brengen van de actiegroepen.
De stuurgroep vergaderde volgens schema; de actiegroepen rapporteerden maandelijks aan de operationele stuurgroep.

- De KPI's hieronder tonen de stand bij publicatie, met het verloop van de metingen.
- Acties die over hun einddatum zijn, worden in de operationele stuurgroep besproken.
- Zittingstermijnen die binnen zes maanden aflopen, staan onderaan; de vacatures worden gepubliceerd.

Vragen over deze rapportage: het coördinatiebureau.`

// LoadDemo adds annual plans for this year (one reviewed by the board with comments, one with the
// board, one a draft) and one published public quarterly platform report for the last quarter
// that ended; it runs inside demo.Load's transaction (ctx carries it), after the bodies and seats
// exist.
func LoadDemo(ctx context.Context, s *Service) error {
	sys := auth.System()
	year := s.today().Year()
	q := s.DB.Reader(ctx)
	for _, dp := range demoPlans {
		bodyID, err := demoBody(ctx, q, dp.body, dp.kind)
		if err != nil {
			return err
		}
		if bodyID == 0 {
			continue
		}
		in := PlanInput{BodyID: bodyID, Year: year, Summary: dp.summary}
		for i, text := range dp.objectives {
			o := ObjectiveInput{Text: text}
			if o.GoalIDs, err = demoIDs(ctx, q, `SELECT id FROM goals ORDER BY id LIMIT 1 OFFSET $1`, i); err != nil {
				return err
			}
			if o.ActionIDs, err = demoIDs(ctx, q, `SELECT id FROM actions WHERE owner_group = $1 ORDER BY id LIMIT 1 OFFSET $2`, dp.body, i); err != nil {
				return err
			}
			in.Objectives = append(in.Objectives, o)
		}
		p, err := s.CreatePlan(ctx, sys, in)
		if err != nil {
			return fmt.Errorf("demo plan %s: %w", dp.body, err)
		}
		if dp.step == Draft {
			continue
		}
		if _, err := s.SubmitPlan(ctx, sys, p.ID); err != nil {
			return err
		}
		if dp.step != Reviewed {
			continue
		}
		board, err := demoBoardMember(ctx, q)
		if err != nil {
			return err
		}
		for i, c := range dp.comments {
			if i < len(dp.comments)-1 {
				_, err = s.Comment(ctx, board, p.ID, c)
			} else {
				_, err = s.ReviewPlan(ctx, board, p.ID, c)
			}
			if err != nil {
				return err
			}
		}
	}
	start, _ := PreviousPeriod("quarter", s.today())
	r, err := s.CreateReport(ctx, sys, ReportInput{Period: "quarter", Start: start, Scope: "platform", Intro: demoIntro, Public: true})
	if err != nil {
		return fmt.Errorf("demo report: %w", err)
	}
	_, err = s.PublishReport(ctx, sys, r.ID, true)
	return err
}

func demoBody(ctx context.Context, q db.Q, name, kind string) (int64, error) {
	ids, err := demoIDs(ctx, q, `SELECT id FROM bodies WHERE name = $1 UNION ALL
SELECT id FROM (SELECT id FROM bodies WHERE kind = $2 ORDER BY name, id LIMIT 1) k`, name, kind)
	if err != nil || len(ids) == 0 {
		return 0, err
	}
	return ids[0], nil
}

// demoBoardMember is the system acting under the name of the board's chair (or "Bestuur"), so
// the demo's comments read as the board's.
func demoBoardMember(ctx context.Context, q db.Q) (*auth.Principal, error) {
	name := "Bestuur"
	rows, err := q.QueryContext(ctx, `SELECT p.given_name || ' ' || p.family_name FROM seats s JOIN bodies b ON b.id = s.body_id
JOIN people p ON p.id = s.person_id WHERE b.kind = 'board' AND s.role = 'chair' ORDER BY s.term_start DESC, s.id LIMIT 1`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	if rows.Next() {
		if err := rows.Scan(&name); err != nil {
			return nil, err
		}
	}
	p := *auth.System()
	p.User.Name = name
	return &p, rows.Err()
}

func demoIDs(ctx context.Context, q db.Q, query string, args ...any) ([]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	out, err := idList(rows)
	if out == nil {
		out = []int64{}
	}
	return out, err
}
