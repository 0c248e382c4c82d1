package app_test

import (
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"kern/internal/app"
	"kern/internal/auth"
	"kern/internal/org"
)

// Every message key that a template or the code names must exist in both languages; a missing one
// would show the raw key to a user. (Both catalogs having the same keys is checked by i18n.Load.)
func TestEveryMessageKeyExists(t *testing.T) {
	cat, err := app.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	inTemplate := regexp.MustCompile(`\.T "([a-z0-9_.-]+)"`)
	inCode := regexp.MustCompile(`"((?:error|field|org|person|affiliation|auth|account|admin|api|mail|home|list|action|nav|lang|opendata|plan|kpi|goal|pillar|challenge|round|rounds|actions|public|opendata|gov|meetings|vacancies|reports|notify|today|supply|outlook|demand|runs|scenarios)\.[a-z0-9_.-]+)"`)
	seen := 0
	root := filepath.Join("..", "..")
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || d.Name() == ".git" || d.Name() == "alloc" || d.Name() == "nuclide") {
			return filepath.SkipDir
		}
		isTemplate := strings.HasSuffix(path, ".html")
		isCode := strings.HasSuffix(path, ".go") && !strings.HasSuffix(path, "_test.go")
		if !isTemplate && !isCode {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		re := inCode
		if isTemplate {
			re = inTemplate
		}
		for _, m := range re.FindAllStringSubmatch(string(b), -1) {
			key := m[1]
			if strings.HasSuffix(key, ".") || strings.HasSuffix(key, ".json") || strings.HasSuffix(key, ".html") {
				continue // a prefix completed at run time, or a file name
			}
			seen++
			if !cat.Has(key) {
				t.Errorf("%s names message %q, which no catalog has", path, key)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if seen < 200 {
		t.Fatalf("only %d keys found: the scan is broken", seen)
	}
	// Keys composed at run time from closed lists.
	var dynamic []string
	for _, k := range org.Kinds {
		dynamic = append(dynamic, "org.kind."+string(k))
	}
	for _, g := range org.Groups {
		dynamic = append(dynamic, "group."+g)
	}
	for _, p := range org.Professions {
		dynamic = append(dynamic, "profession."+p)
	}
	for _, c := range org.MemberCategories {
		dynamic = append(dynamic, "category."+c)
	}
	for _, c := range org.Capabilities {
		dynamic = append(dynamic, "org.capability."+c)
	}
	for _, r := range auth.Roles {
		dynamic = append(dynamic, "role."+string(r))
	}
	for _, k := range []string{"orgrole.org_admin", "orgrole.org_member", "scope.read", "scope.read-write",
		"entity.organization", "entity.person", "entity.user", "entity.session", "entity.api_token"} {
		dynamic = append(dynamic, k)
	}
	for _, k := range dynamic {
		if !cat.Has(k) {
			t.Errorf("composed message %q is missing", k)
		}
	}
}

// Every kind of record the audit log names has a label on the audit page.
func TestEveryAuditedEntityHasALabel(t *testing.T) {
	cat, err := app.Catalog()
	if err != nil {
		t.Fatal(err)
	}
	record := regexp.MustCompile(`audit\.Record\(ctx, q, [^,]+, "[a-z_]+", "([a-z_]+)"`)
	literal := regexp.MustCompile(`edit\(ctx, s, p, "([a-z_]+)"`)
	err = filepath.WalkDir(filepath.Join("..", ".."), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, re := range []*regexp.Regexp{record, literal} {
			for _, m := range re.FindAllStringSubmatch(string(b), -1) {
				if !cat.Has("entity." + m[1]) {
					t.Errorf("%s audits %q, which the audit page cannot name (no entity.%s)", path, m[1], m[1])
				}
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
