package oracle

import (
	"context"
	"reflect"
	"strings"
	"testing"
	"time"

	goora "github.com/sijms/go-ora/v2"

	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/dgen/store/storetest"
)

// TYPES' DDL on Oracle: the column contract's types.
const oracleTypesDDL = `CREATE TABLE TYPES ("ty_pk" NUMBER(10) NOT NULL, "block" INT NOT NULL, "c_number" NUMBER, "c_number_38" NUMBER(38,0), "c_number_10_2" NUMBER(10,2), "c_number_neg_scale" NUMBER(10,-2), "c_float" FLOAT, ` +
	`"c_binary_float" BINARY_FLOAT, "c_binary_double" BINARY_DOUBLE, "c_date" DATE, "c_timestamp" TIMESTAMP(6), "c_timestamp_tz" TIMESTAMP(9) WITH TIME ZONE, "c_timestamp_ltz" TIMESTAMP WITH LOCAL TIME ZONE, ` +
	`"c_interval_ym" INTERVAL YEAR TO MONTH, "c_interval_ds" INTERVAL DAY TO SECOND, "c_char" CHAR(10), "c_nchar" NCHAR(10), "c_varchar2_byte" VARCHAR2(100 BYTE), "c_varchar2_char" VARCHAR2(100 CHAR), ` +
	`"c_nvarchar2" NVARCHAR2(100), "c_clob" CLOB, "c_nclob" NCLOB, "c_blob" BLOB, "c_raw" RAW(100), "cdc" VARCHAR2(25), CONSTRAINT TYPES_PK PRIMARY KEY ("ty_pk"))`

// The one INSERT that fills TYPES (init, insert, preload, run): text
// converted with explicit formats, the rest bound as it is.
const oracleTypesInsert = `INSERT INTO TYPES ("ty_pk", "block", "c_number", "c_number_38", "c_number_10_2", "c_number_neg_scale", "c_float", "c_binary_float", "c_binary_double", "c_date", "c_timestamp", "c_timestamp_tz", "c_timestamp_ltz", "c_interval_ym", "c_interval_ds", ` +
	`"c_char", "c_nchar", "c_varchar2_byte", "c_varchar2_char", "c_nvarchar2", "c_clob", "c_nclob", "c_blob", "c_raw", "cdc") VALUES (:1, :2, TO_NUMBER(:3), TO_NUMBER(:4), TO_NUMBER(:5), TO_NUMBER(:6), TO_NUMBER(:7), ` +
	`TO_BINARY_FLOAT(:8), TO_BINARY_DOUBLE(:9), TO_DATE(:10, 'YYYY-MM-DD HH24:MI:SS'), TO_TIMESTAMP(:11, 'YYYY-MM-DD HH24:MI:SS.FF9'), TO_TIMESTAMP_TZ(:12, 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM'), ` +
	`TO_TIMESTAMP_TZ(:13, 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM'), TO_YMINTERVAL(:14), TO_DSINTERVAL(:15), :16, :17, :18, :19, :20, :21, :22, :23, :24, :25)`

// run's TYPES update: every value but the key and the block, by ROWID.
const oracleTypesUpdate = `UPDATE TYPES SET "c_number" = TO_NUMBER(:1), "c_number_38" = TO_NUMBER(:2), "c_number_10_2" = TO_NUMBER(:3), "c_number_neg_scale" = TO_NUMBER(:4), "c_float" = TO_NUMBER(:5), ` +
	`"c_binary_float" = TO_BINARY_FLOAT(:6), "c_binary_double" = TO_BINARY_DOUBLE(:7), "c_date" = TO_DATE(:8, 'YYYY-MM-DD HH24:MI:SS'), "c_timestamp" = TO_TIMESTAMP(:9, 'YYYY-MM-DD HH24:MI:SS.FF9'), ` +
	`"c_timestamp_tz" = TO_TIMESTAMP_TZ(:10, 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM'), "c_timestamp_ltz" = TO_TIMESTAMP_TZ(:11, 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM'), "c_interval_ym" = TO_YMINTERVAL(:12), ` +
	`"c_interval_ds" = TO_DSINTERVAL(:13), "c_char" = :14, "c_nchar" = :15, "c_varchar2_byte" = :16, "c_varchar2_char" = :17, "c_nvarchar2" = :18, "c_clob" = :19, "c_nclob" = :20, "c_blob" = :21, "c_raw" = :22, "cdc" = :23 ` +
	`WHERE ROWID = CHARTOROWID(:24)`

// The SELECT that reads TYPES back: text in fixed formats, '.' as the
// decimal character whatever the session's, floats as their bits, the
// local-time-zone column in UTC.
const oracleTypesSelect = `SELECT TO_CHAR("ty_pk"), TO_CHAR("block"), ` +
	`TO_CHAR("c_number", 'TM9', 'NLS_NUMERIC_CHARACTERS = ''.,'''), TO_CHAR("c_number_38", 'TM9', 'NLS_NUMERIC_CHARACTERS = ''.,'''), TO_CHAR("c_number_10_2", 'TM9', 'NLS_NUMERIC_CHARACTERS = ''.,'''), ` +
	`TO_CHAR("c_number_neg_scale", 'TM9', 'NLS_NUMERIC_CHARACTERS = ''.,'''), TO_CHAR("c_float", 'TM9', 'NLS_NUMERIC_CHARACTERS = ''.,'''), ` +
	`RAWTOHEX(UTL_RAW.CAST_FROM_BINARY_FLOAT("c_binary_float")), RAWTOHEX(UTL_RAW.CAST_FROM_BINARY_DOUBLE("c_binary_double")), ` +
	`TO_CHAR("c_date", 'YYYY-MM-DD HH24:MI:SS'), TO_CHAR("c_timestamp", 'YYYY-MM-DD HH24:MI:SS.FF9'), TO_CHAR("c_timestamp_tz", 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM'), ` +
	`TO_CHAR("c_timestamp_ltz" AT TIME ZONE '+00:00', 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM'), TO_CHAR(EXTRACT(YEAR FROM "c_interval_ym") * 12 + EXTRACT(MONTH FROM "c_interval_ym")), ` +
	`TO_CHAR(EXTRACT(DAY FROM "c_interval_ds") * 86400 + EXTRACT(HOUR FROM "c_interval_ds") * 3600 + EXTRACT(MINUTE FROM "c_interval_ds") * 60 + EXTRACT(SECOND FROM "c_interval_ds"), 'TM9', 'NLS_NUMERIC_CHARACTERS = ''.,'''), ` +
	`"c_char", "c_nchar", "c_varchar2_byte", "c_varchar2_char", "c_nvarchar2", "c_clob", "c_nclob", "c_blob", "c_raw", "cdc" FROM TYPES WHERE "block" IN (:1, :2) ORDER BY "ty_pk"`

// What init binds for TYPES' edge values on Oracle: each found among the
// rows of the first cycle, in the column it belongs to.
func TestOracleTypesBindsEdgeValues(t *testing.T) {
	s, r := newOracleFake(t, emptySchema)
	if err := s.Init(context.Background()); err != nil {
		t.Fatal(err)
	}
	var inserts []storetest.Call
	for _, c := range r.Execs() {
		if c.Query == oracleTypesInsert {
			inserts = append(inserts, c)
		}
	}
	if len(inserts) != store.TypesCycle {
		t.Fatalf("%d TYPES inserts, want %d", len(inserts), store.TypesCycle)
	}
	for i, c := range inserts {
		want := store.TypesArgs(Dialect{}, store.TypesRowFor(store.InitTypesSeed, int64(i+1), store.InitTypesBlock))
		if !reflect.DeepEqual(c.Args, want) {
			t.Fatalf("row %d bound %v, want %v", i+1, c.Args[:3], want[:3])
		}
	}
	bound := func(col string, want any) {
		t.Helper()
		i := typesIndex(col)
		for _, c := range inserts {
			if reflect.DeepEqual(c.Args[i], want) {
				return
			}
		}
		t.Errorf("%s: %#v is bound in no row", col, want)
	}
	bound("ty_pk", int64(1))
	bound("c_number", "1E-130")
	bound("c_number", "-1E-130")
	bound("c_number", "9.9999999999999999999999999999999999999E+125")
	bound("c_number", "1.23456789012345678901234567890123456789012E+41")
	// Each c_number beyond numeric(38,10) is bound alone: every other
	// typed value NULL (store/types_separate.go).
	for _, big := range []string{"9.9999999999999999999999999999999999999E+125", "-9.9999999999999999999999999999999999999E+125",
		"1.23456789012345678901234567890123456789012E+41", "1.23456789012345678901234567890123456785E+37"} {
		rows := 0
		for _, c := range inserts {
			if c.Args[typesIndex("c_number")] != big {
				continue
			}
			rows++
			for i, col := range store.TypesColumns {
				if col.Name != "ty_pk" && col.Name != "block" && col.Name != "c_number" && col.Name != "cdc" && c.Args[i] != nil {
					t.Errorf("c_number %s shares its row: %s bound %#v", big, col.Name, c.Args[i])
				}
			}
		}
		if rows != 1 {
			t.Errorf("c_number %s bound in %d rows, want 1", big, rows)
		}
	}
	bound("c_number_10_2", "5E-3")
	bound("c_float", "1.2345678901234567890123456789012345678E+0")
	bound("c_binary_float", "NaN")
	bound("c_binary_float", "INF")
	bound("c_binary_float", "-INF")
	bound("c_binary_float", "-0E+00")
	bound("c_binary_float", "1E-45")
	bound("c_binary_float", "3.4028235E+38")
	bound("c_binary_double", "5E-324")
	bound("c_binary_double", "1.7976931348623157E+308")
	bound("c_date", "0001-01-01 00:00:00")
	bound("c_date", "9999-12-31 23:59:59")
	bound("c_timestamp", "2024-02-29 12:00:00.123456789")
	bound("c_timestamp_tz", "2021-03-14 02:30:00.000000000 -05:00")
	bound("c_timestamp_tz", "2024-06-30 12:00:00.000000000 +05:45")
	bound("c_timestamp_ltz", "2021-03-14 02:30:00.000000000 -05:00")
	bound("c_interval_ym", "-99-11")
	bound("c_interval_ym", "+1-2")
	bound("c_interval_ds", "+99 23:59:59.999999000")
	bound("c_interval_ds", "-0 00:00:00.000001000")
	bound("c_char", "é")
	bound("c_nchar", goora.NVarChar("😀😀😀😀😀"))
	bound("c_nvarchar2", goora.NVarChar(strings.Repeat("😀", 50)))
	bound("c_varchar2_byte", strings.Repeat("😀", 25))
	bound("c_varchar2_byte", "NULL")
	bound("c_clob", goora.Clob{String: "", Valid: false})
	bound("c_nclob", goora.NClob{String: "x\r\ny", Valid: true})
	bound("c_raw", []byte{0, 0xff, '\n', ',', '"'})
	bound("c_blob", nil)
	sizes := map[string]map[int]bool{"c_clob": {}, "c_blob": {}}
	for _, c := range inserts {
		if v, ok := c.Args[typesIndex("c_clob")].(goora.Clob); ok {
			sizes["c_clob"][len(v.String)] = true
		}
		if v, ok := c.Args[typesIndex("c_blob")].(goora.Blob); ok {
			sizes["c_blob"][len(v.Data)] = true
		}
	}
	for col, got := range sizes {
		for _, n := range []int{1, 32767, 32768, 32769, 102400} {
			if !got[n] {
				t.Errorf("%s: no LOB of %d bytes bound", col, n)
			}
		}
	}
}

func typesIndex(col string) int {
	for i, c := range store.TypesColumns {
		if c.Name == col {
			return i
		}
	}
	panic(col)
}

// insert -t TYPES and preload: the same INSERT, the key under TYPES' lock,
// each batch recorded with its progress and ledger entry.
func TestOracleTypesInsertAndPreloadSQL(t *testing.T) {
	ctx := context.Background()
	s, r := newOracleFake(t, storetest.Answers(map[string][]any{`SELECT MAX("ty_pk")`: {int64(100)}}))
	if _, err := s.Insert(ctx, store.InsertOptions{Tables: []store.Table{store.Types}, Rows: 2, Blocks: []int{4}, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	storetest.SameStatements(t, r.Statements(), []string{
		`LOCK TABLE TYPES IN SHARE ROW EXCLUSIVE MODE`,
		`SELECT MAX("ty_pk") FROM TYPES`,
		oracleReserved,
		oracleTypesInsert,
		oracleTypesInsert,
		oracleLedgerMerge,
	})
	ins := r.Execs()[1] // after the LOCK
	if ins.Args[0] != int64(101) || ins.Args[1] != int64(4) || ins.Args[len(ins.Args)-1] != "0" {
		t.Errorf("insert bound key %v, block %v, cdc %v: want 101, 4, 0", ins.Args[0], ins.Args[1], ins.Args[len(ins.Args)-1])
	}
	if !reflect.DeepEqual(ins.Args, store.TypesArgs(Dialect{}, store.TypesRowFor(3, 101, 4))) {
		t.Error("insert did not bind the seed's row of key 101")
	}

	s, r = newOracleFake(t, func(q string, args []any) ([]string, [][]any) {
		if strings.Contains(q, "FROM DGEN_PRELOAD") {
			return []string{"x"}, nil
		}
		return emptySchema(q, args)
	})
	if _, err := s.Preload(ctx, store.PreloadOptions{Rows: 5, TypesRows: 3, Seed: 2, Batch: 2}); err != nil {
		t.Fatal(err)
	}
	sent := r.Statements()
	from := len(sent)
	for i, st := range sent {
		if st == `LOCK TABLE TYPES IN SHARE ROW EXCLUSIVE MODE` {
			from = i
			break
		}
	}
	storetest.SameStatements(t, sent[from:], []string{
		`LOCK TABLE TYPES IN SHARE ROW EXCLUSIVE MODE`,
		`SELECT "start_key", "loaded", "target" FROM DGEN_PRELOAD WHERE "table_name" = :1`,
		`SELECT MAX("ty_pk") FROM TYPES`,
		`INSERT INTO DGEN_PRELOAD ("table_name", "start_key", "loaded", "target") VALUES (:1, :2, :3, :4)`,
		oracleTypesInsert, oracleTypesInsert,
		`UPDATE DGEN_PRELOAD SET "loaded" = "loaded" + :1 WHERE "table_name" = :2`,
		oracleLedgerMerge,
		oracleTypesInsert,
		`UPDATE DGEN_PRELOAD SET "loaded" = "loaded" + :1 WHERE "table_name" = :2`,
		oracleLedgerMerge,
	})
}

// run changes TYPES too: inserts with the seed's row of the new key,
// updates of every typed value and "cdc" by ROWID, deletes by ROWID.
func TestOracleRunChangesTypes(t *testing.T) {
	s, r := newOracleFake(t, func(q string, args []any) ([]string, [][]any) {
		if strings.HasPrefix(q, "SELECT ROWID FROM") {
			return []string{"r"}, [][]any{{"AAAR3sAAEAAAACXAAA"}}
		}
		return emptySchema(q, args)
	})
	sum, err := s.Run(context.Background(), store.RunOptions{Rate: 2000, Duration: 400 * time.Millisecond, Mix: store.DefaultMix, Seed: 9, Blocks: []int{1}})
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, c := range r.Execs() {
		switch {
		case c.Query == oracleTypesInsert:
			kinds["insert"]++
		case c.Query == oracleTypesUpdate:
			kinds["update"]++
			if len(c.Args) != 24 || c.Args[23] != "AAAR3sAAEAAAACXAAA" || !strings.HasPrefix(c.Args[22].(string), "run-") {
				t.Errorf("TYPES update bound cdc %v and address %v", c.Args[22], c.Args[len(c.Args)-1])
			}
			// An update never writes a row DMS would refuse: some value
			// besides c_number is bound.
			ordinary := false
			for _, a := range c.Args[1:22] {
				ordinary = ordinary || a != nil
			}
			if !ordinary {
				t.Errorf("a TYPES update writes a separate row: %v", c.Args)
			}
		case c.Query == `DELETE FROM TYPES WHERE ROWID = CHARTOROWID(:1)`:
			kinds["delete"]++
		}
	}
	if kinds["insert"] == 0 || kinds["update"] == 0 || kinds["delete"] == 0 {
		t.Errorf("run made %v changes to TYPES in %d planned", kinds, sum.Planned)
	}
	// Updates pick an ordinary row (a separate row, only a NUMBER beyond
	// numeric(38,10), never reached the target); deletes pick any.
	picks := map[string]bool{}
	for _, q := range r.Statements() {
		if strings.HasPrefix(q, "SELECT ROWID FROM TYPES") {
			picks[q] = true
		}
	}
	want := map[string]bool{
		`SELECT ROWID FROM TYPES WHERE "block" = :1 AND ROWNUM = 1`: true,
		`SELECT ROWID FROM TYPES WHERE "block" = :1 AND (NOT ("c_number_38" IS NULL AND "c_number_10_2" IS NULL AND "c_number_neg_scale" IS NULL AND "c_float" IS NULL AND ` +
			`"c_binary_float" IS NULL AND "c_binary_double" IS NULL AND "c_date" IS NULL AND "c_timestamp" IS NULL AND "c_timestamp_tz" IS NULL AND "c_timestamp_ltz" IS NULL AND ` +
			`"c_interval_ym" IS NULL AND "c_interval_ds" IS NULL AND "c_char" IS NULL AND "c_nchar" IS NULL AND "c_varchar2_byte" IS NULL AND "c_varchar2_char" IS NULL AND ` +
			`"c_nvarchar2" IS NULL AND "c_clob" IS NULL AND "c_nclob" IS NULL AND "c_blob" IS NULL AND "c_raw" IS NULL)) AND ROWNUM = 1`: true,
	}
	if !reflect.DeepEqual(picks, want) {
		t.Errorf("TYPES row picks:\n%v\nwant\n%v", picks, want)
	}
	// About one change in TypesShare goes to TYPES.
	if n := kinds["insert"] + kinds["update"] + kinds["delete"]; n*store.TypesShare < int(sum.Planned)/2 || n*store.TypesShare > int(sum.Planned)*2 {
		t.Errorf("%d of %d changes went to TYPES, want about 1 in %d", n, sum.Planned, store.TypesShare)
	}
}

// ReadTypesRows on Oracle: the SELECT pinned, and Oracle's text read into
// canonical values (1E-130 from TM9's scientific notation, NaN's bits,
// the offset kept, intervals from EXTRACT).
func TestOracleTypesReadSQLAndForms(t *testing.T) {
	if got := store.TypesSelectSQL(Dialect{}, 2); got != oracleTypesSelect {
		t.Errorf("TYPES select:\n %s\nwant\n %s", got, oracleTypesSelect)
	}
	row := []any{"7", "3", "1E-130", "-99999999999999999999999999999999999999", "12345678.9", "12300", ".1",
		"7FC00000", "8000000000000001", "0001-01-01 00:00:00", "2024-02-29 12:00:00.123457000", "2024-06-30 12:00:00.123456789 +05:30",
		"2021-03-14 07:30:00.000000000 +00:00", "-1199", "-8639999.999999", "é        ", nil, "a,b", nil, "x\ny", "NULL", "", []byte{}, []byte{0, 1}, "run-3"}
	s, r := newOracleFake(t, func(q string, _ []any) ([]string, [][]any) {
		if strings.HasPrefix(q, "SELECT TO_CHAR(\"ty_pk\")") {
			return store.TypesColumnNames(), [][]any{row}
		}
		return nil, nil
	})
	var got []store.TypesRow
	if err := store.ReadTypesRows(context.Background(), s.DB, s.Dialect, []int{3, 4}, func(tr store.TypesRow) error {
		got = append(got, tr)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if q := r.Statements()[0]; q != oracleTypesSelect {
		t.Errorf("read sent %s", q)
	}
	want := store.TypesRow{int64(7), int64(3), "0." + strings.Repeat("0", 129) + "1", "-" + strings.Repeat("9", 38), "12345678.9", "12300", "0.1",
		store.NaN32Bits, uint64(0x8000000000000001), "0001-01-01 00:00:00.000000000", "2024-02-29 12:00:00.123457000", "2024-06-30 12:00:00.123456789 +05:30",
		"2021-03-14 07:30:00.000000000 +00:00", int64(-1199), -(99*24*time.Hour + 23*time.Hour + 59*time.Minute + 59*time.Second + 999999*time.Microsecond),
		"é        ", nil, "a,b", nil, "x\ny", "NULL", "", []byte{}, []byte{0, 1}, "run-3"}
	if len(got) != 1 || !reflect.DeepEqual(got[0], want) {
		t.Errorf("read\n %#v\nwant\n %#v", got, want)
	}
}
