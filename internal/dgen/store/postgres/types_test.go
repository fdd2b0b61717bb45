package postgres_test

import (
	"context"
	"reflect"
	"sync"
	"testing"

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
