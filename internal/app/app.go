// Package app wires Kern together: configuration → database → services → HTTP server → background
// worker. A test can start the whole platform with New and Handler, as the binary does.
package app

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"path/filepath"
	"strings"
	"time"

	"kern/internal/account"
	"kern/internal/admin"
	"kern/internal/api"
	"kern/internal/auth"
	"kern/internal/db"
	"kern/internal/gov"
	"kern/internal/gov/meetings"
	"kern/internal/gov/reports"
	"kern/internal/gov/vacancies"
	"kern/internal/jobs"
	"kern/internal/notify"
	"kern/internal/org"
	"kern/internal/outbox"
	"kern/internal/plan"
	"kern/internal/plan/actions"
	"kern/internal/plan/rounds"
	"kern/internal/supply"
	"kern/internal/supply/demand"
	"kern/internal/supply/outlook"
	"kern/internal/supply/runs"
	"kern/internal/supply/scenarios"
	"kern/internal/today"
	"kern/internal/web"
	"kern/internal/web/i18n"
)

// Version is set at build time with -ldflags "-X kern/internal/app.Version=…".
var Version = "dev"

// Config is everything an operator can set; each field has a flag and a KERN_* variable.
type Config struct {
	Addr    string // KERN_ADDR
	DB      string // KERN_DB: a SQLite path or a postgres:// URL; default <data>/kern.db
	Data    string // KERN_DATA
	BaseURL string // KERN_BASE_URL
	Lang    string // KERN_LANG
	SMTP    outbox.SMTP
	Workers bool // run the background worker in this process
}

// DatabaseURL is the database the configuration names.
func (c Config) DatabaseURL() string {
	if c.DB != "" {
		return c.DB
	}
	return filepath.Join(c.Data, "kern.db")
}

// App is a running Kern.
type App struct {
	Config    Config
	Log       *slog.Logger
	DB        *db.DB
	Catalog   *i18n.Catalog
	Auth      *auth.Service
	Org       *org.Service
	Plan      *plan.Service
	Rounds    *rounds.Service
	Actions   *actions.Service
	Notify    *notify.Service
	Gov       *gov.Service
	Meetings  *meetings.Service
	Vacancies *vacancies.Service
	Reports   *reports.Service
	Supply    *supply.Service
	Outlook   *outlook.Service
	Demand    *demand.Service
	Runs      *runs.Service
	Scenarios *scenarios.Service
	Web       *web.Kit
	API       *api.Kit
	Worker    *jobs.Worker
	mux       *http.ServeMux
	handler   http.Handler
}

// Catalog loads every capability's messages.
func Catalog() (*i18n.Catalog, error) {
	return i18n.Load(web.CatalogFS, auth.CatalogFS, org.CatalogFS, account.CatalogFS, admin.CatalogFS, api.CatalogFS,
		plan.CatalogFS, rounds.CatalogFS, actions.CatalogFS,
		notify.CatalogFS, gov.CatalogFS, meetings.CatalogFS, vacancies.CatalogFS, reports.CatalogFS, today.CatalogFS,
		supply.CatalogFS, outlook.CatalogFS, demand.CatalogFS, runs.CatalogFS, scenarios.CatalogFS)
}

// New opens the database, applies migrations and builds the services and handlers.
func New(ctx context.Context, cfg Config, log *slog.Logger) (*App, error) {
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + cfg.Addr
	}
	cfg.BaseURL = strings.TrimRight(cfg.BaseURL, "/")
	lang, ok := i18n.Parse(cfg.Lang)
	if !ok {
		return nil, fmt.Errorf("unknown language %q: choose nl or en", cfg.Lang)
	}
	d, err := db.Open(ctx, cfg.DatabaseURL())
	if err != nil {
		return nil, err
	}
	if n, err := d.Migrate(ctx); err != nil {
		d.Close()
		return nil, err
	} else if n > 0 {
		log.Info("migrations applied", "count", n, "database", d.URL)
	}
	a, err := assemble(cfg, log, d, lang)
	if err != nil {
		d.Close()
		return nil, err
	}
	return a, nil
}

// Assemble builds the platform on a database that is already open and migrated (tests use it).
func Assemble(cfg Config, log *slog.Logger, d *db.DB) (*App, error) {
	lang, ok := i18n.Parse(cfg.Lang)
	if !ok {
		lang = i18n.EN
	}
	if cfg.BaseURL == "" {
		cfg.BaseURL = "http://" + cfg.Addr
	}
	return assemble(cfg, log, d, lang)
}

func assemble(cfg Config, log *slog.Logger, d *db.DB, lang i18n.Lang) (*App, error) {
	cat, err := Catalog()
	if err != nil {
		return nil, err
	}
	a := &App{Config: cfg, Log: log, DB: d, Catalog: cat}
	a.Auth = &auth.Service{DB: d, Catalog: cat, BaseURL: cfg.BaseURL, Log: log}
	a.Org = &org.Service{DB: d}
	a.Actions = &actions.Service{DB: d, Catalog: cat, BaseURL: cfg.BaseURL}
	a.Rounds = &rounds.Service{DB: d, BaseURL: cfg.BaseURL}
	a.Plan = &plan.Service{DB: d, Progress: a.Actions, PublicActions: a.Actions, PublicRounds: a.Rounds, Catalog: cat, BaseURL: cfg.BaseURL}
	a.Notify = &notify.Service{DB: d, Catalog: cat, BaseURL: cfg.BaseURL}
	a.Plan.Notify, a.Actions.Notify = a.Notify, a.Notify
	a.Gov = &gov.Service{DB: d, Notify: a.Notify, Catalog: cat, BaseURL: cfg.BaseURL}
	a.Meetings = &meetings.Service{DB: d, Gov: a.Gov, Actions: a.Actions, Notify: a.Notify, BaseURL: cfg.BaseURL}
	a.Gov.Meetings = a.Meetings
	a.Vacancies = &vacancies.Service{DB: d, Gov: a.Gov, Notify: a.Notify, Org: a.Org, BaseURL: cfg.BaseURL}
	a.Reports = &reports.Service{DB: d, Gov: a.Gov, Actions: a.Actions, Plan: a.Plan, Meetings: a.Meetings, Notify: a.Notify, BaseURL: cfg.BaseURL}
	a.Supply = &supply.Service{DB: d, Notify: a.Notify}
	a.Outlook = &outlook.Service{DB: d}
	a.Demand = &demand.Service{DB: d}
	a.Runs = &runs.Service{DB: d, Notify: a.Notify}
	a.Scenarios = &scenarios.Service{DB: d, Runs: a.Runs}
	a.Web, err = web.New(cat, a.Auth, log, lang, strings.HasPrefix(cfg.BaseURL, "https://"))
	if err != nil {
		return nil, err
	}
	a.Web.Metrics.Pool("write", d.Write)
	if d.Read != d.Write {
		a.Web.Metrics.Pool("read", d.Read)
	}
	a.mux = http.NewServeMux()
	a.API = api.New(a.mux, cat, log, Version)
	if err := a.routes(); err != nil {
		return nil, err
	}
	a.handler = a.Web.Handler(a.mux)
	sender := &outbox.Sender{DB: d, SMTP: cfg.SMTP, Dir: filepath.Join(cfg.Data, "outbox")}
	a.Worker = &jobs.Worker{DB: d, Log: log,
		Handlers: map[string]jobs.Handler{outbox.Kind: sender.Deliver, plan.ReminderJob: a.Plan.RemindOverdue,
			actions.ReminderJob: a.Actions.RemindOverdue, rounds.CloseJob: a.Rounds.CloseJob,
			notify.DigestJob: a.Notify.Digest, meetings.MinutesJob: a.Meetings.RemindMissingMinutes,
			vacancies.TermsJob: a.Vacancies.RemindTerms, reports.DraftJob: a.Reports.DraftDue,
			runs.NightlyJob: func(ctx context.Context, payload string) error { return a.Runs.RunNightly(ctx, []byte(payload)) }},
		Recurring: map[string]time.Duration{plan.ReminderJob: 24 * time.Hour, actions.ReminderJob: 24 * time.Hour,
			rounds.CloseJob: time.Hour, notify.DigestJob: 24 * time.Hour, meetings.MinutesJob: 24 * time.Hour,
			vacancies.TermsJob: 24 * time.Hour, reports.DraftJob: 24 * time.Hour, runs.NightlyJob: 24 * time.Hour}}
	return a, nil
}

func (a *App) routes() error {
	m := a.mux
	m.HandleFunc("GET /static/{hash}/{name...}", a.Web.Static)
	m.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) { w.Write([]byte("ok\n")) })
	m.HandleFunc("GET /readyz", a.ready)
	m.Handle("GET /metrics", a.Web.Metrics)
	docs, err := a.API.Docs(a.Web)
	if err != nil {
		return err
	}
	m.HandleFunc("GET /api/v1/docs", docs)
	m.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) { a.Web.NotFound(w, r) })
	m.HandleFunc("/", a.Web.NotFound)
	for _, h := range []interface{ Routes(*http.ServeMux) error }{
		&org.Web{Org: a.Org, Auth: a.Auth, Kit: a.Web},
		&account.Web{Auth: a.Auth, Kit: a.Web},
		&admin.Web{Auth: a.Auth, Org: a.Org, Kit: a.Web},
		&plan.Web{Plan: a.Plan, Auth: a.Auth, Kit: a.Web},
		&rounds.Web{Rounds: a.Rounds, Auth: a.Auth, Kit: a.Web},
		&actions.Web{Actions: a.Actions, Auth: a.Auth, Kit: a.Web},
		&notify.Web{Notify: a.Notify, Kit: a.Web},
		&supply.Web{Supply: a.Supply, Auth: a.Auth, Kit: a.Web},
		&outlook.Web{Outlook: a.Outlook, Kit: a.Web},
		&demand.Web{Demand: a.Demand, Kit: a.Web},
		&runs.Web{Runs: a.Runs, Kit: a.Web},
		&scenarios.Web{Scenarios: a.Scenarios, Kit: a.Web},
		&today.Web{Plan: a.Plan, Actions: a.Actions, Gov: a.Gov, Meetings: a.Meetings, Notify: a.Notify, Kit: a.Web},
		&gov.Web{Gov: a.Gov, Kit: a.Web},
		&meetings.Web{Meetings: a.Meetings, Kit: a.Web},
		&vacancies.Web{Vacancies: a.Vacancies, Kit: a.Web},
		&reports.Web{Reports: a.Reports, Kit: a.Web},
	} {
		if err := h.Routes(m); err != nil {
			return err
		}
	}
	(&org.API{Org: a.Org, Auth: a.Auth, Kit: a.API}).Routes()
	(&admin.API{Auth: a.Auth, Kit: a.API}).Routes()
	(&plan.API{Plan: a.Plan, Kit: a.API}).Routes()
	(&rounds.API{Rounds: a.Rounds, Kit: a.API}).Routes()
	(&actions.API{Actions: a.Actions, Kit: a.API}).Routes()
	(&notify.API{Notify: a.Notify, Kit: a.API}).Routes()
	(&supply.API{Supply: a.Supply, Kit: a.API}).Routes()
	(&outlook.API{Outlook: a.Outlook, Kit: a.API}).Routes()
	(&demand.API{Demand: a.Demand, Kit: a.API}).Routes()
	(&runs.API{Runs: a.Runs, Kit: a.API}).Routes()
	(&scenarios.API{Scenarios: a.Scenarios, Kit: a.API}).Routes()
	(&gov.API{Gov: a.Gov, Kit: a.API}).Routes()
	(&meetings.API{Meetings: a.Meetings, Kit: a.API}).Routes()
	(&vacancies.API{Vacancies: a.Vacancies, Kit: a.API}).Routes()
	(&reports.API{Reports: a.Reports, Kit: a.API}).Routes()
	return nil
}

// ready answers 200 when the database answers and every migration is applied.
func (a *App) ready(w http.ResponseWriter, r *http.Request) {
	ctx, cancel := context.WithTimeout(r.Context(), 2*time.Second)
	defer cancel()
	if err := a.DB.Ping(ctx); err != nil {
		http.Error(w, "database unreachable", http.StatusServiceUnavailable)
		return
	}
	if ok, err := a.DB.Current(ctx); err != nil || !ok {
		http.Error(w, "migrations pending", http.StatusServiceUnavailable)
		return
	}
	w.Write([]byte("ready\n"))
}

// Handler is the whole platform as one http.Handler.
func (a *App) Handler() http.Handler { return a.handler }

// Close closes the database.
func (a *App) Close() error { return a.DB.Close() }

// Serve listens on the configured address until ctx ends, then lets requests in flight finish
// (up to 20 seconds) and stops the worker.
func (a *App) Serve(ctx context.Context, ready func(addr string)) error {
	srv := &http.Server{Addr: a.Config.Addr, Handler: a.handler, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 60 * time.Second, WriteTimeout: 120 * time.Second, IdleTimeout: 120 * time.Second,
		ErrorLog: slog.NewLogLogger(a.Log.Handler(), slog.LevelWarn)}
	ln, err := net.Listen("tcp", a.Config.Addr)
	if err != nil {
		return err
	}
	workCtx, stopWork := context.WithCancel(context.Background())
	workDone := make(chan struct{})
	go func() {
		defer close(workDone)
		if a.Config.Workers {
			a.Worker.Run(workCtx)
		}
	}()
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	if ready != nil {
		ready(ln.Addr().String())
	}
	select {
	case err := <-errc:
		stopWork()
		<-workDone
		return err
	case <-ctx.Done():
	}
	a.Log.Info("shutting down: finishing requests in flight")
	shutCtx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	err = srv.Shutdown(shutCtx)
	stopWork()
	<-workDone
	if errors.Is(err, http.ErrServerClosed) {
		err = nil
	}
	return err
}
