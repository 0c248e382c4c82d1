package main

// kern forecast: the outlook to 2040 on the command line. It reads a scenario (JSON), runs the
// pure engine in internal/forecast and prints a table per year or the result as JSON. Bad input
// exits with status 2 and a message naming the field.

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"kern/internal/forecast"
)

func init() {
	engines["forecast"] = runForecast
}

const engineForecastHelp = `Usage: kern forecast --scenario file.json [--runs N] [--seed S] [--json]
       kern forecast --defaults

Projects the demand per application (diagnostics and therapies) year by year from the scenario's
baseline year to its end year (2040 by default), sets it against the capacity of the facilities
operating each year, and turns it into therapy rooms, staff and hotlabs. Growth parameters with a
band are drawn in N Monte Carlo runs (deterministic for a seed); the table shows medians with the
10th–90th percentile band, --json the whole result. --defaults prints the Dutch default scenario,
every value with its source or marked as an assumption, to start a scenario from. The formats are
in docs/forecast.md, with JSON Schemas in docs/schemas/.

Flags:
`

func runForecast(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	return engineFinish("forecast", stderr, engineForecast(args, stdin, stdout, stderr))
}

func engineForecast(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := engineFlags("forecast", engineForecastHelp, stdout, stderr)
	path := fs.String("scenario", "", "scenario JSON file (- for standard input)")
	runs := fs.Int("runs", forecast.DefaultRuns, fmt.Sprintf("Monte Carlo runs (1 to %d)", forecast.MaxRuns))
	seed := fs.Uint64("seed", 1, "random seed")
	asJSON := fs.Bool("json", false, "print the result as JSON")
	defaults := fs.Bool("defaults", false, "print the default scenario as JSON")
	if err := engineParseFlags(fs, args); err != nil {
		return err
	}
	if *defaults {
		return engineJSON(stdout, forecast.DefaultScenario())
	}
	if *path == "" {
		return engineBadValue("--scenario", "", "required: a scenario JSON file (- for standard input; kern forecast --defaults prints one)")
	}
	if *runs < 1 || *runs > forecast.MaxRuns {
		return engineBadValue("--runs", strconv.Itoa(*runs), fmt.Sprintf("want 1 to %d", forecast.MaxRuns))
	}
	data, err := engineInput(*path, stdin)
	if err != nil {
		return err
	}
	s, err := forecast.DecodeScenario(data)
	if err != nil {
		return forecastInputError(*path, err)
	}
	res, err := forecast.Run(s, forecast.Options{Runs: *runs, Seed: *seed})
	if err != nil {
		return forecastInputError(*path, err)
	}
	if *asJSON {
		return engineJSON(stdout, res)
	}
	return printForecast(stdout, s, res)
}

// forecastInputError makes the engine's field errors usage errors (exit status 2).
func forecastInputError(path string, err error) error {
	var ie *forecast.InputError
	if errors.As(err, &ie) {
		return engineUsageError{fmt.Sprintf("%s: %v", path, ie)}
	}
	return err
}

func printForecast(w io.Writer, s forecast.Scenario, res forecast.Result) error {
	title := res.Scenario
	if title == "" {
		title = "Scenario"
	}
	fmt.Fprintf(w, "%s: %d–%d, %d Monte Carlo runs, seed %d.\nMedians, with the 10th–90th percentile band in brackets.\n",
		title, res.BaselineYear, res.EndYear, res.Runs, res.Seed)

	fmt.Fprintf(w, "\nProcedures a year\n")
	tw := tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	head := []string{"year"}
	for _, a := range s.Applications {
		head = append(head, a.Name)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for _, y := range res.Years {
		row := []string{strconv.Itoa(y.Year)}
		for _, a := range y.Applications {
			row = append(row, spreadText(a.Procedures))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}

	for p, prod := range s.Products {
		if res.Years[0].Products[p].Capacity == nil {
			continue
		}
		fmt.Fprintf(w, "\n%s (%s a year): demand against the capacity of the facilities operating; a negative gap is a shortfall\n", prod.Name, prod.Unit)
		tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "year\tdemand\tcapacity\tgap\toperating")
		for _, y := range res.Years {
			py := y.Products[p]
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", y.Year, spreadText(py.Demand), number(*py.Capacity), spreadText(*py.Gap), strings.Join(py.Operating, ", "))
		}
		if err := tw.Flush(); err != nil {
			return err
		}
	}

	fmt.Fprintf(w, "\nResources for the therapies (added since %d in the last columns)\n", res.BaselineYear)
	tw = tabwriter.NewWriter(w, 2, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "year\ttherapy rooms\tstaff FTE\thotlabs\t+rooms\t+FTE\t+hotlabs")
	base := res.Years[0].Resources
	for _, y := range res.Years {
		r := y.Resources
		fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\t%s\t%s\n", y.Year, spreadText(r.TherapyRooms), spreadText(r.StaffFTE), spreadText(r.Hotlabs),
			number(r.TherapyRooms.P50-base.TherapyRooms.P50), number(r.StaffFTE.P50-base.StaffFTE.P50), number(r.Hotlabs.P50-base.Hotlabs.P50))
	}
	return tw.Flush()
}

func spreadText(s forecast.Spread) string {
	if s.P10 == s.P90 {
		return number(s.P50)
	}
	return fmt.Sprintf("%s [%s–%s]", number(s.P50), number(s.P10), number(s.P90))
}

// number prints whole numbers with thousands separators and small ones with a decimal.
func number(v float64) string {
	if math.Abs(v) < 100 {
		return strconv.FormatFloat(v, 'f', 1, 64)
	}
	s := strconv.FormatFloat(math.Abs(v), 'f', 0, 64)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if v < 0 {
		s = "-" + s
	}
	return s
}
