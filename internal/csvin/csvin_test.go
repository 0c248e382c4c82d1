package csvin

import (
	"reflect"
	"strings"
	"testing"

	"kern"
)

var keys = Keys{Empty: "x.import_empty", Header: "x.import_header", HeaderField: "x.import_header_field"}

// row is what a test sees of one record: its line and the named columns' values.
type row struct {
	Line   int
	Values []string
}

func readAll(t *testing.T, r *Reader, cols ...string) []row {
	t.Helper()
	var out []row
	for r.Next() {
		if r.Blank() {
			continue
		}
		x := row{Line: r.Line()}
		for _, c := range cols {
			x.Values = append(x.Values, r.Get(c))
		}
		out = append(out, x)
	}
	return out
}

func TestOpenReadsRecordsByColumnName(t *testing.T) {
	for _, tc := range []struct {
		name string
		src  string
		want []row
	}{
		{"comma separated", "id,name\n1,Petten\n2,Delft\n",
			[]row{{2, []string{"1", "Petten"}}, {3, []string{"2", "Delft"}}}},
		{"semicolon separated, as a Dutch spreadsheet writes", "id;name\n1;Petten, Noord-Holland\n",
			[]row{{2, []string{"1", "Petten, Noord-Holland"}}}},
		{"more commas than semicolons in the header", "id,name,note\n1,\"a;b;c;d\",x\n",
			[]row{{2, []string{"1", "a;b;c;d"}}}},
		{"quoted fields with separators and quotes", "id,name\n1,\"Petten, \"\"HFR\"\"\"\n",
			[]row{{2, []string{"1", `Petten, "HFR"`}}}},
		{"byte-order mark before the header", "\ufeffid;name\n7;Delft\n",
			[]row{{2, []string{"7", "Delft"}}}},
		{"header in another case, with spaces, columns in another order", " NAME ,Id\nDelft,7\n",
			[]row{{2, []string{"7", "Delft"}}}},
		{"values trimmed, a short record reads empty", "id,name\n 3 \n",
			[]row{{2, []string{"3", ""}}}},
		{"a multi-line quoted field: the record is on its first line", "id,name\n1,\"one\ntwo\nthree\"\n2,Delft\n",
			[]row{{2, []string{"1", "one\ntwo\nthree"}}, {5, []string{"2", "Delft"}}}},
		{"blank rows skipped, lines still counted", "id,name\n\n , \n4,Petten\n",
			[]row{{4, []string{"4", "Petten"}}}},
		{"carriage returns", "id,name\r\n1,Petten\r\n2,Delft\r\n",
			[]row{{2, []string{"1", "Petten"}}, {3, []string{"2", "Delft"}}}},
		{"only a header", "id,name\n", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Open(strings.NewReader(tc.src), keys, "id")
			if err != nil {
				t.Fatal(err)
			}
			if got := readAll(t, r, "id", "name"); !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
			if r.Err() != nil {
				t.Errorf("unexpected error %v", r.Err())
			}
		})
	}
}

func TestOpenRefusesAFileThatIsNoImport(t *testing.T) {
	for _, tc := range []struct {
		name      string
		src       string
		required  []string
		wantKey   string
		wantField string
		wantArg   string
	}{
		{"empty file", "", []string{"id"}, "error.invalid", "x.import_empty", ""},
		{"a required column missing", "id,name\n1,a\n", []string{"id", "date"}, "x.import_header", "x.import_header_field", "date"},
		{"a semicolon header found", "id;name\n", []string{"name"}, "", "", ""},
		{"the wrong separator guessed", "id,date;x;y\n", []string{"id"}, "x.import_header", "x.import_header_field", "id"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open(strings.NewReader(tc.src), keys, tc.required...)
			if tc.wantField == "" {
				if err != nil {
					t.Fatalf("want no error, got %v", err)
				}
				return
			}
			e := kern.AsError(err)
			if e == nil || e.Code != kern.Invalid {
				t.Fatalf("want an invalid error, got %v", err)
			}
			if got := e.Fields["file"]; got != tc.wantField {
				t.Errorf("file field: got %q, want %q", got, tc.wantField)
			}
			if e.Key != tc.wantKey || tc.wantArg != "" && (len(e.Args) != 1 || e.Args[0] != tc.wantArg) {
				t.Errorf("got %q %v, want %q [%s]", e.Key, e.Args, tc.wantKey, tc.wantArg)
			}
		})
	}
}

func TestNextStopsAtAnUnreadableRecord(t *testing.T) {
	for _, tc := range []struct {
		name     string
		src      string
		wantRows int
		wantLine int
	}{
		{"a bare quote", "id,name\n1,Petten\n2,Del\"ft\n3,Delft\n", 1, 3},
		{"an unclosed quote over lines: where reading failed", "id,name\n1,\"Petten\n2,Delft\n", 0, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Open(strings.NewReader(tc.src), keys, "id")
			if err != nil {
				t.Fatal(err)
			}
			if got := len(readAll(t, r, "id")); got != tc.wantRows {
				t.Errorf("rows: got %d, want %d", got, tc.wantRows)
			}
			if r.Err() == nil || r.Line() != tc.wantLine {
				t.Errorf("got error %v at line %d, want one at line %d", r.Err(), r.Line(), tc.wantLine)
			}
			if r.Next() {
				t.Error("Next after an error reads on")
			}
		})
	}
}

func TestHasAndMissingColumn(t *testing.T) {
	r, err := Open(strings.NewReader("activity_bq;note\n"), keys)
	if err != nil {
		t.Fatal(err)
	}
	if !r.Has("activity_bq") || r.Has("activity") {
		t.Errorf("Has: activity_bq %v, activity %v", r.Has("activity_bq"), r.Has("activity"))
	}
	e := kern.AsError(MissingColumn(keys, "activity"))
	if e.Key != "x.import_header" || e.Fields["file"] != "x.import_header_field" {
		t.Errorf("got %+v", e)
	}
}
