package perf_test

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"kern/internal/app"
	"kern/internal/app/apptest"
	"kern/internal/app/perf"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/org"
)

// TestSeedFillsTheRegistry seeds a small registry on every database and checks that it is there
// and that the registry's own search finds it.
func TestSeedFillsTheRegistry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		const orgs, people = 200, 1000
		if err := perf.Seed(ctx, d, orgs, people); err != nil {
			t.Fatal(err)
		}
		count := func(query string) int {
			t.Helper()
			var n int
			if err := d.Read.QueryRowContext(ctx, query).Scan(&n); err != nil {
				t.Fatalf("%s: %v", query, err)
			}
			return n
		}
		for _, c := range []struct {
			what  string
			query string
			want  int
		}{
			{"organisations", `SELECT count(*) FROM organizations`, orgs},
			{"people", `SELECT count(*) FROM people`, people},
			// nine in ten people have an affiliation, one in five of all people a second one
			{"affiliations", `SELECT count(*) FROM affiliations`, people*9/10 + people/5},
			{"kinds", `SELECT count(DISTINCT kind) FROM organizations`, len(org.Kinds)},
			{"stakeholder groups", `SELECT count(DISTINCT stakeholder_group) FROM organizations`, len(org.Groups)},
			{"countries", `SELECT count(DISTINCT country) FROM organizations`, 3},
			{"departments with a hospital as parent", `SELECT count(*) FROM organizations o JOIN organizations p ON p.id = o.parent_id
  WHERE o.kind = 'department' AND p.kind = 'hospital'`, orgs / 10},
			{"synthetic names", `SELECT count(*) FROM organizations WHERE name LIKE 'Synthetisch %'`, orgs},
			{"members", `SELECT count(*) FROM people WHERE member_category IS NOT NULL`, people - people/3},
		} {
			if got := count(c.query); got != c.want {
				t.Errorf("%s: %d, want %d", c.what, got, c.want)
			}
		}

		s := &org.Service{DB: d}
		sys := auth.System()
		list, total, err := s.Organizations(ctx, sys, org.OrgFilter{Kind: "hospital", Q: "ziekenhuis 00001"})
		if err != nil {
			t.Fatal(err)
		}
		if total != 1 || len(list) != 1 || list[0].Name != "Synthetisch Ziekenhuis 00001" {
			t.Errorf("search for the first hospital: %d found, %+v", total, list)
		}
		// accents are folded as the service folds them: Liège is found as "liege"
		_, total, err = s.Organizations(ctx, sys, org.OrgFilter{Q: "liege"})
		if err != nil || total == 0 {
			t.Errorf("search by a folded city: %d found, %v", total, err)
		}
		_, total, err = s.Organizations(ctx, sys, org.OrgFilter{Kind: "hospital", Q: "zieken"})
		if err != nil || total == 0 || total >= orgs/10 {
			t.Errorf("hospitals with \"zieken\": %d of %d, want some but not all (%v)", total, orgs/10, err)
		}
		ppl, total, err := s.People(ctx, sys, org.PersonFilter{Q: "chloe"})
		if err != nil || total == 0 || ppl[0].GivenName != "Chloë" || len(ppl[0].Affiliations) == 0 {
			t.Errorf("search people for \"chloe\": %d found, %v", total, err)
		}
	})
}

// The benchmarks below need -bench; `go test ./...` runs none of them. The registry has
// KERN_PERF_ORGS organisations and KERN_PERF_PEOPLE people (default 10,000 and 100,000), seeded
// once per database; PostgreSQL runs too when KERN_TEST_POSTGRES is set.

// clients is the number of concurrent clients of the foundation issue's target.
const clients = 32

func sizes(b *testing.B) (int, int) {
	get := func(name string, def int) int {
		v := os.Getenv(name)
		if v == "" {
			return def
		}
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			b.Fatalf("%s=%q: want a positive number", name, v)
		}
		return n
	}
	return get("KERN_PERF_ORGS", 10000), get("KERN_PERF_PEOPLE", 100000)
}

// eachDatabase runs fn on a fresh SQLite database and, when KERN_TEST_POSTGRES is set, on a fresh
// PostgreSQL schema, both migrated.
func eachDatabase(b *testing.B, fn func(b *testing.B, d *db.DB)) {
	for _, x := range []struct {
		name string
		open func(testing.TB) *db.DB
	}{{"sqlite", dbtest.SQLite}, {"postgres", dbtest.Postgres}} {
		if x.name == "postgres" && os.Getenv("KERN_TEST_POSTGRES") == "" {
			continue
		}
		b.Run(x.name, func(b *testing.B) { fn(b, x.open(b)) })
	}
}

// seed fills d with the benchmark's registry.
func seed(b *testing.B, d *db.DB) {
	orgs, people := sizes(b)
	start := time.Now()
	if err := perf.Seed(context.Background(), d, orgs, people); err != nil {
		b.Fatal(err)
	}
	if d.Dialect == db.Postgres {
		// What autovacuum does a minute later: without statistics the planner guesses.
		if _, err := d.Write.Exec(`ANALYZE`); err != nil {
			b.Fatal(err)
		}
	}
	b.Logf("%s: seeded %d organisations and %d people in %v", d.Dialect, orgs, people, time.Since(start).Round(time.Millisecond))
}

// BenchmarkRegistryLists measures the registry's list pages and API lists through the whole HTTP
// stack (middleware, session or token, service, SQL, template or JSON) with 32 concurrent
// clients, and reports the latency percentiles every request saw.
func BenchmarkRegistryLists(b *testing.B) {
	eachDatabase(b, func(b *testing.B, d *db.DB) {
		p := apptest.Start(b, d) // the demonstration data and its accounts first: the demo wants an empty database
		seed(b, d)
		errs := serverErrors(b, p)
		cookie := sessionCookie(b, p, "lid@kern.example")
		token := p.Token(b, "lid@kern.example", auth.ScopeRead)
		client := &http.Client{Transport: &http.Transport{MaxIdleConns: 2 * clients, MaxIdleConnsPerHost: 2 * clients}}
		b.Cleanup(client.CloseIdleConnections)
		for _, c := range []struct {
			name, path string
			api        bool
		}{
			{"page/filtered", "/organizations?kind=hospital&q=zieken", false},
			{"api/filtered", "/api/v1/organizations?kind=hospital&q=zieken", true},
			{"page/all", "/organizations", false},
			{"api/all", "/api/v1/organizations", true},
			{"page/people", "/people?q=anouk", false},
			{"api/people", "/api/v1/people?q=anouk", true},
		} {
			b.Run(c.name, func(b *testing.B) {
				req, err := http.NewRequest(http.MethodGet, p.URL+c.path, nil)
				if err != nil {
					b.Fatal(err)
				}
				if c.api {
					req.Header.Set("Authorization", "Bearer "+token)
				} else {
					req.AddCookie(cookie)
				}
				if status, body := get(client, req); status != http.StatusOK {
					b.Fatalf("GET %s: status %d: %.300s", c.path, status, body)
				}
				measure(b, func() (int, string) { return get(client, req) })
				if e := errs.String(); e != "" {
					b.Errorf("the server logged:\n%.3000s", e)
					errs.Reset()
				}
			})
		}
	})
}

// lockedBuffer is a buffer many handlers may log to at once.
type lockedBuffer struct {
	mu sync.Mutex
	b  strings.Builder
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

func (l *lockedBuffer) Reset() {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.b.Reset()
}

// serverErrors collects what the platform logs at warning level and above (an internal error's
// cause is in the log only), leaving out the access log as apptest does.
func serverErrors(b *testing.B, p *apptest.Platform) *lockedBuffer {
	buf := &lockedBuffer{}
	log := slog.New(slog.NewTextHandler(buf, &slog.HandlerOptions{Level: slog.LevelWarn}))
	p.App.Web.Log, p.App.API.Log, p.App.Auth.Log = log, log, log
	return buf
}

// measure runs op from 32 goroutines and reports p50, p95 and p99 in milliseconds.
func measure(b *testing.B, op func() (status int, body string)) {
	var (
		mu  sync.Mutex
		all []time.Duration
	)
	b.SetParallelism((clients + runtime.GOMAXPROCS(0) - 1) / runtime.GOMAXPROCS(0))
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			start := time.Now()
			status, body := op()
			mine = append(mine, time.Since(start))
			if status != http.StatusOK {
				b.Errorf("status %d: %.300s", status, body)
				return
			}
		}
		mu.Lock()
		all = append(all, mine...)
		mu.Unlock()
	})
	b.StopTimer()
	if len(all) == 0 {
		return
	}
	slices.Sort(all)
	at := func(q float64) float64 {
		return float64(all[min(len(all)-1, int(q*float64(len(all))))].Microseconds()) / 1000
	}
	b.ReportMetric(at(0.50), "p50-ms")
	b.ReportMetric(at(0.95), "p95-ms")
	b.ReportMetric(at(0.99), "p99-ms")
}

// get sends a copy of req (the same request may be in flight on many goroutines) and reads the
// whole answer, as a browser would; it returns the body only when the status is not 200.
func get(c *http.Client, req *http.Request) (int, string) {
	res, err := c.Do(req.Clone(req.Context()))
	if err != nil {
		return 0, err.Error()
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		body, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(body)
	}
	io.Copy(io.Discard, res.Body)
	return res.StatusCode, ""
}

// sessionCookie logs in as the demo account with this e-mail and returns the session cookie.
func sessionCookie(b *testing.B, p *apptest.Platform, email string) *http.Cookie {
	c := p.LogIn(b, email)
	u, _ := url.Parse(p.URL)
	for _, k := range c.Jar.Cookies(u) {
		if k.Name == p.App.Web.SessionCookie() {
			return k
		}
	}
	b.Fatal("no session cookie after log-in")
	return nil
}

// BenchmarkSeed measures how long the seed takes on a fresh database.
func BenchmarkSeed(b *testing.B) {
	orgs, people := sizes(b)
	for _, name := range []string{"sqlite", "postgres"} {
		if name == "postgres" && os.Getenv("KERN_TEST_POSTGRES") == "" {
			continue
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				b.StopTimer()
				d := dbtest.SQLite(b)
				if name == "postgres" {
					d = dbtest.Postgres(b)
				}
				b.StartTimer()
				if err := perf.Seed(context.Background(), d, orgs, people); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkStartup measures app.New — open the database, find every migration applied, build the
// services and parse the templates — on a database that is already migrated and seeded: what
// `kern serve` does before it listens.
func BenchmarkStartup(b *testing.B) {
	orgs, people := sizes(b)
	urls := map[string]string{"sqlite": filepath.Join(b.TempDir(), "kern.db")}
	if base := os.Getenv("KERN_TEST_POSTGRES"); base != "" {
		urls["postgres"], _ = dbtest.SchemaURL(b, base)
	}
	for _, name := range []string{"sqlite", "postgres"} {
		u, ok := urls[name]
		if !ok {
			continue
		}
		b.Run(name, func(b *testing.B) {
			ctx := context.Background()
			d, err := db.Open(ctx, u)
			if err != nil {
				b.Fatal(err)
			}
			if _, err := d.Migrate(ctx); err != nil {
				b.Fatal(err)
			}
			if err := perf.Seed(ctx, d, orgs, people); err != nil {
				b.Fatal(err)
			}
			d.Close()
			log := slog.New(slog.NewTextHandler(io.Discard, nil))
			cfg := app.Config{Addr: "127.0.0.1:0", DB: u, Data: b.TempDir(), Lang: "en"}
			for b.Loop() {
				a, err := app.New(ctx, cfg, log)
				if err != nil {
					b.Fatal(err)
				}
				if err := a.DB.Ping(ctx); err != nil {
					b.Fatal(err)
				}
				a.Close()
			}
		})
	}
}
