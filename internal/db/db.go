// Package db opens Kern's database — SQLite embedded by default, PostgreSQL in production — and
// carries the few things that must differ between the two: the connection settings, the migration
// folder and a handful of SQL fragments behind Dialect.
//
// SQL in the stores is written once in PostgreSQL style ($1 placeholders, RETURNING, ON CONFLICT);
// modernc.org/sqlite binds $N by position, so the same text runs on both.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"
)

// Dialect names the database engine behind a DB.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is a database with a writer pool and a reader pool. On PostgreSQL both are the same pool; on
// SQLite the writer pool has one connection, so writers queue in Go instead of failing with
// "database is locked", while readers run in parallel thanks to WAL.
type DB struct {
	Dialect Dialect
	Write   *sql.DB
	Read    *sql.DB
	URL     string // redacted: safe to log

	cache *stmtCache // Read with prepared statements kept
}

// Open opens the database named by url: a postgres:// or postgresql:// URL, or a SQLite file path.
func Open(ctx context.Context, url string) (*DB, error) {
	if strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://") {
		return openPostgres(ctx, url)
	}
	return openSQLite(ctx, url)
}

func openPostgres(ctx context.Context, dsn string) (*DB, error) {
	pool, err := sql.Open("pgx", dsn)
	if err != nil {
		return nil, fmt.Errorf("open postgres: %w", err)
	}
	pool.SetMaxOpenConns(20)
	pool.SetMaxIdleConns(10)
	pool.SetConnMaxIdleTime(5 * time.Minute)
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect postgres: %w", err)
	}
	return &DB{Dialect: Postgres, Write: pool, Read: pool, URL: redact(dsn), cache: &stmtCache{db: pool}}, nil
}

// sqlitePragmas are set in the DSN so that every pooled connection gets them, not only the first.
// busy_timeout waits instead of failing while a checkpoint or another process holds the lock;
// synchronous(FULL) makes a commit that returned survive a power cut; _txlock=immediate takes
// the write lock at BEGIN, so two transactions never deadlock upgrading from read to write.
const sqlitePragmas = "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)" +
	"&_pragma=synchronous(FULL)&_time_format=sqlite"

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if path == "" {
		return nil, errors.New("open sqlite: empty path")
	}
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o750); err != nil {
			return nil, fmt.Errorf("open sqlite: %w", err)
		}
	}
	base := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + sqlitePragmas
	write, err := sql.Open("sqlite", base+"&_txlock=immediate")
	if err != nil {
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetConnMaxIdleTime(0)
	read, err := sql.Open("sqlite", base+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open sqlite: %w", err)
	}
	read.SetMaxOpenConns(8)
	read.SetMaxIdleConns(8)
	// The first connection creates the file and switches it to WAL before readers arrive.
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		read.Close()
		return nil, fmt.Errorf("open sqlite %s: %w", path, err)
	}
	return &DB{Dialect: SQLite, Write: write, Read: read, URL: path, cache: &stmtCache{db: read}}, nil
}

// Close closes both pools.
func (d *DB) Close() error {
	d.cache.close()
	err := d.Write.Close()
	if d.Read != d.Write {
		err = errors.Join(err, d.Read.Close())
	}
	return err
}

// Ping checks that the database answers.
func (d *DB) Ping(ctx context.Context) error { return d.Read.PingContext(ctx) }

// SkipLocked is the row-lock clause for leasing queue rows: PostgreSQL lets many workers lease
// different rows at once; SQLite has one writer at a time, so the clause is not needed there.
func (d *DB) SkipLocked() string {
	if d.Dialect == Postgres {
		return "FOR UPDATE SKIP LOCKED"
	}
	return ""
}

func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil {
		return "postgres://…"
	}
	if u.User != nil {
		u.User = url.User(u.User.Username())
	}
	return u.String()
}
