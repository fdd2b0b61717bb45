package fidelity

import (
	"math"
	"strings"
	"testing"
	"time"
)

// Each rule tells the documented change from any other.
func TestRulesNameEachOutcome(t *testing.T) {
	lob := limits{lobMax: 32768}
	big := strings.Repeat("é", 20000) // 40000 bytes
	blob := make([]byte, 40000)
	for i := range blob {
		blob[i] = byte(i)
	}
	nsTZ := time.Date(1969, 7, 20, 20, 17, 40, 123456789, time.FixedZone("", 5*3600+1800))
	cases := []struct {
		rule     string
		src, dst Value
		want     Outcome
		how      string
	}{
		{"decimal", Text("12.30"), Text("12.3"), Exact, ""},
		{"decimal", Text("12.3"), Text("12.4"), Lost, "another number"},
		{"decimal-scale-10", Text("1.123456789012345"), Text("1.1234567890"), Converted, "10 decimal places kept"},
		{"decimal-scale-10", Text("-1.00000000005"), Text("-1.0000000001"), Converted, "10 decimal places kept"},
		{"decimal-scale-10", Text("1.123456789012345"), Text("1.12345"), Lost, ""},
		{"double", Text("0.1000000000000000000000000000000000001"), FromGo(0.1, false), Converted, "nearest double"},
		{"double", Text("1E+12"), Text("1000000000000"), Exact, ""},
		{"double", Text("-Infinity"), FromGo(math.Inf(-1), false), Exact, ""},
		{"double", Text("NaN"), Text("1"), Lost, "cannot be read"},
		{"double", Text("0.1000000000000000000000000000000000001"), FromGo(0.1000001, false), Lost, ""},
		{"float32", FromGo(float32(math.Inf(-1)), false), Text("-Infinity"), Exact, ""},
		{"float32", FromGo(float32(math.NaN()), false), Text("NaN"), Exact, ""},
		{"float32", FromGo(float32(math.Copysign(0, -1)), false), Text("0"), Lost, "-0 became 0"},
		{"float64", Text("3.4028234663852886e+38"), FromGo(float64(math.MaxFloat32), false), Exact, ""},
		{"datetime", Text("0001-01-01 00:00:00"), FromGo(time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC), false), Exact, ""},
		{"datetime", Text("1950-01-01 10:00:00.1234567"), Text("1950-01-01 10:00:00.123457"), Converted, "microsecond"},
		{"datetime", Text("1950-01-01 10:00:00"), Text("1950-01-01 11:00:00"), Lost, ""},
		{"instant", FromGo(nsTZ, true), Text("1969-07-20 14:47:40.123456789+00:00"), Converted, "offset +05:30 not kept (+00:00)"},
		{"instant", FromGo(nsTZ, true), Text("1969-07-20 20:17:40.123456789 +05:30"), Exact, ""},
		{"instant", FromGo(nsTZ, true), FromGo(nsTZ.Truncate(time.Microsecond).UTC(), true), Converted, "to the microsecond"},
		{"instant", FromGo(nsTZ, true), Text("1969-07-20 20:17:40.123456789"), Lost, "cannot be read"},
		{"instant", Text("1890-01-01 00:00:00 +00:00"), Text("1889-12-31 19:03:58-04:56:02"), Converted, "offset +00:00 not kept (-04:56)"},
		{"interval", Text("+02-03"), Text("2 years 3 mons"), Exact, ""},
		{"interval", Text("-01 02:03:04.5"), Text("-1 days -02:03:04.5"), Exact, ""},
		{"interval", Text("+01 00:00:00.0000009"), Text("1 day"), Converted, "to the microsecond"},
		{"interval", Text("+02-03"), Text("+02-04"), Lost, ""},
		{"bytes", FromGo([]byte{0, 255}, false), Text("00FF"), Exact, ""},
		{"text", Text("a,b\n\"c\""), Text("a,b\n\"c\""), Exact, ""},
		{"text", Text("abc       "), Text("abc"), Lost, ""},
		{"lob-text", Text(big), Text(big[:32768]), Truncated, "cut from 40000 to 32768 bytes (16384 characters) by LobMaxSize 32 KB"},
		{"lob-text", Text(big), Text(big[:32000]), Lost, ""},
		{"lob-bytes", FromGo(blob, false), FromGo(blob[:32768], false), Truncated, "cut from 40000 to 32768 bytes"},
		{"lob-bytes", FromGo(blob, false), FromGo(blob[:32767], false), Lost, ""},
		{"lob-bytes", FromGo(blob[:32769], false), FromGo(blob[:32769], false), Exact, ""},
	}
	for _, c := range cases {
		got, how := rules[c.rule](c.src, c.dst, lob)
		if got != c.want || !strings.Contains(how, c.how) {
			t.Errorf("%s %s -> %s: %s %q, want %s %q", c.rule, c.src.show(20), c.dst.show(20), got, how, c.want, c.how)
		}
	}
	// Full LOB mode: nothing may be cut.
	if got, _ := lobBytes(FromGo(blob, false), FromGo(blob[:32768], false), limits{}); got != Lost {
		t.Errorf("a cut BLOB without a LobMaxSize: %s, want lost", got)
	}
}

// The Aurora column's type: DMS's, or a PostgreSQL source's own (DMS keeps
// a PostgreSQL source's types); anything else is named.
func TestTargetTypes(t *testing.T) {
	e := MustLoad()
	var src, dst []Row
	types := map[string]string{}
	for _, c := range e.Columns {
		types[c.Column] = sqlTypeName(c.Targets[Aurora].PostgresType)
	}
	for _, c := range []struct {
		name, found, source string
		ok                  bool
	}{
		{"c_date", "timestamp without time zone", "", true},
		{"c_date", "date", "", false}, // an Oracle source: DMS's type only
		{"c_date", "timestamp without time zone", "TIMESTAMP(0)", true},
		{"c_char", "character", "CHAR(10)", true},
		{"c_char", "character", "", false},
		{"c_number_neg_scale", "numeric", "NUMERIC(10,-2)", true},
		{"c_number_neg_scale", "numeric", "", false},
		{"c_timestamp_tz", "timestamp with time zone", "", true},
		{"c_interval_ds", "interval", "INTERVAL DAY TO SECOND", true},
	} {
		found := map[string]string{}
		for k, v := range types {
			found[k] = v
		}
		found[c.name] = c.found
		var source map[string]string
		if c.source != "" {
			source = map[string]string{c.name: c.source}
		}
		rep := Compare(e, src, dst, Options{Target: Aurora, TargetTypes: found, SourceTypes: source})
		for _, col := range rep.Columns {
			if col.Column == c.name && col.MatchesDocumentation != c.ok {
				t.Errorf("%s as %s (source %s): matches %v, want %v (%s)", c.name, c.found, c.source, col.MatchesDocumentation, c.ok, col.Problem)
			}
			if col.Column != c.name && !col.MatchesDocumentation {
				t.Errorf("%s fails: %s", col.Column, col.Problem)
			}
		}
	}
}
