package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The administrator's commands, in the order an operator would use them on a fresh database.
func TestCommandLine(t *testing.T) {
	dir := t.TempDir()
	dbArgs := []string{"--data", dir}
	for _, tc := range []struct {
		name   string
		args   []string
		stdin  string
		code   int
		stdout string // a part of standard output, or of standard error when code != 0
	}{
		{"help", []string{"--help"}, "", 0, "kern serve"},
		{"unknown command", []string{"fly"}, "", 2, "unknown command"},
		{"version", []string{"version"}, "", 0, "kern "},
		{"migrations before anything", []string{"migrate", "status"}, "", 0, "pending"},
		{"migrate", []string{"migrate", "up"}, "", 0, "up to date"},
		{"migrations after", []string{"migrate", "status"}, "", 0, "applied"},
		{"create an admin", []string{"user", "create", "--email", "Beheer@Example.org", "--name", "Beheer", "--role", "admin"},
			"een lang wachtwoord\n", 0, "created beheer@example.org"},
		{"the same e-mail again", []string{"user", "create", "--email", "beheer@example.org", "--name", "Twee"},
			"een lang wachtwoord\n", 1, "email: This e-mail address is already in use"},
		{"a short password", []string{"user", "create", "--email", "kort@example.org", "--name", "Kort"}, "kort\n", 1, "password:"},
		{"an unknown role", []string{"user", "grant", "--email", "beheer@example.org", "--role", "king"}, "", 1, "role"},
		{"grant coordinator", []string{"user", "grant", "--email", "beheer@example.org", "--role", "coordinator"}, "", 0, "is now coordinator"},
		{"list", []string{"user", "list"}, "", 0, "beheer@example.org"},
		{"reset a password", []string{"user", "reset-password", "--email", "beheer@example.org"}, "nog een lang wachtwoord\n", 0, "replaced"},
		{"a token", []string{"token", "create", "--email", "beheer@example.org", "--scope", "read"}, "", 0, "kern_"},
		{"a token with a bad scope", []string{"token", "create", "--email", "beheer@example.org", "--scope", "all"}, "", 1, "scope"},
		{"backup without --out", []string{"backup"}, "", 2, "--out"},
		{"backup", []string{"backup", "--out", filepath.Join(dir, "copy.db")}, "", 0, "backup written"},
		{"backup over an existing file", []string{"backup", "--out", filepath.Join(dir, "copy.db")}, "", 2, "already exists"},
		{"backup of PostgreSQL points to pg_dump", []string{"backup", "--db", "postgres://x@localhost/kern", "--out", "x"}, "", 2, "pg_dump"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var out, errOut bytes.Buffer
			args := withDatabase(tc.args, dbArgs)
			code := run(args, strings.NewReader(tc.stdin), &out, &errOut)
			text := out.String()
			if tc.code != 0 {
				text = errOut.String()
			}
			if code != tc.code || !strings.Contains(text, tc.stdout) {
				t.Fatalf("exit %d (want %d); stdout %q; stderr %q", code, tc.code, out.String(), errOut.String())
			}
		})
	}
	if st, err := os.Stat(filepath.Join(dir, "copy.db")); err != nil || st.Size() == 0 {
		t.Fatalf("the backup file is missing or empty: %v", err)
	}
}

// withDatabase puts the database flags after the command words (which do not start with "-") and
// before the command's own flags and arguments.
func withDatabase(args, dbArgs []string) []string {
	n := 0
	for n < len(args) && n < 2 && !strings.HasPrefix(args[n], "-") && args[n] != "status" && args[n] != "up" {
		n++
	}
	if n == 0 || args[0] == "version" || args[0] == "fly" {
		return args
	}
	out := append([]string{}, args[:n]...)
	out = append(out, dbArgs...)
	return append(out, args[n:]...)
}
