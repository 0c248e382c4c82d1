package meetings

import (
	"context"
	"fmt"
	"time"

	"kern/internal/db"
	"kern/internal/notify"
)

// MinutesJob is the job kind of the daily reminder about missing minutes.
const MinutesJob = "reminders.minutes"

// MinutesGrace is how long after a meeting ends its minutes may be missing before the chair
// and secretary are reminded.
const MinutesGrace = 48 * time.Hour

// RemindMissingMinutes tells the chair and the secretary (or, in an action group, the leader) of
// each body whose meeting ended more than two days ago without minutes, once per meeting. It
// runs as the daily job MinutesJob.
func (s *Service) RemindMissingMinutes(ctx context.Context, _ string) error {
	rows, err := s.DB.Reader(ctx).QueryContext(ctx, meetingSelect+`WHERE m.ends_at < $1 AND m.minutes_reminded_at IS NULL
AND NOT EXISTS (SELECT 1 FROM meeting_minutes x WHERE x.meeting_id = m.id AND x.text <> '') ORDER BY m.ends_at, m.id`,
		s.now().Add(-MinutesGrace))
	if err != nil {
		return fmt.Errorf("meetings without minutes: %w", err)
	}
	var list []Meeting
	for rows.Next() {
		m, err := scanMeeting(rows)
		if err != nil {
			rows.Close()
			return err
		}
		list = append(list, m)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, m := range list {
		err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
			// Marked first and only if still unmarked, so two workers never remind twice.
			res, err := q.ExecContext(ctx, `UPDATE meetings SET minutes_reminded_at = $1 WHERE id = $2 AND minutes_reminded_at IS NULL`,
				s.now(), m.ID)
			if err != nil {
				return err
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return nil
			}
			holders, err := seatHolders(ctx, q, m.BodyID, s.now().In(amsterdam))
			if err != nil {
				return err
			}
			args := []any{m.Title, m.BodyName, when(m.StartsAt)}
			for _, h := range holders {
				if h.Role != "chair" && h.Role != "secretary" && h.Role != "leader" {
					continue
				}
				if _, err := s.Notify.Send(ctx, q, notify.To{PersonID: h.PersonID}, notify.Note{Kind: "minutes_missing",
					SubjectKey: "meetings.notify.minutes_subject", SubjectArgs: args, TextKey: "meetings.notify.minutes_text",
					Args: args, Link: m.URL}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return fmt.Errorf("remind minutes of meeting %d: %w", m.ID, err)
		}
	}
	return nil
}
