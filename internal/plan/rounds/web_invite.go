package rounds

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/web"
	"kern/internal/web/i18n"
)

func (h *Web) invitationRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /rounds/{id}/invitations", h.Kit.LoggedIn(h.invitations))
	mux.HandleFunc("GET /rounds/{id}/invitations/export.csv", h.Kit.LoggedIn(h.exportInvitations))
	mux.HandleFunc("POST /rounds/{id}/invitations", h.Kit.LoggedIn(h.invite))
	mux.HandleFunc("POST /rounds/{id}/invitations/{inv}/revoke", h.Kit.LoggedIn(h.revoke))
	mux.HandleFunc("POST /rounds/{id}/invitations/{inv}/resend", h.Kit.LoggedIn(h.resend))
}

func invitationFilterFrom(r *http.Request) InvitationFilter {
	q := r.URL.Query()
	return InvitationFilter{Q: q.Get("q"), Group: q.Get("group"), Status: q.Get("status"), Page: web.QueryInt(r, "page", 1),
		PerPage: web.QueryInt(r, "per_page", 50)}
}

func statusOptions(cat *i18n.Catalog, lang i18n.Lang, blank string) []web.Option {
	out := []web.Option{{Value: "", Label: blank}}
	for _, s := range InvitationStatuses {
		out = append(out, web.Option{Value: s, Label: cat.T(lang, "round.invitation."+s)})
	}
	return out
}

// invitationsPage shows a round's invitations with the form to invite more; values and err are
// those of a refused invitation form.
func (h *Web) invitationsPage(w http.ResponseWriter, r *http.Request, x Round, values url.Values, err error) {
	p := web.User(r)
	f := invitationFilterFrom(r)
	list, total, lerr := h.Rounds.Invitations(r.Context(), p, x.ID, f, false)
	if kern.ErrorCode(lerr) == kern.Invalid {
		f = InvitationFilter{Q: f.Q}
		list, total, lerr = h.Rounds.Invitations(r.Context(), p, x.ID, f, false)
	}
	if lerr != nil {
		h.Kit.Error(w, r, lerr)
		return
	}
	f.Normalize()
	candidates, cerr := h.Rounds.Candidates(r.Context(), p, r.URL.Query().Get("pq"))
	if cerr != nil {
		h.Kit.Error(w, r, cerr)
		return
	}
	rates, rerr := h.Rounds.ResponseRates(r.Context(), p, x.ID)
	if rerr != nil {
		h.Kit.Error(w, r, rerr)
		return
	}
	lang := web.Lang(r)
	all := h.Kit.Catalog.T(lang, "list.all")
	h.Kit.RenderForm(w, r, "rounds/invitations", map[string]any{
		"Round": x, "Items": list, "Total": total, "Filter": f, "Candidates": candidates, "PQ": r.URL.Query().Get("pq"),
		"Rates":   rates,
		"Groups":  groupOptions(h.Kit.Catalog, lang, all),
		"GroupsF": groupOptions(h.Kit.Catalog, lang, h.Kit.Catalog.T(lang, "round.invite.group_from_registry")),
		"Langs": []web.Option{{Value: "nl", Label: h.Kit.Catalog.T(lang, "round.lang.nl")},
			{Value: "en", Label: h.Kit.Catalog.T(lang, "round.lang.en")}},
		"Statuses": statusOptions(h.Kit.Catalog, lang, all),
		"Export":   "/rounds/" + itoa(x.ID) + "/invitations/export.csv?" + r.URL.RawQuery,
		"Frozen":   x.State == Closed,
	}, values, err)
}

func (h *Web) invitations(w http.ResponseWriter, r *http.Request) {
	x, ok := h.roundOf(w, r)
	if !ok {
		return
	}
	h.invitationsPage(w, r, x, nil, nil)
}

func (h *Web) exportInvitations(w http.ResponseWriter, r *http.Request) {
	x, ok := h.roundOf(w, r)
	if !ok {
		return
	}
	list, _, err := h.Rounds.Invitations(r.Context(), web.User(r), x.ID, invitationFilterFrom(r), true)
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	when := func(t *time.Time) string {
		if t == nil {
			return ""
		}
		return t.UTC().Format(time.RFC3339)
	}
	rows := make([][]string, len(list))
	for i, v := range list {
		person := ""
		if v.PersonID != nil {
			person = itoa(*v.PersonID)
		}
		rows[i] = []string{itoa(v.ID), v.Name, v.Email, person, v.Group, v.Lang, v.Status, when(v.SentAt), when(v.AnsweredAt), when(v.RevokedAt)}
	}
	web.CSV(w, "round-"+itoa(x.ID)+"-invitations.csv", []string{"id", "name", "email", "person_id", "stakeholder_group",
		"lang", "status", "sent_at", "answered_at", "revoked_at"}, rows)
}

// parseInviteForm reads the people chosen from the registry and the pasted addresses (one per
// line, or separated by commas or semicolons); the group and language of the form apply to all.
func parseInviteForm(r *http.Request) ([]Invitee, url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return nil, nil, err
	}
	f := r.PostForm
	group, lang := f.Get("stakeholder_group"), f.Get("lang")
	var out []Invitee
	for _, s := range f["person_id"] {
		if id, err := strconv.ParseInt(s, 10, 64); err == nil && id > 0 {
			out = append(out, Invitee{PersonID: id, Group: group, Lang: lang})
		}
	}
	for _, e := range strings.FieldsFunc(f.Get("emails"), func(r rune) bool {
		return r == '\n' || r == '\r' || r == ',' || r == ';' || r == ' ' || r == '\t'
	}) {
		out = append(out, Invitee{Email: e, Group: group, Lang: lang})
	}
	return out, f, nil
}

// formFieldOf maps an error about invitees[i].field to the form's field.
func formFieldOf(err error) error {
	e := kern.AsError(err)
	if e == nil || e.Code != kern.Invalid {
		return err
	}
	out := &kern.Error{Code: e.Code, Key: e.Key, Args: e.Args, Fields: map[string]string{}}
	for f, key := range e.Fields {
		switch {
		case strings.HasSuffix(f, ".stakeholder_group"):
			out.Fields["stakeholder_group"] = key
		case strings.HasSuffix(f, ".lang"):
			out.Fields["lang"] = key
		default:
			out.Fields["emails"] = key
		}
	}
	return out
}

func (h *Web) invite(w http.ResponseWriter, r *http.Request) {
	x, ok := h.roundOf(w, r)
	if !ok {
		return
	}
	in, values, err := parseInviteForm(r)
	var created []Invitation
	skipped := 0
	if err == nil {
		created, skipped, err = h.Rounds.Invite(r.Context(), web.User(r), x.ID, in)
	}
	if err != nil {
		h.invitationsPage(w, r, x, values, formFieldOf(err))
		return
	}
	flash := "round.invited_done"
	if skipped > 0 {
		flash = "round.invited_some_skipped"
	}
	if len(created) == 0 {
		flash = "round.invited_none"
	}
	h.Kit.Flash(w, flash)
	web.Redirect(w, r, "/rounds/"+itoa(x.ID)+"/invitations")
}

func (h *Web) changeInvitation(w http.ResponseWriter, r *http.Request, flash string,
	do func(roundID, id int64) (Invitation, error)) {
	roundID, err := web.ID(r, "id")
	var id int64
	if err == nil {
		id, err = web.ID(r, "inv")
	}
	if err == nil {
		_, err = do(roundID, id)
	}
	if err != nil {
		h.Kit.Error(w, r, err)
		return
	}
	h.Kit.Flash(w, flash)
	web.Redirect(w, r, "/rounds/"+itoa(roundID)+"/invitations")
}

func (h *Web) revoke(w http.ResponseWriter, r *http.Request) {
	h.changeInvitation(w, r, "round.invitation_revoked_now", func(roundID, id int64) (Invitation, error) {
		return h.Rounds.RevokeInvitation(r.Context(), web.User(r), roundID, id)
	})
}

func (h *Web) resend(w http.ResponseWriter, r *http.Request) {
	h.changeInvitation(w, r, "round.invitation_resent", func(roundID, id int64) (Invitation, error) {
		return h.Rounds.ResendInvitation(r.Context(), web.User(r), roundID, id)
	})
}
