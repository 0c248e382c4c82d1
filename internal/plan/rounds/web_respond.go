package rounds

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"kern"
	"kern/internal/web"
)

// The personal link: GET /r/{token} shows the questionnaire, POST /r/{token} saves the answers.
// No account is needed; the token is the credential, so the request log cuts /r/ paths and the
// page is never cached.

// refused shows why a link cannot take an answer, in the respondent's language, with the status
// that fits: 404 for an unknown link, 409 for one revoked or used or a round that is not open.
func (h *Web) refused(w http.ResponseWriter, r *http.Request, x Round, err error) {
	e := kern.AsError(err)
	if e == nil || (e.Code != kern.NotFound && e.Code != kern.Conflict) {
		h.Kit.Error(w, withoutToken(r), err) // an internal error is logged with the path
		return
	}
	h.Kit.Render(w, r, web.Status(e.Code), "rounds/respond_refused", map[string]any{
		"Round": x, "Message": h.Kit.Catalog.T(web.Lang(r), e.Key), "Key": e.Key})
}

func (h *Web) questionnaire(w http.ResponseWriter, r *http.Request) {
	q, err := h.Rounds.Questionnaire(r.Context(), r.PathValue("token"))
	if err != nil {
		h.refused(w, r, q.Round, err)
		return
	}
	h.Kit.RenderForm(w, r, "rounds/respond", map[string]any{"Q": q, "Token": r.PathValue("token"), "Scale": scale}, nil, nil)
}

// parseAnswers reads impact_<id>, urgency_<id> and comment_<id> for each challenge of the round.
// A challenge with neither score is skipped; one with only one score, or a score that is not a
// number, is a field error.
func parseAnswers(r *http.Request, challenges []ChallengeRef) ([]Answer, url.Values, error) {
	if err := r.ParseForm(); err != nil {
		return nil, nil, err
	}
	f := r.PostForm
	var v kern.Validation
	var out []Answer
	for _, c := range challenges {
		suffix := fieldSuffix(c.ID)
		is, us := strings.TrimSpace(f.Get("impact"+suffix)), strings.TrimSpace(f.Get("urgency"+suffix))
		comment := f.Get("comment" + suffix)
		if is == "" && us == "" {
			if strings.TrimSpace(comment) != "" {
				v.Add("impact"+suffix, "round.score_both")
			}
			continue
		}
		score := func(name, s string) int {
			if s == "" {
				v.Add(name+suffix, "round.score_both")
				return 0
			}
			n, err := strconv.Atoi(s)
			v.Check(err == nil && ValidScore(n), name+suffix, "round.score_range")
			return n
		}
		out = append(out, Answer{ChallengeID: c.ID, Impact: score("impact", is), Urgency: score("urgency", us), Comment: comment})
	}
	return out, f, v.Err()
}

func (h *Web) answer(w http.ResponseWriter, r *http.Request) {
	token := r.PathValue("token")
	q, err := h.Rounds.Questionnaire(r.Context(), token)
	if err != nil {
		h.refused(w, r, q.Round, err)
		return
	}
	answers, values, err := parseAnswers(r, q.Round.Challenges)
	if err == nil {
		err = h.Rounds.Answer(r.Context(), token, answers)
	}
	if e := kern.AsError(err); e != nil && e.Code == kern.Invalid {
		h.Kit.RenderForm(w, r, "rounds/respond", map[string]any{"Q": q, "Token": token, "Scale": scale}, values, err)
		return
	}
	if err != nil {
		h.refused(w, r, q.Round, err)
		return
	}
	h.Kit.Render(w, r, http.StatusOK, "rounds/respond_done", map[string]any{"Round": q.Round})
}

// withoutToken is r with the token cut from its path, for anything that logs the path.
func withoutToken(r *http.Request) *http.Request {
	r2 := r.Clone(r.Context())
	r2.URL.Path = "/r/…"
	return r2
}

// scale is the 1–5 scale of impact and urgency, for the radio buttons.
var scale = []int{1, 2, 3, 4, 5}
