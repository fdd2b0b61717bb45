package storetest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// Database is one fresh, empty schema a dialect's test hands the suite.
type Database struct {
	Store *store.Store
	// Sent is set when the database is a recording driver that runs
	// nothing (see NewRecorder): it lists the statements sent so far. The
	// suite then checks what the store sent (every value bound, every
	// change followed by its ledger entry) instead of what the tables hold.
	Sent func() []string
}

// recorded says whether db only records what it is sent.
func (db Database) recorded() bool { return db.Sent != nil }

// Test runs the store suite on a dialect: every dialect must pass it. open
// returns a store on a fresh, empty schema each time it is called.
func Test(t *testing.T, open func(t *testing.T) Database) {
	t.Run("InitCreatesAndDropRemoves", func(t *testing.T) { testInitAndDrop(t, open(t)) })
	t.Run("ChangesAreRecordedInTheLedger", func(t *testing.T) { testChanges(t, open(t)) })
	t.Run("PreloadLoadsOnceAndResumes", func(t *testing.T) { testPreload(t, open(t)) })
	t.Run("RunAppliesPlannedChanges", func(t *testing.T) { testRun(t, open(t)) })
	t.Run("DataShowsAtMostTheLimit", func(t *testing.T) { testData(t, open(t)) })
	t.Run("PrepareSaysWhatItDid", func(t *testing.T) { testPrepare(t, open(t)) })
	t.Run("MissingTablesAreRecognised", func(t *testing.T) { testMissingTable(t, open(t)) })
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func testInitAndDrop(t *testing.T, db Database) {
	ctx := context.Background()
	s, d := db.Store, db.Store.Dialect
	must(t, s.Init(ctx))
	if db.recorded() {
		sent := strings.Join(db.Sent(), "\n")
		for _, n := range store.AllTableNames() {
			if !strings.Contains(sent, "CREATE TABLE "+d.Table(n)+" (") {
				t.Errorf("init did not create %s:\n%s", n, sent)
			}
		}
		// The recorder holds no table: drop finds none and drops none.
		before := len(db.Sent())
		dropped, err := s.Drop(ctx)
		must(t, err)
		for _, st := range db.Sent()[before:] {
			if strings.HasPrefix(st, "DROP") {
				t.Errorf("dropped a table that does not exist: %s", st)
			}
		}
		if len(dropped) != 0 {
			t.Errorf("dropped %v", dropped)
		}
		return
	}
	have, err := s.ExistingTables(ctx)
	must(t, err)
	if len(have) != len(store.AllTableNames()) {
		t.Fatalf("after init: %v", have)
	}
	created, err := s.InitIfMissing(ctx)
	must(t, err)
	if created {
		t.Error("InitIfMissing recreated existing tables")
	}
	dropped, err := s.Drop(ctx)
	must(t, err)
	if strings.Join(dropped, ",") != "TABLE2,TABLE1,TABLE3,TYPES,DGEN_LEDGER,DGEN_PRELOAD" {
		t.Errorf("dropped %v", dropped)
	}
	if have, _ := s.ExistingTables(ctx); len(have) != 0 {
		t.Errorf("left after drop: %v", have)
	}
	created, err = s.InitIfMissing(ctx)
	must(t, err)
	if !created {
		t.Error("InitIfMissing did not create missing tables")
	}
}

// assertLedgerMatches compares the ledger's row counts with what the
// tables hold, block by block.
func assertLedgerMatches(t *testing.T, s *store.Store) {
	t.Helper()
	ctx := context.Background()
	ledger, err := s.Ledger(ctx)
	must(t, err)
	info, err := s.Info(ctx)
	must(t, err)
	fromLedger := map[string]int64{}
	for _, r := range ledger {
		fromLedger[r.Table] += r.RowCount
	}
	for _, ti := range info {
		if fromLedger[ti.Table] != ti.Rows {
			t.Errorf("%s: the ledger says %d rows, the table holds %d", ti.Table, fromLedger[ti.Table], ti.Rows)
		}
	}
}

// assertLedgerLast checks that what op sent ends with the ledger entry.
func assertLedgerLast(t *testing.T, db Database, from int, op string) {
	t.Helper()
	sent := db.Sent()[from:]
	if len(sent) == 0 || sent[len(sent)-1] != db.Store.Dialect.LedgerAdd() {
		t.Errorf("%s did not end with the ledger entry: %v", op, sent)
	}
}

func testChanges(t *testing.T, db Database) {
	ctx := context.Background()
	s := db.Store
	must(t, s.Init(ctx))
	const text = "x' OR 1=1 --"
	mark := func() int {
		if db.recorded() {
			return len(db.Sent())
		}
		return 0
	}
	from := mark()
	done, err := s.Insert(ctx, store.InsertOptions{Tables: store.DataTables(), Rows: 30, Blocks: []int{1, 2, 3}, Seed: 5})
	must(t, err)
	for _, tb := range store.DataTables() {
		if done[tb.Name] != 30 {
			t.Errorf("inserted %d rows into %s, want 30", done[tb.Name], tb.Name)
		}
	}
	if db.recorded() {
		assertLedgerLast(t, db, from, "insert")
	}
	from = mark()
	updated, err := s.Update(ctx, []store.Table{store.Tables[2], store.Types}, []int{1}, text)
	must(t, err)
	if db.recorded() {
		assertLedgerLast(t, db, from, "update")
	}
	from = mark()
	_, err = s.Delete(ctx, []store.Table{store.Tables[0], store.Types}, []int{2})
	must(t, err)
	if db.recorded() {
		assertLedgerLast(t, db, from, "delete")
		for _, st := range db.Sent() {
			if strings.Contains(st, text) || strings.Contains(st, "1=1") {
				t.Errorf("a value was written into the SQL text: %s", st)
			}
		}
		return
	}
	assertLedgerMatches(t, s)
	ledger, err := s.Ledger(ctx)
	must(t, err)
	ledgerUpdated := map[string]int64{}
	for _, r := range ledger {
		ledgerUpdated[r.Table] += r.Updated
	}
	for _, tb := range []string{"TABLE3", "TYPES"} {
		if ledgerUpdated[tb] != updated[tb] || ledgerUpdated[tb] == 0 {
			t.Errorf("update changed %d rows of %s, the ledger says %d", updated[tb], tb, ledgerUpdated[tb])
		}
	}
	_, rows, err := s.Data(ctx, store.Tables[2], []int{1})
	must(t, err)
	for _, r := range rows {
		if r[3] != text {
			t.Errorf("TABLE3 block 1 row %v: cdc is not the bound text", r)
		}
	}
	info, err := s.Info(ctx)
	must(t, err)
	for _, ti := range info {
		if ti.Table == "TABLE1" || ti.Table == "TYPES" {
			for _, b := range ti.Blocks {
				if b == 2 {
					t.Errorf("%s block 2 survived its delete", ti.Table)
				}
			}
		}
	}
	_, typed, err := s.Data(ctx, store.Types, []int{1})
	must(t, err)
	cdc := len(store.TypesColumns) - 1
	for _, r := range typed {
		if r[cdc] != strconv.Quote(text) {
			t.Errorf("TYPES block 1 row %v: cdc is not the bound text", r[:2])
		}
	}
}

func testPreload(t *testing.T, db Database) {
	ctx := context.Background()
	s := db.Store
	must(t, s.Init(ctx))
	from := 0
	if db.recorded() {
		from = len(db.Sent())
	}
	var progress []string
	added, err := s.Preload(ctx, store.PreloadOptions{Rows: 500, Seed: 2, Batch: 200, Progress: func(table string, done, total int64) {
		progress = append(progress, fmt.Sprintf("%s %d/%d", table, done, total))
	}})
	must(t, err)
	for _, tb := range store.DataTables() {
		if added[tb.Name] != 500 {
			t.Errorf("preloaded %d rows into %s, want 500", added[tb.Name], tb.Name)
		}
	}
	if len(progress) != 12 || progress[2] != "TABLE1 500/500" || progress[11] != "TYPES 500/500" {
		t.Errorf("progress: %v", progress)
	}
	if db.recorded() {
		ledgerWrites := 0
		for _, st := range db.Sent()[from:] {
			if st == s.Dialect.LedgerAdd() {
				ledgerWrites++
			}
		}
		if ledgerWrites != 12 {
			t.Errorf("%d ledger entries for 12 batches", ledgerWrites)
		}
		return
	}
	again, err := s.Preload(ctx, store.PreloadOptions{Rows: 500, Seed: 2, Batch: 200})
	must(t, err)
	for n, k := range again {
		if k != 0 {
			t.Errorf("a second preload added %d rows to %s", k, n)
		}
	}
	assertLedgerMatches(t, s)
}

func testRun(t *testing.T, db Database) {
	s := db.Store
	must(t, s.Init(context.Background()))
	if !db.recorded() {
		_, err := s.Insert(context.Background(), store.InsertOptions{Tables: store.DataTables(), Rows: 20, Blocks: []int{1, 2}, Seed: 1})
		must(t, err)
	}
	sum, err := s.Run(context.Background(), store.RunOptions{Rate: 100, Duration: 500 * time.Millisecond, Mix: store.DefaultMix, Seed: 4, Blocks: []int{1, 2}})
	must(t, err)
	if sum.Planned < 40 || sum.Applied+sum.Skipped != sum.Planned || sum.ByKind["insert"] == 0 {
		t.Errorf("summary %+v", sum)
	}
	if !db.recorded() {
		assertLedgerMatches(t, s)
	}
}

func testData(t *testing.T, db Database) {
	ctx := context.Background()
	s := db.Store
	must(t, s.Init(ctx))
	cols, rows, err := s.Data(ctx, store.Tables[0], nil)
	must(t, err)
	if strings.Join(cols, ",") != "t1_pk,block,number,var,cdc" {
		t.Errorf("columns %v", cols)
	}
	if db.recorded() {
		sent := db.Sent()
		if last := sent[len(sent)-1]; !strings.HasSuffix(last, s.Dialect.Limit(store.DataLimit)) || !strings.Contains(last, s.Dialect.NumberText("number")) {
			t.Errorf("data sent %s", last)
		}
		return
	}
	_, err = s.Preload(ctx, store.PreloadOptions{Rows: store.DataLimit + 5, Seed: 1})
	must(t, err)
	_, rows, err = s.Data(ctx, store.Tables[0], nil)
	must(t, err)
	if len(rows) != store.DataLimit {
		t.Errorf("data gave %d rows, want %d", len(rows), store.DataLimit)
	}
	for _, r := range rows {
		if !strings.Contains(r[2], ".") || len(r[2]) < 4 || r[2][len(r[2])-3] != '.' {
			t.Errorf("number %q lost its two decimals", r[2])
			break
		}
	}
}

func testPrepare(t *testing.T, db Database) {
	steps, err := db.Store.Prepare(context.Background(), store.PrepareOptions{RetentionHours: 24, DMSPasswordFrom: "the test"})
	must(t, err)
	if len(steps) == 0 {
		t.Fatal("prepare said nothing")
	}
	for _, st := range steps {
		switch st.Status {
		case "changed", "in place", "skipped":
		default:
			t.Errorf("step %+v", st)
		}
	}
}

func testMissingTable(t *testing.T, db Database) {
	if db.recorded() {
		t.Skip("a recording driver has no tables to miss")
	}
	_, err := db.Store.Info(context.Background())
	if err == nil || !db.Store.IsMissingTable(err) {
		t.Errorf("info before init: %v is not a missing table", err)
	}
}
