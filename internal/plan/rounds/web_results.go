package rounds

import (
	"math"
	"net/http"
	"strconv"

	"kern/internal/web"
)

// The results pages answer a visitor without login too when the round's results are public;
// the service decides.
func (h *Web) resultRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /rounds/{id}/results", h.results)
	mux.HandleFunc("GET /rounds/{id}/results.json", h.resultsChart)
	mux.HandleFunc("GET /rounds/{id}/rates.json", h.ratesChart)
	mux.HandleFunc("GET /rounds/{id}/results.csv", h.resultsCSV)
}

func (h *Web) resultsOf(w http.ResponseWriter, r *http.Request) (Round, Results, bool) {
	id, err := web.ID(r, "id")
	var x Round
	var res Results
	if err == nil {
		x, res, err = h.Rounds.ResultsOf(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return x, res, false
	}
	return x, res, true
}

// MaxCommentsShown bounds the comments on the results page; the API pages through all of them.
const MaxCommentsShown = 500

func (h *Web) results(w http.ResponseWriter, r *http.Request) {
	x, res, ok := h.resultsOf(w, r)
	if !ok {
		return
	}
	p := web.User(r)
	data := map[string]any{"Round": x, "Results": res, "Groups": Groups, "CanManage": CanManage(p)}
	if p != nil {
		comments, total, err := h.Rounds.Comments(r.Context(), p, x.ID, MaxCommentsShown)
		if err != nil {
			h.Kit.Error(w, r, err)
			return
		}
		titles := map[int64]string{}
		for _, c := range x.Challenges {
			titles[c.ID] = c.Title
		}
		data["Comments"], data["CommentsTotal"], data["Titles"] = comments, total, titles
	}
	h.Kit.Render(w, r, http.StatusOK, "rounds/results", data)
}

func round2(f float64) float64 { return math.Round(f*100) / 100 }

// resultsChart feeds the ranking chart: the balanced priority of each challenge, highest first.
// The page shows the same numbers in the table beside it.
func (h *Web) resultsChart(w http.ResponseWriter, r *http.Request) {
	_, res, ok := h.resultsOf(w, r)
	if !ok {
		return
	}
	labels, values := []string{}, []float64{}
	for _, c := range res.Challenges {
		if c.Rank > 0 {
			labels = append(labels, c.Challenge.Title)
			values = append(values, round2(c.Priority))
		}
	}
	web.JSON(w, http.StatusOK, map[string]any{"name": h.Kit.Catalog.T(web.Lang(r), "round.results.priority"),
		"labels": labels, "values": values})
}

// ratesChart feeds the response-rate chart: per stakeholder group, the percentage that answered.
func (h *Web) ratesChart(w http.ResponseWriter, r *http.Request) {
	_, res, ok := h.resultsOf(w, r)
	if !ok {
		return
	}
	lang := web.Lang(r)
	labels, values := []string{}, []float64{}
	for _, g := range res.Rates {
		labels = append(labels, h.Kit.Catalog.T(lang, "group."+g.Group))
		values = append(values, math.Round(g.Rate*1000)/10)
	}
	web.JSON(w, http.StatusOK, map[string]any{"name": h.Kit.Catalog.T(lang, "round.results.rate"), "labels": labels, "values": values})
}

func fmt2(f float64) string { return strconv.FormatFloat(f, 'f', 2, 64) }

func (h *Web) resultsCSV(w http.ResponseWriter, r *http.Request) {
	x, res, ok := h.resultsOf(w, r)
	if !ok {
		return
	}
	header := []string{"rank", "challenge_id", "challenge", "stage", "priority", "impact", "urgency", "pooled_priority",
		"disagreement", "range", "respondents"}
	for _, g := range Groups {
		header = append(header, g+"_respondents", g+"_priority", g+"_impact", g+"_urgency")
	}
	rows := make([][]string, len(res.Challenges))
	for i, c := range res.Challenges {
		rank := ""
		if c.Rank > 0 {
			rank = strconv.Itoa(c.Rank)
		}
		row := []string{rank, itoa(c.Challenge.ID), c.Challenge.Title, c.Challenge.Stage, fmt2(c.Priority), fmt2(c.Impact),
			fmt2(c.Urgency), fmt2(c.Pooled), fmt2(c.Disagreement), fmt2(c.Range), strconv.Itoa(c.Respondents)}
		byGroup := map[string]GroupScore{}
		for _, g := range c.Groups {
			byGroup[g.Group] = g
		}
		for _, g := range Groups {
			if s, ok := byGroup[g]; ok {
				row = append(row, strconv.Itoa(s.N), fmt2(s.Priority), fmt2(s.Impact), fmt2(s.Urgency))
			} else {
				row = append(row, "0", "", "", "")
			}
		}
		rows[i] = row
	}
	web.CSV(w, "round-"+itoa(x.ID)+"-results.csv", header, rows)
}
