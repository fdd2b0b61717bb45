package cli

import (
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/fidelity"
	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/dgen/verify"
)

// init's TYPES holds c_number values of 10^28 and more in rows of their
// own; numeric(38,10) on Aurora refuses them and DMS skips those rows.
// Through the command, in text and --json: the copy passes with c_number
// lost beyond 10^28, as documented, and no other column touched; an
// ordinary row missing still fails and is named. An S3 folder without
// those rows passes too.
func TestVerifyNumberBeyondNumeric3810(t *testing.T) {
	srcDSN := newDB(t)
	src := sqlDB(t, srcDSN)
	mustRun(t, srcDSN, "init")
	tgtDSN := newDB(t)
	tgt := sqlDB(t, tgtDSN)
	copyToTarget(t, src, tgt)
	skipped := copyTypesAsDMS(t, src, tgt, "DMSCOPY")
	var separate []string
	for k := int64(1); k <= store.TypesCycle; k++ {
		if store.IsTypesSeparateRow(store.TypesRowFor(store.InitTypesSeed, k, store.InitTypesBlock)) {
			separate = append(separate, fmt.Sprint(k))
		}
	}
	if len(skipped) != 4 || strings.Join(skipped, ",") != strings.Join(separate, ",") {
		t.Fatalf("rows numeric(38,10) refused: %v, want the generator's rows of their own %v", skipped, separate)
	}
	note := "lost beyond 10^28 (lost 4; 4 rows not on the target), as documented"

	res := runVerify(t, srcDSN, tgtDSN)
	if res.code != ExitOK || !res.reports[0].Equal || res.reports[0].Fidelity == nil {
		t.Fatalf("a copy without the rows numeric(38,10) refuses: exit %d, %+v %s", res.code, res.reports, res.stderr)
	}
	f := res.reports[0].Fidelity
	if !f.MatchesDocumentation || len(f.MissingRows) != 0 || strings.Join(f.RowsBeyondRange, ",") != strings.Join(skipped, ",") {
		t.Errorf("fidelity: matches %v, missing %v, beyond range %v", f.MatchesDocumentation, f.MissingRows, f.RowsBeyondRange)
	}
	for _, c := range f.Columns {
		switch {
		case c.Column == "c_number" && (c.Range == nil || c.Range.Note != note || c.Counts["lost"] != 0):
			t.Errorf("c_number: %v, range %+v", c.Counts, c.Range)
		case c.Column != "c_number" && (c.Counts["lost"] != 0 || c.Range != nil || !c.MatchesDocumentation):
			t.Errorf("%s affected: %v %s", c.Column, c.Counts, c.Problem)
		}
	}
	code, text, _ := dgenRun(t, nil, "--dsn", srcDSN, "verify", "--target", tgtDSN, "--target-schema", "DMSCOPY")
	for _, want := range []string{"TYPES fidelity (100 rows): as documented", "      " + note + "\n",
		"rows not on the target, each one value beyond its column's range (counted there): ty_pk " + strings.Join(skipped, ", ")} {
		if code != ExitOK || !strings.Contains(text, want) {
			t.Errorf("text report (exit %d) does not say %q:\n%s", code, want, text)
		}
	}

	// An ordinary row missing fails and is named.
	ordinary := "1"
	if slices.Contains(skipped, ordinary) {
		ordinary = "2"
	}
	if _, err := tgt.Exec(`DELETE FROM "DMSCOPY"."TYPES" WHERE "ty_pk" = ` + ordinary); err != nil {
		t.Fatal(err)
	}
	res = runVerify(t, srcDSN, tgtDSN)
	if f := res.reports[0].Fidelity; res.code != ExitFailure || f.MatchesDocumentation || strings.Join(f.MissingRows, ",") != ordinary {
		t.Errorf("an ordinary row missing: exit %d, missing %v", res.code, f.MissingRows)
	}
	code, text, _ = dgenRun(t, nil, "--dsn", srcDSN, "verify", "--target", tgtDSN, "--target-schema", "DMSCOPY")
	if code != ExitFailure || !strings.Contains(text, "rows missing on the target: ty_pk "+ordinary+"\n") {
		t.Errorf("text report (exit %d):\n%s", code, text)
	}

	// S3: the folder without those rows.
	s3 := startFakeS3(t, "lab-target")
	putTypesFiles(t, s3, src, "dms/public")
	code, out, errOut := dgenRun(t, nil, "--dsn", srcDSN, "--json", "verify", "--s3", "s3://lab-target/dms/public", "--s3-region", "us-east-1")
	var reps []verify.Report
	if err := json.Unmarshal([]byte(out), &reps); err != nil || len(reps) != 1 || reps[0].Fidelity == nil {
		t.Fatalf("exit %d, output %q: %v (%s)", code, out, err, errOut)
	}
	f = reps[0].Fidelity
	var c fidelity.ColumnResult
	for _, col := range f.Columns {
		if col.Column == "c_number" {
			c = col
		}
	}
	if code != ExitOK || !f.MatchesDocumentation || strings.Join(f.RowsBeyondRange, ",") != strings.Join(skipped, ",") || c.Range == nil ||
		c.Range.Note != "lost beyond 10^28 (lost 4; 4 rows not on the target), undocumented, not failed" {
		t.Errorf("S3 without the rows: exit %d, matches %v, beyond %v, c_number %+v", code, f.MatchesDocumentation, f.RowsBeyondRange, c.Range)
	}
}
