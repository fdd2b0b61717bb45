package store

// The catalogue of edge values TYPES is filled with: per column, the values
// migrations get wrong, each with why. The generator (types_gen.go) puts
// them at fixed places of every cycle of TypesCycle keys, so any
// TypesCycle consecutive rows hold every one of them. Values are in
// canonical form (types_values.go) as written; what an engine keeps of
// them (a scale rounds, Oracle stores '' as NULL) is TypesRow.Stored.
//
// Sources for the limits chosen:
//   - DMS limited LOB mode truncates LOBs above LobMaxSize, given in KB (the
//     seed's task: 32), and notes that Oracle LOBs move as VARCHAR up to
//     32 K where possible:
//     https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Tasks.LOBSupport.html
//     The page does not say whether a KB is 1000 or 1024 bytes, nor whether a
//     CLOB's size counts bytes or characters: the LOB sizes below sit on
//     both sides of 32768 bytes and of 32768 characters of two-byte text,
//     so either reading shows.
//   - DMS's S3 target writes NULL as S3Settings.CsvNullValue, documented
//     with the default NULL and the empty string as the usual other
//     choice: https://docs.aws.amazon.com/dms/latest/APIReference/API_S3Settings.html
//     Text equal to either marker, and the quoted empty field "", is in the
//     catalogue.
//   - Oracle converts -0 to +0 in BINARY_FLOAT and BINARY_DOUBLE, and every
//     NaN to one bit pattern ("Behavior of Special Values for Native
//     Floating-Point Datatypes", Oracle Database Application Developer's
//     Guide - Fundamentals, 10g, ch. 2), and keeps subnormals (IEEE 754's
//     five classes, same chapter).
//   - NUMBER holds 1E-130 to below 1E126, with 38 digits guaranteed and up
//     to 40 stored (20 base-100 digits): same chapter, Table 2-4.

import (
	"math"
	"reflect"
	"strings"
	"time"
)

// TypesCycle is the length of the catalogue's cycle: any TypesCycle
// consecutive keys hold every edge value of every column.
const TypesCycle = 100

// TypesEdge is one edge value of a column and why it is there.
type TypesEdge struct {
	Value any
	Why   string
}

// LOB sizes around DMS's limited-LOB limit of 32 KB.
const (
	lobLimit = 32 * 1024
	lobLarge = 100 * 1024
)

// TypesEdges are the edge values of each column but "ty_pk", "block" and
// "cdc" (which dgen numbers, picks and updates). The generator makes the
// content of the LOBs from the seed; these entries stand for their sizes.
var TypesEdges = map[string][]TypesEdge{
	// The values of 10^28 or more (9.99…E125, its negative, 1.23…E41,
	// 1.2…E37) do not fit the numeric(38,10) DMS documents for a NUMBER
	// without precision: on Aurora DMS skips the row that holds one. The
	// generator gives each a row of its own, every other typed column
	// NULL, so that only that value is lost (types_separate.go).
	"c_number": {
		{nil, "NULL"},
		{"0", "zero"},
		{"0." + strings.Repeat("0", 129) + "1", "1E-130, the smallest positive NUMBER; 131 digits when written plainly"},
		{"-0." + strings.Repeat("0", 129) + "1", "-1E-130"},
		{strings.Repeat("9", 38) + strings.Repeat("0", 88), "9.99…E125 (38 nines), near the largest NUMBER: 126 digits before the point; a row of its own"},
		{"-" + strings.Repeat("9", 38) + strings.Repeat("0", 88), "its negative; a row of its own"},
		{"0.1234567890123456789012345678901234567890", "40 significant digits in 20 full base-100 pairs: Oracle keeps all"},
		{"123456789012345678901234567890123456789012", "42 significant digits: Oracle rounds to 20 base-100 digits, PostgreSQL keeps them; a row of its own"},
		{"12345678901234567890123456789012345678.5", "38 digits and a half: more than a double's 17; a row of its own"},
		{"3.14159265358979323846264338327950288419", "39 significant digits after a one-digit first pair"},
		{"-0.5", "a negative fraction: no zero before the point in Oracle's TO_CHAR"},
		{"0.00001", "a small fraction that a binary float cannot hold exactly"},
	},
	"c_number_38": {
		{nil, "NULL"},
		{strings.Repeat("9", 38), "the largest NUMBER(38,0)"},
		{"-" + strings.Repeat("9", 38), "the smallest"},
		{"0", "zero"},
		{"9007199254740993", "2^53 + 1: the first integer a double cannot hold"},
		{"0.5", "a half: rounds away from zero, to 1"},
		{"-2.5", "rounds to -3, not to the even -2"},
		{"2.4", "rounds down to 2"},
	},
	"c_number_10_2": {
		{nil, "NULL"},
		{"99999999.99", "the largest NUMBER(10,2)"},
		{"-99999999.99", "the smallest"},
		{"0.01", "the smallest step"},
		{"-0.01", "its negative"},
		{"0.005", "half a step: rounds to 0.01"},
		{"1.234", "a third decimal: rounds to 1.23"},
		{"12345678.9", "one decimal shown as two"},
		{"0", "zero"},
	},
	"c_number_neg_scale": {
		{nil, "NULL"},
		{"12345", "a negative scale rounds to hundreds: 12300"},
		{"12350", "half a hundred: rounds up to 12400"},
		{"-12350", "rounds away from zero: -12400"},
		{"49", "rounds to 0"},
		{"50", "rounds to 100"},
		{"999999999949", "the largest NUMBER(10,-2) after rounding: 999999999900"},
		{"-999999999949", "the smallest: -999999999900"},
	},
	"c_float": {
		{nil, "NULL"},
		{"0.1", "exact in Oracle's decimal FLOAT, inexact in a double"},
		{"1.2345678901234567890123456789012345678", "38 digits: FLOAT(126) keeps them, a double keeps 17"},
		{"123456789012345678901234567890", "a large integer beyond a double's precision"},
		{"0." + strings.Repeat("0", 129) + "1", "1E-130, the smallest NUMBER, far inside a double's range"},
		{"-1.5", "negative"},
		{"0", "zero"},
	},
	"c_binary_float": {
		{nil, "NULL"},
		{NaN32Bits, "NaN"},
		{math.Float32bits(float32(math.Inf(1))), "+Inf"},
		{math.Float32bits(float32(math.Inf(-1))), "-Inf"},
		{uint32(0x80000000), "-0: Oracle stores +0"},
		{uint32(0), "+0"},
		{uint32(0x00000001), "the smallest subnormal, 1.4E-45"},
		{uint32(0x007fffff), "the largest subnormal"},
		{uint32(0x00800000), "the smallest normal, 1.17549435E-38"},
		{uint32(0x7f7fffff), "the largest finite, 3.4028235E38"},
		{uint32(0xff7fffff), "the most negative finite"},
		{math.Float32bits(0.1), "0.1, inexact: 0.100000001490116…"},
		{math.Float32bits(16777216), "2^24: the last integer before gaps of 2"},
	},
	"c_binary_double": {
		{nil, "NULL"},
		{NaN64Bits, "NaN"},
		{math.Float64bits(math.Inf(1)), "+Inf"},
		{math.Float64bits(math.Inf(-1)), "-Inf"},
		{uint64(0x8000000000000000), "-0: Oracle stores +0"},
		{uint64(0), "+0"},
		{uint64(1), "the smallest subnormal, 4.9E-324"},
		{uint64(0x000fffffffffffff), "the largest subnormal"},
		{uint64(0x0010000000000000), "the smallest normal, 2.2250738585072014E-308"},
		{math.Float64bits(math.MaxFloat64), "the largest finite, 1.7976931348623157E308"},
		{math.Float64bits(-math.MaxFloat64), "the most negative finite"},
		{math.Float64bits(0.1), "0.1, inexact"},
		{math.Float64bits(1.0 / 3), "1/3, 17 significant digits to print exactly"},
	},
	"c_date": {
		{nil, "NULL"},
		{"0001-01-01 00:00:00.000000000", "the first day Oracle's DATE holds (Julian there; PostgreSQL counts proleptic Gregorian)"},
		{"9999-12-31 23:59:59.000000000", "the last second"},
		{"1969-12-31 23:59:59.000000000", "one second before the Unix epoch: negative in epoch arithmetic"},
		{"1970-01-01 00:00:00.000000000", "the epoch"},
		{"2000-02-29 13:14:15.000000000", "a leap day, and a time of day a date-only mapping drops"},
		{"2021-03-14 02:30:00.000000000", "a wall time New York's clocks skipped (DST gap): fine without a zone"},
		{"1899-12-30 00:00:00.000000000", "day zero of OLE Automation dates"},
	},
	"c_timestamp": {
		{nil, "NULL"},
		{"0001-01-01 00:00:00.000000000", "the first"},
		{"9999-12-31 23:59:59.999999000", "the last microsecond"},
		{"1969-12-31 23:59:59.999999000", "a microsecond before the epoch"},
		{"1970-01-01 00:00:00.000001000", "a microsecond after"},
		{"2024-02-29 12:00:00.123456789", "9 digits into TIMESTAMP(6): rounds to .123457"},
		{"2021-03-14 02:30:00.500000000", "inside New York's DST gap, half a second"},
	},
	// TIMESTAMP WITH TIME ZONE values are written with offsets only. A
	// named region would test regions, but a wall time in its DST gap
	// (America/New_York 2021-03-14 02:30) makes Oracle raise ORA-01878 and
	// the insert fail; the gap is stressed instead by the instant written
	// with New York's standard offset (-05:00) that New York's own clocks
	// show as 03:30 EDT, and the overlap by the one wall time 01:30 written
	// with both offsets (two instants an hour apart).
	"c_timestamp_tz": {
		{nil, "NULL"},
		{"2024-06-30 12:00:00.123456789 +05:30", "India's half-hour offset, 9 fractional digits (PostgreSQL keeps 6)"},
		{"2024-06-30 12:00:00.000000000 +05:45", "Nepal's quarter-hour offset"},
		{"2024-06-30 12:00:00.000000000 -03:30", "Newfoundland's negative half-hour offset"},
		{"2021-03-14 02:30:00.000000000 -05:00", "New York's DST gap: 02:30 does not exist there"},
		{"2021-11-07 01:30:00.000000000 -04:00", "New York's DST overlap, first 01:30"},
		{"2021-11-07 01:30:00.000000000 -05:00", "New York's DST overlap, second 01:30"},
		{"2024-01-01 00:00:00.000000000 +14:00", "the largest offset in use (Kiribati)"},
		{"2024-01-01 00:00:00.000000000 -12:00", "the smallest"},
		{"1969-12-31 23:59:59.999999999 -08:00", "before the epoch in its zone, after it in UTC; 9 digits round up in PostgreSQL"},
		{"0001-01-01 12:00:00.000000000 +00:00", "the first year"},
	},
	"c_timestamp_ltz": {
		{nil, "NULL"},
		{"2021-03-14 02:30:00.000000000 -05:00", "New York's DST gap, as an instant normalized to the database's zone"},
		{"2024-06-30 12:00:00.123456000 +05:45", "a quarter-hour offset, gone after normalizing"},
		{"1969-12-31 23:59:59.999999000 +00:00", "a microsecond before the epoch"},
		{"2038-01-19 03:14:08.000000000 +00:00", "one second past a signed 32-bit time_t"},
	},
	"c_interval_ym": {
		{nil, "NULL"},
		{int64(0), "zero"},
		{int64(1), "a month"},
		{int64(-1), "minus a month"},
		{int64(99*12 + 11), "+99-11, the largest YEAR(2) TO MONTH"},
		{int64(-(99*12 + 11)), "-99-11"},
		{int64(14), "over a year: 1-02"},
	},
	"c_interval_ds": {
		{nil, "NULL"},
		{time.Duration(0), "zero"},
		{time.Microsecond, "the smallest step of SECOND(6)"},
		{-time.Microsecond, "its negative"},
		{99*24*time.Hour + 23*time.Hour + 59*time.Minute + 59*time.Second + 999999*time.Microsecond, "+99 23:59:59.999999, the largest DAY(2) TO SECOND(6)"},
		{-(99*24*time.Hour + 23*time.Hour + 59*time.Minute + 59*time.Second + 999999*time.Microsecond), "its negative"},
		{26*time.Hour + 3*time.Minute + 4*time.Second + 500*time.Millisecond, "over a day: 1 02:03:04.5"},
	},
	"c_char": append(textEdges(false),
		TypesEdge{"abcdefghij", "fills CHAR(10)"},
		TypesEdge{"é", "2 bytes: Oracle's CHAR(10 BYTE) pads to 10 bytes, PostgreSQL to 10 characters"},
		TypesEdge{"ééééé", "10 bytes: full in bytes, half in characters"},
		TypesEdge{"😀", "4 bytes, one character"},
	),
	"c_nchar": append(textEdges(false),
		TypesEdge{"abcdefghij", "fills NCHAR(10)"},
		TypesEdge{"😀😀😀😀😀", "5 characters, 10 UTF-16 units: full in Oracle's AL16UTF16"},
		TypesEdge{"漢字", "CJK: 3 bytes each in UTF-8, 2 in UTF-16"},
	),
	"c_varchar2_byte": append(textEdges(true),
		TypesEdge{strings.Repeat("😀", 25), "25 four-byte characters: exactly 100 bytes"},
		TypesEdge{strings.Repeat("é", 50), "50 two-byte characters: exactly 100 bytes"},
		TypesEdge{strings.Repeat("漢", 33) + "a", "33 three-byte characters and one: exactly 100 bytes"},
		TypesEdge{strings.Repeat("x", 100), "100 ASCII bytes"},
	),
	"c_varchar2_char": append(textEdges(true),
		TypesEdge{strings.Repeat("😀", 100), "100 four-byte characters: 400 bytes in 100 CHAR"},
		TypesEdge{strings.Repeat("é", 100), "100 two-byte characters"},
	),
	"c_nvarchar2": append(textEdges(true),
		TypesEdge{strings.Repeat("😀", 50), "50 four-byte characters: 100 UTF-16 units, NVARCHAR2(100) full"},
		TypesEdge{strings.Repeat("漢", 100), "100 CJK characters"},
	),
	"c_clob":  lobTextEdges("CLOB"),
	"c_nclob": lobTextEdges("NCLOB"),
	"c_blob": {
		{nil, "NULL"},
		{lobSize(0), "empty: Oracle stores NULL for an empty bind"},
		{lobSize(1), "one byte"},
		{lobSize(lobLimit - 1), "one byte under 32 KiB"},
		{lobSize(lobLimit), "exactly 32 KiB"},
		{lobSize(lobLimit + 1), "one byte over: truncated in limited LOB mode"},
		{lobSize(lobLarge), "100 KiB"},
	},
	"c_raw": {
		{nil, "NULL"},
		{lobSize(0), "empty: NULL in Oracle"},
		{lobSize(1), "one byte"},
		{lobSize(100), "RAW(100) full"},
		{[]byte{0, 0xff, '\n', ',', '"'}, "NUL, 0xFF and CSV-hostile bytes"},
	},
}

// lobSize stands in the catalogue for generated content of n bytes (or,
// with chars, n characters of multibyte text).
type lobSize int

// lobChars stands for generated text of n two-byte characters.
type lobChars int

// lobCJK stands for generated text of n three-byte CJK characters.
type lobCJK int

// textEdges are the values every text column holds: CSV-hostile and
// Unicode-hostile text. long adds those over 10 bytes.
func textEdges(long bool) []TypesEdge {
	e := []TypesEdge{
		{nil, "NULL"},
		{"", "the empty string: Oracle stores NULL"},
		{" ", "a single space: not empty, not NULL"},
		{"'", "a single quote"},
		{`"`, "a double quote: CSV doubles it"},
		{"a,b", "a comma: CSV must quote it"},
		{"x\ny", "a newline inside a value"},
		{"x\r\ny", "CR LF inside a value"},
		{"\t", "a tab"},
		{`\`, "a backslash: an escape character to some loaders"},
		{`\N`, "the null marker of MySQL and Hive loads"},
		{"NULL", "the text of S3Settings.CsvNullValue's default"},
		{`""`, "two double quotes: a quoted empty CSV field"},
		{"😀", "four-byte UTF-8 (U+1F600)"},
		{"e\u0301", "e and a combining acute: two code points, one glyph"},
		{"\u00e9", "the precomposed é: equal to the line above only after normalizing"},
	}
	if long {
		e = append(e,
			TypesEdge{"it's \"quoted\", with, commas", "quotes and commas together"},
			TypesEdge{"line1\nline2\rline3\r\n", "every line ending"},
			TypesEdge{"  padded  ", "leading and trailing spaces"},
			TypesEdge{"\u00a0\u2028\ufeff", "no-break space, line separator, byte-order mark"},
			TypesEdge{"=1+2", "a spreadsheet formula"},
			TypesEdge{"שלום عربى", "right-to-left scripts"},
		)
	}
	return e
}

// lobTextEdges are a CLOB's or NCLOB's values: sizes around 32 KiB in
// bytes and in characters.
func lobTextEdges(kind string) []TypesEdge {
	e := textEdges(true)
	return append(e,
		TypesEdge{lobSize(1), "one byte"},
		TypesEdge{lobSize(lobLimit - 1), "one byte under 32 KiB"},
		TypesEdge{lobSize(lobLimit), "exactly 32 KiB"},
		TypesEdge{lobSize(lobLimit + 1), "one byte over: truncated in limited LOB mode"},
		TypesEdge{lobSize(lobLarge), "100 KiB"},
		TypesEdge{lobChars(lobLimit / 2), "16 Ki two-byte characters: 32 KiB of UTF-8, under 32 K characters"},
		TypesEdge{lobChars(lobLimit), "32 Ki two-byte characters: 64 KiB of UTF-8; the limit in characters or in bytes tells apart"},
		TypesEdge{lobCJK(lobLimit / 3), "about 10 Ki three-byte CJK characters, just under 32 KiB of UTF-8 but 20 KiB of " + kind + "'s UTF-16"},
	)
}

// IsTypesEdge says whether v, a value the generator made for column c
// with seed, is the edge value e.
func IsTypesEdge(seed uint64, c TypesColumn, v any, e TypesEdge) bool {
	return reflect.DeepEqual(v, materialize(e.Value, seed, c))
}
