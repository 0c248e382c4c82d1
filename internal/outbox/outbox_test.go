package outbox_test

import (
	"context"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"kern/internal/db"
	"kern/internal/db/dbtest"
	"kern/internal/jobs"
	"kern/internal/outbox"
)

func TestMessageIsWrittenAsEMLAndKeptWhenSMTPFails(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		dir := t.TempDir()
		good := &outbox.Sender{DB: d, Dir: dir}
		down := &outbox.Sender{DB: d, SMTP: outbox.SMTP{Host: "127.0.0.1", Port: 1}} // nothing listens there
		if err := outbox.Enqueue(ctx, d.Write, outbox.Message{To: "a@example.org", Subject: "Wachtwoord", Text: "Hallo"}); err != nil {
			t.Fatal(err)
		}
		log := slog.New(slog.NewTextHandler(io.Discard, nil))
		w := &jobs.Worker{DB: d, Log: log, Handlers: map[string]jobs.Handler{outbox.Kind: down.Deliver}}
		w.RunDue(ctx)
		var sent int
		d.Read.QueryRow(`SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL`).Scan(&sent)
		if sent != 0 {
			t.Fatal("a message counted as sent while the server was down")
		}
		var errText string
		d.Read.QueryRow(`SELECT last_error FROM jobs`).Scan(&errText)
		if errText == "" {
			t.Fatal("the failed delivery left no error for the retry")
		}
		// The retry, now through the .eml writer.
		if err := good.Deliver(ctx, "1"); err != nil {
			t.Fatal(err)
		}
		b, err := os.ReadFile(filepath.Join(dir, "000001.eml"))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(b), "Subject: Wachtwoord") || !strings.Contains(string(b), "a@example.org") {
			t.Fatalf("eml = %s", b)
		}
		d.Read.QueryRow(`SELECT count(*) FROM outbox WHERE sent_at IS NOT NULL`).Scan(&sent)
		if sent != 1 {
			t.Fatal("delivered message not marked as sent")
		}
	})
}
