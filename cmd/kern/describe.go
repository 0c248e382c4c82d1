package main

import (
	"context"
	"fmt"
	"strings"

	"kern"
	"kern/internal/app"
	"kern/internal/db"
	"kern/internal/web/i18n"
)

// describe renders an application error in English with its fields, for the terminal.
func describe(a *app.App, err error) string {
	e := kern.AsError(err)
	if e == nil {
		return err.Error()
	}
	msg := a.Catalog.T(i18n.EN, e.Key, e.Args...)
	var parts []string
	for _, f := range e.FieldNames() {
		parts = append(parts, fmt.Sprintf("%s: %s", f, a.Catalog.T(i18n.EN, e.Fields[f])))
	}
	if len(parts) > 0 {
		return strings.Join(parts, "; ")
	}
	return msg
}

func migrationStatus(cfg *app.Config, stdout interface{ Write([]byte) (int, error) }) error {
	d, err := db.Open(context.Background(), cfg.DatabaseURL())
	if err != nil {
		return err
	}
	defer d.Close()
	list, err := d.Migrations(context.Background())
	if err != nil {
		return err
	}
	for _, m := range list {
		state := "pending"
		if m.Applied {
			state = "applied"
		}
		fmt.Fprintf(stdout, "%05d  %-8s %s\n", m.Version, state, m.Name)
	}
	return nil
}
