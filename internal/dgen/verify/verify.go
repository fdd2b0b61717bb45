// Package verify compares the source with the targets DMS writes: a
// database side (the source, Aurora) read through the store's dialect,
// streaming, and an S3 side rebuilt from the S3 task's CSV files; per
// table and block, a row count and an order-independent digest of
// normalized rows, and example rows where they differ.
//
// It may import store (the tables, the Dialect and its optional
// RawScanner) and the AWS SDK's S3 client. It must not import an engine
// package or connect (it asks the dialect, never the engine's name), nor
// know flags, environment variables, exit codes or output.
package verify

import (
	"context"
	"io"
	"slices"
	"sort"
	"strings"

	"github.com/dmslab/dmslab/internal/dgen/fidelity"
	"github.com/dmslab/dmslab/internal/dgen/store"
)

// BlockDigest sums up one block of one table on one side.
type BlockDigest struct {
	Rows int64
	Hash [2]uint64 // sum of the rows' digests
}

func (d *BlockDigest) add(h [2]uint64) {
	d.Rows++
	d.Hash[0] += h[0]
	d.Hash[1] += h[1]
}

// Digests are the block digests of every table.
type Digests map[string]map[int]*BlockDigest

func (d Digests) add(table string, block int, h [2]uint64) {
	if d[table] == nil {
		d[table] = map[int]*BlockDigest{}
	}
	b := d[table][block]
	if b == nil {
		b = &BlockDigest{}
		d[table][block] = b
	}
	b.add(h)
}

// Side is one place holding the tables: a database, or the S3 files.
type Side interface {
	// Name is how messages call it.
	Name() string
	// Digest reads every table once and sums each block.
	Digest(ctx context.Context) (Digests, error)
	// BlockRows returns the normalized rows of one block, for examples.
	BlockRows(ctx context.Context, t store.Table, block int) ([][]string, error)
}

// BlockDiff is one block that differs between the source and a target.
type BlockDiff struct {
	Table      string     `json:"table"`
	Block      int        `json:"block"`
	SourceRows int64      `json:"source_rows"`
	TargetRows int64      `json:"target_rows"`
	Missing    [][]string `json:"missing,omitempty"`   // in the source, not in the target
	Extra      [][]string `json:"extra,omitempty"`     // in the target, not in the source
	Differing  [][]string `json:"differing,omitempty"` // same identity, other values: source row then target row
}

// TableSummary is one table's result.
type TableSummary struct {
	Table  string `json:"table"`
	Blocks int    `json:"blocks"`
	Rows   int64  `json:"rows"`
	Equal  bool   `json:"equal"`
	// Missing: the target has no such table yet.
	Missing bool `json:"missing,omitempty"`
}

// Report is what verify found against one target.
type Report struct {
	Target string         `json:"target"`
	Equal  bool           `json:"equal"`
	Tables []TableSummary `json:"tables"`
	Diffs  []BlockDiff    `json:"diffs,omitempty"`
	// Notes name what the target lacks that the comparison alone would
	// misreport, with its likely cause (see Noter).
	Notes []string `json:"notes,omitempty"`
	// MissingTables are tables the target does not have: DMS has not
	// created them yet. They are not equal; the other tables compare.
	MissingTables []string `json:"missing_tables,omitempty"`
	// Fidelity is the TYPES table's report, column by column (see
	// types.go); an outcome other than the documented one makes the
	// target unequal.
	Fidelity *fidelity.Report `json:"fidelity,omitempty"`
}

// Noter is a Side with something to say about what it read: the S3 side
// names U rows that are not whole rows and why DMS wrote them so.
type Noter interface {
	Notes() []string
}

// Compare lists the blocks whose rows or digests differ.
func Compare(src, dst Digests) []BlockDiff {
	var out []BlockDiff
	for _, t := range store.Tables {
		blocks := map[int]bool{}
		for b := range src[t.Name] {
			blocks[b] = true
		}
		for b := range dst[t.Name] {
			blocks[b] = true
		}
		sorted := make([]int, 0, len(blocks))
		for b := range blocks {
			sorted = append(sorted, b)
		}
		sort.Ints(sorted)
		for _, b := range sorted {
			s, d := src[t.Name][b], dst[t.Name][b]
			if s == nil {
				s = &BlockDigest{}
			}
			if d == nil {
				d = &BlockDigest{}
			}
			if *s != *d {
				out = append(out, BlockDiff{Table: t.Name, Block: b, SourceRows: s.Rows, TargetRows: d.Rows})
			}
		}
	}
	return out
}

// Verify compares every table and block of target with source and, for the
// first differing blocks, finds up to examples rows of each kind.
func Verify(ctx context.Context, source, target Side, examples int) (Report, error) {
	rep := Report{Target: target.Name()}
	if c, ok := target.(io.Closer); ok {
		defer c.Close() // the S3 side's temporary files
	}
	sameMode(source, target)
	// Both sides digest at once: each waits on its own database (or S3).
	var dst Digests
	var dstErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		dst, dstErr = target.Digest(ctx)
	}()
	src, err := source.Digest(ctx)
	<-done
	if err != nil {
		return rep, err
	}
	if dstErr != nil {
		return rep, dstErr
	}
	if n, ok := target.(Noter); ok {
		rep.Notes = n.Notes()
	}
	rep.Diffs = Compare(src, dst)
	rep.MissingTables = missingTables(target)
	rep.Diffs = withoutTables(rep.Diffs, rep.MissingTables)
	bad := map[string]bool{}
	for _, t := range rep.MissingTables {
		bad[t] = true
	}
	for _, d := range rep.Diffs {
		bad[d.Table] = true
	}
	for _, t := range store.Tables {
		ts := TableSummary{Table: t.Name, Blocks: len(src[t.Name]), Equal: !bad[t.Name], Missing: slices.Contains(rep.MissingTables, t.Name)}
		for _, b := range src[t.Name] {
			ts.Rows += b.Rows
		}
		rep.Tables = append(rep.Tables, ts)
	}
	rep.Equal = len(rep.Diffs) == 0 && len(rep.MissingTables) == 0
	for i := range rep.Diffs {
		if i >= 20 { // examples for the first blocks are enough to act on
			break
		}
		if err := fillExamples(ctx, source, target, &rep.Diffs[i], examples); err != nil {
			return rep, err
		}
	}
	return rep, nil
}

func fillExamples(ctx context.Context, source, target Side, d *BlockDiff, n int) error {
	t, _ := store.TableByName(d.Table)
	srcRows, dstRows, narrowed, err := narrowedRows(ctx, source, target, t, d)
	if err != nil {
		return err
	}
	if !narrowed {
		if srcRows, err = source.BlockRows(ctx, t, d.Block); err != nil {
			return err
		}
		if dstRows, err = target.BlockRows(ctx, t, d.Block); err != nil {
			return err
		}
	}
	key := IdentityKey(t)
	missing, extra := notIn(srcRows, dstRows), notIn(dstRows, srcRows)
	// A missing and an extra row with the same identity are one differing row.
	byID := map[string][]string{}
	for _, r := range extra {
		byID[key(r)] = r
	}
	var stillMissing [][]string
	for _, r := range missing {
		if e, ok := byID[key(r)]; ok {
			if len(d.Differing) < 2*n {
				d.Differing = append(d.Differing, r, e)
			}
			delete(byID, key(r))
			continue
		}
		stillMissing = append(stillMissing, r)
	}
	for _, r := range stillMissing {
		if len(d.Missing) < n {
			d.Missing = append(d.Missing, r)
		}
	}
	for _, r := range extra {
		if _, left := byID[key(r)]; left && len(d.Extra) < n {
			d.Extra = append(d.Extra, r)
			delete(byID, key(r))
		}
	}
	return nil
}

// notIn is the multiset difference rows - other: each row of other cancels
// one equal row of rows.
func notIn(rows, other [][]string) [][]string {
	left := map[string]int{}
	for _, r := range other {
		left[strings.Join(r, "\x1f")]++
	}
	var out [][]string
	for _, r := range rows {
		k := strings.Join(r, "\x1f")
		if left[k] > 0 {
			left[k]--
		} else {
			out = append(out, r)
		}
	}
	return out
}

// IdentityKey builds a row's identity from store.Table.Identity.
func IdentityKey(t store.Table) func(row []string) string {
	cols := t.Columns()
	var idx []int
	for _, id := range t.Identity() {
		for i, c := range cols {
			if c == id {
				idx = append(idx, i)
			}
		}
	}
	return func(row []string) string {
		parts := make([]string, len(idx))
		for i, j := range idx {
			parts[i] = row[j]
		}
		return strings.Join(parts, "\x1f")
	}
}

// FormatRow shows a normalized row with its column names.
func FormatRow(t store.Table, row []string) string {
	cols := t.Columns()
	parts := make([]string, len(row))
	for i, v := range row {
		if v == NullValue {
			v = "NULL"
		}
		parts[i] = cols[i] + "=" + v
	}
	return strings.Join(parts, " ")
}
