package db_test

import (
	"testing"

	"kern"
	"kern/internal/db"
)

func TestListNormalize(t *testing.T) {
	sorts := map[string]string{"name": "lower(name), id", "-name": "lower(name) DESC, id DESC"}
	for _, tc := range []struct {
		name string
		in   db.List
		want db.List
		bad  bool
	}{
		{"defaults", db.List{Q: "  Petten "}, db.List{Q: "Petten", Sort: "name", Page: 1, PerPage: 25}, false},
		{"kept", db.List{Sort: "-name", Page: 3, PerPage: 50}, db.List{Sort: "-name", Page: 3, PerPage: 50}, false},
		{"bounded", db.List{Page: -2, PerPage: 5000}, db.List{Sort: "name", Page: 1, PerPage: 200}, false},
		{"unknown sort", db.List{Sort: "id; DROP TABLE x"}, db.List{Sort: "id; DROP TABLE x", Page: 1, PerPage: 25}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			l := tc.in
			err := l.Normalize(sorts, "name")
			if l != tc.want {
				t.Errorf("got %+v, want %+v", l, tc.want)
			}
			if e := kern.AsError(err); tc.bad != (e != nil && e.Fields["sort"] != "") {
				t.Errorf("err %v, want a sort error: %v", err, tc.bad)
			}
		})
	}
}
