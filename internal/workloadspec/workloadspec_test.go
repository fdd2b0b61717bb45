package workloadspec

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"time"
)

// The parsers must accept nothing that the SSM allowedPattern refuses, or a
// workload that passed synth would be refused on the host after both DMS
// tasks exist. Checked on a table of hand-picked values and on random text
// drawn from the characters that matter.
func TestParsersAcceptNothingTheSSMPatternsRefuse(t *testing.T) {
	type parser func(string) error
	knobs := []struct {
		name    string
		pattern string
		parse   parser
		values  []string
		alpha   string
	}{
		{"rate", RatePattern, func(v string) error { _, err := ParseRate(v); return err },
			[]string{"10", "0.5", "0.3333", "10000", "10000.001", "99999", "1e3", "+5", "-1", " 5", "5 ", ".5", "5.", "0x10", "Inf", "NaN", "0", "0.000", "0.001", "", "١"},
			"0123456789.e+- x"},
		{"duration", DurationPattern, func(v string) error { _, err := ParseDuration(v); return err },
			[]string{"1h", "90m", "+90m", "-1s", "0", "1h30m", "1.5h", "500ms", "1us", "1µs", "100ns", "forever", "hms", "...", "", "1h30m45s100ms", "0.0", "2d"},
			"0123456789.hmsun+- µ"},
		{"mix", MixPattern, func(v string) error { _, err := ParseMix(v); return err },
			[]string{"insert=6,update=3,delete=1", "insert=0", "insert=0,update=0,delete=0", "insert=1,insert=2", "insert=1, update=2", " insert=1",
				"insert=5000", "insert=1000", "insert=01", "insert=+1", "insert=1,update=1,delete=1,insert=1", "merge=1", "insert=", "=1", "", "insert=1,", "INSERT=1"},
			"iudnsertpal=,0123456789 +-"},
	}
	for _, k := range knobs {
		re := regexp.MustCompile(k.pattern)
		check := func(v string) {
			if k.parse(v) == nil && !re.MatchString(v) {
				t.Errorf("%s: %q is accepted, yet the SSM pattern %s refuses it", k.name, v, k.pattern)
			}
		}
		for _, v := range k.values {
			check(v)
		}
		rng := rand.New(rand.NewPCG(1, 2))
		alpha := []rune(k.alpha)
		for range 20000 {
			var b strings.Builder
			for range 1 + rng.IntN(14) {
				b.WriteRune(alpha[rng.IntN(len(alpha))])
			}
			check(b.String())
		}
		// The mix grammar is small enough to enumerate words of it.
		if k.name == "mix" {
			for _, a := range []string{"insert", "update", "delete", "merge"} {
				for _, w := range []string{"0", "1", "999", "1000", "1001", "9999"} {
					check(a + "=" + w)
					check(a + "=" + w + ",update=1")
				}
			}
		}
	}
}

func TestRate(t *testing.T) {
	for _, v := range []string{"10", "0.5", "0.001", "10000", "1.25"} {
		if _, err := ParseRate(v); err != nil {
			t.Errorf("ParseRate(%q): %v", v, err)
		}
	}
	for _, v := range []string{"0", "0.3333", "10000.5", "1e3", "-1", "+5", ".5", ""} {
		_, err := ParseRate(v)
		e, ok := err.(*Error)
		if !ok || e.Value != v || e.Allowed != RateAllowed {
			t.Errorf("ParseRate(%q) = %v, want an *Error naming the value", v, err)
		}
	}
	if err := CheckRate(0.3333); err == nil || err.Error() != "want "+RateAllowed {
		t.Errorf("CheckRate(0.3333) = %v", err)
	}
	for r, want := range map[float64]string{10: "10", 0.5: "0.5", 10000: "10000", 0.001: "0.001", 1e-7: "0.0000001"} {
		if got := FormatRate(r); got != want {
			t.Errorf("FormatRate(%v) = %q, want %q", r, got, want)
		}
	}
}

func TestDuration(t *testing.T) {
	for v, want := range map[string]time.Duration{"0": 0, "1h": time.Hour, "90m": 90 * time.Minute, "1h30m": 90 * time.Minute, "1.5h": 90 * time.Minute, "500ms": 500 * time.Millisecond} {
		if got, err := ParseDuration(v); err != nil || got != want {
			t.Errorf("ParseDuration(%q) = %v, %v", v, got, err)
		}
	}
	for _, v := range []string{"+90m", "-1s", "forever", "1µs", "100ns", "hms", "2d", "", "1h30m45s100ms"} {
		if _, err := ParseDuration(v); err == nil {
			t.Errorf("ParseDuration(%q) accepted", v)
		}
	}
}

func TestMix(t *testing.T) {
	m, err := ParseMix("insert=6,update=3,delete=1")
	if err != nil || m != (Mix{6, 3, 1}) || m.String() != "insert=6,update=3,delete=1" {
		t.Fatalf("ParseMix = %+v, %v", m, err)
	}
	if m, err := ParseMix("delete=2"); err != nil || m != (Mix{Delete: 2}) {
		t.Errorf("a subset: %+v, %v", m, err)
	}
	for v, reason := range map[string]string{
		"insert=1,merge=2":           `unknown kind "merge"; allowed: insert, update, delete`,
		"insert=0":                   `at least one weight must be more than 0`,
		"insert=0,update=0,delete=0": `at least one weight must be more than 0`,
		"insert=5000":                `"insert=5000" is not KIND=WEIGHT with a weight from 0 to 1000`,
		"insert=1, update=2":         `unknown kind " update"; allowed: insert, update, delete`,
		"insert=1,insert=2":          `"insert" is given twice; give each kind at most once`,
		"insert=+1":                  `"insert=+1" is not KIND=WEIGHT with a weight from 0 to 1000`,
		"":                           `"" is not KIND=WEIGHT with a weight from 0 to 1000`,
	} {
		_, err := ParseMix(v)
		e, ok := err.(*Error)
		if !ok || e.Reason != reason || e.Value != v || e.Error() != reason || e.Detail() != MixAllowed+" ("+reason+")" {
			t.Errorf("ParseMix(%q) = %#v, want reason %q", v, err, reason)
		}
	}
}
