// Package org is the ecosystem registry: the organisations of Dutch and Belgian nuclear medicine —
// hospitals and their departments, isotope producers, companies, government bodies, research
// institutes, patient organisations, societies, insurers — each in one of the six stakeholder
// groups of the co-creation model, and the people in them with their professions, affiliations
// and membership of the society.
package org

import (
	"net/url"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/language"
	"golang.org/x/text/language/display"
	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"kern"
	"kern/internal/auth"
	"kern/internal/web/i18n"
)

// Kind is what sort of organisation it is.
type Kind string

// Kinds lists the kinds of organisation.
var Kinds = []Kind{"hospital", "department", "producer", "company", "government", "research", "patient_org",
	"society", "insurer", "other"}

// Groups are the six stakeholder groups of the co-creation model.
var Groups = []string{"companies", "governments", "researchers", "isotope_production", "care_providers", "patient_organisations"}

// Professions of people in the ecosystem.
var Professions = []string{"nuclear_medicine_physician", "nuclear_radiologist", "hospital_pharmacist", "clinical_physicist",
	"clinical_radiochemist", "radiologist", "resident", "technical_physician", "other"}

// MemberCategories are the society's member categories (policy plan, Appendix 1).
var MemberCategories = []string{"a_nuclear_medicine_physician", "a_nuclear_radiologist", "b_hospital_pharmacist",
	"b_clinical_physicist", "b_clinical_radiochemist", "b_radiologist", "junior_a_resident_nm", "junior_b_resident_radiology",
	"extraordinary", "emeritus", "honorary"}

// Organization is one organisation of the ecosystem.
type Organization struct {
	ID           int64     `json:"id"`
	Kind         Kind      `json:"kind"`
	Group        string    `json:"stakeholder_group"`
	Name         string    `json:"name"`
	ShortName    string    `json:"short_name"`
	City         string    `json:"city"`
	Country      string    `json:"country"`
	Website      string    `json:"website"`
	ParentID     *int64    `json:"parent_id"`
	ParentName   string    `json:"parent_name,omitempty"`
	Hotlab       bool      `json:"hotlab"`
	Cyclotron    bool      `json:"cyclotron"`
	PETCT        int       `json:"pet_ct"`
	SPECTCT      int       `json:"spect_ct"`
	TherapyRooms int       `json:"therapy_rooms"`
	Notes        string    `json:"notes,omitempty"` // internal: members of the organisation and the coordination office only
	CreatedAt    time.Time `json:"created_at"`
	UpdatedAt    time.Time `json:"updated_at"`
}

// OrgInput is what creating or editing an organisation takes.
type OrgInput struct {
	Kind         Kind
	Group        string
	Name         string
	ShortName    string
	City         string
	Country      string
	Website      string
	ParentID     *int64
	Hotlab       bool
	Cyclotron    bool
	PETCT        int
	SPECTCT      int
	TherapyRooms int
	Notes        string
}

// MaxCount bounds the equipment counts: no department has a thousand scanners.
const MaxCount = 999

// Validate checks the input on its own; the parent is checked against the database by the service.
func (in *OrgInput) Validate() error {
	var v kern.Validation
	in.Name, in.ShortName, in.City = strings.TrimSpace(in.Name), strings.TrimSpace(in.ShortName), strings.TrimSpace(in.City)
	in.Website, in.Notes = strings.TrimSpace(in.Website), strings.TrimSpace(in.Notes)
	in.Country = strings.ToUpper(strings.TrimSpace(in.Country))
	v.Check(in.Name != "", "name", "field.required")
	v.Check(len(in.Name) <= 200, "name", "field.too_long")
	v.Check(len(in.ShortName) <= 40, "short_name", "field.too_long")
	v.Check(len(in.City) <= 100, "city", "field.too_long")
	v.Check(len(in.Notes) <= 4000, "notes", "field.too_long")
	v.Check(in.Kind != "", "kind", "field.required")
	v.Check(v.Has("kind") || validKind(in.Kind), "kind", "field.unknown_choice")
	v.Check(in.Group != "", "stakeholder_group", "field.required")
	v.Check(v.Has("stakeholder_group") || contains(Groups, in.Group), "stakeholder_group", "field.unknown_choice")
	v.Check(in.Country != "", "country", "field.required")
	v.Check(v.Has("country") || ValidCountry(in.Country), "country", "org.country_unknown")
	v.Check(in.Website == "" || validWebsite(in.Website), "website", "org.website_invalid")
	for _, c := range []struct {
		n     int
		field string
	}{{in.PETCT, "pet_ct"}, {in.SPECTCT, "spect_ct"}, {in.TherapyRooms, "therapy_rooms"}} {
		v.Check(c.n >= 0, c.field, "field.invalid_number")
		v.Check(c.n <= MaxCount, c.field, "org.count_too_large")
	}
	v.Check(in.Kind != "department" || in.ParentID != nil, "parent_id", "org.department_needs_parent")
	return v.Err()
}

func validKind(k Kind) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// ValidCountry reports whether code is an ISO 3166-1 alpha-2 country.
func ValidCountry(code string) bool {
	if len(code) != 2 {
		return false
	}
	r, err := language.ParseRegion(code)
	return err == nil && r.IsCountry()
}

// CountryName is the country's name in the language.
func CountryName(code string, lang i18n.Lang) string {
	r, err := language.ParseRegion(code)
	if err != nil {
		return code
	}
	n := display.English.Regions()
	if lang == i18n.NL {
		n = display.Dutch.Regions()
	}
	if s := n.Name(r); s != "" {
		return s
	}
	return code
}

func validWebsite(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "https" || u.Scheme == "http") && u.Host != "" && !strings.ContainsAny(s, " <>\"")
}

// Fold lower-cases s and strips accents, so "patientenfederatie" finds "Patiëntenfederatie".
func Fold(s string) string {
	// A transform.Chain keeps state between calls: one per call, or concurrent searches corrupt it.
	folder := transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC)
	out, _, err := transform.String(folder, strings.ToLower(s))
	if err != nil {
		return strings.ToLower(s)
	}
	return out
}

func (in *OrgInput) searchText() string { return Fold(in.Name + " " + in.ShortName + " " + in.City) }

// CanSeeNotes reports whether p may read an organisation's internal notes and accounts.
func CanSeeNotes(p *auth.Principal, o Organization) bool {
	return p.IsCoordinator() || p.InOrg(o.ID) || (o.ParentID != nil && p.InOrg(*o.ParentID))
}

// CanEditOrg reports whether p may change the organisation: the coordination office, or an admin
// of the organisation or of the hospital a department belongs to.
func CanEditOrg(p *auth.Principal, o Organization) bool {
	return p.IsCoordinator() || p.IsOrgAdmin(o.ID) || (o.ParentID != nil && p.IsOrgAdmin(*o.ParentID))
}

// CanCreateOrg reports whether p may add an organisation: the coordination office anywhere, an
// organisation admin only a department under their own organisation.
func CanCreateOrg(p *auth.Principal, in OrgInput) bool {
	return p.IsCoordinator() || (in.ParentID != nil && p.IsOrgAdmin(*in.ParentID))
}

// CanDeleteOrg reports whether p may delete organisations: the coordination office only.
func CanDeleteOrg(p *auth.Principal) bool { return p.IsCoordinator() }
