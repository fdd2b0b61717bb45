package postgres_test

import (
	"context"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dmslab/dmslab/internal/dgen/connect"
	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/dgen/store/postgres"
	"github.com/dmslab/dmslab/internal/pgtest"
)

var (
	typesServer     *pgtest.Server
	typesServerErr  error
	typesServerOnce sync.Once
)

// typesStore is a store on a new database of a PostgreSQL the TYPES tests
// share.
func typesStore(t *testing.T) *store.Store {
	t.Helper()
	typesServerOnce.Do(func() { typesServer, typesServerErr = pgtest.Start() })
	if typesServerErr != nil {
		t.Fatalf("cannot start PostgreSQL for the tests: %v", typesServerErr)
	}
	url, err := typesServer.NewDB()
	if err != nil {
		t.Fatal(err)
	}
	s, err := connect.OpenURL(context.Background(), url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.DB.Close() })
	return s
}

func readAllTypes(t *testing.T, s *store.Store, blocks []int) []store.TypesRow {
	t.Helper()
	var rows []store.TypesRow
	if err := store.ReadTypesRows(context.Background(), s.DB, s.Dialect, blocks, func(r store.TypesRow) error {
		rows = append(rows, r)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return rows
}

// compareTypes fails t for every value read that is not what the
// generator's row becomes on PostgreSQL, naming the column and the edge.
func compareTypes(t *testing.T, got store.TypesRow, want store.TypesRow) {
	t.Helper()
	st := postgres.Dialect{}.TypesStorage()
	exp := want.Stored(st)
	for i, c := range store.TypesColumns {
		if !reflect.DeepEqual(got[i], exp[i]) {
			t.Errorf("key %d %s: read %s, want %s (written %s)", want.Key(), c.Name,
				store.FormatTypesValue(c, got[i]), store.FormatTypesValue(c, exp[i]), store.FormatTypesValue(c, want[i]))
		}
	}
}

// Init fills TYPES with one cycle: every edge value of every column is
// written and read back as the generator made it (after what PostgreSQL's
// types do to it: scales round, timestamptz keeps microseconds in UTC).
func TestTypesInitRoundTripsEveryEdgeValue(t *testing.T) {
	s := typesStore(t)
	if err := s.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	rows := readAllTypes(t, s, nil)
	if len(rows) != store.TypesCycle {
		t.Fatalf("init put %d rows in TYPES, want %d", len(rows), store.TypesCycle)
	}
	for i, r := range rows {
		compareTypes(t, r, store.TypesRowFor(store.InitTypesSeed, int64(i+1), store.InitTypesBlock))
	}
}

// Per column, every edge value of the catalogue comes back from
// PostgreSQL as the generator wrote it (after the column's type).
func TestTypesEachColumnRoundTripsItsEdgeValues(t *testing.T) {
	s := typesStore(t)
	ctx := context.Background()
	if err := s.Init(ctx); err != nil {
		t.Fatal(err)
	}
	// A second cycle from another seed and start: edge values at other
	// places, next to other values.
	if _, err := s.Insert(ctx, store.InsertOptions{Tables: []store.Table{store.Types}, Rows: store.TypesCycle, Blocks: []int{5}, Seed: 8}); err != nil {
		t.Fatal(err)
	}
	rows := readAllTypes(t, s, []int{5})
	if len(rows) != store.TypesCycle {
		t.Fatalf("%d rows in block 5, want %d", len(rows), store.TypesCycle)
	}
	st := postgres.Dialect{}.TypesStorage()
	for i, c := range store.TypesColumns {
		edges := store.TypesEdges[c.Name]
		if len(edges) == 0 {
			continue
		}
		t.Run(c.Name, func(t *testing.T) {
			found := map[int]bool{}
			for _, r := range rows {
				want := store.TypesRowFor(8, r.Key(), 5)
				if !reflect.DeepEqual(r[i], want.Stored(st)[i]) {
					t.Errorf("key %d: read %s, wrote %s", r.Key(), store.FormatTypesValue(c, r[i]), store.FormatTypesValue(c, want[i]))
				}
				for j, e := range edges {
					if store.IsTypesEdge(8, c, want[i], e) {
						found[j] = true
					}
				}
			}
			for j, e := range edges {
				if !found[j] {
					t.Errorf("edge value %d (%s) was not among the rows", j, e.Why)
				}
			}
		})
	}
}

// init, insert, preload and run all fill TYPES: every row read back is the
// generator's row of its key and seed (an updated one, that of the run's
// change that updated it, with "cdc" saying which), and the ledger counts
// TYPES' rows per block exactly.
func TestTypesFilledByInsertPreloadAndRun(t *testing.T) {
	s := typesStore(t)
	ctx := context.Background()
	if err := s.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Insert(ctx, store.InsertOptions{Tables: []store.Table{store.Types}, Rows: 60, Blocks: []int{1, 2}, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	added, err := s.Preload(ctx, store.PreloadOptions{Rows: 10, TypesRows: 120, Block: 3, Seed: 4, Batch: 50})
	if err != nil || added["TYPES"] != 120 {
		t.Fatalf("preload added %v: %v", added, err)
	}
	sum, err := s.Run(ctx, store.RunOptions{Rate: 300, Duration: 1500 * time.Millisecond, Mix: store.DefaultMix, Seed: 5, Blocks: []int{1, 2}})
	if err != nil {
		t.Fatal(err)
	}
	perBlock := map[int]int64{}
	updated := 0
	for _, r := range readAllTypes(t, s, nil) {
		perBlock[r.Block()]++
		k := r.Key()
		var want store.TypesRow
		cdc := r.Value("cdc").(string)
		switch {
		case strings.HasPrefix(cdc, "run-"):
			n, _ := strconv.ParseInt(strings.TrimPrefix(cdc, "run-"), 10, 64)
			want = store.TypesRowFor(5, n, r.Block())
			want[0], want[len(want)-1] = k, cdc
			updated++
		case k <= store.TypesCycle:
			want = store.TypesRowFor(store.InitTypesSeed, k, store.InitTypesBlock)
		case k <= 160:
			want = store.TypesRowFor(3, k, r.Block())
		case k <= 280:
			want = store.TypesRowFor(4, k, 3)
		default:
			want = store.TypesRowFor(5, k, r.Block())
		}
		compareTypes(t, r, want)
	}
	if updated == 0 || perBlock[3] != 120 {
		t.Errorf("%d rows updated by run, %d rows in preload's block 3 (want some, and 120)", updated, perBlock[3])
	}
	ledger, err := s.Ledger(ctx)
	if err != nil {
		t.Fatal(err)
	}
	fromLedger := map[int]int64{}
	for _, l := range ledger {
		if l.Table == "TYPES" {
			fromLedger[l.Block] += l.RowCount
		}
	}
	if !reflect.DeepEqual(fromLedger, perBlock) {
		t.Errorf("TYPES per block: the ledger says %v, the table holds %v (run: %+v)", fromLedger, perBlock, sum)
	}
}

// The same seed fills TYPES with the same rows, byte for byte; another
// seed with others.
func TestTypesPreloadIsDeterministicForASeed(t *testing.T) {
	ctx := context.Background()
	load := func(seed uint64) []store.TypesRow {
		s := typesStore(t)
		if err := s.Init(ctx); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Preload(ctx, store.PreloadOptions{Rows: 1, TypesRows: 150, Block: 9, Seed: seed, Batch: 40}); err != nil {
			t.Fatal(err)
		}
		return readAllTypes(t, s, []int{9})
	}
	a, b, c := load(21), load(21), load(22)
	if len(a) != 150 || !reflect.DeepEqual(a, b) {
		t.Errorf("two preloads with seed 21 differ (%d and %d rows)", len(a), len(b))
	}
	if reflect.DeepEqual(a, c) {
		t.Error("seeds 21 and 22 preloaded the same rows")
	}
}
