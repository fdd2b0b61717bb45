package store

// Exact decimals for TYPES' NUMBER columns: kept as text, never as a
// float, so 38 digits and 1E-130 survive. The canonical text is plain
// digits: an optional "-", no exponent, no leading zeros but one before
// the point, no trailing zeros after it, no point without digits after
// it, and "0" (never "-0") for zero.

import (
	"fmt"
	"strconv"
	"strings"
)

// decimal is digits × 10^exp, negative when neg; digits has no leading
// zeros and is "" for zero.
type decimal struct {
	neg    bool
	digits string
	exp    int
}

// parseDecimal reads a decimal in plain or scientific notation ("12.5",
// "-.5", "1E-130", "1.5e+3", "+7").
func parseDecimal(s string) (decimal, error) {
	in := s
	var d decimal
	if s == "" {
		return d, fmt.Errorf("decimal %q: empty", in)
	}
	switch s[0] {
	case '-':
		d.neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil {
			return d, fmt.Errorf("decimal %q: exponent: %v", in, err)
		}
		d.exp, s = e, s[:i]
	}
	intPart, frac, _ := strings.Cut(s, ".")
	if intPart == "" && frac == "" {
		return d, fmt.Errorf("decimal %q: no digits", in)
	}
	all := intPart + frac
	for _, r := range all {
		if r < '0' || r > '9' {
			return d, fmt.Errorf("decimal %q: %q is not a digit", in, r)
		}
	}
	d.exp -= len(frac)
	d.digits = strings.TrimLeft(all, "0")
	d.normalize()
	return d, nil
}

// normalize drops trailing zeros into the exponent, and the sign of zero.
func (d *decimal) normalize() {
	t := strings.TrimRight(d.digits, "0")
	d.exp += len(d.digits) - len(t)
	d.digits = t
	if d.digits == "" {
		d.neg, d.exp = false, 0
	}
}

// String is the canonical plain text.
func (d decimal) String() string {
	if d.digits == "" {
		return "0"
	}
	var b strings.Builder
	if d.neg {
		b.WriteByte('-')
	}
	switch {
	case d.exp >= 0:
		b.WriteString(d.digits)
		b.WriteString(strings.Repeat("0", d.exp))
	case -d.exp >= len(d.digits):
		b.WriteString("0.")
		b.WriteString(strings.Repeat("0", -d.exp-len(d.digits)))
		b.WriteString(d.digits)
	default:
		p := len(d.digits) + d.exp
		b.WriteString(d.digits[:p])
		b.WriteByte('.')
		b.WriteString(d.digits[p:])
	}
	return b.String()
}

// Scientific is the value as d.dddE±x, short whatever its size: how dgen
// binds a NUMBER on Oracle (1E-130 would be 132 characters plain).
func (d decimal) Scientific() string {
	if d.digits == "" {
		return "0"
	}
	sign := ""
	if d.neg {
		sign = "-"
	}
	m := d.digits[:1]
	if len(d.digits) > 1 {
		m += "." + d.digits[1:]
	}
	return fmt.Sprintf("%s%sE%+d", sign, m, d.exp+len(d.digits)-1)
}

// top is the power of ten of the most significant digit.
func (d decimal) top() int { return d.exp + len(d.digits) - 1 }

// roundAt keeps the digits of powers of ten >= p, rounding half away from
// zero on the first dropped digit, as both engines round a NUMBER or
// NUMERIC to its scale (a scale s is p = -s).
func (d decimal) roundAt(p int) decimal {
	if d.digits == "" || d.exp >= p {
		return d
	}
	drop := p - d.exp
	if drop > len(d.digits) {
		return decimal{}
	}
	keep := d.digits[:len(d.digits)-drop]
	up := d.digits[len(d.digits)-drop] >= '5'
	r := decimal{neg: d.neg, digits: keep, exp: p}
	if up {
		r.digits = addOne(keep)
	}
	r.digits = strings.TrimLeft(r.digits, "0")
	r.normalize()
	return r
}

// addOne adds one to a string of digits.
func addOne(s string) string {
	b := []byte(s)
	for i := len(b) - 1; i >= 0; i-- {
		if b[i] < '9' {
			b[i]++
			return string(b)
		}
		b[i] = '0'
	}
	return "1" + string(b)
}

// roundSignificant keeps n significant decimal digits.
func (d decimal) roundSignificant(n int) decimal {
	if d.digits == "" {
		return d
	}
	return d.roundAt(d.top() - n + 1)
}

// roundBase100 keeps n base-100 digits aligned on the decimal point, as
// Oracle's NUMBER stores a mantissa of up to 20 base-100 digits: 40
// decimal digits when the value's first pair is full, 39 when it is not.
func (d decimal) roundBase100(n int) decimal {
	if d.digits == "" {
		return d
	}
	r := d.roundAt(2 * (floorDiv(d.top(), 2) - n + 1))
	// A carry can open a new pair at the top ("99…" to "100…"); its last
	// pair is then zero, as it is one pair beyond n.
	return r
}

func floorDiv(a, b int) int {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// CanonicalDecimal rewrites a decimal (plain or scientific) in canonical
// plain text: "1.50E+2" is "150", "-0.0" is "0".
func CanonicalDecimal(s string) (string, error) {
	d, err := parseDecimal(s)
	if err != nil {
		return "", err
	}
	return d.String(), nil
}
