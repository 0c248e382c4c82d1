// Command kern is the coordination platform of the Dutch nuclear-medicine ecosystem: one binary
// that serves the web pages and the JSON API, migrates its database, manages accounts, and runs
// the isotope engines from the command line.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strconv"
	"strings"
	"syscall"

	"kern/internal/app"
)

// engines are the isotope engine commands (decay, generator, allocate, forecast), registered by their file.
var engines = map[string]func(args []string, stdin io.Reader, stdout, stderr io.Writer) int{}

const usage = `kern — the coordination platform of Dutch nuclear medicine

Usage:
  kern serve     [flags]   serve the web pages and the API
  kern demo      [flags]   serve with demonstration data in a fresh database
  kern migrate   up|status apply or list database migrations
  kern user      create|reset-password|list|grant   manage accounts
  kern token     create    make an API token for an account
  kern backup    --out F   copy the SQLite database while it is in use
  kern version             print the version
  kern decay | generator | allocate | forecast   the isotope engines (see each one's --help)

Every flag has an environment twin: --addr is KERN_ADDR, --db is KERN_DB, and so on.
Run 'kern <command> --help' for a command's flags.
`

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 || args[0] == "-h" || args[0] == "--help" || args[0] == "help" {
		fmt.Fprint(stdout, usage)
		if len(args) == 0 {
			return 2
		}
		return 0
	}
	cmd, rest := args[0], args[1:]
	if f, ok := engines[cmd]; ok {
		return f(rest, stdin, stdout, stderr)
	}
	var err error
	switch cmd {
	case "serve":
		err = serve(rest, stdout, stderr, false)
	case "demo":
		err = serve(rest, stdout, stderr, true)
	case "migrate":
		err = migrate(rest, stdout, stderr)
	case "user":
		err = user(rest, stdin, stdout, stderr)
	case "token":
		err = token(rest, stdout, stderr)
	case "backup":
		err = backup(rest, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "kern", app.Version)
		return 0
	default:
		fmt.Fprintf(stderr, "kern: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	if errors.Is(err, flag.ErrHelp) {
		return 0
	}
	var ue usageError
	if errors.As(err, &ue) {
		fmt.Fprintln(stderr, "kern:", err)
		return 2
	}
	if err != nil {
		fmt.Fprintln(stderr, "kern:", err)
		return 1
	}
	return 0
}

// usageError is a mistake in the command line: exit status 2.
type usageError string

func (e usageError) Error() string { return string(e) }

func env(name, def string) string {
	if v, ok := os.LookupEnv(name); ok {
		return v
	}
	return def
}

// configFlags adds the flags every command that opens the database shares.
func configFlags(fs *flag.FlagSet) *app.Config {
	c := &app.Config{}
	fs.StringVar(&c.Addr, "addr", env("KERN_ADDR", "127.0.0.1:8080"), "address to listen on (KERN_ADDR)")
	fs.StringVar(&c.Data, "data", env("KERN_DATA", "./kern-data"), "data folder: SQLite database, e-mail files (KERN_DATA)")
	fs.StringVar(&c.DB, "db", env("KERN_DB", ""), "database: a SQLite file path or a postgres:// URL; default <data>/kern.db (KERN_DB)")
	fs.StringVar(&c.BaseURL, "base-url", env("KERN_BASE_URL", ""), "public URL, for links in e-mail; https enables secure cookies (KERN_BASE_URL)")
	fs.StringVar(&c.Lang, "lang", env("KERN_LANG", "en"), "language when the browser asks for neither Dutch nor English: nl or en (KERN_LANG)")
	fs.StringVar(&c.SMTP.Host, "smtp-host", env("KERN_SMTP_HOST", ""), "SMTP server; empty writes e-mail as .eml files to <data>/outbox (KERN_SMTP_HOST)")
	port, _ := strconv.Atoi(env("KERN_SMTP_PORT", "587"))
	fs.IntVar(&c.SMTP.Port, "smtp-port", port, "SMTP port (KERN_SMTP_PORT)")
	fs.StringVar(&c.SMTP.Username, "smtp-user", env("KERN_SMTP_USER", ""), "SMTP user name (KERN_SMTP_USER)")
	c.SMTP.Password = os.Getenv("KERN_SMTP_PASSWORD") // environment only: a flag would show in the process list
	fs.StringVar(&c.SMTP.From, "mail-from", env("KERN_MAIL_FROM", "kern@localhost"), "sender address of e-mail (KERN_MAIL_FROM)")
	return c
}

func newFlags(name, synopsis string, stderr io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("kern "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintf(fs.Output(), "Usage: kern %s\n\n", synopsis)
		fs.PrintDefaults()
	}
	return fs
}

func parse(fs *flag.FlagSet, args []string) error {
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return err
		}
		return usageError(err.Error())
	}
	return nil
}

func logger(format string, w io.Writer) *slog.Logger {
	if format == "json" {
		return slog.New(slog.NewJSONHandler(w, nil))
	}
	return slog.New(slog.NewTextHandler(w, nil))
}

func signalContext() (context.Context, context.CancelFunc) {
	return signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
}

func isPostgres(url string) bool {
	return strings.HasPrefix(url, "postgres://") || strings.HasPrefix(url, "postgresql://")
}
