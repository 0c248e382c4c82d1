// Package i18n holds Kern's message catalogs, one per language, merged from the catalog files each
// capability embeds (nl.json and en.json, flat objects of key → sentence). A message is looked up by
// key, never written in code, so every sentence a user reads exists in Dutch and in English.
package i18n

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"slices"
	"strings"
)

// Lang is a language Kern speaks.
type Lang string

const (
	NL Lang = "nl"
	EN Lang = "en"
)

// Langs are the languages Kern speaks, Dutch first.
var Langs = []Lang{NL, EN}

// Parse returns the language named s, and whether Kern speaks it.
func Parse(s string) (Lang, bool) {
	l := Lang(strings.ToLower(strings.TrimSpace(s)))
	return l, slices.Contains(Langs, l)
}

// Catalog is the merged set of messages.
type Catalog struct {
	msgs map[Lang]map[string]string
}

// Load merges the nl.json and en.json files of each file system. It fails when a key appears twice
// or exists in one language but not the other, so a missing translation stops start-up and tests.
func Load(sources ...fs.FS) (*Catalog, error) {
	c := &Catalog{msgs: map[Lang]map[string]string{}}
	for _, l := range Langs {
		c.msgs[l] = map[string]string{}
	}
	for _, src := range sources {
		for _, l := range Langs {
			b, err := fs.ReadFile(src, string(l)+".json")
			if err != nil {
				return nil, fmt.Errorf("catalog: %w", err)
			}
			var m map[string]string
			if err := json.Unmarshal(b, &m); err != nil {
				return nil, fmt.Errorf("catalog %s.json: %w", l, err)
			}
			for k, v := range m {
				if _, dup := c.msgs[l][k]; dup {
					return nil, fmt.Errorf("catalog: key %q defined twice", k)
				}
				c.msgs[l][k] = v
			}
		}
	}
	for k := range c.msgs[NL] {
		if _, ok := c.msgs[EN][k]; !ok {
			return nil, fmt.Errorf("catalog: %q has Dutch but no English", k)
		}
	}
	for k := range c.msgs[EN] {
		if _, ok := c.msgs[NL][k]; !ok {
			return nil, fmt.Errorf("catalog: %q has English but no Dutch", k)
		}
	}
	return c, nil
}

// T returns the message key in lang, formatted with args; an unknown key returns the key itself,
// which tests catch and users at least can report.
func (c *Catalog) T(lang Lang, key string, args ...any) string {
	m, ok := c.msgs[lang][key]
	if !ok {
		return key
	}
	if len(args) > 0 {
		return fmt.Sprintf(m, args...)
	}
	return m
}

// Has reports whether key exists.
func (c *Catalog) Has(key string) bool { _, ok := c.msgs[EN][key]; return ok }

// Match picks the language from an Accept-Language header: Dutch when the browser prefers it over
// English, English when it prefers English or names neither and def is English.
func Match(header string, def Lang) Lang {
	best, bestQ := Lang(""), -1.0
	for _, part := range strings.Split(header, ",") {
		tag, q := strings.TrimSpace(part), 1.0
		if i := strings.Index(tag, ";"); i >= 0 {
			fmt.Sscanf(strings.TrimSpace(tag[i+1:]), "q=%g", &q)
			tag = strings.TrimSpace(tag[:i])
		}
		base, _, _ := strings.Cut(strings.ToLower(tag), "-")
		if l, ok := Parse(base); ok && q > bestQ {
			best, bestQ = l, q
		}
	}
	if best == "" {
		return def
	}
	return best
}
