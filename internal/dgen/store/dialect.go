package store

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
)

// Dialect is what differs between engines in the SQL the store sends. Each
// engine package implements it; the store writes every statement through
// it and never asks which engine it has.
type Dialect interface {
	// Name is the engine's name in messages, such as "PostgreSQL".
	Name() string
	// Placeholder is the i-th (1-based) bind variable.
	Placeholder(i int) string
	// Table is a table's (or schema's) name as written in SQL.
	Table(name string) string
	// IntType, NumberType and TextType are the column types of the tables:
	// an integer, a number with two decimals, text of up to n characters.
	IntType() string
	NumberType() string
	TextType(n int) string
	// ExistingTables selects table_name of those of n names (bound from 1)
	// that exist as tables in the connection's current schema.
	ExistingTables(n int) string
	// DropTable drops one table.
	DropTable(name string) string
	// AfterCreate is DDL to send once the tables and bookkeeping exist.
	AfterCreate(tables []Table) []string
	// LedgerAdd adds to one (table, block) row of the ledger, creating it;
	// it binds table, block, rows, inserted, updated, deleted.
	LedgerAdd() string
	// OneRowOf selects the physical address of one row of a block (bound
	// as 1), for the single-row changes of tables without a key; where,
	// when not "", is a further condition on the row.
	OneRowOf(t Table, where string) string
	// ByRowAddress is the WHERE condition picking the row OneRowOf found,
	// its address bound as the i-th variable.
	ByRowAddress(i int) string
	// Limit ends a SELECT so that it returns at most n rows.
	Limit(n int) string
	// NumberText is the SQL that reads a NUMBER(10,2) column as text with
	// its two decimals.
	NumberText(column string) string
	// ColumnText is the SQL that reads a column as text for comparison;
	// numeric says the column holds a number.
	ColumnText(column string, numeric bool) string
	// EmptyIsNull says whether the engine stores an empty string as NULL.
	EmptyIsNull() bool
	// IsMissingTable says whether err is the engine's "no such table".
	IsMissingTable(err error) bool
	// IsUniqueViolation says whether err is the engine's unique-key
	// violation (ORA-00001, SQLSTATE 23505).
	IsUniqueViolation(err error) bool
	// IsTransient says whether err is one the engine gives while it is
	// unreachable, restarting or failing over, or a deadlock or
	// serialization failure: worth retrying the transaction.
	IsTransient(err error) bool

	// TypesColumnType is a TYPES column's type in CREATE TABLE (the
	// column's Oracle or PostgreSQL type).
	TypesColumnType(c TypesColumn) string
	// TypesParam is the SQL that writes the i-th bind variable into TYPES
	// column c: the placeholder, or a conversion of the text TypesArg
	// binds.
	TypesParam(c TypesColumn, i int) string
	// TypesArg is what to bind for column c's canonical value v (not nil).
	TypesArg(c TypesColumn, v any) any
	// TypesRead is the SQL that selects TYPES column c, and the form the
	// value comes back in.
	TypesRead(c TypesColumn) (string, ReadForm)
	// TypesStorage says what the engine keeps of TYPES' values.
	TypesStorage() TypesStorage
}

// Execer is all a ledger or progress write needs, so that it also runs
// inside a bulk loader's own transaction.
type Execer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
}

// BulkLoader is a dialect that loads many rows at once, faster than one
// INSERT a row. Preload uses it when the dialect has it.
type BulkLoader interface {
	// LoadBatch inserts rows into t and then, in the same transaction,
	// calls record with a way to send more statements; it commits only
	// when both succeed.
	LoadBatch(ctx context.Context, db *sql.DB, t Table, rows []Row, record func(Execer) error) error
}

// TypesBulkLoader is a dialect that loads many TYPES rows at once. Without
// it, TYPES is loaded one INSERT a row, a batch to a transaction: what
// Oracle does, where each row may carry hundreds of KB of LOBs, bound one
// locator at a time.
type TypesBulkLoader interface {
	// LoadTypesBatch is LoadBatch for TYPES.
	LoadTypesBatch(ctx context.Context, db *sql.DB, rows []TypesRow, record func(Execer) error) error
}

// Preparer is a dialect whose database needs preparing for DMS CDC.
type Preparer interface {
	Prepare(ctx context.Context, s *Store, o PrepareOptions) ([]Step, error)
}

// SchemaNamer is a dialect whose schema DMS names the target's schema
// after (Oracle's schema is its user).
type SchemaNamer interface {
	// CurrentSchema is the connection's current schema.
	CurrentSchema(ctx context.Context, db *sql.DB) (string, error)
}

// RawScanner is a dialect that can stream a query's rows as the driver's
// raw text bytes, without a string per value.
type RawScanner interface {
	// ScanRaw runs query and calls each with every row's values (nil for
	// NULL); the slices are only valid during the call.
	ScanRaw(ctx context.Context, db *sql.DB, query string, each func(raw [][]byte)) error
}

// Placeholders is n bind variables from start, comma-separated.
func Placeholders(d Dialect, start, n int) string {
	ps := make([]string, n)
	for i := range ps {
		ps[i] = d.Placeholder(start + i)
	}
	return strings.Join(ps, ", ")
}

// InsertSQL is a one-row INSERT into t with every column bound.
func InsertSQL(d Dialect, t Table) string {
	if t.typed {
		return typesInsertSQL(d)
	}
	cols := t.Columns()
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", d.Table(t.Name), QuoteColumns(cols), Placeholders(d, 1, len(cols)))
}

// blockFilter is `"block" IN (...)` over n bind variables from start, or
// nothing when all blocks are meant (n == 0).
func blockFilter(d Dialect, start, n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(` WHERE "block" IN (%s)`, Placeholders(d, start, n))
}

// FirstWords shortens a statement to its first n words, for messages.
func FirstWords(s string, n int) string {
	f := strings.Fields(s)
	if len(f) > n {
		f = f[:n]
	}
	return strings.Join(f, " ")
}

// BlockChecksummer is a dialect that sums each block of a table in SQL, so
// that verify's push-down reads one row per block (or per block and key
// bucket) instead of every row. Every dialect must build the same row text
// and hash it the same way (see verify's pushdown.go): for each column in
// order, "n" for NULL or "v" and the value's text (a number without leading
// or trailing zeros, "0.5" not ".5"; with emptyIsNull an empty string is
// NULL), then CHR(31); the MD5 of that text's UTF-8 bytes in hex; the row's
// two numbers are hex digits 1-15 and 16-30 of it. A bucket is the
// integer quotient (key - lo) / width, rounded toward zero, of an integer
// key, exact on every engine.
type BlockChecksummer interface {
	// ChecksumSQL selects, per block of q.Table (per block and bucket when
	// q.Bucket is set), five text columns: the block, the bucket (NULL
	// without one), the row count, and the sums of the rows' two numbers.
	ChecksumSQL(q ChecksumQuery) string
}

// ChecksumQuery is what one push-down statement sums.
type ChecksumQuery struct {
	Table       string // qualified name, as written in SQL
	Columns     []string
	Numeric     map[string]bool // columns compared as decimal values
	EmptyIsNull bool
	// Bucket is the key column whose buckets group each block's rows, its
	// lo and width bound as variables 1 and 2; "" groups by block only.
	Bucket string
	// Where, when not "", restricts the rows: a condition written with the
	// dialect's placeholders, numbered after lo and width when Bucket is set.
	Where string
}
