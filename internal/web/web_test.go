package web

import (
	"kern/internal/web/i18n"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

func TestSafeCellDefusesFormulas(t *testing.T) {
	for in, want := range map[string]string{"=HYPERLINK(\"x\")": "'=HYPERLINK(\"x\")", "+31 20": "'+31 20", "-5": "-5",
		"@SUM(A1)": "'@SUM(A1)", "Isala": "Isala", "": ""} {
		if got := SafeCell(in); got != want {
			t.Errorf("SafeCell(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMetricsLabelRoutesNotPaths(t *testing.T) {
	m := NewMetrics()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /organizations/{id}", func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(204) })
	h := m.wrap(mux)
	for _, p := range []string{"/organizations/1", "/organizations/2", "/nowhere"} {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", p, nil))
	}
	var b strings.Builder
	m.write(&b)
	out := b.String()
	for _, want := range []string{
		`kern_http_requests_total{route="GET /organizations/{id}",status="204"} 2`,
		`kern_http_requests_total{route="unmatched",status="404"} 1`,
		`kern_http_request_duration_seconds_count{route="GET /organizations/{id}"} 2`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("metrics lack %s\n%s", want, out)
		}
	}
	if strings.Contains(out, "/organizations/1") {
		t.Error("a raw path with an id became a label")
	}
}

func TestPageIntUsesTheLanguagesSeparator(t *testing.T) {
	for _, tc := range []struct {
		lang string
		n    int
		want string
	}{{"nl", 100000, "100.000"}, {"en", 100000, "100,000"}, {"nl", 534, "534"}, {"en", -1234567, "-1,234,567"}} {
		p := &Page{Lang: i18n.Lang(tc.lang)}
		if got := p.Int(tc.n); got != tc.want {
			t.Errorf("Int(%d) in %s = %q, want %q", tc.n, tc.lang, got, tc.want)
		}
	}
}
