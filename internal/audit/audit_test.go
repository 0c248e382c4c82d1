package audit_test

import (
	"context"
	"testing"
	"time"

	"kern/internal/audit"
	"kern/internal/db"
	"kern/internal/db/dbtest"
)

func TestRecordAndFilter(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := audit.WithRequestID(context.Background(), "req-1")
		alice := audit.Actor{Label: "alice@example.org"}
		err := d.InTx(ctx, func(ctx context.Context, q db.Q) error {
			if err := audit.Record(ctx, q, alice, "create", "organization", 7, nil, map[string]string{"name": "Isala"}); err != nil {
				return err
			}
			return audit.Record(ctx, q, audit.System, "update", "person", 9, map[string]int{"a": 1}, map[string]int{"a": 2})
		})
		if err != nil {
			t.Fatal(err)
		}
		for _, tc := range []struct {
			name string
			f    audit.Filter
			want int
		}{
			{"everything", audit.Filter{}, 2},
			{"by entity", audit.Filter{Entity: "organization"}, 1},
			{"by entity and id", audit.Filter{Entity: "person", EntityID: "9"}, 1},
			{"by actor part", audit.Filter{Actor: "alice"}, 1},
			{"by action", audit.Filter{Action: "delete"}, 0},
			{"in the future", audit.Filter{From: time.Now().Add(time.Hour)}, 0},
		} {
			t.Run(tc.name, func(t *testing.T) {
				p, err := audit.List(ctx, d.Read, tc.f)
				if err != nil {
					t.Fatal(err)
				}
				if p.Total != tc.want || len(p.Entries) != tc.want {
					t.Fatalf("got %d (total %d), want %d", len(p.Entries), p.Total, tc.want)
				}
			})
		}
		p, _ := audit.List(ctx, d.Read, audit.Filter{Entity: "organization"})
		e := p.Entries[0]
		if e.Actor != "alice@example.org" || e.Before != "" || e.After != `{"name":"Isala"}` || e.RequestID != "req-1" || e.EntityID != "7" {
			t.Fatalf("entry = %+v", e)
		}
	})
}
