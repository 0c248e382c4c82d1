package reports

import (
	"context"

	"kern/internal/audit"
	"kern/internal/db"
	"kern/internal/notify"
)

// DraftJob is the job kind that drafts the platform's progress reports on schedule (daily).
const DraftJob = "drafts.reports"

// Scheduled periods: a quarterly platform report after each quarter.
var scheduledPeriods = []string{"quarter"}

// DraftDue drafts the platform report of the period that ended last, unless one exists for that
// period already (drafted by hand or earlier), and tells the coordinators that it is waiting.
// It runs daily as DraftJob; a missed day drafts on the next run.
func (s *Service) DraftDue(ctx context.Context, _ string) error {
	today := s.today()
	for _, period := range scheduledPeriods {
		start, end := PreviousPeriod(period, today)
		err := s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
			if exists(ctx, q, `SELECT count(*) FROM progress_reports WHERE scope = 'platform' AND period = $1 AND period_start = $2`,
				period, start) {
				return nil
			}
			in := ReportInput{Period: period, Start: start, End: &end, Scope: "platform"}
			if err := in.Validate(); err != nil {
				return err
			}
			r, err := s.create(ctx, audit.System, in, true)
			if err != nil {
				return err
			}
			rows, err := q.QueryContext(ctx, `SELECT id FROM users WHERE role IN ('coordinator', 'admin') AND NOT disabled ORDER BY id`)
			if err != nil {
				return err
			}
			users, err := idList(rows)
			if err != nil {
				return err
			}
			for _, u := range users {
				if _, err := s.Notify.Send(ctx, q, notify.To{UserID: u}, notify.Note{Kind: "report_draft",
					SubjectKey: "reports.notify.draft_subject", SubjectArgs: []any{label(start, end, period)},
					TextKey: "reports.notify.draft_text", Args: []any{label(start, end, period)}, Link: reportLink(r.ID)}); err != nil {
					return err
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
	}
	return nil
}
