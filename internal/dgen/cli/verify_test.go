package cli

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dmslab/dmslab/internal/dgen/connect"
	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/dgen/verify"
)

// postgresDialect is the dialect of the tests' PostgreSQL.
func postgresDialect(t *testing.T) store.Dialect {
	d, err := connect.ParseDSN(server.URL("postgres"))
	if err != nil {
		t.Fatal(err)
	}
	return d.Dialect()
}

// dmsTypes is how DMS creates the tables on PostgreSQL from Oracle's:
// NUMBER(38) keys become numeric(38,0), no foreign key, same names.
var dmsTypes = map[string]string{"t1_pk": "NUMERIC(38,0)", "t2_pk": "NUMERIC(38,0)", "block": "NUMERIC(38,0)", "number": "NUMERIC(10,2)", "var": "VARCHAR(17)", "cdc": "VARCHAR(25)", "refrence_t1": "NUMERIC(38,0)"}

// copyToTarget recreates schema DMSCOPY in the target database as DMS
// would, and copies every row of the source into it.
func copyToTarget(t *testing.T, src, dst *sql.DB) {
	t.Helper()
	ctx := context.Background()
	if _, err := dst.Exec(`DROP SCHEMA IF EXISTS "DMSCOPY" CASCADE; CREATE SCHEMA "DMSCOPY"`); err != nil {
		t.Fatal(err)
	}
	for _, tb := range store.Tables {
		var defs []string
		for _, c := range tb.Columns() {
			defs = append(defs, fmt.Sprintf(`"%s" %s`, c, dmsTypes[c]))
		}
		if _, err := dst.Exec(fmt.Sprintf(`CREATE TABLE "DMSCOPY"."%s" (%s)`, tb.Name, strings.Join(defs, ", "))); err != nil {
			t.Fatal(err)
		}
		rows, err := src.QueryContext(ctx, fmt.Sprintf(`SELECT %s FROM "%s"`, store.QuoteColumns(tb.Columns()), tb.Name))
		if err != nil {
			t.Fatal(err)
		}
		tx, _ := dst.Begin()
		ins := fmt.Sprintf(`INSERT INTO "DMSCOPY"."%s" (%s) VALUES (%s)`, tb.Name, store.QuoteColumns(tb.Columns()), store.Placeholders(postgresDialect(t), 1, len(tb.Columns())))
		for rows.Next() {
			vals := make([]any, len(tb.Columns()))
			ptrs := make([]any, len(vals))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			if err := rows.Scan(ptrs...); err != nil {
				t.Fatal(err)
			}
			if _, err := tx.Exec(ins, vals...); err != nil {
				t.Fatal(err)
			}
		}
		rows.Close()
		if err := tx.Commit(); err != nil {
			t.Fatal(err)
		}
	}
	copyTypesAsDMS(t, src, dst, "DMSCOPY")
}

// filledSource is a source made by dgen: preload, inserts and a mixed run.
func filledSource(t *testing.T) (string, *sql.DB) {
	t.Helper()
	dsn := newDB(t)
	mustRun(t, dsn, "init")
	mustRun(t, dsn, "preload", "--rows", "2000")
	mustRun(t, dsn, "insert", "-t", "all", "-n", "150", "-b", "1-5", "--seed", "4")
	mustRun(t, dsn, "run", "--rate", "300", "--duration", "1s", "--blocks", "1-5", "--seed", "3")
	return dsn, sqlDB(t, dsn)
}

type verifyResult struct {
	code    int
	reports []verify.Report
	stderr  string
}

func runVerify(t *testing.T, srcDSN, tgtDSN string, extra ...string) verifyResult {
	t.Helper()
	args := append([]string{"--dsn", srcDSN, "--json", "verify", "--target", tgtDSN, "--target-schema", "DMSCOPY"}, extra...)
	code, out, errOut := dgenRun(t, nil, args...)
	var reps []verify.Report
	if code != ExitUsage {
		if err := json.Unmarshal([]byte(out), &reps); err != nil {
			t.Fatalf("exit %d, output %q: %v (%s)", code, out, err, errOut)
		}
	}
	return verifyResult{code, reps, errOut}
}

// Push-down (the default) and streaming (--stream) find and name each
// difference alike.
func TestVerifyFindsEachInjectedDifference(t *testing.T) {
	verifyFindsEachInjectedDifference(t)
}

func TestVerifyStreamFindsEachInjectedDifference(t *testing.T) {
	verifyFindsEachInjectedDifference(t, "--stream")
}

func verifyFindsEachInjectedDifference(t *testing.T, mode ...string) {
	srcDSN, src := filledSource(t)
	tgtDSN := newDB(t)
	tgt := sqlDB(t, tgtDSN)

	copyToTarget(t, src, tgt)
	clean := runVerify(t, srcDSN, tgtDSN, mode...)
	if clean.code != ExitOK || !clean.reports[0].Equal {
		t.Fatalf("a clean copy does not pass: exit %d %+v %s", clean.code, clean.reports, clean.stderr)
	}
	if clean.reports[0].Tables[0].Rows < 2000 {
		t.Fatalf("verify compared only %d TABLE1 rows", clean.reports[0].Tables[0].Rows)
	}

	var k1, k2, b1 int64
	src.QueryRow(`SELECT "t1_pk", "block" FROM "TABLE1" WHERE "block" = 3 ORDER BY "t1_pk" LIMIT 1`).Scan(&k1, &b1)
	src.QueryRow(`SELECT "t2_pk" FROM "TABLE2" WHERE "block" = 2 ORDER BY "t2_pk" LIMIT 1`).Scan(&k2)
	cases := []struct {
		name   string
		inject func()
		check  func(r verify.Report) string
	}{
		{"missing row", func() { tgt.Exec(`DELETE FROM "DMSCOPY"."TABLE1" WHERE "t1_pk" = $1`, k1) }, func(r verify.Report) string {
			return expectOne(r, "TABLE1", 3, func(d verify.BlockDiff) bool {
				return d.SourceRows == d.TargetRows+1 && len(d.Missing) == 1 && d.Missing[0][0] == fmt.Sprint(k1)
			})
		}},
		{"extra row", func() {
			tgt.Exec(`INSERT INTO "DMSCOPY"."TABLE3" VALUES (4, 1.5, 'feedfacefeedface', 'x')`)
		}, func(r verify.Report) string {
			return expectOne(r, "TABLE3", 4, func(d verify.BlockDiff) bool {
				return d.TargetRows == d.SourceRows+1 && len(d.Extra) == 1 && d.Extra[0][2] == "feedfacefeedface"
			})
		}},
		{"changed value", func() { tgt.Exec(`UPDATE "DMSCOPY"."TABLE2" SET "cdc" = 'tampered' WHERE "t2_pk" = $1`, k2) }, func(r verify.Report) string {
			return expectOne(r, "TABLE2", 2, func(d verify.BlockDiff) bool {
				return d.SourceRows == d.TargetRows && len(d.Differing) == 2 && d.Differing[1][4] == "tampered" && d.Differing[0][0] == fmt.Sprint(k2)
			})
		}},
		{"row moved to another block", func() { tgt.Exec(`UPDATE "DMSCOPY"."TABLE1" SET "block" = 5 WHERE "t1_pk" = $1`, k1) }, func(r verify.Report) string {
			if len(r.Diffs) != 2 || r.Diffs[0].Block != 3 || r.Diffs[1].Block != 5 || len(r.Diffs[0].Missing) != 1 || len(r.Diffs[1].Extra) != 1 {
				return fmt.Sprintf("want TABLE1 blocks 3 (missing) and 5 (extra), got %+v", r.Diffs)
			}
			return ""
		}},
		{"cascade not applied", func() {
			// The source deletes TABLE1 block 4, cascading to TABLE2; the
			// target gets the TABLE1 delete only.
			mustRun(t, srcDSN, "delete", "-t", "table1", "-b", "4")
			tgt.Exec(`DELETE FROM "DMSCOPY"."TABLE1" WHERE "block" = 4`)
		}, func(r verify.Report) string {
			for _, d := range r.Diffs {
				if d.Table != "TABLE2" || d.TargetRows <= d.SourceRows || len(d.Extra) == 0 {
					return fmt.Sprintf("want only TABLE2 blocks with extra rows, got %+v", d)
				}
			}
			if len(r.Diffs) == 0 {
				return "nothing found"
			}
			return ""
		}},
		{"NULL against an empty string", func() {
			src.Exec(`UPDATE "TABLE3" SET "cdc" = NULL WHERE ctid = (SELECT ctid FROM "TABLE3" WHERE "block" = 1 LIMIT 1)`)
			copyToTarget(t, src, tgt)
			tgt.Exec(`UPDATE "DMSCOPY"."TABLE3" SET "cdc" = '' WHERE "cdc" IS NULL`)
		}, func(r verify.Report) string {
			return expectOne(r, "TABLE3", 1, func(d verify.BlockDiff) bool {
				return len(d.Differing) == 2 && d.Differing[0][3] == verify.NullValue && d.Differing[1][3] == ""
			})
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			copyToTarget(t, src, tgt)
			c.inject()
			res := runVerify(t, srcDSN, tgtDSN, mode...)
			if res.code != ExitFailure || res.reports[0].Equal {
				t.Fatalf("not detected: exit %d", res.code)
			}
			if !strings.Contains(res.stderr, "the targets differ from the source") {
				t.Errorf("stderr %q", res.stderr)
			}
			if msg := c.check(res.reports[0]); msg != "" {
				t.Error(msg)
			}
		})
	}
	// The text report names the table and block and shows the rows.
	copyToTarget(t, src, tgt)
	tgt.Exec(`DELETE FROM "DMSCOPY"."TABLE1" WHERE "t1_pk" = $1`, k1)
	code, out, _ := dgenRun(t, nil, append([]string{"--dsn", srcDSN, "verify", "--target", tgtDSN, "--target-schema", "DMSCOPY"}, mode...)...)
	if code != ExitFailure || !strings.Contains(out, "TABLE1 block 3: source") || !strings.Contains(out, fmt.Sprintf("missing   t1_pk=%d block=3", k1)) {
		t.Errorf("text report (exit %d):\n%s", code, out)
	}
}

func expectOne(r verify.Report, table string, block int, ok func(verify.BlockDiff) bool) string {
	if len(r.Diffs) != 1 || r.Diffs[0].Table != table || r.Diffs[0].Block != block || !ok(r.Diffs[0]) {
		return fmt.Sprintf("want one difference in %s block %d, got %+v", table, block, r.Diffs)
	}
	return ""
}

func TestVerifyWaitsForTheTargetToCatchUp(t *testing.T) {
	srcDSN, src := filledSource(t)
	tgtDSN := newDB(t)
	tgt := sqlDB(t, tgtDSN)
	copyToTarget(t, src, tgt)
	var k int64
	src.QueryRow(`SELECT MIN("t1_pk") FROM "TABLE1" WHERE "block" = 2`).Scan(&k)
	if _, err := tgt.Exec(`CREATE TABLE held AS SELECT * FROM "DMSCOPY"."TABLE1" WHERE "t1_pk" = $1`, k); err != nil {
		t.Fatal(err)
	}
	if _, err := tgt.Exec(`DELETE FROM "DMSCOPY"."TABLE1" WHERE "t1_pk" = $1`, k); err != nil {
		t.Fatal(err)
	}
	old := pollEvery
	pollEvery = 200 * time.Millisecond
	defer func() { pollEvery = old }()
	// The target catches up a moment later, as DMS would.
	done := make(chan error, 1)
	go func() {
		time.Sleep(600 * time.Millisecond)
		_, err := tgt.Exec(`INSERT INTO "DMSCOPY"."TABLE1" SELECT * FROM held`)
		done <- err
	}()
	start := time.Now()
	res := runVerify(t, srcDSN, tgtDSN, "--wait", "20s")
	if err := <-done; err != nil {
		t.Fatal(err)
	}
	if res.code != ExitOK || time.Since(start) > 10*time.Second || time.Since(start) < 500*time.Millisecond {
		t.Fatalf("exit %d after %s: %+v", res.code, time.Since(start), res.reports)
	}
	// Without time to catch up it gives up with the difference.
	tgt.Exec(`DELETE FROM "DMSCOPY"."TABLE1" WHERE "t1_pk" = $1`, k)
	if res := runVerify(t, srcDSN, tgtDSN, "--wait", "500ms"); res.code != ExitFailure {
		t.Fatalf("exit %d", res.code)
	}
}
