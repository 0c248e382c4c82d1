package reports

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/gov"
	"kern/internal/web"
	"kern/internal/web/i18n"
)

//go:embed templates/*.html
var templates embed.FS

//go:embed static/reports.css
var stylesheet []byte

// stylesheetURL carries the content hash, so the file is cached for good and a new release is
// fetched at once.
var stylesheetURL = func() string {
	sum := sha256.Sum256(stylesheet)
	return "/reports/assets/" + hex.EncodeToString(sum[:6]) + "/reports.css"
}()

// Routes registers the pages on mux and parses their templates. Published public reports (and
// their list) are open to visitors; everything else needs a login.
func (h *Web) Routes(mux *http.ServeMux) error {
	if err := h.Kit.Parse("reports", templates, "templates"); err != nil {
		return err
	}
	in := h.Kit.LoggedIn
	mux.HandleFunc("GET /reports/assets/{hash}/reports.css", h.css)
	mux.HandleFunc("GET /reports", h.listReports)
	mux.HandleFunc("GET /reports/export.csv", in(h.exportReports))
	mux.HandleFunc("GET /reports/new", in(h.newReport))
	mux.HandleFunc("POST /reports", in(h.createReport))
	mux.HandleFunc("GET /reports/{id}", h.showReport)
	mux.HandleFunc("GET /reports/{id}/edit", in(h.editReport))
	mux.HandleFunc("POST /reports/{id}", in(h.updateReport))
	mux.HandleFunc("POST /reports/{id}/publish", in(h.publishReport))
	mux.HandleFunc("POST /reports/{id}/delete", in(h.deleteReport))
	h.planRoutes(mux)
	return nil
}

func (h *Web) css(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	if strings.Contains(stylesheetURL, "/"+r.PathValue("hash")+"/") {
		w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	w.Write(stylesheet)
}

func (h *Web) t(r *http.Request, key string, args ...any) string {
	return h.Kit.Catalog.T(web.Lang(r), key, args...)
}

func options(cat *i18n.Catalog, lang i18n.Lang, prefix, blank string, codes []string) []web.Option {
	out := []web.Option{}
	if blank != "" {
		out = append(out, web.Option{Value: "", Label: blank})
	}
	for _, c := range codes {
		out = append(out, web.Option{Value: c, Label: cat.T(lang, prefix+c)})
	}
	return out
}

// bodyOptions lists the bodies for a select.
func (h *Web) bodyOptions(r *http.Request, blank string) []web.Option {
	out := []web.Option{{Value: "", Label: blank}}
	p := web.User(r)
	if p == nil {
		return out
	}
	list, err := h.Reports.Gov.Bodies(r.Context(), p, gov.BodyFilter{})
	if err != nil {
		return out
	}
	for _, b := range list {
		out = append(out, web.Option{Value: strconv.FormatInt(b.ID, 10), Label: b.Name})
	}
	return out
}

func (h *Web) listReports(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	q := r.URL.Query()
	f := ReportFilter{Scope: q.Get("scope"), Period: q.Get("period"), Status: q.Get("status"), BodyID: web.QueryID(r, "body")}
	var list []Report
	var err error
	if p == nil {
		list, err = h.Reports.PublicReports(r.Context())
	} else {
		list, err = h.Reports.Reports(r.Context(), p, f)
		if kern.ErrorCode(err) == kern.Invalid {
			f = ReportFilter{}
			list, err = h.Reports.Reports(r.Context(), p, f)
		}
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	lang := web.Lang(r)
	all := h.t(r, "list.all")
	h.Kit.Render(w, r, http.StatusOK, "reports/reports", map[string]any{
		"CSS": stylesheetURL, "Items": list, "Filter": f,
		"Scopes":   options(h.Kit.Catalog, lang, "reports.scope.", all, Scopes),
		"Periods":  options(h.Kit.Catalog, lang, "reports.period.", all, Periods),
		"Statuses": options(h.Kit.Catalog, lang, "reports.status.", all, []string{string(ReportDraft), string(ReportPublished)}),
		"Bodies":   h.bodyOptions(r, all),
		"CanDraft": p != nil && p.CanWrite() && (p.IsCoordinator() || h.managesAny(r)),
		"Export":   "/reports/export.csv?" + r.URL.RawQuery,
	})
}

// managesAny reports whether the user manages some body (and may draft its report).
func (h *Web) managesAny(r *http.Request) bool {
	p := web.User(r)
	list, err := h.Reports.Gov.Bodies(r.Context(), p, gov.BodyFilter{})
	if err != nil {
		return false
	}
	for _, b := range list {
		if ok, _ := h.Reports.Gov.CanManage(r.Context(), p, b.ID); ok {
			return true
		}
	}
	return false
}

func (h *Web) exportReports(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	list, err := h.Reports.Reports(r.Context(), web.User(r), ReportFilter{Scope: q.Get("scope"), Period: q.Get("period"),
		Status: q.Get("status"), BodyID: web.QueryID(r, "body")})
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	rows := make([][]string, len(list))
	for i, x := range list {
		published := ""
		if x.PublishedAt != nil {
			published = x.PublishedAt.UTC().Format(time.RFC3339)
		}
		rows[i] = []string{strconv.FormatInt(x.ID, 10), x.Title, x.Period, x.Start.Format("2006-01-02"), x.End.Format("2006-01-02"),
			x.Scope, x.BodyName, string(x.Status), yesNo(x.Public), published}
	}
	web.CSV(w, "progress-reports-"+time.Now().Format("2006-01-02")+".csv", []string{"id", "title", "period", "period_start",
		"period_end", "scope", "body", "status", "public", "published_at"}, rows)
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

func (h *Web) showReport(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	id, err := web.ID(r, "id")
	var rep Report
	if err == nil {
		rep, err = h.Reports.Report(r.Context(), p, id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "reports/report", h.reportData(r, rep))
}

// kpiView is a KPI row with its small chart.
type kpiView struct {
	ReportKPI
	Chart any
}

func (h *Web) reportData(r *http.Request, rep Report) map[string]any {
	p := web.User(r)
	kpis := []kpiView{}
	if rep.Content != nil {
		for _, k := range rep.Content.KPIs {
			kpis = append(kpis, kpiView{ReportKPI: k, Chart: Sparkline(k.Points, k.Target, h.t(r, "reports.chart_label", k.Name))})
		}
	}
	editable := p != nil && rep.Status == ReportDraft && h.Reports.CanEditReport(r.Context(), p, rep.Scope, rep.BodyID)
	return map[string]any{"CSS": stylesheetURL, "Report": rep, "Label": rep.Label(), "Intro": web.Markdown(rep.Intro),
		"KPIs": kpis, "CanEdit": editable, "Visitor": p == nil}
}

func (h *Web) formData(r *http.Request, rep Report) map[string]any {
	lang := web.Lang(r)
	return map[string]any{"CSS": stylesheetURL, "Report": rep,
		"Periods":  options(h.Kit.Catalog, lang, "reports.period.", "", Periods),
		"Scopes":   options(h.Kit.Catalog, lang, "reports.scope.", "", Scopes),
		"Bodies":   h.bodyOptions(r, h.t(r, "reports.no_body")),
		"Sections": Sections}
}

func (h *Web) newReport(w http.ResponseWriter, r *http.Request) {
	start, end := PreviousPeriod("quarter", gov.Day(time.Now().In(gov.Amsterdam)))
	rep := Report{Period: "quarter", Start: start, End: end, Scope: "platform", Sections: Sections}
	if b := web.QueryID(r, "body"); b > 0 {
		rep.Scope, rep.BodyID = "body", &b
	}
	h.Kit.RenderForm(w, r, "reports/report_form", h.formData(r, rep), nil, nil)
}

// parseReportForm reads the form; dates that do not parse become field errors.
func parseReportForm(r *http.Request) (ReportInput, url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return ReportInput{}, nil, err
	}
	f := r.PostForm
	var v kern.Validation
	in := ReportInput{Period: f.Get("period"), Scope: f.Get("scope"), Title: f.Get("title"), Intro: f.Get("intro"),
		Sections: f["sections"], Public: f.Get("public") != ""}
	if in.Sections == nil {
		in.Sections = []string{}
	}
	if s := strings.TrimSpace(f.Get("period_start")); s != "" {
		t, err := time.Parse("2006-01-02", s)
		v.Check(err == nil, "period_start", "field.invalid_date")
		in.Start = t
	}
	if s := strings.TrimSpace(f.Get("period_end")); s != "" {
		t, err := time.Parse("2006-01-02", s)
		v.Check(err == nil, "period_end", "field.invalid_date")
		if err == nil {
			in.End = &t
		}
	}
	if s := f.Get("body_id"); s != "" {
		id, err := strconv.ParseInt(s, 10, 64)
		v.Check(err == nil, "body_id", "field.unknown_choice")
		in.BodyID = &id
	}
	if err := v.Err(); err != nil {
		return in, f, err
	}
	return in, f, nil
}

func (h *Web) createReport(w http.ResponseWriter, r *http.Request) {
	in, values, err := parseReportForm(r)
	var rep Report
	if err == nil {
		rep, err = h.Reports.CreateReport(r.Context(), web.User(r), in)
	}
	if err != nil {
		h.Kit.RenderForm(w, r, "reports/report_form", h.formData(r, Report{Sections: in.Sections}), values, err)
		return
	}
	h.Kit.Flash(w, "reports.flash.drafted")
	web.Redirect(w, r, reportLink(rep.ID))
}

func (h *Web) editReport(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	id, err := web.ID(r, "id")
	var rep Report
	if err == nil {
		rep, err = h.Reports.Report(r.Context(), p, id)
	}
	if err == nil && rep.Status == ReportPublished {
		err = kern.Errorf(kern.Conflict, "reports.published_frozen")
	}
	if err == nil && !h.Reports.CanEditReport(r.Context(), p, rep.Scope, rep.BodyID) {
		err = kern.Errorf(kern.Forbidden, "reports.edit_forbidden")
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "reports/report_form", h.formData(r, rep), nil, nil)
}

func (h *Web) updateReport(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, values, err := parseReportForm(r)
	if err == nil {
		_, err = h.Reports.UpdateReport(r.Context(), web.User(r), id, in)
	}
	if err != nil {
		if e := kern.AsError(err); e != nil && (e.Code == kern.Forbidden || e.Code == kern.NotFound) {
			h.Kit.Error(w, r, err)
			return
		}
		h.Kit.RenderForm(w, r, "reports/report_form", h.formData(r, Report{ID: id, Sections: in.Sections}), values, err)
		return
	}
	h.Kit.Flash(w, "reports.flash.saved")
	web.Redirect(w, r, reportLink(id))
}

func (h *Web) publishReport(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = r.ParseForm()
	}
	if err == nil {
		_, err = h.Reports.PublishReport(r.Context(), web.User(r), id, r.PostForm.Get("public") != "")
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "reports.flash.published")
	web.Redirect(w, r, reportLink(id))
}

func (h *Web) deleteReport(w http.ResponseWriter, r *http.Request) {
	id, err := web.ID(r, "id")
	if err == nil {
		err = h.Reports.DeleteReport(r.Context(), web.User(r), id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, "reports.flash.deleted")
	web.Redirect(w, r, "/reports")
}
