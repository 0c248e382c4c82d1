package gov_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/gov"
)

var coordinator = &auth.Principal{User: auth.User{Role: auth.Coordinator, Email: "c@example.org"}, SessionID: "s"}

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func ptr[T any](v T) *T { return &v }

// fixture: people 1..n and an account for person 1 (the chair-to-be) and person 2 (a member).
func fixture(t *testing.T, d *db.DB, n int) (chair, member *auth.Principal, people []int64) {
	t.Helper()
	now := time.Now().UTC()
	for i := range n {
		var id int64
		if err := d.Write.QueryRow(`INSERT INTO people (given_name, family_name, created_at, updated_at) VALUES ($1, 'Proef', $2, $2) RETURNING id`,
			"Persoon"+string(rune('A'+i)), now).Scan(&id); err != nil {
			t.Fatal(err)
		}
		people = append(people, id)
	}
	account := func(email string, person int64) *auth.Principal {
		var id int64
		if err := d.Write.QueryRow(`INSERT INTO users (email, name, role, person_id, created_at, updated_at) VALUES ($1, $1, 'member', $2, $3, $3) RETURNING id`,
			email, person, now).Scan(&id); err != nil {
			t.Fatal(err)
		}
		return &auth.Principal{User: auth.User{ID: id, Role: auth.Member, Email: email}, SessionID: "s"}
	}
	return account("chair@example.org", people[0]), account("member@example.org", people[1]), people
}

func count(t *testing.T, d *db.DB, table string) int {
	t.Helper()
	var n int
	if err := d.Read.QueryRow(`SELECT count(*) FROM ` + table).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func warningKinds(b gov.Body) []string {
	var out []string
	for _, w := range b.Warnings {
		out = append(out, w.Kind)
	}
	return out
}

// A steering group shows the missing stakeholder groups until every one holds a seat, and its
// chair (through the account linked to their person) may change its seats; a member may not.
func TestSteeringGroupWarnsUntilEveryGroupHasASeat(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := &gov.Service{DB: d, Now: func() time.Time { return day("2026-11-22").Add(10 * time.Hour) }}
		chair, member, people := fixture(t, d, 9)
		b, err := s.CreateBody(ctx, coordinator, gov.BodyInput{Kind: "steering_group", Name: "Stuurgroep", RequiresAllGroups: true, RequiresNeutralChair: true})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddSeat(ctx, coordinator, b.ID, gov.SeatInput{PersonID: people[0], Role: "chair", Neutral: true, TermStart: day("2026-01-01"), TermEnd: ptr(day("2028-12-31"))}); err != nil {
			t.Fatal(err)
		}
		groups := []string{"companies", "governments", "researchers", "isotope_production", "care_providers", "patient_organisations"}
		for i, g := range groups {
			got, err := s.Body(ctx, chair, b.ID)
			if err != nil {
				t.Fatal(err)
			}
			ws := warningKinds(got)
			if !slices.Contains(ws, "group_without_seat") || !slices.Contains(got.Warnings[0].Args, g) {
				t.Fatalf("before seating %s the warnings are %+v", g, got.Warnings)
			}
			if _, err := s.AddSeat(ctx, chair, b.ID, gov.SeatInput{PersonID: people[i+1], Role: "member", Group: g, TermStart: day("2026-01-01")}); err != nil {
				t.Fatalf("the chair seats %s: %v", g, err)
			}
		}
		got, _ := s.Body(ctx, member, b.ID)
		if len(got.Warnings) != 0 {
			t.Fatalf("with every group seated and a neutral chair: warnings %+v", got.Warnings)
		}
		if can, _ := s.CanManage(ctx, member, b.ID); can {
			t.Fatal("a member may manage the body")
		}
		before := count(t, d, "seats") + count(t, d, "audit_log")
		_, err = s.AddSeat(ctx, member, b.ID, gov.SeatInput{PersonID: people[8], Role: "member", TermStart: day("2026-01-01")})
		if kern.ErrorCode(err) != kern.Forbidden {
			t.Fatalf("a member adds a seat: %v, want forbidden", err)
		}
		if count(t, d, "seats")+count(t, d, "audit_log") != before {
			t.Fatal("a refused seat wrote something")
		}
	})
}

func TestBadSeatsChangeNothing(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := &gov.Service{DB: d, Now: func() time.Time { return day("2026-11-22") }}
		_, _, people := fixture(t, d, 4)
		b, err := s.CreateBody(ctx, coordinator, gov.BodyInput{Kind: "committee", Name: "Communicatiecommissie"})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddSeat(ctx, coordinator, b.ID, gov.SeatInput{PersonID: people[0], Role: "chair", TermStart: day("2025-01-01"), TermEnd: ptr(day("2027-12-31"))}); err != nil {
			t.Fatal(err)
		}
		for _, c := range []struct {
			name  string
			in    gov.SeatInput
			field string
		}{
			{"a term that ends before it starts", gov.SeatInput{PersonID: people[1], Role: "member", TermStart: day("2026-06-01"), TermEnd: ptr(day("2026-05-31"))}, "term_end"},
			{"two chairs at once", gov.SeatInput{PersonID: people[1], Role: "chair", TermStart: day("2027-06-01")}, "role"},
			{"a person twice at the same time", gov.SeatInput{PersonID: people[0], Role: "member", TermStart: day("2026-01-01"), TermEnd: ptr(day("2026-12-31"))}, "person_id"},
			{"a person not in the registry", gov.SeatInput{PersonID: 99999, Role: "member", TermStart: day("2026-01-01")}, "person_id"},
			{"a neutral member", gov.SeatInput{PersonID: people[2], Role: "member", Neutral: true, TermStart: day("2026-01-01")}, "neutral"},
		} {
			before := count(t, d, "seats") + count(t, d, "audit_log")
			_, err := s.AddSeat(ctx, coordinator, b.ID, c.in)
			e := kern.AsError(err)
			if e == nil || e.Code != kern.Invalid || e.Fields[c.field] == "" {
				t.Errorf("%s: %v, want a field error on %s", c.name, err, c.field)
			}
			if count(t, d, "seats")+count(t, d, "audit_log") != before {
				t.Errorf("%s: something was written", c.name)
			}
		}
		// The next chair after the current term is fine, and so is the same person again later.
		if _, err := s.AddSeat(ctx, coordinator, b.ID, gov.SeatInput{PersonID: people[0], Role: "chair", TermStart: day("2028-01-01"), TermNumber: 2, MaxTerms: 2}); err != nil {
			t.Fatalf("a second term after the first: %v", err)
		}
	})
}

func TestWarnings(t *testing.T) {
	today := day("2026-11-22")
	seat := func(pid int64, role string) gov.Seat {
		return gov.Seat{PersonID: pid, PersonName: string(rune('A' + pid)), Role: role, TermStart: day("2025-01-01")}
	}
	leaders := map[int64]string{1: "B", 2: "C"}
	for _, c := range []struct {
		name    string
		body    gov.Body
		seats   []gov.Seat
		lastMet time.Time
		want    []string
	}{
		{"an action group with a leader and co-leader", gov.Body{Kind: "action_group", Rhythm: "none"}, []gov.Seat{seat(1, "leader"), seat(3, "co_leader")}, time.Time{}, nil},
		{"an action group without a co-leader", gov.Body{Kind: "action_group", Rhythm: "none"}, []gov.Seat{seat(1, "leader")}, time.Time{}, []string{"no_co_leader"}},
		{"an empty action group", gov.Body{Kind: "action_group", Rhythm: "none"}, nil, time.Time{}, []string{"no_leader", "no_co_leader"}},
		{"an operational steering group of the leaders", gov.Body{Kind: "operational_steering_group", Rhythm: "none"}, []gov.Seat{seat(1, "member"), seat(2, "member"), seat(5, "chair")}, time.Time{}, nil},
		{"an operational steering group a leader short", gov.Body{Kind: "operational_steering_group", Rhythm: "none"}, []gov.Seat{seat(1, "member"), seat(4, "member")}, time.Time{}, []string{"osg_out_of_step"}},
		{"a monthly body that met 30 days ago", gov.Body{Kind: "committee", Rhythm: "monthly", CreatedAt: day("2025-01-01")}, nil, today.AddDate(0, 0, -30), nil},
		{"a monthly body that met 60 days ago", gov.Body{Kind: "committee", Rhythm: "monthly", CreatedAt: day("2025-01-01")}, nil, today.AddDate(0, 0, -60), []string{"not_met"}},
		{"a quarterly body that never met", gov.Body{Kind: "committee", Rhythm: "quarterly", CreatedAt: day("2025-01-01")}, nil, time.Time{}, []string{"not_met"}},
		{"a new quarterly body", gov.Body{Kind: "committee", Rhythm: "quarterly", CreatedAt: today.AddDate(0, 0, -10)}, nil, time.Time{}, nil},
	} {
		var got []string
		for _, w := range gov.Warnings(c.body, c.seats, leaders, c.lastMet, today) {
			got = append(got, w.Kind)
		}
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: %v, want %v", c.name, got, c.want)
		}
	}
}

// The operational steering group is compared with the leaders of the action groups, read from
// every action group even when only the steering group's page is asked for.
func TestOperationalSteeringGroupFollowsTheLeaders(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		s := &gov.Service{DB: d, Now: func() time.Time { return day("2026-11-22") }}
		_, _, people := fixture(t, d, 4)
		osg, _ := s.CreateBody(ctx, coordinator, gov.BodyInput{Kind: "operational_steering_group", Name: "OSG"})
		ag, _ := s.CreateBody(ctx, coordinator, gov.BodyInput{Kind: "action_group", Name: "Actiegroep"})
		for _, seat := range []struct {
			body int64
			in   gov.SeatInput
		}{
			{ag.ID, gov.SeatInput{PersonID: people[0], Role: "leader", TermStart: day("2026-01-01")}},
			{ag.ID, gov.SeatInput{PersonID: people[1], Role: "co_leader", TermStart: day("2026-01-01")}},
			{osg.ID, gov.SeatInput{PersonID: people[2], Role: "chair", TermStart: day("2026-01-01")}},
		} {
			if _, err := s.AddSeat(ctx, coordinator, seat.body, seat.in); err != nil {
				t.Fatal(err)
			}
		}
		got, _ := s.Body(ctx, coordinator, osg.ID)
		if k := warningKinds(got); !slices.Equal(k, []string{"osg_out_of_step"}) {
			t.Fatalf("without the leader: %v", k)
		}
		if _, err := s.AddSeat(ctx, coordinator, osg.ID, gov.SeatInput{PersonID: people[0], Role: "member", TermStart: day("2026-01-01")}); err != nil {
			t.Fatal(err)
		}
		got, _ = s.Body(ctx, coordinator, osg.ID)
		if len(got.Warnings) != 0 {
			t.Fatalf("with the leader: %v", got.Warnings)
		}
	})
}
