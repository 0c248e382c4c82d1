package actions

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/danielgtaylor/huma/v2"

	"kern"
	"kern/internal/api"
	"kern/internal/auth"
)

const tag = "Action plan"

// ActionBody is an action as the API takes it; roles are part of it.
type ActionBody struct {
	Title        string           `json:"title" minLength:"1" maxLength:"200"`
	Description  string           `json:"description,omitempty" maxLength:"8000"`
	OwnerGroup   string           `json:"owner_group,omitempty" maxLength:"120" doc:"The owning thematic action group, e.g. Actiegroep Isotopenvoorziening"`
	OwnerID      *int64           `json:"owner_id,omitempty" doc:"User id of the owner contact: the caller when absent on create, unchanged when absent on update. Only coordinators assign someone else."`
	Status       string           `json:"status,omitempty" enum:"proposed,planned,in_progress,done,dropped" doc:"proposed when absent on create, unchanged on update; a non-coordinator's new action is always proposed"`
	DropReason   string           `json:"drop_reason,omitempty" maxLength:"4000" doc:"Required when the status is dropped"`
	StartOn      string           `json:"start_on,omitempty" format:"date"`
	DueOn        string           `json:"due_on,omitempty" format:"date" doc:"Not before start_on"`
	QuickWin     bool             `json:"quick_win,omitempty"`
	Weight       float64          `json:"weight,omitempty" doc:"Weight in roll-ups, greater than 0; 1 when absent"`
	Public       bool             `json:"public,omitempty" doc:"Shown on the public progress page"`
	ChallengeIDs []int64          `json:"challenge_ids,omitempty"`
	GoalIDs      []int64          `json:"goal_ids,omitempty"`
	Roles        []RoleAssignment `json:"roles,omitempty" doc:"RACI role per stakeholder group; at most one accountable group"`
}

func parseDate(s, field string, v *kern.Validation) *time.Time {
	if s == "" {
		return nil
	}
	d, err := time.Parse("2006-01-02", s)
	if !v.Check(err == nil, field, "field.invalid_date") {
		return nil
	}
	return &d
}

func (b ActionBody) input() (Input, error) {
	var v kern.Validation
	in := Input{Title: b.Title, Description: b.Description, OwnerGroup: b.OwnerGroup, OwnerID: b.OwnerID,
		Status: Status(b.Status), DropReason: b.DropReason, QuickWin: b.QuickWin, Weight: b.Weight, Public: b.Public,
		ChallengeIDs: b.ChallengeIDs, GoalIDs: b.GoalIDs, Roles: b.Roles,
		StartOn: parseDate(b.StartOn, "start_on", &v), DueOn: parseDate(b.DueOn, "due_on", &v)}
	v.Check(b.Weight >= 0, "weight", "actions.weight_positive") // 0 means "the default"
	return in, v.Err()
}

// ActionOut is an action as the API gives it: stored fields, roles, links and what is derived.
type ActionOut struct {
	ID            int64            `json:"id"`
	Title         string           `json:"title"`
	Description   string           `json:"description"`
	OwnerGroup    string           `json:"owner_group"`
	OwnerID       *int64           `json:"owner_id"`
	OwnerName     string           `json:"owner_name"`
	Status        Status           `json:"status"`
	DropReason    string           `json:"drop_reason,omitempty"`
	StartOn       string           `json:"start_on,omitempty" format:"date"`
	DueOn         string           `json:"due_on,omitempty" format:"date"`
	QuickWin      bool             `json:"quick_win"`
	Weight        float64          `json:"weight"`
	Public        bool             `json:"public"`
	Challenges    []Link           `json:"challenges"`
	Goals         []Link           `json:"goals"`
	Roles         []RoleAssignment `json:"roles"`
	Overdue       bool             `json:"overdue" doc:"Due date passed, neither done nor dropped"`
	Blocked       bool             `json:"blocked" doc:"A blocks/precedes predecessor is neither done nor dropped"`
	BlockedBy     []int64          `json:"blocked_by"`
	Critical      bool             `json:"critical" doc:"On the critical path of the plan"`
	Progress      float64          `json:"progress" doc:"Percent: 100 when done, else the latest check-in's (0 without one)"`
	Counted       bool             `json:"counted" doc:"Counts in the roll-ups (false when dropped)"`
	EarlyStart    string           `json:"early_start,omitempty" format:"date" doc:"Earliest start given its predecessors"`
	EarlyFinish   string           `json:"early_finish,omitempty" format:"date"`
	LatestCheckIn *Latest          `json:"latest_checkin"`
	CreatedAt     time.Time        `json:"created_at"`
	UpdatedAt     time.Time        `json:"updated_at"`
}

func out(v View) ActionOut {
	return ActionOut{ID: v.ID, Title: v.Title, Description: v.Description, OwnerGroup: v.OwnerGroup, OwnerID: v.OwnerID,
		OwnerName: v.OwnerName, Status: v.Status, DropReason: v.DropReason, StartOn: dateCell(v.StartOn), DueOn: dateCell(v.DueOn),
		QuickWin: v.QuickWin, Weight: v.Weight, Public: v.Public, Challenges: v.Challenges, Goals: v.Goals, Roles: v.Roles,
		Overdue: v.Overdue, Blocked: v.Blocked, BlockedBy: v.BlockedBy, Critical: v.Critical, Progress: v.Progress,
		Counted: v.Counted, EarlyStart: dateCell(v.EarlyStart), EarlyFinish: dateCell(v.EarlyFinish),
		LatestCheckIn: v.LatestCheckIn, CreatedAt: v.CreatedAt, UpdatedAt: v.UpdatedAt}
}

type listIn struct {
	Q           string `query:"q" doc:"Words in the title, description or action group (accents ignored)"`
	Status      string `query:"status" enum:"proposed,planned,in_progress,done,dropped,"`
	OwnerGroup  string `query:"owner_group"`
	Group       string `query:"stakeholder_group" enum:"companies,governments,researchers,isotope_production,care_providers,patient_organisations," doc:"Actions in which this group has a role"`
	Role        string `query:"role" enum:"responsible,accountable,consulted,informed," doc:"With stakeholder_group: that role only"`
	Stage       string `query:"stage" enum:"fundamental_research,translational_research,clinical_development,production_distribution,market_access,treatment_rwd," doc:"Value-chain stage of a linked challenge"`
	Enabler     string `query:"enabler" enum:"financing,data_environment,coordination_platform,collaboration,international,research_programmes,level_playing_field,reimbursement_hta," doc:"Enabler of a linked challenge"`
	ChallengeID int64  `query:"challenge_id" minimum:"0"`
	GoalID      int64  `query:"goal_id" minimum:"0"`
	PillarID    int64  `query:"pillar_id" minimum:"0"`
	QuickWin    bool   `query:"quick_win"`
	Overdue     bool   `query:"overdue"`
	Blocked     bool   `query:"blocked"`
	Critical    bool   `query:"critical"`
	Sort        string `query:"sort" enum:"due,-due,start,title,status,progress,-progress,-updated," default:"due"`
	Page        int    `query:"page" minimum:"1" default:"1"`
	PerPage     int    `query:"per_page" minimum:"1" maximum:"200" default:"50"`
}

func (in *listIn) filter() Filter {
	return Filter{Q: in.Q, Status: in.Status, OwnerGroup: in.OwnerGroup, Group: in.Group, Role: in.Role, Stage: in.Stage,
		Enabler: in.Enabler, ChallengeID: in.ChallengeID, GoalID: in.GoalID, PillarID: in.PillarID, QuickWin: in.QuickWin,
		Overdue: in.Overdue, Blocked: in.Blocked, Critical: in.Critical, Sort: in.Sort, Page: in.Page, PerPage: in.PerPage}
}

func boolString(b bool) string {
	if b {
		return "true"
	}
	return ""
}

type actionOut struct{ Body ActionOut }

type idIn struct {
	ID int64 `path:"id" minimum:"1"`
}

// CheckInBody is a check-in as the API takes it.
type CheckInBody struct {
	CheckedOn  string `json:"checked_on,omitempty" format:"date" doc:"Today when absent; not in the future"`
	Progress   int    `json:"progress" doc:"Percent, 0 to 100"`
	Confidence string `json:"confidence,omitempty" enum:"low,medium,high" doc:"medium when absent"`
	Note       string `json:"note,omitempty" maxLength:"4000"`
}

// RelationBody is a relation as the API takes it: the action in the path blocks, precedes or
// relates to to_id.
type RelationBody struct {
	ToID    int64  `json:"to_id" minimum:"1"`
	Kind    string `json:"kind" enum:"blocks,precedes,relates"`
	LagDays int    `json:"lag_days,omitempty" doc:"For precedes: days between this action's end and the other's start"`
}

// Routes registers the operations.
func (a *API) Routes() {
	h := a.Kit.API
	huma.Register(h, api.Op("list-actions", http.MethodGet, "/actions", "List actions", tag),
		func(ctx context.Context, in *listIn) (*struct {
			Body struct {
				Items []ActionOut `json:"items"`
				api.ListMeta
			}
		}, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			f := in.filter()
			list, total, err := a.Actions.Actions(ctx, p, f)
			if err != nil {
				return nil, a.Kit.Err(ctx, err)
			}
			res := &struct {
				Body struct {
					Items []ActionOut `json:"items"`
					api.ListMeta
				}
			}{}
			res.Body.Items = make([]ActionOut, len(list))
			for i, v := range list {
				res.Body.Items[i] = out(v)
			}
			f.Normalize()
			id := func(n int64) string { return strconv.FormatInt(n, 10) }
			res.Body.ListMeta = api.Meta("/actions", map[string]string{"q": in.Q, "status": in.Status, "owner_group": in.OwnerGroup,
				"stakeholder_group": in.Group, "role": in.Role, "stage": in.Stage, "enabler": in.Enabler,
				"challenge_id": id(in.ChallengeID), "goal_id": id(in.GoalID), "pillar_id": id(in.PillarID),
				"quick_win": boolString(in.QuickWin), "overdue": boolString(in.Overdue), "blocked": boolString(in.Blocked),
				"critical": boolString(in.Critical), "sort": in.Sort, "per_page": strconv.Itoa(f.PerPage)}, total, f.Page, f.PerPage)
			return res, nil
		})
	roadmap := api.Op("get-action-roadmap", http.MethodGet, "/actions/roadmap", "The roadmap: dated actions and their dependencies", tag)
	roadmap.Description = "Takes the filters of list-actions. Dropped and undated actions are left out; links are the blocks and precedes relations between the actions shown."
	huma.Register(h, roadmap, func(ctx context.Context, in *listIn) (*struct{ Body Roadmap }, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		f := in.filter()
		if err := f.Normalize(); err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		b, err := a.Actions.Board(ctx, p)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		return &struct{ Body Roadmap }{Body: BuildRoadmap(b, f.Apply(b), a.Actions.Today())}, nil
	})
	huma.Register(h, api.Op("get-action", http.MethodGet, "/actions/{id}", "Get an action", tag),
		func(ctx context.Context, in *idIn) (*actionOut, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			v, err := a.Actions.Action(ctx, p, in.ID)
			if err != nil {
				return nil, a.Kit.Err(ctx, err)
			}
			return &actionOut{Body: out(v)}, nil
		})
	// view answers a change with the action as a GET would show it.
	view := func(ctx context.Context, id int64, err error) (*actionOut, error) {
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		v, err := a.Actions.Action(ctx, auth.FromContext(ctx), id)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		return &actionOut{Body: out(v)}, nil
	}
	create := api.Op("create-action", http.MethodPost, "/actions", "Add or propose an action", tag)
	create.Description = "Coordinators add actions as given. Anyone else with write rights proposes one: it starts as proposed with them as owner contact."
	create.DefaultStatus = http.StatusCreated
	huma.Register(h, create, func(ctx context.Context, in *struct{ Body ActionBody }) (*actionOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		input, err := in.Body.input()
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		created, err := a.Actions.CreateAction(ctx, p, input)
		return view(ctx, created.ID, err)
	})
	update := api.Op("update-action", http.MethodPut, "/actions/{id}", "Change an action", tag)
	update.Description = "Coordinators change any action; anyone else only the actions whose owner contact they are (403 otherwise). Roles, challenges and goals are replaced by those sent."
	huma.Register(h, update, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body ActionBody
	}) (*actionOut, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		input, err := in.Body.input()
		if err == nil {
			_, err = a.Actions.UpdateAction(ctx, p, in.ID, input)
		}
		return view(ctx, in.ID, err)
	})
	del := api.Op("delete-action", http.MethodDelete, "/actions/{id}", "Delete an action", tag)
	del.Description = "Coordinators only, with its check-ins and relations. An owner drops an action instead: update it with status dropped and a drop_reason."
	del.DefaultStatus = http.StatusNoContent
	huma.Register(h, del, func(ctx context.Context, in *idIn) (*struct{}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		return nil, a.Kit.Err(ctx, a.Actions.DeleteAction(ctx, p, in.ID))
	})
	huma.Register(h, api.Op("list-action-checkins", http.MethodGet, "/actions/{id}/checkins", "List an action's check-ins, latest first", tag),
		func(ctx context.Context, in *idIn) (*struct{ Body []CheckIn }, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			list, err := a.Actions.CheckIns(ctx, p, in.ID)
			return &struct{ Body []CheckIn }{Body: list}, a.Kit.Err(ctx, err)
		})
	addCheckIn := api.Op("create-action-checkin", http.MethodPost, "/actions/{id}/checkins", "Report progress on an action", tag)
	addCheckIn.DefaultStatus = http.StatusCreated
	huma.Register(h, addCheckIn, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body CheckInBody
	}) (*struct{ Body CheckIn }, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		var v kern.Validation
		input := CheckInInput{CheckedOn: parseDate(in.Body.CheckedOn, "checked_on", &v), Progress: in.Body.Progress,
			Confidence: in.Body.Confidence, Note: in.Body.Note}
		if err := v.Err(); err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		c, err := a.Actions.AddCheckIn(ctx, p, in.ID, input)
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		return &struct{ Body CheckIn }{Body: c}, nil
	})
	huma.Register(h, api.Op("list-action-relations", http.MethodGet, "/actions/{id}/relations", "List the relations from and to an action", tag),
		func(ctx context.Context, in *idIn) (*struct{ Body []Relation }, error) {
			p, err := a.Kit.User(ctx)
			if err != nil {
				return nil, err
			}
			list, err := a.Actions.Relations(ctx, p, in.ID)
			return &struct{ Body []Relation }{Body: list}, a.Kit.Err(ctx, err)
		})
	addRel := api.Op("create-action-relation", http.MethodPost, "/actions/{id}/relations", "Relate an action to another", tag)
	addRel.Description = "The action in the path blocks, precedes (with lag_days) or relates to to_id. A blocks or precedes relation that would close a cycle is refused with 422, naming the cycle."
	addRel.DefaultStatus = http.StatusCreated
	huma.Register(h, addRel, func(ctx context.Context, in *struct {
		ID   int64 `path:"id" minimum:"1"`
		Body RelationBody
	}) (*struct{ Body Relation }, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		r, err := a.Actions.AddRelation(ctx, p, in.ID, RelationInput{ToID: in.Body.ToID, Kind: RelationKind(in.Body.Kind), LagDays: in.Body.LagDays})
		if err != nil {
			return nil, a.Kit.Err(ctx, err)
		}
		return &struct{ Body Relation }{Body: r}, nil
	})
	delRel := api.Op("delete-action-relation", http.MethodDelete, "/actions/{id}/relations/{relation_id}", "Remove a relation of an action", tag)
	delRel.DefaultStatus = http.StatusNoContent
	huma.Register(h, delRel, func(ctx context.Context, in *struct {
		ID         int64 `path:"id" minimum:"1"`
		RelationID int64 `path:"relation_id" minimum:"1"`
	}) (*struct{}, error) {
		p, err := a.Kit.User(ctx)
		if err != nil {
			return nil, err
		}
		return nil, a.Kit.Err(ctx, a.Actions.DeleteRelation(ctx, p, in.ID, in.RelationID))
	})
}
