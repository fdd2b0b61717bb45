// Package workloadspec is the one definition of the change workload's three
// knobs, rate, duration and mix: what dgen run accepts on its command line,
// what the lab configuration accepts in lab.json (settings.Config.Workload)
// and what the lab's SSM document lets through to the host's shell. Each
// parser accepts only text that the matching SSM allowedPattern below also
// accepts, so a workload that passes synth cannot be refused on the host.
package workloadspec

import (
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The SSM parameter allowedPattern of each knob. SSM substitutes a parameter
// into the host's shell command only when it matches, so these also keep
// anything but digits, letters of the units, '.', ',' and '=' out of the
// shell. The parsers below accept a subset of each.
const (
	RatePattern     = `^[0-9]{1,5}(\.[0-9]{1,3})?$`
	DurationPattern = `^[0-9hms.]{1,12}$`
	MixPattern      = `^(insert|update|delete)=[0-9]{1,4}(,(insert|update|delete)=[0-9]{1,4}){0,2}$`
)

var (
	rateRE     = regexp.MustCompile(RatePattern)
	durationRE = regexp.MustCompile(DurationPattern)
	mixRE      = regexp.MustCompile(MixPattern)
)

// Limits of the workload.
const (
	MaxRate   = 10000 // changes per second
	MaxWeight = 1000  // one kind's weight in a mix
)

// What each knob allows, phrased to follow "allowed: " or "want ".
const (
	RateAllowed     = "more than 0 and up to 10000 changes per second, with at most 3 decimals (such as 10 or 0.5)"
	DurationAllowed = `a Go duration such as "90m", "1h30m" or "2h" (at most 12 characters: digits, '.', h, m, s), or "0" for until stopped`
	MixAllowed      = `weights such as "insert=6,update=3,delete=1": KIND=WEIGHT pairs separated by commas without spaces, each kind (insert, update, delete) at most once, weights from 0 to 1000, at least one more than 0`
)

// Mix weighs the three kinds of change a run makes. A kind left out of the
// text weighs 0.
type Mix struct {
	Insert, Update, Delete int
}

// String writes the mix in the form ParseMix reads, kinds in a fixed order.
func (m Mix) String() string {
	var parts []string
	for _, k := range []struct {
		name string
		w    int
	}{{"insert", m.Insert}, {"update", m.Update}, {"delete", m.Delete}} {
		if k.w > 0 {
			parts = append(parts, k.name+"="+strconv.Itoa(k.w))
		}
	}
	return strings.Join(parts, ",")
}

// Error says what is wrong with one value.
type Error struct {
	// Value is the text given.
	Value string
	// Reason says what is wrong in a few words; "" when the value is
	// simply not among the allowed ones.
	Reason string
	// Allowed describes every allowed value.
	Allowed string
}

// Error is Reason, or "want <Allowed>" without one, the way dgen puts it
// after "--flag VALUE: ".
func (e *Error) Error() string {
	if e.Reason != "" {
		return e.Reason
	}
	return "want " + e.Allowed
}

// Detail is Allowed followed by the Reason in parentheses, the way the lab
// configuration puts it after "allowed: ".
func (e *Error) Detail() string {
	if e.Reason == "" {
		return e.Allowed
	}
	return e.Allowed + " (" + e.Reason + ")"
}

// ParseRate reads changes per second: more than 0, at most MaxRate, written
// as digits with at most 3 decimals, as RatePattern allows.
func ParseRate(v string) (float64, error) {
	bad := &Error{Value: v, Allowed: RateAllowed}
	if !rateRE.MatchString(v) {
		return 0, bad
	}
	r, err := strconv.ParseFloat(v, 64)
	if err != nil || !(r > 0 && r <= MaxRate) {
		return 0, bad
	}
	return r, nil
}

// FormatRate writes a rate the way it goes to the host: the shortest
// decimal form, never an exponent (10 -> "10", 0.5 -> "0.5").
func FormatRate(r float64) string {
	return strconv.FormatFloat(r, 'f', -1, 64)
}

// CheckRate checks a rate given as a number (lab.json) through its
// FormatRate text, so a rate with more decimals than the host accepts is
// refused here rather than by SSM.
func CheckRate(r float64) error {
	_, err := ParseRate(FormatRate(r))
	return err
}

// ParseDuration reads how long a run goes on: a Go duration of 0 or more
// whose text DurationPattern allows ("0" means until stopped).
func ParseDuration(v string) (time.Duration, error) {
	bad := &Error{Value: v, Allowed: DurationAllowed}
	if !durationRE.MatchString(v) {
		return 0, bad
	}
	d, err := time.ParseDuration(v)
	if err != nil || d < 0 {
		return 0, bad
	}
	return d, nil
}

// ParseMix reads insert=N,update=N,delete=N: any subset of the kinds, each
// at most once, weights from 0 to MaxWeight, at least one more than 0, no
// spaces, as MixPattern allows.
func ParseMix(v string) (Mix, error) {
	var m Mix
	fail := func(reason string) (Mix, error) {
		return Mix{}, &Error{Value: v, Reason: reason, Allowed: MixAllowed}
	}
	seen := map[string]bool{}
	for _, part := range strings.Split(v, ",") {
		k, val, ok := strings.Cut(part, "=")
		n, err := strconv.Atoi(val)
		if !ok || err != nil || n < 0 || n > MaxWeight || len(val) > 4 || strings.ContainsAny(val, "+-") {
			return fail(strconv.Quote(part) + " is not KIND=WEIGHT with a weight from 0 to 1000")
		}
		switch k {
		case "insert":
			m.Insert = n
		case "update":
			m.Update = n
		case "delete":
			m.Delete = n
		default:
			return fail("unknown kind " + strconv.Quote(k) + "; allowed: insert, update, delete")
		}
		if seen[k] {
			return fail(strconv.Quote(k) + " is given twice; give each kind at most once")
		}
		seen[k] = true
	}
	if m.Insert+m.Update+m.Delete == 0 {
		return fail("at least one weight must be more than 0")
	}
	if !mixRE.MatchString(v) { // cannot happen after the checks above; kept as the last word
		return fail("not of the form the lab's SSM document accepts")
	}
	return m, nil
}
