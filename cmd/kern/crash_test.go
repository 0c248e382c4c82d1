package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"kern/internal/db"
)

// TestMain lets the test binary play the server: with KERN_TEST_SERVE set it runs `kern serve`.
func TestMain(m *testing.M) {
	if args := os.Getenv("KERN_TEST_SERVE"); args != "" {
		os.Exit(run(strings.Fields(args), os.Stdin, os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

func freePort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}

func startServer(t *testing.T, dbPath, addr string) *exec.Cmd {
	t.Helper()
	cmd := exec.Command(os.Args[0])
	cmd.Env = append(os.Environ(), "KERN_TEST_SERVE=serve --db "+dbPath+" --data "+filepath.Dir(dbPath)+" --addr "+addr+" --no-worker")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	for deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get("http://" + addr + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return cmd
			}
		}
	}
	cmd.Process.Kill()
	t.Fatalf("server did not become ready: %s", stderr.String())
	return nil
}

// The server is killed with SIGKILL in the middle of a burst of writes. It starts again, and every
// write it had answered with success is there.
func TestEveryAcknowledgedWriteSurvivesSIGKILL(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a server process")
	}
	dir := t.TempDir()
	dbPath := filepath.Join(dir, "kern.db")
	var out bytes.Buffer
	if code := run([]string{"user", "create", "--db", dbPath, "--data", dir, "--email", "ops@example.org", "--name", "Ops",
		"--role", "coordinator"}, strings.NewReader("a long enough password\n"), &out, &out); code != 0 {
		t.Fatalf("user create: %s", out.String())
	}
	out.Reset()
	if code := run([]string{"token", "create", "--db", dbPath, "--data", dir, "--email", "ops@example.org", "--scope", "read-write"},
		nil, &out, &bytes.Buffer{}); code != 0 {
		t.Fatalf("token create: %s", out.String())
	}
	token := strings.TrimSpace(out.String())
	addr := freePort(t)
	server := startServer(t, dbPath, addr)

	var mu sync.Mutex
	var acked []int64
	ctx, stop := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	for w := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			client := &http.Client{Timeout: 5 * time.Second}
			for i := 0; ctx.Err() == nil; i++ {
				body := fmt.Sprintf(`{"kind":"company","stakeholder_group":"companies","name":"Bedrijf %d-%d","country":"NL"}`, w, i)
				req, _ := http.NewRequestWithContext(ctx, "POST", "http://"+addr+"/api/v1/organizations", strings.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+token)
				req.Header.Set("Content-Type", "application/json")
				res, err := client.Do(req)
				if err != nil {
					return // the server is gone
				}
				var o struct{ ID int64 }
				err = json.NewDecoder(bufio.NewReader(res.Body)).Decode(&o)
				res.Body.Close()
				if res.StatusCode == http.StatusCreated && err == nil {
					mu.Lock()
					acked = append(acked, o.ID)
					mu.Unlock()
				}
			}
		}()
	}
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		mu.Lock()
		n := len(acked)
		mu.Unlock()
		if n >= 150 {
			break
		}
	}
	server.Process.Signal(syscall.SIGKILL)
	server.Wait()
	stop()
	wg.Wait()
	if len(acked) < 50 {
		t.Fatalf("only %d writes were acknowledged before the kill", len(acked))
	}

	// It starts again on the same file.
	server = startServer(t, dbPath, addr)
	server.Process.Signal(syscall.SIGTERM)
	server.Wait()
	d, err := db.Open(context.Background(), dbPath)
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	for _, id := range acked {
		var n int
		if err := d.Read.QueryRow(`SELECT count(*) FROM organizations WHERE id = $1`, id).Scan(&n); err != nil || n != 1 {
			t.Fatalf("acknowledged organisation %d is missing after the crash (err %v)", id, err)
		}
	}
	t.Logf("%d acknowledged writes all survived SIGKILL", len(acked))
}
