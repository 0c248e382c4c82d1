package web

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"kern"
	"kern/internal/web/i18n"
)

// Options labels codes with the messages prefix+code, after a blank choice when blank is set:
// the options of a select over a closed list.
func Options(cat *i18n.Catalog, lang i18n.Lang, prefix, blank string, codes []string) []Option {
	var out []Option
	if blank != "" {
		out = append(out, Option{Value: "", Label: blank})
	}
	for _, c := range codes {
		out = append(out, Option{Value: c, Label: cat.T(lang, prefix+c)})
	}
	return out
}

// FormID reads an optional id field (a picker); a value that is not a positive number is the
// field error key.
func FormID(v *kern.Validation, f url.Values, name, key string) *int64 {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return nil
	}
	id, err := strconv.ParseInt(s, 10, 64)
	if !v.Check(err == nil && id > 0, name, key) {
		return nil
	}
	return &id
}

// FormDate reads an optional yyyy-mm-dd field (a date input).
func FormDate(v *kern.Validation, f url.Values, name string) *time.Time {
	s := strings.TrimSpace(f.Get(name))
	if s == "" {
		return nil
	}
	t, err := time.Parse(time.DateOnly, s)
	if !v.Check(err == nil, name, "field.invalid_date") {
		return nil
	}
	return &t
}

// MergeErrors adds err's field errors to the form's own (which win on the same field), so a
// page shows every problem at once; an error that is not about fields is returned as it is.
func MergeErrors(v *kern.Validation, err error) error {
	if e := kern.AsError(err); e != nil && e.Code == kern.Invalid {
		for f, k := range e.Fields {
			if !v.Has(f) {
				v.Add(f, k)
			}
		}
		return v.Err()
	}
	if err != nil {
		return err
	}
	return v.Err()
}
