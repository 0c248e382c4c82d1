package i18n

import (
	"testing"
	"testing/fstest"
)

func TestMatch(t *testing.T) {
	for _, tc := range []struct {
		header string
		def    Lang
		want   Lang
	}{
		{"nl-NL,nl;q=0.9,en;q=0.8", EN, NL},
		{"en-GB,en;q=0.9,nl;q=0.8", NL, EN},
		{"nl-BE", EN, NL},
		{"fr-BE,fr;q=0.9", NL, NL},
		{"fr-BE,fr;q=0.9", EN, EN},
		{"de;q=0.9,en;q=0.5,nl;q=0.7", EN, NL},
		{"", EN, EN},
	} {
		if got := Match(tc.header, tc.def); got != tc.want {
			t.Errorf("Match(%q, %s) = %s, want %s", tc.header, tc.def, got, tc.want)
		}
	}
}

func TestLoadRefusesMissingTranslationsAndDuplicates(t *testing.T) {
	good := fstest.MapFS{"nl.json": {Data: []byte(`{"a":"A %d"}`)}, "en.json": {Data: []byte(`{"a":"A %d"}`)}}
	missing := fstest.MapFS{"nl.json": {Data: []byte(`{"b":"B","c":"C"}`)}, "en.json": {Data: []byte(`{"b":"B"}`)}}
	if _, err := Load(good, good); err == nil {
		t.Error("a key defined twice was accepted")
	}
	if _, err := Load(missing); err == nil {
		t.Error("a key without English was accepted")
	}
	c, err := Load(good)
	if err != nil {
		t.Fatal(err)
	}
	if got := c.T(NL, "a", 3); got != "A 3" {
		t.Errorf("T = %q", got)
	}
	if got := c.T(NL, "zzz"); got != "zzz" {
		t.Errorf("unknown key = %q", got)
	}
}
