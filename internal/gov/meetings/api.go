package meetings

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kern"
	"kern/internal/api"
)

const tag = "Meetings"

// MeetingBody is a meeting as the API takes it.
type MeetingBody struct {
	Title    string    `json:"title" minLength:"1" maxLength:"200"`
	StartsAt time.Time `json:"starts_at" doc:"An instant, e.g. 2026-03-12T14:00:00+01:00"`
	EndsAt   time.Time `json:"ends_at"`
	Location string    `json:"location,omitempty" maxLength:"200"`
	VideoURL string    `json:"video_url,omitempty" doc:"An http(s) link"`
}

func (b MeetingBody) input() Input {
	return Input{Title: b.Title, StartsAt: b.StartsAt, EndsAt: b.EndsAt, Location: b.Location, VideoURL: b.VideoURL}
}

type meetingOut struct{ Body Meeting }

type detailsOut struct{ Body Details }

type idIn struct {
	ID int64 `path:"id" minimum:"1"`
}

type itemIn struct {
	ID   int64 `path:"id" minimum:"1"`
	Item int64 `path:"item" minimum:"1"`
}

// ItemBody is an agenda item as the API takes it.
type ItemBody struct {
	Title           string `json:"title" minLength:"1" maxLength:"200"`
	DurationMinutes int    `json:"duration_minutes,omitempty" minimum:"0" maximum:"480"`
	PresenterID     *int64 `json:"presenter_person_id,omitempty" doc:"A person of the registry"`
	Presenter       string `json:"presenter,omitempty" maxLength:"200" doc:"A presenter as free text, e.g. a guest"`
	ActionID        *int64 `json:"action_id,omitempty"`
	KPIID           *int64 `json:"kpi_id,omitempty"`
	ChallengeID     *int64 `json:"challenge_id,omitempty" doc:"At most one of action_id, kpi_id, challenge_id"`
}

func (b ItemBody) input() ItemInput {
	return ItemInput{Title: b.Title, DurationMinutes: b.DurationMinutes, PresenterID: b.PresenterID, PresenterText: b.Presenter,
		ActionID: b.ActionID, KPIID: b.KPIID, ChallengeID: b.ChallengeID}
}

type minutesOut struct {
	Body struct {
		Current  *Minutes  `json:"current" doc:"The latest version; null without minutes"`
		Versions []Minutes `json:"versions" doc:"Every version, newest first"`
	}
}

// Routes registers the operations.
func (a *API) Routes() {
	h := a.Kit.API
	user := a.Kit.User
	huma.Register(h, api.Op("list-meetings", http.MethodGet, "/meetings", "List meetings", tag),
		func(ctx context.Context, in *struct {
			BodyID  int64  `query:"body_id" minimum:"0"`
			Q       string `query:"q" doc:"Words in the title, the body's name or the location"`
			When    string `query:"when" enum:"upcoming,past,"`
			Page    int    `query:"page" minimum:"1" default:"1"`
			PerPage int    `query:"per_page" minimum:"1" maximum:"500" default:"50"`
		}) (*struct {
			Body struct {
				Items []Meeting `json:"items"`
				api.ListMeta
			}
		}, error) {
			p, err := user(ctx)
			if err != nil {
				return nil, err
			}
			f := Filter{BodyID: in.BodyID, Q: in.Q, When: in.When, Page: in.Page, PerPage: in.PerPage}
			list, total, err := a.Meetings.Meetings(ctx, p, f)
			if err != nil {
				return nil, a.Kit.Err(ctx, err)
			}
			f.Normalize()
			out := &struct {
				Body struct {
					Items []Meeting `json:"items"`
					api.ListMeta
				}
			}{}
			out.Body.Items = list
			out.Body.ListMeta = api.Meta("/meetings", map[string]string{"body_id": strconv.FormatInt(in.BodyID, 10), "q": in.Q,
				"when": in.When, "per_page": strconv.Itoa(f.PerPage)}, total, f.Page, f.PerPage)
			return out, nil
		})
	huma.Register(h, api.Op("get-meeting", http.MethodGet, "/meetings/{id}", "Get a meeting with its agenda, attendance, outcomes and minutes", tag),
		func(ctx context.Context, in *idIn) (*detailsOut, error) {
			p, err := user(ctx)
			if err != nil {
				return nil, err
			}
			d, err := a.Meetings.Meeting(ctx, p, in.ID)
			return &detailsOut{Body: d}, a.Kit.Err(ctx, err)
		})
	create := api.Op("create-meeting", http.MethodPost, "/meetings", "Schedule a meeting of a body", tag)
	create.DefaultStatus = http.StatusCreated
	create.Description = "The body's chair, secretary or leader, or the coordination office (403 for anyone else). " +
		"Parked items of the body's previous meeting move onto the new agenda; the seat holders are notified."
	huma.Register(h, create, func(ctx context.Context, in *struct {
		Body struct {
			BodyID int64 `json:"body_id" minimum:"1"`
			MeetingBody
		}
	}) (*meetingOut, error) {
		p, err := user(ctx)
		if err != nil {
			return nil, err
		}
		m, err := a.Meetings.CreateMeeting(ctx, p, in.Body.BodyID, in.Body.MeetingBody.input())
		return &meetingOut{Body: m}, a.Kit.Err(ctx, err)
	})
	series := api.Op("create-meeting-series", http.MethodPost, "/meetings/series", "Schedule a series of meetings from a body's rhythm", tag)
	series.DefaultStatus = http.StatusCreated
	huma.Register(h, series, func(ctx context.Context, in *struct {
		Body struct {
			BodyID   int64  `json:"body_id" minimum:"1"`
			Title    string `json:"title" minLength:"1" maxLength:"200"`
			Rhythm   string `json:"rhythm,omitempty" enum:"weekly,monthly,quarterly,yearly," doc:"Default: the body's rhythm"`
			From     string `json:"from" format:"date" doc:"The first day"`
			To       string `json:"to" format:"date" doc:"The last day (inclusive)"`
			Time     string `json:"time" pattern:"^[0-2][0-9]:[0-5][0-9]$" doc:"Start time in Amsterdam, e.g. 14:00"`
			Minutes  int    `json:"minutes" minimum:"1" maximum:"1440" doc:"Length of each meeting"`
			Location string `json:"location,omitempty" maxLength:"200"`
			VideoURL string `json:"video_url,omitempty"`
		}
	}) (*struct{ Body []Meeting }, error) {
		p, err := user(ctx)
		if err != nil {
			return nil, err
		}
		b := in.Body
		from, ferr := time.Parse("2006-01-02", b.From)
		to, terr := time.Parse("2006-01-02", b.To)
		if ferr != nil || terr != nil {
			return nil, a.Kit.Err(ctx, kern.FieldError("from", "field.invalid_date"))
		}
		list, err := a.Meetings.CreateSeries(ctx, p, b.BodyID, SeriesInput{Title: b.Title, Rhythm: b.Rhythm, From: from, To: to,
			Clock: b.Time, Minutes: b.Minutes, Location: b.Location, VideoURL: b.VideoURL})
		return &struct{ Body []Meeting }{Body: list}, a.Kit.Err(ctx, err)
	})
	huma.Register(h, api.Op("update-meeting", http.MethodPut, "/meetings/{id}", "Change or move a meeting", tag),
		func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Body MeetingBody
		}) (*meetingOut, error) {
			p, err := user(ctx)
			if err != nil {
				return nil, err
			}
			m, err := a.Meetings.UpdateMeeting(ctx, p, in.ID, in.Body.input())
			return &meetingOut{Body: m}, a.Kit.Err(ctx, err)
		})
	del := api.Op("delete-meeting", http.MethodDelete, "/meetings/{id}", "Delete an open meeting without outcomes or minutes", tag)
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *idIn) (*struct{}, error) {
		p, err := user(ctx)
		if err != nil {
			return nil, err
		}
		return nil, a.Kit.Err(ctx, a.Meetings.DeleteMeeting(ctx, p, in.ID))
	})
	state := api.Op("set-meeting-state", http.MethodPost, "/meetings/{id}/state", "Move a meeting on: open → in_progress → closed", tag)
	state.Description = "Closing freezes the minutes and carries the parked agenda items to the next meeting."
	huma.Register(h, state, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body struct {
			State string `json:"state" enum:"in_progress,closed"`
		}
	}) (*meetingOut, error) {
		p, err := user(ctx)
		if err != nil {
			return nil, err
		}
		m, err := a.Meetings.SetState(ctx, p, in.ID, in.Body.State)
		return &meetingOut{Body: m}, a.Kit.Err(ctx, err)
	})
	a.agendaRoutes()
	a.recordRoutes()
}

func (a *API) agendaRoutes() {
	h, user := a.Kit.API, a.Kit.User
	huma.Register(h, api.Op("list-agenda-items", http.MethodGet, "/meetings/{id}/agenda", "List a meeting's agenda items (the parked ones last)", tag),
		func(ctx context.Context, in *idIn) (*struct{ Body []AgendaItem }, error) {
			p, err := user(ctx)
			if err != nil {
				return nil, err
			}
			d, err := a.Meetings.Meeting(ctx, p, in.ID)
			return &struct{ Body []AgendaItem }{Body: d.Agenda}, a.Kit.Err(ctx, err)
		})
	add := api.Op("add-agenda-item", http.MethodPost, "/meetings/{id}/agenda", "Add an agenda item", tag)
	add.DefaultStatus = http.StatusCreated
	huma.Register(h, add, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body ItemBody
	}) (*struct{ Body AgendaItem }, error) {
		p, err := user(ctx)
		if err != nil {
			return nil, err
		}
		it, err := a.Meetings.AddItem(ctx, p, in.ID, in.Body.input())
		return &struct{ Body AgendaItem }{Body: it}, a.Kit.Err(ctx, err)
	})
	huma.Register(h, api.Op("update-agenda-item", http.MethodPut, "/meetings/{id}/agenda/{item}", "Change an agenda item", tag),
		func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Item int64 `path:"item" minimum:"1"`
			Body ItemBody
		}) (*struct{ Body AgendaItem }, error) {
			p, err := user(ctx)
			if err != nil {
				return nil, err
			}
			it, err := a.Meetings.UpdateItem(ctx, p, in.ID, in.Item, in.Body.input())
			return &struct{ Body AgendaItem }{Body: it}, a.Kit.Err(ctx, err)
		})
	del := api.Op("delete-agenda-item", http.MethodDelete, "/meetings/{id}/agenda/{item}", "Delete an agenda item", tag)
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *itemIn) (*struct{}, error) {
		p, err := user(ctx)
		if err != nil {
			return nil, err
		}
		return nil, a.Kit.Err(ctx, a.Meetings.DeleteItem(ctx, p, in.ID, in.Item))
	})
	park := api.Op("park-agenda-item", http.MethodPost, "/meetings/{id}/agenda/{item}/park", "Park an agenda item, or put it back", tag)
	park.Description = "A parked item is carried to the next meeting (of the series, else of the body) when that meeting is created or when this one closes."
	huma.Register(h, park, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Item int64 `path:"item" minimum:"1"`
		Body struct {
			Parked bool `json:"parked"`
		}
	}) (*struct{ Body AgendaItem }, error) {
		p, err := user(ctx)
		if err != nil {
			return nil, err
		}
		it, err := a.Meetings.ParkItem(ctx, p, in.ID, in.Item, in.Body.Parked)
		return &struct{ Body AgendaItem }{Body: it}, a.Kit.Err(ctx, err)
	})
	huma.Register(h, api.Op("get-attendance", http.MethodGet, "/meetings/{id}/attendance", "The attendance: every seat holder, then the guests", tag),
		func(ctx context.Context, in *idIn) (*struct{ Body []Attendee }, error) {
			p, err := user(ctx)
			if err != nil {
				return nil, err
			}
			d, err := a.Meetings.Meeting(ctx, p, in.ID)
			return &struct{ Body []Attendee }{Body: d.Attendance}, a.Kit.Err(ctx, err)
		})
	huma.Register(h, api.Op("set-attendance", http.MethodPut, "/meetings/{id}/attendance", "Record the attendance", tag),
		func(ctx context.Context, in *struct {
			ID   int64 `path:"id" minimum:"1"`
			Body struct {
				Attendees []struct {
					PersonID int64  `json:"person_id" minimum:"1"`
					Status   string `json:"status" enum:"present,excused,absent"`
				} `json:"attendees" maxItems:"500" doc:"Seat holders; anyone left out keeps what was recorded"`
				Guests []string `json:"guests,omitempty" maxItems:"50" doc:"Names of the guests present; replaces the earlier list"`
			}
		}) (*struct{ Body []Attendee }, error) {
			p, err := user(ctx)
			if err != nil {
				return nil, err
			}
			ai := AttendanceInput{Statuses: map[int64]string{}, Guests: in.Body.Guests}
			for _, x := range in.Body.Attendees {
				ai.Statuses[x.PersonID] = x.Status
			}
			list, err := a.Meetings.SetAttendance(ctx, p, in.ID, ai)
			return &struct{ Body []Attendee }{Body: list}, a.Kit.Err(ctx, err)
		})
}

func (a *API) recordRoutes() {
	h, user := a.Kit.API, a.Kit.User
	huma.Register(h, api.Op("list-outcomes", http.MethodGet, "/meetings/{id}/outcomes", "List a meeting's outcomes", tag),
		func(ctx context.Context, in *idIn) (*struct{ Body []Outcome }, error) {
			p, err := user(ctx)
			if err != nil {
				return nil, err
			}
			d, err := a.Meetings.Meeting(ctx, p, in.ID)
			return &struct{ Body []Outcome }{Body: d.Outcomes}, a.Kit.Err(ctx, err)
		})
	add := api.Op("add-outcome", http.MethodPost, "/meetings/{id}/outcomes", "Record an outcome: information, a decision or a new action", tag)
	add.DefaultStatus = http.StatusCreated
	add.Description = "While the meeting is open or in progress (409 once closed). A decision is numbered D-<year>-<nnn> " +
		"within the body and the meeting's year and dated the meeting's day. A new action lands in the action plan " +
		"(owner group: the body; a proposal unless the caller is the coordination office) and is linked as action_id."
	huma.Register(h, add, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body struct {
			Kind        string  `json:"kind" enum:"information,decision,action"`
			Text        string  `json:"text" minLength:"1" maxLength:"8000"`
			ItemID      *int64  `json:"agenda_item_id,omitempty"`
			ActionTitle string  `json:"action_title,omitempty" maxLength:"200" doc:"For a new action; default: the text's first line"`
			DueOn       *string `json:"due_on,omitempty" format:"date" doc:"For a new action"`
		}
	}) (*struct{ Body Outcome }, error) {
		p, err := user(ctx)
		if err != nil {
			return nil, err
		}
		oi := OutcomeInput{Kind: in.Body.Kind, Text: in.Body.Text, ItemID: in.Body.ItemID, ActionTitle: in.Body.ActionTitle}
		if in.Body.DueOn != nil {
			d, err := time.Parse("2006-01-02", *in.Body.DueOn)
			if err != nil {
				return nil, a.Kit.Err(ctx, kern.FieldError("due_on", "field.invalid_date"))
			}
			oi.DueOn = &d
		}
		o, err := a.Meetings.AddOutcome(ctx, p, in.ID, oi)
		return &struct{ Body Outcome }{Body: o}, a.Kit.Err(ctx, err)
	})
	minutes := func(ctx context.Context, id int64) (*minutesOut, error) {
		p, err := user(ctx)
		if err != nil {
			return nil, err
		}
		d, err := a.Meetings.Meeting(ctx, p, id)
		out := &minutesOut{}
		out.Body.Current, out.Body.Versions = d.Minutes, d.Versions
		return out, a.Kit.Err(ctx, err)
	}
	huma.Register(h, api.Op("get-minutes", http.MethodGet, "/meetings/{id}/minutes", "Get a meeting's minutes with every version", tag),
		func(ctx context.Context, in *idIn) (*minutesOut, error) { return minutes(ctx, in.ID) })
	save := api.Op("save-minutes", http.MethodPut, "/meetings/{id}/minutes", "Write the minutes in place (before closing)", tag)
	save.Description = "Replaces the latest version while the meeting is open or in progress. Refused with 409 once the meeting " +
		"is closed: closed minutes are frozen; add a version instead."
	huma.Register(h, save, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body struct {
			Text string `json:"text" maxLength:"200000" doc:"Markdown"`
		}
	}) (*minutesOut, error) {
		p, err := user(ctx)
		if err != nil {
			return nil, err
		}
		if _, err := a.Meetings.SaveMinutes(ctx, p, in.ID, MinutesInput{Text: in.Body.Text}); err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		return minutes(ctx, in.ID)
	})
	amend := api.Op("amend-minutes", http.MethodPost, "/meetings/{id}/minutes/versions", "Amend closed minutes with a new version", tag)
	amend.DefaultStatus = http.StatusCreated
	amend.Description = "Only for a closed meeting; every earlier version is kept."
	huma.Register(h, amend, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body struct {
			Text   string `json:"text" maxLength:"200000" doc:"Markdown"`
			Reason string `json:"reason" minLength:"1" maxLength:"200"`
		}
	}) (*minutesOut, error) {
		p, err := user(ctx)
		if err != nil {
			return nil, err
		}
		if _, err := a.Meetings.AmendMinutes(ctx, p, in.ID, MinutesInput{Text: in.Body.Text, Reason: in.Body.Reason}); err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		return minutes(ctx, in.ID)
	})
	huma.Register(h, api.Op("list-decisions", http.MethodGet, "/decisions", "List the decisions of the bodies, newest first", tag),
		func(ctx context.Context, in *struct {
			BodyID  int64  `query:"body_id" minimum:"0"`
			Q       string `query:"q"`
			Page    int    `query:"page" minimum:"1" default:"1"`
			PerPage int    `query:"per_page" minimum:"1" maximum:"500" default:"50"`
		}) (*struct {
			Body struct {
				Items []Outcome `json:"items"`
				api.ListMeta
			}
		}, error) {
			p, err := user(ctx)
			if err != nil {
				return nil, err
			}
			list, total, err := a.Meetings.Decisions(ctx, p, DecisionFilter{BodyID: in.BodyID, Q: in.Q, Page: in.Page, PerPage: in.PerPage})
			if err != nil {
				return nil, a.Kit.Err(ctx, err)
			}
			out := &struct {
				Body struct {
					Items []Outcome `json:"items"`
					api.ListMeta
				}
			}{}
			out.Body.Items = list
			out.Body.ListMeta = api.Meta("/decisions", map[string]string{"body_id": strconv.FormatInt(in.BodyID, 10), "q": in.Q,
				"per_page": strconv.Itoa(in.PerPage)}, total, in.Page, in.PerPage)
			return out, nil
		})
}
