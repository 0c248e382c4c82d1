package auth

import (
	"context"
	"fmt"
	"log/slog"
	"time"

	"kern"
	"kern/internal/audit"
	"kern/internal/db"
	"kern/internal/web/i18n"
)

// Service is the auth capability.
type Service struct {
	DB      *db.DB
	Catalog *i18n.Catalog
	BaseURL string // for links in e-mail
	Log     *slog.Logger
	Now     func() time.Time

	touches touches // who writes the next last-seen time

	IdleTimeout     time.Duration // a session unused this long ends; default 2 hours
	AbsoluteTimeout time.Duration // a session ends this long after log-in regardless; default 24 hours
}

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// CreateUser creates an account. Only an admin (or the command line, with a nil principal and
// system set) may do it.
func (s *Service) CreateUser(ctx context.Context, p *Principal, in NewUser) (User, error) {
	if err := s.requireAdmin(p); err != nil {
		return User{}, err
	}
	if err := in.validate(); err != nil {
		return User{}, err
	}
	var u User
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		taken, err := emailTaken(ctx, q, in.Email, 0)
		if err != nil {
			return err
		}
		if taken {
			return kern.FieldError("email", "field.email_taken")
		}
		now := s.now()
		err = q.QueryRowContext(ctx, `
INSERT INTO users (email, name, lang, role, password_hash, created_at, updated_at)
VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING `+userColumns,
			in.Email, in.Name, in.Lang, in.Role, HashPassword(in.Password), now).
			Scan(&u.ID, &u.Email, &u.Name, &u.Lang, &u.Role, &u.Disabled, &u.CreatedAt)
		if err != nil {
			return fmt.Errorf("create user: %w", err)
		}
		return audit.Record(ctx, q, p.Actor(), "create", "user", u.ID, nil, u)
	})
	return u, err
}

// system is the principal of the command line: an admin that is nobody.
var system = &Principal{User: User{Role: Admin, Email: "system"}}

// System returns the principal the command line acts as.
func System() *Principal { return system }

func (s *Service) requireAdmin(p *Principal) error {
	if p == nil {
		return kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	if !p.IsAdmin() {
		return kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	return RequireWrite(p)
}

// Users lists accounts; admins only.
func (s *Service) Users(ctx context.Context, p *Principal, search string) ([]User, error) {
	if p == nil || !p.IsAdmin() {
		return nil, kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	return listUsers(ctx, s.DB.Reader(ctx), search)
}

// UserByEmail finds an account; admins only.
func (s *Service) UserByEmail(ctx context.Context, p *Principal, email string) (User, error) {
	if err := s.requireAdmin(p); err != nil {
		return User{}, err
	}
	u, _, err := userByEmail(ctx, s.DB.Reader(ctx), email)
	return u, err
}

// GrantRole sets a user's platform role; admins only.
func (s *Service) GrantRole(ctx context.Context, p *Principal, userID int64, role Role) (User, error) {
	if err := s.requireAdmin(p); err != nil {
		return User{}, err
	}
	if !validRole(role) {
		return User{}, kern.FieldError("role", "auth.role_unknown")
	}
	return s.updateUser(ctx, p, userID, "grant_role", func(u *User) { u.Role = role })
}

// SetLang stores the language a user reads Kern in; users change only their own.
func (s *Service) SetLang(ctx context.Context, p *Principal, lang string) error {
	if p == nil {
		return kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	if _, ok := i18n.Parse(lang); !ok {
		return kern.FieldError("lang", "field.lang_unknown")
	}
	l, _ := i18n.Parse(lang)
	_, err := s.updateUser(ctx, p, p.User.ID, "set_lang", func(u *User) { u.Lang = string(l) })
	return err
}

func (s *Service) updateUser(ctx context.Context, p *Principal, id int64, action string, change func(*User)) (User, error) {
	var after User
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		before, err := userByID(ctx, q, id)
		if err != nil {
			return err
		}
		after = before
		change(&after)
		_, err = q.ExecContext(ctx, `UPDATE users SET role = $1, lang = $2, disabled = $3, updated_at = $4 WHERE id = $5`,
			after.Role, after.Lang, after.Disabled, s.now(), id)
		if err != nil {
			return fmt.Errorf("update user: %w", err)
		}
		return audit.Record(ctx, q, p.Actor(), action, "user", id, before, after)
	})
	return after, err
}

// SetPassword replaces a user's password and ends all their sessions; admins only (the command
// line's reset-password).
func (s *Service) SetPassword(ctx context.Context, p *Principal, userID int64, password string) error {
	if err := s.requireAdmin(p); err != nil {
		return err
	}
	return s.setPassword(ctx, p.Actor(), userID, password)
}

func (s *Service) setPassword(ctx context.Context, actor audit.Actor, userID int64, password string) error {
	if len([]rune(password)) < MinPasswordLength {
		return kern.FieldError("password", "auth.password_too_short")
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if _, err := userByID(ctx, q, userID); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `UPDATE users SET password_hash = $1, updated_at = $2 WHERE id = $3`,
			HashPassword(password), s.now(), userID); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM sessions WHERE user_id = $1`, userID); err != nil {
			return err
		}
		// Any other reset link sent earlier stops working: an old e-mail must not open the account.
		if _, err := q.ExecContext(ctx, `UPDATE password_resets SET used_at = $1 WHERE user_id = $2 AND used_at IS NULL`,
			s.now(), userID); err != nil {
			return err
		}
		return audit.Record(ctx, q, actor, "set_password", "user", userID, nil, nil)
	})
}

// GrantOrgRole gives a user a role in an organisation. Coordinators and the organisation's own
// admins may; role "" removes the user from the organisation.
func (s *Service) GrantOrgRole(ctx context.Context, p *Principal, userID, orgID int64, role OrgRole) error {
	if err := RequireWrite(p); err != nil {
		return err
	}
	if !p.IsCoordinator() && !p.IsOrgAdmin(orgID) {
		return kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	if role != "" && role != OrgAdmin && role != OrgMember {
		return kern.FieldError("role", "auth.role_unknown")
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if _, err := userByID(ctx, q, userID); err != nil {
			return err
		}
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM organizations WHERE id = $1`, orgID).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			return kern.Errorf(kern.NotFound, "error.not_found")
		}
		before, err := orgRolesOf(ctx, q, userID)
		if err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM org_roles WHERE user_id = $1 AND org_id = $2`, userID, orgID); err != nil {
			return err
		}
		if role != "" {
			if _, err := q.ExecContext(ctx, `INSERT INTO org_roles (user_id, org_id, role) VALUES ($1, $2, $3)`, userID, orgID, role); err != nil {
				return fmt.Errorf("grant org role: %w", err)
			}
		}
		return audit.Record(ctx, q, p.Actor(), "grant_org_role", "user", userID,
			map[string]any{"org_id": orgID, "role": before[orgID]}, map[string]any{"org_id": orgID, "role": role})
	})
}

// Membership is a user who holds a role in an organisation.
type Membership struct {
	User User    `json:"user"`
	Role OrgRole `json:"role"`
}

// OrgMembers lists the accounts of an organisation. Only its members and coordinators may see
// them; anybody else is told it does not exist.
func (s *Service) OrgMembers(ctx context.Context, p *Principal, orgID int64) ([]Membership, error) {
	if p == nil || (!p.IsCoordinator() && !p.InOrg(orgID)) {
		return nil, kern.Errorf(kern.NotFound, "error.not_found")
	}
	rows, err := s.DB.Reader(ctx).QueryContext(ctx, `
SELECT u.id, u.email, u.name, u.lang, u.role, u.disabled, u.created_at, r.role
FROM org_roles r JOIN users u ON u.id = r.user_id WHERE r.org_id = $1 ORDER BY u.name, u.id`, orgID)
	if err != nil {
		return nil, fmt.Errorf("org members: %w", err)
	}
	defer rows.Close()
	var out []Membership
	for rows.Next() {
		var m Membership
		if err := rows.Scan(&m.User.ID, &m.User.Email, &m.User.Name, &m.User.Lang, &m.User.Role, &m.User.Disabled,
			&m.User.CreatedAt, &m.Role); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}
