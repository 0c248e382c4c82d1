package web

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Amsterdam on machines without a zoneinfo database

	"kern"
	"kern/internal/audit"
	"kern/internal/auth"
	"kern/internal/web/i18n"
)

//go:embed templates
var layoutFS embed.FS

// Amsterdam is the time zone every time is shown in.
var Amsterdam, _ = time.LoadLocation("Europe/Amsterdam")

type pageTemplate struct {
	t        *template.Template
	partials bool // defines "results", rendered alone for htmx requests
}

var funcs = template.FuncMap{
	"add":       func(a, b int) int { return a + b },
	"hasPrefix": strings.HasPrefix,
	"join":      strings.Join,
	// dict passes several values to a shared template: (dict "Page" $ "Items" .Items).
	"dict": func(kv ...any) map[string]any {
		m := map[string]any{}
		for i := 0; i+1 < len(kv); i += 2 {
			if k, ok := kv[i].(string); ok {
				m[k] = kv[i+1]
			}
		}
		return m
	},
	"deref": func(p *time.Time) time.Time {
		if p == nil {
			return time.Time{}
		}
		return *p
	},
}

// Parse registers every *.html page under dir of fsys as "<prefix>/<name>", each parsed together
// with the layout so it fills the layout's "content" block.
func (k *Kit) Parse(prefix string, fsys fs.FS, dir string) error {
	base, err := template.New("layout").Funcs(funcs).ParseFS(layoutFS, "templates/layout/*.html")
	if err != nil {
		return fmt.Errorf("parse layout: %w", err)
	}
	// Files whose names start with "_" hold templates the capability's pages share.
	if shared, _ := fs.Glob(fsys, dir+"/_*.html"); len(shared) > 0 {
		if base, err = base.ParseFS(fsys, shared...); err != nil {
			return fmt.Errorf("parse %s: %w", shared, err)
		}
	}
	files, err := fs.Glob(fsys, dir+"/*.html")
	if err != nil {
		return err
	}
	for _, f := range files {
		if strings.HasPrefix(path.Base(f), "_") {
			continue
		}
		t, err := template.Must(base.Clone()).ParseFS(fsys, f)
		if err != nil {
			return fmt.Errorf("parse %s: %w", f, err)
		}
		name := strings.TrimSuffix(path.Base(f), ".html")
		if prefix != "" {
			name = prefix + "/" + name
		}
		k.pages[name] = &pageTemplate{t: t, partials: t.Lookup("results") != nil}
	}
	return nil
}

// Page is what every template gets.
type Page struct {
	Lang      i18n.Lang
	User      *auth.Principal
	Flash     string
	Path      string
	Query     url.Values
	Form      *Form
	Data      any
	RequestID string
	Status    int
	kit       *Kit
}

// T translates a message key.
func (p *Page) T(key string, args ...any) string { return p.kit.Catalog.T(p.Lang, key, args...) }

// Asset is the content-hashed URL of a static file.
func (p *Page) Asset(name string) string { return p.kit.assets.url(name) }

// Date shows a day, Dutch style in Dutch.
func (p *Page) Date(t any) string {
	tm, ok := asTime(t)
	if !ok {
		return ""
	}
	if p.Lang == i18n.NL {
		return tm.Format("02-01-2006")
	}
	return tm.Format("2006-01-02")
}

// DateTime shows an instant in Amsterdam time.
func (p *Page) DateTime(t any) string {
	tm, ok := asTime(t)
	if !ok {
		return ""
	}
	tm = tm.In(Amsterdam)
	if p.Lang == i18n.NL {
		return tm.Format("02-01-2006 15:04")
	}
	return tm.Format("2006-01-02 15:04")
}

func asTime(v any) (time.Time, bool) {
	switch t := v.(type) {
	case time.Time:
		return t, !t.IsZero()
	case *time.Time:
		if t == nil {
			return time.Time{}, false
		}
		return *t, !t.IsZero()
	}
	return time.Time{}, false
}

// URLWith is the current page's URL with some query parameters replaced (pairs of name, value);
// changing anything but the page number goes back to page 1.
func (p *Page) URLWith(pairs ...any) string {
	q := url.Values{}
	for k, v := range p.Query {
		q[k] = v
	}
	resetPage := true
	for i := 0; i+1 < len(pairs); i += 2 {
		name := fmt.Sprint(pairs[i])
		if name == "page" {
			resetPage = false
		}
		q.Set(name, fmt.Sprint(pairs[i+1]))
	}
	if resetPage {
		q.Del("page")
	}
	if s := q.Encode(); s != "" {
		return p.Path + "?" + s
	}
	return p.Path
}

// Q returns a query parameter of the current request.
func (p *Page) Q(name string) string { return p.Query.Get(name) }

// Render writes the page template name with data. An htmx request for a page that defines
// "results" gets only that block.
func (k *Kit) Render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	k.render(w, r, status, name, k.newPage(r, data, nil))
}

func (k *Kit) newPage(r *http.Request, data any, form *Form) *Page {
	p := &Page{Lang: Lang(r), User: User(r), Path: r.URL.Path, Query: r.URL.Query(), Data: data, Form: form,
		RequestID: audit.RequestID(r.Context()), kit: k}
	if key, ok := r.Context().Value(flashKey).(string); ok {
		p.Flash = k.Catalog.T(p.Lang, key)
	}
	return p
}

func (k *Kit) render(w http.ResponseWriter, r *http.Request, status int, name string, p *Page) {
	pt, ok := k.pages[name]
	if !ok {
		k.Error(w, r, fmt.Errorf("no template %q", name))
		return
	}
	p.Status = status
	block := "layout"
	if pt.partials && r.Header.Get("HX-Request") == "true" && r.Header.Get("HX-Target") == "results" {
		block = "results"
	}
	var buf bytes.Buffer
	if err := pt.t.ExecuteTemplate(&buf, block, p); err != nil {
		k.Log.Error("render", "template", name, "request_id", p.RequestID, "err", err)
		if name != "error" {
			k.Error(w, r, err)
		}
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.Header().Set("Content-Language", string(p.Lang))
	w.WriteHeader(status)
	w.Write(buf.Bytes())
}

var errCrossOrigin = kern.Errorf(kern.Forbidden, "error.cross_origin")

// Error answers with an error page in the user's language. Application errors show their own
// message; anything else is logged with the request id and shown as "something went wrong".
func (k *Kit) Error(w http.ResponseWriter, r *http.Request, err error) {
	e := kern.AsError(err)
	if e == nil || e.Code == kern.Internal {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			e = kern.Errorf(kern.Invalid, "error.too_large")
		} else {
			k.Log.Error("internal error", "request_id", audit.RequestID(r.Context()), "method", r.Method, "path", r.URL.Path, "err", err)
			e = kern.Errorf(kern.Internal, "error.internal")
		}
	}
	status := Status(e.Code)
	if e.Key == "error.too_large" {
		status = http.StatusRequestEntityTooLarge
	}
	if strings.HasPrefix(r.URL.Path, "/api/") {
		WriteProblem(w, r, k.Catalog, status, e)
		return
	}
	if e.Code == kern.Unauthorized && r.Method == http.MethodGet && User(r) == nil {
		http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p := k.newPage(r, map[string]any{"Status": status, "Message": k.Catalog.T(Lang(r), e.Key, e.Args...)}, nil)
	k.render(w, r, status, "error", p)
}

// NotFound is the page for an unknown path.
func (k *Kit) NotFound(w http.ResponseWriter, r *http.Request) {
	k.Error(w, r, kern.Errorf(kern.NotFound, "error.not_found"))
}

// Form is a submitted form being shown again, with its values and the errors next to its fields.
type Form struct {
	Values  url.Values
	Errors  map[string]string // field → translated message
	Message string            // translated message about the whole form
}

// Get returns the submitted value of a field.
func (f *Form) Get(name string) string {
	if f == nil {
		return ""
	}
	return f.Values.Get(name)
}

// Error returns the message for a field, or "".
func (f *Form) Error(name string) string {
	if f == nil {
		return ""
	}
	return f.Errors[name]
}

// RenderForm shows a form page: with no error, as it is; with an Invalid error, again with the
// submitted values and each field's message, status 422; with any other error, the error page
// (or, for Conflict and TooMany, the form with the message on top).
func (k *Kit) RenderForm(w http.ResponseWriter, r *http.Request, name string, data any, values url.Values, err error) {
	form := &Form{Values: values, Errors: map[string]string{}}
	status := http.StatusOK
	if err != nil {
		e := kern.AsError(err)
		switch {
		case e != nil && e.Code == kern.Invalid:
			lang := Lang(r)
			for f, key := range e.Fields {
				form.Errors[f] = k.Catalog.T(lang, key)
			}
			form.Message = k.Catalog.T(lang, e.Key, e.Args...)
			status = http.StatusUnprocessableEntity
		case e != nil && (e.Code == kern.Conflict || e.Code == kern.TooMany || e.Code == kern.Unauthorized):
			form.Message = k.Catalog.T(Lang(r), e.Key, e.Args...)
			status = Status(e.Code)
		default:
			k.Error(w, r, err)
			return
		}
	}
	k.render(w, r, status, name, k.newPage(r, data, form))
}

// Field is one form field as a template shows it.
type Field struct {
	Name, Label, Type, Value, Error, Hint string
	Required                              bool
	Options                               []Option
}

// Option is a choice of a select field.
type Option struct {
	Value, Label string
	Selected     bool
}

// Field builds an input for the form on this page; value is the stored value, replaced by the
// submitted one when the form is shown again.
func (p *Page) Field(name, labelKey, typ string, value any, required bool) Field {
	v := ""
	switch x := value.(type) {
	case nil:
	case *int64:
		if x != nil {
			v = strconv.FormatInt(*x, 10)
		}
	default:
		v = fmt.Sprint(value)
	}
	if p.Form != nil && p.Form.Values != nil {
		v = p.Form.Get(name)
	}
	return Field{Name: name, Label: p.T(labelKey), Type: typ, Value: v, Error: p.Form.Error(name), Required: required}
}

// Select builds a select field whose options are (value, label key) pairs; an empty first value
// is the "none" choice.
func (p *Page) Select(name, labelKey string, value any, required bool, options []Option) Field {
	f := p.Field(name, labelKey, "select", value, required)
	for _, o := range options {
		o.Selected = o.Value == f.Value
		f.Options = append(f.Options, o)
	}
	return f
}

// Int formats a number for the page's language.
func (p *Page) Int(n int) string {
	s := strconv.Itoa(n)
	if n < 1000 && n > -1000 {
		return s
	}
	sep := ","
	if p.Lang == i18n.NL {
		sep = "."
	}
	var out []byte
	for i, c := range []byte(s) {
		if i > 0 && (len(s)-i)%3 == 0 && s[i-1] != '-' {
			out = append(out, sep...)
		}
		out = append(out, c)
	}
	return string(out)
}

// PagerView is what the "pager" template shows.
type PagerView struct {
	Page           *Page
	Current, Pages int
}

// Pager describes page current of a list of total items, perPage at a time.
func (p *Page) Pager(total, current, perPage int) PagerView {
	pages := (total + perPage - 1) / perPage
	return PagerView{Page: p, Current: current, Pages: pages}
}

// Date8601 is a day as an HTML date input wants it.
func (p *Page) Date8601(t any) string {
	tm, ok := asTime(t)
	if !ok {
		return ""
	}
	return tm.Format("2006-01-02")
}

// Results says how many items a list holds, singular or plural.
func (p *Page) Results(n int) string {
	if n == 1 {
		return p.T("list.result_one")
	}
	return p.T("list.results", n)
}

// WithHint adds a line of help under the field's label, read out by screen readers with the field.
func (f Field) WithHint(hint string) Field {
	f.Hint = hint
	return f
}

// JSON shows stored JSON indented, for the audit log.
func (p *Page) JSON(s string) string {
	var buf bytes.Buffer
	if err := json.Indent(&buf, []byte(s), "", "  "); err != nil {
		return s
	}
	return buf.String()
}

// Num formats a measured value for the page's language: thousands separated, at most two
// decimals, no trailing zeros ("12.500" and "3,5" in Dutch; "12,500" and "3.5" in English).
func (p *Page) Num(v any) string {
	var f float64
	switch x := v.(type) {
	case float64:
		f = x
	case *float64:
		if x == nil {
			return ""
		}
		f = *x
	case int:
		f = float64(x)
	default:
		return fmt.Sprint(v)
	}
	neg := f < 0
	if neg {
		f = -f
	}
	s := strconv.FormatFloat(f, 'f', 2, 64)
	whole, frac, _ := strings.Cut(s, ".")
	frac = strings.TrimRight(frac, "0")
	n, _ := strconv.Atoi(whole)
	out := p.Int(n)
	if frac != "" {
		if p.Lang == i18n.NL {
			out += "," + frac
		} else {
			out += "." + frac
		}
	}
	if neg && (n != 0 || frac != "") {
		out = "-" + out
	}
	return out
}
