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
// buckets' rows, on both sides at once, in one statement a side. Other
// differing blocks are read whole, both sides at once too.

// narrowAbove: a differing block with more rows than this (on both sides
// together) is narrowed to its differing buckets when both sides push
// down; a smaller one is read whole.
var narrowAbove int64 = 10000

// countReads is called for each narrowed block (tests count them).
var countReads = func() {}

// maxRangesRead is the most differing buckets read before reading the
// whole block instead.
const maxRangesRead = 64

// narrowedRows returns the rows of a differing block on both sides, read
// at once when both push down: only its differing buckets when the block
// is large and can be narrowed, the whole block otherwise. ok is false
// when the sides do not both push down (verify reads them one by one).
func narrowedRows(ctx context.Context, source, target Side, t store.Table, d *BlockDiff) (srcRows, dstRows [][]string, ok bool, err error) {
	a, isA := source.(*DBSide)
	b, isB := target.(*DBSide)
	if !isA || !isB || !a.canPushDown() || !b.canPushDown() {
		return nil, nil, false, nil
	}
	ranges := differingRanges(a, b, t, d)
	if ranges != nil {
		countReads()
	}
	read := func(s *DBSide, into *[][]string) func(context.Context) error {
		return func(ctx context.Context) error {
			if ranges == nil {
				rows, err := s.BlockRows(ctx, t, d.Block)
				*into = rows
				return err
			}
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

// differingRanges are the key ranges of a large block's differing buckets
// ([from, to) each, adjacent buckets as one range), or nil when the block
// is to be read whole: small, in a table without buckets, or with too
// many differing buckets.
func differingRanges(a, b *DBSide, t store.Table, d *BlockDiff) [][2]int64 {
	if d.SourceRows+d.TargetRows <= narrowAbove {
		return nil
	}
	sp, spB := a.pd.plan[t.Name], b.pd.plan[t.Name]
	if !sp.bucketed || !spB.bucketed || sp.lo != spB.lo || sp.width != spB.width {
		return nil
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
		return nil
	}
	var ranges [][2]int64
	for _, g := range sortedKeys(differ) {
		from, to := sp.bucketKeys(g)
		if n := len(ranges); n > 0 && ranges[n-1][1] == from {
			ranges[n-1][1] = to
			continue
		}
		ranges = append(ranges, [2]int64{from, to})
	}
	return ranges
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
