package supply

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kern"
	"kern/internal/web"
)

// feedRows is how many upstream rows the form offers.
const feedRows = 4

func formFeedField(i int, field string) string {
	if field == "upstream_id" {
		return fmt.Sprintf("upstream_%d", i)
	}
	return fmt.Sprintf("share_%d", i)
}

// feedsFormValues fills the form from the stored feeds, shares in percent.
func feedsFormValues(feeds []Feed) url.Values {
	v := url.Values{}
	for i, f := range feeds {
		v.Set(fmt.Sprintf("upstream_%d", i), strconv.FormatInt(f.UpstreamID, 10))
		v.Set(fmt.Sprintf("share_%d", i), strconv.FormatFloat(f.Share*100, 'f', -1, 64))
	}
	return v
}

func (h *Web) feedsFormData(r *http.Request, f Facility, values url.Values) (map[string]any, error) {
	choices, err := h.Supply.UpstreamChoices(r.Context(), web.User(r), f.ID)
	if err != nil {
		return nil, err
	}
	options := []web.Option{{Value: "", Label: h.t(r, "supply.feed.none")}}
	for _, c := range choices {
		options = append(options, web.Option{Value: strconv.FormatInt(c.ID, 10), Label: c.Name + " (" + c.Site + ")"})
	}
	type row struct{ Upstream, Share, UpstreamValue, ShareValue string }
	var rows []row
	for i := 0; i < feedRows; i++ {
		rows = append(rows, row{Upstream: formFeedField(i, "upstream_id"), Share: formFeedField(i, "share"),
			UpstreamValue: values.Get(formFeedField(i, "upstream_id")), ShareValue: values.Get(formFeedField(i, "share"))})
	}
	return map[string]any{"Facility": f, "Options": options, "Rows": rows}, nil
}

func (h *Web) editFeeds(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	id, err := web.ID(r, "id")
	var f Facility
	var feeds []Feed
	if err == nil {
		f, err = h.Supply.EditableFacility(r.Context(), p, id)
	}
	if err == nil {
		feeds, err = h.Supply.Feeds(r.Context(), p, id)
	}
	var data map[string]any
	if err == nil {
		data, err = h.feedsFormData(r, f, feedsFormValues(feeds))
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.RenderForm(w, r, "supply/feeds_form", data, nil, nil)
}

// parseFeedsForm reads the rows that name an upstream facility; shares are typed in percent.
func parseFeedsForm(r *http.Request) ([]FeedInput, error) {
	if err := r.ParseForm(); err != nil {
		return nil, err
	}
	var v kern.Validation
	var in []FeedInput
	for i := 0; i < feedRows; i++ {
		up, share := strings.TrimSpace(r.PostForm.Get(formFeedField(i, "upstream_id"))), strings.TrimSpace(r.PostForm.Get(formFeedField(i, "share")))
		if up == "" && share == "" {
			continue
		}
		fi := FeedInput{}
		id, err := strconv.ParseInt(up, 10, 64)
		if !v.Check(err == nil && id > 0, formFeedField(i, "upstream_id"), "supply.upstream_unknown") {
			continue
		}
		fi.UpstreamID = id
		pct, err := strconv.ParseFloat(strings.Replace(share, ",", ".", 1), 64)
		if !v.Check(err == nil, formFeedField(i, "share"), "supply.feed_share") {
			continue
		}
		fi.Share = pct / 100
		in = append(in, fi)
	}
	return in, v.Err()
}

func (h *Web) updateFeeds(w http.ResponseWriter, r *http.Request) {
	p := web.User(r)
	id, err := web.ID(r, "id")
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	f, err := h.Supply.EditableFacility(r.Context(), p, id)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	in, err := parseFeedsForm(r)
	if err == nil {
		// Rows are renumbered when blanks are skipped; name errors after the rows as typed.
		_, err = h.Supply.SetFeeds(r.Context(), p, id, in, h.feedFieldOfTypedRow(r))
	}
	if err != nil {
		data, derr := h.feedsFormData(r, f, r.PostForm)
		if derr != nil {
			h.Kit.Error(w, r, derr)
			return
		}
		h.Kit.RenderForm(w, r, "supply/feeds_form", data, r.PostForm, err)
		return
	}
	h.Kit.Flash(w, "supply.feeds_saved")
	web.Redirect(w, r, "/supply/facilities/"+strconv.FormatInt(id, 10))
}

// feedFieldOfTypedRow maps the index of a filled row to the form row it was typed in.
func (h *Web) feedFieldOfTypedRow(r *http.Request) FeedField {
	var typed []int
	for i := 0; i < feedRows; i++ {
		if strings.TrimSpace(r.PostForm.Get(formFeedField(i, "upstream_id"))) != "" || strings.TrimSpace(r.PostForm.Get(formFeedField(i, "share"))) != "" {
			typed = append(typed, i)
		}
	}
	return func(i int, field string) string {
		if i < len(typed) {
			return formFeedField(typed[i], field)
		}
		return formFeedField(i, field)
	}
}
