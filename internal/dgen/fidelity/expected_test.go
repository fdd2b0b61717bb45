package fidelity

import (
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// Every TYPES column has an entry for every target, each with a page of
// the guide behind it or saying why it has none, and a rule that exists.
func TestExpectationsAreComplete(t *testing.T) {
	e, err := Load()
	if err != nil {
		t.Fatal(err)
	}
	if len(e.Columns) != len(store.TypesColumns) {
		t.Errorf("%d columns, TYPES has %d", len(e.Columns), len(store.TypesColumns))
	}
	for i, c := range e.Columns {
		if c.Column != store.TypesColumns[i].Name || c.Oracle != store.TypesColumns[i].Oracle {
			t.Errorf("entry %d: %s %s, TYPES has %s %s in that place", i, c.Column, c.Oracle, store.TypesColumns[i].Name, store.TypesColumns[i].Oracle)
		}
		for _, target := range Targets {
			x := c.Targets[target]
			for _, u := range e.URLs(x) {
				if !strings.HasPrefix(u, "https://docs.aws.amazon.com/dms/latest/userguide/") {
					t.Errorf("%s %s: %q is not a page of the DMS User Guide", c.Column, target, u)
				}
			}
		}
	}
}

// Check names each kind of gap.
func TestCheckFindsGaps(t *testing.T) {
	e := MustLoad()
	e.Sources = map[string]string{"oracle-types": e.Sources["oracle-types"]}
	c := e.Columns[2]
	c.Targets = map[string]Expectation{Aurora: {Outcome: "mangled", Compare: "nope", How: "x", Sources: []string{"oracle-types", "blog"}}, "kafka": {}}
	e.Columns[2] = c
	e.Columns = append(e.Columns[:3], e.Columns[4:]...) // drop c_number_38
	got := strings.Join(e.Check(), "\n")
	for _, want := range []string{
		`column "c_number", aurora-postgresql: outcome "mangled"; want exact, converted, truncated or lost`,
		`column "c_number", aurora-postgresql: compare "nope"`,
		`column "c_number", aurora-postgresql: source "blog" has no URL`,
		`column "c_number", aurora-postgresql: undocumented without saying why`,
		`column "c_number", aurora-postgresql: no postgres_type`,
		`column "c_number": no entry for s3-csv`,
		`column "c_number": unknown target "kafka"`,
		`column "c_number_38": no expectations`,
	} {
		if !strings.Contains(got, want) {
			t.Errorf("Check does not say %q; it says:\n%s", want, got)
		}
	}
}
