package actions

import (
	"context"
	"fmt"
	"time"

	"kern/internal/db"
	"kern/internal/outbox"
	"kern/internal/web/i18n"
)

// ReminderJob is the job kind that reminds owner contacts of overdue actions, once a day.
const ReminderJob = "reminders.actions"

// RemindOverdue e-mails the owner contact of each overdue action, once per due date: the action
// remembers the day it reminded, and reminds again only after its due date has been moved and
// passed again. It runs as the daily job ReminderJob.
func (s *Service) RemindOverdue(ctx context.Context, _ string) error {
	if s.Catalog == nil {
		return nil
	}
	today := s.today()
	rows, err := s.DB.Reader(ctx).QueryContext(ctx, `
SELECT a.id, a.title, a.due_on, u.email, u.name, u.lang FROM actions a JOIN users u ON u.id = a.owner_id
WHERE a.status NOT IN ('done', 'dropped') AND a.due_on < $1 AND NOT u.disabled
  AND (a.reminded_on IS NULL OR a.reminded_on < a.due_on)
ORDER BY a.id`, today)
	if err != nil {
		return fmt.Errorf("overdue actions: %w", err)
	}
	type due struct {
		id                 int64
		title, email, name string
		lang               string
		dueOn              time.Time
	}
	var list []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.title, &d.dueOn, &d.email, &d.name, &d.lang); err != nil {
			rows.Close()
			return err
		}
		list = append(list, d)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, d := range list {
		err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
			l, ok := i18n.Parse(d.lang)
			if !ok {
				l = i18n.NL
			}
			t := func(key string, args ...any) string { return s.Catalog.T(l, key, args...) }
			msg := outbox.Message{To: d.email, Subject: t("actions.mail.overdue_subject", d.title),
				Text: t("actions.mail.overdue_text", d.name, d.title, d.dueOn.Format("2006-01-02"), fmt.Sprintf("%s/actions/%d", s.BaseURL, d.id))}
			if err := outbox.Enqueue(ctx, q, msg); err != nil {
				return err
			}
			_, err := q.ExecContext(ctx, `UPDATE actions SET reminded_on = $1 WHERE id = $2`, today, d.id)
			return err
		})
		if err != nil {
			return fmt.Errorf("remind owner of action %d: %w", d.id, err)
		}
	}
	return nil
}
