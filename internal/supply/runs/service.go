package runs

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/alloc"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/notify"
	"kern/internal/web"
)

// Kinds of run.
const (
	KindBaseline = "baseline" // the current supply and demand
	KindScenario = "scenario" // a shortage scenario's changed copy of it
)

// Statuses of a run.
const (
	StatusDone   = "done"
	StatusFailed = "failed"
)

// DefaultThresholdPct is the alert threshold of a run unless asked otherwise.
const DefaultThresholdPct = 80

// NightlyJob is the job kind of the nightly baseline run.
const NightlyJob = "nightly.allocation"

// RunInput is what starting a run takes. Threshold is the alert threshold in percent (0 means
// the default, 80 %): after a baseline run every hospital whose class-1 fill is below 100 % or
// any class below the threshold is notified.
type RunInput struct {
	Kind       string
	ScenarioID *int64
	Name       string
	Policy     Policy
	Threshold  float64
}

// Validate checks the input on its own.
func (in *RunInput) Validate() error {
	var v kern.Validation
	in.Name = strings.TrimSpace(in.Name)
	if in.Kind == "" {
		in.Kind = KindBaseline
	}
	v.Check(in.Kind == KindBaseline || in.Kind == KindScenario, "kind", "field.unknown_choice")
	v.Check(in.Kind != KindScenario || in.ScenarioID != nil, "scenario_id", "field.required")
	v.Check(len(in.Name) <= 200, "name", "field.too_long")
	if in.Threshold == 0 {
		in.Threshold = DefaultThresholdPct
	}
	v.Check(in.Threshold >= 0 && in.Threshold <= 100, "threshold", "runs.threshold_range")
	if err := in.Policy.Validate(); err != nil {
		for f, k := range kern.AsError(err).Fields {
			v.Add(f, k)
		}
	}
	return v.Err()
}

// AllocRun is a stored allocation run: its inputs (the situation and the policy), so it can be
// reproduced, and its result.
type AllocRun struct {
	ID            int64     `json:"id"`
	Kind          string    `json:"kind"`
	ScenarioID    *int64    `json:"scenario_id,omitempty"`
	Name          string    `json:"name"`
	StartsAt      time.Time `json:"starts_at"`
	HorizonDays   int       `json:"horizon_days"`
	Policy        Policy    `json:"policy"`
	Status        string    `json:"status"`
	Error         string    `json:"error,omitempty"`
	ThresholdPct  float64   `json:"threshold_pct"`
	MinFillClass1 *float64  `json:"min_fill_class1,omitempty"`
	DeferredDoses int       `json:"deferred_doses"`
	DurationMS    int       `json:"duration_ms"`
	StartedByName string    `json:"started_by"`
	CreatedAt     time.Time `json:"created_at"`
	// Decoded on demand. The situation and outcomes are read through their own operations.
	Situation *Situation      `json:"-"`
	Result    *Result         `json:"result,omitempty"`
	Outcomes  []DemandOutcome `json:"-"`
}

// EndsAt is the end of the run's horizon.
func (r AllocRun) EndsAt() time.Time { return r.StartsAt.AddDate(0, 0, r.HorizonDays) }

// Failed reports whether the engine refused the run's input.
func (r AllocRun) Failed() bool { return r.Status == StatusFailed }

// DemandOutcome is what one demand of the situation receives in a run.
type DemandOutcome struct {
	Key         string    `json:"key"`
	OrgID       int64     `json:"org_id"`
	ProductID   int64     `json:"product_id"`
	At          time.Time `json:"at"`
	Priority    int       `json:"priority"`
	Divisible   bool      `json:"divisible"`
	RequestedBq float64   `json:"requested_bq"`
	FilledBq    float64   `json:"filled_bq"`
	Deferred    bool      `json:"deferred,omitempty"`  // a patient dose not served whole (see DeferredDose)
	NoSupply    bool      `json:"no_supply,omitempty"` // deferred, but not by the engine: no lot can reach it
	Reason      string    `json:"reason,omitempty"`    // the engine's, in English
	Kind        string    `json:"kind,omitempty"`      // why, for the pages (see DeferredDose.Kind)
	FairPct     float64   `json:"fair_pct,omitempty"`
}

// Ratio is filled over requested.
func (o DemandOutcome) Ratio() float64 { return min(ratio(o.FilledBq, o.RequestedBq), 1) }

func (s *Service) now() time.Time {
	if s.Now != nil {
		return s.Now().UTC()
	}
	return time.Now().UTC()
}

// requireCoordinator: whole runs are the coordination office's.
func requireCoordinator(p *auth.Principal) error {
	if p == nil {
		return kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	if !p.IsCoordinator() {
		return kern.Errorf(kern.Forbidden, "error.forbidden")
	}
	return nil
}

// outcomes lists each situation demand's outcome, floor parts added back together.
func outcomes(s Situation, x *index, plan alloc.Plan) []DemandOutcome {
	names := namer(s, x)
	var rc *reach
	idx := make(map[string]int, len(s.Demands))
	out := make([]DemandOutcome, len(s.Demands))
	for i, d := range s.Demands {
		idx[d.Key] = i
		out[i] = DemandOutcome{Key: d.Key, OrgID: d.OrgID, ProductID: d.ProductID, At: d.CalibrationAt, Priority: d.Priority,
			Divisible: d.Divisible, RequestedBq: d.ActivityBq}
	}
	for _, dp := range plan.Demands {
		i, ok := idx[demandKey(dp.ID)]
		if !ok {
			continue
		}
		out[i].FilledBq += dp.FilledBq
		out[i].Deferred = out[i].Deferred || dp.Deferred
		if dp.Reason != "" && out[i].Reason == "" {
			out[i].Reason = names(dp.Reason)
		}
	}
	for i := range out {
		if !out[i].Divisible && out[i].FilledBq < out[i].RequestedBq*(1-1e-6) {
			// A patient's dose not served whole, as Summarize counts it.
			out[i].NoSupply = !out[i].Deferred
			out[i].Deferred = true
			if out[i].At.Before(s.StartsAt) {
				continue
			}
			if rc == nil {
				rc = newReach(s, x)
			}
			d := s.Demands[idx[out[i].Key]]
			out[i].Kind, out[i].FairPct = classify(out[i].Reason, out[i].NoSupply, rc, x.products[d.ProductID].Nuclide, d)
		}
	}
	// The lead-in's demand is not the horizon's outcome.
	return slices.DeleteFunc(out, func(o DemandOutcome) bool { return o.At.Before(s.StartsAt) })
}

// Execute builds the engine's problem from the situation under the policy, solves it, sums the
// plan up and stores the run with its inputs and fills, in one transaction (the caller's, when
// ctx carries one), audited. After a baseline run the hospitals that fall short are notified. An
// input the engine refuses is stored as a failed run and returned as an Invalid error naming the
// field, together with the failed run.
func (s *Service) Execute(ctx context.Context, p *auth.Principal, sit Situation, in RunInput) (AllocRun, error) {
	if err := requireCoordinator(p); err != nil {
		return AllocRun{}, err
	}
	if err := auth.RequireWrite(p); err != nil {
		return AllocRun{}, err
	}
	if err := in.Validate(); err != nil {
		return AllocRun{}, err
	}
	started := time.Now()
	run := AllocRun{Kind: in.Kind, ScenarioID: in.ScenarioID, Name: in.Name, StartsAt: sit.StartsAt.UTC(), HorizonDays: sit.Days,
		Policy: in.Policy, Status: StatusDone, ThresholdPct: in.Threshold, StartedByName: p.User.Email, CreatedAt: s.now()}
	if run.Name == "" && p != auth.System() {
		// The nightly run keeps no name: the pages name it in the reader's language.
		run.Name = defaultName(run)
	}
	var engineErr error
	var res Result
	var outs []DemandOutcome
	prob, err := Build(sit, in.Policy)
	if err == nil {
		var plan alloc.Plan
		plan, err = alloc.Solve(prob)
		if err == nil {
			res = Summarize(sit, in.Policy, plan)
			outs = outcomes(sit, newIndex(sit), plan)
		}
	}
	if err != nil {
		var ie *alloc.InputError
		if !errors.As(err, &ie) {
			return AllocRun{}, err
		}
		run.Status, run.Error = StatusFailed, ie.Error()
		engineErr = &kern.Error{Code: kern.Invalid, Key: "runs.engine_input", Args: []any{ie.Error()},
			Fields: map[string]string{ie.Field: "runs.engine_input_field"}}
		res = Result{}
	} else {
		mf := res.MinFillClass1
		run.MinFillClass1, run.DeferredDoses = &mf, res.DeferredDoses
	}
	run.DurationMS = int(time.Since(started).Milliseconds())
	err = s.DB.InTx(ctx, func(ctx context.Context, q db.Q) error {
		id, err := insertRun(ctx, q, p, run, sit, res, outs)
		if err != nil {
			return err
		}
		run.ID = id
		if run.Status == StatusDone {
			if err := insertFills(ctx, q, id, res.Fills); err != nil {
				return err
			}
		}
		if err := audit.Record(ctx, q, p.Actor(), "create", "alloc_run", id, nil, runAudit(run)); err != nil {
			return err
		}
		if run.Kind == KindBaseline && run.Status == StatusDone {
			return s.alert(ctx, q, run, res)
		}
		return nil
	})
	if err != nil {
		return AllocRun{}, err
	}
	run.Situation, run.Result, run.Outcomes = &sit, &res, outs
	return run, engineErr
}

func defaultName(r AllocRun) string {
	return fmt.Sprintf("%s %s", r.Kind, r.StartsAt.Format("2006-01-02"))
}

// runAudit is what the audit log keeps of a run: its header, not its inputs.
func runAudit(r AllocRun) map[string]any {
	return map[string]any{"kind": r.Kind, "name": r.Name, "starts_at": r.StartsAt, "horizon_days": r.HorizonDays,
		"policy": r.Policy, "status": r.Status, "error": r.Error, "deferred_doses": r.DeferredDoses, "threshold_pct": r.ThresholdPct}
}

// Shortfall is one hospital's shortfall in a run, as an alert names it.
type Shortfall struct {
	OrgID      int64
	Hospital   string
	Class1     float64 // filled / requested of class 1 (1 without class-1 demand)
	LowestPct  float64 // the lowest class fill in percent
	LowestPrio int
	Shares     map[int]float64 // per class: filled / requested
	Deferred   int             // patient doses deferred
}

// shareText is a class's share for an alert, in whole percent, rounded down while short ("89 %"),
// or "–" without demand of that class. Language-neutral: it goes into either catalog.
func (sf Shortfall) shareText(pr int) string {
	r, ok := sf.Shares[pr]
	if !ok {
		return "–"
	}
	pct := math.Floor(100*r + 1e-9)
	if r >= 1-1e-6 {
		pct = 100
	}
	return fmt.Sprintf("%.0f %%", pct)
}

// Shortfalls are the hospitals whose class-1 fill is below 100 % or any class below the threshold
// (each class's filled over requested activity).
func Shortfalls(res Result, thresholdPct float64) []Shortfall {
	type key struct {
		org int64
		pr  int
	}
	req, fill := map[key]float64{}, map[key]float64{}
	names := map[int64]string{}
	deferred := map[int64]int{}
	for _, f := range res.Fills {
		k := key{f.OrgID, f.Priority}
		req[k] += f.RequestedBq
		fill[k] += f.FilledBq
		names[f.OrgID] = f.Hospital
		deferred[f.OrgID] += f.DeferredDoses
	}
	by := map[int64]*Shortfall{}
	for k, r := range req {
		ratio := min(ratio(fill[k], r), 1)
		sf := by[k.org]
		if sf == nil {
			sf = &Shortfall{OrgID: k.org, Hospital: names[k.org], Class1: 1, LowestPct: 100, Shares: map[int]float64{},
				Deferred: deferred[k.org]}
			by[k.org] = sf
		}
		sf.Shares[k.pr] = ratio
		if k.pr == 1 {
			sf.Class1 = ratio
		}
		if pct := 100 * ratio; pct < sf.LowestPct || (pct == sf.LowestPct && k.pr < sf.LowestPrio) {
			sf.LowestPct, sf.LowestPrio = pct, k.pr
		}
	}
	var out []Shortfall
	for _, sf := range by {
		if sf.Class1 < 1-1e-6 || sf.LowestPct < thresholdPct-1e-9 {
			out = append(out, *sf)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].OrgID < out[j].OrgID })
	return out
}

// alert notifies the users with a role in each hospital that falls short in a baseline run.
func (s *Service) alert(ctx context.Context, q db.Q, run AllocRun, res Result) error {
	if s.Notify == nil {
		return nil
	}
	for _, sf := range Shortfalls(res, run.ThresholdPct) {
		users, err := queryAll(ctx, q, `
SELECT r.user_id FROM org_roles r JOIN users u ON u.id = r.user_id WHERE r.org_id = $1 AND NOT u.disabled ORDER BY r.user_id`,
			[]any{sf.OrgID}, func(r scanner) (int64, error) {
				var id int64
				err := r.Scan(&id)
				return id, err
			})
		if err != nil {
			return fmt.Errorf("alert users of %d: %w", sf.OrgID, err)
		}
		for _, u := range users {
			_, err := s.Notify.Send(ctx, q, notify.To{UserID: u}, notify.Note{Kind: "supply_shortfall",
				SubjectKey: "runs.alert_subject", SubjectArgs: []any{sf.Hospital},
				TextKey: "runs.alert_text", Args: []any{sf.Hospital, sf.shareText(1), sf.shareText(2), sf.shareText(3), sf.Deferred,
					run.StartsAt.In(web.Amsterdam).Format("2006-01-02"), run.HorizonDays},
				Link: "/allocation/mine"})
			if err != nil {
				return err
			}
		}
	}
	return nil
}

// StartBaseline loads the current situation from start for days and runs it as a baseline.
func (s *Service) StartBaseline(ctx context.Context, p *auth.Principal, start time.Time, days int, in RunInput) (AllocRun, error) {
	if err := requireCoordinator(p); err != nil {
		return AllocRun{}, err
	}
	var v kern.Validation
	v.Check(!start.IsZero(), "starts_at", "field.required")
	v.Check(days >= 1 && days <= MaxHorizonDays, "horizon_days", "runs.horizon_range")
	if err := in.Validate(); err != nil {
		for f, k := range kern.AsError(err).Fields {
			v.Add(f, k)
		}
	}
	if err := v.Err(); err != nil {
		return AllocRun{}, err
	}
	sit, err := s.Load(ctx, start, days)
	if err != nil {
		return AllocRun{}, err
	}
	in.Kind = KindBaseline
	return s.Execute(ctx, p, sit, in)
}

// NightlyGap is how recent a baseline run makes the nightly job skip: at start-up next to the
// demo's baseline, or after a coordinator's run that evening, a second identical run would only
// alert the hospitals twice.
const NightlyGap = 12 * time.Hour

// RunNightly is the nightly job: a baseline run from now for four weeks, as the system, unless a
// baseline run was stored in the last NightlyGap.
func (s *Service) RunNightly(ctx context.Context, payload []byte) error {
	var recent int
	if err := s.DB.Reader(ctx).QueryRowContext(ctx, `SELECT count(*) FROM alloc_runs WHERE kind = $1 AND created_at > $2`,
		KindBaseline, s.now().Add(-NightlyGap)).Scan(&recent); err != nil {
		return fmt.Errorf("recent baseline: %w", err)
	}
	if recent > 0 {
		return nil
	}
	_, err := s.StartBaseline(ctx, auth.System(), s.now(), DefaultHorizonDays,
		RunInput{Kind: KindBaseline, Policy: Policy{Kind: PolicyStrict}})
	return err
}

// Nightly reports whether the system started the run (the nightly job, the demo).
func (r AllocRun) Nightly() bool { return r.StartedByName == auth.System().User.Email }

// Rerun runs a stored run's input again (its situation and policy, as stored).
func (s *Service) Rerun(ctx context.Context, p *auth.Principal, id int64) (AllocRun, error) {
	old, err := s.Run(ctx, p, id)
	if err != nil {
		return AllocRun{}, err
	}
	return s.Execute(ctx, p, *old.Situation, RunInput{Kind: old.Kind, ScenarioID: old.ScenarioID,
		Name: strings.TrimSpace(old.Name + " (again)"), Policy: old.Policy, Threshold: old.ThresholdPct})
}

// Run is a whole stored run with its situation, policy, result and outcomes: the coordination
// office's.
func (s *Service) Run(ctx context.Context, p *auth.Principal, id int64) (AllocRun, error) {
	if err := requireCoordinator(p); err != nil {
		return AllocRun{}, notFoundFor(err)
	}
	return getRun(ctx, s.DB.Reader(ctx), id, true, true)
}

// Summary is a stored run with its result but not its inputs: what the result page reads.
func (s *Service) Summary(ctx context.Context, p *auth.Principal, id int64) (AllocRun, error) {
	if err := requireCoordinator(p); err != nil {
		return AllocRun{}, notFoundFor(err)
	}
	q := s.DB.Reader(ctx)
	r, err := getRun(ctx, q, id, false, false)
	if err != nil {
		return AllocRun{}, err
	}
	// A stored run never changes: its decoded result is cached (see cache.go); readers must not
	// change it.
	r.Result, err = resultOf(ctx, q, s.DB, r)
	return r, err
}

// Input is a stored run's input as JSON: its situation and policy.
func (s *Service) Input(ctx context.Context, p *auth.Principal, id int64) (RunInputDoc, error) {
	r, err := s.Run(ctx, p, id)
	if err != nil {
		return RunInputDoc{}, err
	}
	return RunInputDoc{RunID: r.ID, Kind: r.Kind, Policy: r.Policy, ThresholdPct: r.ThresholdPct, Situation: *r.Situation}, nil
}

// RunInputDoc is a run's stored input, downloadable, enough to reproduce it.
type RunInputDoc struct {
	RunID        int64     `json:"run_id"`
	Kind         string    `json:"kind"`
	Policy       Policy    `json:"policy"`
	ThresholdPct float64   `json:"threshold_pct"`
	Situation    Situation `json:"situation"`
}

// notFoundFor turns Forbidden into NotFound: a run a user may not read does not exist for them.
func notFoundFor(err error) error {
	if kern.ErrorCode(err) == kern.Forbidden {
		return kern.Errorf(kern.NotFound, "error.not_found")
	}
	return err
}

// Latest is the latest successful run of a kind, with its situation and result. For the header
// alone, see LatestMeta.
func (s *Service) Latest(ctx context.Context, kind string) (AllocRun, bool, error) {
	return s.latest(ctx, kind, true)
}

func (s *Service) latest(ctx context.Context, kind string, situation bool) (AllocRun, bool, error) {
	q := s.DB.Reader(ctx)
	id, ok, err := latestID(ctx, q, kind)
	if err != nil || !ok {
		return AllocRun{}, false, err
	}
	if situation {
		r, err := getRun(ctx, q, id, true, true)
		return r, err == nil, err
	}
	r, err := getRun(ctx, q, id, false, false)
	if err == nil {
		r.Result, err = resultOf(ctx, q, s.DB, r) // cached: see cache.go
	}
	return r, err == nil, err
}

// HospitalView is one hospital's part of a run.
type HospitalView struct {
	Run      AllocRun         `json:"run"`
	OrgID    int64            `json:"org_id"`
	Hospital string           `json:"hospital"`
	Fills    []Fill           `json:"fills"`
	Deferred []DeferredDose   `json:"deferred"`
	Outcomes []DemandOutcome  `json:"outcomes"` // per demand, by instant
	Products map[int64]string `json:"products"`
}

// HospitalAllocation is a hospital's own part of a run: for the coordination office and the
// hospital's own users; anyone else gets NotFound (the organisation is in the query).
func (s *Service) HospitalAllocation(ctx context.Context, p *auth.Principal, runID, orgID int64) (HospitalView, error) {
	if p == nil {
		return HospitalView{}, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	if !p.IsCoordinator() && !p.InOrg(orgID) {
		return HospitalView{}, kern.Errorf(kern.NotFound, "error.not_found")
	}
	q := s.DB.Reader(ctx)
	run, err := getRun(ctx, q, runID, false, false)
	if err != nil {
		return HospitalView{}, err
	}
	run = runHeader(p, run)
	v := HospitalView{Run: run, OrgID: orgID, Fills: []Fill{}, Deferred: []DeferredDose{}, Outcomes: []DemandOutcome{}, Products: map[int64]string{}}
	if err := q.QueryRowContext(ctx, `SELECT name FROM organizations WHERE id = $1`, orgID).Scan(&v.Hospital); err != nil {
		if errors.Is(err, sql.ErrNoRows) {
			return HospitalView{}, kern.Errorf(kern.NotFound, "error.not_found")
		}
		return HospitalView{}, err
	}
	c := &db.Clause{}
	c.Add("x.run_id = ?", runID)
	c.Add("x.org_id = ?", orgID)
	v.Fills, err = listFills(ctx, q, c)
	if err != nil {
		return HospitalView{}, err
	}
	byOrg, err := outcomesOf(ctx, q, s.DB, run)
	if err != nil {
		return HospitalView{}, err
	}
	if raw, ok := byOrg[strconv.FormatInt(orgID, 10)]; ok {
		if err := json.Unmarshal(raw, &v.Outcomes); err != nil {
			return HospitalView{}, fmt.Errorf("run %d outcomes: %w", runID, err)
		}
	}
	for _, f := range v.Fills {
		v.Products[f.ProductID] = f.Product
	}
	for _, o := range v.Outcomes {
		if o.Deferred {
			v.Deferred = append(v.Deferred, DeferredDose{Key: o.Key, OrgID: o.OrgID, Hospital: v.Hospital, ProductID: o.ProductID,
				Product: v.Products[o.ProductID], At: o.At, Priority: o.Priority, ActivityBq: o.RequestedBq, Reason: o.Reason,
				NoSupply: o.NoSupply, Kind: o.Kind, FairPct: o.FairPct})
		}
	}
	return v, nil
}

// ProducerView is the demand for a producer's products in a run and how it is filled.
type ProducerView struct {
	Run      AllocRun `json:"run"`
	OrgID    int64    `json:"org_id"`
	Producer string   `json:"producer"`
	Fills    []Fill   `json:"fills"`
}

// ProducerAllocation is the demand and fill of a producer's own products in a run: for the
// coordination office and the producer's users; anyone else gets NotFound.
func (s *Service) ProducerAllocation(ctx context.Context, p *auth.Principal, runID, orgID int64) (ProducerView, error) {
	if p == nil {
		return ProducerView{}, kern.Errorf(kern.Unauthorized, "error.unauthorized")
	}
	if !p.IsCoordinator() && !p.InOrg(orgID) {
		return ProducerView{}, kern.Errorf(kern.NotFound, "error.not_found")
	}
	q := s.DB.Reader(ctx)
	run, err := getRun(ctx, q, runID, false, false)
	if err != nil {
		return ProducerView{}, err
	}
	run = runHeader(p, run)
	v := ProducerView{Run: run, OrgID: orgID}
	var kind string
	err = q.QueryRowContext(ctx, `SELECT name, kind FROM organizations WHERE id = $1`, orgID).Scan(&v.Producer, &kind)
	if errors.Is(err, sql.ErrNoRows) || kind != "producer" {
		return ProducerView{}, kern.Errorf(kern.NotFound, "error.not_found")
	}
	if err != nil {
		return ProducerView{}, err
	}
	c := &db.Clause{}
	c.Add("x.run_id = ?", runID)
	c.Add("f.org_id = ?", orgID)
	v.Fills, err = listFills(ctx, q, c)
	return v, err
}

// MyOrganisations are the organisations of a kind ("hospital", "producer") p holds a role in.
func (s *Service) MyOrganisations(ctx context.Context, p *auth.Principal, kind string) ([]db.Choice, error) {
	if p == nil || len(p.OrgRoles) == 0 {
		return nil, nil
	}
	ids := make([]int64, 0, len(p.OrgRoles))
	for id := range p.OrgRoles {
		ids = append(ids, id)
	}
	sort.Slice(ids, func(i, j int) bool { return ids[i] < ids[j] })
	c := &db.Clause{}
	c.Add("kind = ?", kind)
	marks := make([]string, len(ids))
	args := make([]any, len(ids))
	for i, id := range ids {
		marks[i], args[i] = "?", id
	}
	c.Add("id IN ("+strings.Join(marks, ", ")+")", args...)
	return db.Choices(ctx, s.DB.Reader(ctx), `SELECT id, name FROM organizations `+c.SQL()+` ORDER BY name, id`, c.Args...)
}

// runHeader is what a hospital or producer sees of a run's header: when and how it ran, not the
// national figures of the whole run.
func runHeader(p *auth.Principal, r AllocRun) AllocRun {
	if !p.IsCoordinator() {
		r.MinFillClass1, r.DeferredDoses, r.StartedByName, r.Error = nil, 0, "", ""
	}
	return r
}
