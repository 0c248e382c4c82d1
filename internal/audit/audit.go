// Package audit keeps the audit log: every change appends who did it (a user, or a user through an
// API token), what they did to which record, the record before and after, when, and the request
// it came with — in the same transaction as the change, so there is no change without its trace.
package audit

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	"kern/internal/db"
)

// Actor is who made a change.
type Actor struct {
	UserID  int64
	TokenID int64  // set when the change came through an API token
	Label   string // e-mail of the user, or "system" for the command line and start-up
}

// System is the actor of changes made by the command line and by start-up tasks.
var System = Actor{Label: "system"}

type ctxKey int

const requestIDKey ctxKey = 1

// WithRequestID returns ctx carrying the id of the request being served.
func WithRequestID(ctx context.Context, id string) context.Context {
	return context.WithValue(ctx, requestIDKey, id)
}

// RequestID returns the request id in ctx, or "".
func RequestID(ctx context.Context) string {
	id, _ := ctx.Value(requestIDKey).(string)
	return id
}

// Entry is one line of the audit log.
type Entry struct {
	ID        int64     `json:"id"`
	At        time.Time `json:"at"`
	Actor     string    `json:"actor"`
	UserID    int64     `json:"actor_user_id,omitempty"`
	TokenID   int64     `json:"actor_token_id,omitempty"`
	Action    string    `json:"action"`
	Entity    string    `json:"entity"`
	EntityID  string    `json:"entity_id"`
	Before    string    `json:"before,omitempty"` // JSON of the record before the change
	After     string    `json:"after,omitempty"`  // JSON of the record after the change
	RequestID string    `json:"request_id,omitempty"`
}

// Record appends a change to the log through q, which must be the transaction of the change.
// before and after are encoded as JSON; pass nil for a creation's before or a deletion's after.
func Record(ctx context.Context, q db.Q, actor Actor, action, entity string, id any, before, after any) error {
	b, err := encode(before)
	if err != nil {
		return err
	}
	a, err := encode(after)
	if err != nil {
		return err
	}
	_, err = q.ExecContext(ctx, `
INSERT INTO audit_log (at, actor_user_id, actor_token_id, actor, action, entity, entity_id, before_json, after_json, request_id)
VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
		time.Now().UTC(), nullID(actor.UserID), nullID(actor.TokenID), actor.Label, action, entity,
		fmt.Sprint(id), b, a, RequestID(ctx))
	if err != nil {
		return fmt.Errorf("audit %s %s: %w", action, entity, err)
	}
	return nil
}

func encode(v any) (string, error) {
	if v == nil {
		return "", nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("audit encode: %w", err)
	}
	return string(b), nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// Filter selects entries of the log.
type Filter struct {
	Entity   string
	EntityID string
	Actor    string // part of the actor's label
	Action   string
	From, To time.Time // zero means open
	Page     int       // 1-based
	PerPage  int
}

// Page is one page of the log, newest first.
type Page struct {
	Entries []Entry
	Total   int
}

const listQuery = `
FROM audit_log
WHERE ($1 = '' OR entity = $1) AND ($2 = '' OR entity_id = $2)
  AND ($3 = '' OR lower(actor) LIKE $3) AND ($4 = '' OR action = $4)
  AND at >= $5 AND at < $6`

// List returns a page of entries matching f, newest first.
func List(ctx context.Context, q db.Q, f Filter) (Page, error) {
	if f.PerPage <= 0 || f.PerPage > 100000 {
		f.PerPage = 50
	}
	if f.Page < 1 {
		f.Page = 1
	}
	from, to := f.From, f.To
	if from.IsZero() {
		from = time.Unix(0, 0)
	}
	if to.IsZero() {
		to = time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	actor := ""
	if f.Actor != "" {
		actor = "%" + f.Actor + "%"
	}
	args := []any{f.Entity, f.EntityID, actor, f.Action, from.UTC(), to.UTC()}
	var p Page
	if err := q.QueryRowContext(ctx, `SELECT count(*) `+listQuery, args...).Scan(&p.Total); err != nil {
		return p, fmt.Errorf("count audit: %w", err)
	}
	rows, err := q.QueryContext(ctx, `
SELECT id, at, actor, coalesce(actor_user_id, 0), coalesce(actor_token_id, 0), action, entity, entity_id,
       before_json, after_json, request_id `+listQuery+`
ORDER BY id DESC LIMIT $7 OFFSET $8`, append(args, f.PerPage, (f.Page-1)*f.PerPage)...)
	if err != nil {
		return p, fmt.Errorf("list audit: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var e Entry
		if err := rows.Scan(&e.ID, &e.At, &e.Actor, &e.UserID, &e.TokenID, &e.Action, &e.Entity, &e.EntityID,
			&e.Before, &e.After, &e.RequestID); err != nil {
			return p, fmt.Errorf("scan audit: %w", err)
		}
		p.Entries = append(p.Entries, e)
	}
	return p, rows.Err()
}
