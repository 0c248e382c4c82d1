// Command perfseed prepares a database for scripts/perf-load.sh: it applies the migrations, fills
// the registry with perf.Seed, adds one member account with a password and an API token, and
// prints the token on standard output (nothing else goes there).
//
//	go run ./scripts/perfseed -db /tmp/kern-perf.db -orgs 10000 -people 100000 -email perf@kern.example -password …
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"time"

	"kern/internal/app"
	"kern/internal/app/perf"
	"kern/internal/auth"
	"kern/internal/db"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "perfseed:", err)
		os.Exit(1)
	}
}

func run() error {
	dbURL := flag.String("db", "", "database: a SQLite file path or a postgres:// URL (required; must be empty)")
	orgs := flag.Int("orgs", 10000, "organisations to seed")
	people := flag.Int("people", 100000, "people to seed")
	email := flag.String("email", "perf@kern.example", "e-mail of the account the load test logs in with")
	password := flag.String("password", "", "its password (required)")
	flag.Parse()
	if *dbURL == "" || *password == "" {
		flag.Usage()
		return fmt.Errorf("-db and -password are required")
	}
	ctx := context.Background()
	log := slog.New(slog.NewTextHandler(io.Discard, nil))
	a, err := app.New(ctx, app.Config{Addr: "127.0.0.1:0", DB: *dbURL, Data: os.TempDir(), Lang: "en"}, log)
	if err != nil {
		return err
	}
	defer a.Close()
	var n int
	if err := a.DB.Read.QueryRowContext(ctx, `SELECT count(*) FROM organizations`).Scan(&n); err != nil {
		return err
	}
	if n > 0 {
		return fmt.Errorf("the database already holds %d organisations; give an empty one", n)
	}
	start := time.Now()
	if err := perf.Seed(ctx, a.DB, *orgs, *people); err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "perfseed: %d organisations and %d people in %v\n", *orgs, *people, time.Since(start).Round(time.Millisecond))
	sys := auth.System()
	if _, err := a.Auth.CreateUser(ctx, sys, auth.NewUser{Email: *email, Name: "Synthetische Lezer", Role: auth.Member,
		Password: *password}); err != nil {
		return err
	}
	_, token, err := a.Auth.CreateTokenFor(ctx, sys, *email, auth.NewToken{Name: "perf-load", Scope: auth.ScopeRead})
	if err != nil {
		return err
	}
	if a.DB.Dialect == db.Postgres {
		// Statistics now, as autovacuum would a minute later, so the planner does not guess.
		if _, err := a.DB.Write.ExecContext(ctx, `ANALYZE`); err != nil {
			return err
		}
	}
	fmt.Println(token)
	return nil
}
