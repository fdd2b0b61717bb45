package fidelity

// Values beyond a target type's range. DMS maps a NUMBER without precision
// to NUMERIC(38,10) (NumberDataTypeScale, default 10), numeric(38,10) on
// Aurora, which holds magnitudes below 10^28 only: a larger value cannot be
// written, and with the lab's DataErrorPolicy / ApplyErrorInsertPolicy
// LOG_ERROR DMS logs the record and skips it. The generator puts each
// such value in a row of its own, every other typed column NULL
// (store/types_separate.go), so the row missing on the target is that one
// value lost, as documented, not every column lost. DMS may as well write
// the row with the value NULL: the same loss.

import (
	"fmt"
	"math/big"
	"strings"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// Range is what is expected of a column's values that its target type
// cannot hold: magnitudes of Below or more.
type Range struct {
	// Below is the least magnitude the type cannot hold, a decimal ("1E28").
	Below string `json:"below"`
	// Outcome is "lost": the value NULL, or its row not on the target.
	Outcome string `json:"outcome"`
	How     string `json:"how"`
	// Documented and Why as for Expectation.
	Documented bool   `json:"documented"`
	Why        string `json:"why,omitempty"`
	// AnyOutcome: the guide says nothing of what the target gets for these
	// values; whatever arrives is reported and none fails verify.
	AnyOutcome bool `json:"any_outcome,omitempty"`
}

// RangeResult is what became of a column's values beyond its range.
type RangeResult struct {
	Below      string `json:"below"`
	Expected   string `json:"expected"`
	Documented bool   `json:"documented"`
	// Outcome is the worst, Counts how many values had each; RowsMissing
	// of them are values whose row is not on the target.
	Outcome              string         `json:"outcome"`
	Counts               map[string]int `json:"counts"`
	RowsMissing          int            `json:"rows_missing"`
	MatchesDocumentation bool           `json:"matches_documentation"`
	// Note is the report's line: "lost beyond 10^28, as documented".
	Note string `json:"note"`
}

// checkRange lists what is wrong with an expectation's range.
func checkRange(where string, r *Range) []string {
	var out []string
	if v, ok := Text(r.Below).decimal(); !ok || v.Sign() <= 0 {
		out = append(out, fmt.Sprintf("%s: range below %q; want a positive decimal such as 1E28", where, r.Below))
	}
	if r.Outcome != Lost.String() {
		out = append(out, fmt.Sprintf("%s: range outcome %q; want lost", where, r.Outcome))
	}
	if r.How == "" {
		out = append(out, where+": range without how")
	}
	if !r.Documented && r.Why == "" {
		out = append(out, where+": undocumented range without saying why")
	}
	return out
}

// powerText writes "1E28" as "10^28".
func powerText(below string) string {
	if exp, ok := strings.CutPrefix(strings.ToUpper(below), "1E"); ok {
		return "10^" + strings.TrimPrefix(exp, "+")
	}
	return below
}

// ranges holds, per column of a comparison, the magnitude from which its
// values are beyond range (nil: no range).
type ranges []*big.Rat

func newRanges(e *Expectations, target string) ranges {
	out := make(ranges, len(store.TypesColumns))
	for i, c := range store.TypesColumns {
		ce, _ := e.Column(c.Name)
		if r := ce.Targets[target].Range; r != nil {
			out[i], _ = Text(r.Below).decimal()
		}
	}
	return out
}

// beyond says whether column i's value v is beyond its range.
func (rs ranges) beyond(i int, v Value) bool {
	if rs[i] == nil || v.Null {
		return false
	}
	d, ok := v.decimal()
	return ok && new(big.Rat).Abs(d).Cmp(rs[i]) >= 0
}

// rowBeyond says whether a source row is one value beyond range alone:
// some column's value beyond its range and every other typed column NULL
// (the key, "block" and "cdc" aside), so that a target without the row
// lost that value only.
func (rs ranges) rowBeyond(r Row, emptyIsNull bool) bool {
	found := false
	for i, c := range store.TypesColumns {
		v := r.Values[i]
		if emptyIsNull {
			v = nullIfEmpty(v)
		}
		switch {
		case c.Name == store.TypesKey || c.Name == "block" || c.Name == "cdc":
		case rs.beyond(i, v):
			found = true
		case !v.Null:
			return false
		}
	}
	return found
}

// classifyBeyond classifies a value beyond range whose row arrived: kept,
// NULL (the documented loss), or anything else (not documented unless the
// range accepts any outcome).
func classifyBeyond(x *Range, check rule, src, dst Value, s limits, emptyIsNull bool) (out Outcome, how string, ok bool) {
	if emptyIsNull {
		dst = nullIfEmpty(dst)
	}
	if dst.Null {
		return Lost, "NULL: " + x.How, true
	}
	out, how = classify(check, src, dst, s, emptyIsNull)
	return out, how, out == Exact || x.AnyOutcome
}

// rangeNote is the report's line for a column's values beyond range.
func rangeNote(x *Range, rr *RangeResult) string {
	counts := counts(rr.Counts)
	if rr.RowsMissing > 0 {
		counts = strings.TrimSuffix(counts, ")") + fmt.Sprintf("; %d rows not on the target)", rr.RowsMissing)
	}
	status := "as documented"
	switch {
	case !rr.MatchesDocumentation:
		status = "NOT as documented: " + x.Outcome + " is"
	case !x.Documented && x.AnyOutcome:
		status = "undocumented, not failed"
	case !x.Documented:
		status = "as expected (undocumented)"
	}
	return fmt.Sprintf("%s beyond %s %s, %s", rr.Outcome, powerText(x.Below), counts, status)
}
