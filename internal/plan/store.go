package plan

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"kern"
	"kern/internal/db"
	"kern/internal/org"
)

type scanner interface{ Scan(...any) error }

func notFound(err error, what string, id int64) error {
	if errors.Is(err, sql.ErrNoRows) {
		return kern.Errorf(kern.NotFound, "error.not_found")
	}
	if err != nil {
		return fmt.Errorf("get %s %d: %w", what, id, err)
	}
	return nil
}

// --- pillars

const pillarSelect = `SELECT p.id, p.position, p.name, p.description, p.created_at, p.updated_at,
(SELECT count(*) FROM goals g WHERE g.pillar_id = p.id) FROM pillars p `

func scanPillar(row scanner) (Pillar, error) {
	var p Pillar
	err := row.Scan(&p.ID, &p.Position, &p.Name, &p.Description, &p.CreatedAt, &p.UpdatedAt, &p.Goals)
	return p, err
}

func listPillars(ctx context.Context, q db.Q) ([]Pillar, error) {
	rows, err := q.QueryContext(ctx, pillarSelect+`ORDER BY p.position, p.id`)
	if err != nil {
		return nil, fmt.Errorf("list pillars: %w", err)
	}
	defer rows.Close()
	out := []Pillar{}
	for rows.Next() {
		p, err := scanPillar(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

func getPillar(ctx context.Context, q db.Q, id int64) (Pillar, error) {
	p, err := scanPillar(q.QueryRowContext(ctx, pillarSelect+`WHERE p.id = $1`, id))
	return p, notFound(err, "pillar", id)
}

func insertPillar(ctx context.Context, q db.Q, in PillarInput, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO pillars (position, name, description, created_at, updated_at)
VALUES ($1, $2, $3, $4, $4) RETURNING id`, in.Position, in.Name, in.Description, now).Scan(&id)
	return id, err
}

func updatePillar(ctx context.Context, q db.Q, id int64, in PillarInput, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE pillars SET position = $1, name = $2, description = $3, updated_at = $4 WHERE id = $5`,
		in.Position, in.Name, in.Description, now, id)
	return err
}

// --- goals

const goalSelect = `SELECT g.id, g.pillar_id, p.name, g.title, g.statement, g.rationale, g.accountable_org,
coalesce(o.name, ''), coalesce(g.accountable_group, ''), g.accountable_body, g.deadline, g.public, g.created_at, g.updated_at,
(SELECT count(*) FROM kpis k WHERE k.goal_id = g.id)
FROM goals g JOIN pillars p ON p.id = g.pillar_id LEFT JOIN organizations o ON o.id = g.accountable_org `

func scanGoal(row scanner) (Goal, error) {
	var g Goal
	err := row.Scan(&g.ID, &g.PillarID, &g.PillarName, &g.Title, &g.Statement, &g.Rationale, &g.AccountableOrg,
		&g.AccountableName, &g.AccountableGroup, &g.AccountableBody, &g.Deadline, &g.Public, &g.CreatedAt, &g.UpdatedAt, &g.KPIs)
	g.Missing = g.Check()
	return g, err
}

// GoalFilter selects goals.
type GoalFilter struct {
	PillarID   int64
	PublicOnly bool
}

func listGoals(ctx context.Context, q db.Q, f GoalFilter) ([]Goal, error) {
	c := &db.Clause{}
	if f.PillarID != 0 {
		c.Add("g.pillar_id = ?", f.PillarID)
	}
	if f.PublicOnly {
		c.Add("g.public")
	}
	rows, err := q.QueryContext(ctx, goalSelect+c.SQL()+` ORDER BY p.position, g.pillar_id, g.id`, c.Args...)
	if err != nil {
		return nil, fmt.Errorf("list goals: %w", err)
	}
	defer rows.Close()
	out := []Goal{}
	for rows.Next() {
		g, err := scanGoal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, rows.Err()
}

func getGoal(ctx context.Context, q db.Q, id int64) (Goal, error) {
	g, err := scanGoal(q.QueryRowContext(ctx, goalSelect+`WHERE g.id = $1`, id))
	return g, notFound(err, "goal", id)
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

func insertGoal(ctx context.Context, q db.Q, in GoalInput, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO goals (pillar_id, title, statement, rationale, accountable_org, accountable_group,
accountable_body, deadline, public, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $10) RETURNING id`,
		in.PillarID, in.Title, in.Statement, in.Rationale, in.AccountableOrg, nullString(in.AccountableGroup), in.AccountableBody,
		in.Deadline, in.Public, now).Scan(&id)
	return id, err
}

func updateGoal(ctx context.Context, q db.Q, id int64, in GoalInput, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE goals SET pillar_id = $1, title = $2, statement = $3, rationale = $4, accountable_org = $5,
accountable_group = $6, accountable_body = $7, deadline = $8, public = $9, updated_at = $10 WHERE id = $11`,
		in.PillarID, in.Title, in.Statement, in.Rationale, in.AccountableOrg, nullString(in.AccountableGroup), in.AccountableBody,
		in.Deadline, in.Public, now, id)
	return err
}

// --- KPIs

const kpiSelect = `SELECT k.id, k.goal_id, coalesce(g.title, ''), coalesce(g.pillar_id, 0), k.name, k.definition, k.unit,
k.direction, k.cadence, k.tolerance, k.baseline_value, k.baseline_on, k.owner_id, coalesce(u.name, ''), k.public, k.reminded_on,
k.created_at, k.updated_at
FROM kpis k LEFT JOIN goals g ON g.id = k.goal_id LEFT JOIN users u ON u.id = k.owner_id `

func scanKPI(row scanner) (KPI, error) {
	var k KPI
	err := row.Scan(&k.ID, &k.GoalID, &k.GoalTitle, &k.PillarID, &k.Name, &k.Definition, &k.Unit, &k.Direction, &k.Cadence,
		&k.Tolerance, &k.BaselineValue, &k.BaselineOn, &k.OwnerID, &k.OwnerName, &k.Public, &k.remindedOn, &k.CreatedAt, &k.UpdatedAt)
	k.BaselineOn = day(k.BaselineOn)
	k.Targets = []Target{}
	return k, err
}

// KPIFilter selects KPIs.
type KPIFilter struct {
	Q          string
	GoalID     int64
	PillarID   int64
	Status     string
	PublicOnly bool
	OwnerID    int64
}

// Normalize refuses unknown statuses.
func (f *KPIFilter) Normalize() error {
	f.Q = strings.TrimSpace(f.Q)
	if f.Status != "" && !slices.Contains(Statuses, Status(f.Status)) {
		return kern.FieldError("status", "field.unknown_choice")
	}
	return nil
}

// listKPIs loads the KPIs matching f (status aside, which the service derives) with their
// targets and latest measurements, in three queries whatever their number.
func listKPIs(ctx context.Context, q db.Q, f KPIFilter) ([]KPI, error) {
	c := &db.Clause{}
	if f.GoalID != 0 {
		c.Add("k.goal_id = ?", f.GoalID)
	}
	if f.PillarID != 0 {
		c.Add("g.pillar_id = ?", f.PillarID)
	}
	if f.PublicOnly {
		c.Add("k.public")
	}
	if f.OwnerID != 0 {
		c.Add("k.owner_id = ?", f.OwnerID)
	}
	if f.Q != "" {
		c.Add(`(lower(k.name) LIKE ? ESCAPE '\' OR lower(k.definition) LIKE ? ESCAPE '\')`, like(f.Q), like(f.Q))
	}
	rows, err := q.QueryContext(ctx, kpiSelect+c.SQL()+` ORDER BY coalesce(g.pillar_id, 0) = 0, g.pillar_id, k.goal_id, k.id`, c.Args...)
	if err != nil {
		return nil, fmt.Errorf("list kpis: %w", err)
	}
	out := []KPI{}
	byID := map[int64]int{}
	for rows.Next() {
		k, err := scanKPI(rows)
		if err != nil {
			rows.Close()
			return nil, err
		}
		byID[k.ID] = len(out)
		out = append(out, k)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(out) == 0 {
		return out, err
	}
	if err := loadTargets(ctx, q, out, byID); err != nil {
		return nil, err
	}
	return out, loadLatest(ctx, q, out, byID)
}

func like(s string) string {
	return "%" + db.EscapeLike(strings.ToLower(s)) + "%"
}

func loadTargets(ctx context.Context, q db.Q, ks []KPI, byID map[int64]int) error {
	rows, err := q.QueryContext(ctx, `SELECT kpi_id, target_on, value FROM kpi_targets ORDER BY kpi_id, target_on`)
	if err != nil {
		return fmt.Errorf("load targets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var t Target
		if err := rows.Scan(&id, &t.On, &t.Value); err != nil {
			return err
		}
		if i, ok := byID[id]; ok {
			t.On = day(t.On)
			ks[i].Targets = append(ks[i].Targets, t)
		}
	}
	return rows.Err()
}

const measurementColumns = `m.id, m.kpi_id, m.measured_on, m.value, m.source, m.note, m.demo, m.entered_by, m.entered_at,
m.replaced_at, m.replaced_by`

func scanMeasurement(row scanner) (Measurement, error) {
	var m Measurement
	err := row.Scan(&m.ID, &m.KPIID, &m.On, &m.Value, &m.Source, &m.Note, &m.Demo, &m.EnteredBy, &m.EnteredAt, &m.ReplacedAt, &m.ReplacedBy)
	m.On = day(m.On)
	return m, err
}

func loadLatest(ctx context.Context, q db.Q, ks []KPI, byID map[int64]int) error {
	// One index lookup per KPI (the newest current measurement), not a scan of every measurement.
	rows, err := q.QueryContext(ctx, `SELECT `+measurementColumns+` FROM kpis k JOIN kpi_measurements m ON m.id =
(SELECT x.id FROM kpi_measurements x WHERE x.kpi_id = k.id AND x.replaced_at IS NULL ORDER BY x.measured_on DESC LIMIT 1)`)
	if err != nil {
		return fmt.Errorf("load latest measurements: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		m, err := scanMeasurement(rows)
		if err != nil {
			return err
		}
		if i, ok := byID[m.KPIID]; ok {
			ks[i].Latest = &m
		}
	}
	return rows.Err()
}

func getKPI(ctx context.Context, q db.Q, id int64) (KPI, error) {
	k, err := scanKPI(q.QueryRowContext(ctx, kpiSelect+`WHERE k.id = $1`, id))
	if err := notFound(err, "kpi", id); err != nil {
		return k, err
	}
	ks := []KPI{k}
	if err := loadTargetsOf(ctx, q, &ks[0]); err != nil {
		return k, err
	}
	return ks[0], loadLatestOf(ctx, q, &ks[0])
}

func loadTargetsOf(ctx context.Context, q db.Q, k *KPI) error {
	rows, err := q.QueryContext(ctx, `SELECT target_on, value FROM kpi_targets WHERE kpi_id = $1 ORDER BY target_on`, k.ID)
	if err != nil {
		return fmt.Errorf("load targets: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var t Target
		if err := rows.Scan(&t.On, &t.Value); err != nil {
			return err
		}
		t.On = day(t.On)
		k.Targets = append(k.Targets, t)
	}
	return rows.Err()
}

func loadLatestOf(ctx context.Context, q db.Q, k *KPI) error {
	m, err := scanMeasurement(q.QueryRowContext(ctx, `SELECT `+measurementColumns+` FROM kpi_measurements m
WHERE m.kpi_id = $1 AND m.replaced_at IS NULL ORDER BY m.measured_on DESC LIMIT 1`, k.ID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("latest measurement of kpi %d: %w", k.ID, err)
	}
	k.Latest = &m
	return nil
}

func insertKPI(ctx context.Context, q db.Q, in KPIInput, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO kpis (goal_id, name, definition, unit, direction, cadence, tolerance, baseline_value,
baseline_on, owner_id, public, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $12) RETURNING id`,
		in.GoalID, in.Name, in.Definition, in.Unit, in.Direction, in.Cadence, in.Tolerance, in.BaselineValue, in.BaselineOn,
		in.OwnerID, in.Public, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert kpi: %w", err)
	}
	return id, replaceTargets(ctx, q, id, in.Targets)
}

func updateKPI(ctx context.Context, q db.Q, id int64, in KPIInput, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE kpis SET goal_id = $1, name = $2, definition = $3, unit = $4, direction = $5, cadence = $6,
tolerance = $7, baseline_value = $8, baseline_on = $9, owner_id = $10, public = $11, updated_at = $12 WHERE id = $13`,
		in.GoalID, in.Name, in.Definition, in.Unit, in.Direction, in.Cadence, in.Tolerance, in.BaselineValue, in.BaselineOn,
		in.OwnerID, in.Public, now, id)
	if err != nil {
		return fmt.Errorf("update kpi: %w", err)
	}
	return replaceTargets(ctx, q, id, in.Targets)
}

func replaceTargets(ctx context.Context, q db.Q, id int64, targets []Target) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM kpi_targets WHERE kpi_id = $1`, id); err != nil {
		return err
	}
	for _, t := range targets {
		if _, err := q.ExecContext(ctx, `INSERT INTO kpi_targets (kpi_id, target_on, value) VALUES ($1, $2, $3)`, id, t.On, t.Value); err != nil {
			return fmt.Errorf("insert target: %w", err)
		}
	}
	return nil
}

func deleteKPI(ctx context.Context, q db.Q, id int64) error {
	_, err := q.ExecContext(ctx, `DELETE FROM kpis WHERE id = $1`, id)
	return err
}

func setReminded(ctx context.Context, q db.Q, id int64, on time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE kpis SET reminded_on = $1 WHERE id = $2`, on, id)
	return err
}

// measurements lists a KPI's measurements by date; with history, the replaced ones too.
func measurements(ctx context.Context, q db.Q, kpiID int64, history bool) ([]Measurement, error) {
	cond := " AND m.replaced_at IS NULL"
	if history {
		cond = ""
	}
	rows, err := q.QueryContext(ctx, `SELECT `+measurementColumns+` FROM kpi_measurements m WHERE m.kpi_id = $1`+cond+
		` ORDER BY m.measured_on, m.entered_at, m.id`, kpiID)
	if err != nil {
		return nil, fmt.Errorf("list measurements: %w", err)
	}
	defer rows.Close()
	out := []Measurement{}
	for rows.Next() {
		m, err := scanMeasurement(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// currentMeasurement is the measurement of kpiID on a date that has not been replaced.
func currentMeasurement(ctx context.Context, q db.Q, kpiID int64, on time.Time) (*Measurement, error) {
	m, err := scanMeasurement(q.QueryRowContext(ctx, `SELECT `+measurementColumns+` FROM kpi_measurements m
WHERE m.kpi_id = $1 AND m.measured_on = $2 AND m.replaced_at IS NULL`, kpiID, on))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return &m, nil
}

// recordMeasurement adds a measurement; one on the same date is replaced and kept as history.
func recordMeasurement(ctx context.Context, q db.Q, kpiID int64, in MeasurementInput, actor string, now time.Time) (Measurement, *Measurement, error) {
	prev, err := currentMeasurement(ctx, q, kpiID, in.On)
	if err != nil {
		return Measurement{}, nil, err
	}
	if prev != nil {
		if _, err := q.ExecContext(ctx, `UPDATE kpi_measurements SET replaced_at = $1 WHERE id = $2`, now, prev.ID); err != nil {
			return Measurement{}, nil, err
		}
	}
	var id int64
	err = q.QueryRowContext(ctx, `INSERT INTO kpi_measurements (kpi_id, measured_on, value, source, note, demo, entered_by, entered_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`, kpiID, in.On, in.Value, in.Source, in.Note, in.Demo, actor, now).Scan(&id)
	if err != nil {
		return Measurement{}, nil, fmt.Errorf("insert measurement: %w", err)
	}
	if prev != nil {
		if _, err := q.ExecContext(ctx, `UPDATE kpi_measurements SET replaced_by = $1 WHERE id = $2`, id, prev.ID); err != nil {
			return Measurement{}, nil, err
		}
	}
	m, err := scanMeasurement(q.QueryRowContext(ctx, `SELECT `+measurementColumns+` FROM kpi_measurements m WHERE m.id = $1`, id))
	return m, prev, err
}

// --- challenges

// ChallengeFilter selects challenges.
type ChallengeFilter struct {
	Q       string
	Stage   string
	Enabler string
	Group   string
	Source  string
	Page    int
	PerPage int
}

// Normalize refuses unknown values and bounds the page.
func (f *ChallengeFilter) Normalize() error {
	var v kern.Validation
	f.Q = strings.TrimSpace(f.Q)
	v.Check(f.Stage == "" || slices.Contains(Stages, f.Stage), "stage", "field.unknown_choice")
	v.Check(f.Enabler == "" || slices.Contains(Enablers, f.Enabler), "enabler", "field.unknown_choice")
	v.Check(f.Group == "" || slices.Contains(org.Groups, f.Group), "stakeholder_group", "field.unknown_choice")
	v.Check(f.Source == "" || slices.Contains(Sources, f.Source), "source", "field.unknown_choice")
	if f.Page < 1 {
		f.Page = 1
	}
	if f.PerPage < 1 {
		f.PerPage = 50
	}
	f.PerPage = min(f.PerPage, 500)
	return v.Err()
}

func (f ChallengeFilter) where() *db.Clause {
	c := &db.Clause{}
	if f.Q != "" {
		c.Add(`c.search_text LIKE ? ESCAPE '\'`, "%"+db.EscapeLike(org.Fold(f.Q))+"%")
	}
	if f.Stage != "" {
		c.Add("c.stage = ?", f.Stage)
	}
	if f.Source != "" {
		c.Add("c.source = ?", f.Source)
	}
	if f.Enabler != "" {
		c.Add("EXISTS (SELECT 1 FROM challenge_enablers e WHERE e.challenge_id = c.id AND e.enabler = ?)", f.Enabler)
	}
	if f.Group != "" {
		c.Add("EXISTS (SELECT 1 FROM challenge_groups x WHERE x.challenge_id = c.id AND x.stakeholder_group = ?)", f.Group)
	}
	return c
}

const challengeSelect = `SELECT c.id, c.title, c.description, c.stage, c.source, c.source_note, c.created_at, c.updated_at FROM challenges c `

func scanChallenge(row scanner) (Challenge, error) {
	var c Challenge
	err := row.Scan(&c.ID, &c.Title, &c.Description, &c.Stage, &c.Source, &c.SourceNote, &c.CreatedAt, &c.UpdatedAt)
	c.Enablers, c.Groups = []string{}, []string{}
	return c, err
}

// listChallenges returns a page of challenges (all of them when all is set) and the count.
func listChallenges(ctx context.Context, q db.Q, f ChallengeFilter, all bool) ([]Challenge, int, error) {
	c := f.where()
	total := 0
	if err := q.QueryRowContext(ctx, `SELECT count(*) FROM challenges c `+c.SQL(), c.Args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count challenges: %w", err)
	}
	limit, offset := f.PerPage, (f.Page-1)*f.PerPage
	if all {
		limit, offset = 100000, 0
	}
	paging, args := c.Page(limit, offset)
	rows, err := q.QueryContext(ctx, challengeSelect+c.SQL()+` ORDER BY c.id`+paging, args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list challenges: %w", err)
	}
	out := []Challenge{}
	byID := map[int64]int{}
	for rows.Next() {
		x, err := scanChallenge(rows)
		if err != nil {
			rows.Close()
			return nil, 0, err
		}
		byID[x.ID] = len(out)
		out = append(out, x)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	return out, total, loadChallengeTags(ctx, q, out, byID)
}

func loadChallengeTags(ctx context.Context, q db.Q, cs []Challenge, byID map[int64]int) error {
	if len(cs) == 0 {
		return nil
	}
	for _, t := range []struct {
		sql string
		add func(c *Challenge, v string)
	}{
		{`SELECT challenge_id, enabler FROM challenge_enablers ORDER BY challenge_id, enabler`, func(c *Challenge, v string) { c.Enablers = append(c.Enablers, v) }},
		{`SELECT challenge_id, stakeholder_group FROM challenge_groups ORDER BY challenge_id, stakeholder_group`, func(c *Challenge, v string) { c.Groups = append(c.Groups, v) }},
	} {
		rows, err := q.QueryContext(ctx, t.sql)
		if err != nil {
			return fmt.Errorf("load challenge tags: %w", err)
		}
		for rows.Next() {
			var id int64
			var v string
			if err := rows.Scan(&id, &v); err != nil {
				rows.Close()
				return err
			}
			if i, ok := byID[id]; ok {
				t.add(&cs[i], v)
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	return nil
}

func getChallenge(ctx context.Context, q db.Q, id int64) (Challenge, error) {
	c, err := scanChallenge(q.QueryRowContext(ctx, challengeSelect+`WHERE c.id = $1`, id))
	if err := notFound(err, "challenge", id); err != nil {
		return c, err
	}
	cs := []Challenge{c}
	err = loadChallengeTags(ctx, q, cs, map[int64]int{id: 0})
	return cs[0], err
}

func challengeSearchText(in ChallengeInput) string {
	return org.Fold(in.Title + " " + in.Description + " " + in.SourceNote)
}

func insertChallenge(ctx context.Context, q db.Q, in ChallengeInput, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO challenges (title, description, stage, source, source_note, search_text, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING id`, in.Title, in.Description, in.Stage, in.Source, in.SourceNote,
		challengeSearchText(in), now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert challenge: %w", err)
	}
	return id, setChallengeTags(ctx, q, id, in)
}

func updateChallenge(ctx context.Context, q db.Q, id int64, in ChallengeInput, now time.Time) error {
	_, err := q.ExecContext(ctx, `UPDATE challenges SET title = $1, description = $2, stage = $3, source = $4, source_note = $5,
search_text = $6, updated_at = $7 WHERE id = $8`, in.Title, in.Description, in.Stage, in.Source, in.SourceNote, challengeSearchText(in), now, id)
	if err != nil {
		return fmt.Errorf("update challenge: %w", err)
	}
	return setChallengeTags(ctx, q, id, in)
}

func setChallengeTags(ctx context.Context, q db.Q, id int64, in ChallengeInput) error {
	for _, s := range []string{`DELETE FROM challenge_enablers WHERE challenge_id = $1`, `DELETE FROM challenge_groups WHERE challenge_id = $1`} {
		if _, err := q.ExecContext(ctx, s, id); err != nil {
			return err
		}
	}
	for _, e := range in.Enablers {
		if _, err := q.ExecContext(ctx, `INSERT INTO challenge_enablers (challenge_id, enabler) VALUES ($1, $2)`, id, e); err != nil {
			return err
		}
	}
	for _, g := range in.Groups {
		if _, err := q.ExecContext(ctx, `INSERT INTO challenge_groups (challenge_id, stakeholder_group) VALUES ($1, $2)`, id, g); err != nil {
			return err
		}
	}
	return nil
}
