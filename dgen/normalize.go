package dgen

import (
	"crypto/sha256"
	"encoding/binary"
	"strings"
)

// Normalization: how a row read from the source, from Aurora or from the S3
// files becomes the canonical form that is hashed and compared. It is the
// one place that knows what DMS does to names and types on the way:
//
//  1. Tables keep Oracle's upper-case names (quoted "TABLE1" on PostgreSQL);
//     columns keep the seed's quoted lower-case names, on every side.
//  2. Numeric columns (the keys, "block", "number", "refrence_t1") compare
//     as decimal values: NUMBER(10,2) 12.3, numeric(10,2) 12.30 and a CSV
//     "12.300" are equal, and INT becomes numeric(38,0) without changing.
//  3. Oracle stores an empty string as NULL, and the S3 CSV files write both
//     as an empty field: when the source is Oracle or the target is S3, an
//     empty string equals NULL. Between two PostgreSQL databases, where both
//     exist, they differ.
//  4. Everything else compares as text, exactly.
const nullValue = "\x00NULL"

// numericColumns are compared as decimal values.
var numericColumns = map[string]bool{"t1_pk": true, "t2_pk": true, "block": true, "number": true, "refrence_t1": true}

// NormalizeValue applies the rules to one column's value; ok is false for
// NULL, and emptyIsNull says whether rule 3 makes "" a NULL.
func NormalizeValue(column string, value string, ok, emptyIsNull bool) string {
	if !ok || (value == "" && emptyIsNull) {
		return nullValue
	}
	if numericColumns[column] {
		return canonicalDecimal(value)
	}
	return value
}

// canonicalDecimal writes a decimal number without leading or trailing
// zeros: "012.300" is "12.3", ".5" is "0.5", "-0.0" is "0". Text that is not
// a plain decimal is left as it is, so it compares unequal and shows up.
func canonicalDecimal(v string) string {
	s := strings.TrimSpace(v)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(strings.TrimPrefix(s, "-"), "+")
	intPart, frac, _ := strings.Cut(s, ".")
	if !allDigits(intPart) || !allDigits(frac) || intPart+frac == "" {
		return v
	}
	intPart = strings.TrimLeft(intPart, "0")
	frac = strings.TrimRight(frac, "0")
	if intPart == "" {
		intPart = "0"
	}
	out := intPart
	if frac != "" {
		out += "." + frac
	}
	if neg && out != "0" {
		out = "-" + out
	}
	return out
}

func allDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// rowHash is a row's 128-bit digest. Digests of a block are summed, so the
// block's digest does not depend on row order and counts duplicates.
func rowHash(values []string) [2]uint64 {
	h := sha256.New()
	for _, v := range values {
		h.Write([]byte(v))
		h.Write([]byte{0x1f})
	}
	sum := h.Sum(nil)
	return [2]uint64{binary.LittleEndian.Uint64(sum[0:8]), binary.LittleEndian.Uint64(sum[8:16])}
}

// Identity is what tells one row of t from another across sides: the key
// for TABLE1 and TABLE2 (dgen numbers TABLE2's rows though it has no
// primary key), and for TABLE3, which has no key, the columns dgen never
// updates ("block", "number", "var").
func (t Table) Identity() []string {
	if t.Key != "" {
		return []string{t.Key}
	}
	return []string{"block", "number", "var"}
}
