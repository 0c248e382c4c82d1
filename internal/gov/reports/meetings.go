package reports

import (
	"context"
	"slices"
	"time"

	"kern/internal/gov"
	"kern/internal/gov/meetings"
)

// meetingSource adapts the meetings service to what a report reads; nil without one.
func (s *Service) meetingSource() MeetingSource {
	if s.Meetings == nil {
		return nil
	}
	return meetingAdapter{s.Meetings}
}

type meetingAdapter struct{ m *meetings.Service }

// Decisions are the decisions taken on the days from … to, oldest first.
func (a meetingAdapter) Decisions(ctx context.Context, bodyID int64, from, to time.Time) ([]ReportDecision, error) {
	list, err := a.m.DecisionsBetween(ctx, bodyID, from, to)
	if err != nil {
		return nil, err
	}
	out := make([]ReportDecision, 0, len(list))
	for _, o := range list {
		out = append(out, ReportDecision{Number: o.Number, On: o.DecidedDay(), BodyName: o.BodyName, Text: o.Text})
	}
	slices.Reverse(out)
	return out, nil
}

// Ahead are the meetings that start on the days from … to (Amsterdam days), in order.
func (a meetingAdapter) Ahead(ctx context.Context, bodyID int64, from, to time.Time) ([]ReportMeeting, error) {
	start := time.Date(from.Year(), from.Month(), from.Day(), 0, 0, 0, 0, gov.Amsterdam)
	end := time.Date(to.Year(), to.Month(), to.Day(), 0, 0, 0, 0, gov.Amsterdam)
	list, err := a.m.MeetingsBetween(ctx, bodyID, start.UTC(), end.UTC())
	if err != nil {
		return nil, err
	}
	out := make([]ReportMeeting, 0, len(list))
	for _, m := range list {
		out = append(out, ReportMeeting{ID: m.ID, Starts: m.StartsAt, BodyName: m.BodyName, Title: m.Title})
	}
	return out, nil
}
