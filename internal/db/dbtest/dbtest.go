// Package dbtest runs a test on every database Kern supports: always on a fresh SQLite file and,
// when KERN_TEST_POSTGRES holds a URL, on a fresh PostgreSQL schema too.
package dbtest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"kern/internal/db"
)

// Each runs fn once per available database, each migrated and empty.
func Each(t *testing.T, fn func(t *testing.T, d *db.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, SQLite(t)) })
	if os.Getenv("KERN_TEST_POSTGRES") != "" {
		t.Run("postgres", func(t *testing.T) { fn(t, Postgres(t)) })
	}
}

// SQLite returns a migrated database in a fresh file, closed when the test ends.
func SQLite(t testing.TB) *db.DB {
	t.Helper()
	d, err := db.Open(context.Background(), filepath.Join(t.TempDir(), "kern.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

// Postgres returns a migrated database in a fresh schema of KERN_TEST_POSTGRES, dropped when the
// test ends; the test is skipped when the variable is empty.
func Postgres(t testing.TB) *db.DB {
	t.Helper()
	d := PostgresEmpty(t)
	if _, err := d.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return d
}

// PostgresEmpty is Postgres without the migrations.
func PostgresEmpty(t testing.TB) *db.DB {
	t.Helper()
	base := os.Getenv("KERN_TEST_POSTGRES")
	if base == "" {
		t.Skip("KERN_TEST_POSTGRES not set")
	}
	u, schema := SchemaURL(t, base)
	d, err := db.Open(context.Background(), u)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	_ = schema
	return d
}

// SchemaURL creates a fresh schema in the PostgreSQL database at base and returns a URL whose
// connections use it; the schema is dropped when the test ends.
func SchemaURL(t testing.TB, base string) (string, string) {
	t.Helper()
	b := make([]byte, 6)
	rand.Read(b)
	schema := "kern_test_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := admin.Exec("CREATE SCHEMA " + schema); err != nil {
		admin.Close()
		t.Fatalf("create test schema: %v", err)
	}
	t.Cleanup(func() {
		admin.Exec("DROP SCHEMA " + schema + " CASCADE")
		admin.Close()
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String(), schema
}
