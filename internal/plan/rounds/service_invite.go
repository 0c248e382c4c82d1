package rounds

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strconv"
	"sync"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/org"
	"kern/internal/outbox"
	"kern/internal/web/i18n"
)

// MaxInvitees bounds one invitation request.
const MaxInvitees = 2000

// newToken is a personal link's secret: 256 random bits, URL-safe. Only its hash is stored.
func newToken() string {
	b := make([]byte, 32)
	rand.Read(b)
	return base64.RawURLEncoding.EncodeToString(b)
}

func hashToken(token string) string {
	sum := sha256.Sum256([]byte(token))
	return hex.EncodeToString(sum[:])
}

// mailCatalog holds this package's messages for the invitation e-mails, so the service needs no
// catalog of its own handed to it.
var mailCatalog = sync.OnceValues(func() (*i18n.Catalog, error) { return i18n.Load(CatalogFS, org.CatalogFS) })

// Invitations returns one page of a round's invitations, for the coordination office.
func (s *Service) Invitations(ctx context.Context, p *auth.Principal, roundID int64, f InvitationFilter, all bool) ([]Invitation, int, error) {
	if !CanManage(p) {
		if p == nil {
			return nil, 0, kern.Errorf(kern.Unauthorized, "error.unauthorized")
		}
		return nil, 0, kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	if err := f.Normalize(); err != nil {
		return nil, 0, err
	}
	q := s.DB.Reader(ctx)
	if _, err := getRound(ctx, q, roundID); err != nil {
		return nil, 0, err
	}
	return listInvitations(ctx, q, roundID, f, all)
}

// Candidate is a person of the registry who can be invited.
type Candidate struct {
	PersonID int64  `json:"person_id"`
	Name     string `json:"name"`
	Email    string `json:"email"`
	Group    string `json:"stakeholder_group"`
}

// Candidates finds people of the registry with an e-mail address, for the invitation form.
func (s *Service) Candidates(ctx context.Context, p *auth.Principal, text string) ([]Candidate, error) {
	if !CanManage(p) {
		return nil, kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	if len(text) < 2 {
		return nil, nil
	}
	list, err := searchPeople(ctx, s.DB.Reader(ctx), text, 50, s.today())
	out := make([]Candidate, len(list))
	for i, x := range list {
		out[i] = Candidate{PersonID: x.ID, Name: x.Name, Email: x.Email, Group: x.Group}
	}
	return out, err
}

// inviteError is an Invalid error about the invitee at index i (0-based), named for the message.
func inviteError(i int, label, field, key string) error {
	return &kern.Error{Code: kern.Invalid, Key: "round.invite.invalid", Args: []any{i + 1, label},
		Fields: map[string]string{"invitees[" + strconv.Itoa(i) + "]." + field: key}}
}

// Invite invites people to a round. A person of the registry brings their address, name and the
// stakeholder group of their organisation; an address is looked up in the registry too. The
// group given with an invitee wins; without one and without a known organisation it is
// required. Addresses already invited are skipped. In an open round the e-mails go at once, in a
// draft when it opens. It returns the new invitations and how many were skipped.
func (s *Service) Invite(ctx context.Context, p *auth.Principal, roundID int64, invitees []Invitee) ([]Invitation, int, error) {
	if err := requireManager(p); err != nil {
		return nil, 0, err
	}
	if len(invitees) == 0 {
		return nil, 0, kern.FieldError("invitees", "round.invite.none")
	}
	if len(invitees) > MaxInvitees {
		return nil, 0, kern.FieldError("invitees", "round.invite.too_many")
	}
	var created []Invitation
	skipped := 0
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		r, err := s.load(ctx, q, roundID)
		if err != nil {
			return err
		}
		if r.State == Closed {
			return kern.Errorf(kern.Conflict, "round.frozen")
		}
		seen, err := invitedEmails(ctx, q, roundID)
		if err != nil {
			return err
		}
		for i, in := range invitees {
			person, err := s.resolve(ctx, q, i, &in)
			if err != nil {
				return err
			}
			if seen[in.Email] {
				skipped++
				continue
			}
			seen[in.Email] = true
			id, err := insertInvitation(ctx, q, roundID, in, person, s.now())
			if err != nil {
				return err
			}
			inv, err := getInvitation(ctx, q, roundID, id)
			if err != nil {
				return err
			}
			if r.State == Open {
				if err := s.send(ctx, q, r, inv); err != nil {
					return err
				}
				if inv, err = getInvitation(ctx, q, roundID, id); err != nil {
					return err
				}
			}
			if err := audit.Record(ctx, q, p.Actor(), "create", "round_invitation", id, nil, inv); err != nil {
				return err
			}
			created = append(created, inv)
		}
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	return created, skipped, nil
}

// resolve completes an invitee from the registry and checks it; it returns the person's id when
// the invitee is a person of the registry.
func (s *Service) resolve(ctx context.Context, q db.Q, i int, in *Invitee) (*int64, error) {
	in.Email, in.Name = auth.NormalizeEmail(in.Email), trim(in.Name)
	if in.Lang == "" {
		in.Lang = string(i18n.NL)
	}
	if _, ok := i18n.Parse(in.Lang); !ok {
		return nil, inviteError(i, in.Email, "lang", "field.lang_unknown")
	}
	if in.Group != "" && !isGroup(in.Group) {
		return nil, inviteError(i, in.Email, "stakeholder_group", "field.unknown_choice")
	}
	var person registryPerson
	var found bool
	var err error
	if in.PersonID > 0 {
		person, found, err = personByID(ctx, q, in.PersonID, s.today())
		if err != nil {
			return nil, err
		}
		if !found {
			return nil, inviteError(i, strconv.FormatInt(in.PersonID, 10), "person_id", "round.invite.person_unknown")
		}
		if person.Email == "" {
			return nil, inviteError(i, person.Name, "person_id", "round.invite.person_without_email")
		}
		in.Email = person.Email
	} else {
		if in.Email == "" || !auth.ValidEmail(in.Email) {
			return nil, inviteError(i, in.Email, "email", "field.email_invalid")
		}
		if person, found, err = personByEmail(ctx, q, in.Email, s.today()); err != nil {
			return nil, err
		}
	}
	if len(in.Name) > 200 {
		return nil, inviteError(i, in.Email, "name", "field.too_long")
	}
	var personID *int64
	if found {
		id := person.ID
		personID = &id
		if in.Name == "" {
			in.Name = person.Name
		}
		if in.Group == "" {
			in.Group = person.Group
		}
	}
	if in.Group == "" {
		return nil, inviteError(i, in.Email, "stakeholder_group", "round.invite.group_required")
	}
	return personID, nil
}

// send gives the invitation a new personal link and e-mails it, in q's transaction: the old link,
// if any, stops working.
func (s *Service) send(ctx context.Context, q db.Q, r Round, inv Invitation) error {
	token := newToken()
	if _, err := q.ExecContext(ctx, `UPDATE round_invitations SET token_hash = $1, sent_at = $2 WHERE id = $3`,
		hashToken(token), s.now(), inv.ID); err != nil {
		return fmt.Errorf("invitation token: %w", err)
	}
	cat, err := mailCatalog()
	if err != nil {
		return err
	}
	lang, ok := i18n.Parse(inv.Lang)
	if !ok {
		lang = i18n.NL
	}
	name := inv.Name
	if name == "" {
		name = cat.T(lang, "round.mail.no_name")
	}
	ends := closesAt(r.EndsOn).AddDate(0, 0, -1)
	day := ends.Format("2006-01-02")
	if lang == i18n.NL {
		day = ends.Format("02-01-2006")
	}
	msg := outbox.Message{
		To:      inv.Email,
		Subject: cat.T(lang, "round.mail.subject", r.Title),
		Text: cat.T(lang, "round.mail.body", name, r.Title, len(r.Challenges), day, s.BaseURL+"/r/"+token,
			cat.T(lang, "group."+inv.Group)),
	}
	return outbox.Enqueue(ctx, q, msg)
}

// RevokeInvitation stops an invitation's link from working; an answered invitation keeps its
// response and cannot be revoked.
func (s *Service) RevokeInvitation(ctx context.Context, p *auth.Principal, roundID, id int64) (Invitation, error) {
	return s.changeInvitation(ctx, p, roundID, id, "revoke", func(ctx context.Context, q db.Q, r Round, inv Invitation) error {
		if inv.RevokedAt != nil {
			return kern.Errorf(kern.Conflict, "round.invitation_revoked")
		}
		_, err := q.ExecContext(ctx, `UPDATE round_invitations SET revoked_at = $1 WHERE id = $2`, s.now(), id)
		return err
	})
}

// ResendInvitation sends an invitation of an open round again with a new personal link; the old
// link stops working.
func (s *Service) ResendInvitation(ctx context.Context, p *auth.Principal, roundID, id int64) (Invitation, error) {
	return s.changeInvitation(ctx, p, roundID, id, "resend", func(ctx context.Context, q db.Q, r Round, inv Invitation) error {
		if r.State != Open {
			return kern.Errorf(kern.Conflict, "round.resend_needs_open")
		}
		if inv.RevokedAt != nil {
			return kern.Errorf(kern.Conflict, "round.invitation_revoked")
		}
		return s.send(ctx, q, r, inv)
	})
}

func (s *Service) changeInvitation(ctx context.Context, p *auth.Principal, roundID, id int64, action string,
	change func(ctx context.Context, q db.Q, r Round, inv Invitation) error) (Invitation, error) {
	if err := requireManager(p); err != nil {
		return Invitation{}, err
	}
	var after Invitation
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		r, err := s.load(ctx, q, roundID)
		if err != nil {
			return err
		}
		before, err := getInvitation(ctx, q, roundID, id)
		if err != nil {
			return err
		}
		if r.State == Closed {
			return kern.Errorf(kern.Conflict, "round.frozen")
		}
		if before.AnsweredAt != nil {
			return kern.Errorf(kern.Conflict, "round.invitation_answered")
		}
		if err := change(ctx, q, r, before); err != nil {
			return err
		}
		if after, err = getInvitation(ctx, q, roundID, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), action, "round_invitation", id, before, after)
	})
	return after, err
}
