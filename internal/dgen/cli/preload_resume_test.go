package cli

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// preloadCut preloads rows per table and stops it, as a kill would, once
// table has rows loaded: the batch in flight is cut off.
func preloadCut(t *testing.T, dsn, table string, rows, at int64) {
	t.Helper()
	s := openStore(t, dsn)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	_, err := s.Preload(ctx, store.PreloadOptions{Rows: rows, Seed: 3, Batch: 1000, Progress: func(tb string, done, _ int64) {
		if tb == table && done >= at {
			cancel()
		}
	}})
	if err == nil {
		t.Fatalf("the preload was not cut")
	}
}

// assertPreloaded: no TABLE1 or TABLE2 key twice, and block 0 (the
// preload's) holds n rows in each table, with consecutive keys (TABLE1's
// from 1).
func assertPreloaded(t *testing.T, db *sql.DB, n int64) {
	t.Helper()
	for _, k := range []struct{ table, col string }{{"TABLE1", "t1_pk"}, {"TABLE2", "t2_pk"}} {
		var rows, distinct int64
		db.QueryRow(fmt.Sprintf(`SELECT COUNT(*), COUNT(DISTINCT "%s") FROM "%s"`, k.col, k.table)).Scan(&rows, &distinct)
		if rows != distinct {
			t.Errorf("%s: %d rows but %d distinct keys", k.table, rows, distinct)
		}
		var inBlock, lo, hi int64
		db.QueryRow(fmt.Sprintf(`SELECT COUNT(*), MIN("%s"), MAX("%s") FROM "%s" WHERE "block" = 0`, k.col, k.col, k.table)).Scan(&inBlock, &lo, &hi)
		// TABLE2's preload, when it had not begun, numbers its rows after
		// those written before it began.
		if inBlock != n || hi-lo+1 != n || (k.table == "TABLE1" && lo != 1) {
			t.Errorf("%s block 0: %d rows, keys %d to %d; want %d rows with consecutive keys", k.table, inBlock, lo, hi, n)
		}
	}
	var t3 int64
	db.QueryRow(`SELECT COUNT(*) FROM "TABLE3" WHERE "block" = 0`).Scan(&t3)
	if t3 != n {
		t.Errorf("TABLE3 block 0: %d rows, want %d", t3, n)
	}
}

// A preload killed part-way through TABLE1, then insert and run, then the
// preload again: the rows written meanwhile took keys above the range the
// preload reserved, so the rerun resumes where it stopped and finishes,
// with no key twice (before, TABLE1 failed on its key at every rerun).
func TestPreloadResumesAfterAKillMidTable1AndWritesBetween(t *testing.T) {
	dsn := newDB(t)
	db := sqlDB(t, dsn)
	mustRun(t, dsn, "init")
	preloadCut(t, dsn, "TABLE1", 5000, 2000)
	mustRun(t, dsn, "insert", "-t", "all", "-n", "30", "-b", "1,2", "--seed", "4")
	mustRun(t, dsn, "run", "--rate", "100", "--duration", "1s", "--blocks", "1,2", "--mix", "insert=1")
	out := mustRun(t, dsn, "preload", "--rows", "5000", "--seed", "3", "--batch", "1000")
	if !strings.Contains(out, "loaded") {
		t.Errorf("rerun: %q", out)
	}
	assertPreloaded(t, db, 5000)
	assertLedgerMatches(t, db)
}

// The same when the kill comes part-way through TABLE2, which has no key
// constraint: before, the rerun gave TABLE2 rows keys that insert and run
// had taken meanwhile, and exited 0.
func TestPreloadResumesAfterAKillMidTable2AndWritesBetween(t *testing.T) {
	dsn := newDB(t)
	db := sqlDB(t, dsn)
	mustRun(t, dsn, "init")
	preloadCut(t, dsn, "TABLE2", 5000, 2000)
	mustRun(t, dsn, "insert", "-t", "TABLE2", "-n", "30", "-b", "1,2", "--seed", "4")
	mustRun(t, dsn, "run", "--rate", "100", "--duration", "1s", "--blocks", "1,2", "--mix", "insert=1")
	mustRun(t, dsn, "preload", "--rows", "5000", "--seed", "3", "--batch", "1000")
	assertPreloaded(t, db, 5000)
	assertLedgerMatches(t, db)
}

// When the keys the rest of a preload needs are taken anyway (rows written
// by an earlier dgen, which reserved nothing, or a larger --rows than the
// first run's over keys insert or run took since), the rerun refuses, says
// why and what to do, exits 1, and writes nothing. A --rows below what is
// loaded adds nothing and keeps the stored target, and says so.
func TestPreloadRefusesToGiveAKeyTwiceAndKeepsItsTarget(t *testing.T) {
	dsn := newDB(t)
	db := sqlDB(t, dsn)
	mustRun(t, dsn, "init")
	mustRun(t, dsn, "preload", "--rows", "3000", "--seed", "3", "--batch", "1000")
	mustRun(t, dsn, "insert", "-t", "TABLE1", "-n", "5", "-b", "1", "--seed", "4") // keys 3001 to 3005
	code, out, errOut := dgenRun(t, nil, "--dsn", dsn, "preload", "--rows", "4000", "--seed", "3", "--batch", "1000")
	if code != ExitFailure {
		t.Fatalf("preload over taken keys: exit %d\n%s%s", code, out, errOut)
	}
	want := "dgen preload: preload TABLE1: keys 3001 to 4000, which the remaining 1000 preloaded rows would take, are held by 5 rows written since preload stopped (by insert or run); preload stops rather than give a key twice: keep the 3000 rows loaded (preload --rows 3000), or start again with init"
	if strings.TrimSpace(errOut) != want {
		t.Errorf("refusal:\n%s\nwant:\n%s", errOut, want)
	}
	var target int64
	db.QueryRow(`SELECT "target" FROM "DGEN_PRELOAD" WHERE "table_name" = 'TABLE1'`).Scan(&target)
	if target != 3000 {
		t.Errorf("the refused rerun changed the stored target to %d", target)
	}
	assertPreloaded(t, db, 3000)
	assertLedgerMatches(t, db)

	out = mustRun(t, dsn, "preload", "--rows", "1000")
	for _, tb := range []string{"TABLE1", "TABLE2", "TABLE3"} {
		if !strings.Contains(out, tb+": 3000 rows are preloaded already, more than the 1000 asked: nothing added, and the stored target of 3000 rows is kept") {
			t.Errorf("no notice for %s: %q", tb, out)
		}
	}
	db.QueryRow(`SELECT MIN("target") FROM "DGEN_PRELOAD" WHERE "table_name" <> 'TYPES'`).Scan(&target)
	if target != 3000 {
		t.Errorf("preload --rows 1000 rewrote the stored target to %d", target)
	}
	assertPreloaded(t, db, 3000)
}

// A preload killed part-way through TABLE2, then the TABLE1 rows it loaded
// deleted (and their TABLE2 rows with them): the rows still to load would
// refer to TABLE1 rows that are gone, so the rerun refuses, says why, exits
// 1 and loads nothing, instead of failing on the foreign key.
func TestPreloadRefusesWhenTable1LostRowsTable2WouldReferTo(t *testing.T) {
	dsn := newDB(t)
	db := sqlDB(t, dsn)
	mustRun(t, dsn, "init")
	preloadCut(t, dsn, "TABLE2", 5000, 2000)
	mustRun(t, dsn, "delete", "-t", "TABLE1", "-b", "0")
	code, out, errOut := dgenRun(t, nil, "--dsn", dsn, "preload", "--rows", "5000", "--seed", "3", "--batch", "1000")
	want := "dgen preload: preload TABLE2: TABLE1 holds 0 of the 5000 rows preload gave it (keys 1 to 5000; the others were deleted since, by delete or run), and the 3000 TABLE2 rows still to load would refer to any of them; preload stops rather than fail on the foreign key: keep the 2000 TABLE2 rows loaded (preload --rows 2000), or start again with init"
	if code != ExitFailure || strings.TrimSpace(errOut) != want {
		t.Fatalf("exit %d\n%s%s\nwant exit 1 and:\n%s", code, out, errOut, want)
	}
	var t2 int64
	db.QueryRow(`SELECT COUNT(*) FROM "TABLE2"`).Scan(&t2)
	if t2 != 0 {
		t.Errorf("TABLE2 holds %d rows after the refusal", t2)
	}
	assertLedgerMatches(t, db)
}
