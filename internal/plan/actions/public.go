package actions

import (
	"context"
	"strconv"
	"strings"

	"kern/internal/plan"
)

// PublicSummary is the action plan's public progress for the transparency page: the public
// actions that are not dropped, their weighted mean progress, and the quick wins done.
func (s *Service) PublicSummary(ctx context.Context) (plan.ActionSummary, error) {
	out := plan.ActionSummary{QuickWins: []plan.QuickWin{}}
	b, err := loadBoard(ctx, s.DB.Reader(ctx), s.today())
	if err != nil {
		return out, err
	}
	var sum, weight float64
	for _, a := range b.Actions {
		if !a.Public || a.Status == Dropped {
			continue
		}
		d := b.Derived[a.ID]
		out.Total++
		switch a.Status {
		case Done:
			out.Done++
		case InProgress:
			out.InProgress++
		}
		if d.Overdue {
			out.Overdue++
		}
		sum += a.Weight * d.Progress
		weight += a.Weight
		if a.QuickWin && a.Status == Done {
			qw := plan.QuickWin{Title: a.Title, Group: a.OwnerGroup}
			if l, ok := b.Latest[a.ID]; ok {
				on := l.CheckedOn
				qw.DoneOn = &on
			}
			out.QuickWins = append(out.QuickWins, qw)
		}
	}
	if weight > 0 {
		out.Percent = sum / weight
	}
	return out, nil
}

// PublicActionsCSV is the open-data table of public actions: nothing about people.
func (s *Service) PublicActionsCSV(ctx context.Context) ([]string, [][]string, error) {
	list, err := s.Public(ctx)
	if err != nil {
		return nil, nil, err
	}
	header := []string{"id", "title", "owner_group", "status", "quick_win", "due_on", "progress", "goal_ids"}
	rows := make([][]string, len(list))
	for i, a := range list {
		due := ""
		if a.DueOn != nil {
			due = a.DueOn.Format("2006-01-02")
		}
		goals := make([]string, len(a.Goals))
		for j, g := range a.Goals {
			goals[j] = strconv.FormatInt(g, 10)
		}
		rows[i] = []string{strconv.FormatInt(a.ID, 10), a.Title, a.Group, string(a.Status), strconv.FormatBool(a.QuickWin),
			due, strconv.FormatFloat(a.Progress, 'f', 0, 64), strings.Join(goals, "|")}
	}
	return header, rows, nil
}
