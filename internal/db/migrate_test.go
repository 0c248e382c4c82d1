package db_test

import (
	"context"
	"os"
	"slices"
	"testing"

	"kern/internal/db"
	"kern/internal/db/dbtest"
)

// columns lists "table.column" for every table Kern owns.
func columns(t *testing.T, d *db.DB) []string {
	t.Helper()
	q := `SELECT m.name || '.' || p.name FROM sqlite_master m, pragma_table_info(m.name) p
	      WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' AND m.name <> 'goose_db_version'`
	if d.Dialect == db.Postgres {
		q = `SELECT table_name || '.' || column_name FROM information_schema.columns
		     WHERE table_schema = current_schema() AND table_name <> 'goose_db_version'`
	}
	rows, err := d.Read.QueryContext(context.Background(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			t.Fatal(err)
		}
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

func TestBothDialectsEndWithTheSameTablesAndColumns(t *testing.T) {
	if os.Getenv("KERN_TEST_POSTGRES") == "" {
		t.Skip("KERN_TEST_POSTGRES not set")
	}
	lite, pg := columns(t, dbtest.SQLite(t)), columns(t, dbtest.Postgres(t))
	if len(lite) < 50 {
		t.Fatalf("only %d columns on SQLite", len(lite))
	}
	for _, c := range lite {
		if !slices.Contains(pg, c) {
			t.Errorf("%s exists on SQLite but not on PostgreSQL", c)
		}
	}
	for _, c := range pg {
		if !slices.Contains(lite, c) {
			t.Errorf("%s exists on PostgreSQL but not on SQLite", c)
		}
	}
}

func TestMigrationsAreCurrentAfterMigrate(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ok, err := d.Current(context.Background())
		if err != nil || !ok {
			t.Fatalf("Current = %v, %v; want true", ok, err)
		}
		n, err := d.Migrate(context.Background())
		if err != nil || n != 0 {
			t.Fatalf("second Migrate ran %d migrations, err %v; want 0", n, err)
		}
	})
}

func TestInTxRollsBackOnError(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		err := d.InTx(ctx, func(ctx context.Context, q db.Q) error {
			if _, err := q.ExecContext(ctx, `INSERT INTO stakeholder_groups (code, position) VALUES ($1, $2)`, "x", 9); err != nil {
				return err
			}
			return os.ErrInvalid
		})
		if err != os.ErrInvalid {
			t.Fatalf("InTx = %v", err)
		}
		var n int
		d.Read.QueryRowContext(ctx, `SELECT count(*) FROM stakeholder_groups WHERE code = $1`, "x").Scan(&n)
		if n != 0 {
			t.Fatal("the failed transaction left its row behind")
		}
	})
}

func TestReaderReusesStatementsAndSeesWrites(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		count := func() int {
			var n int
			if err := d.Reader(ctx).QueryRowContext(ctx, `SELECT count(*) FROM stakeholder_groups WHERE position > $1`, 0).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}
		before := count()
		if _, err := d.Write.ExecContext(ctx, `INSERT INTO stakeholder_groups (code, position) VALUES ('x', 7)`); err != nil {
			t.Fatal(err)
		}
		if after := count(); after != before+1 {
			t.Fatalf("a cached statement read %d rows after a write, want %d", after, before+1)
		}
		if err := d.Reader(ctx).QueryRowContext(ctx, `SELECT nonsense FROM nowhere`).Scan(new(int)); err == nil {
			t.Fatal("a bad query went unreported")
		}
	})
}
