// Package outbox sends Kern's e-mail without losing any: a message is written to the outbox table
// in the transaction that causes it, with a job that delivers it. Delivery goes over SMTP when a
// server is configured and to an .eml file in the data folder otherwise; a failed delivery is
// retried by the job queue with back-off, and the message stays in the table either way.
package outbox

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"time"

	"github.com/wneessen/go-mail"

	"kern/internal/db"
	"kern/internal/jobs"
)

// Kind is the job kind that delivers one outbox message.
const Kind = "mail"

// Message is an e-mail to send.
type Message struct {
	To      string
	Subject string
	Text    string
}

// Enqueue writes m to the outbox through q and schedules its delivery.
func Enqueue(ctx context.Context, q db.Q, m Message) error {
	var id int64
	err := q.QueryRowContext(ctx, `INSERT INTO outbox (to_addr, subject, body_text, created_at) VALUES ($1, $2, $3, $4) RETURNING id`,
		m.To, m.Subject, m.Text, time.Now().UTC()).Scan(&id)
	if err != nil {
		return fmt.Errorf("outbox: %w", err)
	}
	return jobs.Enqueue(ctx, q, Kind, strconv.FormatInt(id, 10), time.Time{})
}

// SMTP holds the mail server settings; an empty Host means "write .eml files".
type SMTP struct {
	Host     string
	Port     int
	Username string
	Password string
	From     string
}

// Sender delivers outbox messages.
type Sender struct {
	DB   *db.DB
	SMTP SMTP
	Dir  string // where .eml files go when no SMTP host is set
}

// Deliver is the job handler: it sends the message whose id is payload, once.
func (s *Sender) Deliver(ctx context.Context, payload string) error {
	id, err := strconv.ParseInt(payload, 10, 64)
	if err != nil {
		return fmt.Errorf("outbox payload %q: %w", payload, err)
	}
	var m Message
	var sent *time.Time
	err = s.DB.Read.QueryRowContext(ctx, `SELECT to_addr, subject, body_text, sent_at FROM outbox WHERE id = $1`, id).
		Scan(&m.To, &m.Subject, &m.Text, &sent)
	if err != nil {
		return fmt.Errorf("outbox %d: %w", id, err)
	}
	if sent != nil {
		return nil
	}
	msg := mail.NewMsg()
	from := s.SMTP.From
	if from == "" {
		from = "kern@localhost"
	}
	if err := msg.From(from); err != nil {
		return fmt.Errorf("outbox from: %w", err)
	}
	if err := msg.To(m.To); err != nil {
		return fmt.Errorf("outbox to: %w", err)
	}
	msg.Subject(m.Subject)
	msg.SetDate()
	msg.SetMessageID()
	msg.SetBodyString(mail.TypeTextPlain, m.Text)
	if s.SMTP.Host != "" {
		opts := []mail.Option{mail.WithPort(cmp(s.SMTP.Port, 587)), mail.WithTLSPolicy(mail.TLSOpportunistic)}
		if s.SMTP.Username != "" {
			opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain), mail.WithUsername(s.SMTP.Username), mail.WithPassword(s.SMTP.Password))
		}
		c, err := mail.NewClient(s.SMTP.Host, opts...)
		if err != nil {
			return fmt.Errorf("smtp client: %w", err)
		}
		if err := c.DialAndSendWithContext(ctx, msg); err != nil {
			return fmt.Errorf("smtp send: %w", err)
		}
	} else {
		if err := os.MkdirAll(s.Dir, 0o750); err != nil {
			return err
		}
		if err := msg.WriteToFile(filepath.Join(s.Dir, fmt.Sprintf("%06d.eml", id))); err != nil {
			return fmt.Errorf("write eml: %w", err)
		}
	}
	_, err = s.DB.Write.ExecContext(ctx, `UPDATE outbox SET sent_at = $1 WHERE id = $2`, time.Now().UTC(), id)
	return err
}

func cmp(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}
