package store

import "strings"

// c_number's values that DMS cannot carry to Aurora get rows of their own.
//
// DMS maps a NUMBER without precision to NUMERIC(38,10) (the Oracle
// endpoint's NumberDataTypeScale, default 10) and creates numeric(38,10)
// on Aurora PostgreSQL, which holds magnitudes below 10^28 only (38 digits,
// 10 of them after the point). A row holding a larger NUMBER cannot be
// written there ("numeric field overflow"); with the lab's DataErrorPolicy
// and ApplyErrorInsertPolicy LOG_ERROR (settings/presets.go) DMS logs the
// record and skips it, so the whole row is missing on the target. Had such
// a value shared its row with other edge values, they would all be lost
// with it; alone in its row (every other typed column NULL) only that one
// value is, which is what the documented mapping implies and what verify's
// fidelity report expects (internal/dgen/fidelity, expected.json's range).
// Sources:
// https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Source.Oracle.html#CHAP_Source.Oracle.ConnectionAttrib
// https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Source.Oracle.html#CHAP_Source.Oracle.DataTypes
// https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Target.PostgreSQL.html#CHAP_Target.PostgreSQL.DataTypes

// TypesSeparateColumn is the column whose large values have rows of their
// own, and TypesSeparateDigits the power of ten from which they do: the
// integer digits numeric(38,10) has room for (38 - 10).
const (
	TypesSeparateColumn = "c_number"
	TypesSeparateDigits = 28
)

// BeyondNumeric3810 says whether a canonical decimal's magnitude is
// 10^TypesSeparateDigits or more: too large for numeric(38,10).
func BeyondNumeric3810(v string) bool {
	d, err := parseDecimal(v)
	return err == nil && d.digits != "" && d.top() >= TypesSeparateDigits
}

// typesEdgeSplit is a column's catalogue split in two: the values that get
// rows of their own (only TypesSeparateColumn has any) and the others.
type typesEdgeSplit struct {
	separate []TypesEdge
	shared   map[string][]TypesEdge
}

var typesEdgesSplit = splitTypesEdges()

func splitTypesEdges() typesEdgeSplit {
	s := typesEdgeSplit{shared: map[string][]TypesEdge{}}
	for col, edges := range TypesEdges {
		for _, e := range edges {
			if v, ok := e.Value.(string); ok && col == TypesSeparateColumn && BeyondNumeric3810(v) {
				s.separate = append(s.separate, e)
				continue
			}
			s.shared[col] = append(s.shared[col], e)
		}
	}
	return s
}

// typesSeparateEdge is the value of TypesSeparateColumn when the key falls
// on a row of its own in its cycle, and otherwise the key's rank among
// the cycle's other rows, where every column's shared edge values take
// their places: a cycle of TypesCycle keys holds each separate row once
// and each rank once, so every edge value still appears in it.
func typesSeparateEdge(seed uint64, key int64) (edge *TypesEdge, rank int64) {
	q := int64(typesPlace(seed, TypesSeparateColumn+" separate", key, TypesCycle))
	n := int64(len(typesEdgesSplit.separate))
	if q < n {
		return &typesEdgesSplit.separate[q], 0
	}
	return nil, q - n
}

// IsTypesSeparateRow says whether r is one of TypesSeparateColumn's rows
// of their own: its value there is beyond numeric(38,10), and every other
// typed column (all but the key, "block" and "cdc") is NULL.
func IsTypesSeparateRow(r TypesRow) bool {
	for i, c := range TypesColumns {
		switch {
		case c.Name == TypesKey || c.Name == "block" || c.Name == "cdc":
		case c.Name == TypesSeparateColumn:
			v, ok := r[i].(string)
			if !ok || !BeyondNumeric3810(v) {
				return false
			}
		case r[i] != nil:
			return false
		}
	}
	return true
}

// typesOrdinaryRowSQL is the condition "not a separate row": some typed
// column other than the NUMBER beyond numeric(38,10) holds a value.
func typesOrdinaryRowSQL() string {
	var isNull []string
	for _, c := range TypesColumns {
		switch c.Name {
		case TypesKey, "block", "cdc", TypesSeparateColumn:
			continue
		}
		isNull = append(isNull, `"`+c.Name+`" IS NULL`)
	}
	return "NOT (" + strings.Join(isNull, " AND ") + ")"
}

// typesUpdateRow is the values run's update writes for index: the row of
// that place in the cycle, or of the next place that is not a separate
// row, so that an update never makes an ordinary row one DMS refuses.
func typesUpdateRow(seed uint64, index int64, block int) TypesRow {
	r := TypesRowFor(seed, index, block)
	for IsTypesSeparateRow(r) {
		index++
		r = TypesRowFor(seed, index, block)
	}
	return r
}
