package plan

import (
	"context"
	"fmt"

	"kern/internal/db"
	"kern/internal/outbox"
	"kern/internal/web/i18n"
)

// ReminderJob is the job kind that reminds KPI owners of late measurements, once a day.
const ReminderJob = "reminders.kpi"

// RemindOverdue e-mails the owner of each overdue KPI, once per missing measurement: the KPI
// remembers the day it last reminded, and reminds again only when a further measurement is due.
func (s *Service) RemindOverdue(ctx context.Context, _ string) error {
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
			var email, name, lang string
			var disabled bool
			if err := q.QueryRowContext(ctx, `SELECT email, name, lang, disabled FROM users WHERE id = $1`, *k.OwnerID).Scan(&email, &name, &lang, &disabled); err != nil {
				return err
			}
			if !disabled {
				l, ok := i18n.Parse(lang)
				if !ok {
					l = i18n.NL
				}
				t := func(key string, args ...any) string { return s.Catalog.T(l, key, args...) }
				msg := outbox.Message{To: email, Subject: t("plan.mail.overdue_subject", k.Name),
					Text: t("plan.mail.overdue_text", name, k.Name, k.NextDue.Format(Date), fmt.Sprintf("%s/kpis/%d", s.BaseURL, k.ID))}
				if err := outbox.Enqueue(ctx, q, msg); err != nil {
					return err
				}
			}
			return setReminded(ctx, q, k.ID, today)
		})
		if err != nil {
			return fmt.Errorf("remind owner of kpi %d: %w", k.ID, err)
		}
	}
	return nil
}
