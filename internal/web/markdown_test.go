package web

import (
	"strings"
	"testing"
)

func TestMarkdownIsHarmless(t *testing.T) {
	for _, c := range []struct {
		name, in string
		want     []string // in the output
		not      []string // never in the output
	}{
		{"headings and lists", "# Besluiten\n\n- besluit 1\n- besluit 2", []string{"<h1>Besluiten</h1>", "<li>besluit 1</li>"}, nil},
		{"a script tag", "Tekst <script>alert(1)</script> meer", []string{"Tekst"}, []string{"<script", "alert(1)</script>"}},
		{"a javascript link", "[klik](javascript:alert(1))", []string{"klik"}, []string{"javascript:"}},
		{"an event handler", `<img src=x onerror="alert(1)">`, nil, []string{"onerror", "<img"}},
		{"a vbscript image", "![x](vbscript:msgbox(1))", nil, []string{"vbscript:"}},
		{"an ordinary link", "[Kern](https://kern.example/plan)", []string{`<a href="https://kern.example/plan">Kern</a>`}, nil},
	} {
		got := string(Markdown(c.in))
		for _, w := range c.want {
			if !strings.Contains(got, w) {
				t.Errorf("%s: %q lacks %q", c.name, got, w)
			}
		}
		for _, n := range c.not {
			if strings.Contains(strings.ToLower(got), strings.ToLower(n)) {
				t.Errorf("%s: %q contains %q", c.name, got, n)
			}
		}
	}
}
