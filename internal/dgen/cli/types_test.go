package cli

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// TYPES through the commands: init creates and fills it, insert and
// preload add to it, data shows its values, the ledger counts it, drop
// removes it.
func TestTypesThroughTheCommands(t *testing.T) {
	dsn := newDB(t)
	db := sqlDB(t, dsn)
	out := mustRun(t, dsn, "init")
	if !strings.Contains(out, "TYPES (with 100 rows of edge values in block 0)") {
		t.Errorf("init said %q", out)
	}
	mustRun(t, dsn, "insert", "-t", "TYPES", "-n", "30", "-b", "4", "--seed", "2")
	mustRun(t, dsn, "insert", "-t", "all", "-n", "5", "-b", "5", "--seed", "3")
	mustRun(t, dsn, "preload", "--rows", "50", "--types-rows", "40", "--block", "6", "--seed", "4")
	counts := countsByBlock(t, db)["TYPES"]
	if counts[0] != 100 || counts[4] != 30 || counts[5] != 5 || counts[6] != 40 {
		t.Errorf("TYPES per block: %v, want 100 in 0, 30 in 4, 5 in 5, 40 in 6", counts)
	}
	if n := countsByBlock(t, db)["TABLE1"][6]; n != 50 {
		t.Errorf("TABLE1 holds %d preloaded rows, want 50: --types-rows is TYPES' alone", n)
	}
	assertLedgerMatches(t, db)

	var data struct {
		Table   string     `json:"table"`
		Columns []string   `json:"columns"`
		Rows    [][]string `json:"rows"`
	}
	if err := json.Unmarshal([]byte(mustRun(t, dsn, "--json", "data", "-t", "types", "-b", "0")), &data); err != nil {
		t.Fatal(err)
	}
	if data.Table != "TYPES" || strings.Join(data.Columns, ",") != strings.Join(store.TypesColumnNames(), ",") || len(data.Rows) != 100 {
		t.Fatalf("data: table %s, columns %v, %d rows", data.Table, data.Columns, len(data.Rows))
	}
	shown := map[string]bool{}
	for _, r := range data.Rows {
		for _, v := range r {
			shown[v] = true
		}
	}
	for _, want := range []string{`NaN (0x7fc00000)`, `+Inf (0x7ff0000000000000)`, `"😀😀😀😀😀     "` /* CHAR(10) pads */, "12300", "-99-11", "0001-01-01 00:00:00.000000000", "2021-03-14 07:30:00.000000000 +00:00"} {
		if !shown[want] {
			t.Errorf("data -t TYPES shows no %s", want)
		}
	}

	if out := mustRun(t, dsn, "drop"); !strings.Contains(out, "TYPES") {
		t.Errorf("drop said %q", out)
	}
}

// init --if-missing on a schema an earlier dgen made (no TYPES): TYPES is
// created and filled, the other tables keep their rows.
func TestInitIfMissingAddsTypesAlone(t *testing.T) {
	dsn := newDB(t)
	db := sqlDB(t, dsn)
	mustRun(t, dsn, "init")
	mustRun(t, dsn, "insert", "-t", "TABLE1", "-n", "7", "-b", "1", "--seed", "1")
	if _, err := db.Exec(`DROP TABLE "TYPES"`); err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec(`DELETE FROM "DGEN_LEDGER" WHERE "table_name" = 'TYPES'`); err != nil {
		t.Fatal(err)
	}
	mustRun(t, dsn, "init", "--if-missing")
	counts := countsByBlock(t, db)
	if counts["TABLE1"][1] != 7 || counts["TYPES"][0] != store.TypesCycle {
		t.Errorf("after init --if-missing: TABLE1 %v, TYPES %v", counts["TABLE1"], counts["TYPES"])
	}
	assertLedgerMatches(t, db)
}
