package vacancies_test

import (
	"context"
	"fmt"
	"testing"
	"time"

	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/gov"
	"kern/internal/gov/vacancies"
	"kern/internal/notify"
	"kern/internal/web/i18n"
)

// seedGovernance fills d with 100 bodies of ten seats each (terms ending over the next three
// years, so some 170 within six months) and 200 published vacancies.
func seedGovernance(b *testing.B, d *db.DB) {
	b.Helper()
	ctx := context.Background()
	err := d.InTx(ctx, func(ctx context.Context, q db.Q) error {
		for i := range 1000 {
			if _, err := q.ExecContext(ctx, `INSERT INTO people (given_name, family_name, email, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)`,
				"Persoon", fmt.Sprintf("Nummer %04d", i), fmt.Sprintf("p%04d@example.org", i), now); err != nil {
				return err
			}
		}
		for bi := range 100 {
			var body int64
			if err := q.QueryRowContext(ctx, `INSERT INTO bodies (kind, name, rhythm, created_at, updated_at) VALUES ($1, $2, 'monthly', $3, $3) RETURNING id`,
				gov.Kinds[bi%len(gov.Kinds)], fmt.Sprintf("Orgaan %03d", bi), now).Scan(&body); err != nil {
				return err
			}
			for si := range 10 {
				end := day(2026, 3, 10).AddDate(0, 0, (bi*10+si)*11%1100)
				role := "member"
				if si == 0 {
					role = "chair"
				}
				if _, err := q.ExecContext(ctx, `INSERT INTO seats (body_id, person_id, role, term_start, term_end, term_number, max_terms, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, 1, 2, $6, $6)`, body, 1+bi*10+si, role, end.AddDate(-3, 0, 1), end, now); err != nil {
					return err
				}
			}
			for vi := range 2 {
				if _, err := q.ExecContext(ctx, `INSERT INTO vacancies (body_id, role, title, description, closes_on, state, published_at, search_text, created_at, updated_at)
VALUES ($1, 'member', $2, $3, $4, 'published', $5, $6, $5, $5)`, body, fmt.Sprintf("Lid %d van orgaan %03d", vi, bi),
					"Wij zoeken **een lid** met ervaring.\n\n- vier uur per maand\n- drie jaar", day(2026, 4, 1), now, fmt.Sprintf("lid orgaan %03d", bi)); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
}

func benchService(b *testing.B, d *db.DB) *vacancies.Service {
	clock := func() time.Time { return now }
	cat, err := i18n.Load(vacancies.CatalogFS, gov.CatalogFS, notify.CatalogFS)
	if err != nil {
		b.Fatal(err)
	}
	ns := &notify.Service{DB: d, Catalog: cat, Now: clock}
	return &vacancies.Service{DB: d, Gov: &gov.Service{DB: d, Notify: ns, Now: clock}, Notify: ns, Now: clock}
}

// BenchmarkTermsAndFeed: the terms-ending overview and the Atom feed over 100 bodies, 1,000
// seats and 200 open vacancies.
func BenchmarkTermsAndFeed(b *testing.B) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		b.Run(dialect, func(b *testing.B) {
			var d *db.DB
			if dialect == "sqlite" {
				d = dbtest.SQLite(b)
			} else {
				d = dbtest.Postgres(b)
			}
			seedGovernance(b, d)
			s := benchService(b, d)
			ctx := context.Background()
			coord := &auth.Principal{User: auth.User{ID: 1, Role: auth.Coordinator}}
			cat, _ := i18n.Load(vacancies.CatalogFS, gov.CatalogFS)
			b.Run("terms ending", func(b *testing.B) {
				for b.Loop() {
					list, err := s.TermsEnding(ctx, coord, vacancies.TermFilter{})
					if err != nil || len(list) == 0 {
						b.Fatal(len(list), err)
					}
				}
			})
			b.Run("atom feed", func(b *testing.B) {
				for b.Loop() {
					list, err := s.Open(ctx, vacancies.VacancyFilter{})
					if err != nil || len(list) != 200 {
						b.Fatal(len(list), err)
					}
					if _, err := vacancies.Feed(cat, i18n.NL, "https://kern.example", list, now); err != nil {
						b.Fatal(err)
					}
				}
			})
			b.Run("remind terms", func(b *testing.B) {
				for b.Loop() {
					if err := s.RemindTerms(ctx, ""); err != nil {
						b.Fatal(err)
					}
				}
			})
		})
	}
}
