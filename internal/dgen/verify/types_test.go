package verify

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/connect"
	"github.com/dmslab/dmslab/internal/dgen/fidelity"
	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/dgen/store/oracle"
	"github.com/dmslab/dmslab/internal/dgen/store/storetest"
	"github.com/dmslab/dmslab/internal/pgtest"
)

// typesSourceRows are TYPES rows added to the generator's, one SQL tuple
// each, in store.TypesColumns' order, for outcomes the test names by key:
// a CLOB of two-byte text over 32 KB, a BLOB over it, a CLOB of exactly
// 32 KB, more decimals than NUMBER's default scale keeps, -0, NULLs.
var typesSourceRows = []string{
	`(1001, 1, 1.123456789012345, 12345678901234567890123456789012345678, 12345678.91, 123400, 0.1, 'NaN', '-Infinity',
	  '0001-01-01 00:00:00', '1969-12-31 23:59:59.999999', '2020-02-29 12:00:00.123456+05:45', '1970-01-01 00:00:00+00',
	  '2 years 3 months', '1 day 02:03:04.5', 'abc', '𝄞x', 'a,b', E'line1\nline2 "q"', 'ü', repeat('é', 20000), 'short',
	  decode(repeat('00ff', 20000), 'hex'), '\x00ff', NULL)`,
	`(1002, 1, 42, 0, -0.01, -100, 1e300, '-0', '-0', '9999-12-31 23:59:59', '2000-01-01 00:00:00', '1999-12-31 23:00:00-03:30',
	  '2038-01-19 03:14:07+00', '-1 years -6 months', '-00:00:01.25', 'z', 'n', '', '', '', repeat('x', 32768), '', '\x01', '\x', 'cdc')`,
	`(1003, 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
}

// dmsCopy is what DMS's full load does to each column on the way to
// Aurora, in SQL: the source's value cast to the type expected.json says
// DMS creates, LOBs cut at LobMaxSize (32 KB, on a character boundary).
// NUMBER without precision goes into numeric(38,10), rounded to 10
// places; a value of 10^28 or more does not fit, and its row is skipped
// (typesPair), as DMS skips it under DataErrorPolicy LOG_ERROR.
func dmsCopy(c store.TypesColumn, pgType string) string {
	switch c.Name {
	case "c_clob", "c_nclob": // 32768 bytes when the text allows, else 32768 characters
		return fmt.Sprintf(`CASE WHEN octet_length("%[1]s") > 32768 AND octet_length(LEFT("%[1]s", 16384)) = 32768 THEN LEFT("%[1]s", 16384) ELSE LEFT("%[1]s", 32768) END`, c.Name)
	case "c_blob":
		return fmt.Sprintf(`substring("%s" from 1 for 32768)`, c.Name)
	case "c_char", "c_nchar": // CHAR's blanks are part of the value
		return fmt.Sprintf(`rpad("%s"::text, %d)`, c.Name, c.Size)
	}
	if strings.HasPrefix(pgType, "character varying") {
		return fmt.Sprintf(`"%s"::text::%s`, c.Name, pgType)
	}
	return fmt.Sprintf(`"%s"::%s`, c.Name, pgType)
}

// typesPair makes a source TYPES (the PostgreSQL engine's types) and a
// target TYPES typed as expected.json says DMS creates it on Aurora,
// filled by dmsCopy one row at a time, in two schemas of one database. A
// row PostgreSQL refuses with numeric field overflow is skipped, as DMS
// logs and skips a record it cannot write (the lab's DataErrorPolicy and
// ApplyErrorInsertPolicy LOG_ERROR, settings/presets.go); skipped are
// their keys.
func typesPair(t *testing.T) (db *store.Store, exec func(sql string), reopen func() *store.Store, skipped []string) {
	t.Helper()
	srv, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Stop)
	url, err := srv.NewDB()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	db, err = connect.OpenURL(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.DB.Close() })
	exec = func(q string) {
		t.Helper()
		if _, err := db.DB.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", store.FirstWords(q, 6), err)
		}
	}
	// The source: dgen's init, whose TYPES holds one cycle of the
	// generator's edge values, and the rows above.
	if err := db.Init(ctx); err != nil {
		t.Fatal(err)
	}
	exec(fmt.Sprintf(`INSERT INTO "%s" VALUES %s`, store.TypesTable, strings.Join(typesSourceRows, ", ")))
	e := fidelity.MustLoad()
	var dst, sel []string
	for i, c := range store.TypesColumns {
		typ := e.Columns[i].Targets[fidelity.Aurora].PostgresType
		dst = append(dst, fmt.Sprintf(`"%s" %s`, c.Name, typ))
		sel = append(sel, dmsCopy(c, typ))
	}
	exec(`CREATE SCHEMA "AURORA"`)
	exec(fmt.Sprintf(`CREATE TABLE "AURORA"."%s" (%s)`, store.TypesTable, strings.Join(dst, ", ")))
	rows, err := db.DB.QueryContext(ctx, fmt.Sprintf(`SELECT "%s" FROM "%s" ORDER BY 1`, store.TypesKey, store.TypesTable))
	if err != nil {
		t.Fatal(err)
	}
	var keys []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			t.Fatal(err)
		}
		keys = append(keys, k)
	}
	rows.Close()
	copyRow := fmt.Sprintf(`INSERT INTO "AURORA"."%[1]s" SELECT %[2]s FROM "%[1]s" WHERE "%[3]s" = $1`, store.TypesTable, strings.Join(sel, ", "), store.TypesKey)
	for _, k := range keys {
		_, err := db.DB.ExecContext(ctx, copyRow, k)
		var state interface{ SQLState() string }
		switch {
		case errors.As(err, &state) && state.SQLState() == "22003": // numeric_value_out_of_range
			skipped = append(skipped, k)
		case err != nil:
			t.Fatalf("copy TYPES row %s: %v", k, err)
		}
	}
	// reopen is a new pool: one that read TYPES has prepared statements
	// a changed column type makes fail ("cached plan must not change
	// result type").
	reopen = func() *store.Store {
		s, err := connect.OpenURL(ctx, url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.DB.Close() })
		return s
	}
	return db, exec, reopen, skipped
}

// example is how the column's example for key changed, "" when it has none.
func example(c fidelity.ColumnResult, key string) string {
	for _, e := range c.Examples {
		if e.Key == key {
			return e.How
		}
	}
	return ""
}

func column(t *testing.T, r *fidelity.Report, name string) fidelity.ColumnResult {
	t.Helper()
	for _, c := range r.Columns {
		if c.Column == name {
			return c
		}
	}
	t.Fatalf("no column %s in the report", name)
	return fidelity.ColumnResult{}
}

// Against a target typed and filled as DMS documents, then changed: each
// outcome is found in the right column, and only the undocumented ones
// fail.
func TestTypesFidelityAgainstAurora(t *testing.T) {
	db, exec, reopen, skipped := typesPair(t)
	ctx := context.Background()
	// The rows numeric(38,10) refused are the generator's rows of their
	// own, and only those.
	var separate []string
	for k := int64(1); k <= store.TypesCycle; k++ {
		if store.IsTypesSeparateRow(store.TypesRowFor(store.InitTypesSeed, k, store.InitTypesBlock)) {
			separate = append(separate, fmt.Sprint(k))
		}
	}
	if len(separate) != 4 || strings.Join(skipped, ",") != strings.Join(separate, ",") {
		t.Fatalf("rows skipped by numeric(38,10): %v, want the generator's rows of their own %v", skipped, separate)
	}
	// DMS may as well write such a row with the value NULL: the first.
	exec(fmt.Sprintf(`INSERT INTO "AURORA"."TYPES" ("ty_pk", "block", "cdc") SELECT "ty_pk", "block", "cdc" FROM "TYPES" WHERE "ty_pk" = %s`, skipped[0]))
	source := &DBSide{Label: "source", Store: db}
	target := &DBSide{Label: "aurora", Store: db, Schema: "AURORA", MayLackTables: true}
	check := TypesCheck{LobMaxSizeKB: 32, Examples: 1000} // every example, to find the keys

	rep, err := CheckTypes(ctx, source, target, check)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.MatchesDocumentation || rep.Rows != store.TypesCycle+len(typesSourceRows) {
		var b strings.Builder
		fidelity.WriteTable(&b, *rep)
		t.Fatalf("a target as DMS documents it: %d rows, matches %v\n%s", rep.Rows, rep.MatchesDocumentation, b.String())
	}
	want := map[string]string{"c_number": "converted", "c_clob": "truncated", "c_nclob": "truncated", "c_blob": "truncated", "c_interval_ym": "exact", "c_interval_ds": "exact",
		"c_binary_float": "exact", "c_binary_double": "exact", "c_date": "exact", "c_timestamp_tz": "exact", "c_number_neg_scale": "exact", "c_char": "exact", "c_raw": "exact"}
	for col, outcome := range want {
		if c := column(t, rep, col); c.Outcome != outcome || !c.MatchesDocumentation {
			t.Errorf("%s: %s (matches %v), want %s as documented", col, c.Outcome, c.MatchesDocumentation, outcome)
		}
	}
	if c := column(t, rep, "c_clob"); c.Counts["truncated"] < 2 || example(c, "1001") != "cut from 40000 to 32768 bytes (16384 characters) by LobMaxSize 32 KB" || example(c, "1002") != "" {
		t.Errorf("c_clob: counts %v, examples %+v", c.Counts, c.Examples)
	}
	if c := column(t, rep, "c_number"); c.TargetType != "numeric" || example(c, "1001") != "10 decimal places kept" || c.Setting == "" {
		t.Errorf("c_number: type %q, examples %+v, setting %q", c.TargetType, c.Examples, c.Setting)
	}
	// c_number beyond 10^28: lost as documented, 3 rows skipped and one
	// NULL; no other column affected, no row missing.
	if c := column(t, rep, "c_number"); c.Range == nil || c.Range.Note != "lost beyond 10^28 (lost 4; 3 rows not on the target), as documented" ||
		!strings.HasPrefix(example(c, skipped[1]), "row not on the target: numeric(38,10) holds magnitudes below 10^28") || !strings.HasPrefix(example(c, skipped[0]), "NULL: ") {
		t.Errorf("c_number beyond numeric(38,10): %+v, examples %+v", c.Range, c.Examples)
	}
	if len(rep.MissingRows) != 0 || strings.Join(rep.RowsBeyondRange, ",") != strings.Join(skipped[1:], ",") {
		t.Errorf("rows missing %v, beyond range %v; want none and %v", rep.MissingRows, rep.RowsBeyondRange, skipped[1:])
	}
	for _, c := range rep.Columns {
		if c.Column != "c_number" && (c.Counts["lost"] > 0 || c.Range != nil) {
			t.Errorf("%s affected by c_number's rows: %v", c.Column, c.Counts)
		}
	}
	ordinary := "1"
	if slices.Contains(skipped, ordinary) {
		ordinary = "2"
	}
	if slices.Contains(skipped, ordinary) {
		t.Fatalf("keys 1 and 2 are both rows of their own: %v", skipped)
	}

	// What DMS does not document: a value gone, a float changed, a column
	// of another type.
	exec(`UPDATE "AURORA"."TYPES" SET "c_varchar2_char" = NULL WHERE "ty_pk" = 1001`)
	exec(`UPDATE "AURORA"."TYPES" SET "c_binary_double" = 0 WHERE "ty_pk" = 1002`)
	exec(`ALTER TABLE "AURORA"."TYPES" ALTER "c_raw" TYPE text USING encode("c_raw", 'hex')`)
	exec(`DELETE FROM "AURORA"."TYPES" WHERE "ty_pk" = 1003`)
	exec(`DELETE FROM "AURORA"."TYPES" WHERE "ty_pk" = ` + ordinary)
	exec(`UPDATE "AURORA"."TYPES" SET "c_number" = "c_number" + 1 WHERE "ty_pk" = 1001`)
	target.Store = reopen()
	rep, err = CheckTypes(ctx, source, target, check)
	if err != nil {
		t.Fatal(err)
	}
	if rep.MatchesDocumentation || strings.Join(rep.MissingRows, ",") != ordinary+",1003" || strings.Join(rep.RowsBeyondRange, ",") != strings.Join(skipped[1:], ",") {
		t.Errorf("changed target: matches %v, missing rows %v, beyond range %v", rep.MatchesDocumentation, rep.MissingRows, rep.RowsBeyondRange)
	}
	if c := column(t, rep, "c_number"); c.MatchesDocumentation || c.Problem != "lost where converted is documented" || example(c, "1001") != "another number than the source's at 10 decimal places" {
		t.Errorf("c_number changed within range: matches %v, %q, examples %+v", c.MatchesDocumentation, c.Problem, c.Examples)
	}
	lost := map[string]string{"c_varchar2_char": "1001: NULL where the source has a value", "c_binary_double": "1002: -0 became 0"}
	for col, ex := range lost {
		c := column(t, rep, col)
		if c.Outcome != "lost" || c.MatchesDocumentation || len(c.Examples) != 1 || c.Examples[0].Key+": "+c.Examples[0].How != ex {
			t.Errorf("%s: %s (matches %v), examples %+v; want lost, not documented, %q", col, c.Outcome, c.MatchesDocumentation, c.Examples, ex)
		}
	}
	if c := column(t, rep, "c_raw"); c.MatchesDocumentation || c.TargetType != "text" || !strings.Contains(c.Problem, "type text, not bytea") {
		t.Errorf("c_raw as text: %+v", c)
	}
	if c := column(t, rep, "c_clob"); !c.MatchesDocumentation {
		t.Errorf("c_clob fails beside the others: %+v", c)
	}

	// Full LOB mode (--lob-max-size 0): the same cut is no longer documented.
	rep, err = CheckTypes(ctx, source, target, TypesCheck{Examples: 3})
	if err != nil {
		t.Fatal(err)
	}
	if c := column(t, rep, "c_blob"); c.Outcome != "lost" || c.Expected != "exact" || c.MatchesDocumentation {
		t.Errorf("c_blob cut in full LOB mode: %s, expected %s, matches %v", c.Outcome, c.Expected, c.MatchesDocumentation)
	}

	// No TYPES on the target: DMS has not created it.
	exec(`DROP TABLE "AURORA"."TYPES"`)
	rep, err = CheckTypes(ctx, source, target, check)
	if err != nil || !rep.MissingTable {
		t.Errorf("no target TYPES: %+v, %v", rep, err)
	}
}

// An Oracle source is read with the store's SELECT, and its canonical
// values (float bits, months, a DAY TO SECOND's nanoseconds, a time zone
// value with its offset) become values fidelity compares.
func TestOracleSourceTypesRead(t *testing.T) {
	db, r := storetest.NewRecorder(t, func(q string, _ []any) ([]string, [][]any) {
		row := make([]any, len(store.TypesColumns))
		at := func(name string) int { return slices.Index(store.TypesColumnNames(), name) }
		row[0], row[1] = "7", "1"
		row[at("c_number_38")] = "12345678901234567890123456789012345678"
		row[at("c_binary_float")] = "FF800000"
		row[at("c_binary_double")] = "8000000000000000"
		row[at("c_interval_ym")] = "-27"
		row[at("c_interval_ds")] = "93784.5"
		row[at("c_timestamp_tz")] = "2020-02-29 12:00:00.123456789 +05:45"
		return store.TypesColumnNames(), [][]any{row}
	})
	d := oracle.Dialect{}
	s := &DBSide{Label: "source", Store: &store.Store{DB: db, Dialect: d}, EmptyIsNull: true}
	rows, missing, err := s.TypesRows(context.Background())
	if err != nil || missing || len(rows) != 1 {
		t.Fatalf("%d rows, missing %v, %v", len(rows), missing, err)
	}
	storetest.SameStatements(t, r.Statements(), []string{store.TypesSelectSQL(d, 0)})
	var got []string
	for i, v := range rows[0].Values {
		if !v.Null {
			got = append(got, store.TypesColumns[i].Name+"="+v.Text)
		}
	}
	want := "ty_pk=7 block=1 c_number_38=12345678901234567890123456789012345678 c_binary_float=-Inf c_binary_double=-0 " +
		"c_timestamp_tz=2020-02-29 12:00:00.123456789 +05:45 c_interval_ym=-02-03 c_interval_ds=+01 02:03:04.500000000"
	if g := strings.Join(got, " "); rows[0].Key != "7" || g != want {
		t.Errorf("read key %s, %s\nwant %s", rows[0].Key, g, want)
	}
}
