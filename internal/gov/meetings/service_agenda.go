package meetings

import (
	"context"
	"fmt"

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
)

// checkItemRefs refuses a presenter or a link that does not exist, naming the field.
func checkItemRefs(ctx context.Context, q db.Q, in ItemInput) error {
	var v kern.Validation
	for _, c := range []struct {
		table, field string
		id           *int64
	}{{"people", "presenter_person_id", in.PresenterID}, {"actions", "action_id", in.ActionID}, {"kpis", "kpi_id", in.KPIID},
		{"challenges", "challenge_id", in.ChallengeID}} {
		if c.id == nil {
			continue
		}
		var n int
		if err := q.QueryRowContext(ctx, `SELECT count(*) FROM `+c.table+` WHERE id = $1`, *c.id).Scan(&n); err != nil {
			return fmt.Errorf("check %s: %w", c.table, err)
		}
		v.Check(n > 0, c.field, "meetings.link_unknown")
	}
	return v.Err()
}

// AddItem puts an item at the end of the agenda.
func (s *Service) AddItem(ctx context.Context, p *auth.Principal, meetingID int64, in ItemInput) (AgendaItem, error) {
	if _, err := s.manageable(ctx, p, meetingID); err != nil {
		return AgendaItem{}, err
	}
	if err := in.Validate(); err != nil {
		return AgendaItem{}, err
	}
	var out AgendaItem
	err := s.change(ctx, p, meetingID, func(ctx context.Context, q db.Q, m Meeting) error {
		if err := checkItemRefs(ctx, q, in); err != nil {
			return err
		}
		id, err := insertItem(ctx, q, meetingID, in, nil, s.now())
		if err != nil {
			return err
		}
		if out, err = getItem(ctx, q, meetingID, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "create", "agenda_item", id, nil, out)
	})
	return out, err
}

// UpdateItem changes an agenda item.
func (s *Service) UpdateItem(ctx context.Context, p *auth.Principal, meetingID, id int64, in ItemInput) (AgendaItem, error) {
	if _, err := s.manageable(ctx, p, meetingID); err != nil {
		return AgendaItem{}, err
	}
	if err := in.Validate(); err != nil {
		return AgendaItem{}, err
	}
	var out AgendaItem
	err := s.change(ctx, p, meetingID, func(ctx context.Context, q db.Q, m Meeting) error {
		before, err := getItem(ctx, q, meetingID, id)
		if err != nil {
			return err
		}
		if err := checkItemRefs(ctx, q, in); err != nil {
			return err
		}
		if err := updateItem(ctx, q, id, in, s.now()); err != nil {
			return err
		}
		if out, err = getItem(ctx, q, meetingID, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "update", "agenda_item", id, before, out)
	})
	return out, err
}

// DeleteItem takes an item off the agenda.
func (s *Service) DeleteItem(ctx context.Context, p *auth.Principal, meetingID, id int64) error {
	return s.change(ctx, p, meetingID, func(ctx context.Context, q db.Q, m Meeting) error {
		before, err := getItem(ctx, q, meetingID, id)
		if err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `UPDATE meeting_outcomes SET agenda_item_id = NULL WHERE agenda_item_id = $1`, id); err != nil {
			return err
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM agenda_items WHERE id = $1`, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "delete", "agenda_item", id, before, nil)
	})
}

// ParkItem puts an item on the parking list (park) or back on the agenda. Parked items go to
// the next meeting when it is created or when this one closes.
func (s *Service) ParkItem(ctx context.Context, p *auth.Principal, meetingID, id int64, park bool) (AgendaItem, error) {
	var out AgendaItem
	err := s.change(ctx, p, meetingID, func(ctx context.Context, q db.Q, m Meeting) error {
		before, err := getItem(ctx, q, meetingID, id)
		if err != nil {
			return err
		}
		if before.CarriedOn {
			return kern.Errorf(kern.Conflict, "meetings.item_carried")
		}
		now := s.now()
		if _, err := q.ExecContext(ctx, `UPDATE agenda_items SET parked = $1, updated_at = $2 WHERE id = $3`, park, now, id); err != nil {
			return err
		}
		if out, err = getItem(ctx, q, meetingID, id); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "park", "agenda_item", id, before, out)
	})
	return out, err
}

// MoveItem moves an item one place up (dir < 0) or down the agenda.
func (s *Service) MoveItem(ctx context.Context, p *auth.Principal, meetingID, id int64, dir int) error {
	return s.change(ctx, p, meetingID, func(ctx context.Context, q db.Q, m Meeting) error {
		items, err := agendaOf(ctx, q, meetingID)
		if err != nil {
			return err
		}
		at := -1
		for i, it := range items {
			if it.ID == id {
				at = i
			}
		}
		if at < 0 {
			return kern.Errorf(kern.NotFound, "error.not_found")
		}
		other := at + 1
		if dir < 0 {
			other = at - 1
		}
		if other < 0 || other >= len(items) || items[other].Parked != items[at].Parked {
			return nil // already first or last
		}
		a, b := items[at], items[other]
		for _, x := range []struct {
			id  int64
			pos int
		}{{a.ID, b.Position}, {b.ID, a.Position}} {
			if _, err := q.ExecContext(ctx, `UPDATE agenda_items SET position = $1 WHERE id = $2`, x.pos, x.id); err != nil {
				return err
			}
		}
		return audit.Record(ctx, q, p.Actor(), "move", "agenda_item", id, map[string]int{"position": a.Position},
			map[string]int{"position": b.Position})
	})
}

// SetAttendance records who of the seat holders was present, excused or absent, and the
// guests; it replaces what was recorded before.
func (s *Service) SetAttendance(ctx context.Context, p *auth.Principal, meetingID int64, in AttendanceInput) ([]Attendee, error) {
	if _, err := s.manageable(ctx, p, meetingID); err != nil {
		return nil, err
	}
	if err := in.Validate(); err != nil {
		return nil, err
	}
	var out []Attendee
	err := s.change(ctx, p, meetingID, func(ctx context.Context, q db.Q, m Meeting) error {
		before, err := s.attendance(ctx, q, m)
		if err != nil {
			return err
		}
		seated := map[int64]bool{}
		for _, a := range before {
			if a.PersonID != nil {
				seated[*a.PersonID] = true
			}
		}
		for pid := range in.Statuses {
			if !seated[pid] {
				return kern.FieldError("person_id", "meetings.not_seated")
			}
		}
		if _, err := q.ExecContext(ctx, `DELETE FROM meeting_attendance WHERE meeting_id = $1`, meetingID); err != nil {
			return err
		}
		now := s.now()
		for _, a := range before { // keep the order of the seats
			if a.PersonID == nil {
				continue
			}
			st, ok := in.Statuses[*a.PersonID]
			if !ok {
				st = a.Status
			}
			if st == "" {
				continue
			}
			if _, err := q.ExecContext(ctx, `INSERT INTO meeting_attendance (meeting_id, person_id, status, created_at)
VALUES ($1, $2, $3, $4)`, meetingID, *a.PersonID, st, now); err != nil {
				return err
			}
		}
		for _, g := range in.Guests {
			if _, err := q.ExecContext(ctx, `INSERT INTO meeting_attendance (meeting_id, guest_name, status, created_at)
VALUES ($1, $2, 'present', $3)`, meetingID, g, now); err != nil {
				return err
			}
		}
		if out, err = s.attendance(ctx, q, m); err != nil {
			return err
		}
		return audit.Record(ctx, q, p.Actor(), "attendance", "meeting", meetingID, before, out)
	})
	return out, err
}
