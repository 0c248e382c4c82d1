package db

import (
	"strings"

	"kern"
)

// List is the search, sort and page of a list page or API list operation.
type List struct {
	Q       string
	Sort    string
	Page    int
	PerPage int
}

// Normalize trims the search, refuses a sort not in sorts (the field "sort"; only the map's
// values reach the SQL), fills defaultSort, and bounds the page: 25 rows by default, 200 at most.
func (l *List) Normalize(sorts map[string]string, defaultSort string) error {
	var v kern.Validation
	if _, ok := sorts[l.Sort]; !ok && l.Sort != "" {
		v.Add("sort", "field.unknown_choice")
	}
	l.Q = strings.TrimSpace(l.Q)
	if l.Sort == "" {
		l.Sort = defaultSort
	}
	if l.Page < 1 {
		l.Page = 1
	}
	if l.PerPage < 1 {
		l.PerPage = 25
	}
	l.PerPage = min(l.PerPage, 200)
	return v.Err()
}
