package vacancies_test

import (
	"context"
	"encoding/xml"
	"strconv"
	"strings"
	"testing"
	"time"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/gov"
	"kern/internal/gov/vacancies"
	"kern/internal/notify"
	"kern/internal/org"
	"kern/internal/web"
	"kern/internal/web/i18n"
)

// now is the fixed moment of these tests: 10 March 2026 in Amsterdam.
var now = time.Date(2026, 3, 10, 9, 0, 0, 0, time.UTC)

func day(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// world is a committee with a chair and a secretary who have accounts, a member whose term ends
// in two months (with an account), one whose term ends in eight months (without), and an
// outsider with an account but no seat.
type world struct {
	d                     *db.DB
	s                     *vacancies.Service
	cat                   *i18n.Catalog
	body                  int64
	chair, secretary      *auth.Principal
	member, outsider      *auth.Principal
	chairPID, secPID      int64
	memberPID, laterPID   int64
	memberSeat, laterSeat int64
}

func catalog(t *testing.T) *i18n.Catalog {
	t.Helper()
	cat, err := i18n.Load(web.CatalogFS, org.CatalogFS, notify.CatalogFS, gov.CatalogFS, vacancies.CatalogFS)
	if err != nil {
		t.Fatal(err)
	}
	return cat
}

func setup(t *testing.T, d *db.DB) *world {
	t.Helper()
	ctx := context.Background()
	sys := auth.System()
	cat := catalog(t)
	clock := func() time.Time { return now }
	ns := &notify.Service{DB: d, Catalog: cat, BaseURL: "https://kern.test", Now: clock}
	gs := &gov.Service{DB: d, Notify: ns, Catalog: cat, Now: clock}
	w := &world{d: d, cat: cat, s: &vacancies.Service{DB: d, Gov: gs, Notify: ns, BaseURL: "https://kern.test", Now: clock}}
	os := &org.Service{DB: d}
	person := func(given, family string) int64 {
		p, err := os.CreatePerson(ctx, sys, org.PersonInput{GivenName: given, FamilyName: family,
			Email: strings.ToLower(given) + "@example.org"})
		if err != nil {
			t.Fatal(err)
		}
		return p.ID
	}
	account := func(email string, pid int64) *auth.Principal {
		var id int64
		var person any
		if pid != 0 {
			person = pid
		}
		err := d.Write.QueryRow(`INSERT INTO users (email, name, lang, role, password_hash, created_at, updated_at, person_id)
VALUES ($1, $2, 'en', 'member', 'x', $3, $3, $4) RETURNING id`, email, email, now, person).Scan(&id)
		if err != nil {
			t.Fatal(err)
		}
		return &auth.Principal{User: auth.User{ID: id, Email: email, Name: email, Role: auth.Member}}
	}
	w.chairPID, w.secPID, w.memberPID, w.laterPID = person("Carla", "Chair"), person("Sem", "Secretaris"), person("Mila", "Member"), person("Lars", "Later")
	w.chair, w.secretary = account("carla@example.org", w.chairPID), account("sem@example.org", w.secPID)
	w.member, w.outsider = account("mila@example.org", w.memberPID), account("olaf@example.org", 0)
	b, err := gs.CreateBody(ctx, sys, gov.BodyInput{Kind: "committee", Name: "Communicatiecommissie", Rhythm: "quarterly"})
	if err != nil {
		t.Fatal(err)
	}
	w.body = b.ID
	seat := func(pid int64, role string, start time.Time, end *time.Time, number, max int) int64 {
		s, err := gs.AddSeat(ctx, sys, b.ID, gov.SeatInput{PersonID: pid, Role: role, Group: "care_providers", TermStart: start,
			TermEnd: end, TermNumber: number, MaxTerms: max})
		if err != nil {
			t.Fatal(err)
		}
		return s.ID
	}
	ptr := func(t time.Time) *time.Time { return &t }
	seat(w.chairPID, "chair", day(2025, 1, 1), ptr(day(2028, 1, 1)), 1, 2)
	seat(w.secPID, "secretary", day(2025, 1, 1), nil, 1, 0)
	w.memberSeat = seat(w.memberPID, "member", day(2023, 5, 10), ptr(day(2026, 5, 9)), 1, 2)
	w.laterSeat = seat(w.laterPID, "member", day(2024, 1, 1), ptr(day(2026, 11, 30)), 1, 2)
	return w
}

func count(t *testing.T, d *db.DB, query string, args ...any) int {
	t.Helper()
	var n int
	if err := d.Read.QueryRow(query, args...).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

func TestTermsEndingListsCurrentSeatsWithinSixMonths(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setup(t, d)
		ctx := context.Background()
		for _, tc := range []struct {
			name string
			f    vacancies.TermFilter
			want []int64
		}{
			{"every body", vacancies.TermFilter{}, []int64{w.memberSeat}},
			{"this body", vacancies.TermFilter{BodyID: w.body}, []int64{w.memberSeat}},
			{"another kind", vacancies.TermFilter{Kind: "board"}, nil},
		} {
			t.Run(tc.name, func(t *testing.T) {
				list, err := w.s.TermsEnding(ctx, w.outsider, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				var got []int64
				for _, x := range list {
					got = append(got, x.ID)
				}
				if len(got) != len(tc.want) || (len(got) > 0 && got[0] != tc.want[0]) {
					t.Fatalf("terms %v, want %v", got, tc.want)
				}
			})
		}
		if _, err := w.s.TermsEnding(ctx, nil, vacancies.TermFilter{}); kern.ErrorCode(err) != kern.Unauthorized {
			t.Errorf("anonymous: %v, want unauthorized", err)
		}
		if _, err := w.s.TermsEnding(ctx, w.outsider, vacancies.TermFilter{Kind: "club"}); kern.ErrorCode(err) != kern.Invalid {
			t.Errorf("unknown kind: %v, want invalid", err)
		}
	})
}

func TestRemindTermsOncePerTermToThePersonAndTheChair(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setup(t, d)
		ctx := context.Background()
		notes := func(u *auth.Principal) int {
			return count(t, d, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'term_ending'`, u.User.ID)
		}
		for run := 1; run <= 2; run++ {
			if err := w.s.RemindTerms(ctx, ""); err != nil {
				t.Fatal(err)
			}
			for _, tc := range []struct {
				who  string
				u    *auth.Principal
				want int
			}{{"the person", w.member, 1}, {"the chair", w.chair, 1}, {"the secretary", w.secretary, 0}, {"an outsider", w.outsider, 0}} {
				if got := notes(tc.u); got != tc.want {
					t.Errorf("run %d: %s has %d term_ending notifications, want %d", run, tc.who, got, tc.want)
				}
			}
		}
		var subject, link string
		d.Read.QueryRow(`SELECT subject, link FROM notifications WHERE user_id = $1`, w.chair.User.ID).Scan(&subject, &link)
		if !strings.Contains(subject, "Mila Member") || !strings.Contains(subject, "2026-05-09") || link != "/bodies/"+itoa(w.body) {
			t.Errorf("chair's notification %q → %q", subject, link)
		}
		if n := count(t, d, `SELECT count(*) FROM seats WHERE reminded_on IS NOT NULL`); n != 1 {
			t.Errorf("%d seats reminded, want 1 (the one ending within six months)", n)
		}
		// The term is extended past the window and later comes within six months of its new end:
		// a new reminder for the new end.
		later := day(2027, 3, 31)
		_, err := w.s.Gov.UpdateSeat(ctx, auth.System(), w.body, w.memberSeat, gov.SeatInput{PersonID: w.memberPID, Role: "member",
			Group: "care_providers", TermStart: day(2023, 5, 10), TermEnd: &later, TermNumber: 1, MaxTerms: 2})
		if err != nil {
			t.Fatal(err)
		}
		w.s.Now = func() time.Time { return day(2026, 10, 15) }
		if err := w.s.RemindTerms(ctx, ""); err != nil {
			t.Fatal(err)
		}
		if got := notes(w.member); got != 2 {
			t.Errorf("after the extension the person has %d reminders, want 2", got)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// publishedFromSeat makes and publishes the vacancy of the ending member seat.
func publishedFromSeat(t *testing.T, w *world) vacancies.Vacancy {
	t.Helper()
	ctx := context.Background()
	in, term, err := w.s.FromSeat(ctx, w.chair, w.memberSeat)
	if err != nil {
		t.Fatal(err)
	}
	if in.BodyID != w.body || in.Role != "member" || in.Group != "care_providers" || in.StartsOn == nil || !in.StartsOn.Equal(day(2026, 5, 10)) {
		t.Fatalf("prefilled %+v from %+v", in, term.Seat)
	}
	in.Title, in.Description = "Lid <Communicatie> & co", "Wij zoeken **iemand**. <script>alert(1)</script>"
	v, err := w.s.CreateVacancy(ctx, w.chair, in)
	if err != nil {
		t.Fatal(err)
	}
	if v, err = w.s.Publish(ctx, w.chair, v.ID); err != nil {
		t.Fatal(err)
	}
	return v
}

func TestVacancyFromAnEndingSeatIsFilledByAnApplicant(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setup(t, d)
		ctx := context.Background()
		v := publishedFromSeat(t, w)
		if v.State != "published" || v.PublishedAt == nil || !v.Open {
			t.Fatalf("published vacancy %+v", v)
		}
		a, err := w.s.Apply(ctx, nil, v.ID, vacancies.ApplicationInput{Name: "Anna van der Berg", Email: " Anna@Example.ORG ",
			Motivation: "Ik schrijf graag."}, i18n.NL)
		if err != nil {
			t.Fatal(err)
		}
		if a.State != "received" || a.Email != "anna@example.org" || a.UserID != nil {
			t.Errorf("application %+v", a)
		}
		if n := count(t, d, `SELECT count(*) FROM outbox WHERE to_addr = 'anna@example.org' AND subject LIKE 'Ontvangstbevestiging%'`); n != 1 {
			t.Errorf("%d receipts to the applicant, want 1", n)
		}
		for _, u := range []*auth.Principal{w.chair, w.secretary} {
			if n := count(t, d, `SELECT count(*) FROM notifications WHERE user_id = $1 AND kind = 'vacancy_application'`, u.User.ID); n != 1 {
				t.Errorf("%s has %d application notifications, want 1", u.User.Email, n)
			}
		}
		if n := count(t, d, `SELECT count(*) FROM notifications WHERE body LIKE '%Anna%'`); n != 0 {
			t.Errorf("a notification names the applicant")
		}
		// The chair reads the list (audited), shortlists, then appoints.
		_, list, err := w.s.Applications(ctx, w.chair, v.ID)
		if err != nil || len(list) != 1 {
			t.Fatalf("applications %v, %v", list, err)
		}
		if n := count(t, d, `SELECT count(*) FROM audit_log WHERE action = 'view' AND entity = 'vacancy_application'`); n != 1 {
			t.Errorf("%d audit rows for viewing the applications, want 1", n)
		}
		if _, err := w.s.ReviewApplication(ctx, w.chair, v.ID, a.ID, vacancies.Review{State: "shortlisted", Note: "Sterk"}); err != nil {
			t.Fatal(err)
		}
		people := count(t, d, `SELECT count(*) FROM people`)
		end := day(2029, 5, 9)
		seat, err := w.s.Accept(ctx, w.chair, v.ID, a.ID, vacancies.Acceptance{TermStart: day(2026, 5, 10), TermEnd: &end, MaxTerms: 2})
		if err != nil {
			t.Fatal(err)
		}
		if seat.TermNumber != 1 || seat.Role != "member" || seat.Group != "care_providers" || seat.PersonName != "Anna van der Berg" {
			t.Errorf("new seat %+v", seat)
		}
		if got := count(t, d, `SELECT count(*) FROM people`); got != people+1 {
			t.Errorf("people %d → %d, want one more", people, got)
		}
		after, err := w.s.Vacancy(ctx, w.chair, v.ID)
		if err != nil || after.State != "filled" || after.FilledSeatID == nil || *after.FilledSeatID != seat.ID {
			t.Errorf("vacancy after accepting %+v, %v", after, err)
		}
		if _, err := w.s.Accept(ctx, w.chair, v.ID, a.ID, vacancies.Acceptance{TermStart: day(2026, 5, 10)}); kern.ErrorCode(err) != kern.Conflict {
			t.Errorf("accepting twice: %v, want conflict", err)
		}
	})
}

func TestReappointingTheHolderStartsTheNextTerm(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setup(t, d)
		ctx := context.Background()
		v := publishedFromSeat(t, w)
		// Mila applies while logged in: her account's person is the seat's holder.
		a, err := w.s.Apply(ctx, w.member, v.ID, vacancies.ApplicationInput{Name: "Mila Member", Email: "mila@example.org",
			Motivation: "Graag nog een termijn."}, i18n.EN)
		if err != nil {
			t.Fatal(err)
		}
		if a.PersonID == nil || *a.PersonID != w.memberPID {
			t.Errorf("application's person %v, want %d", a.PersonID, w.memberPID)
		}
		seat, err := w.s.Accept(ctx, w.chair, v.ID, a.ID, vacancies.Acceptance{TermStart: day(2026, 5, 10), MaxTerms: 2})
		if err != nil {
			t.Fatal(err)
		}
		if seat.PersonID != w.memberPID || seat.TermNumber != 2 {
			t.Errorf("re-appointed seat %+v, want term 2 of person %d", seat, w.memberPID)
		}
	})
}

func TestBadInputIsRefusedAndNothingWritten(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setup(t, d)
		ctx := context.Background()
		v := publishedFromSeat(t, w)
		if _, err := w.s.Apply(ctx, nil, v.ID, vacancies.ApplicationInput{Name: "Anna de Vries", Email: "anna@example.org", Motivation: "Ja."}, i18n.EN); err != nil {
			t.Fatal(err)
		}
		draft, err := w.s.CreateVacancy(ctx, w.chair, vacancies.VacancyInput{BodyID: w.body, Role: "secretary", Title: "Secretaris",
			ClosesOn: day(2026, 3, 1)})
		if err != nil {
			t.Fatal(err)
		}
		closed := publishedFromSeat(t, w)
		if _, err := w.s.Close(ctx, w.chair, closed.ID); err != nil {
			t.Fatal(err)
		}
		good := vacancies.ApplicationInput{Name: "Bas Bakker", Email: "bas@example.org", Motivation: "Graag."}
		withEmail := func(e string) vacancies.ApplicationInput { x := good; x.Email = e; return x }
		for _, tc := range []struct {
			name       string
			do         func() error
			code       kern.Code
			field, key string
		}{
			{"publishing with a closing date in the past", func() error { _, err := w.s.Publish(ctx, w.chair, draft.ID); return err },
				kern.Invalid, "closes_on", "vacancies.closes_in_past"},
			{"applying to a closed vacancy", func() error { _, err := w.s.Apply(ctx, nil, closed.ID, good, i18n.EN); return err },
				kern.Conflict, "", "vacancies.not_open"},
			{"applying to a draft", func() error { _, err := w.s.Apply(ctx, nil, draft.ID, good, i18n.EN); return err },
				kern.NotFound, "", "error.not_found"},
			{"a bad e-mail address", func() error { _, err := w.s.Apply(ctx, nil, v.ID, withEmail("bas@@example"), i18n.EN); return err },
				kern.Invalid, "email", "field.email_invalid"},
			{"a duplicate application", func() error { _, err := w.s.Apply(ctx, nil, v.ID, withEmail("ANNA@example.org"), i18n.EN); return err },
				kern.Invalid, "email", "vacancies.duplicate_application"},
			{"a name without a family name", func() error {
				x := good
				x.Name = "Bas"
				_, err := w.s.Apply(ctx, nil, v.ID, x, i18n.EN)
				return err
			}, kern.Invalid, "name", "vacancies.full_name"},
		} {
			t.Run(tc.name, func(t *testing.T) {
				apps, audits := count(t, d, `SELECT count(*) FROM vacancy_applications`), count(t, d, `SELECT count(*) FROM audit_log`)
				mails := count(t, d, `SELECT count(*) FROM outbox`)
				err := tc.do()
				e := kern.AsError(err)
				if e == nil || e.Code != tc.code {
					t.Fatalf("error %v, want %s", err, tc.code)
				}
				if tc.field != "" && e.Fields[tc.field] != tc.key || tc.field == "" && e.Key != tc.key {
					t.Errorf("error %v, want %s on %q", e, tc.key, tc.field)
				}
				if count(t, d, `SELECT count(*) FROM vacancy_applications`) != apps || count(t, d, `SELECT count(*) FROM audit_log`) != audits ||
					count(t, d, `SELECT count(*) FROM outbox`) != mails {
					t.Error("something was written")
				}
			})
		}
	})
}

func TestOnlyTheBodysManagersChangeVacanciesAndReadApplications(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setup(t, d)
		ctx := context.Background()
		v := publishedFromSeat(t, w)
		a, err := w.s.Apply(ctx, nil, v.ID, vacancies.ApplicationInput{Name: "Anna de Vries", Email: "anna@example.org", Motivation: "Ja."}, i18n.EN)
		if err != nil {
			t.Fatal(err)
		}
		in := vacancies.VacancyInput{BodyID: w.body, Role: "member", Title: "Lid", ClosesOn: day(2026, 4, 1)}
		for _, who := range []*auth.Principal{w.outsider, w.member} {
			for name, do := range map[string]func() error{
				"create":       func() error { _, err := w.s.CreateVacancy(ctx, who, in); return err },
				"update":       func() error { _, err := w.s.UpdateVacancy(ctx, who, v.ID, in); return err },
				"close":        func() error { _, err := w.s.Close(ctx, who, v.ID); return err },
				"applications": func() error { _, _, err := w.s.Applications(ctx, who, v.ID); return err },
				"application":  func() error { _, _, err := w.s.Application(ctx, who, v.ID, a.ID); return err },
				"review": func() error {
					_, err := w.s.ReviewApplication(ctx, who, v.ID, a.ID, vacancies.Review{State: "rejected"})
					return err
				},
				"accept": func() error {
					_, err := w.s.Accept(ctx, who, v.ID, a.ID, vacancies.Acceptance{TermStart: day(2026, 5, 10)})
					return err
				},
			} {
				audits := count(t, d, `SELECT count(*) FROM audit_log`)
				if err := do(); kern.ErrorCode(err) != kern.Forbidden {
					t.Errorf("%s by %s: %v, want forbidden", name, who.User.Email, err)
				}
				if count(t, d, `SELECT count(*) FROM audit_log`) != audits {
					t.Errorf("%s by %s wrote to the audit log", name, who.User.Email)
				}
			}
		}
		// The secretary manages; a draft is hidden from others.
		draft, err := w.s.CreateVacancy(ctx, w.secretary, in)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.s.Vacancy(ctx, nil, draft.ID); kern.ErrorCode(err) != kern.NotFound {
			t.Errorf("a visitor sees a draft: %v", err)
		}
		pub, err := w.s.Vacancy(ctx, nil, v.ID)
		if err != nil || pub.Applications != 0 {
			t.Errorf("a visitor sees %+v, %v; want no count of applications", pub, err)
		}
	})
}

func TestFeedIsWellFormedAndListsOnlyOpenVacancies(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		w := setup(t, d)
		ctx := context.Background()
		v := publishedFromSeat(t, w)
		if _, err := w.s.CreateVacancy(ctx, w.chair, vacancies.VacancyInput{BodyID: w.body, Role: "secretary", Title: "Concept",
			ClosesOn: day(2026, 4, 1)}); err != nil {
			t.Fatal(err)
		}
		open, err := w.s.Open(ctx, vacancies.VacancyFilter{})
		if err != nil {
			t.Fatal(err)
		}
		b, err := vacancies.Feed(w.cat, i18n.NL, "https://kern.test", open, now)
		if err != nil {
			t.Fatal(err)
		}
		var feed struct {
			XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
			ID      string   `xml:"id"`
			Updated string   `xml:"updated"`
			Entries []struct {
				ID      string `xml:"id"`
				Title   string `xml:"title"`
				Updated string `xml:"updated"`
				Link    struct {
					Href string `xml:"href,attr"`
				} `xml:"link"`
				Summary string `xml:"summary"`
				Content string `xml:"content"`
			} `xml:"entry"`
		}
		if err := xml.Unmarshal(b, &feed); err != nil {
			t.Fatalf("feed is not well-formed: %v\n%s", err, b)
		}
		if feed.ID != "https://kern.test/vacancies" || feed.Updated == "" || len(feed.Entries) != 1 {
			t.Fatalf("feed %+v", feed)
		}
		e := feed.Entries[0]
		if e.Title != v.Title || e.ID != "https://kern.test/vacancies/"+itoa(v.ID) || e.Link.Href != e.ID || e.Summary == "" {
			t.Errorf("entry %+v", e)
		}
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("entry updated %q: %v", e.Updated, err)
		}
		if strings.Contains(e.Content, "<script") || !strings.Contains(e.Content, "<strong>iemand</strong>") {
			t.Errorf("content %q", e.Content)
		}
	})
}
