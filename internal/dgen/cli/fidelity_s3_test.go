package cli

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/fidelity"
	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/dgen/verify"
)

// typesCSVRows are TYPES rows that test the CSV form: commas, quotes and
// line breaks inside values, an empty string and a NULL (both an empty
// field), 4-byte UTF-8, a CLOB and a BLOB over 32 KB.
var typesCSVRows = []string{
	`(1, 1, 2.5, 1, 1.25, 100, 0.5, 1.5, -2.5, '2024-02-29 13:14:15', '1969-07-20 20:17:40.5', '2024-01-01 00:00:00+05:30', '2024-01-01 00:00:00+00',
	  '1 year', '3 days 04:00:00', 'a,b', '"q"', E'one\ntwo', E'x,"y"\r\nz', '😀,', repeat('ab', 20000), E'n,\n"', decode(repeat('0a', 40000), 'hex'), '\xdeadbeef', NULL)`,
	`(2, 1, 0, 0, 0, 0, 0, 0, 0, '1900-01-01 00:00:00', '1900-01-01 00:00:00', '1900-01-01 00:00:00+00', '1900-01-01 00:00:00+00',
	  '0 years', '00:00:00', ' ', ' ', '', '', '', '', '', '\x', '\x00', 'before')`,
	`(3, 2, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL)`,
}

// typesAsCSV reads the source's TYPES as DMS writes it to S3, by key.
func typesAsCSV(t *testing.T, db *sql.DB) map[string][]string {
	t.Helper()
	out := map[string][]string{}
	for _, r := range readTypesAsDMS(t, db) {
		fields := make([]string, len(r))
		for i, v := range r {
			fields[i] = v.String // NULL: an empty field
		}
		out[fields[0]] = fields
	}
	return out
}

// typesFile is one DMS CSV file of TYPES: header, then Op, the commit
// timestamp and the columns, quoted as RFC 4180 wants.
func typesFile(events ...[]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	w.Write(append([]string{"Op", "dms_commit_ts"}, store.TypesColumnNames()...))
	for _, e := range events {
		w.Write(append([]string{e[0], "2026-11-25 13:05:01.123456"}, e[1:]...))
	}
	w.Flush()
	return b.Bytes()
}

func typesColumnResult(t *testing.T, r *fidelity.Report, name string) fidelity.ColumnResult {
	t.Helper()
	for _, c := range r.Columns {
		if c.Column == name {
			return c
		}
	}
	t.Fatalf("no %s in %+v", name, r)
	return fidelity.ColumnResult{}
}

// TYPES rebuilt from its S3 files (a full load, then CDC) is compared
// column by column; values CSV must quote arrive whole, NULL and an empty
// string are both an empty field, LOBs are cut as documented; a value the
// files changed is named, fails verify, and --json carries the table.
func TestVerifyTypesFidelityThroughS3(t *testing.T) {
	dsn := newDB(t)
	db := sqlDB(t, dsn)
	mustRun(t, dsn, "init")
	var defs []string
	for _, c := range store.TypesColumns {
		defs = append(defs, fmt.Sprintf(`"%s" %s`, c.Name, c.PostgreSQL))
	}
	for _, q := range []string{
		fmt.Sprintf(`CREATE TABLE IF NOT EXISTS "TYPES" (%s)`, strings.Join(defs, ", ")),
		`DELETE FROM "TYPES"`,
		`INSERT INTO "TYPES" VALUES ` + strings.Join(typesCSVRows, ", "),
	} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	s3 := startFakeS3(t, "lab-target")
	before := typesAsCSV(t, db)
	s3.put("dms/public/TYPES/LOAD00000001.csv", typesFile(append([]string{"I"}, before["1"]...), append([]string{"I"}, before["2"]...), append([]string{"I"}, before["3"]...)))
	// CDC: row 2 updated, row 3 deleted.
	if _, err := db.Exec(`UPDATE "TYPES" SET "cdc" = E'after, "x"\ny' WHERE "ty_pk" = 2; DELETE FROM "TYPES" WHERE "ty_pk" = 3`); err != nil {
		t.Fatal(err)
	}
	after := typesAsCSV(t, db)
	s3.put("dms/public/TYPES/2026/11/25/13/20261125-130501123.csv", typesFile(append([]string{"U"}, after["2"]...), append([]string{"D"}, before["3"]...)))

	run := func(args ...string) (int, []verify.Report, string) {
		code, out, errOut := dgenRun(t, nil, append([]string{"--dsn", dsn, "--json", "verify", "--s3", "s3://lab-target/dms/public", "--s3-region", "us-east-1"}, args...)...)
		var reps []verify.Report
		if err := json.Unmarshal([]byte(out), &reps); err != nil || len(reps) != 1 || reps[0].Fidelity == nil {
			t.Fatalf("exit %d, output %q: %v (%s)", code, out, err, errOut)
		}
		return code, reps, out
	}
	code, reps, out := run()
	f := reps[0].Fidelity
	if code != ExitOK || !f.MatchesDocumentation || f.Rows != 2 || f.Kind != fidelity.S3CSV {
		t.Fatalf("exit %d, fidelity %+v\n%s", code, f, out)
	}
	for col, want := range map[string]string{"c_clob": "truncated", "c_blob": "truncated", "c_varchar2_char": "exact", "c_varchar2_byte": "exact",
		"c_nchar": "exact", "cdc": "exact", "c_timestamp_tz": "exact", "c_raw": "exact", "c_nvarchar2": "exact", "c_nclob": "exact"} {
		if c := typesColumnResult(t, f, col); c.Outcome != want || !c.MatchesDocumentation {
			t.Errorf("%s: %s (matches %v), want %s", col, c.Outcome, c.MatchesDocumentation, want)
		}
	}
	if c := typesColumnResult(t, f, "c_clob"); c.Counts["truncated"] != 1 || !strings.Contains(c.Examples[0].How, "cut from 40000 to 32768 bytes") || c.Examples[0].Key != "1" {
		t.Errorf("c_clob: %+v", c)
	}

	// A value the files changed: the text with a line break lost its second line.
	changed := append([]string{"U"}, after["1"]...)
	changed[1+slices.Index(store.TypesColumnNames(), "c_varchar2_char")] = "x,\"y\""
	s3.put("dms/public/TYPES/2026/11/25/14/20261125-140000000.csv", typesFile(changed))
	code, reps, _ = run()
	c := typesColumnResult(t, reps[0].Fidelity, "c_varchar2_char")
	if code != ExitFailure || reps[0].Equal || c.Outcome != "lost" || c.MatchesDocumentation || len(c.Examples) != 1 || c.Examples[0].Key != "1" {
		t.Errorf("a changed value: exit %d, %+v", code, c)
	}
	code, text, _ := dgenRun(t, nil, "--dsn", dsn, "verify", "--s3", "s3://lab-target/dms/public", "--s3-region", "us-east-1")
	if code != ExitFailure || !strings.Contains(text, "TYPES did not arrive as DMS documents") || !strings.Contains(text, "FAILS: lost where exact is documented") {
		t.Errorf("text output: exit %d\n%s", code, text)
	}
}
