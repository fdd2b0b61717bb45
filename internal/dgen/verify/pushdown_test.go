package verify

import (
	"context"
	"crypto/md5"
	"database/sql"
	"encoding/hex"
	"fmt"
	"maps"
	"math/big"
	"strconv"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/connect"
	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/dgen/store/oracle"
	"github.com/dmslab/dmslab/internal/dgen/store/storetest"
	"github.com/dmslab/dmslab/internal/pgtest"
)

// oracleChecksums computes in Go what Oracle's push-down statement
// (oracle.Dialect.BlockChecksumSQL) computes, from the values Oracle's
// TO_CHAR prints for the same rows. Why it equals Oracle's expression:
//
//   - TO_CHAR(n) without a format "converts n to a VARCHAR2 value exactly
//     long enough to hold its significant digits" (Oracle Database SQL
//     Language Reference, TO_CHAR (number),
//     https://docs.oracle.com/en/database/oracle/oracle-database/21/sqlrf/TO_CHAR-number.html):
//     no trailing zeros, and no zero before the point (".5", "-.25"), which
//     is the text the fixture holds; the CASE adds that zero for
//     -1 < n < 1, n <> 0, as REPLACE(…, '.', '0.') does here.
//   - Oracle stores an empty string as NULL, so a text column is NULL or non-empty; NVL2
//     gives 'n' for NULL and 'v' || value otherwise; || CHR(31) appends the
//     byte 0x1f.
//   - STANDARD_HASH(expr, 'MD5') "computes a hash value for a given
//     expression" with the NIST algorithm named, and "returns a RAW value"
//     (https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/STANDARD_HASH.html):
//     the 16 bytes of MD5 over the VARCHAR2's bytes, which are UTF-8 in an
//     AL32UTF8 database (the lab's RDS source), as Go's strings are.
//   - RAWTOHEX writes those bytes as 32 hex digits; TO_NUMBER(SUBSTR(h, 1,
//     15), 'XXXXXXXXXXXXXXX') is the value of the first 15 (the X number
//     format element is hexadecimal, and TO_NUMBER takes number format
//     models: Format Models, Number Format Elements,
//     https://docs.oracle.com/cd/B19306_01/server.102/b14200/sql_elements004.htm),
//     SUBSTR(h, 16, 15) the next 15; SUM of NUMBER is exact (at most 38
//     digits; 2^60 times a billion rows has 28).
//   - The decimal character is the session's (NLS_NUMERIC_CHARACTERS, "."
//     by default), as for the streaming path's TO_CHAR.
//   - A bucket, TRUNC(("key" - :1) / :2), is the exact quotient rounded
//     toward zero, as Go's integer division rounds.
func oracleChecksums(t *testing.T, tb store.Table, rows [][]sql.NullString) map[int]*BlockDigest {
	t.Helper()
	out := map[int]*BlockDigest{}
	for g, d := range oracleSums(t, tb, rows, func(row []sql.NullString) string { return row[tb.ColumnIndex("block")].String }) {
		b, _ := strconv.Atoi(g)
		out[b] = &d
	}
	return out
}

// oracleBuckets is oracleChecksums by block and bucket of the key, keyed
// as flatBuckets keys them.
func oracleBuckets(t *testing.T, tb store.Table, rows [][]sql.NullString, lo, width int64) map[string]BlockDigest {
	t.Helper()
	return oracleSums(t, tb, rows, func(row []sql.NullString) string {
		k, err := strconv.ParseInt(row[tb.ColumnIndex(tb.Key)].String, 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		return fmt.Sprintf("%s/%s/%d", tb.Name, row[tb.ColumnIndex("block")].String, (k-lo)/width)
	})
}

// oracleSums sums the rows' checksums by groupOf.
func oracleSums(t *testing.T, tb store.Table, rows [][]sql.NullString, groupOf func([]sql.NullString) string) map[string]BlockDigest {
	t.Helper()
	cols := tb.Columns()
	type sums struct {
		n      int64
		s0, s1 big.Int
	}
	byBlock := map[string]*sums{}
	for _, row := range rows {
		var text strings.Builder
		for i, c := range cols {
			v := row[i]
			switch {
			case !v.Valid:
				text.WriteString("n")
			case numericColumns[c]:
				n, ok := new(big.Rat).SetString(v.String)
				if !ok {
					t.Fatalf("%s %q is not a number", c, v.String)
				}
				x := v.String
				if n.Cmp(big.NewRat(-1, 1)) > 0 && n.Cmp(big.NewRat(1, 1)) < 0 && n.Sign() != 0 {
					x = strings.ReplaceAll(x, ".", "0.")
				}
				text.WriteString("v" + x)
			default:
				text.WriteString("v" + v.String)
			}
			text.WriteByte(31)
		}
		sum := md5.Sum([]byte(text.String()))
		h := strings.ToUpper(hex.EncodeToString(sum[:]))
		block := groupOf(row)
		if byBlock[block] == nil {
			byBlock[block] = &sums{}
		}
		s := byBlock[block]
		s.n++
		for i, part := range []string{h[0:15], h[15:30]} {
			v, _ := new(big.Int).SetString(part, 16)
			[]*big.Int{&s.s0, &s.s1}[i].Add([]*big.Int{&s.s0, &s.s1}[i], v)
		}
	}
	out := map[string]BlockDigest{}
	for b, s := range byBlock {
		h0, _ := low64(s.s0.String())
		h1, _ := low64(s.s1.String())
		out[b] = BlockDigest{Rows: s.n, Hash: [2]uint64{h0, h1}}
	}
	return out
}

// Oracle's push-down checksums (modelled in Go, above, from rows read
// through the recording driver) equal what PostgreSQL's push-down SQL
// computes for the same rows as PostgreSQL holds them: numeric(10,2) with
// its trailing zeros, an empty string where Oracle has NULL, non-ASCII text.
func TestPushDownChecksumsAgreeAcrossEngines(t *testing.T) {
	// As Oracle's TO_CHAR prints them; nil is NULL ('' in PostgreSQL).
	oracleRows := map[string][][]any{
		"TABLE1": {{"1", "3", ".5", "00ff00ff00ff00ff", "0"}, {"2", "3", "12.3", "abcdabcdabcdabcd", nil}, {"3", "4", "-.25", "é€x", "0"}, {"4", "4", "0", "q", "a"}, {"5000", "4", "1", "w", "0"}},
		"TABLE2": {{"1", "4", "7", "0123456789abcdef", "x", "1"}, {"2", "0", "-3.1", "0123456789abcdef", nil, nil}},
		"TABLE3": {{"5", "1000", "ffffffffffffffff", nil}, {"5", "1000", "ffffffffffffffff", nil}},
	}
	pgRows := map[string][]string{
		"TABLE1": {`(1, 3, 0.50, '00ff00ff00ff00ff', '0')`, `(2, 3, 12.30, 'abcdabcdabcdabcd', '')`, `(3, 4, -0.25, 'é€x', '0')`, `(4, 4, 0.00, 'q', 'a')`, `(5000, 4, 1.00, 'w', '0')`},
		"TABLE2": {`(1, 4, 7.00, '0123456789abcdef', 'x', 1)`, `(2, 0, -3.10, '0123456789abcdef', '', NULL)`},
		"TABLE3": {`(5, 1000.00, 'ffffffffffffffff', '')`, `(5, 1000, 'ffffffffffffffff', NULL)`},
	}
	db, _ := storetest.NewRecorder(t, func(q string, _ []any) ([]string, [][]any) {
		for name, rows := range oracleRows {
			if strings.Contains(q, " FROM ADMIN."+name) {
				return make([]string, len(rows[0])), rows
			}
		}
		return nil, nil
	})
	ora := &DBSide{Store: &store.Store{DB: db, Dialect: oracle.Dialect{}}, Schema: "ADMIN"}
	want := Digests{}
	oraRows := map[string][][]sql.NullString{}
	for _, tb := range store.Tables {
		res, err := db.Query(ora.selectSQL(tb, ""))
		if err != nil {
			t.Fatal(err)
		}
		var rows [][]sql.NullString
		for res.Next() {
			row := make([]sql.NullString, len(tb.Columns()))
			ptrs := make([]any, len(row))
			for i := range row {
				ptrs[i] = &row[i]
			}
			if err := res.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			rows = append(rows, row)
		}
		res.Close()
		want[tb.Name] = oracleChecksums(t, tb, rows)
		oraRows[tb.Name] = rows
	}

	srv, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	url, err := srv.NewDB()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	pg, err := connect.OpenURL(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.DB.Close()
	if err := pg.Init(ctx); err != nil {
		t.Fatal(err)
	}
	for _, tb := range store.Tables { // TABLE2 refers to TABLE1
		if _, err := pg.DB.Exec(`INSERT INTO "` + tb.Name + `" VALUES ` + strings.Join(pgRows[tb.Name], ", ")); err != nil {
			t.Fatal(err)
		}
	}
	// The Oracle source's rule: '' equals NULL.
	pgSide := &DBSide{Label: "target", Store: pg, EmptyIsNull: true}
	got, err := pgSide.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := Compare(want, got); len(diffs) != 0 {
		t.Errorf("Oracle's and PostgreSQL's push-down checksums of the same rows differ: %+v", diffs)
	}
	// And by bucket of the key, with PostgreSQL's plan (TABLE1's keys 1 to
	// 5000 fall in buckets 0 and 4 of 1024 keys).
	wantBuckets := map[string]BlockDigest{}
	for _, tb := range store.Tables {
		if sp := pgSide.pd.plan[tb.Name]; sp.bucketed {
			maps.Copy(wantBuckets, oracleBuckets(t, tb, oraRows[tb.Name], sp.lo, sp.width))
		}
	}
	if gotBuckets := flatBuckets(pgSide); fmt.Sprint(gotBuckets) != fmt.Sprint(wantBuckets) || len(wantBuckets) != 5 {
		t.Errorf("bucket sums: PostgreSQL %v, Oracle's model %v", gotBuckets, wantBuckets)
	}
	if len(want["TABLE1"]) != 2 || want["TABLE3"][5] == nil || want["TABLE3"][5].Rows != 2 {
		t.Errorf("the model read %+v", want)
	}
	// Between two PostgreSQL databases '' and NULL differ.
	strict, err := (&DBSide{Label: "target", Store: pg}).Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if diffs := Compare(got, strict); len(diffs) != 3 {
		t.Errorf("'' against NULL: want blocks TABLE1 3, TABLE2 0 and TABLE3 5 to differ, got %+v", diffs)
	}
}

// The S3 side digests rows in Go, so a database compared with it streams;
// two databases push down unless one is told to stream.
func TestSameMode(t *testing.T) {
	ora := func(stream bool) *DBSide {
		return &DBSide{Store: &store.Store{Dialect: oracle.Dialect{}}, Stream: stream}
	}
	src := ora(false)
	sameMode(src, &S3Side{})
	if !src.Stream {
		t.Error("against S3 the source pushes down")
	}
	a, b := ora(false), ora(false)
	sameMode(a, b)
	if a.Stream || b.Stream {
		t.Error("two databases stream by default")
	}
	a, b = ora(false), ora(true)
	sameMode(a, b)
	if !a.Stream || !b.Stream {
		t.Error("one side streams, the other pushes down")
	}
}

// A large differing block is narrowed to its differing key buckets, and the
// rows found are those streaming finds: a missing, two differing and an
// extra row.
func TestNarrowedBlocksNameWhatStreamingNames(t *testing.T) {
	srv, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	ctx := context.Background()
	if err := srv.CreateDB("nsrc"); err != nil {
		t.Fatal(err)
	}
	s, err := connect.OpenURL(ctx, srv.URL("nsrc"))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Preload(ctx, store.PreloadOptions{Rows: 3000, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	s.DB.Close()
	if err := srv.CreateDB("ndst -T nsrc"); err != nil {
		t.Fatal(err)
	}
	if s, err = connect.OpenURL(ctx, srv.URL("nsrc")); err != nil {
		t.Fatal(err)
	}
	defer s.DB.Close()
	d, err := connect.OpenURL(ctx, srv.URL("ndst"))
	if err != nil {
		t.Fatal(err)
	}
	defer d.DB.Close()
	for _, q := range []string{
		`DELETE FROM "TABLE2" WHERE "t2_pk" = (SELECT MIN("t2_pk") FROM "TABLE2")`,
		`UPDATE "TABLE2" SET "cdc" = 'tampered' WHERE "t2_pk" = (SELECT MAX("t2_pk") FROM "TABLE2")`,
		`UPDATE "TABLE1" SET "number" = "number" + 1 WHERE "t1_pk" = (SELECT MIN("t1_pk") + 1500 FROM "TABLE1")`,
		`INSERT INTO "TABLE1" SELECT "t1_pk" + 100000, "block", "number", "var", "cdc" FROM "TABLE1" WHERE "t1_pk" = (SELECT MIN("t1_pk") FROM "TABLE1")`,
	} {
		if _, err := d.DB.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	var parts int
	run := func(stream bool) Report {
		src, dst := &DBSide{Label: "source", Store: s, Stream: stream, Parallel: 2}, &DBSide{Label: "target", Store: d, Stream: stream, Parallel: 2}
		rep, err := Verify(ctx, src, dst, 5)
		if err != nil {
			t.Fatal(err)
		}
		for _, sp := range src.pd.plan {
			parts += len(sp.cuts) + 1
		}
		return rep
	}
	defer func(n int64) { narrowAbove = n }(narrowAbove)
	narrowAbove = 0
	var reads int
	countReads = func() { reads++ }
	defer func() { countReads = func() {} }()
	sent := countStatements(t)
	pushed := run(false)
	// Narrowing sums nothing again: the statements are the digests', one
	// a part on each side.
	if n := sent(); n != int64(2*parts) || parts <= 3 {
		t.Errorf("%d push-down statements sent, want 2 sides × %d parts", n, parts)
	}
	streamed := run(true)
	if reads == 0 {
		t.Error("no block was narrowed")
	}
	if fmt.Sprint(pushed) != fmt.Sprint(streamed) || len(pushed.Diffs) == 0 {
		t.Errorf("narrowed push-down found\n%+v\nstreaming found\n%+v", pushed, streamed)
	}
	var found int
	for _, df := range pushed.Diffs {
		found += len(df.Missing) + len(df.Extra) + len(df.Differing)/2
	}
	if found != 4 {
		t.Errorf("want a missing, two differing and an extra row, got %+v", pushed.Diffs)
	}
}
