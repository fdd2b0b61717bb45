package fidelity

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// Row is one TYPES row: its key's text and its values in the order of
// store.TypesColumns.
type Row struct {
	Key    string
	Values []Value
}

// Options say which target the rows come from and what the task does.
type Options struct {
	// Target is Aurora or S3CSV.
	Target string
	// LobMaxSizeKB is the task's LobMaxSize in limited LOB mode; 0 for
	// full LOB mode, where no LOB may be cut.
	LobMaxSizeKB int
	// EmptyIsNull: an empty string equals NULL (an Oracle source, or the
	// S3 CSV, which writes both as an empty field).
	EmptyIsNull bool
	// TargetTypes are the target's column types (information_schema's
	// data_type), when known: a type other than DMS's is named.
	TargetTypes map[string]string
	// SourceTypes, for a PostgreSQL source only, are its columns' types as
	// its CREATE TABLE writes them; a target column of the source's own
	// type passes too: "When replicating from a PostgreSQL source, AWS
	// DMS creates the target table with the same data types" (Target
	// data types for PostgreSQL). Nil for an Oracle source.
	SourceTypes map[string]string
	// Examples per column, default 3.
	Examples int
}

// Example is one value that did not arrive exactly.
type Example struct {
	Key     string `json:"key"`
	Outcome string `json:"outcome"`
	Source  string `json:"source"`
	Target  string `json:"target"`
	How     string `json:"how"`
}

// ColumnResult is one column's line of the fidelity table.
type ColumnResult struct {
	Column string `json:"column"`
	Oracle string `json:"oracle_type"`
	DMS    string `json:"dms_type"`
	// ExpectedType and TargetType are the Aurora column's type as DMS
	// documents it and as found.
	ExpectedType string `json:"expected_type,omitempty"`
	TargetType   string `json:"target_type,omitempty"`
	// Outcome is the worst outcome of any row; Expected the documented one.
	Outcome  string `json:"outcome"`
	Expected string `json:"expected"`
	How      string `json:"how"`
	Setting  string `json:"setting,omitempty"`
	// Documented is false where the guide is silent or ambiguous (Why).
	Documented bool   `json:"documented"`
	Why        string `json:"why,omitempty"`
	// MatchesDocumentation: every row's outcome is exact or the expected
	// one, and the type is DMS's. Anything else fails verify.
	MatchesDocumentation bool           `json:"matches_documentation"`
	Problem              string         `json:"problem,omitempty"`
	Counts               map[string]int `json:"counts"`
	Examples             []Example      `json:"examples,omitempty"`
	Sources              []string       `json:"sources"`
	// Range is what became of the values beyond the target type's range,
	// for a column whose expectation has one; Outcome and Counts are then
	// about the values within it.
	Range *RangeResult `json:"range,omitempty"`
}

// Report is the fidelity table of one target.
type Report struct {
	Target string `json:"target"`
	Kind   string `json:"kind"` // Aurora or S3CSV
	Rows   int    `json:"rows"`
	// MissingRows and ExtraRows are keys on one side only.
	MissingRows []string `json:"missing_rows,omitempty"`
	ExtraRows   []string `json:"extra_rows,omitempty"`
	// RowsBeyondRange are keys not on the target whose only value is one
	// beyond its column's range: that value's documented loss (range.go),
	// counted in its column, not a missing row.
	RowsBeyondRange      []string       `json:"rows_beyond_range,omitempty"`
	MatchesDocumentation bool           `json:"matches_documentation"`
	Columns              []ColumnResult `json:"columns"`
	// MissingTable: the target has no TYPES table.
	MissingTable bool `json:"missing_table,omitempty"`
}

// Compare classifies every column of every row the two sides share.
func Compare(e *Expectations, src, dst []Row, o Options) Report {
	if o.Examples <= 0 {
		o.Examples = 3
	}
	rep := Report{Target: o.Target, Kind: o.Target, Rows: len(src), MatchesDocumentation: true}
	s := limits{lobMax: o.LobMaxSizeKB * 1024}
	byKey := map[string]Row{}
	for _, r := range dst {
		byKey[r.Key] = r
	}
	rs := newRanges(e, o.Target)
	seen := map[string]bool{}
	for _, r := range src {
		seen[r.Key] = true
		if _, ok := byKey[r.Key]; ok {
			continue
		}
		if rs.rowBeyond(r, o.EmptyIsNull) {
			rep.RowsBeyondRange = append(rep.RowsBeyondRange, r.Key)
		} else {
			rep.MissingRows = append(rep.MissingRows, r.Key)
		}
	}
	for _, r := range dst {
		if !seen[r.Key] {
			rep.ExtraRows = append(rep.ExtraRows, r.Key)
		}
	}
	if len(rep.MissingRows)+len(rep.ExtraRows) > 0 {
		rep.MatchesDocumentation = false
	}
	for i, col := range store.TypesColumns {
		ce, _ := e.Column(col.Name)
		x := ce.Targets[o.Target]
		expected := outcomeByName[x.Outcome]
		if s.lobMax == 0 && expected == Truncated {
			expected = Exact // full LOB mode cuts nothing
		}
		cr := ColumnResult{Column: col.Name, Oracle: ce.Oracle, DMS: ce.DMS, ExpectedType: x.PostgresType, Expected: expected.String(),
			How: x.How, Setting: x.Setting, Documented: x.Documented, Why: x.Why, Counts: map[string]int{}, Sources: e.URLs(x), MatchesDocumentation: true}
		worst, worstBeyond := Exact, Exact
		var examples []example
		check := rules[x.Compare]
		var rr *RangeResult
		if x.Range != nil {
			rr = &RangeResult{Below: x.Range.Below, Expected: x.Range.Outcome, Documented: x.Range.Documented, Counts: map[string]int{}, MatchesDocumentation: true}
		}
		for _, r := range src {
			v := r.Values[i]
			d, ok := byKey[r.Key]
			switch {
			case !ok && rr != nil && rs.beyond(i, v) && rs.rowBeyond(r, o.EmptyIsNull):
				rr.Counts[Lost.String()]++
				rr.RowsMissing++
				worstBeyond = Lost
				examples = append(examples, example{Example{Key: r.Key, Outcome: Lost.String(), Source: v.show(40), Target: "(no row)", How: "row not on the target: " + x.Range.How}, true})
			case !ok:
			case rr != nil && rs.beyond(i, v):
				out, how, fine := classifyBeyond(x.Range, check, v, d.Values[i], s, o.EmptyIsNull)
				rr.Counts[out.String()]++
				worstBeyond = max(worstBeyond, out)
				if out != Exact {
					examples = append(examples, example{Example{Key: r.Key, Outcome: out.String(), Source: v.show(40), Target: d.Values[i].show(40), How: how}, fine})
				}
				rr.MatchesDocumentation = rr.MatchesDocumentation && fine
			default:
				out, how := classify(check, v, d.Values[i], s, o.EmptyIsNull)
				cr.Counts[out.String()]++
				worst = max(worst, out)
				fine := out == Exact || out == expected
				if out != Exact {
					examples = append(examples, example{Example{Key: r.Key, Outcome: out.String(), Source: v.show(40), Target: d.Values[i].show(40), How: how}, fine})
				}
				cr.MatchesDocumentation = cr.MatchesDocumentation && fine
			}
		}
		// The undocumented outcomes first: they are what to act on.
		slices.SortStableFunc(examples, func(a, b example) int { return boolInt(a.documented) - boolInt(b.documented) })
		for _, ex := range examples[:min(len(examples), o.Examples)] {
			cr.Examples = append(cr.Examples, ex.Example)
		}
		cr.Outcome = worst.String()
		if !cr.MatchesDocumentation {
			cr.Problem = fmt.Sprintf("%s where %s is documented", worst, expected)
		}
		if rr != nil && len(rr.Counts) > 0 {
			rr.Outcome = worstBeyond.String()
			rr.Note = rangeNote(x.Range, rr)
			cr.Range = rr
			if !rr.MatchesDocumentation {
				cr.MatchesDocumentation = false
				cr.Problem = strings.TrimPrefix(cr.Problem+fmt.Sprintf("; beyond %s: a value neither the source's nor %s (NULL or no row)", powerText(rr.Below), rr.Expected), "; ")
			}
		}
		if found, ok := o.TargetTypes[col.Name]; ok && o.Target == Aurora {
			cr.TargetType = found
			if want := acceptedTypes(x); !slices.Contains(want, found) && found != sqlTypeName(o.SourceTypes[col.Name]) {
				cr.MatchesDocumentation = false
				cr.Problem = strings.TrimPrefix(cr.Problem+fmt.Sprintf("; type %s, not %s", found, strings.Join(want, " or ")), "; ")
			}
		}
		rep.MatchesDocumentation = rep.MatchesDocumentation && cr.MatchesDocumentation
		rep.Columns = append(rep.Columns, cr)
	}
	return rep
}

// example is an Example and whether its outcome is the documented one.
type example struct {
	Example
	documented bool
}

// classify handles NULL, then hands a pair of values to the rule.
func classify(check rule, src, dst Value, s limits, emptyIsNull bool) (Outcome, string) {
	if emptyIsNull {
		src, dst = nullIfEmpty(src), nullIfEmpty(dst)
	}
	switch {
	case src.Null && dst.Null:
		return Exact, ""
	case dst.Null:
		return Lost, "NULL where the source has a value"
	case src.Null:
		return Lost, "a value where the source has NULL"
	}
	return check(src, dst, s)
}

func nullIfEmpty(v Value) Value {
	if !v.Null && v.Text == "" && v.Bytes == nil && v.Bits == 0 && !v.IsTime {
		return Null
	}
	return v
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

var typeArgs = regexp.MustCompile(`\(.*\)`)

// sqlTypeAliases are information_schema's names of types CREATE TABLE
// may spell otherwise.
var sqlTypeAliases = map[string]string{
	"timestamp": "timestamp without time zone", "timestamptz": "timestamp with time zone", "int": "integer", "int4": "integer",
	"char": "character", "varchar": "character varying", "float8": "double precision", "float4": "real", "decimal": "numeric",
	"interval year to month": "interval", "interval day to second": "interval",
}

// sqlTypeName is a CREATE TABLE type as information_schema's data_type
// names it: "TIMESTAMP(0)" is "timestamp without time zone".
func sqlTypeName(t string) string {
	base := strings.ToLower(strings.TrimSpace(typeArgs.ReplaceAllString(t, "")))
	if a, ok := sqlTypeAliases[base]; ok {
		return a
	}
	return base
}

// acceptedTypes are information_schema's names of the types DMS may create.
func acceptedTypes(x Expectation) []string {
	if len(x.PostgresTypes) > 0 {
		return x.PostgresTypes
	}
	return []string{sqlTypeName(x.PostgresType)}
}
