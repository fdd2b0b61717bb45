package verify

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/dgen/store/oracle"
	"github.com/dmslab/dmslab/internal/dgen/store/storetest"
)

// oracleRowText is the row text Oracle's push-down hashes, per column.
func oracleRowText(cols ...string) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		if numericColumns[c] {
			parts[i] = fmt.Sprintf(`NVL2("%[1]s", 'v' || CASE WHEN "%[1]s" > -1 AND "%[1]s" < 1 AND "%[1]s" <> 0 THEN REPLACE(TO_CHAR("%[1]s"), '.', '0.') ELSE TO_CHAR("%[1]s") END, 'n') || CHR(31)`, c)
		} else {
			parts[i] = fmt.Sprintf(`NVL2("%[1]s", 'v' || "%[1]s", 'n') || CHR(31)`, c)
		}
	}
	return strings.Join(parts, " || ")
}

// oracleChecksumSQL is one push-down statement as Oracle gets it.
func oracleChecksumSQL(table, bucket, where string, cols ...string) string {
	if where != "" {
		where = " WHERE " + where
	}
	return `SELECT TO_CHAR("block"), TO_CHAR(g), TO_CHAR(COUNT(*)), TO_CHAR(SUM(TO_NUMBER(SUBSTR(h, 1, 15), 'XXXXXXXXXXXXXXX'))), TO_CHAR(SUM(TO_NUMBER(SUBSTR(h, 16, 15), 'XXXXXXXXXXXXXXX'))) ` +
		`FROM (SELECT /*+ NO_MERGE */ "block", ` + bucket + ` g, RAWTOHEX(STANDARD_HASH(` + oracleRowText(cols...) + `, 'MD5')) h FROM ADMIN.` + table + where + `) GROUP BY "block", g`
}

func oracleBoundsSQL(table, col string) string {
	return fmt.Sprintf(`SELECT TO_CHAR("lo"), TO_CHAR("hi") FROM (SELECT MIN("%[2]s") AS "lo" FROM ADMIN.%[1]s) a, (SELECT MAX("%[2]s") AS "hi" FROM ADMIN.%[1]s) b`, table, col)
}

var (
	table1Cols = []string{"t1_pk", "block", "number", "var", "cdc"}
	table2Cols = []string{"t2_pk", "block", "number", "var", "cdc", "refrence_t1"}
	table3Cols = []string{"block", "number", "var", "cdc"}
)

// argsLog keeps each statement's bind values, as the recorder's answer
// sees them.
type argsLog struct {
	mu sync.Mutex
	m  map[string][]any
}

func (l *argsLog) keep(q string, args []any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.m == nil {
		l.m = map[string][]any{}
	}
	l.m[q] = args
}

func (l *argsLog) of(q string) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return fmt.Sprint(l.m[q])
}

// The push-down SQL dgen sends to Oracle with one statement at a time: the
// keyed tables' bounds, then one statement a table, the keyed ones summed
// by block and bucket; and how the rows are read and added up.
func TestOraclePushDownSQL(t *testing.T) {
	var args argsLog
	db, r := storetest.NewRecorder(t, func(q string, a []any) ([]string, [][]any) {
		args.keep(q, a)
		switch {
		case strings.Contains(q, `MIN("t1_pk")`):
			return make([]string, 2), [][]any{{"1", "20000"}}
		case strings.Contains(q, "MIN("): // TABLE2 is empty
			return make([]string, 2), [][]any{{nil, nil}}
		case strings.Contains(q, " FROM ADMIN.TABLE1)"):
			// Sums above 2^64 are exact in Oracle and kept modulo 2^64;
			// a block's buckets add up.
			return make([]string, 5), [][]any{{"3", "0", "1", "18446744073709551620", "7"}, {"3", "2", "1", "1", "0"}}
		case strings.Contains(q, " FROM ADMIN.TABLE3)"):
			return make([]string, 5), [][]any{{"4", nil, "2", "9", "9"}}
		}
		return nil, nil
	})
	s := &DBSide{Label: "source", Store: &store.Store{DB: db, Dialect: oracle.Dialect{}}, Schema: "ADMIN", EmptyIsNull: true}
	got, err := s.Digest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		oracleBoundsSQL("TABLE1", "t1_pk"),
		oracleBoundsSQL("TABLE2", "t2_pk"),
		oracleChecksumSQL("TABLE1", `TRUNC(("t1_pk" - :1) / :2)`, "", table1Cols...),
		oracleChecksumSQL("TABLE2", "NULL", "", table2Cols...),
		oracleChecksumSQL("TABLE3", "NULL", "", table3Cols...),
	}
	storetest.SameStatements(t, r.Statements(), want)
	// 20 000 keys from 1: buckets of 1 024 keys (at least that wide).
	if a := args.of(want[2]); a != "[1 1024]" {
		t.Errorf("TABLE1 bound %s, want lo 1 and width 1024", a)
	}
	if b := got["TABLE1"][3]; b == nil || *b != (BlockDigest{Rows: 2, Hash: [2]uint64{5, 7}}) || len(got["TABLE1"]) != 1 || len(got["TABLE2"]) != 0 {
		t.Errorf("read %+v, want TABLE1 block 3 with 2 rows and sums 5, 7", got)
	}
	if b := got["TABLE3"][4]; b == nil || *b != (BlockDigest{Rows: 2, Hash: [2]uint64{9, 9}}) {
		t.Errorf("TABLE3 read %+v", got["TABLE3"])
	}
	if g := s.pd.buckets["TABLE1"][3]; len(g) != 2 || *g[0] != (BlockDigest{Rows: 1, Hash: [2]uint64{4, 7}}) || *g[2] != (BlockDigest{Rows: 1, Hash: [2]uint64{1, 0}}) {
		t.Errorf("TABLE1 block 3 buckets %+v", g)
	}
	if s.pd.buckets["TABLE3"] != nil {
		t.Error("TABLE3 has no key, yet it has buckets")
	}
}

// With --parallel 3, each table is cut into three parts by key ranges
// ("block" ranges for TABLE3), bound as variables after the bucket's.
func TestOraclePushDownPartsSQL(t *testing.T) {
	var args argsLog
	db, r := storetest.NewRecorder(t, func(q string, a []any) ([]string, [][]any) {
		args.keep(q, a)
		switch {
		case strings.Contains(q, `MIN("t1_pk")`):
			return make([]string, 2), [][]any{{"1", "20000"}}
		case strings.Contains(q, `MIN("block")`):
			return make([]string, 2), [][]any{{"0", "5"}}
		case strings.Contains(q, "MIN("):
			return make([]string, 2), [][]any{{nil, nil}}
		case strings.Contains(q, "ADMIN.TABLE1 WHERE"):
			// Each part holds one row of block 3.
			return make([]string, 5), [][]any{{"3", "1", "1", "1", "2"}}
		}
		return nil, nil
	})
	s := &DBSide{Label: "source", Store: &store.Store{DB: db, Dialect: oracle.Dialect{}}, Schema: "ADMIN", Parallel: 3}
	got, err := s.Digest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	// 20 000 keys in three parts of whole buckets: 7 168 keys (7 buckets).
	bucket := `TRUNC(("t1_pk" - :1) / :2)`
	want := map[string]string{
		oracleBoundsSQL("TABLE1", "t1_pk"): "[]",
		oracleBoundsSQL("TABLE2", "t2_pk"): "[]",
		oracleBoundsSQL("TABLE3", "block"): "[]",
		oracleChecksumSQL("TABLE1", bucket, `("t1_pk" < :3 OR "t1_pk" IS NULL)`, table1Cols...): "[1 1024 7169]",
		oracleChecksumSQL("TABLE1", bucket, `"t1_pk" >= :3 AND "t1_pk" < :4`, table1Cols...):    "[1 1024 7169 14337]",
		oracleChecksumSQL("TABLE1", bucket, `"t1_pk" >= :3`, table1Cols...):                     "[1 1024 14337]",
		oracleChecksumSQL("TABLE2", "NULL", "", table2Cols...):                                  "[]",
		oracleChecksumSQL("TABLE3", "NULL", `("block" < :1 OR "block" IS NULL)`, table3Cols...): "[2]",
		oracleChecksumSQL("TABLE3", "NULL", `"block" >= :1 AND "block" < :2`, table3Cols...):    "[2 4]",
		oracleChecksumSQL("TABLE3", "NULL", `"block" >= :1`, table3Cols...):                     "[4]",
	}
	sent := r.Statements()
	slices.Sort(sent)
	var wantSent []string
	for q, a := range want {
		wantSent = append(wantSent, q)
		if got := args.of(q); got != a {
			t.Errorf("%s\nbound %s, want %s", q, got, a)
		}
	}
	slices.Sort(wantSent)
	storetest.SameStatements(t, sent, wantSent)
	if b := got["TABLE1"][3]; b == nil || *b != (BlockDigest{Rows: 3, Hash: [2]uint64{3, 6}}) {
		t.Errorf("the three parts of TABLE1 block 3 add up to %+v, want 3 rows, sums 3 and 6", b)
	}
	if b := s.pd.buckets["TABLE1"][3][1]; b == nil || b.Rows != 3 {
		t.Errorf("bucket 1 of TABLE1 block 3 is %+v, want the three parts' rows", b)
	}
}

// Narrowing a large differing block sends no sum again: one statement a
// side reads the rows of the differing buckets, adjacent ones as one range.
func TestOracleNarrowSQL(t *testing.T) {
	// The recorder is named after the test: the target's is a subtest's.
	side := func(t *testing.T, name string, sums [][]any) (*DBSide, *storetest.Recorder, *argsLog) {
		var args argsLog
		db, r := storetest.NewRecorder(t, func(q string, a []any) ([]string, [][]any) {
			args.keep(q, a)
			switch {
			case strings.Contains(q, `MIN("t1_pk")`):
				return make([]string, 2), [][]any{{"1", "20000"}}
			case strings.Contains(q, "MIN("):
				return make([]string, 2), [][]any{{nil, nil}}
			case strings.Contains(q, "STANDARD_HASH") && strings.Contains(q, "ADMIN.TABLE1"):
				return make([]string, 5), sums
			}
			return nil, nil
		})
		return &DBSide{Label: name, Store: &store.Store{DB: db, Dialect: oracle.Dialect{}}, Schema: "ADMIN"}, r, &args
	}
	same := [][]any{{"0", "0", "6000", "1", "1"}, {"0", "1", "6000", "2", "2"}, {"0", "2", "6000", "3", "3"}, {"0", "5", "6000", "4", "4"}, {"0", "6", "6000", "5", "5"}}
	src, rs, argsS := side(t, "source", same)
	t.Run("target", func(t *testing.T) {
		other := [][]any{{"0", "0", "6000", "1", "1"}, {"0", "1", "5999", "2", "9"}, {"0", "2", "6001", "3", "8"}, {"0", "5", "6000", "4", "4"}, {"0", "6", "6000", "5", "6"}}
		dst, rd, argsD := side(t, "target", other)
		rep, err := Verify(context.Background(), src, dst, 5)
		if err != nil {
			t.Fatal(err)
		}
		if len(rep.Diffs) != 1 || rep.Diffs[0].Table != "TABLE1" || rep.Diffs[0].Block != 0 {
			t.Fatalf("diffs %+v, want TABLE1 block 0", rep.Diffs)
		}
		cols := make([]string, len(table1Cols))
		for i, c := range table1Cols {
			cols[i] = oracle.Dialect{}.ColumnText(c, numericColumns[c])
		}
		read := `SELECT ` + strings.Join(cols, ", ") + ` FROM ADMIN.TABLE1 WHERE "block" = :1 AND ("t1_pk" >= :2 AND "t1_pk" < :3 OR "t1_pk" >= :4 AND "t1_pk" < :5)`
		for _, x := range []struct {
			r    *storetest.Recorder
			args *argsLog
		}{{rs, argsS}, {rd, argsD}} {
			sent := x.r.Statements()
			if len(sent) != 6 || sent[5] != read {
				t.Errorf("sent\n  %s\nwant the bounds, three sums and then\n  %s", strings.Join(sent, "\n  "), read)
			}
			// Buckets 1 and 2 (keys 1025 to 3072) and 6 (6145 to 7168).
			if a := x.args.of(read); a != "[0 1025 3073 6145 7169]" {
				t.Errorf("read bound %s", a)
			}
		}
	})
}
