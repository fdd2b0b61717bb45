package store

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
	// typed marks TYPES (see Types), whose columns are TypesColumns.
	typed bool
}

// Tables in dependency order: TABLE2 refers to TABLE1.
var Tables = []Table{
	{Name: "TABLE1", Key: "t1_pk"},
	{Name: "TABLE2", Key: "t2_pk", RefersToTable1: true},
	{Name: "TABLE3"},
}

// The block column's range: INTEGER on PostgreSQL, the narrower of the two
// engines' (Oracle's INT is NUMBER(38)), so a block fits wherever it goes.
const (
	MinBlock = 0
	MaxBlock = 2147483647
	// MaxBlocksListed is the most blocks update, delete and data take:
	// their blocks go into one IN list, and Oracle allows 1000 expressions
	// in a list (ORA-01795).
	MaxBlocksListed = 1000
)

// Bookkeeping tables in the source schema.
const (
	LedgerTable  = "DGEN_LEDGER"
	PreloadTable = "DGEN_PRELOAD"
)

// TableByName finds a table (TYPES too), case-insensitively as the
// earlier dgen did.
func TableByName(name string) (Table, bool) {
	for _, t := range DataTables() {
		if strings.EqualFold(t.Name, name) {
			return t, true
		}
	}
	return Table{}, false
}

// Columns lists a table's columns in order. Their quoted lower-case names
// are the seed's; DMS carries them to PostgreSQL unchanged.
func (t Table) Columns() []string {
	if t.typed {
		return TypesColumnNames()
	}
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

// ColumnIndex is the position of col in t.Columns, -1 when t has none.
func (t Table) ColumnIndex(col string) int {
	for i, c := range t.Columns() {
		if c == col {
			return i
		}
	}
	return -1
}

// HasPrimaryKey says whether t has a primary key in the database: TABLE1
// and TYPES. TABLE2's "t2_pk" is numbered by dgen but not constrained.
func (t Table) HasPrimaryKey() bool { return t.Name == "TABLE1" || t.typed }

// NotNull says whether createTable declares col NOT NULL: every column but
// "cdc" and "refrence_t1"; in TYPES, as TypesColumns say.
func (t Table) NotNull(col string) bool {
	if t.typed {
		c, ok := TypesColumnByName(col)
		return ok && c.NotNull
	}
	return t.ColumnIndex(col) >= 0 && col != "cdc" && col != "refrence_t1"
}

// Identity is what tells one row of t from another across sides: the key
// for TABLE1 and TABLE2 (dgen numbers TABLE2's rows though it has no
// primary key), and for TABLE3, which has no key, the columns dgen never
// updates ("block", "number", "var").
func (t Table) Identity() []string {
	if t.Key != "" {
		return []string{t.Key}
	}
	return []string{"block", "number", "var"}
}

// AllTableNames are the four tables and the bookkeeping tables.
func AllTableNames() []string {
	names := []string{LedgerTable, PreloadTable}
	for _, t := range DataTables() {
		names = append(names, t.Name)
	}
	return names
}

// QuoteColumns writes column names quoted, comma-separated.
func QuoteColumns(cols []string) string {
	q := make([]string, len(cols))
	for i, c := range cols {
		q[i] = `"` + c + `"`
	}
	return strings.Join(q, ", ")
}

// createTable is the DDL for one table and its indexes.
func createTable(d Dialect, t Table) []string {
	if t.typed {
		return createTypesTable(d)
	}
	var cols []string
	if t.Key != "" {
		cols = append(cols, fmt.Sprintf(`"%s" %s NOT NULL`, t.Key, d.IntType()))
	}
	cols = append(cols,
		fmt.Sprintf(`"block" %s NOT NULL`, d.IntType()),
		fmt.Sprintf(`"number" %s NOT NULL`, d.NumberType()),
		fmt.Sprintf(`"var" %s NOT NULL`, d.TextType(17)),
		fmt.Sprintf(`"cdc" %s`, d.TextType(25)),
	)
	if t.RefersToTable1 {
		cols = append(cols, fmt.Sprintf(`"refrence_t1" %s`, d.IntType()))
	}
	if t.HasPrimaryKey() {
		cols = append(cols, `CONSTRAINT TABLE1_PK PRIMARY KEY ("t1_pk")`)
	}
	if t.RefersToTable1 {
		cols = append(cols, fmt.Sprintf(`CONSTRAINT TABLE2_FK FOREIGN KEY ("refrence_t1") REFERENCES %s ("t1_pk") ON DELETE CASCADE`, d.Table("TABLE1")))
	}
	stmts := []string{fmt.Sprintf("CREATE TABLE %s (%s)", d.Table(t.Name), strings.Join(cols, ", "))}
	// Block operations and the cascade would scan whole tables without these.
	stmts = append(stmts, fmt.Sprintf(`CREATE INDEX %s_BLOCK ON %s ("block")`, t.Name, d.Table(t.Name)))
	if t.RefersToTable1 {
		stmts = append(stmts, fmt.Sprintf(`CREATE INDEX %s_REF ON %s ("refrence_t1")`, t.Name, d.Table(t.Name)))
	}
	if t.Key != "" && t.Name != "TABLE1" {
		stmts = append(stmts, fmt.Sprintf(`CREATE INDEX %s_KEY ON %s ("%s")`, t.Name, d.Table(t.Name), t.Key))
	}
	return stmts
}

// createBookkeeping is the DDL of the ledger and the preload progress table.
func createBookkeeping(d Dialect) []string {
	return []string{
		fmt.Sprintf(`CREATE TABLE %s ("table_name" %s NOT NULL, "block" %s NOT NULL, "row_count" %s NOT NULL, "inserted" %s NOT NULL, "updated" %s NOT NULL, "deleted" %s NOT NULL, CONSTRAINT %s_PK PRIMARY KEY ("table_name", "block"))`,
			d.Table(LedgerTable), d.TextType(30), d.IntType(), d.IntType(), d.IntType(), d.IntType(), d.IntType(), LedgerTable),
		fmt.Sprintf(`CREATE TABLE %s ("table_name" %s NOT NULL, "start_key" %s NOT NULL, "loaded" %s NOT NULL, "target" %s NOT NULL, CONSTRAINT %s_PK PRIMARY KEY ("table_name"))`,
			d.Table(PreloadTable), d.TextType(30), d.IntType(), d.IntType(), d.IntType(), PreloadTable),
	}
}
