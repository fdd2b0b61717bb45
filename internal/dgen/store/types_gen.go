package store

// The TYPES generator: a row from a seed and a key, the same bytes every
// time, with every edge value of types_edges.go at a fixed place of each
// cycle of TypesCycle keys. Where a column's place holds no edge value
// the row gets an ordinary random value from the seed, so seeds differ
// without losing coverage; the seed also shifts each column's catalogue
// along the cycle, so edge values meet different neighbours. A few rows
// of each cycle hold one c_number value DMS cannot carry and nothing else
// (types_separate.go); the other columns' places are among the rest.

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"
)

// TypesRowFor is the row of TYPES with key in block, for seed.
func TypesRowFor(seed uint64, key int64, block int) TypesRow {
	rng := rand.New(rand.NewPCG(seriesSeed(seed, TypesTable), uint64(key)))
	row := make(TypesRow, len(TypesColumns))
	separate, rank := typesSeparateEdge(seed, key)
	places := TypesCycle - len(typesEdgesSplit.separate)
	for i, c := range TypesColumns {
		switch c.Name {
		case TypesKey:
			row[i] = key
			continue
		case "block":
			row[i] = int64(block)
			continue
		case "cdc":
			row[i] = "0" // as in the other tables: update writes it
			continue
		}
		// Drawn for every column, edge or not, so one column's place in
		// the cycle never shifts another's random values.
		v := ordinaryValue(rng, c)
		edges := typesEdgesSplit.shared[c.Name]
		switch {
		case separate != nil && c.Name == TypesSeparateColumn:
			v = materialize(separate.Value, seed, c)
		case separate != nil:
			v = nil // alone in its row: see types_separate.go
		default:
			if pos := typesPlace(seed, c.Name, rank, places); pos < len(edges) {
				v = materialize(edges[pos].Value, seed, c)
			}
		}
		row[i] = v
	}
	return row
}

// typesPlace is where among n places the position at falls for a column:
// at shifted by an offset the seed and the column give.
func typesPlace(seed uint64, col string, at int64, n int) int {
	h := fnv.New64a()
	var b [8]byte
	binary.LittleEndian.PutUint64(b[:], seed)
	h.Write(b[:])
	h.Write([]byte(col))
	off := int64(h.Sum64() % uint64(n))
	p := (at + off) % int64(n)
	if p < 0 {
		p += int64(n)
	}
	return int(p)
}

// materialize turns a catalogue entry into a value: the LOB sizes into
// content made from the seed (the same for a seed, column and size).
func materialize(v any, seed uint64, c TypesColumn) any {
	var n int
	switch x := v.(type) {
	case lobSize:
		n = int(x)
	case lobChars:
		n = int(x)
	case lobCJK:
		n = int(x)
	default:
		return v
	}
	rng := rand.New(rand.NewPCG(seriesSeed(seed, c.Name), uint64(n)))
	switch x := v.(type) {
	case lobSize:
		if c.Kind == KindBytes {
			b := make([]byte, n)
			for i := range b {
				b[i] = byte(rng.Uint32())
			}
			return b
		}
		return asciiText(rng, n)
	case lobChars:
		const two = "éüñßøåçàèì" // two bytes each in UTF-8
		runes := []rune(two)
		var sb strings.Builder
		sb.Grow(2 * int(x))
		for i := 0; i < int(x); i++ {
			sb.WriteRune(runes[rng.IntN(len(runes))])
		}
		return sb.String()
	default: // lobCJK
		var sb strings.Builder
		sb.Grow(3 * n)
		for i := 0; i < n; i++ {
			sb.WriteRune(rune(0x4E00 + rng.IntN(0x5000)))
		}
		return sb.String()
	}
}

// asciiText is n bytes of text with CSV-hostile characters among letters.
func asciiText(rng *rand.Rand, n int) string {
	const chars = "abcdefghijklmnopqrstuvwxyz0123456789 ,\"'\n\\;|"
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[rng.IntN(len(chars))]
	}
	return string(b)
}

var ordinaryOffsets = []int{0, 60, -7 * 60, 5*60 + 30, 9 * 60, -(3*60 + 30)}

// ordinaryValue is a random, unremarkable value of the column's type.
func ordinaryValue(rng *rand.Rand, c TypesColumn) any {
	from := time.Date(1900, 1, 1, 0, 0, 0, 0, time.UTC)
	span := int64(200 * 365 * 24 * time.Hour / time.Second)
	switch c.Name {
	case "c_number":
		return decimal{neg: rng.IntN(2) == 0, digits: strconv.FormatInt(1+rng.Int64N(1e12), 10), exp: -rng.IntN(7)}.normalized().String()
	case "c_number_38":
		n := 1 + rng.IntN(38)
		d := []byte{byte('1' + rng.IntN(9))}
		for len(d) < n {
			d = append(d, byte('0'+rng.IntN(10)))
		}
		return decimal{neg: rng.IntN(2) == 0, digits: string(d)}.normalized().String()
	case "c_number_10_2":
		return decimal{neg: rng.IntN(2) == 0, digits: strconv.FormatInt(rng.Int64N(1e10), 10), exp: -2}.normalized().String()
	case "c_number_neg_scale":
		return decimal{neg: rng.IntN(2) == 0, digits: strconv.FormatInt(rng.Int64N(1e10), 10), exp: 2}.normalized().String()
	case "c_float":
		d, _ := parseDecimal(strconv.FormatFloat(rng.NormFloat64()*1e6, 'e', -1, 64))
		return d.String()
	case "c_binary_float":
		return Float32Bits(float32(rng.NormFloat64() * 1000))
	case "c_binary_double":
		return Float64Bits(rng.NormFloat64() * 1e6)
	case "c_date":
		return formatDateTime(from.Add(time.Duration(rng.Int64N(span)) * time.Second))
	case "c_timestamp":
		return formatDateTime(from.Add(time.Duration(rng.Int64N(span*1e6)) * time.Microsecond))
	case "c_timestamp_tz", "c_timestamp_ltz":
		t := from.Add(time.Duration(rng.Int64N(span*1e6)) * time.Microsecond)
		off := ordinaryOffsets[rng.IntN(len(ordinaryOffsets))]
		return formatDateTimeZone(t.In(time.FixedZone("", off*60)))
	case "c_interval_ym":
		return rng.Int64N(2*1199+1) - 1199
	case "c_interval_ds":
		max := int64(100 * 24 * time.Hour / time.Microsecond)
		return time.Duration(rng.Int64N(2*max-1)-(max-1)) * time.Microsecond
	}
	switch c.Kind {
	case KindText:
		n := 64
		if c.Size > 0 {
			n = min(c.Size, 30)
		}
		return alnum(rng, 1+rng.IntN(n))
	case KindBytes:
		n := 64
		if c.Size > 0 {
			n = c.Size
		}
		b := make([]byte, 1+rng.IntN(n))
		for i := range b {
			b[i] = byte(rng.Uint32())
		}
		return b
	}
	return nil
}

func alnum(rng *rand.Rand, n int) string {
	const chars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	b := make([]byte, n)
	for i := range b {
		b[i] = chars[rng.IntN(len(chars))]
	}
	return string(b)
}

func (d decimal) normalized() decimal {
	d.digits = strings.TrimLeft(d.digits, "0")
	d.normalize()
	return d
}

// TypesStorage is what an engine keeps of the values written into TYPES
// (each dialect says, see Dialect.TypesStorage): TypesRow.Stored applies it.
type TypesStorage struct {
	// EmptyIsNull: an empty string or zero-length binary is stored as
	// NULL (Oracle).
	EmptyIsNull bool
	// NumberBase100 is how many base-100 digits an unconstrained NUMBER
	// keeps (Oracle: 20); 0 keeps every digit (PostgreSQL's NUMERIC).
	NumberBase100 int
	// FloatDigits is how many significant decimal digits "c_float" keeps
	// (Oracle's FLOAT(126): 38); 0 means it is an IEEE double.
	FloatDigits int
	// NegativeZero: -0 stays -0 in binary floats (Oracle stores +0).
	NegativeZero bool
	// ZoneDigits is the fractional digits "c_timestamp_tz" keeps (9 or 6).
	ZoneDigits int
	// KeepsOffset: "c_timestamp_tz" keeps the offset it was written with;
	// otherwise only the instant, read back in UTC.
	KeepsOffset bool
	// CharBytes: CHAR(n) holds n bytes (Oracle's default BYTE semantics),
	// not n characters, and pads to n bytes.
	CharBytes bool
	// NCharUTF16: NCHAR(n) holds n UTF-16 code units (Oracle's AL16UTF16).
	NCharUTF16 bool
}

// typesScale is the scale of the NUMBER columns that have one.
var typesScale = map[string]int{"c_number_38": 0, "c_number_10_2": 2, "c_number_neg_scale": -2}

// Stored is what an engine with storage st holds after r is written: the
// row ReadTypesRows gives back.
func (r TypesRow) Stored(st TypesStorage) TypesRow {
	out := make(TypesRow, len(r))
	for i, c := range TypesColumns {
		out[i] = storedValue(c, r[i], st)
	}
	return out
}

func storedValue(c TypesColumn, v any, st TypesStorage) any {
	if v == nil {
		return nil
	}
	switch c.Kind {
	case KindDecimal:
		d, err := parseDecimal(v.(string))
		if err != nil {
			return v
		}
		if s, ok := typesScale[c.Name]; ok {
			return d.roundAt(-s).String()
		}
		switch {
		case c.Name == "c_float" && st.FloatDigits == 0:
			f, _ := strconv.ParseFloat(d.String(), 64)
			fd, _ := parseDecimal(strconv.FormatFloat(f, 'e', -1, 64))
			return fd.String()
		case c.Name == "c_float":
			return d.roundSignificant(st.FloatDigits).String()
		case st.NumberBase100 > 0:
			return d.roundBase100(st.NumberBase100).String()
		}
		return d.String()
	case KindFloat32:
		if b := v.(uint32); b == 0x80000000 && !st.NegativeZero {
			return uint32(0)
		}
	case KindFloat64:
		if b := v.(uint64); b == 0x8000000000000000 && !st.NegativeZero {
			return uint64(0)
		}
	case KindDateTime:
		t, err := parseDateTime(v.(string))
		if err != nil {
			return v
		}
		if c.Name == "c_date" {
			return formatDateTime(t.Round(time.Second))
		}
		return formatDateTime(t.Round(time.Microsecond))
	case KindDateTimeZone:
		t, err := parseDateTimeZone(v.(string))
		if err != nil {
			return v
		}
		digits := 6
		if c.Name == "c_timestamp_tz" {
			digits = st.ZoneDigits
		}
		t = t.Round(time.Duration(math.Pow10(9 - digits)))
		if c.Name == "c_timestamp_ltz" || !st.KeepsOffset {
			t = t.UTC()
		}
		return formatDateTimeZone(t)
	case KindIntervalDS:
		return v.(time.Duration).Round(time.Microsecond)
	case KindText:
		s := v.(string)
		if s == "" && st.EmptyIsNull {
			return nil
		}
		switch c.Name {
		case "c_char":
			units := func(s string) int { return len([]rune(s)) }
			if st.CharBytes {
				units = func(s string) int { return len(s) }
			}
			return padChar(s, c.Size, units)
		case "c_nchar":
			units := func(s string) int { return len([]rune(s)) }
			if st.NCharUTF16 {
				units = utf16Len
			}
			return padChar(s, c.Size, units)
		}
	case KindBytes:
		if len(v.([]byte)) == 0 && st.EmptyIsNull {
			return nil
		}
	}
	return v
}
