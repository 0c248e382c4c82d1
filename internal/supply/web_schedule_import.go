package supply

import (
	"net/http"
	"net/url"
	"strings"
	"time"

	"kern"
	"kern/internal/web"
)

func (h *Web) exportSchedules(w http.ResponseWriter, r *http.Request) {
	list, err := h.Supply.Schedules(r.Context(), web.User(r), web.QueryID(r, "facility"))
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	web.CSV(w, "schedules-"+time.Now().Format(time.DateOnly)+".csv", ScheduleHeader, ScheduleRows(list))
}

func (h *Web) scheduleImportData(rep *ScheduleImportReport, src string) map[string]any {
	return map[string]any{"Header": strings.Join(ScheduleHeader, ","), "Report": rep, "CSV": src}
}

func (h *Web) scheduleImportForm(w http.ResponseWriter, r *http.Request) {
	h.Kit.RenderForm(w, r, "supply/schedule_import", h.scheduleImportData(nil, ""), nil, nil)
}

// importSchedules runs a dry run ("preview") or the import ("apply") of an uploaded or pasted CSV
// of operating cycles; a refused import shows every bad row by line and column and writes nothing.
func (h *Web) importSchedules(w http.ResponseWriter, r *http.Request) {
	up, err := web.ReadUpload(w, r, MaxUpload)
	if err != nil {
		h.Kit.RenderForm(w, r, "supply/schedule_import", h.scheduleImportData(nil, ""), url.Values{}, kern.FieldError("file", "supply.import_unreadable"))
		return
	}
	src := up.CSV
	rep, err := h.Supply.ImportSchedules(r.Context(), web.User(r), strings.NewReader(src), up.DryRun)
	for i := range rep.Errors {
		rep.Errors[i].Message = h.t(r, rep.Errors[i].Key)
	}
	if err == nil && len(rep.Errors) > 0 {
		err = kern.Errorf(kern.Invalid, "supply.import_refused", len(rep.Errors))
	}
	if err == nil && rep.Applied {
		h.Kit.Flash(w, "supply.schedule_import_done")
		web.Redirect(w, r, "/supply/calendar")
		return
	}
	h.Kit.RenderForm(w, r, "supply/schedule_import", h.scheduleImportData(&rep, src), url.Values{"csv": {src}}, err)
}
