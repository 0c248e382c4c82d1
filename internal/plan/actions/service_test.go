package actions

import (
	"context"
	"kern/internal/notify"
	"strings"
	"testing"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/web/i18n"
)

// fixture is a migrated database with three accounts, two pillars, three goals and two challenges.
type fixture struct {
	s                      *Service
	d                      *db.DB
	coord, owner, stranger *auth.Principal
	readOnly               *auth.Principal
	goals                  [3]int64 // goals[0], goals[1] under pillar pillars[0]; goals[2] under pillars[1]
	pillars                [2]int64
	challenges             [2]int64 // [0]: production_distribution + financing; [1]: treatment_rwd + data_environment
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	now := time.Date(2026, 3, 15, 9, 0, 0, 0, time.UTC)
	f := &fixture{d: d, s: &Service{DB: d, Now: func() time.Time { return now }}}
	id := func(query string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := d.Write.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return id
	}
	user := func(email string, role auth.Role) *auth.Principal {
		uid := id(`INSERT INTO users (email, name, role, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`,
			email, strings.Split(email, "@")[0], string(role), now)
		return &auth.Principal{User: auth.User{ID: uid, Email: email, Name: strings.Split(email, "@")[0], Role: role}}
	}
	f.coord = user("coordinatie@test.example", auth.Coordinator)
	f.owner = user("eigenaar@test.example", auth.Member)
	f.stranger = user("ander@test.example", auth.Member)
	f.readOnly = &auth.Principal{User: f.coord.User, Scope: auth.ScopeRead}
	for i := range f.pillars {
		f.pillars[i] = id(`INSERT INTO pillars (position, name, created_at, updated_at) VALUES ($1, $2, $3, $3)`, i+1, "Pijler", now)
	}
	for i, pil := range []int64{f.pillars[0], f.pillars[0], f.pillars[1]} {
		f.goals[i] = id(`INSERT INTO goals (pillar_id, title, created_at, updated_at) VALUES ($1, $2, $3, $3)`, pil, "Doel", now)
	}
	for i, c := range []struct{ stage, enabler string }{{"production_distribution", "financing"}, {"treatment_rwd", "data_environment"}} {
		f.challenges[i] = id(`INSERT INTO challenges (title, stage, source, created_at, updated_at) VALUES ($1, $2, 'report', $3, $3)`,
			"Uitdaging", c.stage, now)
		if _, err := d.Write.ExecContext(ctx, `INSERT INTO challenge_enablers (challenge_id, enabler) VALUES ($1, $2)`,
			f.challenges[i], c.enabler); err != nil {
			t.Fatal(err)
		}
	}
	return f
}

func (f *fixture) count(t *testing.T, query string, args ...any) int {
	t.Helper()
	var n int
	if err := f.d.Read.QueryRowContext(context.Background(), query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// writes counts the rows a refused change must leave alone.
func (f *fixture) writes(t *testing.T) [5]int {
	t.Helper()
	return [5]int{f.count(t, `SELECT count(*) FROM actions`), f.count(t, `SELECT count(*) FROM action_relations`),
		f.count(t, `SELECT count(*) FROM action_checkins`), f.count(t, `SELECT count(*) FROM audit_log`),
		f.count(t, `SELECT count(*) FROM action_roles`)}
}

func (f *fixture) create(t *testing.T, p *auth.Principal, in Input) Action {
	t.Helper()
	a, err := f.s.CreateAction(context.Background(), p, in)
	if err != nil {
		t.Fatalf("create %q: %v", in.Title, err)
	}
	return a
}

func wantField(t *testing.T, err error, field, key string) {
	t.Helper()
	e := kern.AsError(err)
	if e == nil || e.Code != kern.Invalid || e.Fields[field] != key {
		t.Fatalf("got %v, want %s on %s", err, key, field)
	}
}

func TestCreateAndDerive(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		a := f.create(t, f.coord, Input{Title: "Commissie communicatie oprichten", OwnerGroup: "Actiegroep Zorg en toegang",
			OwnerID: &f.owner.User.ID, Status: InProgress, StartOn: date("2026-01-01"), DueOn: date("2026-03-01"), QuickWin: true,
			Weight: 2, ChallengeIDs: []int64{f.challenges[0]}, GoalIDs: []int64{f.goals[0], f.goals[2]},
			Roles: []RoleAssignment{{"care_providers", "accountable"}, {"patient_organisations", "consulted"}, {"companies", ""}}})
		if a.Status != InProgress || *a.OwnerID != f.owner.User.ID || a.OwnerName != "eigenaar" || a.Weight != 2 || !a.QuickWin {
			t.Errorf("created %+v", a)
		}
		if len(a.Roles) != 2 || a.RoleOf("care_providers") != "accountable" || a.RoleOf("companies") != "" {
			t.Errorf("roles %+v", a.Roles)
		}
		if len(a.Goals) != 2 || len(a.Challenges) != 1 {
			t.Errorf("links: goals %v, challenges %v", a.Goals, a.Challenges)
		}
		v, err := f.s.Action(ctx, f.stranger, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if !v.Overdue || v.Blocked || v.Progress != 0 || !v.Counted || v.LatestCheckIn != nil {
			t.Errorf("derived %+v", v.Derived)
		}
		if _, err := f.s.AddCheckIn(ctx, f.owner, a.ID, CheckInInput{Progress: 60, Confidence: "high", Note: "Leden geworven"}); err != nil {
			t.Fatal(err)
		}
		v, _ = f.s.Action(ctx, f.coord, a.ID)
		if v.Progress != 60 || v.LatestCheckIn == nil || v.LatestCheckIn.Confidence != "high" {
			t.Errorf("after a check-in: progress %v, latest %+v", v.Progress, v.LatestCheckIn)
		}
		goals, pillars, err := f.s.RollUp(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if goals[f.goals[0]].Percent != 60 || pillars[f.pillars[1]].Actions != 1 || len(goals) != 2 {
			t.Errorf("roll-up: goals %v, pillars %v", goals, pillars)
		}
		if n := f.count(t, `SELECT count(*) FROM audit_log WHERE entity = 'action' AND action = 'create'`); n != 1 {
			t.Errorf("%d audit rows for the creation", n)
		}
	})
}

func TestProposalByAMember(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		a := f.create(t, f.owner, Input{Title: "Kennisplatform opzetten", Status: Done, OwnerID: &f.stranger.User.ID})
		if a.Status != Proposed || a.OwnerID == nil || *a.OwnerID != f.owner.User.ID {
			t.Fatalf("a member's action: status %s, owner %v; want a proposal owned by the member", a.Status, a.OwnerID)
		}
		in := Input{Title: "Kennisplatform opzetten", Status: Planned}
		_, err := f.s.UpdateAction(ctx, f.owner, a.ID, in)
		wantField(t, err, "status", "actions.accept_by_coordinator")
		in.Status, in.OwnerID = Proposed, &f.stranger.User.ID
		_, err = f.s.UpdateAction(ctx, f.owner, a.ID, in)
		wantField(t, err, "owner_id", "actions.owner_change_forbidden")
		if _, err := f.s.UpdateAction(ctx, f.coord, a.ID, Input{Title: a.Title, Status: Planned}); err != nil {
			t.Fatal(err)
		}
		after, err := f.s.UpdateAction(ctx, f.owner, a.ID, Input{Title: "Kennisplatform opzetten (landelijk)", Status: InProgress})
		if err != nil {
			t.Fatalf("the owner moves their planned action on: %v", err)
		}
		if after.Status != InProgress || *after.OwnerID != f.owner.User.ID {
			t.Errorf("after the owner's edit: %+v", after)
		}
	})
}

// Bad input: each refused with a message on the field, and nothing written.
func TestBadInputWritesNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		a := f.create(t, f.coord, Input{Title: "A", OwnerID: &f.owner.User.ID, Status: Planned})
		b := f.create(t, f.coord, Input{Title: "B", Status: Planned})
		c := f.create(t, f.coord, Input{Title: "C", Status: Planned})
		for _, r := range []struct {
			from int64
			in   RelationInput
		}{{a.ID, RelationInput{ToID: b.ID, Kind: Blocks}}, {b.ID, RelationInput{ToID: c.ID, Kind: Precedes, LagDays: 14}}} {
			if _, err := f.s.AddRelation(ctx, f.coord, r.from, r.in); err != nil {
				t.Fatal(err)
			}
		}
		base := Input{Title: "Registratie nucleair radiologen", Status: Planned}
		with := func(change func(in *Input)) Input { in := base; change(&in); return in }
		for _, tc := range []struct {
			name       string
			do         func() error
			code       kern.Code
			field, key string
		}{
			{"due date before start", func() error {
				_, err := f.s.CreateAction(ctx, f.coord, with(func(in *Input) { in.StartOn, in.DueOn = date("2026-05-01"), date("2026-04-30") }))
				return err
			}, kern.Invalid, "due_on", "actions.due_before_start"},
			{"dropped without a reason", func() error {
				_, err := f.s.UpdateAction(ctx, f.coord, a.ID, with(func(in *Input) { in.Status = Dropped }))
				return err
			}, kern.Invalid, "drop_reason", "actions.drop_reason_required"},
			{"two accountable groups", func() error {
				_, err := f.s.CreateAction(ctx, f.coord, with(func(in *Input) {
					in.Roles = []RoleAssignment{{"governments", "accountable"}, {"researchers", "accountable"}}
				}))
				return err
			}, kern.Invalid, "roles", "actions.one_accountable"},
			{"negative weight", func() error {
				_, err := f.s.CreateAction(ctx, f.coord, with(func(in *Input) { in.Weight = -1 }))
				return err
			}, kern.Invalid, "weight", "actions.weight_positive"},
			{"unknown goal", func() error {
				_, err := f.s.CreateAction(ctx, f.coord, with(func(in *Input) { in.GoalIDs = []int64{999999} }))
				return err
			}, kern.Invalid, "goal_ids", "actions.link_unknown"},
			{"progress above 100", func() error {
				_, err := f.s.AddCheckIn(ctx, f.owner, a.ID, CheckInInput{Progress: 101})
				return err
			}, kern.Invalid, "progress", "actions.progress_range"},
			{"progress below 0", func() error {
				_, err := f.s.AddCheckIn(ctx, f.owner, a.ID, CheckInInput{Progress: -5})
				return err
			}, kern.Invalid, "progress", "actions.progress_range"},
			{"check-in in the future", func() error {
				_, err := f.s.AddCheckIn(ctx, f.owner, a.ID, CheckInInput{Progress: 5, CheckedOn: date("2026-03-16")})
				return err
			}, kern.Invalid, "checked_on", "actions.checkin_future"},
			{"a dependency that closes a cycle", func() error {
				_, err := f.s.AddRelation(ctx, f.coord, c.ID, RelationInput{ToID: a.ID, Kind: Blocks})
				if e := kern.AsError(err); e == nil || len(e.Args) != 1 || e.Args[0] != "“C” → “A” → “B” → “C”" {
					t.Errorf("the cycle is named %v", err)
				}
				return err
			}, kern.Invalid, "to_id", "actions.relation_cycle_field"},
			{"an action blocking itself", func() error {
				_, err := f.s.AddRelation(ctx, f.coord, a.ID, RelationInput{ToID: a.ID, Kind: Blocks})
				return err
			}, kern.Invalid, "to_id", "actions.relation_self"},
			{"the same relation twice", func() error {
				_, err := f.s.AddRelation(ctx, f.coord, a.ID, RelationInput{ToID: b.ID, Kind: Blocks})
				return err
			}, kern.Invalid, "to_id", "actions.relation_exists"},
			{"a non-coordinator edits another's action", func() error {
				_, err := f.s.UpdateAction(ctx, f.stranger, a.ID, with(func(in *Input) { in.Title = "Gekaapt" }))
				return err
			}, kern.Forbidden, "", ""},
			{"a non-coordinator checks in on another's action", func() error {
				_, err := f.s.AddCheckIn(ctx, f.stranger, a.ID, CheckInInput{Progress: 50})
				return err
			}, kern.Forbidden, "", ""},
			{"a non-coordinator relates another's action", func() error {
				_, err := f.s.AddRelation(ctx, f.stranger, a.ID, RelationInput{ToID: c.ID, Kind: Relates})
				return err
			}, kern.Forbidden, "", ""},
			{"the owner deletes instead of dropping", func() error { return f.s.DeleteAction(ctx, f.owner, a.ID) }, kern.Forbidden, "", ""},
			{"a read-only token", func() error {
				_, err := f.s.CreateAction(ctx, f.readOnly, base)
				return err
			}, kern.Forbidden, "", ""},
		} {
			t.Run(tc.name, func(t *testing.T) {
				before := f.writes(t)
				err := tc.do()
				if tc.field != "" {
					wantField(t, err, tc.field, tc.key)
				} else if kern.ErrorCode(err) != tc.code {
					t.Fatalf("got %v, want %s", err, tc.code)
				}
				if after := f.writes(t); after != before {
					t.Errorf("rows (actions, relations, check-ins, audit, roles) went from %v to %v", before, after)
				}
			})
		}
		got, _ := f.s.Action(ctx, f.coord, a.ID)
		if got.Title != "A" {
			t.Errorf("title is %q after the refused edits", got.Title)
		}
	})
}

func TestListFiltersAndRelations(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		isotopes := f.create(t, f.coord, Input{Title: "Leveringszekerheid isotopen borgen", OwnerGroup: "Actiegroep Isotopenvoorziening",
			Status: InProgress, StartOn: date("2026-01-01"), DueOn: date("2026-02-01"), ChallengeIDs: []int64{f.challenges[0]},
			Roles: []RoleAssignment{{"isotope_production", "responsible"}}})
		registry := f.create(t, f.coord, Input{Title: "Register radionuclidetherapie", OwnerGroup: "Actiegroep Data en registries",
			Status: Planned, StartOn: date("2026-02-01"), DueOn: date("2026-12-01"), QuickWin: true, ChallengeIDs: []int64{f.challenges[1]},
			Roles: []RoleAssignment{{"care_providers", "accountable"}, {"isotope_production", "informed"}}})
		done := f.create(t, f.coord, Input{Title: "Patiëntenfolder", Status: Done, QuickWin: true})
		if _, err := f.s.AddRelation(ctx, f.coord, isotopes.ID, RelationInput{ToID: registry.ID, Kind: Precedes, LagDays: 7}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.AddRelation(ctx, f.coord, done.ID, RelationInput{ToID: registry.ID, Kind: Relates}); err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			f    Filter
			want []int64
		}{
			{"all, by due date, undated last", Filter{}, []int64{isotopes.ID, registry.ID, done.ID}},
			{"overdue", Filter{Overdue: true}, []int64{isotopes.ID}},
			{"blocked", Filter{Blocked: true}, []int64{registry.ID}},
			{"critical", Filter{Critical: true}, []int64{isotopes.ID, registry.ID}},
			{"quick wins", Filter{QuickWin: true}, []int64{registry.ID, done.ID}},
			{"status", Filter{Status: "done"}, []int64{done.ID}},
			{"owner group", Filter{OwnerGroup: "Actiegroep Data en registries"}, []int64{registry.ID}},
			{"stakeholder group in any role", Filter{Group: "isotope_production"}, []int64{isotopes.ID, registry.ID}},
			{"stakeholder group in one role", Filter{Group: "isotope_production", Role: "informed"}, []int64{registry.ID}},
			{"stage of a linked challenge", Filter{Stage: "production_distribution"}, []int64{isotopes.ID}},
			{"enabler of a linked challenge", Filter{Enabler: "data_environment"}, []int64{registry.ID}},
			{"search ignores accents and case", Filter{Q: "PATIENTEN"}, []int64{done.ID}},
			{"search in the owner group", Filter{Q: "isotopenvoorziening"}, []int64{isotopes.ID}},
			{"by title", Filter{Sort: "title"}, []int64{isotopes.ID, done.ID, registry.ID}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				list, total, err := f.s.Actions(ctx, f.stranger, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				var got []int64
				for _, v := range list {
					got = append(got, v.ID)
				}
				if total != len(tc.want) || len(got) != len(tc.want) {
					t.Fatalf("got %v (total %d), want %v", got, total, tc.want)
				}
				for i := range got {
					if got[i] != tc.want[i] {
						t.Fatalf("got %v, want %v", got, tc.want)
					}
				}
			})
		}
		if _, _, err := f.s.Actions(ctx, f.stranger, Filter{Stage: "moon"}); kern.ErrorCode(err) != kern.Invalid {
			t.Errorf("unknown stage: %v", err)
		}
		rels, err := f.s.Relations(ctx, f.stranger, registry.ID)
		if err != nil || len(rels) != 2 || rels[0].FromTitle != isotopes.Title || rels[0].LagDays != 7 {
			t.Fatalf("relations of the registry: %+v, %v", rels, err)
		}
		if err := f.s.DeleteRelation(ctx, f.coord, registry.ID, rels[0].ID); err != nil {
			t.Fatal(err)
		}
		if v, _ := f.s.Action(ctx, f.coord, registry.ID); v.Blocked {
			t.Error("still blocked after the relation was removed")
		}
		if err := f.s.DeleteAction(ctx, f.coord, done.ID); err != nil {
			t.Fatal(err)
		}
		if n := f.count(t, `SELECT count(*) FROM action_relations`); n != 0 {
			t.Errorf("%d relations left after deleting their action", n)
		}
	})
}

func TestLoadDemo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		if err := LoadDemo(ctx, f.s); err != nil {
			t.Fatal(err)
		}
		b, err := f.s.Board(ctx, f.coord)
		if err != nil {
			t.Fatal(err)
		}
		if len(b.Actions) != len(demoActions) {
			t.Fatalf("%d demo actions, want %d", len(b.Actions), len(demoActions))
		}
		var overdue, quickDone, blocked, critical int
		for _, a := range b.Actions {
			dv := b.Derived[a.ID]
			if dv.Overdue {
				overdue++
			}
			if a.QuickWin && a.Status == Done {
				quickDone++
			}
			if dv.Blocked {
				blocked++
			}
			if dv.Critical {
				critical++
			}
			if len(a.Roles) == 0 {
				t.Errorf("%q has no roles", a.Title)
			}
		}
		if overdue == 0 || quickDone < 3 || blocked == 0 || critical == 0 {
			t.Errorf("demo: %d overdue, %d quick wins done, %d blocked, %d critical", overdue, quickDone, blocked, critical)
		}
	})
}

func TestRemindOverdueOncePerDueDate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		ctx := context.Background()
		cat, err := i18n.Load(CatalogFS)
		if err != nil {
			t.Fatal(err)
		}
		f.s.Catalog, f.s.BaseURL = cat, "https://kern.example"
		f.s.Notify = &notify.Service{DB: d, Catalog: cat, BaseURL: f.s.BaseURL}
		late := f.create(t, f.coord, Input{Title: "Te laat", OwnerID: &f.owner.User.ID, Status: InProgress, DueOn: date("2026-03-01")})
		f.create(t, f.coord, Input{Title: "Op tijd", OwnerID: &f.owner.User.ID, Status: InProgress, DueOn: date("2026-04-01")})
		f.create(t, f.coord, Input{Title: "Klaar", OwnerID: &f.owner.User.ID, Status: Done, DueOn: date("2026-01-01")})
		mails := func() int { return f.count(t, `SELECT count(*) FROM outbox`) }
		for i := 0; i < 2; i++ {
			if err := f.s.RemindOverdue(ctx, ""); err != nil {
				t.Fatal(err)
			}
		}
		if n := mails(); n != 1 {
			t.Fatalf("%d reminders after two daily runs, want 1 (the overdue action, once)", n)
		}
		var to, subject string
		if err := d.Read.QueryRow(`SELECT to_addr, subject FROM outbox`).Scan(&to, &subject); err != nil {
			t.Fatal(err)
		}
		if to != "eigenaar@test.example" || subject != "Actie over tijd: Te laat" {
			t.Errorf("reminder to %s: %s", to, subject)
		}
		// The due date moves and passes again: one more reminder.
		in := Input{Title: late.Title, Status: InProgress, DueOn: date("2026-03-20")}
		if _, err := f.s.UpdateAction(ctx, f.coord, late.ID, in); err != nil {
			t.Fatal(err)
		}
		if err := f.s.RemindOverdue(ctx, ""); err != nil {
			t.Fatal(err)
		}
		if n := mails(); n != 1 {
			t.Errorf("%d reminders before the new due date, want 1", n)
		}
		f.s.Now = func() time.Time { return time.Date(2026, 3, 25, 9, 0, 0, 0, time.UTC) }
		if err := f.s.RemindOverdue(ctx, ""); err != nil {
			t.Fatal(err)
		}
		if n := mails(); n != 2 {
			t.Errorf("%d reminders after the due date moved, want 2", n)
		}
	})
}

func TestPublicActions(t *testing.T) {
	d := dbtest.SQLite(t)
	f := newFixture(t, d)
	f.create(t, f.coord, Input{Title: "Intern", Status: Planned})
	f.create(t, f.coord, Input{Title: "Openbaar lopend", Status: InProgress, Public: true})
	f.create(t, f.coord, Input{Title: "Openbaar vervallen", Status: Dropped, DropReason: "x", Public: true})
	f.create(t, f.coord, Input{Title: "Quick win", Status: Done, QuickWin: true, Public: true})
	list, err := f.s.Public(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 || list[0].Title != "Quick win" || list[0].Progress != 100 || list[1].Title != "Openbaar lopend" {
		t.Errorf("public actions %+v", list)
	}
}
