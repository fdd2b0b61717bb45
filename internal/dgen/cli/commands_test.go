package cli

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

func TestEveryCommandOnPostgres(t *testing.T) {
	dsn := newDB(t)
	db := sqlDB(t, dsn)

	mustRun(t, dsn, "init")
	for _, tb := range []string{"TABLE1", "TABLE2", "TABLE3", "DGEN_LEDGER", "DGEN_PRELOAD"} {
		var n int
		if err := db.QueryRow(`SELECT COUNT(*) FROM information_schema.tables WHERE table_name = $1`, tb).Scan(&n); err != nil || n != 1 {
			t.Fatalf("%s not created (%d, %v)", tb, n, err)
		}
	}
	var fkDelete string
	if err := db.QueryRow(`SELECT delete_rule FROM information_schema.referential_constraints WHERE constraint_name = 'table2_fk'`).Scan(&fkDelete); err != nil || fkDelete != "CASCADE" {
		t.Fatalf("TABLE2's foreign key: %q, %v", fkDelete, err)
	}

	mustRun(t, dsn, "insert", "-t", "all", "-n", "60", "-b", "1,2,3", "--seed", "7")
	// init --if-missing, as the lab's bootstrap runs it, never drops data.
	if out := mustRun(t, dsn, "init", "--if-missing"); !strings.Contains(out, "left as they are") {
		t.Errorf("init --if-missing: %q", out)
	}
	got := countsByBlock(t, db)
	for _, tb := range store.Tables {
		var total int64
		for b, n := range got[tb.Name] {
			if b < 1 || b > 3 {
				t.Errorf("%s has rows in block %d", tb.Name, b)
			}
			total += n
		}
		if total != 60 {
			t.Errorf("%s holds %d rows, want 60", tb.Name, total)
		}
	}
	var dangling int
	db.QueryRow(`SELECT COUNT(*) FROM "TABLE2" WHERE "refrence_t1" IS NULL OR "refrence_t1" NOT IN (SELECT "t1_pk" FROM "TABLE1")`).Scan(&dangling)
	if dangling != 0 {
		t.Errorf("%d TABLE2 rows do not point at a TABLE1 row", dangling)
	}
	var badNumber int
	db.QueryRow(`SELECT COUNT(*) FROM "TABLE1" WHERE "number" < 0 OR "number" > 1000 OR length("var") <> 16 OR "cdc" <> '0'`).Scan(&badNumber)
	if badNumber != 0 {
		t.Errorf("%d TABLE1 rows are not shaped as the earlier dgen made them", badNumber)
	}
	assertLedgerMatches(t, db)

	// update: only block 1, text cut to 20 characters.
	mustRun(t, dsn, "update", "-t", "all", "-b", "1", "-m", "this text is longer than twenty")
	for _, tb := range store.Tables {
		var inBlock, changed, outside int64
		db.QueryRow(`SELECT COUNT(*) FROM "` + tb.Name + `" WHERE "block" = 1`).Scan(&inBlock)
		db.QueryRow(`SELECT COUNT(*) FROM "` + tb.Name + `" WHERE "block" = 1 AND "cdc" = 'this text is longer '`).Scan(&changed)
		db.QueryRow(`SELECT COUNT(*) FROM "` + tb.Name + `" WHERE "block" <> 1 AND "cdc" <> '0'`).Scan(&outside)
		if inBlock == 0 || changed != inBlock || outside != 0 {
			t.Errorf("%s: block 1 has %d rows, %d updated; %d updated outside it", tb.Name, inBlock, changed, outside)
		}
	}

	// data: at most 300 rows, of the asked blocks.
	out := mustRun(t, dsn, "--json", "data", "-t", "table1", "-b", "2")
	var data struct {
		Columns []string
		Rows    [][]string
	}
	if err := json.Unmarshal([]byte(out), &data); err != nil {
		t.Fatal(err)
	}
	if strings.Join(data.Columns, ",") != "t1_pk,block,number,var,cdc" || len(data.Rows) != int(got["TABLE1"][2]) {
		t.Errorf("data: columns %v, %d rows, want %d", data.Columns, len(data.Rows), got["TABLE1"][2])
	}
	for _, r := range data.Rows {
		if r[1] != "2" || !strings.Contains(r[2], ".") {
			t.Errorf("data row %v", r)
		}
	}

	// delete TABLE1 block 2: the TABLE2 rows pointing at it go too.
	var cascade int64
	db.QueryRow(`SELECT COUNT(*) FROM "TABLE2" WHERE "refrence_t1" IN (SELECT "t1_pk" FROM "TABLE1" WHERE "block" = 2)`).Scan(&cascade)
	if cascade == 0 {
		t.Fatal("the test data has no TABLE2 row pointing at TABLE1 block 2")
	}
	before := countsByBlock(t, db)
	out = mustRun(t, dsn, "--json", "delete", "-t", "table1", "-b", "2")
	var deleted map[string]map[string]int64
	json.Unmarshal([]byte(out), &deleted)
	if deleted["deleted"]["TABLE1"] != before["TABLE1"][2] || deleted["deleted"]["TABLE2 (cascade)"] != cascade {
		t.Errorf("delete reported %v; want TABLE1 %d and a cascade of %d", deleted, before["TABLE1"][2], cascade)
	}
	after := countsByBlock(t, db)
	var t2Before, t2After int64
	for _, n := range before["TABLE2"] {
		t2Before += n
	}
	for _, n := range after["TABLE2"] {
		t2After += n
	}
	if after["TABLE1"][2] != 0 || t2Before-t2After != cascade {
		t.Errorf("after delete: TABLE1 block 2 has %d rows; TABLE2 lost %d, want %d", after["TABLE1"][2], t2Before-t2After, cascade)
	}
	assertLedgerMatches(t, db)

	// info agrees with independent counts.
	out = mustRun(t, dsn, "--json", "info")
	var info []store.TableInfo
	json.Unmarshal([]byte(out), &info)
	for _, ti := range info {
		var n int64
		db.QueryRow(`SELECT COUNT(*) FROM "` + ti.Table + `"`).Scan(&n)
		if ti.Rows != n {
			t.Errorf("info %s: %d rows, SQL counts %d", ti.Table, ti.Rows, n)
		}
	}

	// delete all blocks of TABLE3, then drop everything.
	mustRun(t, dsn, "delete", "-t", "table3", "-b", "all")
	if countsByBlock(t, db)["TABLE3"][1] != 0 {
		t.Error("delete -b all left TABLE3 rows")
	}
	assertLedgerMatches(t, db)
	mustRun(t, dsn, "drop")
	var left int
	db.QueryRow(`SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'public'`).Scan(&left)
	if left != 0 {
		t.Errorf("%d tables left after drop", left)
	}
	// prepare on PostgreSQL says there is nothing to do.
	if out := mustRun(t, dsn, "prepare"); !strings.Contains(out, "nothing to do on PostgreSQL") {
		t.Errorf("prepare: %q", out)
	}
}

func TestCommandsBeforeInitExplainWhatToDo(t *testing.T) {
	dsn := newDB(t)
	code, _, errOut := dgenRun(t, nil, "--dsn", dsn, "info")
	if code != ExitFailure || !strings.Contains(errOut, "run `dgen init` first") {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if out := mustRun(t, dsn, "init", "--if-missing"); !strings.Contains(out, "created TABLE1") {
		t.Errorf("init --if-missing on an empty schema: %q", out)
	}
}

func TestConfigSavesTheConnectionWithoutThePassword(t *testing.T) {
	dsn := newDB(t)
	mustRun(t, dsn, "init")
	home := t.TempDir()
	env := map[string]string{"HOME": home}
	code, out, errOut := dgenRun(t, env, "config", "--dsn", dsn)
	if code != ExitOK || !strings.Contains(out, "(without the password)") {
		t.Fatalf("config: exit %d %s %s", code, out, errOut)
	}
	saved, err := os.ReadFile(filepath.Join(home, ".config", "dgen", "config.json"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(saved), ":test@") || strings.Contains(string(saved), `"password"`) {
		t.Errorf("the password was saved: %s", saved)
	}
	// The saved connection is used; the password comes from the environment.
	env["DGEN_PASSWORD"] = "test"
	if code, out, _ := dgenRun(t, env, "info"); code != ExitOK || !strings.Contains(out, "TABLE1") {
		t.Errorf("info from the saved config: exit %d %s", code, out)
	}
	// --save-password keeps it, readable by the owner only.
	delete(env, "DGEN_PASSWORD")
	if code, _, errOut := dgenRun(t, env, "config", "--dsn", dsn, "--save-password"); code != ExitOK {
		t.Fatal(errOut)
	}
	st, _ := os.Stat(filepath.Join(home, ".config", "dgen", "config.json"))
	if st.Mode().Perm() != 0o600 {
		t.Errorf("config file mode %v", st.Mode().Perm())
	}
	if code, out, _ := dgenRun(t, env, "info"); code != ExitOK || !strings.Contains(out, "TABLE1") {
		t.Errorf("info with the saved password: exit %d %s", code, out)
	}
	// The earlier flags: -l -s -u -x build an Oracle connection; with no
	// server there it fails to connect, and nothing is saved over the file.
	code, _, errOut = dgenRun(t, env, "set-config", "-l", "127.0.0.1", "-s", "ORCL", "-u", "admin", "-x", "pw", "--dsn", "")
	if code != ExitFailure || !strings.Contains(errOut, "connect to oracle://admin@127.0.0.1:1521/ORCL") {
		t.Errorf("set-config to a missing Oracle: exit %d %q", code, errOut)
	}
	if after, _ := os.ReadFile(filepath.Join(home, ".config", "dgen", "config.json")); !strings.Contains(string(after), "postgres://") {
		t.Errorf("a failed config replaced the saved one: %s", after)
	}
}
