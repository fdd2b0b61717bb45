package store

// TYPES in SQL: its DDL, the INSERT and UPDATE that write it, and the
// SELECT that reads it back into canonical form, each built from the
// dialect's per-column pieces (Dialect.TypesColumnType, TypesParam,
// TypesArg, TypesRead).

import (
	"context"
	"database/sql"
	"encoding/hex"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// ReadForm is the form in which a dialect's TypesRead SQL returns a value.
type ReadForm int

const (
	// FormInt: an integer, as a number or as text.
	FormInt ReadForm = iota
	// FormDecimal: decimal text, plain or scientific ("1E-130").
	FormDecimal
	// FormFloat32Hex, FormFloat64Hex: the IEEE 754 bits, big-endian, in hex.
	FormFloat32Hex
	FormFloat64Hex
	// FormDateTime: "YYYY-MM-DD HH:MM:SS", with any fractional digits.
	FormDateTime
	// FormDateTimeZone: the same and " +HH:MM".
	FormDateTimeZone
	// FormMonths: a whole number of months, as text.
	FormMonths
	// FormSeconds: decimal seconds, as text.
	FormSeconds
	// FormText: text.
	FormText
	// FormBytes: bytes.
	FormBytes
)

// createTypesTable is TYPES' DDL: the table, its primary key and the
// index on "block" every table has.
func createTypesTable(d Dialect) []string {
	cols := make([]string, 0, len(TypesColumns)+1)
	for _, c := range TypesColumns {
		def := fmt.Sprintf(`"%s" %s`, c.Name, d.TypesColumnType(c))
		if c.NotNull {
			def += " NOT NULL"
		}
		cols = append(cols, def)
	}
	cols = append(cols, fmt.Sprintf(`CONSTRAINT %s_PK PRIMARY KEY ("%s")`, TypesTable, TypesKey))
	return []string{
		fmt.Sprintf("CREATE TABLE %s (%s)", d.Table(TypesTable), strings.Join(cols, ", ")),
		fmt.Sprintf(`CREATE INDEX %s_BLOCK ON %s ("block")`, TypesTable, d.Table(TypesTable)),
	}
}

// typesInsertSQL is the one-row INSERT into TYPES.
func typesInsertSQL(d Dialect) string {
	vals := make([]string, len(TypesColumns))
	for i, c := range TypesColumns {
		vals[i] = d.TypesParam(c, i+1)
	}
	return fmt.Sprintf("INSERT INTO %s (%s) VALUES (%s)", d.Table(TypesTable), QuoteColumns(TypesColumnNames()), strings.Join(vals, ", "))
}

// TypesArgs are what the dialect binds for a row, in TypesColumns order.
func TypesArgs(d Dialect, r TypesRow) []any {
	args := make([]any, len(TypesColumns))
	for i, c := range TypesColumns {
		if r[i] != nil {
			args[i] = d.TypesArg(c, r[i])
		}
	}
	return args
}

// typesUpdatedColumns are the columns run's TYPES update rewrites: all but
// the key and the block ("cdc" last).
func typesUpdatedColumns() []TypesColumn {
	var cols []TypesColumn
	for _, c := range TypesColumns {
		if c.Name != TypesKey && c.Name != "block" {
			cols = append(cols, c)
		}
	}
	return cols
}

// typesUpdateSQL sets every column but the key and the block of the row at
// the address bound last.
func typesUpdateSQL(d Dialect) string {
	cols := typesUpdatedColumns()
	sets := make([]string, len(cols))
	for i, c := range cols {
		sets[i] = fmt.Sprintf(`"%s" = %s`, c.Name, d.TypesParam(c, i+1))
	}
	return fmt.Sprintf("UPDATE %s SET %s WHERE %s", d.Table(TypesTable), strings.Join(sets, ", "), d.ByRowAddress(len(cols)+1))
}

// typesUpdateArgs binds typesUpdateSQL: the new row's values, its "cdc"
// replaced by text, and the address.
func typesUpdateArgs(d Dialect, r TypesRow, text, addr string) []any {
	var args []any
	for i, c := range TypesColumns {
		switch {
		case c.Name == TypesKey || c.Name == "block":
		case c.Name == "cdc":
			args = append(args, d.TypesArg(c, text))
		case r[i] == nil:
			args = append(args, nil)
		default:
			args = append(args, d.TypesArg(c, r[i]))
		}
	}
	return append(args, addr)
}

// TypesSelectSQL reads TYPES in key order, in the given blocks (all when
// none), each column in the form the dialect's TypesRead gives.
func TypesSelectSQL(d Dialect, nBlocks int) string {
	sel := make([]string, len(TypesColumns))
	for i, c := range TypesColumns {
		sel[i], _ = d.TypesRead(c)
	}
	return fmt.Sprintf(`SELECT %s FROM %s%s ORDER BY "%s"`, strings.Join(sel, ", "), d.Table(TypesTable), blockFilter(d, 1, nBlocks), TypesKey)
}

// ReadTypesRows streams TYPES' rows in the given blocks (all when none) in
// key order, each in canonical form, to each; it stops at each's first
// error.
func ReadTypesRows(ctx context.Context, db *sql.DB, d Dialect, blocks []int, each func(TypesRow) error) error {
	return readTypes(ctx, db, d, TypesSelectSQL(d, len(blocks)), blockArgs(blocks), each)
}

// readTypes runs a TypesSelectSQL query (or one that ends it with a limit).
func readTypes(ctx context.Context, db *sql.DB, d Dialect, query string, args []any, each func(TypesRow) error) error {
	rows, err := db.QueryContext(ctx, query, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	forms := make([]ReadForm, len(TypesColumns))
	for i, c := range TypesColumns {
		_, forms[i] = d.TypesRead(c)
	}
	raw := make([]any, len(TypesColumns))
	ptrs := make([]any, len(raw))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		row := make(TypesRow, len(TypesColumns))
		for i, c := range TypesColumns {
			v, err := fromRead(c, forms[i], raw[i])
			if err != nil {
				return fmt.Errorf("%s %s: %w", TypesTable, c.Name, err)
			}
			row[i] = v
		}
		if err := each(row); err != nil {
			return err
		}
	}
	return rows.Err()
}

// fromRead turns what the driver gave for a column into canonical form.
func fromRead(c TypesColumn, form ReadForm, v any) (any, error) {
	if v == nil {
		return nil, nil
	}
	if form == FormBytes {
		switch b := v.(type) {
		case []byte:
			return append([]byte{}, b...), nil
		case string:
			return []byte(b), nil
		}
		return nil, fmt.Errorf("want bytes, the driver gave %T", v)
	}
	var s string
	switch x := v.(type) {
	case string:
		s = x
	case []byte:
		s = string(x)
	case int64:
		if form == FormInt {
			return x, nil
		}
		s = strconv.FormatInt(x, 10)
	default:
		return nil, fmt.Errorf("want text, the driver gave %T", v)
	}
	switch form {
	case FormInt, FormMonths:
		d, err := parseDecimal(strings.TrimSpace(s))
		if err != nil {
			return nil, err
		}
		return strconv.ParseInt(d.String(), 10, 64)
	case FormDecimal:
		return CanonicalDecimal(strings.TrimSpace(s))
	case FormFloat32Hex:
		b, err := hexUint(s, 4)
		return Float32Bits(math.Float32frombits(uint32(b))), err
	case FormFloat64Hex:
		b, err := hexUint(s, 8)
		if err != nil {
			return nil, err
		}
		f := math.Float64frombits(b)
		if c.Kind == KindDecimal {
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return strconv.FormatFloat(f, 'g', -1, 64), nil
			}
			return CanonicalDecimal(strconv.FormatFloat(f, 'e', -1, 64))
		}
		return Float64Bits(f), nil
	case FormDateTime:
		t, err := parseDateTime(s)
		if err != nil {
			return nil, err
		}
		return formatDateTime(t), nil
	case FormDateTimeZone:
		t, err := parseDateTimeZone(s)
		if err != nil {
			return nil, err
		}
		return formatDateTimeZone(t), nil
	case FormSeconds:
		d, err := parseDecimal(strings.TrimSpace(s))
		if err != nil {
			return nil, err
		}
		ns, err := strconv.ParseInt(d.roundAt(-9).scaled(9), 10, 64)
		return time.Duration(ns), err
	case FormText:
		return s, nil
	}
	return nil, fmt.Errorf("unknown read form %d", form)
}

// scaled is the value times 10^n as integer text (digits below are cut).
func (d decimal) scaled(n int) string {
	e := d
	e.exp += n
	if e.digits == "" {
		return "0"
	}
	if e.exp < 0 {
		e = e.roundAt(0)
	}
	return e.String()
}

func hexUint(s string, size int) (uint64, error) {
	b, err := hex.DecodeString(strings.TrimSpace(s))
	if err != nil || len(b) != size {
		return 0, fmt.Errorf("want %d bytes in hex, got %q", size, s)
	}
	var u uint64
	for _, x := range b {
		u = u<<8 | uint64(x)
	}
	return u, nil
}
