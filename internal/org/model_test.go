package org

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"kern"
	"kern/internal/auth"
)

func validOrg() OrgInput {
	return OrgInput{Kind: "hospital", Group: "care_providers", Name: "Isala", Country: "NL", PETCT: 3}
}

func TestOrgInputValidate(t *testing.T) {
	one := int64(1)
	for _, tc := range []struct {
		name   string
		change func(*OrgInput)
		field  string
		key    string
	}{
		{"a valid hospital", func(*OrgInput) {}, "", ""},
		{"country in lower case is accepted", func(in *OrgInput) { in.Country = "be" }, "", ""},
		{"no name", func(in *OrgInput) { in.Name = "  " }, "name", "field.required"},
		{"unknown kind", func(in *OrgInput) { in.Kind = "castle" }, "kind", "field.unknown_choice"},
		{"unknown stakeholder group", func(in *OrgInput) { in.Group = "bankers" }, "stakeholder_group", "field.unknown_choice"},
		{"unknown country", func(in *OrgInput) { in.Country = "XX" }, "country", "org.country_unknown"},
		{"a region, not a country", func(in *OrgInput) { in.Country = "EU" }, "country", "org.country_unknown"},
		{"negative PET/CT count", func(in *OrgInput) { in.PETCT = -1 }, "pet_ct", "field.invalid_number"},
		{"implausible therapy rooms", func(in *OrgInput) { in.TherapyRooms = 5000 }, "therapy_rooms", "org.count_too_large"},
		{"website without scheme", func(in *OrgInput) { in.Website = "www.isala.nl" }, "website", "org.website_invalid"},
		{"website with script", func(in *OrgInput) { in.Website = "javascript:alert(1)" }, "website", "org.website_invalid"},
		{"department without hospital", func(in *OrgInput) { in.Kind = "department" }, "parent_id", "org.department_needs_parent"},
		{"department with hospital", func(in *OrgInput) { in.Kind = "department"; in.ParentID = &one }, "", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			in := validOrg()
			tc.change(&in)
			err := in.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			e := kern.AsError(err)
			if e == nil || e.Code != kern.Invalid || e.Fields[tc.field] != tc.key {
				t.Fatalf("got %v, want %s on %s", err, tc.key, tc.field)
			}
		})
	}
}

func TestPersonInputValidate(t *testing.T) {
	day := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		name  string
		in    PersonInput
		field string
	}{
		{"a member", PersonInput{GivenName: "Anna", FamilyName: "van Lindeblauw", Email: "Anna@Example.org", MemberCategory: "emeritus", MemberSince: &day}, ""},
		{"no family name", PersonInput{GivenName: "Anna"}, "family_name"},
		{"bad e-mail", PersonInput{GivenName: "A", FamilyName: "B", Email: "anna@"}, "email"},
		{"unknown profession", PersonInput{GivenName: "A", FamilyName: "B", Profession: "astronaut"}, "profession"},
		{"unknown category", PersonInput{GivenName: "A", FamilyName: "B", MemberCategory: "gold"}, "member_category"},
		{"member since without category", PersonInput{GivenName: "A", FamilyName: "B", MemberSince: &day}, "member_since"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.in.Validate()
			if tc.field == "" {
				if err != nil {
					t.Fatal(err)
				}
				if tc.in.Email != "anna@example.org" {
					t.Errorf("e-mail not normalised: %q", tc.in.Email)
				}
				return
			}
			if e := kern.AsError(err); e == nil || e.Fields[tc.field] == "" {
				t.Fatalf("got %v, want an error on %s", err, tc.field)
			}
		})
	}
}

func TestFold(t *testing.T) {
	for in, want := range map[string]string{"Patiëntenfederatie": "patientenfederatie", "Liège": "liege", "ÖSTERREICH": "osterreich", "UMCG": "umcg"} {
		if got := Fold(in); got != want {
			t.Errorf("Fold(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestWhoMaySeeAndEdit(t *testing.T) {
	hospital := int64(10)
	dept := Organization{ID: 11, ParentID: &hospital}
	other := Organization{ID: 20}
	coordinator := &auth.Principal{User: auth.User{Role: auth.Coordinator}}
	orgAdmin := &auth.Principal{User: auth.User{Role: auth.Member}, OrgRoles: map[int64]auth.OrgRole{10: auth.OrgAdmin}}
	orgMember := &auth.Principal{User: auth.User{Role: auth.Member}, OrgRoles: map[int64]auth.OrgRole{10: auth.OrgMember}}
	member := &auth.Principal{User: auth.User{Role: auth.Member}}
	for _, tc := range []struct {
		name                    string
		p                       *auth.Principal
		o                       Organization
		notes, edit, createDept bool
	}{
		{"coordinator, any organisation", coordinator, other, true, true, true},
		{"hospital admin, own department", orgAdmin, dept, true, true, true},
		{"hospital admin, another organisation", orgAdmin, other, false, false, false},
		{"hospital member, own department", orgMember, dept, true, false, false},
		{"member", member, dept, false, false, false},
		{"anonymous", nil, dept, false, false, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CanSeeNotes(tc.p, tc.o); got != tc.notes {
				t.Errorf("CanSeeNotes = %v", got)
			}
			if got := CanEditOrg(tc.p, tc.o); got != tc.edit {
				t.Errorf("CanEditOrg = %v", got)
			}
			if got := CanCreateOrg(tc.p, OrgInput{ParentID: tc.o.ParentID}); got != tc.createDept {
				t.Errorf("CanCreateOrg(department) = %v", got)
			}
		})
	}
	person := Person{Affiliations: []Affiliation{{OrgID: 10}}}
	if !CanSeeEmail(orgAdmin, person) || CanSeeEmail(orgMember, person) || CanSeeEmail(member, person) || !CanSeeEmail(coordinator, person) {
		t.Error("e-mail visibility is wrong")
	}
}

// Searches run concurrently: Fold must give every caller its own answer (a shared transformer
// once panicked under load).
func TestFoldConcurrently(t *testing.T) {
	var wg sync.WaitGroup
	for g := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 2000 {
				in := fmt.Sprintf("Patiënt %d-%d Liège", g, i)
				if got, want := Fold(in), fmt.Sprintf("patient %d-%d liege", g, i); got != want {
					t.Errorf("Fold(%q) = %q", in, got)
					return
				}
			}
		}()
	}
	wg.Wait()
}
