package demo

import (
	"strings"
	"testing"
)

func TestOrganisationsFixture(t *testing.T) {
	kinds := map[string]bool{
		"hospital": true, "department": true, "producer": true, "company": true, "government": true,
		"research": true, "patient_org": true, "society": true, "insurer": true, "other": true,
	}
	groups := map[string]bool{
		"companies": true, "governments": true, "researchers": true, "isotope_production": true,
		"care_providers": true, "patient_organisations": true,
	}

	seen := make(map[string]int, len(organisations))
	dutchHospitals := 0
	for i, o := range organisations {
		if o.ShortName == "" || o.Name == "" {
			t.Errorf("#%d: empty Name or ShortName: %+v", i, o)
		}
		if j, dup := seen[o.ShortName]; dup {
			t.Errorf("#%d %s: ShortName already used by #%d", i, o.ShortName, j)
		}
		if o.Parent != "" {
			if _, earlier := seen[o.Parent]; !earlier {
				t.Errorf("#%d %s: Parent %q is not an earlier ShortName", i, o.ShortName, o.Parent)
			}
			if o.Parent == o.ShortName {
				t.Errorf("#%d %s: is its own parent", i, o.ShortName)
			}
		}
		seen[o.ShortName] = i

		if !kinds[o.Kind] {
			t.Errorf("#%d %s: Kind %q not allowed", i, o.ShortName, o.Kind)
		}
		if !groups[o.Group] {
			t.Errorf("#%d %s: Group %q not allowed", i, o.ShortName, o.Group)
		}
		if len(o.Country) != 2 || o.Country[0] < 'A' || o.Country[0] > 'Z' || o.Country[1] < 'A' || o.Country[1] > 'Z' {
			t.Errorf("#%d %s: Country %q is not two upper-case letters", i, o.ShortName, o.Country)
		}
		if o.PETCT < 0 || o.SPECTCT < 0 || o.TherapyRooms < 0 {
			t.Errorf("#%d %s: negative capability count", i, o.ShortName)
		}
		if o.Website != "" && !strings.HasPrefix(o.Website, "https://") {
			t.Errorf("#%d %s: Website %q does not start with https://", i, o.ShortName, o.Website)
		}
		if o.Kind == "department" && o.Parent == "" {
			t.Errorf("#%d %s: department without parent", i, o.ShortName)
		}
		if o.Kind == "hospital" && o.Country == "NL" {
			dutchHospitals++
		}
	}

	if dutchHospitals < 32 {
		t.Errorf("only %d Dutch hospitals, want at least 32", dutchHospitals)
	}
	if n := len(organisations); n < 90 || n > 130 {
		t.Errorf("%d organisations, want 90..130", n)
	}

	// The seven NFU university medical centres.
	for _, umc := range []string{"AmsterdamUMC", "ErasmusMC", "LUMC", "MUMC", "Radboudumc", "UMCG", "UMCU"} {
		i, ok := seen[umc]
		if !ok {
			t.Errorf("UMC %s missing", umc)
			continue
		}
		if o := organisations[i]; o.Kind != "hospital" || o.Country != "NL" {
			t.Errorf("UMC %s: kind %q country %q", umc, o.Kind, o.Country)
		}
	}

	// Organisations the policy plan names as external stakeholders.
	for _, sn := range []string{"NVNG", "VWS", "NZa", "ZN", "PFN", "FMS", "NFU", "STZ", "NVZ", "EANM"} {
		if _, ok := seen[sn]; !ok {
			t.Errorf("stakeholder %s missing", sn)
		}
	}

	departments := 0
	for _, o := range organisations {
		if o.Kind == "department" {
			departments++
		}
	}
	if departments < 4 {
		t.Errorf("only %d departments, want at least 4", departments)
	}
}
