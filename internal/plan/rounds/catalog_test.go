package rounds

import (
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"kern/internal/org"
	"kern/internal/web/i18n"
)

// Every "round.…" key the code names, and every key composed from a closed list, exists in both
// languages (the app's catalog test covers the templates).
func TestMessageKeysExist(t *testing.T) {
	cat, err := i18n.Load(CatalogFS, org.CatalogFS)
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for _, s := range States {
		keys = append(keys, "round.state."+string(s))
	}
	for _, s := range InvitationStatuses {
		keys = append(keys, "round.invitation."+s)
	}
	files, _ := filepath.Glob("*.go")
	re := regexp.MustCompile(`"(round\.[a-z0-9_.]+[a-z0-9_])"`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			keys = append(keys, m[1])
		}
	}
	for _, k := range keys {
		if !cat.Has(k) {
			t.Errorf("message %q is missing", k)
		}
	}
}
