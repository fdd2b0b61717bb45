package oracle

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/dgen/store/storetest"
)

// newOracleFake returns a Store on the Oracle dialect backed by a recorder.
func newOracleFake(t *testing.T, answer storetest.Answer) (*store.Store, *storetest.Recorder) {
	t.Helper()
	db, r := storetest.NewRecorder(t, answer)
	return &store.Store{DB: db, Dialect: Dialect{}}, r
}

func TestOracleInitSendsThisDDL(t *testing.T) {
	s, r := newOracleFake(t, nil)
	if err := s.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	sent := r.Statements()
	ddl := len(sent) - store.TypesCycle - 1 // then TYPES' first cycle and its ledger entry
	storetest.SameStatements(t, sent[:ddl], []string{
		`SELECT table_name FROM user_tables WHERE table_name IN (:1, :2, :3, :4, :5, :6)`,
		`CREATE TABLE TABLE1 ("t1_pk" INT NOT NULL, "block" INT NOT NULL, "number" NUMBER(10,2) NOT NULL, "var" VARCHAR2(17) NOT NULL, "cdc" VARCHAR2(25), CONSTRAINT TABLE1_PK PRIMARY KEY ("t1_pk"))`,
		`CREATE INDEX TABLE1_BLOCK ON TABLE1 ("block")`,
		`CREATE TABLE TABLE2 ("t2_pk" INT NOT NULL, "block" INT NOT NULL, "number" NUMBER(10,2) NOT NULL, "var" VARCHAR2(17) NOT NULL, "cdc" VARCHAR2(25), "refrence_t1" INT, CONSTRAINT TABLE2_FK FOREIGN KEY ("refrence_t1") REFERENCES TABLE1 ("t1_pk") ON DELETE CASCADE)`,
		`CREATE INDEX TABLE2_BLOCK ON TABLE2 ("block")`,
		`CREATE INDEX TABLE2_REF ON TABLE2 ("refrence_t1")`,
		`CREATE INDEX TABLE2_KEY ON TABLE2 ("t2_pk")`,
		`CREATE TABLE TABLE3 ("block" INT NOT NULL, "number" NUMBER(10,2) NOT NULL, "var" VARCHAR2(17) NOT NULL, "cdc" VARCHAR2(25))`,
		`CREATE INDEX TABLE3_BLOCK ON TABLE3 ("block")`,
		oracleTypesDDL,
		`CREATE INDEX TYPES_BLOCK ON TYPES ("block")`,
		`CREATE TABLE DGEN_LEDGER ("table_name" VARCHAR2(30) NOT NULL, "block" INT NOT NULL, "row_count" INT NOT NULL, "inserted" INT NOT NULL, "updated" INT NOT NULL, "deleted" INT NOT NULL, CONSTRAINT DGEN_LEDGER_PK PRIMARY KEY ("table_name", "block"))`,
		`CREATE TABLE DGEN_PRELOAD ("table_name" VARCHAR2(30) NOT NULL, "start_key" INT NOT NULL, "loaded" INT NOT NULL, "target" INT NOT NULL, CONSTRAINT DGEN_PRELOAD_PK PRIMARY KEY ("table_name"))`,
		// TABLE1 too: the S3 target needs whole rows in its U records.
		`ALTER TABLE TABLE1 ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS`,
		`ALTER TABLE TABLE2 ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS`,
		`ALTER TABLE TABLE3 ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS`,
		`ALTER TABLE TYPES ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS`,
	})
	for _, st := range sent[ddl : len(sent)-1] {
		if st != oracleTypesInsert {
			t.Fatalf("init filled TYPES with %s", st)
		}
	}
	if sent[len(sent)-1] != oracleLedgerMerge {
		t.Errorf("init's TYPES rows were not recorded: %s", sent[len(sent)-1])
	}
}

func TestOracleDropDropsOnlyWhatExists(t *testing.T) {
	s, r := newOracleFake(t, func(q string, _ []any) ([]string, [][]any) {
		if strings.Contains(q, "user_tables") {
			return []string{"table_name"}, [][]any{{"TABLE1"}, {"TABLE2"}, {"DGEN_LEDGER"}}
		}
		return nil, nil
	})
	if _, err := s.Drop(context.Background()); err != nil {
		t.Fatal(err)
	}
	storetest.SameStatements(t, r.Statements()[1:], []string{
		`DROP TABLE TABLE2 PURGE`,
		`DROP TABLE TABLE1 PURGE`,
		`DROP TABLE DGEN_LEDGER PURGE`,
	})
}

const oracleLedgerMerge = `MERGE INTO DGEN_LEDGER l USING (SELECT :1 AS t, :2 AS b, :3 AS rc, :4 AS ins, :5 AS upd, :6 AS del FROM dual) s ON (l."table_name" = s.t AND l."block" = s.b) WHEN MATCHED THEN UPDATE SET l."row_count" = l."row_count" + s.rc, l."inserted" = l."inserted" + s.ins, l."updated" = l."updated" + s.upd, l."deleted" = l."deleted" + s.del WHEN NOT MATCHED THEN INSERT ("table_name", "block", "row_count", "inserted", "updated", "deleted") VALUES (s.t, s.b, s.rc, s.ins, s.upd, s.del)`

// oracleReserved reads, under a keyed table's lock, the last key an
// unfinished preload reserved: the next key is above it and above the
// table's keys.
const oracleReserved = `SELECT "start_key" + "target" - 1 FROM DGEN_PRELOAD WHERE "table_name" = :1`

func TestOracleInsertUpdateDeleteSQL(t *testing.T) {
	s, r := newOracleFake(t, storetest.Answers(map[string][]any{
		`SELECT MAX("t1_pk")`:                   {int64(41)},
		`SELECT MIN("t1_pk") FROM TABLE1 WHERE`: {int64(17)},
		`SELECT MAX("t2_pk")`:                   {int64(9)},
		`GROUP BY "block"`:                      {int64(3), int64(5)},
	}))
	ctx := context.Background()
	if _, err := s.Insert(ctx, store.InsertOptions{Tables: []store.Table{store.Tables[1]}, Rows: 1, Blocks: []int{3}, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	storetest.SameStatements(t, r.Statements(), []string{
		`LOCK TABLE TABLE2 IN SHARE ROW EXCLUSIVE MODE`,
		`SELECT MAX("t2_pk") FROM TABLE2`,
		oracleReserved,
		`SELECT MAX("t1_pk") FROM TABLE1`,
		`SELECT MIN("t1_pk") FROM TABLE1 WHERE "t1_pk" >= :1`,
		`INSERT INTO TABLE2 ("t2_pk", "block", "number", "var", "cdc", "refrence_t1") VALUES (:1, :2, :3, :4, :5, :6)`,
		oracleLedgerMerge,
	})
	ins := r.Execs()[1]
	if fmt.Sprint([]any{ins.Args[0], ins.Args[1], ins.Args[4], ins.Args[5]}) != "[10 3 0 17]" {
		t.Errorf("insert bound %v: want key 10, block 3, cdc 0, reference 17", ins.Args)
	}
	if led := r.Execs()[2]; fmt.Sprint(led.Args) != "[TABLE2 3 1 1 0 0]" {
		t.Errorf("ledger bound %v", led.Args)
	}

	s, r = newOracleFake(t, storetest.Answers(map[string][]any{`GROUP BY "block"`: {int64(3), int64(5)}}))
	if _, err := s.Update(ctx, []store.Table{store.Tables[2]}, []int{3, 4}, "x' OR 1=1 --"); err != nil {
		t.Fatal(err)
	}
	storetest.SameStatements(t, r.Statements(), []string{
		`LOCK TABLE TABLE3 IN SHARE ROW EXCLUSIVE MODE`,
		`SELECT "block", COUNT(*) FROM TABLE3 WHERE "block" IN (:1, :2) GROUP BY "block"`,
		`UPDATE TABLE3 SET "cdc" = :1 WHERE "block" IN (:2, :3)`,
		oracleLedgerMerge,
	})
	if upd := r.Execs()[1]; upd.Args[0] != "x' OR 1=1 --" {
		t.Errorf("the text was not bound as a value: %v", upd.Args)
	}

	s, r = newOracleFake(t, storetest.Answers(map[string][]any{`GROUP BY "block"`: {int64(3), int64(5)}}))
	if _, err := s.Delete(ctx, []store.Table{store.Tables[0]}, []int{3}); err != nil {
		t.Fatal(err)
	}
	storetest.SameStatements(t, r.Statements(), []string{
		`LOCK TABLE TABLE1 IN SHARE ROW EXCLUSIVE MODE`,
		`LOCK TABLE TABLE2 IN SHARE ROW EXCLUSIVE MODE`,
		`SELECT "block", COUNT(*) FROM TABLE2 WHERE "refrence_t1" IN (SELECT "t1_pk" FROM TABLE1 WHERE "block" IN (:1)) GROUP BY "block"`,
		`SELECT "block", COUNT(*) FROM TABLE1 WHERE "block" IN (:1) GROUP BY "block"`,
		`DELETE FROM TABLE1 WHERE "block" IN (:1)`,
		oracleLedgerMerge,
		oracleLedgerMerge,
	})
}

func TestOraclePreloadBindsArrays(t *testing.T) {
	s, r := newOracleFake(t, func(q string, args []any) ([]string, [][]any) {
		if strings.Contains(q, "FROM DGEN_PRELOAD") {
			return []string{"x"}, nil // no progress yet
		}
		if strings.Contains(q, "SELECT MAX(") {
			return []string{"x"}, [][]any{{nil}} // empty tables
		}
		return emptySchema(q, args)
	})
	if _, err := s.Preload(context.Background(), store.PreloadOptions{Rows: 3, Seed: 1, Batch: 2}); err != nil {
		t.Fatal(err)
	}
	var inserts []storetest.Call
	for _, c := range r.Execs() {
		if strings.HasPrefix(c.Query, "INSERT INTO TABLE") {
			inserts = append(inserts, c)
		}
	}
	if len(inserts) != 6 { // two batches (2 + 1 rows) for each of TABLE1..3
		t.Fatalf("%d array inserts, want 6", len(inserts))
	}
	first := inserts[0]
	if first.Query != `INSERT INTO TABLE1 ("t1_pk", "block", "number", "var", "cdc") VALUES (:1, :2, :3, :4, :5)` {
		t.Errorf("array insert: %s", first.Query)
	}
	keys, ok := first.Args[0].([]int64)
	if !ok || len(keys) != 2 || keys[0] != 1 || keys[1] != 2 {
		t.Errorf("keys bound as %#v, want the array [1 2]", first.Args[0])
	}
	if refs, ok := inserts[2].Args[5].([]sql.NullInt64); !ok || len(refs) != 2 || !refs[0].Valid {
		t.Errorf("TABLE2 references bound as %#v", inserts[2].Args[5])
	}
	stmts := strings.Join(r.Statements(), "\n")
	for _, want := range []string{
		`LOCK TABLE TABLE1 IN SHARE ROW EXCLUSIVE MODE`,
		`SELECT "start_key", "loaded", "target" FROM DGEN_PRELOAD WHERE "table_name" = :1`,
		`INSERT INTO DGEN_PRELOAD ("table_name", "start_key", "loaded", "target") VALUES (:1, :2, :3, :4)`,
		`UPDATE DGEN_PRELOAD SET "loaded" = "loaded" + :1 WHERE "table_name" = :2`,
	} {
		if !strings.Contains(stmts, want) {
			t.Errorf("preload did not send %s", want)
		}
	}
}

func TestOraclePrepareSQLAndItsIdempotence(t *testing.T) {
	const logGroupNow = `SELECT COUNT(*) FROM user_log_groups WHERE table_name = :1 AND log_group_type = 'ALL COLUMN LOGGING'`
	var logged []string // the tables whose log groups prepare looked up
	fresh := func(q string, args []any) ([]string, [][]any) {
		if q == logGroupNow {
			logged = append(logged, fmt.Sprint(args...))
		}
		switch {
		case strings.Contains(q, "rds_configuration"):
			return []string{"value"}, nil
		case strings.Contains(q, "v$database"):
			return []string{"a", "b"}, [][]any{{"NO", "NO"}}
		case strings.Contains(q, "user_tables"):
			return []string{"n"}, [][]any{{"TABLE1"}, {"TABLE2"}, {"TABLE3"}, {"TYPES"}}
		case strings.Contains(q, "user_log_groups"), strings.Contains(q, "dba_users"):
			return []string{"n"}, [][]any{{int64(0)}}
		case strings.Contains(q, "CURRENT_SCHEMA"):
			return []string{"s"}, [][]any{{"ADMIN"}}
		case strings.Contains(q, "SELECT USER FROM dual"):
			return []string{"u"}, [][]any{{"ADMIN"}}
		case strings.Contains(q, "dba_tab_privs"):
			return []string{"t", "p"}, [][]any{{"V_$LOG", "SELECT"}} // one grant already there
		}
		return nil, nil
	}
	s, r := newOracleFake(t, fresh)
	steps, err := s.Prepare(context.Background(), store.PrepareOptions{RetentionHours: 24, DMSUser: "DMS_USER", DMSPassword: "Lab-pass_42"})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		sqlRetentionNow,
		`BEGIN rdsadmin.rdsadmin_util.set_configuration(name => 'archivelog retention hours', value => :1); END;`,
		`SELECT supplemental_log_data_min, supplemental_log_data_pk FROM v$database`,
		`BEGIN rdsadmin.rdsadmin_util.alter_supplemental_logging(p_action => 'ADD'); END;`,
		`BEGIN rdsadmin.rdsadmin_util.alter_supplemental_logging(p_action => 'ADD', p_type => 'PRIMARY KEY'); END;`,
		`SELECT table_name FROM user_tables WHERE table_name IN (:1, :2, :3, :4, :5, :6)`,
		// Each table's log group looked up, and added only when missing.
		logGroupNow, `ALTER TABLE TABLE1 ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS`,
		logGroupNow, `ALTER TABLE TABLE2 ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS`,
		logGroupNow, `ALTER TABLE TABLE3 ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS`,
		logGroupNow, `ALTER TABLE TYPES ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS`,
		`SELECT COUNT(*) FROM dba_users WHERE username = :1`,
		`SELECT SYS_CONTEXT('USERENV', 'CURRENT_SCHEMA') FROM dual`,
		`CREATE USER DMS_USER IDENTIFIED BY "Lab-pass_42"`,
		`GRANT CREATE SESSION TO DMS_USER`,
		`GRANT SELECT ANY TRANSACTION TO DMS_USER`,
		`GRANT LOGMINING TO DMS_USER`,
		`GRANT EXECUTE ON rdsadmin.rdsadmin_util TO DMS_USER`,
		`GRANT SELECT ON ADMIN.TABLE1 TO DMS_USER`,
		`GRANT SELECT ON ADMIN.TABLE2 TO DMS_USER`,
		`GRANT SELECT ON ADMIN.TABLE3 TO DMS_USER`,
		`GRANT SELECT ON ADMIN.TYPES TO DMS_USER`,
		sqlSysGrantsNow,
	}
	for range dmsSysObjects[1:] { // V_$LOG was granted already
		want = append(want, sqlGrantSysObject)
	}
	want = append(want, sqlGrantSysObject)
	storetest.SameStatements(t, r.Statements(), want)
	var granted []string
	for _, c := range r.Execs() {
		if c.Query == sqlGrantSysObject {
			granted = append(granted, c.Args[0].(string)+":"+c.Args[2].(string))
			if c.Args[1] != "DMS_USER" {
				t.Errorf("grant to %v", c.Args[1])
			}
		}
	}
	joined := strings.Join(granted, ",")
	for _, must := range []string{"V_$LOGMNR_CONTENTS:SELECT", "DBA_TABLESPACES:SELECT", "REGISTRY$SQLPATCH:SELECT", "DBMS_LOGMNR:EXECUTE"} {
		if !strings.Contains(joined, must) {
			t.Errorf("no grant of %s", must)
		}
	}
	if r.Execs()[0].Args[0] != "24" {
		t.Errorf("retention bound as %v", r.Execs()[0].Args)
	}
	changed := 0
	for _, st := range steps {
		if st.Status == "changed" {
			changed++
		}
	}
	if changed != 9 {
		t.Errorf("first run: %d steps changed, want 9: %+v", changed, steps)
	}
	if strings.Join(logged, ",") != "TABLE1,TABLE2,TABLE3,TYPES" {
		t.Errorf("all-column logging looked up for %v, want TABLE1,TABLE2,TABLE3,TYPES", logged)
	}
	for _, g := range granted {
		if g == "V_$LOG:SELECT" {
			t.Error("a grant already in place was sent again")
		}
	}

	// Everything in place: prepare only reads and changes nothing. Without
	// DGEN_DMS_PASSWORD the grants go to the connecting (master) user.
	allGranted := [][]any{{"DBMS_LOGMNR", "EXECUTE"}}
	for _, o := range dmsSysObjects {
		allGranted = append(allGranted, []any{o, "SELECT"})
	}
	s, r = newOracleFake(t, func(q string, args []any) ([]string, [][]any) {
		switch {
		case strings.Contains(q, "rds_configuration"):
			return []string{"value"}, [][]any{{"48"}}
		case strings.Contains(q, "v$database"):
			return []string{"a", "b"}, [][]any{{"YES", "YES"}}
		case strings.Contains(q, "user_log_groups"):
			return []string{"n"}, [][]any{{int64(1)}}
		case strings.Contains(q, "dba_tab_privs"):
			if args[0] != "ADMIN" {
				t.Errorf("grants read for %v, want the connecting user ADMIN", args[0])
			}
			return []string{"t", "p"}, allGranted
		}
		return fresh(q, args)
	})
	steps, err = s.Prepare(context.Background(), store.PrepareOptions{RetentionHours: 24})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(r.Execs()); n != 0 {
		t.Errorf("second run sent %d changes: %v", n, r.Execs())
	}
	for _, st := range steps {
		if st.Status == "changed" {
			t.Errorf("second run changed %s", st.Step)
		}
	}
}

// Without DGEN_DMS_PASSWORD, DMS reads as the master user, who gets the
// SYS-object grants.
func TestOraclePrepareGrantsTheMasterUserWhenNoDMSUser(t *testing.T) {
	s, r := newOracleFake(t, func(q string, _ []any) ([]string, [][]any) {
		switch {
		case strings.Contains(q, "v$database"):
			return []string{"a", "b"}, [][]any{{"YES", "YES"}}
		case strings.Contains(q, "SELECT USER FROM dual"):
			return []string{"u"}, [][]any{{"ADMIN"}}
		}
		return nil, nil
	})
	if _, err := s.Prepare(context.Background(), store.PrepareOptions{}); err != nil {
		t.Fatal(err)
	}
	grants := 0
	for _, c := range r.Execs() {
		if c.Query == sqlGrantSysObject {
			grants++
			if c.Args[1] != "ADMIN" {
				t.Errorf("granted to %v", c.Args[1])
			}
		}
		if strings.HasPrefix(c.Query, "CREATE USER") || strings.HasPrefix(c.Query, "GRANT ") {
			t.Errorf("sent %s without a DMS user", c.Query)
		}
	}
	if grants != len(dmsSysObjects)+1 {
		t.Errorf("%d grants, want %d", grants, len(dmsSysObjects)+1)
	}
}
