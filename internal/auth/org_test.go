package auth_test

import (
	"strings"
	"testing"

	"kern"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/db/dbtest"
)

// hospital inserts a care provider in the registry and returns its id.
func (o *office) hospital(t *testing.T, name string) int64 {
	t.Helper()
	var id int64
	err := o.d.Write.QueryRowContext(o.ctx, `
INSERT INTO organizations (kind, stakeholder_group, name, country, created_at, updated_at)
VALUES ('hospital', 'care_providers', $1, 'NL', $2, $2) RETURNING id`, name, o.clock.Now()).Scan(&id)
	if err != nil {
		t.Fatalf("insert %s: %v", name, err)
	}
	return id
}

// withOrgRoles is u in a session holding roles, as SessionPrincipal would load them.
func withOrgRoles(u auth.User, roles map[int64]auth.OrgRole) *auth.Principal {
	p := as(u)
	p.OrgRoles = roles
	return p
}

func TestACoordinatorGrantsAnOrganisationAdmin(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		umc := o.hospital(t, "UMC Utrecht")
		coco := o.account(t, "coco@example.org", auth.Coordinator)
		bea := o.account(t, "bea@umcutrecht.nl", auth.Member)

		if err := o.auth.GrantOrgRole(o.ctx, as(coco), bea.ID, umc, auth.OrgAdmin); err != nil {
			t.Fatal(err)
		}
		// The role comes with Bea's next session.
		p := o.session(t, o.logIn(t, "bea@umcutrecht.nl", "Firefox"))
		if !p.IsOrgAdmin(umc) || !p.InOrg(umc) || p.IsCoordinator() {
			t.Fatalf("Bea's principal = %+v, want admin of %d", p, umc)
		}
		var before, after string
		d.Read.QueryRow(`SELECT before_json, after_json FROM audit_log WHERE action = 'grant_org_role' AND entity_id = $1`,
			idText(bea.ID)).Scan(&before, &after)
		if !strings.Contains(before, `"role":""`) || !strings.Contains(after, `"role":"org_admin"`) {
			t.Fatalf("audit before %s after %s", before, after)
		}

		wantField(t, o.auth.GrantOrgRole(o.ctx, as(coco), bea.ID, umc, "owner"), "role", "auth.role_unknown")
		wantError(t, o.auth.GrantOrgRole(o.ctx, as(coco), bea.ID+100, umc, auth.OrgMember), kern.NotFound, "")
		wantError(t, o.auth.GrantOrgRole(o.ctx, nil, bea.ID, umc, auth.OrgMember), kern.Unauthorized, "")

		// Role "" takes Bea out of the organisation again.
		if err := o.auth.GrantOrgRole(o.ctx, as(coco), bea.ID, umc, ""); err != nil {
			t.Fatal(err)
		}
		if n := o.count(t, `SELECT count(*) FROM org_roles`); n != 0 {
			t.Fatalf("%d org roles after removal", n)
		}
	})
}

func TestWhoMayGrantOrganisationRoles(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		umc := o.hospital(t, "UMC Utrecht")
		erasmus := o.hospital(t, "Erasmus MC")
		bea := o.account(t, "bea@umcutrecht.nl", auth.Member)
		cas := o.account(t, "cas@umcutrecht.nl", auth.Member)
		orgAdmin := withOrgRoles(bea, map[int64]auth.OrgRole{umc: auth.OrgAdmin})
		orgMember := withOrgRoles(cas, map[int64]auth.OrgRole{umc: auth.OrgMember})
		for _, tc := range []struct {
			name string
			p    *auth.Principal
			org  int64
			want kern.Code // "" for allowed
		}{
			{"an organisation admin in their own organisation", orgAdmin, umc, ""},
			{"an organisation admin in another organisation", orgAdmin, erasmus, kern.Forbidden},
			{"an organisation member", orgMember, umc, kern.Forbidden},
			{"a platform member outside the organisation", as(cas), erasmus, kern.Forbidden},
		} {
			t.Run(tc.name, func(t *testing.T) {
				err := o.auth.GrantOrgRole(o.ctx, tc.p, cas.ID, tc.org, auth.OrgMember)
				if tc.want == "" {
					if err != nil {
						t.Fatal(err)
					}
					return
				}
				wantError(t, err, tc.want, "error.forbidden")
				if n := o.count(t, `SELECT count(*) FROM org_roles WHERE org_id = $1`, erasmus); n != 0 {
					t.Fatalf("%d roles written in Erasmus MC", n)
				}
			})
		}
	})
}

func TestOrgMembersAreVisibleOnlyToTheOrganisationAndTheOffice(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		o := newOffice(t, d)
		umc := o.hospital(t, "UMC Utrecht")
		erasmus := o.hospital(t, "Erasmus MC")
		coco := o.account(t, "coco@example.org", auth.Coordinator)
		bea := o.account(t, "bea@umcutrecht.nl", auth.Member)
		cas := o.account(t, "cas@umcutrecht.nl", auth.Member)
		eva := o.account(t, "eva@erasmusmc.nl", auth.Member)
		for _, g := range []struct {
			user auth.User
			org  int64
			role auth.OrgRole
		}{{bea, umc, auth.OrgAdmin}, {cas, umc, auth.OrgMember}, {eva, erasmus, auth.OrgAdmin}} {
			if err := o.auth.GrantOrgRole(o.ctx, as(coco), g.user.ID, g.org, g.role); err != nil {
				t.Fatal(err)
			}
		}
		for _, tc := range []struct {
			name string
			p    *auth.Principal
			want kern.Code // "" for the list
		}{
			{"a member of the organisation", withOrgRoles(cas, map[int64]auth.OrgRole{umc: auth.OrgMember}), ""},
			{"a coordinator", as(coco), ""},
			{"an admin of another organisation", withOrgRoles(eva, map[int64]auth.OrgRole{erasmus: auth.OrgAdmin}), kern.NotFound},
			{"a member of no organisation", as(eva), kern.NotFound},
			{"nobody", nil, kern.NotFound},
		} {
			t.Run(tc.name, func(t *testing.T) {
				list, err := o.auth.OrgMembers(o.ctx, tc.p, umc)
				if tc.want != "" {
					wantError(t, err, tc.want, "error.not_found")
					return
				}
				if err != nil {
					t.Fatal(err)
				}
				if len(list) != 2 || list[0].User.ID != bea.ID || list[0].Role != auth.OrgAdmin ||
					list[1].User.ID != cas.ID || list[1].Role != auth.OrgMember {
					t.Fatalf("members of UMC Utrecht = %+v, want Bea (admin) and Cas (member)", list)
				}
			})
		}
	})
}
