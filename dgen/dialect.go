package dgen

import (
	"fmt"
	"strings"
)

// Table is one of the generator's three tables, as the earlier dgen defined
// them: TABLE1 keyed, TABLE2 with a cascading foreign key to TABLE1 and no
// key of its own, TABLE3 with no key at all.
type Table struct {
	Name string
	// Key is the numbering column ("" for TABLE3); only TABLE1's is a primary key.
	Key string
	// RefersToTable1 marks TABLE2's "refrence_t1" column (spelt as before).
	RefersToTable1 bool
}

// Tables in dependency order: TABLE2 refers to TABLE1.
var Tables = []Table{
	{Name: "TABLE1", Key: "t1_pk"},
	{Name: "TABLE2", Key: "t2_pk", RefersToTable1: true},
	{Name: "TABLE3"},
}

// Bookkeeping tables in the source schema.
const (
	LedgerTable  = "DGEN_LEDGER"
	PreloadTable = "DGEN_PRELOAD"
)

// TableByName finds a table, case-insensitively as the earlier dgen did.
func TableByName(name string) (Table, bool) {
	for _, t := range Tables {
		if strings.EqualFold(t.Name, name) {
			return t, true
		}
	}
	return Table{}, false
}

// Columns lists a table's columns in order. Their quoted lower-case names
// are the seed's; DMS carries them to PostgreSQL unchanged.
func (t Table) Columns() []string {
	var cols []string
	if t.Key != "" {
		cols = append(cols, t.Key)
	}
	cols = append(cols, "block", "number", "var", "cdc")
	if t.RefersToTable1 {
		cols = append(cols, "refrence_t1")
	}
	return cols
}

// Dialect is what differs between Oracle and PostgreSQL in the SQL dgen sends.
type Dialect struct {
	Name string // "oracle" or "postgres"
	// placeholder returns the i-th (1-based) bind variable.
	placeholder func(i int) string
	intType     string
	numberType  string
	textType    func(n int) string
	// table quotes a table name: Oracle's unquoted names are upper case
	// already; on PostgreSQL they are quoted to keep the upper case DMS
	// gives Oracle's tables.
	table func(name string) string
}

// Oracle and Postgres are the two dialects.
var (
	Oracle = &Dialect{
		Name:        "oracle",
		placeholder: func(i int) string { return fmt.Sprintf(":%d", i) },
		intType:     "INT",
		numberType:  "NUMBER(10,2)",
		textType:    func(n int) string { return fmt.Sprintf("VARCHAR2(%d)", n) },
		table:       func(name string) string { return name },
	}
	Postgres = &Dialect{
		Name:        "postgres",
		placeholder: func(i int) string { return fmt.Sprintf("$%d", i) },
		intType:     "INTEGER",
		numberType:  "NUMERIC(10,2)",
		textType:    func(n int) string { return fmt.Sprintf("VARCHAR(%d)", n) },
		table:       func(name string) string { return `"` + name + `"` },
	}
)

// T is a table's name as written in SQL.
func (d *Dialect) T(name string) string { return d.table(name) }

// P is the i-th bind variable (1-based).
func (d *Dialect) P(i int) string { return d.placeholder(i) }

// Ps is n bind variables from start, comma-separated.
func (d *Dialect) Ps(start, n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = d.placeholder(start + i)
	}
	return strings.Join(ps, ", ")
}

func quoteAll(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = `"` + c + `"`
	}
	return strings.Join(q, ", ")
}

// CreateTable is the DDL for one table and its indexes.
func (d *Dialect) CreateTable(t Table) []string {
	var cols []string
	if t.Key != "" {
		cols = append(cols, fmt.Sprintf(`"%s" %s NOT NULL`, t.Key, d.intType))
	}
	cols = append(cols,
		fmt.Sprintf(`"block" %s NOT NULL`, d.intType),
		fmt.Sprintf(`"number" %s NOT NULL`, d.numberType),
		fmt.Sprintf(`"var" %s NOT NULL`, d.textType(17)),
		fmt.Sprintf(`"cdc" %s`, d.textType(25)),
	)
	if t.RefersToTable1 {
		cols = append(cols, fmt.Sprintf(`"refrence_t1" %s`, d.intType))
	}
	if t.Name == "TABLE1" {
		cols = append(cols, `CONSTRAINT TABLE1_PK PRIMARY KEY ("t1_pk")`)
	}
	if t.RefersToTable1 {
		cols = append(cols, fmt.Sprintf(`CONSTRAINT TABLE2_FK FOREIGN KEY ("refrence_t1") REFERENCES %s ("t1_pk") ON DELETE CASCADE`, d.T("TABLE1")))
	}
	stmts := []string{fmt.Sprintf("CREATE TABLE %s (%s)", d.T(t.Name), strings.Join(cols, ", "))}
	// Block operations and the cascade would scan whole tables without these.
	stmts = append(stmts, fmt.Sprintf(`CREATE INDEX %s_BLOCK ON %s ("block")`, t.Name, d.T(t.Name)))
	if t.RefersToTable1 {
		stmts = append(stmts, fmt.Sprintf(`CREATE INDEX %s_REF ON %s ("refrence_t1")`, t.Name, d.T(t.Name)))
	}
	if t.Key != "" && t.Name != "TABLE1" {
		stmts = append(stmts, fmt.Sprintf(`CREATE INDEX %s_KEY ON %s ("%s")`, t.Name, d.T(t.Name), t.Key))
	}
	return stmts
}

// CreateBookkeeping is the DDL of the ledger and the preload progress table.
func (d *Dialect) CreateBookkeeping() []string {
	return []string{
		fmt.Sprintf(`CREATE TABLE %s ("table_name" %s NOT NULL, "block" %s NOT NULL, "row_count" %s NOT NULL, "inserted" %s NOT NULL, "updated" %s NOT NULL, "deleted" %s NOT NULL, CONSTRAINT %s_PK PRIMARY KEY ("table_name", "block"))`,
			d.T(LedgerTable), d.textType(30), d.intType, d.intType, d.intType, d.intType, d.intType, LedgerTable),
		fmt.Sprintf(`CREATE TABLE %s ("table_name" %s NOT NULL, "start_key" %s NOT NULL, "loaded" %s NOT NULL, "target" %s NOT NULL, CONSTRAINT %s_PK PRIMARY KEY ("table_name"))`,
			d.T(PreloadTable), d.textType(30), d.intType, d.intType, d.intType, PreloadTable),
	}
}

// Insert is a one-row INSERT into t with every column bound.
func (d *Dialect) Insert(t Table) string {
	cols := t.Columns()
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", d.T(t.Name), quoteAll(cols), d.Ps(1, len(cols)))
}

// BlockFilter is `"block" IN (...)` over n bind variables from start, or
// nothing when all blocks are meant (n == 0).
func (d *Dialect) BlockFilter(start, n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(` WHERE "block" IN (%s)`, d.Ps(start, n))
}

// LedgerAdd adds to one (table, block) row of the ledger, creating it.
func (d *Dialect) LedgerAdd() string {
	if d.Name == "oracle" {
		return fmt.Sprintf(`MERGE INTO %s l USING (SELECT :1 AS t, :2 AS b, :3 AS rc, :4 AS ins, :5 AS upd, :6 AS del FROM dual) s `+
			`ON (l."table_name" = s.t AND l."block" = s.b) `+
			`WHEN MATCHED THEN UPDATE SET l."row_count" = l."row_count" + s.rc, l."inserted" = l."inserted" + s.ins, l."updated" = l."updated" + s.upd, l."deleted" = l."deleted" + s.del `+
			`WHEN NOT MATCHED THEN INSERT ("table_name", "block", "row_count", "inserted", "updated", "deleted") VALUES (s.t, s.b, s.rc, s.ins, s.upd, s.del)`, d.T(LedgerTable))
	}
	return fmt.Sprintf(`INSERT INTO %s AS l ("table_name", "block", "row_count", "inserted", "updated", "deleted") VALUES ($1, $2, $3, $4, $5, $6) `+
		`ON CONFLICT ("table_name", "block") DO UPDATE SET "row_count" = l."row_count" + EXCLUDED."row_count", "inserted" = l."inserted" + EXCLUDED."inserted", "updated" = l."updated" + EXCLUDED."updated", "deleted" = l."deleted" + EXCLUDED."deleted"`, d.T(LedgerTable))
}

// OneRowOf selects the physical address of one row of a block, for the
// single-row updates and deletes of tables without a key.
func (d *Dialect) OneRowOf(t Table) string {
	if d.Name == "oracle" {
		return fmt.Sprintf(`SELECT ROWID FROM %s WHERE "block" = :1 AND ROWNUM = 1`, d.T(t.Name))
	}
	return fmt.Sprintf(`SELECT ctid::text FROM %s WHERE "block" = $1 LIMIT 1`, d.T(t.Name))
}

// ByRowAddress is the WHERE clause that picks the row OneRowOf found.
func (d *Dialect) ByRowAddress(i int) string {
	if d.Name == "oracle" {
		return fmt.Sprintf("ROWID = CHARTOROWID(%s)", d.P(i))
	}
	return fmt.Sprintf("ctid = %s::tid", d.P(i))
}
