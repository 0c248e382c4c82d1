package app_test

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"

	"kern/internal/demo"
)

// findChromium returns the path of a Chromium-like browser on PATH. With none, the test is
// skipped, unless KERN_E2E=require, when it fails.
func findChromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	if os.Getenv("KERN_E2E") == "require" {
		t.Fatal("KERN_E2E=require but no browser found: install chromium (or chromium-browser, google-chrome) on PATH")
	}
	t.Skip("no chromium, chromium-browser or google-chrome on PATH; set KERN_E2E=require to make this a failure")
	return ""
}

// browser is one headless Chromium tab that a test drives against the platform at base.
type browser struct {
	t     *testing.T
	ctx   context.Context
	base  string
	shots string // directory for screenshots; empty: none are saved
}

// newBrowser starts Chromium at execPath with the flags an offline machine needs, in a fresh
// profile, and bounds everything the test does with it by timeout.
func newBrowser(t *testing.T, execPath, base string, timeout time.Duration) *browser {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(execPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("disable-features", "Translate,OptimizationHints,MediaRouter"),
		chromedp.Flag("password-store", "basic"),
		chromedp.Flag("use-mock-keychain", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1280, 900),
	}
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(bcancel)
	if err := chromedp.Do(bctx); err != nil { // start the browser now, so a failure says so
		t.Fatalf("start %s: %v", execPath, err)
	}
	return &browser{t: t, ctx: bctx, base: base, shots: os.Getenv("KERN_E2E_SHOTS")}
}

// stepTimeout bounds one browser step, so a missing element fails fast with its selector instead
// of hanging until the whole test's deadline.
const stepTimeout = 15 * time.Second

// step is the context for one browser step; call the cancel func when it is done.
func (b *browser) step() (context.Context, context.CancelFunc) {
	return context.WithTimeout(b.ctx, stepTimeout)
}

// setHeaders sends these headers with every request of the tab.
func (b *browser) setHeaders(h map[string]string) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	hs := network.Headers{}
	for k, v := range h {
		hs[k] = v
	}
	if _, err := chromedp.Call(ctx, network.SetExtraHTTPHeaders, network.SetExtraHTTPHeadersParams{Headers: hs}); err != nil {
		b.t.Fatalf("set headers: %v", err)
	}
}

// do runs actions that return nothing and fails the test on an error.
func (b *browser) do(what string, steps ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if err := chromedp.Do(ctx, steps...); err != nil {
		b.t.Fatalf("%s: %v", what, err)
	}
}

// open loads the page at path and returns its HTTP status.
func (b *browser) open(path string) int64 {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	res, err := chromedp.Run(ctx, chromedp.NavigateResponse(b.base+path))
	if err != nil {
		b.t.Fatalf("open %s: %v", path, err)
	}
	return res.Status
}

// follow clicks the element at sel, which must load a new page, and returns that page's status.
func (b *browser) follow(sel string) int64 {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	res, err := chromedp.RunResponse(ctx, chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible))
	if err != nil {
		b.t.Fatalf("click %s: %v", sel, err)
	}
	if res == nil {
		// Under load chromedp now and then misses the response event of a navigation that did
		// happen; the page itself knows its status.
		b.waitFor("the page after clicking "+sel, `document.readyState === "complete"`, "main", stepTimeout)
		return int64(eval[float64](b, `performance.getEntriesByType("navigation")[0].responseStatus || 0`))
	}
	return res.Status
}

// click clicks the visible element at sel (for clicks that load no new page).
func click(sel string) chromedp.Action[chromedp.Void] {
	return chromedp.Click(chromedp.CSS(sel), chromedp.NodeVisible)
}

// text is the visible text of the first element at sel (waiting until it exists).
func (b *browser) text(sel string) string {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("text of %s: %v", sel, err)
	}
	return strings.TrimSpace(s)
}

// value is the current value of the form control at sel.
func (b *browser) value(sel string) string {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	s, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS(sel)))
	if err != nil {
		b.t.Fatalf("value of %s: %v", sel, err)
	}
	return s
}

// attr is the attribute name of the element at sel, and whether it is present.
func (b *browser) attr(sel, name string) (string, bool) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	r, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(sel), name))
	if err != nil {
		b.t.Fatalf("attribute %s of %s: %v", name, sel, err)
	}
	return r.Value, r.Exists
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](b *browser, js string) T {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](js))
	if err != nil {
		b.t.Fatalf("evaluate %s: %v", js, err)
	}
	return v
}

// retype empties the text field at sel and types s into it key by key, as a person would.
func (b *browser) retype(sel, s string) {
	b.t.Helper()
	// chromedp.SetValue refuses the empty string, so the field is emptied in the page.
	b.do("type into "+sel,
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.Evaluate[chromedp.Void](`document.querySelector(`+jsString(sel)+`).value = ""`),
		chromedp.SendKeys(chromedp.CSS(sel), s),
	)
}

// choose selects the option with this value in the select at sel and returns the option's label.
func (b *browser) choose(sel, value string) string {
	b.t.Helper()
	b.do("choose "+value+" in "+sel,
		chromedp.WaitVisible(chromedp.CSS(sel)),
		chromedp.SetValue(chromedp.CSS(sel), value),
	)
	return eval[string](b, `document.querySelector(`+jsString(sel)+`).selectedOptions[0].label`)
}

// waitFor polls the JavaScript predicate until it is true (or timeout), then returns; on a
// timeout it fails with what, and the text of the element at show for context.
func (b *browser) waitFor(what, predicate, show string, timeout time.Duration) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	_, err := chromedp.Run(ctx, chromedp.Poll[bool](predicate,
		chromedp.WithPollingInterval(50*time.Millisecond), chromedp.WithPollingTimeout(timeout)))
	if err != nil {
		sctx, scancel := b.step()
		defer scancel()
		got, _ := chromedp.Run(sctx, chromedp.Evaluate[string](
			fmt.Sprintf(`(document.querySelector(%s)||{}).innerText||""`, jsString(show))))
		b.t.Fatalf("waiting for %s: %v; %s shows %q", what, err, show, got)
	}
}

// shot saves a full-page screenshot as <KERN_E2E_SHOTS>/<name>.png when that variable is set.
func (b *browser) shot(name string) {
	b.t.Helper()
	ctx, cancel := b.step()
	defer cancel()
	if b.shots == "" {
		return
	}
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		b.t.Fatalf("screenshot %s: %v", name, err)
	}
	if err := os.MkdirAll(b.shots, 0o755); err != nil {
		b.t.Fatal(err)
	}
	file := filepath.Join(b.shots, name+".png")
	if err := os.WriteFile(file, png, 0o644); err != nil {
		b.t.Fatal(err)
	}
	b.t.Logf("screenshot %s", file)
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// logIn logs in through the login form as email with the demo password and lands on the home page.
func (b *browser) logIn(email string) {
	b.t.Helper()
	if st := b.open("/login"); st != 200 {
		b.t.Fatalf("GET /login: status %d", st)
	}
	b.retype("#f-email", email)
	b.retype("#f-password", demo.Password)
	if st := b.follow(`main form[action="/login"] button.primary`); st != 200 {
		b.t.Fatalf("log in as %s: landed with status %d; page says %q", email, st, b.text("main"))
	}
	if loc := eval[string](b, `location.pathname`); loc != "/" {
		b.t.Fatalf("log in as %s: landed on %s, want /; page says %q", email, loc, b.text("main"))
	}
}
