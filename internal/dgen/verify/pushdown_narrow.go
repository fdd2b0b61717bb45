package verify

import (
	"context"
	"fmt"
	"strings"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// Narrowing: a large differing block of a table with a key is read only in
// the buckets whose sums differ. The push-down digest summed every bucket
// already, so narrowing sums nothing again: it reads the differing
// buckets' rows, on both sides at once, in one statement a side.

// narrowAbove: a differing block with more rows than this (on both sides
// together) is narrowed to its differing buckets when both sides push
// down; a smaller one is read whole.
var narrowAbove int64 = 10000

// countReads is called for each narrowed block (tests count them).
var countReads = func() {}

// maxRangesRead is the most differing buckets read before reading the
// whole block instead.
const maxRangesRead = 64

// narrowedRows returns the rows of block's differing buckets on both sides,
// or ok false when the block is not narrowed.
func narrowedRows(ctx context.Context, source, target Side, t store.Table, d *BlockDiff) (srcRows, dstRows [][]string, ok bool, err error) {
	a, isA := source.(*DBSide)
	b, isB := target.(*DBSide)
	if !isA || !isB || !a.canPushDown() || !b.canPushDown() || d.SourceRows+d.TargetRows <= narrowAbove {
		return nil, nil, false, nil
	}
	sp, spB := a.pd.plan[t.Name], b.pd.plan[t.Name]
	if !sp.bucketed || !spB.bucketed || sp.lo != spB.lo || sp.width != spB.width {
		return nil, nil, false, nil
	}
	ba, bb := a.pd.buckets[t.Name][d.Block], b.pd.buckets[t.Name][d.Block]
	differ := map[int64]bool{}
	for g, x := range ba {
		if y := bb[g]; y == nil || *x != *y {
			differ[g] = true
		}
	}
	for g := range bb {
		if ba[g] == nil {
			differ[g] = true
		}
	}
	if len(differ) == 0 || len(differ) > maxRangesRead || differ[nullBucket] {
		return nil, nil, false, nil
	}
	countReads()
	// Adjacent buckets make one key range.
	var ranges [][2]int64
	for _, g := range sortedKeys(differ) {
		from, to := sp.bucketKeys(g)
		if n := len(ranges); n > 0 && ranges[n-1][1] == from {
			ranges[n-1][1] = to
			continue
		}
		ranges = append(ranges, [2]int64{from, to})
	}
	read := func(s *DBSide, into *[][]string) func(context.Context) error {
		return func(ctx context.Context) error {
			where, args := bucketRowsWhere(s.Store.Dialect, t.Key, d.Block, ranges)
			return s.scan(ctx, t, where, args, func(row []string, _ int) {
				*into = append(*into, append([]string(nil), row...))
			})
		}
	}
	if err := runAtMost(ctx, 2, []func(context.Context) error{read(a, &srcRows), read(b, &dstRows)}); err != nil {
		return nil, nil, false, err
	}
	return srcRows, dstRows, true, nil
}

// bucketRowsWhere selects a block's rows whose key is in one of ranges
// ([from, to) each).
func bucketRowsWhere(d store.Dialect, key string, block int, ranges [][2]int64) (string, []any) {
	args := []any{block}
	conds := make([]string, len(ranges))
	for i, r := range ranges {
		args = append(args, r[0], r[1])
		conds[i] = fmt.Sprintf(`"%s" >= %s AND "%s" < %s`, key, d.Placeholder(len(args)-1), key, d.Placeholder(len(args)))
	}
	return fmt.Sprintf(` WHERE "block" = %s AND (%s)`, d.Placeholder(1), strings.Join(conds, " OR ")), args
}
