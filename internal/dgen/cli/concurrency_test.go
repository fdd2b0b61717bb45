package cli

import (
	"fmt"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
)

// Two runs, block updates and block deletes (cascading from TABLE1) at
// once on the same blocks (and the runs on two blocks new to the ledger,
// which both add at once): every change and its ledger entry stay one, so
// afterwards the ledger holds exactly what the tables hold, block by block,
// TYPES included (init's cycle, insert -t all, the runs' share, update -t
// all and its own deletes).
func TestConcurrentRunsUpdatesAndDeletesKeepTheLedgerExact(t *testing.T) {
	dsn := newDB(t)
	db := sqlDB(t, dsn)
	mustRun(t, dsn, "init")
	mustRun(t, dsn, "insert", "-t", "all", "-n", "300", "-b", "1-3", "--seed", "2")

	var wg sync.WaitGroup
	var running atomic.Int32
	outs := make([]string, 2)
	for i, seed := range []string{"11", "12"} {
		wg.Add(1)
		running.Add(1)
		go func() {
			defer wg.Done()
			defer running.Add(-1)
			code, out, errOut := dgenRun(t, nil, "--dsn", dsn, "run", "--rate", "300", "--duration", "4s",
				"--mix", "insert=5,update=2,delete=3", "--blocks", "1-5", "--seed", seed)
			outs[i] = out
			if code != 0 {
				t.Errorf("run --seed %s: exit %d\n%s%s", seed, code, out, errOut)
			}
		}()
	}
	var bulk int
	wg.Add(1)
	go func() {
		defer wg.Done()
		for i := 0; running.Load() > 0; i++ {
			b := fmt.Sprint(1 + i%3)
			for _, args := range [][]string{
				{"update", "-t", "all", "-b", b, "-m", "bulk-" + fmt.Sprint(i)},
				{"delete", "-t", "TABLE1", "-b", b},
				{"delete", "-t", "TABLE3", "-b", b},
				{"delete", "-t", "TABLE2", "-b", fmt.Sprint(1 + (i+1)%3)},
				{"delete", "-t", "TYPES", "-b", fmt.Sprint(1 + (i+2)%3)},
			} {
				code, out, errOut := dgenRun(t, nil, append([]string{"--dsn", dsn}, args...)...)
				if code != 0 {
					t.Errorf("dgen %v: exit %d\n%s%s", args, code, out, errOut)
					return
				}
				bulk++
			}
		}
	}()
	wg.Wait()
	if t.Failed() {
		return
	}
	for _, out := range outs {
		if !strings.Contains(out, "stopped by duration") {
			t.Errorf("run: %q", out)
		}
	}
	if bulk < 8 {
		t.Errorf("only %d block updates and deletes ran alongside the runs", bulk)
	}
	assertLedgerMatches(t, db)
	// The keys stayed unique: both runs numbered TABLE2 from the same place.
	var dup int
	db.QueryRow(`SELECT COUNT(*) FROM (SELECT "t2_pk" FROM "TABLE2" GROUP BY "t2_pk" HAVING COUNT(*) > 1) d`).Scan(&dup)
	if dup != 0 {
		t.Errorf("%d TABLE2 keys taken twice", dup)
	}
	var typesRows, typesLedger int64
	db.QueryRow(`SELECT COUNT(*) FROM "TYPES"`).Scan(&typesRows)
	db.QueryRow(`SELECT COALESCE(SUM("inserted"), 0) FROM "DGEN_LEDGER" WHERE "table_name" = 'TYPES'`).Scan(&typesLedger)
	if typesRows == 0 || typesLedger <= 300+100 {
		t.Errorf("TYPES holds %d rows, %d inserted: the runs wrote none of it", typesRows, typesLedger)
	}
}
