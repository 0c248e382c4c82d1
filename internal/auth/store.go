package auth

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"kern"
	"kern/internal/db"
)

const userColumns = `id, email, name, lang, role, disabled, created_at`

func scanUser(row interface{ Scan(...any) error }) (User, error) {
	var u User
	err := row.Scan(&u.ID, &u.Email, &u.Name, &u.Lang, &u.Role, &u.Disabled, &u.CreatedAt)
	return u, err
}

func userByID(ctx context.Context, q db.Q, id int64) (User, error) {
	u, err := scanUser(q.QueryRowContext(ctx, `SELECT `+userColumns+` FROM users WHERE id = $1`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return u, kern.Errorf(kern.NotFound, "error.not_found")
	}
	return u, err
}

func userByEmail(ctx context.Context, q db.Q, email string) (User, string, error) {
	var hash string
	var u User
	err := q.QueryRowContext(ctx, `SELECT `+userColumns+`, password_hash FROM users WHERE email = $1`, NormalizeEmail(email)).
		Scan(&u.ID, &u.Email, &u.Name, &u.Lang, &u.Role, &u.Disabled, &u.CreatedAt, &hash)
	if errors.Is(err, sql.ErrNoRows) {
		return u, "", kern.Errorf(kern.NotFound, "error.not_found")
	}
	return u, hash, err
}

func emailTaken(ctx context.Context, q db.Q, email string, exceptID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT count(*) FROM users WHERE email = $1 AND id <> $2`, email, exceptID).Scan(&n)
	return n > 0, err
}

func orgRolesOf(ctx context.Context, q db.Q, userID int64) (map[int64]OrgRole, error) {
	rows, err := q.QueryContext(ctx, `SELECT org_id, role FROM org_roles WHERE user_id = $1`, userID)
	if err != nil {
		return nil, fmt.Errorf("org roles: %w", err)
	}
	defer rows.Close()
	out := map[int64]OrgRole{}
	for rows.Next() {
		var id int64
		var r OrgRole
		if err := rows.Scan(&id, &r); err != nil {
			return nil, err
		}
		out[id] = r
	}
	return out, rows.Err()
}

// listUsers returns users whose e-mail or name contains search, ordered by name.
func listUsers(ctx context.Context, q db.Q, search string) ([]User, error) {
	like := "%" + strings.ToLower(search) + "%"
	rows, err := q.QueryContext(ctx, `SELECT `+userColumns+` FROM users
WHERE $1 = '%%' OR lower(email) LIKE $1 OR lower(name) LIKE $1 ORDER BY name, id LIMIT 500`, like)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []User
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// recentFailures returns the times of the n most recent failed log-ins of key, newest first.
// (Not max(at): SQLite gives an aggregate no declared type, so the time would come back as text.)
func recentFailures(ctx context.Context, q db.Q, key string, n int) ([]time.Time, error) {
	rows, err := q.QueryContext(ctx, `SELECT at FROM login_failures WHERE key = $1 ORDER BY at DESC LIMIT $2`, key, n)
	if err != nil {
		return nil, fmt.Errorf("login failures: %w", err)
	}
	defer rows.Close()
	var out []time.Time
	for rows.Next() {
		var t time.Time
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}
