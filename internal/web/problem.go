package web

import (
	"encoding/json"
	"net/http"

	"kern"
	"kern/internal/web/i18n"
)

// Problem is an RFC 9457 problem+json body, shaped as huma's so the API answers one way.
type Problem struct {
	Type   string         `json:"type,omitempty"`
	Title  string         `json:"title"`
	Status int            `json:"status"`
	Detail string         `json:"detail,omitempty"`
	Errors []ProblemField `json:"errors,omitempty"`
}

// ProblemField names a field in error: location is "body.<field>" or "query.<param>".
type ProblemField struct {
	Message  string `json:"message"`
	Location string `json:"location"`
	Value    any    `json:"value,omitempty"`
}

// NewProblem translates an application error into a problem body.
func NewProblem(cat *i18n.Catalog, lang i18n.Lang, status int, e *kern.Error) *Problem {
	p := &Problem{Title: http.StatusText(status), Status: status, Detail: cat.T(lang, e.Key, e.Args...)}
	for _, f := range e.FieldNames() {
		p.Errors = append(p.Errors, ProblemField{Message: cat.T(lang, e.Fields[f]), Location: "body." + f})
	}
	return p
}

// WriteProblem writes an application error as problem+json.
func WriteProblem(w http.ResponseWriter, r *http.Request, cat *i18n.Catalog, status int, e *kern.Error) {
	w.Header().Set("Content-Type", "application/problem+json")
	w.Header().Set("Content-Language", string(Lang(r)))
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="kern"`)
	}
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(NewProblem(cat, Lang(r), status, e))
}

// JSON writes v as a JSON response.
func JSON(w http.ResponseWriter, status int, v any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	json.NewEncoder(w).Encode(v)
}
