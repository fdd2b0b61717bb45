package oracle

import (
	"context"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/dgen/store/storetest"
)

// progressAnswers answers as a schema where TABLE1's preload stopped after
// 2 of 5 rows (keys from 1) and taken rows lie in the keys it still needs.
func progressAnswers(taken int64) storetest.Answer {
	return func(q string, args []any) ([]string, [][]any) {
		switch {
		case strings.HasPrefix(q, `SELECT "start_key", "loaded", "target" FROM DGEN_PRELOAD`):
			if args[0] == "TABLE1" {
				return []string{"s", "l", "t"}, [][]any{{int64(1), int64(2), int64(5)}}
			}
			return []string{"s", "l", "t"}, nil
		case strings.HasPrefix(q, `SELECT COUNT(*) FROM TABLE1 WHERE "t1_pk" >=`):
			return []string{"n"}, [][]any{{taken}}
		}
		return emptySchema(q, args)
	}
}

// A rerun reads the progress record under TABLE1's lock and checks that
// the keys the rest of the load needs are free before it loads them.
func TestOraclePreloadResumeChecksItsKeys(t *testing.T) {
	s, r := newOracleFake(t, progressAnswers(0))
	if _, err := s.Preload(context.Background(), store.PreloadOptions{Rows: 5, Seed: 1, Batch: 10}); err != nil {
		t.Fatal(err)
	}
	storetest.SameStatements(t, r.Statements()[:4], []string{
		`LOCK TABLE TABLE1 IN SHARE ROW EXCLUSIVE MODE`,
		`SELECT "start_key", "loaded", "target" FROM DGEN_PRELOAD WHERE "table_name" = :1`,
		`SELECT COUNT(*) FROM TABLE1 WHERE "t1_pk" >= :1 AND "t1_pk" <= :2`,
		`INSERT INTO TABLE1 ("t1_pk", "block", "number", "var", "cdc") VALUES (:1, :2, :3, :4, :5)`,
	})
	if keys := r.Execs()[1].Args[0].([]int64); len(keys) != 3 || keys[0] != 3 {
		t.Errorf("resumed with keys %v, want 3, 4, 5", keys)
	}
	if c := r.Execs()[0]; c.Query != `LOCK TABLE TABLE1 IN SHARE ROW EXCLUSIVE MODE` {
		t.Errorf("first change %s", c.Query)
	}
	// Resumed, it checks that the TABLE1 rows TABLE2's rows will refer to
	// are all there before it loads TABLE2.
	sent := r.Statements()
	i, j := indexOf(sent, `SELECT COUNT(*) FROM TABLE1 WHERE "t1_pk" BETWEEN :1 AND :2`), indexOf(sent, `INSERT INTO TABLE2 ("t2_pk", "block", "number", "var", "cdc", "refrence_t1") VALUES (:1, :2, :3, :4, :5, :6)`)
	if i < 0 || j < i {
		t.Errorf("TABLE1's rows not counted before TABLE2 was loaded:\n%s", strings.Join(sent, "\n"))
	}

	// Keys 3 to 5 taken: preload refuses and explains, and loads nothing.
	s, r = newOracleFake(t, progressAnswers(1))
	_, err := s.Preload(context.Background(), store.PreloadOptions{Rows: 5, Seed: 1, Batch: 10})
	if err == nil || !strings.Contains(err.Error(), "keys 3 to 5, which the remaining 3 preloaded rows would take, are held by 1 rows") {
		t.Fatalf("preload over taken keys: %v", err)
	}
	for _, c := range r.Execs() {
		if strings.HasPrefix(c.Query, "INSERT") || strings.HasPrefix(c.Query, "UPDATE") {
			t.Errorf("sent %s after refusing", c.Query)
		}
	}

	// --rows below what is loaded: nothing loaded, the target not rewritten.
	s, r = newOracleFake(t, progressAnswers(0))
	var notes []string
	if _, err := s.Preload(context.Background(), store.PreloadOptions{Rows: 1, Seed: 1, Notice: func(table, msg string) { notes = append(notes, table+": "+msg) }}); err != nil {
		t.Fatal(err)
	}
	for _, c := range r.Execs() {
		if strings.HasPrefix(c.Query, "LOCK") {
			continue
		}
		if strings.Contains(c.Query, "TABLE1") || (len(c.Args) > 0 && c.Args[0] == "TABLE1") || (len(c.Args) > 1 && c.Args[1] == "TABLE1") {
			t.Errorf("sent %s though TABLE1 holds more than asked", c.Query)
		}
	}
	if len(notes) == 0 || notes[0] != "TABLE1: 2 rows are preloaded already, more than the 1 asked: nothing added, and the stored target of 5 rows is kept" {
		t.Errorf("notices: %q", notes)
	}
}
