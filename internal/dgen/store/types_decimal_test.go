package store

import (
	"strings"
	"testing"
	"time"
)

func TestCanonicalDecimal(t *testing.T) {
	for in, want := range map[string]string{
		"0": "0", "-0.000": "0", "+7": "7", "12.50": "12.5", "-.5": "-0.5", ".5": "0.5",
		"1E-130": "0." + strings.Repeat("0", 129) + "1", "1.50E+2": "150", "-1.5e3": "-1500",
		"12300": "12300", "007.0100": "7.01", "9.99E125": "999" + strings.Repeat("0", 123),
	} {
		if got, err := CanonicalDecimal(in); err != nil || got != want {
			t.Errorf("CanonicalDecimal(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{"", "-", ".", "1e", "1.2.3", "12a", "NaN", "1E+x"} {
		if got, err := CanonicalDecimal(bad); err == nil {
			t.Errorf("CanonicalDecimal(%q) = %q, want an error", bad, got)
		}
	}
}

// Rounding as the engines round to a scale (half away from zero), and as
// Oracle's NUMBER keeps 20 base-100 digits aligned on the point.
func TestDecimalRounding(t *testing.T) {
	round := func(s string, f func(decimal) decimal) string {
		d, err := parseDecimal(s)
		if err != nil {
			t.Fatal(err)
		}
		return f(d).String()
	}
	at := func(p int) func(decimal) decimal { return func(d decimal) decimal { return d.roundAt(p) } }
	for _, c := range []struct {
		in, want string
		f        func(decimal) decimal
	}{
		{"12345", "12300", at(2)}, {"12350", "12400", at(2)}, {"-12350", "-12400", at(2)}, {"49", "0", at(2)}, {"50", "100", at(2)},
		{"0.005", "0.01", at(-2)}, {"-0.005", "-0.01", at(-2)}, {"1.234", "1.23", at(-2)}, {"99.995", "100", at(-2)},
		{"0.5", "1", at(0)}, {"-2.5", "-3", at(0)}, {"2.4", "2", at(0)},
		// 42 digits, 21 pairs: the last pair "12" is dropped.
		{"123456789012345678901234567890123456789012", "123456789012345678901234567890123456789000", func(d decimal) decimal { return d.roundBase100(20) }},
		// 41 digits: the first pair is "1", then 20 more; "56" rounds up.
		{"12345678901234567890123456789012345678956", "12345678901234567890123456789012345679000", func(d decimal) decimal { return d.roundBase100(20) }},
		// 40 digits after the point in 20 pairs: kept whole.
		{"0.1234567890123456789012345678901234567890", "0.123456789012345678901234567890123456789", func(d decimal) decimal { return d.roundBase100(20) }},
		{"1.2345678901234567890123456789012345678", "1.2345678901234567890123456789012345678", func(d decimal) decimal { return d.roundSignificant(38) }},
		{"1.23456789012345678901234567890123456789", "1.2345678901234567890123456789012345679", func(d decimal) decimal { return d.roundSignificant(38) }},
	} {
		if got := round(c.in, c.f); got != c.want {
			t.Errorf("%s rounds to %s, want %s", c.in, got, c.want)
		}
	}
	if d, _ := parseDecimal("0.000123"); d.Scientific() != "1.23E-4" {
		t.Errorf("scientific: %s", d.Scientific())
	}
}

// What each engine keeps of a row: Oracle's ” is NULL, -0 is +0, CHAR
// pads bytes; PostgreSQL's timestamptz keeps microseconds in UTC.
func TestTypesStored(t *testing.T) {
	oracle := TypesStorage{EmptyIsNull: true, NumberBase100: 20, FloatDigits: 38, ZoneDigits: 9, KeepsOffset: true, CharBytes: true, NCharUTF16: true}
	pg := TypesStorage{NegativeZero: true, ZoneDigits: 6}
	col := func(n string) TypesColumn { c, _ := TypesColumnByName(n); return c }
	for _, c := range []struct {
		col     string
		in      any
		ora, pg any
	}{
		{"c_varchar2_byte", "", nil, ""},
		{"c_char", "", nil, "          "},
		{"c_char", "é", "é        ", "é         "},
		{"c_nchar", "😀", "😀        ", "😀         "},
		{"c_blob", []byte{}, nil, []byte{}},
		{"c_binary_float", uint32(0x80000000), uint32(0), uint32(0x80000000)},
		{"c_binary_double", uint64(0x8000000000000000), uint64(0), uint64(0x8000000000000000)},
		{"c_number_neg_scale", "12345", "12300", "12300"},
		{"c_float", "0.1", "0.1", "0.1"},
		{"c_float", "1.2345678901234567890123456789012345678", "1.2345678901234567890123456789012345678", "1.2345678901234567"},
		{"c_timestamp_tz", "1969-12-31 23:59:59.999999999 -08:00", "1969-12-31 23:59:59.999999999 -08:00", "1970-01-01 08:00:00.000000000 +00:00"},
		{"c_timestamp_ltz", "2024-06-30 12:00:00.123456000 +05:45", "2024-06-30 06:15:00.123456000 +00:00", "2024-06-30 06:15:00.123456000 +00:00"},
		{"c_timestamp", "2024-02-29 12:00:00.123456789", "2024-02-29 12:00:00.123457000", "2024-02-29 12:00:00.123457000"},
		{"c_interval_ds", 1500 * time.Nanosecond, 2 * time.Microsecond, 2 * time.Microsecond},
	} {
		c1 := col(c.col)
		if got := storedValue(c1, c.in, oracle); !equalValue(got, c.ora) {
			t.Errorf("Oracle keeps %s %#v as %#v, want %#v", c.col, c.in, got, c.ora)
		}
		if got := storedValue(c1, c.in, pg); !equalValue(got, c.pg) {
			t.Errorf("PostgreSQL keeps %s %#v as %#v, want %#v", c.col, c.in, got, c.pg)
		}
	}
}

func equalValue(a, b any) bool {
	if x, ok := a.([]byte); ok {
		y, ok := b.([]byte)
		return ok && string(x) == string(y)
	}
	return a == b
}
