package fidelity

import (
	"encoding/hex"
	"fmt"
	"math"
	"math/big"
	"strconv"
	"strings"
	"time"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// Value is one value as a side holds it: NULL, text (what a CSV field, a
// varchar or a number's digits say), binary data, a binary float, or a
// date and time. Each side gives values in the form it has; the rules
// parse what they need, so that "2.5", 2.5 and "2.50" can all be the same
// number and "+05:30" text the same instant as a timestamptz.
type Value struct {
	Null bool
	// Text is the value as text: digits, a date, an interval, characters.
	// For a float or a time it is how the side printed it, for examples.
	Text string
	// Bytes is binary data read as binary (bytea, BLOB, RAW); nil when the
	// side gave text (a CSV field holds hexadecimal digits).
	Bytes []byte
	// Float is a binary float read as one; Bits says 32 or 64, 0 when the
	// side gave text.
	Float float64
	Bits  int
	// Time is a date and time read as one; Zoned says it carries an
	// offset (an instant).
	Time   time.Time
	IsTime bool
	Zoned  bool
}

// Null is the NULL value.
var Null = Value{Null: true}

// Text is a value given as text.
func Text(s string) Value { return Value{Text: s} }

// FromGo turns a value as database/sql scans it into `any` (nil, int64,
// float32, float64, string, []byte, time.Time, bool), or as the store's
// TYPES reader returns it, into a Value. zoned says the column holds an
// instant (its time.Time is not a wall-clock date and time).
func FromGo(v any, zoned bool) Value {
	switch x := v.(type) {
	case nil:
		return Null
	case Value:
		return x
	case string:
		return Value{Text: x}
	case []byte:
		return Value{Bytes: append([]byte(nil), x...), Text: hex.EncodeToString(x)}
	case int64:
		return Value{Text: strconv.FormatInt(x, 10)}
	case int:
		return Value{Text: strconv.Itoa(x)}
	case int32:
		return Value{Text: strconv.FormatInt(int64(x), 10)}
	case float32:
		return Value{Float: float64(x), Bits: 32, Text: strconv.FormatFloat(float64(x), 'g', -1, 32)}
	case float64:
		return Value{Float: x, Bits: 64, Text: strconv.FormatFloat(x, 'g', -1, 64)}
	case time.Time:
		if zoned {
			return Value{Time: x, IsTime: true, Zoned: true, Text: x.Format("2006-01-02 15:04:05.999999999-07:00")}
		}
		return Value{Time: x, IsTime: true, Text: x.Format("2006-01-02 15:04:05.999999999")}
	case bool:
		return Value{Text: strconv.FormatBool(x)}
	case time.Duration:
		return Value{Text: durationText(x)}
	case fmt.Stringer:
		return Value{Text: x.String()}
	}
	return Value{Text: fmt.Sprint(v)}
}

// FromStore turns a value of the store's canonical TYPES form (see
// store.TypesRow: float bits as uint32 and uint64, months as int64, a
// DAY TO SECOND as a time.Duration) into a Value.
func FromStore(c store.TypesColumn, v any) Value {
	switch x := v.(type) {
	case nil:
		return Null
	case uint32:
		f := float64(math.Float32frombits(x))
		return Value{Float: f, Bits: 32, Text: strconv.FormatFloat(f, 'g', -1, 32)}
	case uint64:
		f := math.Float64frombits(x)
		return Value{Float: f, Bits: 64, Text: strconv.FormatFloat(f, 'g', -1, 64)}
	case int64:
		if c.Kind == store.KindIntervalYM { // months, as Oracle writes them
			sign := "+"
			if x < 0 {
				sign, x = "-", -x
			}
			return Value{Text: fmt.Sprintf("%s%02d-%02d", sign, x/12, x%12)}
		}
	}
	return FromGo(v, c.Kind == store.KindDateTimeZone)
}

// decimal reads a number's digits (an exponent allowed) exactly.
func (v Value) decimal() (*big.Rat, bool) {
	if v.Bits != 0 {
		if math.IsNaN(v.Float) || math.IsInf(v.Float, 0) {
			return nil, false
		}
		return new(big.Rat).SetFloat64(v.Float), true
	}
	s := strings.TrimSpace(v.Text)
	if s == "" {
		return nil, false
	}
	r, ok := new(big.Rat).SetString(s)
	return r, ok
}

// float reads a binary float of the given width, from the float itself or
// from its text (NaN, Infinity, -0 as PostgreSQL, Oracle and Go print them).
func (v Value) float(bits int) (float64, bool) {
	if v.Bits != 0 {
		if bits == 32 {
			return float64(float32(v.Float)), true
		}
		return v.Float, true
	}
	s := strings.TrimSpace(v.Text)
	switch strings.ToLower(strings.TrimPrefix(s, "+")) {
	case "nan":
		return math.NaN(), true
	case "infinity", "inf", "binary_float_infinity", "binary_double_infinity":
		return math.Inf(1), true
	case "-infinity", "-inf", "-binary_float_infinity", "-binary_double_infinity":
		return math.Inf(-1), true
	}
	f, err := strconv.ParseFloat(s, bits)
	if err != nil {
		return 0, false
	}
	return f, true
}

// The layouts a date and time is read in: PostgreSQL's, Oracle's
// TO_CHAR(..., 'YYYY-MM-DD HH24:MI:SS.FF9 TZH:TZM') and RFC 3339.
var (
	wallLayouts  = []string{"2006-01-02 15:04:05.999999999", "2006-01-02T15:04:05.999999999", "2006-01-02"}
	zonedLayouts = []string{"2006-01-02 15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999 Z07:00", "2006-01-02 15:04:05.999999999Z07",
		"2006-01-02 15:04:05.999999999 Z07", "2006-01-02T15:04:05.999999999Z07:00", "2006-01-02 15:04:05.999999999Z07:00:00", "2006-01-02 15:04:05.999999999 MST"}
)

// wall reads a date and time without a zone.
func (v Value) wall() (time.Time, bool) {
	if v.IsTime {
		t := v.Time
		return time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(), t.Second(), t.Nanosecond(), time.UTC), true
	}
	s := strings.TrimSpace(v.Text)
	for _, l := range wallLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

// instant reads a date and time with an offset; offset is its text as
// written, "" when the value is a time read from the database.
func (v Value) instant() (t time.Time, offset string, ok bool) {
	if v.IsTime {
		_, off := v.Time.Zone()
		return v.Time, offsetText(off), true
	}
	s := strings.TrimSpace(v.Text)
	for _, l := range zonedLayouts {
		if t, err := time.Parse(l, s); err == nil {
			_, off := t.Zone()
			return t, offsetText(off), true
		}
	}
	return time.Time{}, "", false
}

func offsetText(sec int) string {
	sign := "+"
	if sec < 0 {
		sign, sec = "-", -sec
	}
	return fmt.Sprintf("%s%02d:%02d", sign, sec/3600, sec/60%60)
}

// binary reads binary data: as read, or hexadecimal text ("\x" first as
// PostgreSQL prints bytea).
func (v Value) binary() ([]byte, bool) {
	if v.Bytes != nil {
		return v.Bytes, true
	}
	s := strings.TrimPrefix(strings.TrimSpace(v.Text), `\x`)
	b, err := hex.DecodeString(s)
	return b, err == nil
}

// show is a value for an example: NULL, or its text cut to n characters
// with its full length said.
func (v Value) show(n int) string {
	if v.Null {
		return "NULL"
	}
	s := v.Text
	if v.Bytes != nil {
		s = "0x" + hex.EncodeToString(v.Bytes)
	}
	r := []rune(s)
	if len(r) <= n {
		return strconv.Quote(s)
	}
	return fmt.Sprintf("%s… (%d characters)", strconv.Quote(string(r[:n])), len(r))
}
