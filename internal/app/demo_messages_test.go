package app_test

import (
	"strings"
	"testing"

	"kern/internal/app/apptest"
	"kern/internal/db/dbtest"
)

// Every message the demo leaves in the outbox (governance notices, receipts) is complete: no
// message whose arguments went missing.
func TestDemoMessagesAreComplete(t *testing.T) {
	d := dbtest.SQLite(t)
	apptest.Start(t, d)
	rows, err := d.Read.Query(`SELECT subject, body_text FROM outbox`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var subject, body string
		if err := rows.Scan(&subject, &body); err != nil {
			t.Fatal(err)
		}
		n++
		for _, s := range []string{subject, body} {
			if strings.Contains(s, "%!") || strings.Contains(s, "%s") || strings.Contains(s, "%d") {
				t.Errorf("an incomplete message: %q", s)
			}
		}
	}
	if n == 0 {
		t.Fatal("the demo left no message to check")
	}
}
