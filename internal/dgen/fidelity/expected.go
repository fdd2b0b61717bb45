// Package fidelity says, column by column, what DMS did to each Oracle type
// of the TYPES table on the way to a target, and whether that is what the
// DMS User Guide documents: exact, converted (how), truncated (by which
// setting) or lost. The expectations are data (expected.json, embedded),
// each with the guide's pages it comes from; Compare classifies the values
// a source and a target hold.
//
// It may import store (TYPES' columns). It knows no database, file or
// flag: verify reads the rows and hands them over.
package fidelity

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"slices"
	"sort"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// The lab's two targets, as expected.json names them.
const (
	Aurora = "aurora-postgresql"
	S3CSV  = "s3-csv"
)

// Targets are the targets every column has an expectation for.
var Targets = []string{Aurora, S3CSV}

//go:embed expected.json
var expectedJSON []byte

// Expectation is what DMS is expected to do to one column on one target.
type Expectation struct {
	// PostgresType is the type DMS creates on Aurora, as a test creates it
	// ("numeric(38,10)"); PostgresTypes lists the types accepted when the
	// guide does not settle it (information_schema's data_type names).
	PostgresType  string   `json:"postgres_type,omitempty"`
	PostgresTypes []string `json:"postgres_types,omitempty"`
	// Outcome is the worst outcome expected with the lab's default
	// settings and the generator's values.
	Outcome string `json:"outcome"`
	// Compare names the rule that classifies a value (see rules).
	Compare string `json:"compare"`
	// How says what DMS does, Setting which setting decides it.
	How     string `json:"how"`
	Setting string `json:"setting,omitempty"`
	// Documented is false where the guide is silent or ambiguous; Why
	// then says what is expected and why.
	Documented bool   `json:"documented"`
	Why        string `json:"why,omitempty"`
	// Sources are keys of Expectations.Sources.
	Sources []string `json:"sources"`
	// Range, for a column whose type holds only part of the source's
	// values, is what becomes of the others (range.go); Outcome and
	// Compare are then about the values within it.
	Range *Range `json:"range,omitempty"`
}

// ColumnExpectation is one TYPES column and what each target should get.
type ColumnExpectation struct {
	Column  string                 `json:"column"`
	Oracle  string                 `json:"oracle"`
	DMS     string                 `json:"dms"`
	Targets map[string]Expectation `json:"targets"`
}

// Expectations is expected.json.
type Expectations struct {
	About   string              `json:"about"`
	Sources map[string]string   `json:"sources"`
	Columns []ColumnExpectation `json:"columns"`
}

// Load reads the embedded expectations and checks them (Check).
func Load() (*Expectations, error) {
	var e Expectations
	if err := json.Unmarshal(expectedJSON, &e); err != nil {
		return nil, fmt.Errorf("fidelity: expected.json: %w", err)
	}
	if problems := e.Check(); len(problems) > 0 {
		return nil, fmt.Errorf("fidelity: expected.json: %s", problems[0])
	}
	return &e, nil
}

// MustLoad is Load for data the tests keep valid.
func MustLoad() *Expectations {
	e, err := Load()
	if err != nil {
		panic(err)
	}
	return e
}

// Check lists what is wrong with the expectations: a TYPES column or a
// target without an entry, an unknown outcome or rule, an entry with no
// page behind it, an undocumented entry that does not say why.
func (e *Expectations) Check() []string {
	var out []string
	seen := map[string]bool{}
	for _, c := range e.Columns {
		if _, ok := store.TypesColumnByName(c.Column); !ok {
			out = append(out, fmt.Sprintf("column %q: not a TYPES column", c.Column))
		}
		if seen[c.Column] {
			out = append(out, fmt.Sprintf("column %q: listed twice", c.Column))
		}
		seen[c.Column] = true
		for _, target := range Targets {
			x, ok := c.Targets[target]
			if !ok {
				out = append(out, fmt.Sprintf("column %q: no entry for %s", c.Column, target))
				continue
			}
			where := fmt.Sprintf("column %q, %s", c.Column, target)
			if _, ok := outcomeByName[x.Outcome]; !ok {
				out = append(out, fmt.Sprintf("%s: outcome %q; want exact, converted, truncated or lost", where, x.Outcome))
			}
			if _, ok := rules[x.Compare]; !ok {
				out = append(out, fmt.Sprintf("%s: compare %q; want one of %v", where, x.Compare, ruleNames()))
			}
			if len(x.Sources) == 0 {
				out = append(out, where+": no documentation page")
			}
			for _, s := range x.Sources {
				if e.Sources[s] == "" {
					out = append(out, fmt.Sprintf("%s: source %q has no URL", where, s))
				}
			}
			if !x.Documented && x.Why == "" {
				out = append(out, where+": undocumented without saying why")
			}
			if target == Aurora && x.PostgresType == "" {
				out = append(out, where+": no postgres_type")
			}
			if x.How == "" {
				out = append(out, where+": no how")
			}
			if x.Range != nil {
				out = append(out, checkRange(where, x.Range)...)
			}
		}
		for target := range c.Targets {
			if !slices.Contains(Targets, target) {
				out = append(out, fmt.Sprintf("column %q: unknown target %q", c.Column, target))
			}
		}
	}
	for _, c := range store.TypesColumns {
		if !seen[c.Name] {
			out = append(out, fmt.Sprintf("column %q: no expectations", c.Name))
		}
	}
	return out
}

// Column finds a column's expectations.
func (e *Expectations) Column(name string) (ColumnExpectation, bool) {
	for _, c := range e.Columns {
		if c.Column == name {
			return c, true
		}
	}
	return ColumnExpectation{}, false
}

// URLs are the pages an expectation comes from.
func (e *Expectations) URLs(x Expectation) []string {
	out := make([]string, 0, len(x.Sources))
	for _, s := range x.Sources {
		out = append(out, e.Sources[s])
	}
	return out
}

func ruleNames() []string {
	names := make([]string, 0, len(rules))
	for n := range rules {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}
