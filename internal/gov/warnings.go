package gov

import (
	"slices"
	"strings"
	"time"

	"kern/internal/org"
)

// SixMonths is how far ahead a term's end is flagged.
const SixMonths = 6

// Derive fills what the body's seats mean on day: which terms run and end soon, and the
// warnings. leaders are the current leaders of every action group (person ids), needed for an
// operational steering group; lastMet is when the body last met (zero: never).
func Derive(b *Body, day time.Time, leaders map[int64]string, lastMet time.Time) {
	soon := day.AddDate(0, SixMonths, 0)
	var current []Seat
	for i := range b.Seats {
		s := &b.Seats[i]
		s.Current = s.CurrentOn(day)
		s.EndsSoon = s.Current && s.TermEnd != nil && !s.TermEnd.After(soon)
		if s.Current {
			current = append(current, *s)
		}
	}
	b.Warnings = Warnings(*b, current, leaders, lastMet, day)
}

// Warnings lists what a body lacks, from its current seats: a required stakeholder group
// without a seat, an action group without a leader or co-leader, a steering group without the
// neutral chair it requires, an operational steering group whose members are not the
// action-group leaders, a body that has not met for longer than its rhythm.
func Warnings(b Body, current []Seat, leaders map[int64]string, lastMet, day time.Time) []Warning {
	out := []Warning{}
	has := func(role string) bool {
		return slices.ContainsFunc(current, func(s Seat) bool { return s.Role == role })
	}
	if b.RequiresAllGroups {
		var missing []string
		for _, g := range org.Groups {
			if !slices.ContainsFunc(current, func(s Seat) bool { return s.Group == g }) {
				missing = append(missing, g)
			}
		}
		if len(missing) > 0 {
			out = append(out, Warning{Kind: "group_without_seat", Args: missing})
		}
	}
	if b.Kind == "action_group" {
		if !has("leader") {
			out = append(out, Warning{Kind: "no_leader"})
		}
		if !has("co_leader") {
			out = append(out, Warning{Kind: "no_co_leader"})
		}
	}
	if b.RequiresNeutralChair && !slices.ContainsFunc(current, func(s Seat) bool { return s.Role == "chair" && s.Neutral }) {
		out = append(out, Warning{Kind: "no_neutral_chair"})
	}
	if b.Kind == "operational_steering_group" {
		seated := map[int64]bool{}
		for _, s := range current {
			seated[s.PersonID] = true
		}
		var missing, extra []string
		for pid, name := range leaders {
			if !seated[pid] {
				missing = append(missing, name)
			}
		}
		for _, s := range current {
			if _, ok := leaders[s.PersonID]; !ok && s.Role != "secretary" && s.Role != "chair" {
				extra = append(extra, s.PersonName)
			}
		}
		slices.Sort(missing)
		slices.Sort(extra)
		if len(missing)+len(extra) > 0 {
			out = append(out, Warning{Kind: "osg_out_of_step", Args: []string{strings.Join(missing, ", "), strings.Join(extra, ", ")}})
		}
	}
	if days := RhythmDays(b.Rhythm); days > 0 && (lastMet.IsZero() && day.Sub(b.CreatedAt) > time.Duration(days)*24*time.Hour ||
		!lastMet.IsZero() && day.Sub(Day(lastMet)) > time.Duration(days)*24*time.Hour) {
		last := ""
		if !lastMet.IsZero() {
			last = lastMet.In(Amsterdam).Format("2006-01-02")
		}
		out = append(out, Warning{Kind: "not_met", Args: []string{last}})
	}
	return out
}
