// Package perf fills a database with a large synthetic registry — thousands of organisations and
// people — for the performance benchmarks and the load script (scripts/perf-load.sh). Every name
// it writes carries the word "Synthetisch" (organisations) or "(synthetisch …)" (people), and every
// e-mail address ends in @synthetisch.example, so that a seeded database is never mistaken for a
// real registry.
//
// The seed is deterministic: the same sizes give the same rows, so figures measured on two
// machines or two databases compare like with like.
package perf

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"time"

	"kern/internal/db"
	"kern/internal/org"
)

// batchRows is the number of rows in one multi-row INSERT: 500 organisations of 17 columns are
// 8,500 parameters, well under both SQLite's (32,766) and PostgreSQL's (65,535) limits.
const batchRows = 500

// base is the first creation time: the rows are spread over the minutes after it.
var base = time.Date(2020, 1, 6, 8, 0, 0, 0, time.UTC)

// Seed adds orgs organisations and people people, with their affiliations, in one transaction.
// One organisation in ten is a department of the hospital seeded just before it; hospitals are
// named "Synthetisch Ziekenhuis 00042" and the like, so that ?kind=hospital&q=zieken selects a
// realistic share of them. The rows get ids after the highest already in the database, so Seed may
// run on a database that holds the demonstration data.
func Seed(ctx context.Context, d *db.DB, orgs, people int) error {
	if orgs < 1 && people > 0 {
		return fmt.Errorf("perf seed: people need at least one organisation to be affiliated with")
	}
	return d.InTx(ctx, func(ctx context.Context, q db.Q) error {
		var firstOrg, firstPerson, firstAff int64
		err := q.QueryRowContext(ctx, `SELECT
  (SELECT coalesce(max(id), 0) FROM organizations),
  (SELECT coalesce(max(id), 0) FROM people),
  (SELECT coalesce(max(id), 0) FROM affiliations)`).Scan(&firstOrg, &firstPerson, &firstAff)
		if err != nil {
			return fmt.Errorf("perf seed: %w", err)
		}
		firstOrg, firstPerson, firstAff = firstOrg+1, firstPerson+1, firstAff+1
		if err := insertOrganizations(ctx, q, d.Dialect, firstOrg, orgs); err != nil {
			return err
		}
		if err := insertPeople(ctx, q, d.Dialect, firstPerson, people); err != nil {
			return err
		}
		if err := insertAffiliations(ctx, q, d.Dialect, firstAff, firstPerson, people, firstOrg, orgs); err != nil {
			return err
		}
		if d.Dialect == db.Postgres {
			// The ids were given explicitly: move the identity sequences past them.
			for _, table := range []string{"organizations", "people", "affiliations"} {
				_, err := q.ExecContext(ctx, `SELECT setval(pg_get_serial_sequence('`+table+`', 'id'), max(id)) FROM `+table+
					` HAVING max(id) IS NOT NULL`)
				if err != nil {
					return fmt.Errorf("perf seed: reset %s sequence: %w", table, err)
				}
			}
		}
		return nil
	})
}

// batches calls fn with consecutive row ranges [start, end) of at most batchRows rows.
func batches(n int, fn func(start, end int) error) error {
	for start := 0; start < n; start += batchRows {
		if err := fn(start, min(start+batchRows, n)); err != nil {
			return err
		}
	}
	return nil
}

// valuesClause is "($1, …, $cols), ($cols+1, …)" for rows rows on PostgreSQL, and the same with
// "?" on SQLite: SQLite looks a "$N" up in a linear list of the statement's parameter names, so
// thousands of them cost seconds to parse and bind, while "?" is numbered as it is read.
func valuesClause(d db.Dialect, rows, cols int) string {
	var b strings.Builder
	b.Grow(rows * cols * 6)
	n := 1
	for r := 0; r < rows; r++ {
		if r > 0 {
			b.WriteString(",\n")
		}
		b.WriteByte('(')
		for c := 0; c < cols; c++ {
			if c > 0 {
				b.WriteString(", ")
			}
			if d == db.SQLite {
				b.WriteByte('?')
			} else {
				b.WriteByte('$')
				b.WriteString(strconv.Itoa(n))
			}
			n++
		}
		b.WriteByte(')')
	}
	return b.String()
}

// place is a city and its country.
type place struct{ city, country string }

var places = []place{
	{"Amsterdam", "NL"}, {"Rotterdam", "NL"}, {"Utrecht", "NL"}, {"Groningen", "NL"}, {"Nijmegen", "NL"},
	{"Leiden", "NL"}, {"Maastricht", "NL"}, {"Eindhoven", "NL"}, {"Den Haag", "NL"}, {"Zwolle", "NL"},
	{"Enschede", "NL"}, {"Petten", "NL"}, {"Delft", "NL"}, {"Tilburg", "NL"}, {"Arnhem", "NL"},
	{"Brussel", "BE"}, {"Antwerpen", "BE"}, {"Gent", "BE"}, {"Leuven", "BE"}, {"Liège", "BE"},
	{"Mol", "BE"}, {"Fleurus", "BE"}, {"Brugge", "BE"},
	{"Düsseldorf", "DE"}, {"Köln", "DE"}, {"Münster", "DE"}, {"Aachen", "DE"}, {"Essen", "DE"}, {"München", "DE"},
}

// orgKind describes how the organisations of one kind are named and grouped.
type orgKind struct {
	kind  org.Kind
	group string
	names []string // name patterns, chosen in turn; %05d is the organisation's number
	short string
}

// kinds follows org.Kinds in order, so organisation i is of kind i%10 and a department (kind 1)
// always directly follows a hospital (kind 0), its parent.
var kinds = []orgKind{
	{"hospital", "care_providers", []string{"Synthetisch Ziekenhuis %05d", "Synthetisch Universitair Medisch Centrum %05d",
		"Synthetisch Algemeen Ziekenhuis %05d", "Synthetisch Klinikum %05d", "Synthetisch Ziekenhuis Rijnstate-%05d"}, "SZ"},
	{"department", "care_providers", []string{"Synthetisch Afdeling Nucleaire Geneeskunde %05d",
		"Synthetisch Ziekenhuisapotheek Radiofarmacie %05d", "Synthetisch Klinische Fysica %05d"}, "SAF"},
	{"producer", "isotope_production", []string{"Synthetisch Isotopenproducent %05d", "Synthetisch Cyclotroncentrum %05d",
		"Synthetisch Reactor %05d"}, "SIP"},
	{"company", "companies", []string{"Synthetisch Radiofarmaca B.V. %05d", "Synthetisch Medische Beeldvorming N.V. %05d",
		"Synthetisch Nuklearmedizin GmbH %05d"}, "SBV"},
	{"government", "governments", []string{"Synthetisch Ministerie %05d", "Synthetisch Toezichthouder Stralingsbescherming %05d",
		"Synthetisch Gemeente %05d"}, "SGV"},
	{"research", "researchers", []string{"Synthetisch Onderzoeksinstituut %05d", "Synthetisch Universiteit %05d",
		"Synthetisch Forschungszentrum %05d"}, "SRI"},
	{"patient_org", "patient_organisations", []string{"Synthetisch Patiëntenvereniging %05d",
		"Synthetisch Patiëntenfederatie %05d"}, "SPV"},
	{"society", "researchers", []string{"Synthetisch Genootschap %05d", "Synthetisch Vereniging %05d"}, "SGN"},
	{"insurer", "governments", []string{"Synthetisch Zorgverzekeraar %05d", "Synthetisch Ziekenfonds %05d"}, "SZV"},
	{"other", "companies", []string{"Synthetisch Transportbedrijf %05d", "Synthetisch Adviesbureau %05d"}, "SOV"},
}

const orgCols = 18

func insertOrganizations(ctx context.Context, q db.Q, d db.Dialect, first int64, n int) error {
	full := ""
	return batches(n, func(start, end int) error {
		args := make([]any, 0, (end-start)*orgCols)
		for i := start; i < end; i++ {
			args = append(args, orgRow(first, i)...)
		}
		values := full
		if values == "" || end-start != batchRows {
			values = valuesClause(d, end-start, orgCols)
			if end-start == batchRows {
				full = values
			}
		}
		_, err := q.ExecContext(ctx, `INSERT INTO organizations (id, kind, stakeholder_group, name, short_name, city, country,
  website, parent_id, hotlab, cyclotron, pet_ct, spect_ct, therapy_rooms, notes, search_text, created_at, updated_at)
VALUES `+values, args...)
		if err != nil {
			return fmt.Errorf("perf seed: insert organisations %d–%d: %w", start, end, err)
		}
		return nil
	})
}

// orgRow is the i-th synthetic organisation, with id first+i.
func orgRow(first int64, i int) []any {
	k := kinds[i%len(kinds)]
	number := i + 1
	name := fmt.Sprintf(k.names[(i/len(kinds))%len(k.names)], number)
	short := fmt.Sprintf("%s%05d", k.short, number)
	group := k.group
	if i%13 == 0 { // a few organisations sit outside their kind's usual group
		group = org.Groups[(i/13)%len(org.Groups)]
	}
	pl := places[(i*7)%len(places)]
	var parent any
	if k.kind == "department" {
		parent = first + int64(i) - 1 // the hospital just before it
	}
	hotlab, cyclotron := false, false
	pet, spect, therapy := 0, 0, 0
	switch k.kind {
	case "hospital":
		hotlab = i%3 == 0
		pet, spect, therapy = i%4, 1+i%5, i%3
	case "department":
		hotlab = i%2 == 1
		pet, spect = 1+i%3, 2+i%4
	case "producer":
		hotlab, cyclotron = true, i%2 == 0
	}
	notes := ""
	if i%5 == 0 {
		notes = "Synthetische notitie voor de prestatietest."
	}
	at := base.Add(time.Duration(i) * time.Minute)
	return []any{first + int64(i), string(k.kind), group, name, short, pl.city, pl.country,
		fmt.Sprintf("https://org%05d.synthetisch.example", number), parent, hotlab, cyclotron, pet, spect, therapy, notes,
		org.Fold(name + " " + short + " " + pl.city), at, at}
}

var givenNames = []string{"Anouk", "Daan", "Chloë", "Bram", "Zoë", "Thijs", "Noor", "Jürgen", "Renée", "Sven", "Fleur",
	"Lotte", "Joost", "Maëlle", "Jörg", "Eline", "Pieter", "Inès", "Lucas", "Sanne", "Wouter", "Hélène", "Koen", "Amélie"}

var familyNames = []string{"de Vries", "Janssens", "Peeters", "Müller", "van den Berg", "Smits", "Bakker", "Dubois",
	"Schäfer", "Visser", "Maes", "de Jong", "Claes", "Schröder", "van Dijk", "Willems", "Meijer", "Lefèvre", "Mulder",
	"Goossens", "Köhler", "de Boer", "Wouters", "van Leeuwen"}

var professions = []string{"nuclear_medicine_physician", "nuclear_radiologist", "hospital_pharmacist", "clinical_physicist",
	"clinical_radiochemist", "radiologist", "resident", "technical_physician", "other"}

const personCols = 10

func insertPeople(ctx context.Context, q db.Q, d db.Dialect, first int64, n int) error {
	full := ""
	return batches(n, func(start, end int) error {
		args := make([]any, 0, (end-start)*personCols)
		for i := start; i < end; i++ {
			args = append(args, personRow(first, i)...)
		}
		values := full
		if values == "" || end-start != batchRows {
			values = valuesClause(d, end-start, personCols)
			if end-start == batchRows {
				full = values
			}
		}
		_, err := q.ExecContext(ctx, `INSERT INTO people (id, given_name, family_name, email, profession, member_category,
  member_since, search_text, created_at, updated_at)
VALUES `+values, args...)
		if err != nil {
			return fmt.Errorf("perf seed: insert people %d–%d: %w", start, end, err)
		}
		return nil
	})
}

// personRow is the i-th synthetic person, with id first+i. Every seventh has no e-mail address; a
// third are not members of the society.
func personRow(first int64, i int) []any {
	number := i + 1
	given := givenNames[i%len(givenNames)]
	family := fmt.Sprintf("%s (synthetisch %06d)", familyNames[(i/len(givenNames))%len(familyNames)], number)
	email := ""
	if i%7 != 0 {
		email = fmt.Sprintf("%s.%06d@synthetisch.example", asciiLower(given), number)
	}
	var category, since any
	if i%3 != 2 {
		category = org.MemberCategories[i%len(org.MemberCategories)]
		since = time.Date(1990+i%35, time.Month(1+i%12), 1+i%28, 0, 0, 0, 0, time.UTC)
	}
	at := base.Add(time.Duration(i) * time.Second)
	return []any{first + int64(i), given, family, email, professions[i%len(professions)], category, since,
		org.Fold(given + " " + family + " " + email), at, at}
}

// asciiLower makes a name fit for the local part of an address: "Chloë" becomes "chloe".
func asciiLower(s string) string {
	return strings.ReplaceAll(org.Fold(s), " ", "")
}

var roles = []string{"Nucleair geneeskundige", "Ziekenhuisapotheker", "Klinisch fysicus", "Radiochemicus",
	"Laborant", "Afdelingshoofd", "AIOS", "Onderzoeker"}

const affiliationCols = 6

// insertAffiliations ties most people to one organisation, every fifth to a second one, and leaves
// every tenth without any. The organisation is spread over the whole registry by a stride prime to
// its size.
func insertAffiliations(ctx context.Context, q db.Q, d db.Dialect, first, firstPerson int64, people int, firstOrg int64, orgs int) error {
	type aff struct {
		person, org int64
		role        string
		start, end  any
	}
	var all []aff
	for i := 0; i < people; i++ {
		if i%10 == 9 {
			continue
		}
		pid := firstPerson + int64(i)
		o := firstOrg + int64((i*7919)%orgs)
		start := time.Date(2000+i%24, time.Month(1+i%12), 1, 0, 0, 0, 0, time.UTC)
		all = append(all, aff{pid, o, roles[i%len(roles)], start, nil})
		if i%5 == 0 && orgs > 1 {
			o2 := firstOrg + int64((i*7919+1)%orgs)
			end := start.AddDate(3, 0, 0)
			all = append(all, aff{pid, o2, roles[(i+3)%len(roles)], start.AddDate(-4, 0, 0), end})
		}
	}
	full := ""
	return batches(len(all), func(s, e int) error {
		args := make([]any, 0, (e-s)*affiliationCols)
		for j := s; j < e; j++ {
			a := all[j]
			args = append(args, first+int64(j), a.person, a.org, a.role, a.start, a.end)
		}
		values := full
		if values == "" || e-s != batchRows {
			values = valuesClause(d, e-s, affiliationCols)
			if e-s == batchRows {
				full = values
			}
		}
		_, err := q.ExecContext(ctx, `INSERT INTO affiliations (id, person_id, org_id, role, start_on, end_on) VALUES `+values, args...)
		if err != nil {
			return fmt.Errorf("perf seed: insert affiliations %d–%d: %w", s, e, err)
		}
		return nil
	})
}
