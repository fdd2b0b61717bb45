package store

// TYPES: a fourth table with a column for each Oracle type migrations
// break on, and its closest PostgreSQL type, so that dgen fills it on both
// engines. It is kept out of Tables: TABLE1..3 share one column layout
// ("block", "number", "var", "cdc") that verify's comparisons, the S3
// layout and the checksums are written against, and TYPES has another.
// Types is TYPES as a Table, for the operations all tables share (lock,
// number keys, ledger, update "cdc", delete by block); DataTables lists
// all four.

// TypesTable is the name of the table of Oracle types.
const TypesTable = "TYPES"

// TypesKey is TYPES' primary key column, numbered by dgen like "t1_pk".
const TypesKey = "ty_pk"

// TypesKind is how a TYPES column's value is represented in Go, both as
// generated and as read back (see TypesValue).
type TypesKind int

const (
	// KindInt: an integer (int64), the key and the block.
	KindInt TypesKind = iota
	// KindDecimal: an exact decimal, as text without loss: plain digits,
	// no exponent, no trailing zeros after the point.
	KindDecimal
	// KindFloat32, KindFloat64: binary floating point, compared by bit
	// pattern so that NaN, the infinities and -0 are kept.
	KindFloat32
	KindFloat64
	// KindDateTime: a date and time without a zone (DATE, TIMESTAMP), to
	// the nanosecond.
	KindDateTime
	// KindDateTimeZone: an instant with the offset it was written with
	// (TIMESTAMP WITH TIME ZONE, WITH LOCAL TIME ZONE).
	KindDateTimeZone
	// KindIntervalYM: an interval in whole months.
	KindIntervalYM
	// KindIntervalDS: an interval in days and nanoseconds.
	KindIntervalDS
	// KindText: character data.
	KindText
	// KindBytes: binary data.
	KindBytes
)

// TypesColumn is one column of TYPES: its quoted lower-case name, its type
// on each engine, whether it is NOT NULL, and how its values are held.
type TypesColumn struct {
	Name string
	// Oracle is the column's type in Oracle's CREATE TABLE.
	Oracle string
	// PostgreSQL is the closest type on the PostgreSQL engine.
	PostgreSQL string
	NotNull    bool
	Kind       TypesKind
	// Size is the declared length of a text or RAW column (characters, or
	// bytes for VARCHAR2(n BYTE) and RAW), 0 when it has none.
	Size int
}

// TypesColumns are TYPES' columns in table order. The names are a
// contract: verify's fidelity report compares against exactly these.
var TypesColumns = []TypesColumn{
	{Name: "ty_pk", Oracle: "NUMBER(10)", PostgreSQL: "INTEGER", NotNull: true, Kind: KindInt},
	{Name: "block", Oracle: "INT", PostgreSQL: "INTEGER", NotNull: true, Kind: KindInt},
	{Name: "c_number", Oracle: "NUMBER", PostgreSQL: "NUMERIC", Kind: KindDecimal},
	{Name: "c_number_38", Oracle: "NUMBER(38,0)", PostgreSQL: "NUMERIC(38,0)", Kind: KindDecimal},
	{Name: "c_number_10_2", Oracle: "NUMBER(10,2)", PostgreSQL: "NUMERIC(10,2)", Kind: KindDecimal},
	// PostgreSQL 15 accepts a negative scale, as Oracle does.
	{Name: "c_number_neg_scale", Oracle: "NUMBER(10,-2)", PostgreSQL: "NUMERIC(10,-2)", Kind: KindDecimal},
	// Oracle's FLOAT is FLOAT(126): a NUMBER of binary precision 126 (38
	// decimal digits), not a binary float, hence a decimal here; double
	// precision is the nearest PostgreSQL has.
	{Name: "c_float", Oracle: "FLOAT", PostgreSQL: "DOUBLE PRECISION", Kind: KindDecimal},
	{Name: "c_binary_float", Oracle: "BINARY_FLOAT", PostgreSQL: "REAL", Kind: KindFloat32},
	{Name: "c_binary_double", Oracle: "BINARY_DOUBLE", PostgreSQL: "DOUBLE PRECISION", Kind: KindFloat64},
	// Oracle's DATE carries a time to the second.
	{Name: "c_date", Oracle: "DATE", PostgreSQL: "TIMESTAMP(0)", Kind: KindDateTime},
	{Name: "c_timestamp", Oracle: "TIMESTAMP(6)", PostgreSQL: "TIMESTAMP(6)", Kind: KindDateTime},
	// PostgreSQL keeps microseconds and no zone: the instant survives, the
	// nanoseconds and the offset do not.
	{Name: "c_timestamp_tz", Oracle: "TIMESTAMP(9) WITH TIME ZONE", PostgreSQL: "TIMESTAMPTZ", Kind: KindDateTimeZone},
	{Name: "c_timestamp_ltz", Oracle: "TIMESTAMP WITH LOCAL TIME ZONE", PostgreSQL: "TIMESTAMPTZ", Kind: KindDateTimeZone},
	{Name: "c_interval_ym", Oracle: "INTERVAL YEAR TO MONTH", PostgreSQL: "INTERVAL YEAR TO MONTH", Kind: KindIntervalYM},
	{Name: "c_interval_ds", Oracle: "INTERVAL DAY TO SECOND", PostgreSQL: "INTERVAL DAY TO SECOND", Kind: KindIntervalDS},
	{Name: "c_char", Oracle: "CHAR(10)", PostgreSQL: "CHAR(10)", Kind: KindText, Size: 10},
	{Name: "c_nchar", Oracle: "NCHAR(10)", PostgreSQL: "CHAR(10)", Kind: KindText, Size: 10},
	{Name: "c_varchar2_byte", Oracle: "VARCHAR2(100 BYTE)", PostgreSQL: "VARCHAR(100)", Kind: KindText, Size: 100},
	{Name: "c_varchar2_char", Oracle: "VARCHAR2(100 CHAR)", PostgreSQL: "VARCHAR(100)", Kind: KindText, Size: 100},
	{Name: "c_nvarchar2", Oracle: "NVARCHAR2(100)", PostgreSQL: "VARCHAR(100)", Kind: KindText, Size: 100},
	{Name: "c_clob", Oracle: "CLOB", PostgreSQL: "TEXT", Kind: KindText},
	{Name: "c_nclob", Oracle: "NCLOB", PostgreSQL: "TEXT", Kind: KindText},
	{Name: "c_blob", Oracle: "BLOB", PostgreSQL: "BYTEA", Kind: KindBytes},
	{Name: "c_raw", Oracle: "RAW(100)", PostgreSQL: "BYTEA", Kind: KindBytes, Size: 100},
	// What update wrote, as in the other tables.
	{Name: "cdc", Oracle: "VARCHAR2(25)", PostgreSQL: "VARCHAR(25)", Kind: KindText, Size: 25},
}

// Types is TYPES as a Table: keyed by "ty_pk" (a primary key), its
// columns TypesColumns.
var Types = Table{Name: TypesTable, Key: TypesKey, typed: true}

// DataTables are the tables dgen fills: Tables, then TYPES.
func DataTables() []Table {
	return append(append([]Table{}, Tables...), Types)
}

// IsTypes says whether t is TYPES.
func (t Table) IsTypes() bool { return t.typed }

// TypesColumnNames are TypesColumns' names in order.
func TypesColumnNames() []string {
	names := make([]string, len(TypesColumns))
	for i, c := range TypesColumns {
		names[i] = c.Name
	}
	return names
}

// TypesColumnByName finds a TYPES column by its exact name.
func TypesColumnByName(name string) (TypesColumn, bool) {
	for _, c := range TypesColumns {
		if c.Name == name {
			return c, true
		}
	}
	return TypesColumn{}, false
}
