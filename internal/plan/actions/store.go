package actions

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"kern"
	"kern/internal/db"
)

// Board is the whole action plan as loaded at once: the plan is hundreds of actions, at most a
// few thousand, so lists, the roadmap, the matrix and the roll-up derive from one load.
type Board struct {
	Actions  []Action // by id
	Edges    []Edge
	Latest   map[int64]Latest // the latest check-in of each action that has one
	PillarOf map[int64]int64  // goal → pillar, of the linked goals
	Derived  map[int64]Derived
	byID     map[int64]int
}

// Latest is an action's latest check-in in short.
type Latest struct {
	CheckedOn  time.Time `json:"checked_on"`
	Progress   int       `json:"progress"`
	Confidence string    `json:"confidence"`
}

// Action returns the action with this id, if it is on the board.
func (b *Board) Action(id int64) (*Action, bool) {
	i, ok := b.byID[id]
	if !ok {
		return nil, false
	}
	return &b.Actions[i], true
}

// items is the board as the derivations see it.
func (b *Board) items() []Item {
	out := make([]Item, len(b.Actions))
	for i, a := range b.Actions {
		it := Item{ID: a.ID, Status: a.Status, StartOn: a.StartOn, DueOn: a.DueOn, Weight: a.Weight}
		if l, ok := b.Latest[a.ID]; ok {
			it.Latest = &l.Progress
		}
		for _, g := range a.Goals {
			it.Goals = append(it.Goals, g.ID)
		}
		out[i] = it
	}
	return out
}

// where scopes a query to one action when id > 0.
func where(col string, id int64) (string, []any) {
	if id > 0 {
		return " WHERE " + col + " = $1", []any{id}
	}
	return "", nil
}

const actionColumns = `a.id, a.title, a.description, a.owner_group, a.owner_id, coalesce(u.name, ''), a.status, a.drop_reason,
a.start_on, a.due_on, a.quick_win, a.weight, a.public, a.created_at, a.updated_at`

// loadActions loads one action (id > 0) or all, with their links and roles.
func loadActions(ctx context.Context, q db.Q, id int64) ([]Action, map[int64]int64, error) {
	w, args := where("a.id", id)
	rows, err := q.QueryContext(ctx, `SELECT `+actionColumns+` FROM actions a LEFT JOIN users u ON u.id = a.owner_id`+w+
		` ORDER BY a.id`, args...)
	if err != nil {
		return nil, nil, fmt.Errorf("load actions: %w", err)
	}
	var list []Action
	idx := map[int64]int{}
	for rows.Next() {
		var a Action
		if err := rows.Scan(&a.ID, &a.Title, &a.Description, &a.OwnerGroup, &a.OwnerID, &a.OwnerName, &a.Status,
			&a.DropReason, &a.StartOn, &a.DueOn, &a.QuickWin, &a.Weight, &a.Public, &a.CreatedAt, &a.UpdatedAt); err != nil {
			rows.Close()
			return nil, nil, fmt.Errorf("scan action: %w", err)
		}
		a.StartOn, a.DueOn = day(a.StartOn), day(a.DueOn)
		a.Challenges, a.Goals, a.Roles = []Link{}, []Link{}, []RoleAssignment{}
		idx[a.ID] = len(list)
		list = append(list, a)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, nil, err
	}
	pillarOf := map[int64]int64{}
	w, args = where("x.action_id", id)
	each := func(what, query string, scan func(rows *sql.Rows) error) error {
		rows, err := q.QueryContext(ctx, query, args...)
		if err != nil {
			return fmt.Errorf("load %s: %w", what, err)
		}
		defer rows.Close()
		for rows.Next() {
			if err := scan(rows); err != nil {
				return fmt.Errorf("scan %s: %w", what, err)
			}
		}
		return rows.Err()
	}
	err = each("challenges", `SELECT x.action_id, c.id, c.title, c.stage FROM action_challenges x
JOIN challenges c ON c.id = x.challenge_id`+w+` ORDER BY x.action_id, c.id`, func(rows *sql.Rows) error {
		var aid int64
		var l Link
		if err := rows.Scan(&aid, &l.ID, &l.Title, &l.Stage); err != nil {
			return err
		}
		if i, ok := idx[aid]; ok {
			list[i].Challenges = append(list[i].Challenges, l)
			if !contains(list[i].stages, l.Stage) {
				list[i].stages = append(list[i].stages, l.Stage)
			}
		}
		return nil
	})
	if err == nil {
		err = each("enablers", `SELECT x.action_id, x.challenge_id, e.enabler FROM action_challenges x
JOIN challenge_enablers e ON e.challenge_id = x.challenge_id`+w+` ORDER BY x.action_id, x.challenge_id, e.enabler`, func(rows *sql.Rows) error {
			var aid, cid int64
			var en string
			if err := rows.Scan(&aid, &cid, &en); err != nil {
				return err
			}
			i, ok := idx[aid]
			if !ok {
				return nil
			}
			a := &list[i]
			for k := range a.Challenges {
				if a.Challenges[k].ID == cid {
					a.Challenges[k].Enablers = append(a.Challenges[k].Enablers, en)
				}
			}
			if !contains(a.enablers, en) {
				a.enablers = append(a.enablers, en)
			}
			return nil
		})
	}
	if err == nil {
		err = each("goals", `SELECT x.action_id, g.id, g.title, g.pillar_id FROM action_goals x
JOIN goals g ON g.id = x.goal_id`+w+` ORDER BY x.action_id, g.id`, func(rows *sql.Rows) error {
			var aid, pillar int64
			var l Link
			if err := rows.Scan(&aid, &l.ID, &l.Title, &pillar); err != nil {
				return err
			}
			pillarOf[l.ID] = pillar
			if i, ok := idx[aid]; ok {
				list[i].Goals = append(list[i].Goals, l)
				list[i].pillars = append(list[i].pillars, pillar)
			}
			return nil
		})
	}
	if err == nil {
		err = each("roles", `SELECT x.action_id, x.stakeholder_group, x.role FROM action_roles x
JOIN stakeholder_groups g ON g.code = x.stakeholder_group`+w+` ORDER BY x.action_id, g.position`, func(rows *sql.Rows) error {
			var aid int64
			var r RoleAssignment
			if err := rows.Scan(&aid, &r.Group, &r.Role); err != nil {
				return err
			}
			if i, ok := idx[aid]; ok {
				list[i].Roles = append(list[i].Roles, r)
			}
			return nil
		})
	}
	return list, pillarOf, err
}

func getAction(ctx context.Context, q db.Q, id int64) (Action, error) {
	list, _, err := loadActions(ctx, q, id)
	if err != nil {
		return Action{}, fmt.Errorf("get action %d: %w", id, err)
	}
	if len(list) == 0 {
		return Action{}, kern.Errorf(kern.NotFound, "error.not_found")
	}
	return list[0], nil
}

// loadBoard loads the whole plan and derives what it shows.
func loadBoard(ctx context.Context, q db.Q, today time.Time) (*Board, error) {
	list, pillarOf, err := loadActions(ctx, q, 0)
	if err != nil {
		return nil, err
	}
	b := &Board{Actions: list, PillarOf: pillarOf, Latest: map[int64]Latest{}, byID: make(map[int64]int, len(list))}
	for i, a := range list {
		b.byID[a.ID] = i
	}
	if b.Edges, err = loadEdges(ctx, q); err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `
SELECT action_id, checked_on, progress, confidence FROM (
  SELECT action_id, checked_on, progress, confidence,
         row_number() OVER (PARTITION BY action_id ORDER BY checked_on DESC, id DESC) AS n
  FROM action_checkins) latest
WHERE n = 1`)
	if err != nil {
		return nil, fmt.Errorf("latest check-ins: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var l Latest
		if err := rows.Scan(&id, &l.CheckedOn, &l.Progress, &l.Confidence); err != nil {
			return nil, fmt.Errorf("scan check-in: %w", err)
		}
		b.Latest[id] = l
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	b.Derived = Derive(b.items(), b.Edges, today)
	return b, nil
}

func loadEdges(ctx context.Context, q db.Q) ([]Edge, error) {
	rows, err := q.QueryContext(ctx, `SELECT from_id, to_id, kind, lag_days FROM action_relations ORDER BY id`)
	if err != nil {
		return nil, fmt.Errorf("load relations: %w", err)
	}
	defer rows.Close()
	var out []Edge
	for rows.Next() {
		var e Edge
		if err := rows.Scan(&e.From, &e.To, &e.Kind, &e.LagDays); err != nil {
			return nil, err
		}
		out = append(out, e)
	}
	return out, rows.Err()
}

func insertAction(ctx context.Context, q db.Q, in Input, owner *int64, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `
INSERT INTO actions (title, description, owner_group, owner_id, status, drop_reason, start_on, due_on, quick_win, weight,
  public, search_text, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13) RETURNING id`,
		in.Title, in.Description, in.OwnerGroup, owner, in.Status, in.DropReason, in.StartOn, in.DueOn, in.QuickWin,
		in.Weight, in.Public, in.searchText(), now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert action: %w", err)
	}
	return id, replaceLinks(ctx, q, id, in)
}

func updateAction(ctx context.Context, q db.Q, id int64, in Input, owner *int64, now time.Time) error {
	_, err := q.ExecContext(ctx, `
UPDATE actions SET title = $1, description = $2, owner_group = $3, owner_id = $4, status = $5, drop_reason = $6,
  start_on = $7, due_on = $8, quick_win = $9, weight = $10, public = $11, search_text = $12, updated_at = $13
WHERE id = $14`,
		in.Title, in.Description, in.OwnerGroup, owner, in.Status, in.DropReason, in.StartOn, in.DueOn, in.QuickWin,
		in.Weight, in.Public, in.searchText(), now, id)
	if err != nil {
		return fmt.Errorf("update action %d: %w", id, err)
	}
	return replaceLinks(ctx, q, id, in)
}

// replaceLinks sets the action's challenges, goals and roles to those of in.
func replaceLinks(ctx context.Context, q db.Q, id int64, in Input) error {
	for _, t := range []string{"action_challenges", "action_goals", "action_roles"} {
		if _, err := q.ExecContext(ctx, `DELETE FROM `+t+` WHERE action_id = $1`, id); err != nil {
			return fmt.Errorf("clear %s: %w", t, err)
		}
	}
	for _, c := range in.ChallengeIDs {
		if _, err := q.ExecContext(ctx, `INSERT INTO action_challenges (action_id, challenge_id) VALUES ($1, $2)`, id, c); err != nil {
			return fmt.Errorf("link challenge: %w", err)
		}
	}
	for _, g := range in.GoalIDs {
		if _, err := q.ExecContext(ctx, `INSERT INTO action_goals (action_id, goal_id) VALUES ($1, $2)`, id, g); err != nil {
			return fmt.Errorf("link goal: %w", err)
		}
	}
	for _, r := range in.Roles {
		if _, err := q.ExecContext(ctx, `INSERT INTO action_roles (action_id, stakeholder_group, role) VALUES ($1, $2, $3)`,
			id, r.Group, r.Role); err != nil {
			return fmt.Errorf("add role: %w", err)
		}
	}
	return nil
}

// checkReferences refuses links to challenges, goals or an owner that do not exist.
func checkReferences(ctx context.Context, q db.Q, in Input, owner *int64) error {
	var v kern.Validation
	exists := func(table string, id int64) (bool, error) {
		var n int
		err := q.QueryRowContext(ctx, `SELECT count(*) FROM `+table+` WHERE id = $1`, id).Scan(&n)
		return n > 0, err
	}
	for _, c := range []struct {
		table, field string
		ids          []int64
	}{{"challenges", "challenge_ids", in.ChallengeIDs}, {"goals", "goal_ids", in.GoalIDs}} {
		for _, id := range c.ids {
			ok, err := exists(c.table, id)
			if err != nil {
				return fmt.Errorf("check %s: %w", c.table, err)
			}
			v.Check(ok, c.field, "actions.link_unknown")
		}
	}
	if owner != nil {
		ok, err := exists("users", *owner)
		if err != nil {
			return fmt.Errorf("check owner: %w", err)
		}
		v.Check(ok, "owner_id", "actions.owner_unknown")
	}
	return v.Err()
}

func deleteAction(ctx context.Context, q db.Q, id int64) error {
	if _, err := q.ExecContext(ctx, `DELETE FROM actions WHERE id = $1`, id); err != nil {
		return fmt.Errorf("delete action %d: %w", id, err)
	}
	return nil
}

func listCheckIns(ctx context.Context, q db.Q, actionID int64) ([]CheckIn, error) {
	rows, err := q.QueryContext(ctx, `
SELECT id, action_id, checked_on, progress, confidence, note, entered_by, created_at FROM action_checkins
WHERE action_id = $1 ORDER BY checked_on DESC, id DESC`, actionID)
	if err != nil {
		return nil, fmt.Errorf("list check-ins: %w", err)
	}
	defer rows.Close()
	out := []CheckIn{}
	for rows.Next() {
		var c CheckIn
		if err := rows.Scan(&c.ID, &c.ActionID, &c.CheckedOn, &c.Progress, &c.Confidence, &c.Note, &c.EnteredBy, &c.CreatedAt); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func insertCheckIn(ctx context.Context, q db.Q, actionID int64, in CheckInInput, by string, byID int64, now time.Time) (CheckIn, error) {
	c := CheckIn{ActionID: actionID, CheckedOn: *in.CheckedOn, Progress: in.Progress, Confidence: in.Confidence, Note: in.Note,
		EnteredBy: by, CreatedAt: now}
	var uid *int64
	if byID > 0 {
		uid = &byID
	}
	err := q.QueryRowContext(ctx, `
INSERT INTO action_checkins (action_id, checked_on, progress, confidence, note, entered_by, entered_by_id, created_at)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		actionID, c.CheckedOn, c.Progress, c.Confidence, c.Note, by, uid, now).Scan(&c.ID)
	if err != nil {
		return c, fmt.Errorf("insert check-in: %w", err)
	}
	return c, nil
}

const relationSelect = `SELECT r.id, r.from_id, f.title, r.to_id, t.title, r.kind, r.lag_days, r.created_at
FROM action_relations r JOIN actions f ON f.id = r.from_id JOIN actions t ON t.id = r.to_id `

func scanRelation(row interface{ Scan(...any) error }) (Relation, error) {
	var r Relation
	err := row.Scan(&r.ID, &r.FromID, &r.FromTitle, &r.ToID, &r.ToTitle, &r.Kind, &r.LagDays, &r.CreatedAt)
	return r, err
}

// listRelations lists the relations from and to an action.
func listRelations(ctx context.Context, q db.Q, actionID int64) ([]Relation, error) {
	rows, err := q.QueryContext(ctx, relationSelect+`WHERE r.from_id = $1 OR r.to_id = $1 ORDER BY r.id`, actionID)
	if err != nil {
		return nil, fmt.Errorf("list relations: %w", err)
	}
	defer rows.Close()
	out := []Relation{}
	for rows.Next() {
		r, err := scanRelation(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}

func getRelation(ctx context.Context, q db.Q, actionID, id int64) (Relation, error) {
	r, err := scanRelation(q.QueryRowContext(ctx, relationSelect+`WHERE r.id = $1 AND (r.from_id = $2 OR r.to_id = $2)`, id, actionID))
	if errors.Is(err, sql.ErrNoRows) {
		return r, kern.Errorf(kern.NotFound, "error.not_found")
	}
	if err != nil {
		return r, fmt.Errorf("get relation %d: %w", id, err)
	}
	return r, nil
}

func insertRelation(ctx context.Context, q db.Q, from int64, in RelationInput, now time.Time) (int64, error) {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO action_relations (from_id, to_id, kind, lag_days, created_at)
VALUES ($1, $2, $3, $4, $5) RETURNING id`, from, in.ToID, in.Kind, in.LagDays, now).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("insert relation: %w", err)
	}
	return id, nil
}

// relationExists reports whether the two actions are already related this way, in either
// direction for "relates".
func relationExists(ctx context.Context, q db.Q, from int64, in RelationInput) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM action_relations
WHERE kind = $3 AND ((from_id = $1 AND to_id = $2) OR ($3 = 'relates' AND from_id = $2 AND to_id = $1))`,
		from, in.ToID, string(in.Kind)).Scan(&n)
	return n > 0, err
}

// Owner is a user who can be an action's owner contact.
type Owner struct {
	ID   int64  `json:"id"`
	Name string `json:"name"`
}

func listOwners(ctx context.Context, q db.Q) ([]Owner, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, name FROM users WHERE NOT disabled ORDER BY lower(name), id`)
	if err != nil {
		return nil, fmt.Errorf("list owners: %w", err)
	}
	defer rows.Close()
	var out []Owner
	for rows.Next() {
		var o Owner
		if err := rows.Scan(&o.ID, &o.Name); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// Choice is a challenge or goal that an action can be linked to.
type Choice struct {
	ID    int64
	Title string
	Group string // the stage of a challenge, the pillar's name of a goal
}

func listChallenges(ctx context.Context, q db.Q) ([]Choice, error) {
	return choices(ctx, q, `SELECT id, title, stage FROM challenges ORDER BY stage, lower(title), id`)
}

func listGoals(ctx context.Context, q db.Q) ([]Choice, error) {
	return choices(ctx, q, `SELECT g.id, g.title, p.name FROM goals g JOIN pillars p ON p.id = g.pillar_id
ORDER BY p.position, p.id, lower(g.title), g.id`)
}

func choices(ctx context.Context, q db.Q, query string) ([]Choice, error) {
	rows, err := q.QueryContext(ctx, query)
	if err != nil {
		return nil, fmt.Errorf("list choices: %w", err)
	}
	defer rows.Close()
	var out []Choice
	for rows.Next() {
		var c Choice
		if err := rows.Scan(&c.ID, &c.Title, &c.Group); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}
