package verify

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"strings"
	"sync"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// How the push-down cuts a table. Both sides use one plan, made from the
// smallest and largest key (or block) either side holds: the buckets must
// be the same on both sides to be compared; the parts need not be (each
// side adds its parts' sums), but one plan keeps them alike.

// Buckets: at most maxBuckets a table, each at least minBucketWidth keys
// wide. A differing bucket of a large block is read row by row on both
// sides, so a bucket stays small (about 1 000 to 10 000 rows for the lab's
// tables), and a table's sums stay a few thousand rows.
const (
	maxBuckets     = 1024
	minBucketWidth = 1024
)

// tableSplit is how the push-down cuts one table.
type tableSplit struct {
	// column is what the parts are cut by: the key, or "block".
	column string
	// cuts divide the parts: part i holds the values in [cuts[i-1],
	// cuts[i]); the first part also holds every lower value and NULL, the
	// last every value from its cut on. No cuts: one part, the table.
	cuts []int64
	// bucketed: each block's rows are also summed by bucket of the key,
	// (key - lo) / width rounded toward zero (see bucketKeys).
	bucketed  bool
	lo, width int64
}

// pushPlan is the cut of every table, by name.
type pushPlan map[string]tableSplit

// parts numbers the table's parts.
func (sp tableSplit) parts() iter.Seq[int] {
	return func(yield func(int) bool) {
		for i := 0; i <= len(sp.cuts); i++ {
			if !yield(i) {
				return
			}
		}
	}
}

// query is the bucket column, the condition and the bind values of one
// part's statement.
func (sp tableSplit) query(d store.Dialect, part int) (store.ChecksumQuery, []any) {
	var q store.ChecksumQuery
	var args []any
	if sp.bucketed {
		q.Bucket = sp.column
		args = append(args, sp.lo, sp.width)
	}
	if len(sp.cuts) == 0 {
		return q, args
	}
	c := `"` + sp.column + `"`
	next := func(v int64) string {
		args = append(args, v)
		return d.Placeholder(len(args))
	}
	switch {
	case part == 0:
		q.Where = fmt.Sprintf("(%s < %s OR %s IS NULL)", c, next(sp.cuts[0]), c)
	case part == len(sp.cuts):
		q.Where = fmt.Sprintf("%s >= %s", c, next(sp.cuts[part-1]))
	default:
		q.Where = fmt.Sprintf("%s >= %s AND %s < %s", c, next(sp.cuts[part-1]), c, next(sp.cuts[part]))
	}
	return q, args
}

// sharedPlan makes the plan once for the sides that compare, whichever
// side starts digesting first.
type sharedPlan struct {
	once  sync.Once
	sides []*DBSide
	plan  pushPlan
	err   error
}

func (p *sharedPlan) get(ctx context.Context) (pushPlan, error) {
	p.once.Do(func() { p.plan, p.err = planPushDown(ctx, p.sides) })
	return p.plan, p.err
}

// bounds is the smallest and largest value of a column on one side; ok
// false when the side has no rows (or no such table, or a value that is
// not an integer).
type bounds struct {
	lo, hi int64
	ok     bool
}

// planPushDown reads every table's bounds on every side at once and cuts
// their union.
func planPushDown(ctx context.Context, sides []*DBSide) (pushPlan, error) {
	parts := 1
	for _, s := range sides {
		parts = max(parts, s.parallel())
	}
	found := make([][]bounds, len(sides))
	var jobs [][]func(context.Context) error
	for i, s := range sides {
		found[i] = make([]bounds, len(store.Tables))
		var mine []func(context.Context) error
		for j, t := range store.Tables {
			if t.Key == "" && parts == 1 {
				continue // neither bucketed nor cut
			}
			mine = append(mine, func(ctx context.Context) error {
				b, err := s.bounds(ctx, t, splitColumn(t))
				found[i][j] = b
				return err
			})
		}
		jobs = append(jobs, mine)
	}
	// Each side runs its own statements at most Parallel at once; the
	// sides run at once.
	errs := make([]error, len(sides))
	var wg sync.WaitGroup
	for i, s := range sides {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = runAtMost(ctx, s.parallel(), jobs[i])
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	plan := pushPlan{}
	for j, t := range store.Tables {
		var all bounds
		for i := range sides {
			b := found[i][j]
			switch {
			case !b.ok:
			case !all.ok:
				all = b
			default:
				all.lo, all.hi = min(all.lo, b.lo), max(all.hi, b.hi)
			}
		}
		plan[t.Name] = cut(t, all, parts)
	}
	return plan, nil
}

// splitColumn is what a table's parts are cut by.
func splitColumn(t store.Table) string {
	if t.Key != "" {
		return t.Key
	}
	return "block"
}

// cut makes a table's split from the union of its bounds.
func cut(t store.Table, b bounds, parts int) tableSplit {
	sp := tableSplit{column: splitColumn(t)}
	// An empty table, or a span that would overflow, is one part.
	if !b.ok || b.hi < b.lo || b.hi-b.lo >= 1<<62 {
		return sp
	}
	span := b.hi - b.lo + 1
	step := ceilDiv(span, int64(parts))
	if t.Key != "" {
		sp.bucketed, sp.lo = true, b.lo
		sp.width = max(ceilDiv(span, maxBuckets), minBucketWidth)
		// Parts of whole buckets: no bucket is summed in two statements.
		step = ceilDiv(step, sp.width) * sp.width
	}
	for v := b.lo + step; v <= b.hi; v += step {
		sp.cuts = append(sp.cuts, v)
	}
	return sp
}

func ceilDiv(a, b int64) int64 { return (a + b - 1) / b }

// bucketKeys are the integer keys in bucket g: [from, to). Rounding toward
// zero puts the keys from lo on in buckets of width keys, and those below
// lo (added after the bounds were read) in bucket 0 too, then below.
func (sp tableSplit) bucketKeys(g int64) (from, to int64) {
	switch {
	case g > 0:
		return sp.lo + g*sp.width, sp.lo + (g+1)*sp.width
	case g == 0:
		return sp.lo - sp.width + 1, sp.lo + sp.width
	default:
		return sp.lo + (g-1)*sp.width + 1, sp.lo + g*sp.width + 1
	}
}

// bounds reads the smallest and largest value of column. Two one-row
// views, each of one aggregate, let either engine answer each from an
// index on the column where there is one.
func (s *DBSide) bounds(ctx context.Context, t store.Table, column string) (bounds, error) {
	d := s.Store.Dialect
	tb := s.table(t.Name)
	q := fmt.Sprintf(`SELECT %s, %s FROM (SELECT MIN("%s") AS "lo" FROM %s) a, (SELECT MAX("%s") AS "hi" FROM %s) b`,
		d.ColumnText("lo", true), d.ColumnText("hi", true), column, tb, column, tb)
	var l, h nullString
	if err := s.Store.DB.QueryRowContext(ctx, q).Scan(&l, &h); err != nil {
		if s.MayLackTables && s.Store.IsMissingTable(err) {
			return bounds{}, nil // Digest finds it missing and says so
		}
		return bounds{}, fmt.Errorf("%s %s: %w", s.Label, t.Name, err)
	}
	if !l.ok || !h.ok {
		return bounds{}, nil
	}
	lo, err1 := strconv.ParseInt(string(appendCanonicalDecimal(nil, []byte(strings.TrimSpace(l.s)))), 10, 64)
	hi, err2 := strconv.ParseInt(string(appendCanonicalDecimal(nil, []byte(strings.TrimSpace(h.s)))), 10, 64)
	if err1 != nil || err2 != nil {
		return bounds{}, nil // not integers: the table is one part
	}
	return bounds{lo: lo, hi: hi, ok: true}, nil
}
