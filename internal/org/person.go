package org

import (
	"strings"
	"time"

	"kern"
	"kern/internal/auth"
)

// Person is someone in the ecosystem.
type Person struct {
	ID             int64         `json:"id"`
	GivenName      string        `json:"given_name"`
	FamilyName     string        `json:"family_name"`
	Email          string        `json:"email,omitempty"` // shown only to those allowed to see it
	Profession     string        `json:"profession"`
	MemberCategory string        `json:"member_category"`
	MemberSince    *time.Time    `json:"member_since"`
	Affiliations   []Affiliation `json:"affiliations"`
	CreatedAt      time.Time     `json:"created_at"`
	UpdatedAt      time.Time     `json:"updated_at"`
}

// Name is the person's full name.
func (p Person) Name() string { return strings.TrimSpace(p.GivenName + " " + p.FamilyName) }

// Affiliation ties a person to an organisation with a role and dates.
type Affiliation struct {
	ID      int64      `json:"id"`
	OrgID   int64      `json:"org_id"`
	OrgName string     `json:"org_name"`
	Role    string     `json:"role"`
	StartOn *time.Time `json:"start_on"`
	EndOn   *time.Time `json:"end_on"`
}

// PersonInput is what creating or editing a person takes.
type PersonInput struct {
	GivenName      string
	FamilyName     string
	Email          string
	Profession     string
	MemberCategory string
	MemberSince    *time.Time
}

// Validate checks the input on its own; a duplicate e-mail is checked by the service.
func (in *PersonInput) Validate() error {
	var v kern.Validation
	in.GivenName, in.FamilyName = strings.TrimSpace(in.GivenName), strings.TrimSpace(in.FamilyName)
	in.Email = auth.NormalizeEmail(in.Email)
	v.Check(in.GivenName != "", "given_name", "field.required")
	v.Check(in.FamilyName != "", "family_name", "field.required")
	v.Check(len(in.GivenName) <= 100, "given_name", "field.too_long")
	v.Check(len(in.FamilyName) <= 100, "family_name", "field.too_long")
	v.Check(in.Email == "" || auth.ValidEmail(in.Email), "email", "field.email_invalid")
	v.Check(in.Profession == "" || contains(Professions, in.Profession), "profession", "field.unknown_choice")
	v.Check(in.MemberCategory == "" || contains(MemberCategories, in.MemberCategory), "member_category", "field.unknown_choice")
	v.Check(in.MemberSince == nil || in.MemberCategory != "", "member_since", "org.member_since_without_category")
	return v.Err()
}

func (in *PersonInput) searchText() string {
	return Fold(in.GivenName + " " + in.FamilyName + " " + in.Email)
}

// AffiliationInput is what adding an affiliation takes.
type AffiliationInput struct {
	OrgID   int64
	Role    string
	StartOn *time.Time
	EndOn   *time.Time
}

// Validate checks the affiliation on its own.
func (in *AffiliationInput) Validate() error {
	var v kern.Validation
	in.Role = strings.TrimSpace(in.Role)
	v.Check(in.OrgID > 0, "org_id", "field.required")
	v.Check(len(in.Role) <= 100, "role", "field.too_long")
	v.Check(in.StartOn == nil || in.EndOn == nil || !in.EndOn.Before(*in.StartOn), "end_on", "org.end_before_start")
	return v.Err()
}

// CanSeeEmail reports whether p may read a person's e-mail address: the coordination office, or an
// admin of an organisation the person is affiliated with. Personal data is shown on a need to know.
func CanSeeEmail(p *auth.Principal, person Person) bool {
	if p.IsCoordinator() {
		return true
	}
	for _, a := range person.Affiliations {
		if p.IsOrgAdmin(a.OrgID) {
			return true
		}
	}
	return false
}

// CanEditPerson reports whether p may change the person: the same people who may see the e-mail.
func CanEditPerson(p *auth.Principal, person Person) bool { return CanSeeEmail(p, person) }

// CanCreatePerson reports whether p may add people: the coordination office and organisation admins.
func CanCreatePerson(p *auth.Principal) bool {
	if p.IsCoordinator() {
		return true
	}
	if p == nil {
		return false
	}
	for _, r := range p.OrgRoles {
		if r == auth.OrgAdmin {
			return true
		}
	}
	return false
}
