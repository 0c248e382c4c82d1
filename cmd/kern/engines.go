package main

// The isotope engines on the command line: kern decay, kern generator (and generator size) and
// kern allocate (and allocate gen). Each reads flags and JSON, calls the pure engines in
// internal/nuclide and internal/alloc, and prints a table or JSON. Bad input exits with status 2
// and a message naming the field and the value.

import (
	"bufio"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"kern/internal/alloc"
	"kern/internal/nuclide"
)

func init() {
	engines["decay"] = runDecay
	engines["generator"] = runGenerator
	engines["allocate"] = runAllocate
}

// engineUsageError is bad input: exit status 2.
type engineUsageError struct{ msg string }

func (e engineUsageError) Error() string { return e.msg }

func engineBadValue(field, value, why string) error {
	return engineUsageError{fmt.Sprintf("%s = %q: %s", field, value, why)}
}

// engineFinish maps an error to an exit status and prints it.
func engineFinish(name string, stderr io.Writer, err error) int {
	if err == nil {
		return 0
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	fmt.Fprintf(stderr, "kern %s: %v\n", name, err)
	var ue engineUsageError
	var ie *alloc.InputError
	if errors.As(err, &ue) || errors.As(err, &ie) {
		return 2
	}
	return 1
}

func engineFlags(name, help string, stdout, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("kern "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fs.SetOutput(stdout)
		fmt.Fprint(stdout, help)
		fs.PrintDefaults()
		fs.SetOutput(stderr)
	}
	return fs
}

func engineParseFlags(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return engineUsageError{err.Error()}
	}
	if fs.NArg() > 0 {
		return engineUsageError{fmt.Sprintf("unexpected argument %q", fs.Arg(0))}
	}
	return nil
}

func engineInstant(field, s string) (time.Time, error) {
	if s == "" {
		return time.Time{}, engineBadValue(field, s, "required: an RFC 3339 instant with an offset (2026-03-02T08:00:00+01:00)")
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}, engineBadValue(field, s, "not an RFC 3339 instant with an offset (2026-03-02T08:00:00+01:00)")
	}
	return t, nil
}

func engineActivity(field, s string) (nuclide.Activity, error) {
	a, err := nuclide.ParseActivity(s)
	if err != nil {
		return 0, engineBadValue(field, s, strings.TrimPrefix(err.Error(), fmt.Sprintf("activity %q: ", s)))
	}
	if !(a > 0) {
		return 0, engineBadValue(field, s, "want a positive activity")
	}
	return a, nil
}

func engineNuclide(field, name string) (nuclide.Nuclide, error) {
	n, err := nuclide.Lookup(name)
	if err != nil || n.Stable() {
		return n, engineBadValue(field, name, "unknown nuclide (kern decay --help lists them)")
	}
	return n, nil
}

func engineJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}

const engineDecayHelp = `Usage: kern decay --nuclide N --activity A --from T1 --to T2 [--json]

Prints the activity at instant T2 of a sample of nuclide N with activity A at instant T1, forwards
or backwards in time (decay correction). Activities take a unit: Bq, kBq, MBq, GBq, TBq, Ci, mCi,
µCi or uCi, with a decimal point or a Dutch decimal comma ("7,4 GBq"). Instants are RFC 3339 with
an offset. Half-lives are NUBASE2020. --json prints {"nuclide","activity_bq","from","to","factor"}.

`

func runDecay(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return engineFinish("decay", stderr, engineDecay(args, stdout, stderr))
}

func engineDecay(args []string, stdout, stderr io.Writer) error {
	fs := engineFlags("decay", engineDecayHelp+"Nuclides: "+strings.Join(nuclide.Names(), ", ")+"\n\nFlags:\n", stdout, stderr)
	name := fs.String("nuclide", "", "nuclide, e.g. Lu-177")
	act := fs.String("activity", "", `activity at --from, e.g. "7.4 GBq"`)
	from := fs.String("from", "", "instant of the known activity (RFC 3339)")
	to := fs.String("to", "", "instant wanted (RFC 3339)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := engineParseFlags(fs, args); err != nil {
		return err
	}
	n, err := engineNuclide("--nuclide", *name)
	if err != nil {
		return err
	}
	a, err := engineActivity("--activity", *act)
	if err != nil {
		return err
	}
	t1, err := engineInstant("--from", *from)
	if err != nil {
		return err
	}
	t2, err := engineInstant("--to", *to)
	if err != nil {
		return err
	}
	out, err := nuclide.Decay(n, a, t1, t2)
	if err != nil {
		return engineBadValue("--to", *to, err.Error())
	}
	factor := nuclide.DecayFactor(n, t1, t2)
	if *asJSON {
		return engineJSON(stdout, map[string]any{"nuclide": n.Name, "activity_bq": float64(out),
			"from": t1.Format(time.RFC3339), "to": t2.Format(time.RFC3339), "factor": factor})
	}
	_, err = fmt.Fprintf(stdout, "%s: %s at %s is %s at %s (factor %.6g, half-life %s)\n",
		n.Name, a, t1.Format(time.RFC3339), out, t2.Format(time.RFC3339), factor, n.HalfLifeText)
	return err
}

const engineGeneratorHelp = `Usage: kern generator --parent P --activity A --calibrated T --elute T1[,T2…] [--efficiency E] [--json]
       kern generator size --need need.json [--json]

Prints the daughter activity each elution of a radionuclide generator yields (Mo-99/Tc-99m,
Ge-68/Ga-68, Sr-82/Rb-82, W-188/Re-188, Sr-90/Y-90), given the parent activity at calibration and
the elution history; the column is in equilibrium at calibration and each elution leaves (1 − E)
of the daughter behind. --json prints a list of {"at","daughter_bq","residual_bq","parent_bq"}.

"generator size" finds the smallest parent activity at calibration that meets a week's required
eluate activities, eluting at each need's instant; need.json (or - for standard input) holds
{"parent":"Mo-99","calibrated_at":"…","efficiency":0.9,"needs":[{"at":"…","activity_bq":…}]}
(or "activity":"7,4 GBq" in place of activity_bq).

Flags:
`

func runGenerator(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "size" {
		return engineFinish("generator size", stderr, engineGeneratorSize(args[1:], stdin, stdout, stderr))
	}
	return engineFinish("generator", stderr, engineGenerator(args, stdout, stderr))
}

func engineGenerator(args []string, stdout, stderr io.Writer) error {
	fs := engineFlags("generator", engineGeneratorHelp, stdout, stderr)
	parent := fs.String("parent", "Mo-99", "generator parent")
	act := fs.String("activity", "", `parent activity at calibration, e.g. "20 GBq"`)
	cal := fs.String("calibrated", "", "calibration instant (RFC 3339)")
	elute := fs.String("elute", "", "elution instants, comma-separated (RFC 3339)")
	eff := fs.Float64("efficiency", 0.9, "elution efficiency, the fraction of the daughter eluted (0..1]")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := engineParseFlags(fs, args); err != nil {
		return err
	}
	if _, err := engineNuclide("--parent", *parent); err != nil {
		return err
	}
	a, err := engineActivity("--activity", *act)
	if err != nil {
		return err
	}
	t0, err := engineInstant("--calibrated", *cal)
	if err != nil {
		return err
	}
	if !(*eff > 0 && *eff <= 1) {
		return engineBadValue("--efficiency", fmt.Sprint(*eff), "want a fraction in (0, 1]")
	}
	if *elute == "" {
		return engineBadValue("--elute", "", "required: one or more elution instants, comma-separated")
	}
	var hist []nuclide.Elution
	for _, s := range strings.Split(*elute, ",") {
		t, err := engineInstant("--elute", strings.TrimSpace(s))
		if err != nil {
			return err
		}
		hist = append(hist, nuclide.Elution{At: t, Efficiency: *eff})
	}
	g, err := nuclide.NewGenerator(*parent, a, t0)
	if err != nil {
		return engineBadValue("--parent", *parent, err.Error())
	}
	el, err := g.Elute(hist)
	if err != nil {
		return engineBadValue("--elute", *elute, err.Error())
	}
	if *asJSON {
		type row struct {
			At         string  `json:"at"`
			DaughterBq float64 `json:"daughter_bq"`
			ResidualBq float64 `json:"residual_bq"`
			ParentBq   float64 `json:"parent_bq"`
		}
		rows := make([]row, len(el))
		for i, e := range el {
			rows[i] = row{e.At.Format(time.RFC3339), float64(e.Daughter), float64(e.Residual), float64(e.Parent)}
		}
		return engineJSON(stdout, rows)
	}
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "elution at\t%s eluted\tresidual\t%s on the column\n", g.Daughter.Name, g.Parent.Name)
	for _, e := range el {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", e.At.Format(time.RFC3339), e.Daughter, e.Residual, e.Parent)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	last := el[len(el)-1]
	_, err = fmt.Fprintf(stdout, "%s peaks %.1f h after the last elution.\n", g.Daughter.Name, g.TimeOfMaximum(last.Parent, last.Residual)/3600)
	return err
}

type engineNeedFile struct {
	Parent       string  `json:"parent"`
	CalibratedAt string  `json:"calibrated_at"`
	Efficiency   float64 `json:"efficiency"`
	Needs        []struct {
		At         string  `json:"at"`
		ActivityBq float64 `json:"activity_bq"`
		Activity   string  `json:"activity"`
	} `json:"needs"`
}

func engineInput(path string, stdin io.Reader) ([]byte, error) {
	if path == "" || path == "-" {
		return io.ReadAll(bufio.NewReaderSize(stdin, 1<<20))
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, engineUsageError{err.Error()}
	}
	return data, nil
}

func engineGeneratorSize(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := engineFlags("generator size", engineGeneratorHelp, stdout, stderr)
	needPath := fs.String("need", "", "the needs, a JSON file (- for standard input)")
	asJSON := fs.Bool("json", false, "print JSON")
	if err := engineParseFlags(fs, args); err != nil {
		return err
	}
	if *needPath == "" {
		return engineBadValue("--need", "", "required: a JSON file of needs (- for standard input)")
	}
	data, err := engineInput(*needPath, stdin)
	if err != nil {
		return err
	}
	var nf engineNeedFile
	dec := json.NewDecoder(strings.NewReader(string(data)))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&nf); err != nil {
		return engineBadValue("--need", *needPath, "not a needs document: "+err.Error())
	}
	if nf.Parent == "" {
		nf.Parent = "Mo-99"
	}
	if nf.Efficiency == 0 {
		nf.Efficiency = 0.9
	}
	if !(nf.Efficiency > 0 && nf.Efficiency <= 1) {
		return engineBadValue("efficiency", fmt.Sprint(nf.Efficiency), "want a fraction in (0, 1]")
	}
	if _, err := engineNuclide("parent", nf.Parent); err != nil {
		return err
	}
	cal, err := engineInstant("calibrated_at", nf.CalibratedAt)
	if err != nil {
		return err
	}
	if len(nf.Needs) == 0 {
		return engineBadValue("needs", "[]", "want at least one need")
	}
	needs := make([]nuclide.Need, len(nf.Needs))
	for i, n := range nf.Needs {
		f := fmt.Sprintf("needs[%d]", i)
		at, err := engineInstant(f+".at", n.At)
		if err != nil {
			return err
		}
		a := nuclide.Activity(n.ActivityBq)
		if n.Activity != "" {
			if a, err = engineActivity(f+".activity", n.Activity); err != nil {
				return err
			}
		} else if !(a > 0) {
			return engineBadValue(f+".activity_bq", fmt.Sprint(n.ActivityBq), "want a positive activity in becquerel")
		}
		needs[i] = nuclide.Need{At: at, Activity: a}
	}
	s, err := nuclide.Size(nf.Parent, cal, nf.Efficiency, needs)
	if err != nil {
		return engineBadValue("needs", *needPath, err.Error())
	}
	sorted := append([]nuclide.Need(nil), needs...)
	for i := range sorted { // Size works in time order; so does the report
		for j := i; j > 0 && sorted[j].At.Before(sorted[j-1].At); j-- {
			sorted[j], sorted[j-1] = sorted[j-1], sorted[j]
		}
	}
	if *asJSON {
		type row struct {
			At         string  `json:"at"`
			NeedBq     float64 `json:"need_bq"`
			DaughterBq float64 `json:"daughter_bq"`
		}
		rows := make([]row, len(s.Eluates))
		for i, e := range s.Eluates {
			rows[i] = row{e.At.Format(time.RFC3339), float64(sorted[i].Activity), float64(e.Daughter)}
		}
		return engineJSON(stdout, map[string]any{"parent": nf.Parent, "activity_bq": float64(s.Activity),
			"calibrated_at": cal.Format(time.RFC3339), "limiting_at": sorted[s.Limiting].At.Format(time.RFC3339), "elutions": rows})
	}
	fmt.Fprintf(stdout, "Smallest %s generator: %s at calibration %s; the need at %s sets the size.\n",
		nf.Parent, s.Activity, cal.Format(time.RFC3339), sorted[s.Limiting].At.Format(time.RFC3339))
	tw := tabwriter.NewWriter(stdout, 2, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "elution at\tneeded\teluted\n")
	for i, e := range s.Eluates {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", e.At.Format(time.RFC3339), sorted[i].Activity, e.Daughter)
	}
	return tw.Flush()
}

const engineAllocateHelp = `Usage: kern allocate [--in problem.json] [--out plan.json]
       kern allocate gen --hospitals N --nuclides K --days D --seed S [--out problem.json]

Allocates supply lots to demands: priority classes strictly in order, fill ratios max-min fair
within a class, patient doses served whole or deferred, decay in transit, windows, routes. Reads
the problem as JSON (standard input by default) and writes the plan as JSON (standard output by
default); warnings also go to standard error. The formats and the rules are in
docs/allocation.md, with JSON Schemas in docs/schemas/.

"allocate gen" writes a synthetic problem of the given size (deterministic for a seed).

Flags:
`

func runAllocate(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) > 0 && args[0] == "gen" {
		return engineFinish("allocate gen", stderr, engineAllocateGen(args[1:], stdout, stderr))
	}
	return engineFinish("allocate", stderr, engineAllocate(args, stdin, stdout, stderr))
}

func engineOutput(path string, stdout io.Writer) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		return stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, engineUsageError{err.Error()}
	}
	return f, f.Close, nil
}

func engineAllocate(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := engineFlags("allocate", engineAllocateHelp, stdout, stderr)
	in := fs.String("in", "-", "problem JSON file (- for standard input)")
	out := fs.String("out", "-", "plan JSON file (- for standard output)")
	if err := engineParseFlags(fs, args); err != nil {
		return err
	}
	data, err := engineInput(*in, stdin)
	if err != nil {
		return err
	}
	p, err := alloc.DecodeProblem(data)
	data = nil
	if err != nil {
		return err
	}
	plan, err := alloc.Solve(p)
	if err != nil {
		return err
	}
	for _, w := range plan.Warnings {
		fmt.Fprintf(stderr, "kern allocate: warning: demand %s: %s\n", w.Demand, w.Message)
	}
	w, closeOut, err := engineOutput(*out, stdout)
	if err != nil {
		return err
	}
	if err := plan.EncodeJSON(w); err != nil {
		closeOut()
		return err
	}
	return closeOut()
}

func engineAllocateGen(args []string, stdout, stderr io.Writer) error {
	fs := engineFlags("allocate gen", engineAllocateHelp, stdout, stderr)
	h := fs.Int("hospitals", 63, "nuclear-medicine departments")
	k := fs.Int("nuclides", 25, "nuclides (at most 30)")
	d := fs.Int("days", 28, "days of daily demands")
	seed := fs.Uint64("seed", 1, "random seed")
	out := fs.String("out", "-", "problem JSON file (- for standard output)")
	if err := engineParseFlags(fs, args); err != nil {
		return err
	}
	for _, c := range []struct {
		name string
		v    int
		max  int
	}{{"--hospitals", *h, 100000}, {"--nuclides", *k, 30}, {"--days", *d, 3660}} {
		if c.v < 1 || c.v > c.max {
			return engineBadValue(c.name, fmt.Sprint(c.v), fmt.Sprintf("want 1 to %d", c.max))
		}
	}
	p := alloc.Generate(alloc.GenerateOptions{Hospitals: *h, Nuclides: *k, Days: *d, Seed: *seed})
	w, closeOut, err := engineOutput(*out, stdout)
	if err != nil {
		return err
	}
	bw := bufio.NewWriterSize(w, 1<<20)
	if err := json.NewEncoder(bw).Encode(p); err != nil {
		closeOut()
		return err
	}
	if err := bw.Flush(); err != nil {
		closeOut()
		return err
	}
	links, err := alloc.Links(p)
	if err != nil {
		closeOut()
		return err
	}
	fmt.Fprintf(stderr, "kern allocate gen: %d lots, %d demands, %d routes, %d feasible lot-demand links\n",
		len(p.Lots), len(p.Demands), len(p.Routes), links)
	return closeOut()
}
