package verify

import (
	"crypto/sha256"
	"encoding/binary"
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
//
// NullValue is how a NULL stands in a normalized row.
const NullValue = "\x00NULL"

// numericColumns are compared as decimal values.
var numericColumns = map[string]bool{"t1_pk": true, "t2_pk": true, "block": true, "number": true, "refrence_t1": true}

// NormalizeValue applies the rules to one column's value; ok is false for
// NULL, and emptyIsNull says whether rule 3 makes "" a NULL.
func NormalizeValue(column string, value string, ok, emptyIsNull bool) string {
	return string(appendNormalized(nil, column, []byte(value), !ok, emptyIsNull))
}

// appendNormalized is NormalizeValue on bytes, appending to dst without
// allocating: the digest of a large table makes no garbage per value.
func appendNormalized(dst []byte, column string, value []byte, isNull, emptyIsNull bool) []byte {
	if isNull || (len(value) == 0 && emptyIsNull) {
		return append(dst, NullValue...)
	}
	if numericColumns[column] {
		return appendCanonicalDecimal(dst, value)
	}
	return append(dst, value...)
}

// appendCanonicalDecimal writes a decimal number without leading or
// trailing zeros: "012.300" is "12.3", ".5" is "0.5", "-0.0" is "0". Text
// that is not a plain decimal is kept as it is, so it compares unequal and
// shows up.
func appendCanonicalDecimal(dst, v []byte) []byte {
	s := trimSpace(v)
	neg := len(s) > 0 && s[0] == '-'
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	intPart, frac := s, []byte(nil)
	for i, c := range s {
		if c == '.' {
			intPart, frac = s[:i], s[i+1:]
			break
		}
	}
	if !allDigits(intPart) || !allDigits(frac) || len(intPart)+len(frac) == 0 {
		return append(dst, v...)
	}
	for len(intPart) > 0 && intPart[0] == '0' {
		intPart = intPart[1:]
	}
	for len(frac) > 0 && frac[len(frac)-1] == '0' {
		frac = frac[:len(frac)-1]
	}
	zero := len(intPart) == 0 && len(frac) == 0
	if neg && !zero {
		dst = append(dst, '-')
	}
	if len(intPart) == 0 {
		dst = append(dst, '0')
	}
	dst = append(dst, intPart...)
	if len(frac) > 0 {
		dst = append(append(dst, '.'), frac...)
	}
	return dst
}

func trimSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t') {
		b = b[1:]
	}
	for len(b) > 0 && (b[len(b)-1] == ' ' || b[len(b)-1] == '\t') {
		b = b[:len(b)-1]
	}
	return b
}

func allDigits(s []byte) bool {
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
	var h rowHasher
	return h.sum(values)
}

// rowHasher reuses its buffers across rows: the digest of a large table
// makes no garbage per row.
type rowHasher struct {
	buf []byte
	out [sha256.Size]byte
}

func (h *rowHasher) sum(values []string) [2]uint64 {
	h.buf = h.buf[:0]
	for _, v := range values {
		h.buf = append(h.buf, v...)
		h.buf = append(h.buf, 0x1f)
	}
	return h.digest()
}

// sumRaw hashes a row straight from the driver's bytes, normalizing each
// value into the same bytes sum would hash.
func (h *rowHasher) sumRaw(cols []string, raw [][]byte, emptyIsNull bool) [2]uint64 {
	h.buf = h.buf[:0]
	for i, c := range cols {
		h.buf = appendNormalized(h.buf, c, raw[i], raw[i] == nil, emptyIsNull)
		h.buf = append(h.buf, 0x1f)
	}
	return h.digest()
}

func (h *rowHasher) digest() [2]uint64 {
	h.out = sha256.Sum256(h.buf)
	return [2]uint64{binary.LittleEndian.Uint64(h.out[0:8]), binary.LittleEndian.Uint64(h.out[8:16])}
}
