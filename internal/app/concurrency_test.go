package app_test

import (
	"context"
	"fmt"
	"path/filepath"
	"sync"
	"testing"

	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/org"
)

// Thirty-two writers at once on one SQLite file, through two separate handles as when
// `kern user create` runs beside `kern serve`: none may fail with "database is locked".
func TestConcurrentWritersOnSQLite(t *testing.T) {
	path := filepath.Join(t.TempDir(), "kern.db")
	ctx := context.Background()
	var handles []*db.DB
	for range 2 {
		d, err := db.Open(ctx, path)
		if err != nil {
			t.Fatal(err)
		}
		defer d.Close()
		if _, err := d.Migrate(ctx); err != nil {
			t.Fatal(err)
		}
		handles = append(handles, d)
	}
	const writers, each = 32, 10
	errs := make(chan error, writers*each)
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := &org.Service{DB: handles[w%2]}
			for i := range each {
				_, err := s.CreateOrganization(ctx, auth.System(), org.OrgInput{Kind: "hospital", Group: "care_providers",
					Name: fmt.Sprintf("Ziekenhuis %d-%d", w, i), Country: "NL"})
				if err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	var n, audited int
	handles[0].Read.QueryRow(`SELECT count(*) FROM organizations`).Scan(&n)
	handles[0].Read.QueryRow(`SELECT count(*) FROM audit_log WHERE entity = 'organization'`).Scan(&audited)
	if n != writers*each || audited != writers*each {
		t.Fatalf("%d organisations and %d audit rows, want %d of each", n, audited, writers*each)
	}
}
