package oracle

// TYPES on Oracle: the types of TypesColumns, values bound as text and
// converted in SQL with explicit formats (TO_DATE, TO_TIMESTAMP_TZ,
// TO_BINARY_FLOAT, TO_YMINTERVAL, ...), so that what is written does not
// depend on how go-ora encodes a Go type nor on the session's date
// formats, and LOBs bound as go-ora's Clob, NClob and Blob, which it sends
// as LOB data whatever their size. Values come back as text in fixed
// formats, floats as their IEEE bits (UTL_RAW.CAST_FROM_BINARY_FLOAT and
// _DOUBLE, big-endian by default).
//
// TO_NUMBER and TO_CHAR(…, 'TM9') read and write '.' as the decimal
// character: TO_CHAR is given NLS_NUMERIC_CHARACTERS, and TO_NUMBER (which
// takes that parameter only with a format model, and no model covers 1E-130
// to 9.99E125 at once) relies on the session's, which go-ora sets through
// NLS_TERRITORY=AMERICA at logon unless the DSN asks for another
// territory.

import (
	"fmt"
	"math"
	"strconv"
	"time"

	goora "github.com/sijms/go-ora/v2"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// The formats TYPES' times are written and read in.
const (
	oracleDateFormat      = "YYYY-MM-DD HH24:MI:SS"
	oracleTimestampFormat = "YYYY-MM-DD HH24:MI:SS.FF9"
	oracleZoneFormat      = "YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM"
)

func (Dialect) TypesColumnType(c store.TypesColumn) string { return c.Oracle }

func (d Dialect) TypesParam(c store.TypesColumn, i int) string {
	p := d.Placeholder(i)
	switch c.Kind {
	case store.KindDecimal:
		return "TO_NUMBER(" + p + ")"
	case store.KindFloat32:
		return "TO_BINARY_FLOAT(" + p + ")"
	case store.KindFloat64:
		return "TO_BINARY_DOUBLE(" + p + ")"
	case store.KindDateTime:
		if c.Name == "c_date" {
			return "TO_DATE(" + p + ", '" + oracleDateFormat + "')"
		}
		return "TO_TIMESTAMP(" + p + ", '" + oracleTimestampFormat + "')"
	case store.KindDateTimeZone:
		return "TO_TIMESTAMP_TZ(" + p + ", '" + oracleZoneFormat + "')"
	case store.KindIntervalYM:
		return "TO_YMINTERVAL(" + p + ")"
	case store.KindIntervalDS:
		return "TO_DSINTERVAL(" + p + ")"
	}
	return p
}

// TypesStorage: ” and empty binary are NULL; NUMBER keeps 20 base-100
// digits and FLOAT(126) 38 decimal ones; -0 becomes +0; TIMESTAMP(9) WITH
// TIME ZONE keeps 9 digits and its offset; CHAR(10) is 10 bytes under the
// default NLS_LENGTH_SEMANTICS; NCHAR counts AL16UTF16 code units.
func (Dialect) TypesStorage() store.TypesStorage {
	return store.TypesStorage{EmptyIsNull: true, NumberBase100: 20, FloatDigits: 38, ZoneDigits: 9, KeepsOffset: true, CharBytes: true, NCharUTF16: true}
}

// TypesArg is the text the column's TypesParam converts, or for text and
// binary the value itself: the N types in the national character set
// (NVarChar), LOBs as LOBs. An empty LOB is bound as NULL, which is what
// Oracle stores for an empty string anyway.
func (Dialect) TypesArg(c store.TypesColumn, v any) any {
	switch c.Kind {
	case store.KindDecimal:
		if s, err := store.TypesScientific(v.(string)); err == nil {
			return s
		}
	case store.KindFloat32:
		return floatText(float64(math.Float32frombits(v.(uint32))), 32)
	case store.KindFloat64:
		return floatText(math.Float64frombits(v.(uint64)), 64)
	case store.KindDateTime:
		if c.Name == "c_date" {
			return v.(string)[:19]
		}
	case store.KindIntervalYM:
		m := v.(int64)
		sign := "+"
		if m < 0 {
			sign, m = "-", -m
		}
		return fmt.Sprintf("%s%d-%d", sign, m/12, m%12)
	case store.KindIntervalDS:
		dur := v.(time.Duration)
		sign := "+"
		if dur < 0 {
			sign, dur = "-", -dur
		}
		day := 24 * time.Hour
		rest := dur % day
		return fmt.Sprintf("%s%d %02d:%02d:%02d.%09d", sign, dur/day, rest/time.Hour, rest%time.Hour/time.Minute, rest%time.Minute/time.Second, rest%time.Second)
	case store.KindText:
		s := v.(string)
		switch c.Name {
		case "c_clob":
			return goora.Clob{String: s, Valid: s != ""}
		case "c_nclob":
			return goora.NClob{String: s, Valid: s != ""}
		case "c_nchar", "c_nvarchar2":
			return goora.NVarChar(s)
		}
	case store.KindBytes:
		if c.Name == "c_blob" {
			b := v.([]byte)
			if len(b) == 0 {
				return nil
			}
			return goora.Blob{Data: b}
		}
	}
	return v
}

// floatText is a binary float as TO_BINARY_FLOAT and TO_BINARY_DOUBLE read
// it: the shortest decimal that gives the same bits back, or INF, -INF,
// NaN.
func floatText(f float64, bits int) string {
	switch {
	case math.IsNaN(f):
		return "NaN"
	case math.IsInf(f, 1):
		return "INF"
	case math.IsInf(f, -1):
		return "-INF"
	}
	return strconv.FormatFloat(f, 'E', -1, bits)
}

func (Dialect) TypesRead(c store.TypesColumn) (string, store.ReadForm) {
	col := `"` + c.Name + `"`
	switch c.Kind {
	case store.KindInt:
		return "TO_CHAR(" + col + ")", store.FormInt
	case store.KindDecimal:
		return "TO_CHAR(" + col + ", 'TM9', '" + nlsQuoted + "')", store.FormDecimal
	case store.KindFloat32:
		return "RAWTOHEX(UTL_RAW.CAST_FROM_BINARY_FLOAT(" + col + "))", store.FormFloat32Hex
	case store.KindFloat64:
		return "RAWTOHEX(UTL_RAW.CAST_FROM_BINARY_DOUBLE(" + col + "))", store.FormFloat64Hex
	case store.KindDateTime:
		if c.Name == "c_date" {
			return "TO_CHAR(" + col + ", '" + oracleDateFormat + "')", store.FormDateTime
		}
		return "TO_CHAR(" + col + ", '" + oracleTimestampFormat + "')", store.FormDateTime
	case store.KindDateTimeZone:
		if c.Name == "c_timestamp_ltz" {
			// Shown in the session's zone otherwise: in UTC, the instant.
			return "TO_CHAR(" + col + " AT TIME ZONE '+00:00', '" + oracleZoneFormat + "')", store.FormDateTimeZone
		}
		return "TO_CHAR(" + col + ", '" + oracleZoneFormat + "')", store.FormDateTimeZone
	case store.KindIntervalYM:
		return "TO_CHAR(EXTRACT(YEAR FROM " + col + ") * 12 + EXTRACT(MONTH FROM " + col + "))", store.FormMonths
	case store.KindIntervalDS:
		return "TO_CHAR(EXTRACT(DAY FROM " + col + ") * 86400 + EXTRACT(HOUR FROM " + col + ") * 3600 + EXTRACT(MINUTE FROM " + col + ") * 60 + EXTRACT(SECOND FROM " + col + "), 'TM9', '" + nlsQuoted + "')", store.FormSeconds
	case store.KindBytes:
		return col, store.FormBytes
	}
	return col, store.FormText
}

// nlsQuoted makes TO_CHAR write '.' as the decimal character, inside a
// quoted SQL literal.
const nlsQuoted = "NLS_NUMERIC_CHARACTERS = ''.,''"
