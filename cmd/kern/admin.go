package main

import (
	"bufio"
	"context"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"kern/internal/app"
	"kern/internal/auth"
)

// open opens the configured database without serving.
func open(cfg *app.Config) (*app.App, error) {
	return app.New(context.Background(), *cfg, slog.New(slog.NewTextHandler(io.Discard, nil)))
}

func migrate(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("migrate", "migrate up|status [flags]", stderr)
	cfg := configFlags(fs)
	if err := parse(fs, args); err != nil {
		return err
	}
	action := fs.Arg(0)
	if action != "up" && action != "status" {
		fs.Usage()
		return usageError("migrate needs 'up' or 'status'")
	}
	// app.New applies pending migrations; status lists them afterwards, so it opens the
	// database directly to report what is pending before anything runs.
	if action == "status" {
		return migrationStatus(cfg, stdout)
	}
	a, err := open(cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	fmt.Fprintln(stdout, "migrations are up to date on", a.DB.URL)
	return nil
}

func user(args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		return usageError("user needs create, reset-password, list or grant")
	}
	action, args := args[0], args[1:]
	fs := newFlags("user "+action, "user "+action+" [flags]", stderr)
	cfg := configFlags(fs)
	email := fs.String("email", "", "e-mail address of the account")
	name := fs.String("name", "", "name of the person (create)")
	role := fs.String("role", "member", "platform role: admin, coordinator or member (create, grant)")
	lang := fs.String("user-lang", "", "language of the account: nl or en (create)")
	if err := parse(fs, args); err != nil {
		return err
	}
	a, err := open(cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	ctx, sys := context.Background(), auth.System()
	switch action {
	case "create":
		password, generated, err := readPassword(stdin)
		if err != nil {
			return err
		}
		u, err := a.Auth.CreateUser(ctx, sys, auth.NewUser{Email: *email, Name: *name, Role: auth.Role(*role), Lang: *lang, Password: password})
		if err != nil {
			return explain(a, err)
		}
		fmt.Fprintf(stdout, "created %s (%s), role %s\n", u.Email, u.Name, u.Role)
		if generated {
			fmt.Fprintf(stdout, "password (shown once): %s\n", password)
		}
	case "reset-password":
		u, err := a.Auth.UserByEmail(ctx, sys, *email)
		if err != nil {
			return explain(a, err)
		}
		password, generated, err := readPassword(stdin)
		if err != nil {
			return err
		}
		if err := a.Auth.SetPassword(ctx, sys, u.ID, password); err != nil {
			return explain(a, err)
		}
		fmt.Fprintf(stdout, "password of %s replaced; their sessions have ended\n", u.Email)
		if generated {
			fmt.Fprintf(stdout, "password (shown once): %s\n", password)
		}
	case "list":
		users, err := a.Auth.Users(ctx, sys, "")
		if err != nil {
			return err
		}
		tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "ID\tE-MAIL\tNAME\tROLE\tCREATED")
		for _, u := range users {
			fmt.Fprintf(tw, "%d\t%s\t%s\t%s\t%s\n", u.ID, u.Email, u.Name, u.Role, u.CreatedAt.Format(time.DateOnly))
		}
		tw.Flush()
	case "grant":
		u, err := a.Auth.UserByEmail(ctx, sys, *email)
		if err != nil {
			return explain(a, err)
		}
		if _, err := a.Auth.GrantRole(ctx, sys, u.ID, auth.Role(*role)); err != nil {
			return explain(a, err)
		}
		fmt.Fprintf(stdout, "%s is now %s\n", u.Email, *role)
	default:
		return usageError("user needs create, reset-password, list or grant")
	}
	return nil
}

// readPassword reads one line from standard input when it is not a terminal; at a terminal it
// makes a strong password instead, which the caller prints once.
func readPassword(stdin io.Reader) (string, bool, error) {
	if f, ok := stdin.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode()&os.ModeCharDevice != 0 {
			b := make([]byte, 15)
			rand.Read(b)
			return base64.RawURLEncoding.EncodeToString(b), true, nil
		}
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && err != io.EOF {
		return "", false, err
	}
	return strings.TrimRight(line, "\r\n"), false, nil
}

// explain turns an application error into a sentence with the fields named.
func explain(a *app.App, err error) error {
	return fmt.Errorf("%s", describe(a, err))
}

func token(args []string, stdout, stderr io.Writer) error {
	if len(args) == 0 || args[0] != "create" {
		return usageError("token needs create")
	}
	fs := newFlags("token create", "token create --email E --scope read|read-write [--expires 720h]", stderr)
	cfg := configFlags(fs)
	email := fs.String("email", "", "e-mail address of the account the token acts for")
	scope := fs.String("scope", "read", "read or read-write")
	expires := fs.Duration("expires", 90*24*time.Hour, "lifetime; 0 for a token that never expires")
	name := fs.String("name", "command line", "a name to recognise the token by")
	if err := parse(fs, args[1:]); err != nil {
		return err
	}
	a, err := open(cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	t, secret, err := a.Auth.CreateTokenFor(context.Background(), auth.System(), *email,
		auth.NewToken{Name: *name, Scope: auth.Scope(*scope), Expires: *expires})
	if err != nil {
		return explain(a, err)
	}
	fmt.Fprintln(stdout, secret)
	if t.ExpiresAt != nil {
		fmt.Fprintf(stderr, "token %q for %s, scope %s, expires %s; it is shown only this once\n", t.Name, *email, t.Scope,
			t.ExpiresAt.Format(time.RFC3339))
	}
	return nil
}

func backup(args []string, stdout, stderr io.Writer) error {
	fs := newFlags("backup", "backup --out FILE [flags]", stderr)
	cfg := configFlags(fs)
	out := fs.String("out", "", "where to write the copy (must not exist yet)")
	if err := parse(fs, args); err != nil {
		return err
	}
	if isPostgres(cfg.DatabaseURL()) {
		return usageError("on PostgreSQL use pg_dump: pg_dump --format=custom --file=kern.dump \"$KERN_DB\" (see docs/operations.md)")
	}
	if *out == "" {
		return usageError("backup needs --out FILE")
	}
	if _, err := os.Stat(*out); err == nil {
		return usageError(*out + " already exists")
	}
	a, err := open(cfg)
	if err != nil {
		return err
	}
	defer a.Close()
	// VACUUM INTO writes a consistent copy from one read transaction while others keep writing.
	if _, err := a.DB.Write.Exec(`VACUUM INTO ` + quote(*out)); err != nil {
		return fmt.Errorf("backup: %w", err)
	}
	fmt.Fprintln(stdout, "backup written to", *out)
	return nil
}

func quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
