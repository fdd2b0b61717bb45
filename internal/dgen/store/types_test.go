package store

import (
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

// The names and types are a contract with verify's fidelity report.
func TestTypesColumnsContract(t *testing.T) {
	want := "ty_pk NUMBER(10) INTEGER|block INT INTEGER|c_number NUMBER NUMERIC|c_number_38 NUMBER(38,0) NUMERIC(38,0)|" +
		"c_number_10_2 NUMBER(10,2) NUMERIC(10,2)|c_number_neg_scale NUMBER(10,-2) NUMERIC(10,-2)|c_float FLOAT DOUBLE PRECISION|" +
		"c_binary_float BINARY_FLOAT REAL|c_binary_double BINARY_DOUBLE DOUBLE PRECISION|c_date DATE TIMESTAMP(0)|" +
		"c_timestamp TIMESTAMP(6) TIMESTAMP(6)|c_timestamp_tz TIMESTAMP(9) WITH TIME ZONE TIMESTAMPTZ|" +
		"c_timestamp_ltz TIMESTAMP WITH LOCAL TIME ZONE TIMESTAMPTZ|c_interval_ym INTERVAL YEAR TO MONTH INTERVAL YEAR TO MONTH|" +
		"c_interval_ds INTERVAL DAY TO SECOND INTERVAL DAY TO SECOND|c_char CHAR(10) CHAR(10)|c_nchar NCHAR(10) CHAR(10)|" +
		"c_varchar2_byte VARCHAR2(100 BYTE) VARCHAR(100)|c_varchar2_char VARCHAR2(100 CHAR) VARCHAR(100)|c_nvarchar2 NVARCHAR2(100) VARCHAR(100)|" +
		"c_clob CLOB TEXT|c_nclob NCLOB TEXT|c_blob BLOB BYTEA|c_raw RAW(100) BYTEA|cdc VARCHAR2(25) VARCHAR(25)"
	var got []string
	for _, c := range TypesColumns {
		got = append(got, c.Name+" "+c.Oracle+" "+c.PostgreSQL)
		if c.NotNull != (c.Name == "ty_pk" || c.Name == "block") {
			t.Errorf("%s: NotNull %v", c.Name, c.NotNull)
		}
	}
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("TYPES columns\n got %s\nwant %s", g, want)
	}
	if _, ok := TypesColumnByName("c_raw"); !ok {
		t.Error("c_raw not found by name")
	}
	if _, ok := TypesColumnByName("C_RAW"); ok {
		t.Error("names are exact: C_RAW found")
	}
}

// Any TypesCycle consecutive keys hold every edge value of every column,
// wherever the run of keys starts and whatever the seed.
func TestTypesEveryCycleHoldsEveryEdgeValue(t *testing.T) {
	for _, seed := range []uint64{1, 2, 977} {
		for _, start := range []int64{1, 37, 1_000_003} {
			rows := make([]TypesRow, TypesCycle)
			for i := range rows {
				rows[i] = TypesRowFor(seed, start+int64(i), 0)
			}
			for col, edges := range TypesEdges {
				i := typesColumnIndex(col)
				for _, e := range edges {
					want := materialize(e.Value, seed, TypesColumns[i])
					found := false
					for _, r := range rows {
						if reflect.DeepEqual(r[i], want) {
							found = true
							break
						}
					}
					if !found {
						t.Errorf("seed %d, keys %d..%d: %s never holds %s (%s)", seed, start, start+TypesCycle-1, col, FormatTypesValue(TypesColumns[i], want), e.Why)
					}
				}
			}
		}
	}
}

func typesColumnIndex(col string) int {
	for i, c := range TypesColumns {
		if c.Name == col {
			return i
		}
	}
	return -1
}

// Every column but the key, block and cdc has a catalogue, none longer
// than the cycle; every value has a reason.
func TestTypesEdgeCatalogue(t *testing.T) {
	for _, c := range TypesColumns {
		edges, ok := TypesEdges[c.Name]
		switch {
		case c.Name == TypesKey || c.Name == "block" || c.Name == "cdc":
			if ok {
				t.Errorf("%s has edge values, but dgen numbers, picks or updates it", c.Name)
			}
		case !ok || len(edges) == 0 || len(edges) > TypesCycle-len(typesEdgesSplit.separate):
			// The separate rows take places of every cycle.
			t.Errorf("%s: %d edge values, want 1 to %d", c.Name, len(edges), TypesCycle-len(typesEdgesSplit.separate))
		}
		for _, e := range edges {
			if e.Why == "" {
				t.Errorf("%s: %v has no reason", c.Name, e.Value)
			}
		}
	}
	if len(TypesEdges) != len(TypesColumns)-3 {
		t.Errorf("catalogue for %d columns, want %d", len(TypesEdges), len(TypesColumns)-3)
	}
}

// The same seed and key give the same row, byte for byte; another seed
// gives other rows (its ordinary values, its LOB content, the places of
// the edge values), the same edge values.
func TestTypesRowsAreDeterministicForASeed(t *testing.T) {
	var a, b, c []TypesRow
	for k := int64(1); k <= TypesCycle; k++ {
		a = append(a, TypesRowFor(5, k, 2))
		b = append(b, TypesRowFor(5, k, 2))
		c = append(c, TypesRowFor(6, k, 2))
	}
	if !reflect.DeepEqual(a, b) {
		t.Fatal("two rows of one seed and key differ")
	}
	same := 0
	for i := range a {
		if reflect.DeepEqual(a[i], c[i]) {
			same++
		}
	}
	if same > 0 {
		t.Errorf("%d of %d rows are equal under seeds 5 and 6", same, len(a))
	}
	if r := TypesRowFor(5, 42, 7); r.Key() != 42 || r.Block() != 7 || r.Value("cdc") != "0" {
		t.Errorf("key %d, block %d, cdc %v: want 42, 7, 0", r.Key(), r.Block(), r.Value("cdc"))
	}
}

// Values fit their columns on both engines: an insert that fails on a
// length kills a whole load.
func TestTypesValuesFitTheirColumns(t *testing.T) {
	for k := int64(1); k <= 3*TypesCycle; k++ {
		r := TypesRowFor(11, k, 0)
		for i, c := range TypesColumns {
			s, ok := r[i].(string)
			if !ok || c.Kind != KindText || c.Size == 0 {
				continue
			}
			units := map[string]int{ // Oracle's limits: bytes, characters, UTF-16 units
				"c_char": len(s), "c_nchar": utf16Len(s), "c_varchar2_byte": len(s),
				"c_varchar2_char": utf8.RuneCountInString(s), "c_nvarchar2": utf16Len(s), "cdc": len(s),
			}[c.Name]
			if units > c.Size || utf8.RuneCountInString(s) > c.Size {
				t.Errorf("key %d %s: %q does not fit %s", k, c.Name, s, c.Oracle)
			}
			if strings.ContainsRune(s, 0) || !utf8.ValidString(s) {
				t.Errorf("key %d %s: NUL or invalid UTF-8, which PostgreSQL refuses", k, c.Name)
			}
		}
		if b, ok := r.Value("c_raw").([]byte); ok && len(b) > 100 {
			t.Errorf("key %d c_raw: %d bytes in RAW(100)", k, len(b))
		}
	}
}

// c_number's values beyond numeric(38,10) (10^28 or more) are each alone
// in their row, once a cycle, and no other row holds such a value: DMS
// skips a row it cannot write to Aurora, and only that value may go with
// it.
func TestTypesValuesBeyondNumeric3810HaveRowsOfTheirOwn(t *testing.T) {
	i := typesColumnIndex(TypesSeparateColumn)
	var beyond []string
	for _, e := range TypesEdges[TypesSeparateColumn] {
		if v, ok := e.Value.(string); ok && BeyondNumeric3810(v) {
			beyond = append(beyond, v)
		}
	}
	if len(beyond) != 4 {
		t.Fatalf("%d c_number edge values of 10^28 or more, want 4 (±9.99…E125, 1.23…E41, 1.2…E37): %v", len(beyond), beyond)
	}
	for _, seed := range []uint64{1, 2, 977} {
		for _, start := range []int64{1, 37, 1_000_003} {
			seen := map[string]int{}
			for k := start; k < start+TypesCycle; k++ {
				r := TypesRowFor(seed, k, 3)
				v, _ := r[i].(string)
				if !BeyondNumeric3810(v) {
					if IsTypesSeparateRow(r) {
						t.Errorf("seed %d key %d: a row of its own without a large c_number", seed, k)
					}
					continue
				}
				seen[v]++
				if !IsTypesSeparateRow(r) {
					t.Errorf("seed %d key %d: c_number %s shares its row: %v", seed, k, FormatTypesValue(TypesColumns[i], v), r)
				}
				if r.Key() != k || r.Block() != 3 || r.Value("cdc") != "0" {
					t.Errorf("seed %d key %d: key %d, block %d, cdc %v", seed, k, r.Key(), r.Block(), r.Value("cdc"))
				}
			}
			for _, v := range beyond {
				if seen[v] != 1 {
					t.Errorf("seed %d keys %d..: %s in %d rows, want 1", seed, start, v, seen[v])
				}
			}
		}
	}
	for v, want := range map[string]bool{
		"9999999999999999999999999999": false, "-9999999999999999999999999999.9999999999": false, "10000000000000000000000000000": true,
		"-10000000000000000000000000000": true, "0." + strings.Repeat("0", 129) + "1": false, "0": false,
	} {
		if BeyondNumeric3810(v) != want {
			t.Errorf("BeyondNumeric3810(%s) = %v", v, !want)
		}
	}
}
