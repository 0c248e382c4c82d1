package main

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"kern/internal/app"
	"kern/internal/demo"
)

func serve(args []string, stdout, stderr io.Writer, withDemo bool) error {
	name, synopsis := "serve", "serve [flags]"
	if withDemo {
		name, synopsis = "demo", "demo [flags]  (a fresh demonstration database: <data>/demo.db unless --db is given)"
	}
	fs := newFlags(name, synopsis, stderr)
	cfg := configFlags(fs)
	defFormat := "json"
	if withDemo {
		defFormat = "text"
	}
	logFormat := fs.String("log-format", env("KERN_LOG_FORMAT", defFormat), "log format: json or text (KERN_LOG_FORMAT)")
	noWorker := fs.Bool("no-worker", env("KERN_NO_WORKER", "") != "", "do not run background jobs in this process (KERN_NO_WORKER)")
	if err := parse(fs, args); err != nil {
		return err
	}
	cfg.Workers = !*noWorker
	log := logger(*logFormat, stderr)
	if withDemo && cfg.DB == "" {
		cfg.DB = filepath.Join(cfg.Data, "demo.db")
		for _, suffix := range []string{"", "-wal", "-shm"} {
			if err := os.Remove(cfg.DB + suffix); err != nil && !os.IsNotExist(err) {
				return err
			}
		}
	}
	ctx, stop := signalContext()
	defer stop()
	start := time.Now()
	a, err := app.New(ctx, *cfg, log)
	if err != nil {
		return err
	}
	defer a.Close()
	if withDemo {
		if err := demo.Load(ctx, a.DB, a.Auth, a.Org); err != nil {
			return err
		}
	}
	return a.Serve(ctx, func(addr string) {
		log.Info("kern is ready", "url", "http://"+addr, "database", a.DB.URL, "startup_ms", time.Since(start).Milliseconds())
		if withDemo {
			printDemo(stdout, "http://"+addr)
		}
	})
}

func printDemo(w io.Writer, url string) {
	fmt.Fprintf(w, "\nKern demo is running at %s\n\nLog in with one of these accounts (password %q):\n", url, demo.Password)
	for _, a := range demo.Accounts {
		fmt.Fprintf(w, "  %-30s %s\n", a.Email, a.What)
	}
	fmt.Fprintf(w, "\nThe API is described at %s/api/v1/docs. Stop with Ctrl-C.\n\n", url)
}
