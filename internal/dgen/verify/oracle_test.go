package verify

import (
	"context"
	"strconv"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/dgen/store/oracle"
	"github.com/dmslab/dmslab/internal/dgen/store/storetest"
)

// verify reads Oracle with TO_CHAR on the numeric columns; what Oracle
// prints (".5", "12.3", NULL for an empty string) digests the same as what PostgreSQL
// prints for the same rows ("0.50", "12.30", NULL).
func TestOracleVerifySQLAndNormalizationAcrossEngines(t *testing.T) {
	oracleRows := map[string][][]any{
		"TABLE1": {{"1", "3", ".5", "00ff00ff00ff00ff", "0"}, {"2", "3", "12.3", "abcdabcdabcdabcd", nil}},
		"TABLE2": {{"1", "4", "7", "0123456789abcdef", "x", "1"}},
		"TABLE3": {{"5", "1000", "ffffffffffffffff", nil}},
	}
	db, r := storetest.NewRecorder(t, func(q string, _ []any) ([]string, [][]any) {
		for name, rows := range oracleRows {
			if strings.Contains(q, " FROM ADMIN."+name) {
				cols := make([]string, len(rows[0]))
				return cols, rows
			}
		}
		return nil, nil
	})
	s := &store.Store{DB: db, Dialect: oracle.Dialect{}}
	got, err := (&DBSide{Label: "source", Store: s, Schema: "ADMIN", EmptyIsNull: true, Stream: true}).Digest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	storetest.SameStatements(t, r.Statements(), []string{
		`SELECT TO_CHAR("t1_pk"), TO_CHAR("block"), TO_CHAR("number"), "var", "cdc" FROM ADMIN.TABLE1`,
		`SELECT TO_CHAR("t2_pk"), TO_CHAR("block"), TO_CHAR("number"), "var", "cdc", TO_CHAR("refrence_t1") FROM ADMIN.TABLE2`,
		`SELECT TO_CHAR("block"), TO_CHAR("number"), "var", "cdc" FROM ADMIN.TABLE3`,
	})
	// The same rows as PostgreSQL's numeric(38,0) and numeric(10,2) print them.
	want := Digests{}
	pg := map[string][][]string{
		"TABLE1": {{"1", "3", "0.50", "00ff00ff00ff00ff", "0"}, {"2", "3", "12.30", "abcdabcdabcdabcd", ""}},
		"TABLE2": {{"1", "4", "7.00", "0123456789abcdef", "x", "1"}},
		"TABLE3": {{"5", "1000.00", "ffffffffffffffff", ""}},
	}
	for _, tb := range store.Tables {
		want[tb.Name] = map[int]*BlockDigest{}
		for _, row := range pg[tb.Name] {
			norm := make([]string, len(row))
			for i, c := range tb.Columns() {
				norm[i] = NormalizeValue(c, row[i], true, true)
			}
			b, _ := strconv.Atoi(norm[tb.ColumnIndex("block")])
			want.add(tb.Name, b, rowHash(norm))
		}
	}
	if diffs := Compare(want, got); len(diffs) != 0 {
		t.Errorf("Oracle's and PostgreSQL's text of the same rows differ: %+v", diffs)
	}
}
