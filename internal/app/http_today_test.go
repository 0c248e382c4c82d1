package app_test

import (
	"strings"
	"testing"

	"kern/internal/app/apptest"
	"kern/internal/db/dbtest"
)

// TestTodayShowsWhatNeedsAttention: the coordination office sees the platform's late KPIs,
// overdue actions and the bodies with warnings; a member who manages nothing sees no body's
// warnings and only their own KPIs and actions.
func TestTodayShowsWhatNeedsAttention(t *testing.T) {
	p := apptest.Start(t, dbtest.SQLite(t))
	coord := p.LogIn(t, "coordinatie@kern.example")
	status, body := p.Do(t, coord, "GET", "/today", "", "")
	if status != 200 {
		t.Fatalf("GET /today: %d", status)
	}
	for _, want := range []string{"Operationele stuurgroep", "Leden actief in commissies", `id="today-actions"`, `id="today-meetings"`} {
		if !strings.Contains(body, want) {
			t.Errorf("the coordinator's /today lacks %q", want)
		}
	}
	member := p.LogIn(t, "lid@kern.example")
	status, body = p.Do(t, member, "GET", "/today", "", "")
	if status != 200 {
		t.Fatalf("GET /today as a member: %d", status)
	}
	for _, not := range []string{"Operationele stuurgroep", "Leden actief in commissies"} {
		if strings.Contains(body, not) {
			t.Errorf("a member's /today shows %q, which is not theirs to act on", not)
		}
	}
	if status, _ := p.Do(t, nil, "GET", "/today", "", ""); status != 303 {
		t.Errorf("GET /today without login: %d, want a redirect to the login page", status)
	}
}
