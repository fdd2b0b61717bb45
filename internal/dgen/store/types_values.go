package store

// TYPES' values in canonical Go form: what the generator makes and what
// ReadTypesRows gives back on either engine, so that two rows compare with
// reflect.DeepEqual. A TypesRow holds one value per TypesColumns entry, nil
// for NULL, else by the column's kind:
//
//	KindInt           int64
//	KindDecimal       string, canonical plain digits (CanonicalDecimal)
//	KindFloat32       uint32, the IEEE 754 bits (every NaN as 0x7fc00000)
//	KindFloat64       uint64, the IEEE 754 bits (every NaN as 0x7ff8000000000000)
//	KindDateTime      string "YYYY-MM-DD HH:MM:SS.fffffffff"
//	KindDateTimeZone  string "YYYY-MM-DD HH:MM:SS.fffffffff +HH:MM"
//	KindIntervalYM    int64, months
//	KindIntervalDS    time.Duration
//	KindText          string
//	KindBytes         []byte

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// TypesRow is one row of TYPES in canonical form, in TypesColumns order.
type TypesRow []any

// Key is the row's "ty_pk".
func (r TypesRow) Key() int64 { return r[0].(int64) }

// Block is the row's "block".
func (r TypesRow) Block() int { return int(r[1].(int64)) }

// Value is the row's value of the named column.
func (r TypesRow) Value(col string) any {
	for i, c := range TypesColumns {
		if c.Name == col {
			return r[i]
		}
	}
	return nil
}

// Canonical NaNs: engines keep NaN payloads differently (Oracle converts
// every NaN to one bit pattern), so all NaNs read as these.
const (
	NaN32Bits uint32 = 0x7fc00000
	NaN64Bits uint64 = 0x7ff8000000000000
)

// Float32Bits is the canonical form of a float32.
func Float32Bits(f float32) uint32 {
	if f != f {
		return NaN32Bits
	}
	return math.Float32bits(f)
}

// Float64Bits is the canonical form of a float64.
func Float64Bits(f float64) uint64 {
	if f != f {
		return NaN64Bits
	}
	return math.Float64bits(f)
}

// Layouts of the canonical date-time text.
const (
	dateTimeLayout     = "2006-01-02 15:04:05.000000000"
	dateTimeZoneLayout = "2006-01-02 15:04:05.000000000 -07:00"
)

// parseDateTime reads a canonical date-time, or one with fewer fractional
// digits or none, as UTC wall-clock time.
func parseDateTime(s string) (time.Time, error) {
	return time.ParseInLocation("2006-01-02 15:04:05.999999999", s, time.UTC)
}

// parseDateTimeZone reads a canonical date-time with its offset.
func parseDateTimeZone(s string) (time.Time, error) {
	return time.Parse("2006-01-02 15:04:05.999999999 -07:00", s)
}

// formatDateTime is t's wall clock in canonical text.
func formatDateTime(t time.Time) string { return t.Format(dateTimeLayout) }

// formatDateTimeZone is t's wall clock and offset in canonical text.
func formatDateTimeZone(t time.Time) string { return t.Format(dateTimeZoneLayout) }

// FormatTypesValue is a value as one line of text for people (dgen data,
// test failures): long text and bytes shortened, with their length.
func FormatTypesValue(c TypesColumn, v any) string {
	if v == nil {
		return "NULL"
	}
	switch c.Kind {
	case KindFloat32:
		b := v.(uint32)
		return fmt.Sprintf("%s (0x%08x)", strconv.FormatFloat(float64(math.Float32frombits(b)), 'g', -1, 32), b)
	case KindFloat64:
		b := v.(uint64)
		return fmt.Sprintf("%s (0x%016x)", strconv.FormatFloat(math.Float64frombits(b), 'g', -1, 64), b)
	case KindIntervalYM:
		m := v.(int64)
		sign := "+"
		if m < 0 {
			sign, m = "-", -m
		}
		return fmt.Sprintf("%s%d-%02d", sign, m/12, m%12)
	case KindText:
		s := v.(string)
		if len(s) <= 60 {
			return strconv.Quote(s)
		}
		cut := 40
		for !utf8.RuneStart(s[cut]) {
			cut--
		}
		return fmt.Sprintf("%s… (%d bytes, %d characters)", strconv.Quote(s[:cut]), len(s), utf8.RuneCountInString(s))
	case KindBytes:
		b := v.([]byte)
		if len(b) <= 30 {
			return fmt.Sprintf("0x%x", b)
		}
		return fmt.Sprintf("0x%x… (%d bytes)", b[:20], len(b))
	}
	return fmt.Sprint(v)
}

// utf16Len is how many UTF-16 code units s takes: a character outside the
// Basic Multilingual Plane takes two.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n++
		if r > 0xFFFF {
			n++
		}
	}
	return n
}

// padChar pads s with spaces to n units, as CHAR(n) does; units counts a
// string's length in those units.
func padChar(s string, n int, units func(string) int) string {
	if k := units(s); k < n {
		return s + strings.Repeat(" ", n-k)
	}
	return s
}

// TypesTime reads a canonical date-time, with or without its offset (then
// UTC), for a dialect that binds times as times.
func TypesTime(v string) (time.Time, error) {
	if len(v) > 30 {
		return parseDateTimeZone(v)
	}
	return parseDateTime(v)
}

// TypesDecimal splits a canonical decimal into its integer digits (with
// its sign) and a power of ten: "-1.25" is "-125" and -2.
func TypesDecimal(v string) (digits string, exp int, err error) {
	d, err := parseDecimal(v)
	if err != nil {
		return "", 0, err
	}
	if d.digits == "" {
		return "0", 0, nil
	}
	if d.neg {
		return "-" + d.digits, d.exp, nil
	}
	return d.digits, d.exp, nil
}

// TypesScientific is a canonical decimal in scientific notation
// ("1E-130"), short whatever its size.
func TypesScientific(v string) (string, error) {
	d, err := parseDecimal(v)
	if err != nil {
		return "", err
	}
	return d.Scientific(), nil
}
