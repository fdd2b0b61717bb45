package cli

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dmslab/dmslab/internal/dgen/connect"
	"github.com/dmslab/dmslab/internal/dgen/store"
)

func openStore(t *testing.T, dsn string) *store.Store {
	t.Helper()
	s, err := connect.OpenURL(context.Background(), dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.DB.Close() })
	return s
}

// killDgen ends every server process serving a dgen connection.
func killDgen(t *testing.T, db *sql.DB) int {
	t.Helper()
	var n int
	err := db.QueryRow(`SELECT COUNT(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = 'dgen' AND pid <> pg_backend_pid()`).Scan(&n)
	if err != nil {
		t.Errorf("pg_terminate_backend: %v", err)
	}
	return n
}

func TestPreloadLoadsExactlyAndResumesAfterTheConnectionIsKilled(t *testing.T) {
	dsn := newDB(t)
	db := sqlDB(t, dsn)
	mustRun(t, dsn, "init")
	s := openStore(t, dsn)
	ctx := context.Background()

	// Kill the connection once TABLE2 is half loaded.
	killed := 0
	_, err := s.Preload(ctx, store.PreloadOptions{Rows: 20000, Block: 0, Seed: 3, Batch: 2000, Progress: func(table string, done, total int64) {
		if table == "TABLE2" && done >= 10000 && killed == 0 {
			killed = killDgen(t, db)
		}
	}})
	if err == nil || killed == 0 {
		t.Fatalf("the preload survived a killed connection (killed %d, err %v)", killed, err)
	}
	mid := countsByBlock(t, db)
	if mid["TABLE1"][0] != 20000 || mid["TABLE2"][0] >= 20000 || mid["TABLE3"][0] != 0 {
		t.Fatalf("after the kill: %v", mid)
	}
	assertLedgerMatches(t, db)

	// The rerun goes on from the last commit: nothing twice, nothing lost.
	out := mustRun(t, dsn, "preload", "--rows", "20000", "--seed", "3", "--batch", "2000")
	if !strings.Contains(out, "loaded") {
		t.Errorf("preload said %q", out)
	}
	final := countsByBlock(t, db)
	for _, tb := range store.Tables {
		if final[tb.Name][0] != 20000 {
			t.Errorf("%s holds %d rows, want 20000", tb.Name, final[tb.Name][0])
		}
	}
	for _, key := range []struct{ table, col string }{{"TABLE1", "t1_pk"}, {"TABLE2", "t2_pk"}} {
		var distinct, lo, hi int64
		db.QueryRow(fmt.Sprintf(`SELECT COUNT(DISTINCT "%s"), MIN("%s"), MAX("%s") FROM "%s"`, key.col, key.col, key.col, key.table)).Scan(&distinct, &lo, &hi)
		if distinct != 20000 || lo != 1 || hi != 20000 {
			t.Errorf("%s keys: %d distinct from %d to %d, want 20000 from 1 to 20000", key.table, distinct, lo, hi)
		}
	}
	assertLedgerMatches(t, db)
	// A third run finds everything loaded.
	if out := mustRun(t, dsn, "preload", "--rows", "20000"); !strings.Contains(out, "already loaded") {
		t.Errorf("third run: %q", out)
	}
}

func TestRunHoldsItsRate(t *testing.T) {
	dsn := newDB(t)
	db := sqlDB(t, dsn)
	mustRun(t, dsn, "init")
	s := openStore(t, dsn)
	sum, err := s.Run(context.Background(), store.RunOptions{Rate: 200, Duration: 3 * time.Second, Mix: store.Mix{Insert: 1}, Seed: 1, Blocks: []int{1, 2, 3}})
	if err != nil {
		t.Fatal(err)
	}
	var inserted int64
	db.QueryRow(`SELECT COALESCE(SUM("inserted"), 0) FROM "DGEN_LEDGER"`).Scan(&inserted)
	inserted -= store.TypesCycle // init's rows of TYPES
	want := 600.0
	if got := float64(inserted); got < want*0.95 || got > want*1.05 {
		t.Errorf("%d changes in 3 s at 200/s: more than 5 percent off %v (summary %+v)", inserted, want, sum)
	}
	if sum.Rate < 190 || sum.Rate > 210 {
		t.Errorf("reported rate %.1f/s for a target of 200/s", sum.Rate)
	}
	assertLedgerMatches(t, db)
}

func TestRunSurvivesKilledConnectionsAndTheLedgerStaysExact(t *testing.T) {
	dsn := newDB(t)
	db := sqlDB(t, dsn)
	mustRun(t, dsn, "init")
	mustRun(t, dsn, "insert", "-t", "all", "-n", "100", "-b", "1-5", "--seed", "2")
	s := openStore(t, dsn)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var wg sync.WaitGroup
	kills := 0
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; i < 5; i++ {
			time.Sleep(300 * time.Millisecond)
			kills += killDgen(t, db)
		}
	}()
	sum, err := s.Run(ctx, store.RunOptions{Rate: 300, Duration: 2500 * time.Millisecond, Mix: store.DefaultMix, Seed: 9, Blocks: []int{1, 2, 3, 4, 5}})
	wg.Wait()
	if err != nil {
		t.Fatalf("run gave up: %v (summary %+v)", err, sum)
	}
	if kills == 0 || sum.Retries == 0 {
		t.Fatalf("no connection was killed mid-run (kills %d, retries %d)", kills, sum.Retries)
	}
	if sum.ByKind["delete"] == 0 || sum.ByKind["update"] == 0 || sum.Cascaded == 0 {
		t.Errorf("the run did not exercise deletes, updates and cascades: %+v", sum)
	}
	assertLedgerMatches(t, db)
	// And a rerun after a kill carries on just as exactly.
	if _, err := s.Run(ctx, store.RunOptions{Rate: 300, Duration: 500 * time.Millisecond, Mix: store.DefaultMix, Seed: 10, Blocks: []int{1, 2, 3}}); err != nil {
		t.Fatal(err)
	}
	assertLedgerMatches(t, db)
}

func TestRunStopsCleanlyWhenSignalled(t *testing.T) {
	dsn := newDB(t)
	mustRun(t, dsn, "init")
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(700*time.Millisecond, cancel)
	start := time.Now()
	code, out, errOut := dgenRunCtx(ctx, t, nil, "--dsn", dsn, "run", "--rate", "50", "--duration", "1m")
	if code != ExitOK || time.Since(start) > 5*time.Second {
		t.Fatalf("exit %d after %s: %s %s", code, time.Since(start), out, errOut)
	}
	if !strings.Contains(out, "stopped by signal") {
		t.Errorf("no summary: %q", out)
	}
	assertLedgerMatches(t, sqlDB(t, dsn))
}
