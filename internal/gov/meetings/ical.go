package meetings

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"database/sql"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
)

// FeedHistory is how far back a calendar feed reaches; later meetings are all in it.
const FeedHistory = 2 * 366 * 24 * time.Hour

// ICS renders meetings as an iCalendar object (RFC 5545): CRLF line endings, lines folded at 75
// octets, text escaped, one VEVENT per meeting with a stable UID, times in UTC and the URL of
// the meeting's page.
func ICS(name, baseURL string, list []Meeting) []byte {
	var b bytes.Buffer
	host := "kern"
	if u, err := url.Parse(baseURL); err == nil && u.Host != "" {
		host = u.Hostname()
	}
	line := func(s string) { fold(&b, s) }
	line("BEGIN:VCALENDAR")
	line("VERSION:2.0")
	line("PRODID:-//Kern//Meetings//NL")
	line("CALSCALE:GREGORIAN")
	line("METHOD:PUBLISH")
	line("X-WR-CALNAME:" + escapeText(name))
	line("X-PUBLISHED-TTL:PT1H")
	for _, m := range list {
		link := baseURL + m.URL
		desc := m.BodyName
		if m.VideoURL != "" {
			desc += "\n" + m.VideoURL
		}
		desc += "\n" + link
		line("BEGIN:VEVENT")
		line(fmt.Sprintf("UID:meeting-%d@%s", m.ID, host))
		line("DTSTAMP:" + icsTime(m.UpdatedAt))
		line("DTSTART:" + icsTime(m.StartsAt))
		line("DTEND:" + icsTime(m.EndsAt))
		line(fmt.Sprintf("SEQUENCE:%d", m.Sequence))
		line("SUMMARY:" + escapeText(m.BodyName+": "+m.Title))
		if m.Location != "" {
			line("LOCATION:" + escapeText(m.Location))
		} else if m.VideoURL != "" {
			line("LOCATION:" + escapeText(m.VideoURL))
		}
		line("DESCRIPTION:" + escapeText(desc))
		line("URL:" + link)
		line("STATUS:CONFIRMED")
		line("END:VEVENT")
	}
	line("END:VCALENDAR")
	return b.Bytes()
}

func icsTime(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// escapeText escapes a TEXT value: backslash, semicolon, comma and newlines.
func escapeText(s string) string {
	return strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\r\n", `\n`, "\n", `\n`, "\r", `\n`).Replace(s)
}

// fold writes a content line, breaking it into lines of at most 75 octets (continuations start
// with a space), never inside a UTF-8 character.
func fold(b *bytes.Buffer, s string) {
	limit := 75
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = 74 // the leading space counts
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}

// BodyFeed is the meetings of a body for its calendar feed, for a logged-in user.
func (s *Service) BodyFeed(ctx context.Context, p *auth.Principal, bodyID int64) (string, []Meeting, error) {
	if err := requireUser(p); err != nil {
		return "", nil, err
	}
	return s.bodyFeed(ctx, bodyID)
}

// BodyFeedWithToken is the body's feed for a calendar program that shows a personal calendar
// token instead of a session.
func (s *Service) BodyFeedWithToken(ctx context.Context, token string, bodyID int64) (string, []Meeting, error) {
	if _, err := s.tokenUser(ctx, token); err != nil {
		return "", nil, err
	}
	return s.bodyFeed(ctx, bodyID)
}

func (s *Service) bodyFeed(ctx context.Context, bodyID int64) (string, []Meeting, error) {
	q := s.DB.Reader(ctx)
	b, err := getBody(ctx, q, bodyID)
	if err != nil {
		return "", nil, err
	}
	list, err := feedMeetings(ctx, q, `m.body_id = $1`, bodyID, s.now().Add(-FeedHistory))
	return b.Name, list, err
}

// feedMeetings lists the meetings matching cond (whose $1 is arg, $3… are more) that end after
// since ($2).
func feedMeetings(ctx context.Context, q db.Q, cond string, arg any, since time.Time, more ...any) ([]Meeting, error) {
	args := append([]any{arg, since}, more...)
	rows, err := q.QueryContext(ctx, meetingSelect+`WHERE `+cond+` AND m.ends_at >= $2 ORDER BY m.starts_at, m.id`, args...)
	if err != nil {
		return nil, fmt.Errorf("feed: %w", err)
	}
	defer rows.Close()
	out := []Meeting{}
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

// PersonFeed is the meetings of every body in which the owner of the token holds a current
// seat, for their private calendar link.
func (s *Service) PersonFeed(ctx context.Context, token string) (string, []Meeting, error) {
	userID, err := s.tokenUser(ctx, token)
	if err != nil {
		return "", nil, err
	}
	q := s.DB.Reader(ctx)
	var name string
	var person *int64
	if err := q.QueryRowContext(ctx, `SELECT name, person_id FROM users WHERE id = $1`, userID).Scan(&name, &person); err != nil {
		return "", nil, err
	}
	if person == nil {
		return name, []Meeting{}, nil
	}
	today := s.Gov.Today()
	list, err := feedMeetings(ctx, q, `m.body_id IN (SELECT s.body_id FROM seats s WHERE s.person_id = $1
AND s.term_start <= $3 AND (s.term_end IS NULL OR s.term_end >= $3))`, *person, s.now().Add(-FeedHistory), today)
	return name, list, err
}

// tokenUser finds the (enabled) account of a calendar token; any failure is "not found".
func (s *Service) tokenUser(ctx context.Context, token string) (int64, error) {
	var id int64
	err := s.DB.Reader(ctx).QueryRowContext(ctx, `SELECT t.user_id FROM calendar_tokens t JOIN users u ON u.id = t.user_id
WHERE t.token_hash = $1 AND NOT u.disabled`, hashToken(token)).Scan(&id)
	if errors.Is(err, sql.ErrNoRows) || token == "" {
		return 0, kern.Errorf(kern.NotFound, "error.not_found")
	}
	return id, err
}

func hashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

// CalendarToken tells whether p has a calendar link, and since when.
func (s *Service) CalendarToken(ctx context.Context, p *auth.Principal) (*time.Time, error) {
	if err := requireUser(p); err != nil {
		return nil, err
	}
	var at time.Time
	err := s.DB.Reader(ctx).QueryRowContext(ctx, `SELECT created_at FROM calendar_tokens WHERE user_id = $1`, p.User.ID).Scan(&at)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	}
	return &at, err
}

// NewCalendarToken makes p a new private calendar link, replacing any earlier one, and returns
// the token: it is shown once, only its hash is kept.
func (s *Service) NewCalendarToken(ctx context.Context, p *auth.Principal) (string, error) {
	if err := auth.RequireWrite(p); err != nil {
		return "", err
	}
	raw := make([]byte, 32)
	if _, err := rand.Read(raw); err != nil {
		return "", err
	}
	token := base64.RawURLEncoding.EncodeToString(raw)
	err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if _, err := q.ExecContext(ctx, `DELETE FROM calendar_tokens WHERE user_id = $1`, p.User.ID); err != nil {
			return err
		}
		var id int64
		if err := q.QueryRowContext(ctx, `INSERT INTO calendar_tokens (user_id, token_hash, created_at) VALUES ($1, $2, $3) RETURNING id`,
			p.User.ID, hashToken(token), s.now()).Scan(&id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "create", "calendar_token", id, nil, map[string]int64{"user_id": p.User.ID})
	})
	return token, err
}

// RevokeCalendarToken ends p's calendar link; calendar programs using it get 404 from then on.
func (s *Service) RevokeCalendarToken(ctx context.Context, p *auth.Principal) error {
	if err := auth.RequireWrite(p); err != nil {
		return err
	}
	return s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		if _, err := q.ExecContext(ctx, `DELETE FROM calendar_tokens WHERE user_id = $1`, p.User.ID); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "delete", "calendar_token", p.User.ID, nil, nil)
	})
}
