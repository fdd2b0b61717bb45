package cli

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/pgtest"
)

// ownServer starts a PostgreSQL of the test's own, which it may stop and
// start without disturbing the other tests, and returns a DSN to a new
// database on it.
func ownServer(t *testing.T) (*pgtest.Server, string) {
	t.Helper()
	srv, err := pgtest.Start()
	if err != nil {
		t.Fatalf("cannot start PostgreSQL for the test: %v", err)
	}
	t.Cleanup(srv.Stop)
	url, err := srv.NewDB()
	if err != nil {
		t.Fatal(err)
	}
	return srv, url + "&application_name=dgen"
}

type result struct {
	code     int
	out, err string
	took     time.Duration
}

func runInBackground(t *testing.T, dsn string, args ...string) <-chan result {
	done := make(chan result, 1)
	go func() {
		start := time.Now()
		code, out, errOut := dgenRunCtx(context.Background(), t, nil, append([]string{"--dsn", dsn, "run"}, args...)...)
		done <- result{code, out, errOut, time.Since(start)}
	}()
	return done
}

// The server stops (as in an RDS reboot: sessions ended, connections
// refused) for three seconds, five times the old retry window, and comes
// back: run retries through it, keeps to its wall-clock duration, says so
// in its summary, and the ledger is exact.
func TestRunRetriesThroughAServerRestart(t *testing.T) {
	srv, dsn := ownServer(t)
	mustRun(t, dsn, "init")
	mustRun(t, dsn, "insert", "-t", "all", "-n", "50", "-b", "1-3", "--seed", "2")
	done := runInBackground(t, dsn, "--rate", "50", "--duration", "10s", "--blocks", "1-3", "--seed", "5")
	time.Sleep(1500 * time.Millisecond)
	if err := srv.Halt(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * time.Second)
	if err := srv.Resume(); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if r.code != ExitOK {
		t.Fatalf("run did not survive the restart: exit %d\n%s%s", r.code, r.out, r.err)
	}
	t.Logf("run through the restart:\n%s%s", r.out, r.err)
	if !strings.Contains(r.out, "stopped by duration after 10.0 s") || !strings.Contains(r.out, "retried through") {
		t.Errorf("summary: %q", r.out)
	}
	if r.took < 9500*time.Millisecond || r.took > 12*time.Second {
		t.Errorf("--duration 10s took %s", r.took)
	}
	if !strings.Contains(r.err, "retrying for up to 10m0s") {
		t.Errorf("no word of the retries on stderr: %q", r.err)
	}
	assertLedgerMatches(t, sqlDB(t, dsn))
}

// When the database stays away longer than --retry-for, run gives up:
// exit 1, and a summary that says it stopped by an outage and why.
func TestRunGivesUpAfterRetryFor(t *testing.T) {
	srv, dsn := ownServer(t)
	mustRun(t, dsn, "init")
	done := runInBackground(t, dsn, "--rate", "20", "--duration", "1m", "--retry-for", "2s")
	time.Sleep(time.Second)
	if err := srv.Halt(); err != nil {
		t.Fatal(err)
	}
	r := <-done
	if err := srv.Resume(); err != nil {
		t.Fatal(err)
	}
	if r.code != ExitFailure || r.took > 10*time.Second {
		t.Fatalf("exit %d after %s, want 1 after about 3 s\n%s%s", r.code, r.took, r.out, r.err)
	}
	t.Logf("run that gave up:\n%s%s", r.out, r.err)
	if !strings.Contains(r.out, "stopped by outage") || !strings.Contains(r.out, "gave up: changes have failed for 2s (--retry-for 2s)") {
		t.Errorf("summary: %q", r.out)
	}
	if !strings.Contains(r.err, "dgen run: stopped by outage:") {
		t.Errorf("stderr: %q", r.err)
	}
	assertLedgerMatches(t, sqlDB(t, dsn))
}

// --duration is wall-clock time: a rate the database cannot keep up with
// does not stretch the run, and the summary says the rate was not held
// and what was achieved.
func TestRunKeepsItsDurationAndSaysWhenTheRateIsNotHeld(t *testing.T) {
	dsn := newDB(t)
	mustRun(t, dsn, "init")
	start := time.Now()
	code, out, errOut := dgenRun(t, nil, "--dsn", dsn, "run", "--rate", "10000", "--duration", "2s", "--mix", "insert=1")
	took := time.Since(start)
	if code != ExitOK || took > 4*time.Second {
		t.Fatalf("exit %d after %s for --duration 2s\n%s%s", code, took, out, errOut)
	}
	i := strings.Index(out, "the rate of 10000/s could not be held: ")
	if i < 0 {
		t.Fatalf("no word that the rate was not held: %q", out)
	}
	achieved, err := strconv.ParseFloat(strings.TrimSuffix(strings.Fields(out[i+len("the rate of 10000/s could not be held: "):])[0], "/s"), 64)
	if err != nil || achieved <= 0 || achieved >= 9500 {
		t.Errorf("achieved rate %v in %q", achieved, out)
	}
	assertLedgerMatches(t, sqlDB(t, dsn))
}

// A change that gets no answer (here: its tables locked by another session;
// in the lab, a server gone without closing its connections) is given up
// after the attempt timeout and retried on a new connection, and the run
// carries on once the database answers again.
func TestRunRetriesAChangeThatGetsNoAnswer(t *testing.T) {
	dsn := newDB(t)
	db := sqlDB(t, dsn)
	mustRun(t, dsn, "init")
	s := openStore(t, dsn)
	tx, err := db.Begin()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(`LOCK TABLE "TABLE1", "TABLE2", "TABLE3" IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	time.AfterFunc(1500*time.Millisecond, func() { tx.Rollback() })
	sum, err := s.Run(context.Background(), store.RunOptions{Rate: 20, Duration: 3 * time.Second, Mix: store.Mix{Insert: 1}, Seed: 2, Blocks: []int{1}, AttemptTimeout: 400 * time.Millisecond})
	if err != nil {
		t.Fatalf("run: %v (%+v)", err, sum)
	}
	if sum.Retries == 0 || sum.Outages == 0 || sum.Applied < 20 {
		t.Errorf("the stalled change was not retried, or the run did not carry on: %+v", sum)
	}
	assertLedgerMatches(t, db)
}

// --retry-for outside 1s to 24h, or not a duration, is bad input.
func TestRunRetryForIsChecked(t *testing.T) {
	dsn := "postgres://u:p@127.0.0.1:1/db" // never reached: input is checked first
	for _, v := range []string{"0", "500ms", "25h", "ten", "-1m"} {
		code, _, errOut := dgenRun(t, nil, "--dsn", dsn, "run", "--rate", "5", "--retry-for", v)
		want := `--retry-for "` + v + `": want a duration from 1s to 24h, such as 10m`
		if code != ExitUsage || !strings.Contains(errOut, want) {
			t.Errorf("--retry-for %s: exit %d, %q; want 2 and %q", v, code, errOut, want)
		}
	}
}
