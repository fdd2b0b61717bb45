package postgres

// TYPES on PostgreSQL: the closest types to Oracle's (TypesColumns), values
// bound as pgx's own types (the same values COPY sends), and read back as
// text that loses nothing: floats as their IEEE bits (float4send,
// float8send), times in UTC to the microsecond, intervals as months or
// seconds.

import (
	"context"
	"database/sql"
	"math"
	"math/big"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5/pgtype"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

var _ store.TypesBulkLoader = Dialect{}

func (Dialect) TypesColumnType(c store.TypesColumn) string { return c.PostgreSQL }

func (d Dialect) TypesParam(_ store.TypesColumn, i int) string { return d.Placeholder(i) }

// TypesStorage: NUMERIC keeps every digit, double precision is IEEE, -0
// stays, timestamptz keeps microseconds and the instant only, CHAR(n) and
// varchar count characters, and ” is not NULL.
func (Dialect) TypesStorage() store.TypesStorage {
	return store.TypesStorage{NegativeZero: true, ZoneDigits: 6}
}

// TypesArg: a time is rounded to the microsecond here, as PostgreSQL
// rounds a time it reads as text (pgx would cut the nanoseconds).
func (Dialect) TypesArg(c store.TypesColumn, v any) any {
	switch c.Kind {
	case store.KindDecimal:
		if c.Name == "c_float" {
			f, err := strconv.ParseFloat(v.(string), 64)
			if err != nil {
				return v
			}
			return f
		}
		digits, exp, err := store.TypesDecimal(v.(string))
		if err != nil {
			return v // PostgreSQL then says what is wrong with it
		}
		n, _ := new(big.Int).SetString(digits, 10)
		return pgtype.Numeric{Int: n, Exp: int32(exp), Valid: true}
	case store.KindFloat32:
		return math.Float32frombits(v.(uint32))
	case store.KindFloat64:
		return math.Float64frombits(v.(uint64))
	case store.KindDateTime, store.KindDateTimeZone:
		t, err := store.TypesTime(v.(string))
		if err != nil {
			return v
		}
		return t.Round(time.Microsecond)
	case store.KindIntervalYM:
		return pgtype.Interval{Months: int32(v.(int64)), Valid: true}
	case store.KindIntervalDS:
		dur := v.(time.Duration).Round(time.Microsecond)
		days := dur / (24 * time.Hour)
		return pgtype.Interval{Days: int32(days), Microseconds: int64((dur - days*24*time.Hour) / time.Microsecond), Valid: true}
	}
	return v
}

func (Dialect) TypesRead(c store.TypesColumn) (string, store.ReadForm) {
	col := `"` + c.Name + `"`
	switch c.Kind {
	case store.KindInt:
		return col, store.FormInt
	case store.KindDecimal:
		if c.Name == "c_float" {
			return "encode(float8send(" + col + "), 'hex')", store.FormFloat64Hex
		}
		return col + "::text", store.FormDecimal
	case store.KindFloat32:
		return "encode(float4send(" + col + "), 'hex')", store.FormFloat32Hex
	case store.KindFloat64:
		return "encode(float8send(" + col + "), 'hex')", store.FormFloat64Hex
	case store.KindDateTime:
		return "to_char(" + col + ", 'YYYY-MM-DD HH24:MI:SS.US')", store.FormDateTime
	case store.KindDateTimeZone:
		return "to_char(" + col + ` AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US" +00:00"')`, store.FormDateTimeZone
	case store.KindIntervalYM:
		return "(EXTRACT(YEAR FROM " + col + ") * 12 + EXTRACT(MONTH FROM " + col + "))::text", store.FormMonths
	case store.KindIntervalDS:
		return "EXTRACT(EPOCH FROM " + col + ")::text", store.FormSeconds
	case store.KindBytes:
		return col, store.FormBytes
	}
	return col, store.FormText
}

// LoadTypesBatch loads TYPES rows with COPY, as LoadBatch loads the other
// tables, and records them in the same transaction.
func (d Dialect) LoadTypesBatch(ctx context.Context, db *sql.DB, rows []store.TypesRow, record func(store.Execer) error) error {
	return copyAndRecord(ctx, db, store.TypesTable, store.TypesColumnNames(), len(rows), func(i int) []any { return store.TypesArgs(d, rows[i]) }, record)
}
