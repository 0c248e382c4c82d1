package plan

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"kern"
	"kern/internal/web"
)

// PublicActions gives the transparency page the action plan's public figures (package
// plan/actions provides it).
type PublicActions interface {
	PublicSummary(ctx context.Context) (ActionSummary, error)
	PublicActionsCSV(ctx context.Context) (header []string, rows [][]string, err error)
}

// ActionSummary is the public progress of the action plan.
type ActionSummary struct {
	Total      int        `json:"total"`
	Done       int        `json:"done"`
	InProgress int        `json:"in_progress"`
	Overdue    int        `json:"overdue"`
	Percent    float64    `json:"percent"` // weighted mean progress of the actions not dropped
	QuickWins  []QuickWin `json:"quick_wins"`
}

// QuickWin is a quick win achieved.
type QuickWin struct {
	Title  string     `json:"title"`
	Group  string     `json:"owner_group"`
	DoneOn *time.Time `json:"done_on,omitempty"`
}

// PublicRounds gives the transparency page the prioritisation rounds whose results are public
// (package plan/rounds provides it).
type PublicRounds interface {
	PublicRounds(ctx context.Context) ([]PublicRound, error)
	PublicResultsCSV(ctx context.Context) (header []string, rows [][]string, err error)
}

// PublicRound is a round with public results.
type PublicRound struct {
	Title    string    `json:"title"`
	ClosedAt time.Time `json:"closed_at"`
	URL      string    `json:"url"` // the public results page
}

// Public is what anyone may see: the vision, the public goals and KPIs with their status.
type Public struct {
	Pillars []PublicPillar
	Summary []StatusCount
	Actions *ActionSummary
	Rounds  []PublicRound
}

// PublicPillar is a pillar with its public goals and KPIs.
type PublicPillar struct {
	Pillar
	Goals []PublicGoal
}

// PublicGoal is a public goal with its public KPIs.
type PublicGoal struct {
	Goal
	KPIs []KPI
}

// PublicView gathers the transparency page; it needs no login and shows only what is public.
func (s *Service) PublicView(ctx context.Context) (Public, error) {
	var out Public
	pillars, err := s.pillars(ctx)
	if err != nil {
		return out, err
	}
	goals, err := s.goals(ctx, GoalFilter{PublicOnly: true})
	if err != nil {
		return out, err
	}
	kpis, err := s.kpis(ctx, KPIFilter{PublicOnly: true})
	if err != nil {
		return out, err
	}
	for _, pl := range pillars {
		pp := PublicPillar{Pillar: pl}
		for _, g := range goals {
			if g.PillarID != pl.ID {
				continue
			}
			pg := PublicGoal{Goal: g}
			for _, k := range kpis {
				if k.GoalID != nil && *k.GoalID == g.ID {
					k.OwnerID, k.OwnerName = nil, "" // who enters the figures is not public
					pg.KPIs = append(pg.KPIs, k)
				}
			}
			pp.Goals = append(pp.Goals, pg)
		}
		out.Pillars = append(out.Pillars, pp)
	}
	out.Summary = summarize(kpis)
	if s.PublicActions != nil {
		sum, err := s.PublicActions.PublicSummary(ctx)
		if err != nil {
			return out, err
		}
		out.Actions = &sum
	}
	if s.PublicRounds != nil {
		if out.Rounds, err = s.PublicRounds.PublicRounds(ctx); err != nil {
			return out, err
		}
	}
	return out, nil
}

// PublicKPI returns a public KPI and its measurements; any other id is not found.
func (s *Service) PublicKPI(ctx context.Context, id int64) (KPI, []Measurement, error) {
	q := s.DB.Reader(ctx)
	k, err := getKPI(ctx, q, id)
	if err == nil && !k.Public {
		err = kern.Errorf(kern.NotFound, "error.not_found")
	}
	if err != nil {
		return KPI{}, nil, err
	}
	derive(&k, s.today())
	k.OwnerID, k.OwnerName = nil, ""
	ms, err := measurements(ctx, q, id, false)
	return k, ms, err
}

// OpenTable is one table of the open-data page.
type OpenTable struct {
	Name   string   // file name without .csv; also the message key suffix of its description
	Fields []string // column names; each has a message key opendata.<name>.<field>
}

// OpenTables are the tables the open-data page offers, in order.
var OpenTables = []OpenTable{
	{"pillars", []string{"id", "position", "name", "description"}},
	{"goals", []string{"id", "pillar_id", "title", "statement", "deadline", "accountable", "smart_missing"}},
	{"kpis", KPIHeader},
	{"measurements", MeasurementHeader},
	{"challenges", ChallengeHeader},
	{"actions", nil},
	{"round_results", nil},
}

// OpenData returns one public table as a header and rows.
func (s *Service) OpenData(ctx context.Context, name string) ([]string, [][]string, error) {
	switch name {
	case "pillars":
		pillars, err := s.pillars(ctx)
		rows := make([][]string, len(pillars))
		for i, p := range pillars {
			rows[i] = []string{strconv.FormatInt(p.ID, 10), strconv.Itoa(p.Position), p.Name, p.Description}
		}
		return OpenTables[0].Fields, rows, err
	case "goals":
		goals, err := s.goals(ctx, GoalFilter{PublicOnly: true})
		rows := make([][]string, len(goals))
		for i, g := range goals {
			acc := g.AccountableName
			if g.AccountableGroup != "" {
				acc = join(acc, g.AccountableGroup)
			}
			acc = join(acc, g.AccountableBody)
			missing := ""
			for _, m := range g.Missing {
				missing = join(missing, m)
			}
			rows[i] = []string{strconv.FormatInt(g.ID, 10), strconv.FormatInt(g.PillarID, 10), g.Title, g.Statement,
				dateStr(g.Deadline), acc, missing}
		}
		return OpenTables[1].Fields, rows, err
	case "kpis":
		kpis, err := s.kpis(ctx, KPIFilter{PublicOnly: true})
		return KPIHeader, KPIRows(kpis), err
	case "measurements":
		kpis, err := s.kpis(ctx, KPIFilter{PublicOnly: true})
		if err != nil {
			return nil, nil, err
		}
		rows, err := measurementRows(ctx, s.DB.Reader(ctx), kpis)
		return MeasurementHeader, rows, err
	case "challenges":
		list, _, err := listChallenges(ctx, s.DB.Reader(ctx), ChallengeFilter{Page: 1, PerPage: 1}, true)
		return ChallengeHeader, ChallengeRows(list), err
	case "actions":
		if s.PublicActions != nil {
			return s.PublicActions.PublicActionsCSV(ctx)
		}
	case "round_results":
		if s.PublicRounds != nil {
			return s.PublicRounds.PublicResultsCSV(ctx)
		}
	}
	return nil, nil, kern.Errorf(kern.NotFound, "error.not_found")
}

func join(a, b string) string {
	if a == "" {
		return b
	}
	if b == "" {
		return a
	}
	return a + "|" + b
}

// publicRoutes registers the pages anyone may read, without logging in.
func (h *Web) publicRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /public", h.public)
	mux.HandleFunc("GET /public/kpis/{id}", h.publicKPI)
	mux.HandleFunc("GET /public/kpis/{id}/chart.json", h.publicKPIChart)
	mux.HandleFunc("GET /open-data", h.openData)
	mux.HandleFunc("GET /open-data/{name}", h.openDataCSV)
}

func (h *Web) public(w http.ResponseWriter, r *http.Request) {
	v, err := h.Plan.PublicView(r.Context())
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "plan/public", map[string]any{"View": v})
}

func (h *Web) publicKPI(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var k KPI
	var ms []Measurement
	if err == nil {
		k, ms, err = h.Plan.PublicKPI(r.Context(), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	for i, j := 0, len(ms)-1; i < j; i, j = i+1, j-1 {
		ms[i], ms[j] = ms[j], ms[i]
	}
	h.Kit.Render(w, r, http.StatusOK, "plan/public_kpi", map[string]any{"KPI": k, "Measurements": ms})
}

func (h *Web) publicKPIChart(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	var k KPI
	var ms []Measurement
	if err == nil {
		k, ms, err = h.Plan.PublicKPI(r.Context(), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	web.JSON(w, http.StatusOK, map[string]any{"option": ChartOption(k, ms, func(key string) string { return h.t(r, key) })})
}

func (h *Web) openData(w http.ResponseWriter, r *http.Request) {
	type field struct{ Name, Description string }
	type table struct {
		Name, Description string
		Fields            []field
	}
	lang := web.Lang(r)
	describe := func(key string) string {
		if h.Kit.Catalog.Has(key) {
			return h.Kit.Catalog.T(lang, key)
		}
		return ""
	}
	var tables []table
	for _, t := range OpenTables {
		if t.Fields == nil { // a table of the action plan or the rounds: ask for its columns
			var err error
			if t.Fields, _, err = h.Plan.OpenData(r.Context(), t.Name); err != nil {
				continue
			}
		}
		tb := table{Name: t.Name, Description: describe("opendata." + t.Name)}
		for _, f := range t.Fields {
			tb.Fields = append(tb.Fields, field{f, describe("opendata." + t.Name + "." + f)})
		}
		tables = append(tables, tb)
	}
	h.Kit.Render(w, r, http.StatusOK, "plan/open_data", map[string]any{"Tables": tables})
}

func (h *Web) openDataCSV(w http.ResponseWriter, r *http.Request) {
	name := r.PathValue("name")
	if len(name) < 5 || name[len(name)-4:] != ".csv" {
		h.Kit.NotFound(w, r)
		return
	}
	header, rows, err := h.Plan.OpenData(r.Context(), name[:len(name)-4])
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	web.CSV(w, name, header, rows)
}
