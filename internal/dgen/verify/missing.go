package verify

import "slices"

// tableLacker is a side that may lack tables (DMS creates a target's tables
// when its full load starts): Digest skips them and says which.
type tableLacker interface {
	MissingTables() []string
}

// missingTables are the tables side's last Digest found missing.
func missingTables(side Side) []string {
	if l, ok := side.(tableLacker); ok {
		return l.MissingTables()
	}
	return nil
}

// withoutTables drops the differences of the missing tables: every block
// of a table that is not there differs, which says nothing more.
func withoutTables(diffs []BlockDiff, missing []string) []BlockDiff {
	if len(missing) == 0 {
		return diffs
	}
	out := diffs[:0]
	for _, d := range diffs {
		if !slices.Contains(missing, d.Table) {
			out = append(out, d)
		}
	}
	return out
}
