package fidelity

import (
	"bytes"
	"fmt"
	"math"
	"math/big"
	"strings"
	"time"
	"unicode/utf8"
)

// Outcome is what happened to one value, from best to worst.
type Outcome int

const (
	Exact     Outcome = iota // equal, after the documented conversion's normalization
	Converted                // changed in the way DMS documents
	Truncated                // a LOB cut at LobMaxSize
	Lost                     // NULL or missing where a value was, or any other change
)

var outcomeNames = []string{"exact", "converted", "truncated", "lost"}

var outcomeByName = map[string]Outcome{"exact": Exact, "converted": Converted, "truncated": Truncated, "lost": Lost}

func (o Outcome) String() string { return outcomeNames[o] }

// limits are what the rules need to know of the task.
type limits struct {
	// lobMax is LobMaxSize in bytes; 0 when no LOB is cut (full LOB mode).
	lobMax int
}

// rule classifies one value: its outcome, and for anything but exact how
// it changed.
type rule func(src, dst Value, s limits) (Outcome, string)

// rules are the comparisons expected.json names.
var rules = map[string]rule{
	"text":             sameText,
	"decimal":          sameDecimal,
	"decimal-scale-10": decimalAtScale(10),
	"double":           toDouble,
	"float32":          sameFloat(32),
	"float64":          sameFloat(64),
	"datetime":         sameWallClock,
	"instant":          sameInstant,
	"interval":         sameInterval,
	"bytes":            sameBytes,
	"lob-text":         lobText,
	"lob-bytes":        lobBytes,
}

func unreadable(side string, v Value) (Outcome, string) {
	return Lost, fmt.Sprintf("the %s value %s cannot be read as this type", side, v.show(40))
}

// readBoth reads the source's and the target's value with read; when either
// cannot be read, ok is false and out and why say which.
func readBoth[T any](src, dst Value, read func(Value) (T, bool)) (a, b T, out Outcome, why string, ok bool) {
	if a, ok = read(src); !ok {
		out, why = unreadable("source", src)
		return
	}
	if b, ok = read(dst); !ok {
		out, why = unreadable("target", dst)
	}
	return
}

func sameText(src, dst Value, _ limits) (Outcome, string) {
	if src.Text == dst.Text {
		return Exact, ""
	}
	return Lost, "other text"
}

func sameDecimal(src, dst Value, _ limits) (Outcome, string) {
	a, b, out, why, ok := readBoth(src, dst, Value.decimal)
	if !ok {
		return out, why
	}
	if a.Cmp(b) == 0 {
		return Exact, ""
	}
	return Lost, "another number"
}

// decimalAtScale: NUMBER without precision becomes NUMERIC(38, scale); the
// guide does not say whether the digits past the scale are rounded or cut,
// so either is the documented conversion.
func decimalAtScale(scale int) rule {
	return func(src, dst Value, _ limits) (Outcome, string) {
		a, b, out, why, ok := readBoth(src, dst, Value.decimal)
		if !ok {
			return out, why
		}
		if a.Cmp(b) == 0 {
			return Exact, ""
		}
		unit := new(big.Rat).SetInt(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil))
		scaled := new(big.Rat).Mul(a, unit)
		cut := new(big.Int).Quo(scaled.Num(), scaled.Denom()) // toward zero
		half := new(big.Rat).Sub(scaled, new(big.Rat).SetInt(cut))
		rounded := new(big.Int).Set(cut)
		if half.Abs(half).Cmp(big.NewRat(1, 2)) >= 0 {
			rounded.Add(rounded, big.NewInt(int64(scaled.Sign())))
		}
		for _, n := range []*big.Int{rounded, cut} {
			if new(big.Rat).Quo(new(big.Rat).SetInt(n), unit).Cmp(b) == 0 {
				return Converted, fmt.Sprintf("%d decimal places kept", scale)
			}
		}
		return Lost, fmt.Sprintf("another number than the source's at %d decimal places", scale)
	}
}

// toDouble: a number becomes the nearest double.
func toDouble(src, dst Value, _ limits) (Outcome, string) {
	f, ok := dst.float(64)
	if !ok {
		return unreadable("target", dst)
	}
	a, ok := src.decimal()
	if !ok {
		// NaN and the infinities (a double on the PostgreSQL engine) stay.
		if g, isFloat := src.float(64); isFloat && (g == f || math.IsNaN(g) && math.IsNaN(f)) {
			return Exact, ""
		}
		return unreadable("source", src)
	}
	if b, ok := dst.decimal(); ok && a.Cmp(b) == 0 {
		return Exact, ""
	}
	if near, _ := a.Float64(); near == f {
		return Converted, "rounded to the nearest double"
	}
	return Lost, "not the nearest double to the source's number"
}

func sameFloat(bits int) rule {
	return func(src, dst Value, _ limits) (Outcome, string) {
		a, b, out, why, ok := readBoth(src, dst, func(v Value) (float64, bool) { return v.float(bits) })
		if !ok {
			return out, why
		}
		if math.IsNaN(a) && math.IsNaN(b) || math.Float64bits(a) == math.Float64bits(b) {
			return Exact, ""
		}
		return Lost, fmt.Sprintf("%v became %v", a, b)
	}
}

func sameWallClock(src, dst Value, _ limits) (Outcome, string) {
	a, b, out, why, ok := readBoth(src, dst, Value.wall)
	if !ok {
		return out, why
	}
	if a.Equal(b) {
		return Exact, ""
	}
	if a.Truncate(time.Microsecond).Equal(b) || a.Round(time.Microsecond).Equal(b) {
		return Converted, "fraction of a second kept to the microsecond"
	}
	return Lost, "another date and time"
}

// sameInstant: a value with a time zone keeps its instant; its offset may
// become the source database's (ConvertTimestampWithZoneToUTC false).
func sameInstant(src, dst Value, _ limits) (Outcome, string) {
	a, srcOff, ok := src.instant()
	if !ok {
		return unreadable("source", src)
	}
	b, dstOff, ok := dst.instant()
	if !ok {
		return unreadable("target", dst)
	}
	var how []string
	switch {
	case a.Equal(b):
	case a.Truncate(time.Microsecond).Equal(b) || a.Round(time.Microsecond).Equal(b):
		how = append(how, "fraction of a second kept to the microsecond")
	default:
		return Lost, "another instant"
	}
	if srcOff != dstOff {
		how = append(how, "offset "+srcOff+" not kept ("+dstOff+")")
	}
	if len(how) == 0 {
		return Exact, ""
	}
	return Converted, "same instant; " + strings.Join(how, ", ")
}

func sameInterval(src, dst Value, _ limits) (Outcome, string) {
	a, b, out, why, ok := readBoth(src, dst, func(v Value) (interval, bool) { return parseInterval(v.Text) })
	if !ok {
		return out, why
	}
	// The same length of time is exact however it is written (Oracle's
	// +02-03, PostgreSQL's 2 years 3 mons); a varchar instead of an
	// interval shows in the column's type.
	switch {
	case a.equal(b):
		return Exact, ""
	case a.micros().equal(b):
		return Converted, "the same interval to the microsecond"
	}
	return Lost, "another interval"
}

func sameBytes(src, dst Value, _ limits) (Outcome, string) {
	a, b, out, why, ok := readBoth(src, dst, Value.binary)
	if !ok {
		return out, why
	}
	if bytes.Equal(a, b) {
		return Exact, ""
	}
	return Lost, "other bytes"
}

// lobText: a CLOB over LobMaxSize is cut to it. The guide does not say
// whether the KB count bytes or characters (an Oracle CLOB in a multibyte
// database holds two-byte characters), so a cut at lobMax bytes (on a
// character boundary: up to 3 bytes short) or at lobMax or lobMax/2
// characters is the documented truncation.
func lobText(src, dst Value, s limits) (Outcome, string) {
	a, b := src.Text, dst.Text
	if a == b {
		return Exact, ""
	}
	if s.lobMax > 0 && len(b) < len(a) && strings.HasPrefix(a, b) {
		chars := utf8.RuneCountInString(b)
		if (len(b) <= s.lobMax && len(b) > s.lobMax-4) || chars == s.lobMax || chars == s.lobMax/2 {
			return Truncated, fmt.Sprintf("cut from %d to %d bytes (%d characters) by LobMaxSize %d KB", len(a), len(b), chars, s.lobMax/1024)
		}
	}
	return Lost, fmt.Sprintf("other text (%d bytes, the source's %d)", len(b), len(a))
}

// lobBytes: a BLOB over LobMaxSize is cut to LobMaxSize bytes.
func lobBytes(src, dst Value, s limits) (Outcome, string) {
	a, b, out, why, ok := readBoth(src, dst, Value.binary)
	if !ok {
		return out, why
	}
	if bytes.Equal(a, b) {
		return Exact, ""
	}
	if s.lobMax > 0 && len(a) > s.lobMax && len(b) == s.lobMax && bytes.HasPrefix(a, b) {
		return Truncated, fmt.Sprintf("cut from %d to %d bytes by LobMaxSize %d KB", len(a), len(b), s.lobMax/1024)
	}
	return Lost, fmt.Sprintf("other bytes (%d, the source's %d)", len(b), len(a))
}
