package actions

import (
	"context"
	"fmt"
	"time"

	"kern/internal/db"
	"kern/internal/notify"
)

// ReminderJob is the job kind that reminds owner contacts of overdue actions, once a day.
const ReminderJob = "reminders.actions"

// RemindOverdue e-mails the owner contact of each overdue action, once per due date: the action
// remembers the day it reminded, and reminds again only after its due date has been moved and
// passed again. It runs as the daily job ReminderJob.
func (s *Service) RemindOverdue(ctx context.Context, _ string) error {
	if s.Notify == nil {
		return nil
	}
	today := s.today()
	rows, err := s.DB.Reader(ctx).QueryContext(ctx, `
SELECT a.id, a.title, a.due_on, a.owner_id FROM actions a JOIN users u ON u.id = a.owner_id
WHERE a.status NOT IN ('done', 'dropped') AND a.due_on < $1 AND NOT u.disabled
  AND (a.reminded_on IS NULL OR a.reminded_on < a.due_on)
ORDER BY a.id`, today)
	if err != nil {
		return fmt.Errorf("overdue actions: %w", err)
	}
	type due struct {
		id, owner int64
		title     string
		dueOn     time.Time
	}
	var list []due
	for rows.Next() {
		var d due
		if err := rows.Scan(&d.id, &d.title, &d.dueOn, &d.owner); err != nil {
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
			note := notify.Note{Kind: "action_overdue", SubjectKey: "actions.mail.overdue_subject", SubjectArgs: []any{d.title},
				TextKey: "actions.mail.overdue_text",
				Args:    []any{d.title, d.dueOn.Format("2006-01-02")}, Link: fmt.Sprintf("/actions/%d", d.id)}
			if _, err := s.Notify.Send(ctx, q, notify.To{UserID: d.owner}, note); err != nil {
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
