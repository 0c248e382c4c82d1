package plan

import (
	"context"
	"fmt"

	"kern/internal/db"
	"kern/internal/notify"
)

// ReminderJob is the job kind that reminds KPI owners of late measurements, once a day.
const ReminderJob = "reminders.kpi"

// RemindOverdue notifies the owner of each overdue KPI (in Kern, and by e-mail as they prefer),
// once per missing measurement: the KPI
// remembers the day it last reminded, and reminds again only when a further measurement is due.
func (s *Service) RemindOverdue(ctx context.Context, _ string) error {
	if s.Notify == nil {
		return nil
	}
	kpis, err := s.kpis(ctx, KPIFilter{Status: string(Overdue)})
	if err != nil {
		return err
	}
	today := s.today()
	for _, k := range kpis {
		if k.OwnerID == nil || k.NextDue == nil || (k.remindedOn != nil && !k.remindedOn.Before(*k.NextDue)) {
			continue
		}
		err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
			note := notify.Note{Kind: "kpi_overdue", SubjectKey: "plan.mail.overdue_subject", SubjectArgs: []any{k.Name},
				TextKey: "plan.mail.overdue_text",
				Args:    []any{k.Name, k.NextDue.Format(Date)}, Link: fmt.Sprintf("/kpis/%d", k.ID)}
			if _, err := s.Notify.Send(ctx, q, notify.To{UserID: *k.OwnerID}, note); err != nil {
				return err
			}
			return setReminded(ctx, q, k.ID, today)
		})
		if err != nil {
			return fmt.Errorf("remind owner of kpi %d: %w", k.ID, err)
		}
	}
	return nil
}
