package meetings

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/gov"
	"kern/internal/notify"
	"kern/internal/plan/actions"
	"kern/internal/web"
	"kern/internal/web/i18n"
)

// fixture is a steering group with a chair, a secretary and a member, each with an account.
type fixture struct {
	s                           *Service
	d                           *db.DB
	body                        int64
	chair, secretary, member    *auth.Principal
	coordinator                 *auth.Principal
	chairP, secretaryP, memberP int64
}

var now = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

func setup(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	cat, err := i18n.Load(web.CatalogFS, CatalogFS, notify.CatalogFS, gov.CatalogFS, actions.CatalogFS)
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return now }
	ns := &notify.Service{DB: d, Catalog: cat, Now: clock}
	f := &fixture{d: d}
	f.s = &Service{DB: d, Gov: &gov.Service{DB: d, Notify: ns, Catalog: cat, Now: clock}, Actions: &actions.Service{DB: d, Now: clock},
		Notify: ns, BaseURL: "https://kern.example", Now: clock}
	exec := func(query string, args ...any) int64 {
		t.Helper()
		var id int64
		if err := d.Write.QueryRowContext(ctx, query+" RETURNING id", args...).Scan(&id); err != nil {
			t.Fatalf("%s: %v", query, err)
		}
		return id
	}
	person := func(given, family string) int64 {
		return exec(`INSERT INTO people (given_name, family_name, email, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`,
			given, family, strings.ToLower(given)+"@kern.example", now)
	}
	user := func(name string, role auth.Role, person int64) *auth.Principal {
		var pid any
		if person != 0 {
			pid = person
		}
		id := exec(`INSERT INTO users (email, name, role, person_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)`,
			strings.ToLower(strings.ReplaceAll(name, " ", "."))+"@kern.example", name, role, pid, now)
		return &auth.Principal{User: auth.User{ID: id, Name: name, Role: role, Email: name}}
	}
	f.chairP, f.secretaryP, f.memberP = person("Anna", "Voorzitter"), person("Bram", "Secretaris"), person("Cees", "Lid")
	f.chair, f.secretary = user("Anna Voorzitter", auth.Member, f.chairP), user("Bram Secretaris", auth.Member, f.secretaryP)
	f.member, f.coordinator = user("Cees Lid", auth.Member, f.memberP), user("Coördinatie", auth.Coordinator, 0)
	f.body = exec(`INSERT INTO bodies (kind, name, rhythm, created_at, updated_at) VALUES ('steering_group', 'Stuurgroep', 'quarterly', $1, $1)`, now)
	for _, s := range []struct {
		person int64
		role   string
	}{{f.chairP, "chair"}, {f.secretaryP, "secretary"}, {f.memberP, "member"}} {
		exec(`INSERT INTO seats (body_id, person_id, role, term_start, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $5)`,
			f.body, s.person, s.role, time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC), now)
	}
	return f
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, gov.Amsterdam)
	if err != nil {
		panic(err)
	}
	return t.UTC()
}

func (f *fixture) meeting(t *testing.T, title, start string) Meeting {
	t.Helper()
	m, err := f.s.CreateMeeting(context.Background(), f.chair, f.body, Input{Title: title, StartsAt: at(start),
		EndsAt: at(start).Add(2 * time.Hour), Location: "Utrecht, zaal 1"})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestSeriesDates(t *testing.T) {
	day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
	for _, tc := range []struct {
		name  string
		in    SeriesInput
		n     int
		first string
		last  string
	}{
		{"monthly for a year", SeriesInput{Rhythm: "monthly", From: day("2026-01-15"), To: day("2026-12-31")}, 12, "2026-01-15", "2026-12-15"},
		{"monthly from the 31st keeps to month ends", SeriesInput{Rhythm: "monthly", From: day("2026-01-31"), To: day("2026-04-30")}, 4, "2026-01-31", "2026-04-30"},
		{"quarterly", SeriesInput{Rhythm: "quarterly", From: day("2026-02-01"), To: day("2027-01-31")}, 4, "2026-02-01", "2026-11-01"},
		{"weekly", SeriesInput{Rhythm: "weekly", From: day("2026-03-02"), To: day("2026-03-30")}, 5, "2026-03-02", "2026-03-30"},
		{"yearly", SeriesInput{Rhythm: "yearly", From: day("2026-06-01"), To: day("2030-06-01")}, 5, "2026-06-01", "2030-06-01"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := tc.in.Dates()
			if len(got) != tc.n || got[0].Format("2006-01-02") != tc.first || got[len(got)-1].Format("2006-01-02") != tc.last {
				t.Fatalf("got %d dates %v … %v", len(got), got[0], got[len(got)-1])
			}
		})
	}
	if got := At(day("2026-07-01"), "14:00"); !got.Equal(time.Date(2026, 7, 1, 12, 0, 0, 0, time.UTC)) {
		t.Fatalf("14:00 in Amsterdam summer time is %v", got)
	}
}

// TestMeetingFromAgendaToClosedMinutes is a chair's meeting: agenda with a parked item, attendance,
// two numbered decisions and a new action in the action plan, minutes, closing; afterwards the
// refusals of a closed meeting, the amendment and the parked item on the next meeting.
func TestMeetingFromAgendaToClosedMinutes(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		m := f.meeting(t, "Stuurgroep Q1", "2026-03-12 14:00")
		if n := count(t, d, `SELECT count(*) FROM notifications WHERE kind = 'meeting_scheduled'`); n != 3 {
			t.Fatalf("scheduling told %d seat holders, want 3", n)
		}
		opening, err := f.s.AddItem(ctx, f.chair, m.ID, ItemInput{Title: "Opening", DurationMinutes: 5, PresenterID: &f.chairP})
		if err != nil {
			t.Fatal(err)
		}
		parked, err := f.s.AddItem(ctx, f.secretary, m.ID, ItemInput{Title: "Begroting 2027", DurationMinutes: 30, PresenterText: "Penningmeester"})
		if err != nil {
			t.Fatal(err)
		}
		if opening.Presenter != "Anna Voorzitter" || parked.Presenter != "Penningmeester" || parked.Position != 2 {
			t.Fatalf("items: %+v %+v", opening, parked)
		}
		if _, err := f.s.ParkItem(ctx, f.chair, m.ID, parked.ID, true); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SetAttendance(ctx, f.chair, m.ID, AttendanceInput{Statuses: map[int64]string{f.chairP: "present",
			f.secretaryP: "present", f.memberP: "excused"}, Guests: []string{"Gast Spreker"}}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SetState(ctx, f.chair, m.ID, InProgress); err != nil {
			t.Fatal(err)
		}
		d1, err := f.s.AddOutcome(ctx, f.chair, m.ID, OutcomeInput{Kind: Decision, Text: "De stuurgroep stelt het actieplan vast.", ItemID: &opening.ID})
		if err != nil {
			t.Fatal(err)
		}
		d2, err := f.s.AddOutcome(ctx, f.chair, m.ID, OutcomeInput{Kind: Decision, Text: "Tweede besluit."})
		if err != nil {
			t.Fatal(err)
		}
		if d1.Number != "D-2026-001" || d2.Number != "D-2026-002" || d1.DecidedOn != "2026-03-12" {
			t.Fatalf("decisions numbered %s, %s on %v", d1.Number, d2.Number, d1.DecidedOn)
		}
		act, err := f.s.AddOutcome(ctx, f.chair, m.ID, OutcomeInput{Kind: NewAction, Text: "Verkenning isotopenreserve\nMet de producenten."})
		if err != nil {
			t.Fatal(err)
		}
		var owner, title, status string
		if err := d.Read.QueryRow(`SELECT owner_group, title, status FROM actions WHERE id = $1`, *act.ActionID).Scan(&owner, &title, &status); err != nil {
			t.Fatal(err)
		}
		if owner != "Stuurgroep" || title != "Verkenning isotopenreserve" || status != "proposed" {
			t.Fatalf("the new action: %q %q %q", owner, title, status)
		}
		if _, err := f.s.SaveMinutes(ctx, f.secretary, m.ID, MinutesInput{Text: "# Notulen\n\nConcept."}); err != nil {
			t.Fatal(err)
		}
		if _, err := f.s.SaveMinutes(ctx, f.secretary, m.ID, MinutesInput{Text: "# Notulen\n\nVastgesteld."}); err != nil {
			t.Fatal(err)
		}
		next := f.meeting(t, "Stuurgroep Q2", "2026-06-11 14:00")
		if _, err := f.s.SetState(ctx, f.chair, m.ID, Closed); err != nil {
			t.Fatal(err)
		}
		nd, err := f.s.Meeting(ctx, f.member, next.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(nd.Agenda) != 1 || nd.Agenda[0].Title != "Begroting 2027" || nd.Agenda[0].CarriedFrom == nil || *nd.Agenda[0].CarriedFrom != parked.ID {
			t.Fatalf("the parked item was not carried to the next meeting: %+v", nd.Agenda)
		}

		// A closed meeting refuses changes and writes nothing.
		before := fmt.Sprint(count(t, d, `SELECT count(*) FROM meeting_outcomes`), count(t, d, `SELECT count(*) FROM meeting_minutes`),
			count(t, d, `SELECT count(*) FROM audit_log`), count(t, d, `SELECT count(*) FROM actions`))
		for _, tc := range []struct {
			name string
			do   func() error
			code kern.Code
			key  string
		}{
			{"a decision on a closed meeting", func() error {
				_, err := f.s.AddOutcome(ctx, f.chair, m.ID, OutcomeInput{Kind: Decision, Text: "Te laat."})
				return err
			}, kern.Conflict, "meetings.outcome_closed"},
			{"a new action on a closed meeting", func() error {
				_, err := f.s.AddOutcome(ctx, f.chair, m.ID, OutcomeInput{Kind: NewAction, Text: "Te laat."})
				return err
			}, kern.Conflict, "meetings.outcome_closed"},
			{"editing closed minutes in place", func() error {
				_, err := f.s.SaveMinutes(ctx, f.chair, m.ID, MinutesInput{Text: "Herschreven."})
				return err
			}, kern.Conflict, "meetings.minutes_frozen"},
			{"an amendment without a reason", func() error {
				_, err := f.s.AmendMinutes(ctx, f.chair, m.ID, MinutesInput{Text: "Herschreven."})
				return err
			}, kern.Invalid, "error.invalid"},
			{"an agenda item on a closed meeting", func() error {
				_, err := f.s.AddItem(ctx, f.chair, m.ID, ItemInput{Title: "Nog iets"})
				return err
			}, kern.Conflict, "meetings.closed"},
			{"reopening", func() error { _, err := f.s.SetState(ctx, f.chair, m.ID, Open); return err }, kern.Conflict, "meetings.closed"},
			{"amending minutes of an open meeting", func() error {
				_, err := f.s.AmendMinutes(ctx, f.chair, next.ID, MinutesInput{Text: "x", Reason: "y"})
				return err
			}, kern.Conflict, "meetings.amend_not_closed"},
			{"skipping in progress", func() error { _, err := f.s.SetState(ctx, f.chair, next.ID, Closed); return err }, kern.Invalid, "error.invalid"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				err := tc.do()
				if e := kern.AsError(err); e == nil || e.Code != tc.code || e.Key != tc.key {
					t.Fatalf("got %v, want %s %s", err, tc.code, tc.key)
				}
				after := fmt.Sprint(count(t, d, `SELECT count(*) FROM meeting_outcomes`), count(t, d, `SELECT count(*) FROM meeting_minutes`),
					count(t, d, `SELECT count(*) FROM audit_log`), count(t, d, `SELECT count(*) FROM actions`))
				if after != before {
					t.Fatalf("a refused change wrote: %s → %s", before, after)
				}
			})
		}

		// An amendment is a new version; the old one stays.
		if _, err := f.s.AmendMinutes(ctx, f.secretary, m.ID, MinutesInput{Text: "# Notulen\n\nVastgesteld, met correctie.", Reason: "Spelfout"}); err != nil {
			t.Fatal(err)
		}
		md, err := f.s.Meeting(ctx, f.member, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(md.Versions) != 2 || md.Minutes.Version != 2 || md.Versions[1].Text != "# Notulen\n\nVastgesteld." || md.Minutes.Reason != "Spelfout" {
			t.Fatalf("versions: %+v", md.Versions)
		}
		if len(md.Attendance) != 4 || md.Attendance[2].Status != "excused" || !md.Attendance[3].Guest || md.Attendance[0].Role != "chair" {
			t.Fatalf("attendance: %+v", md.Attendance)
		}
		list, total, err := f.s.Decisions(ctx, f.member, DecisionFilter{Q: "actieplan", PerPage: 10})
		if err != nil || total != 1 || list[0].Number != "D-2026-001" {
			t.Fatalf("decisions search: %d %+v %v", total, list, err)
		}
	})
}

// TestOnlyManagersChangeMeetings: a member of the body (not chair or secretary) is refused every
// change, and nothing is written.
func TestOnlyManagersChangeMeetings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		m := f.meeting(t, "Stuurgroep", "2026-03-12 14:00")
		item, err := f.s.AddItem(ctx, f.coordinator, m.ID, ItemInput{Title: "Opening"})
		if err != nil {
			t.Fatalf("the coordinator adds an item: %v", err)
		}
		ro := &auth.Principal{User: f.chair.User, Scope: auth.ScopeRead, TokenID: 1}
		in := Input{Title: "Verplaatst", StartsAt: at("2026-03-13 10:00"), EndsAt: at("2026-03-13 12:00")}
		rows := func() string {
			return fmt.Sprint(count(t, d, `SELECT count(*) FROM meetings`), count(t, d, `SELECT count(*) FROM agenda_items`),
				count(t, d, `SELECT count(*) FROM audit_log`), count(t, d, `SELECT count(*) FROM meeting_outcomes`))
		}
		for _, p := range []*auth.Principal{f.member, ro} {
			for name, do := range map[string]func() error{
				"create":  func() error { _, err := f.s.CreateMeeting(ctx, p, f.body, in); return err },
				"series":  func() error { _, err := f.s.CreateSeries(ctx, p, f.body, SeriesInput{Title: "x"}); return err },
				"update":  func() error { _, err := f.s.UpdateMeeting(ctx, p, m.ID, in); return err },
				"invalid": func() error { _, err := f.s.UpdateMeeting(ctx, p, m.ID, Input{}); return err },
				"state":   func() error { _, err := f.s.SetState(ctx, p, m.ID, InProgress); return err },
				"item":    func() error { _, err := f.s.AddItem(ctx, p, m.ID, ItemInput{Title: "x"}); return err },
				"park":    func() error { _, err := f.s.ParkItem(ctx, p, m.ID, item.ID, true); return err },
				"delete":  func() error { return f.s.DeleteItem(ctx, p, m.ID, item.ID) },
				"outcome": func() error {
					_, err := f.s.AddOutcome(ctx, p, m.ID, OutcomeInput{Kind: Information, Text: "x"})
					return err
				},
				"minutes": func() error { _, err := f.s.SaveMinutes(ctx, p, m.ID, MinutesInput{Text: "x"}); return err },
			} {
				t.Run(p.User.Name+" "+name, func(t *testing.T) {
					before := rows()
					if code := kern.ErrorCode(do()); code != kern.Forbidden {
						t.Fatalf("got %s, want forbidden", code)
					}
					if after := rows(); after != before {
						t.Fatalf("wrote %s → %s", before, after)
					}
				})
			}
		}
		if !f.s.CanManage(ctx, f.secretary, f.body) || f.s.CanManage(ctx, f.member, f.body) {
			t.Fatal("CanManage: the secretary manages, a member does not")
		}
	})
}

func TestSeriesNoticeAndLastMet(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		day := func(s string) time.Time { d, _ := time.Parse("2006-01-02", s); return d }
		first := f.meeting(t, "Vorige", "2025-12-04 10:00")
		item, _ := f.s.AddItem(ctx, f.chair, first.ID, ItemInput{Title: "Geparkeerd"})
		f.s.ParkItem(ctx, f.chair, first.ID, item.ID, true)
		list, err := f.s.CreateSeries(ctx, f.chair, f.body, SeriesInput{Title: "Stuurgroep", From: day("2026-01-08"), To: day("2026-12-31"),
			Clock: "14:00", Minutes: 120, Location: "Utrecht"})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 4 || list[0].StartsAt != at("2026-01-08 14:00") || list[3].SeriesID == nil {
			t.Fatalf("a quarterly series of a year: %d meetings, first %v", len(list), list[0].StartsAt)
		}
		d0, _ := f.s.Meeting(ctx, f.chair, list[0].ID)
		if len(d0.Agenda) != 1 || d0.Agenda[0].Title != "Geparkeerd" {
			t.Fatalf("the series' first meeting did not take the parked item: %+v", d0.Agenda)
		}
		// 3 for the one-off meeting, 3 for the whole series.
		if n := count(t, d, `SELECT count(*) FROM notifications WHERE kind = 'meeting_scheduled'`); n != 6 {
			t.Fatalf("%d notices, want 6", n)
		}
		met, err := f.s.LastMet(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if !met[f.body].Equal(list[0].StartsAt) {
			t.Fatalf("last met %v, want %v", met[f.body], list[0].StartsAt)
		}
		// Moving a meeting tells the seat holders and raises its sequence.
		moved, err := f.s.UpdateMeeting(ctx, f.chair, list[1].ID, Input{Title: "Stuurgroep", StartsAt: at("2026-04-09 10:00"), EndsAt: at("2026-04-09 12:00")})
		if err != nil || moved.Sequence != 1 {
			t.Fatalf("moved: %+v %v", moved, err)
		}
		if n := count(t, d, `SELECT count(*) FROM notifications WHERE kind = 'meeting_scheduled'`); n != 9 {
			t.Fatalf("%d notices after the move, want 9", n)
		}
	})
}

func TestRemindMissingMinutesOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		without := f.meeting(t, "Zonder notulen", "2026-03-02 10:00")
		with := f.meeting(t, "Met notulen", "2026-03-03 10:00")
		recent := f.meeting(t, "Gisteren", "2026-03-09 10:00")
		if _, err := f.s.SaveMinutes(ctx, f.chair, with.ID, MinutesInput{Text: "Notulen"}); err != nil {
			t.Fatal(err)
		}
		_ = recent
		for range 2 {
			if err := f.s.RemindMissingMinutes(ctx, ""); err != nil {
				t.Fatal(err)
			}
		}
		rows, err := d.Read.Query(`SELECT u.name, n.link FROM notifications n JOIN users u ON u.id = n.user_id WHERE n.kind = 'minutes_missing' ORDER BY u.name`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var got []string
		for rows.Next() {
			var name, link string
			rows.Scan(&name, &link)
			got = append(got, name+" "+link)
		}
		want := fmt.Sprintf("[Anna Voorzitter /meetings/%d Bram Secretaris /meetings/%d]", without.ID, without.ID)
		if fmt.Sprint(got) != want {
			t.Fatalf("reminders %v, want %s", got, want)
		}
	})
}

func TestCalendarFeeds(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := setup(t, d)
		ctx := context.Background()
		m, err := f.s.CreateMeeting(ctx, f.chair, f.body, Input{Title: "Stuurgroep; voorjaar, met een heel lange titel die de regel van vijfenzeventig octetten overschrijdt — één",
			StartsAt: at("2026-03-12 14:00"), EndsAt: at("2026-03-12 16:00"), Location: "Utrecht, zaal 1", VideoURL: "https://video.example/abc"})
		if err != nil {
			t.Fatal(err)
		}
		token, err := f.s.NewCalendarToken(ctx, f.member)
		if err != nil {
			t.Fatal(err)
		}
		if n := count(t, d, `SELECT count(*) FROM calendar_tokens WHERE token_hash = $1`, token); n != 0 {
			t.Fatal("the token is stored as it is")
		}
		name, list, err := f.s.PersonFeed(ctx, token)
		if err != nil || name != "Cees Lid" || len(list) != 1 {
			t.Fatalf("person feed: %q %d %v", name, len(list), err)
		}
		ics := string(ICS(name, f.s.BaseURL, list))
		for _, want := range []string{"BEGIN:VCALENDAR\r\n", fmt.Sprintf("UID:meeting-%d@kern.example\r\n", m.ID),
			"DTSTART:20260312T130000Z\r\n", "DTEND:20260312T150000Z\r\n", `LOCATION:Utrecht\, zaal 1`,
			fmt.Sprintf("URL:https://kern.example/meetings/%d\r\n", m.ID), "SUMMARY:Stuurgroep: Stuurgroep\\; voorjaar\\,", "END:VCALENDAR\r\n"} {
			if !strings.Contains(ics, want) {
				t.Errorf("feed lacks %q:\n%s", want, ics)
			}
		}
		for _, line := range strings.Split(strings.TrimSuffix(ics, "\r\n"), "\r\n") {
			if len(line) > 75 || strings.Contains(line, "\n") {
				t.Errorf("line of %d octets or with a bare newline: %q", len(line), line)
			}
		}
		if !strings.Contains(ics, "\r\n ") {
			t.Error("the long summary was not folded")
		}
		if _, _, err := f.s.PersonFeed(ctx, "not-a-token"); kern.ErrorCode(err) != kern.NotFound {
			t.Fatalf("an unknown token: %v", err)
		}
		if _, _, err := f.s.BodyFeedWithToken(ctx, token, f.body); err != nil {
			t.Fatal(err)
		}
		if err := f.s.RevokeCalendarToken(ctx, f.member); err != nil {
			t.Fatal(err)
		}
		if _, _, err := f.s.PersonFeed(ctx, token); kern.ErrorCode(err) != kern.NotFound {
			t.Fatalf("a revoked token still works: %v", err)
		}
	})
}
