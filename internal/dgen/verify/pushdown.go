package verify

import (
	"context"
	"fmt"
	"math/big"
	"slices"
	"strconv"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// Push-down: each database sums its blocks itself (store.BlockChecksummer),
// applying the normalization of normalize.go in SQL, so one row per block
// crosses the network. Its digests are not the streaming digests (a row's
// number is a slice of an MD5 the database computes, not of rowHash), so
// both sides of a comparison must digest the same way; Verify sees to it.
// Only the blocks that differ are then read row by row (BlockRows).

// canPushDown says whether this side digests in the database.
func (s *DBSide) canPushDown() bool {
	_, ok := s.Store.Dialect.(store.BlockChecksummer)
	return ok && !s.Stream
}

func (s *DBSide) table(name string) string {
	d := s.Store.Dialect
	if s.Schema != "" {
		return d.Table(s.Schema) + "." + d.Table(name)
	}
	return d.Table(name)
}

func (s *DBSide) digestPushDown(ctx context.Context, bc store.BlockChecksummer) (Digests, error) {
	d := Digests{}
	for _, t := range store.Tables {
		d[t.Name] = map[int]*BlockDigest{}
		q := bc.BlockChecksumSQL(s.table(t.Name), t.Columns(), numericColumns, s.EmptyIsNull)
		if err := s.readChecksums(ctx, q, d[t.Name]); err != nil {
			if s.lacks(t, err) {
				continue
			}
			return nil, fmt.Errorf("%s %s: %w", s.Label, t.Name, err)
		}
	}
	return d, nil
}

func (s *DBSide) readChecksums(ctx context.Context, q string, into map[int]*BlockDigest) error {
	rows, err := s.Store.DB.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var block, count, sum0, sum1 string
		if err := rows.Scan(&block, &count, &sum0, &sum1); err != nil {
			return err
		}
		b := atoi(appendCanonicalDecimal(nil, []byte(block)))
		n, err := strconv.ParseInt(count, 10, 64)
		if err != nil {
			return fmt.Errorf("block %s: count %q: %w", block, count, err)
		}
		h0, err := low64(sum0)
		if err != nil {
			return err
		}
		h1, err := low64(sum1)
		if err != nil {
			return err
		}
		into[b] = &BlockDigest{Rows: n, Hash: [2]uint64{h0, h1}}
	}
	return rows.Err()
}

// low64 is an exact decimal sum modulo 2^64.
func low64(s string) (uint64, error) {
	v, ok := new(big.Int).SetString(s, 10)
	if !ok {
		return 0, fmt.Errorf("checksum %q is not an integer", s)
	}
	return v.And(v, new(big.Int).SetUint64(^uint64(0))).Uint64(), nil
}

// sameMode makes source and target digest alike: push-down only when both
// are databases that can; streaming otherwise.
func sameMode(source, target Side) {
	a, ok := source.(*DBSide)
	if !ok {
		return
	}
	b, ok := target.(*DBSide)
	if !ok || !a.canPushDown() || !b.canPushDown() {
		a.Stream = true
		if ok {
			b.Stream = true
		}
	}
}

// narrowAbove: a differing block with more rows than this (on both sides
// together) is first narrowed by key ranges when both sides push down: the
// databases sum the block's rows by key range, and only the ranges that
// differ are read.
var narrowAbove int64 = 10000

// countReads is called for each narrowed block (tests count them).
var countReads = func() {}

// keyRanges is how many ranges a block is cut into, at most; maxRangesRead
// the most differing ranges read before reading the whole block instead.
const (
	keyRanges     = 256
	maxRangesRead = 64
)

// narrowedRows returns the rows of block's differing key ranges on both
// sides, or ok false when the block is not narrowed.
func narrowedRows(ctx context.Context, source, target Side, t store.Table, d *BlockDiff) (srcRows, dstRows [][]string, ok bool, err error) {
	a, isA := source.(*DBSide)
	b, isB := target.(*DBSide)
	if !isA || !isB || !a.canPushDown() || !b.canPushDown() || t.Key == "" || d.SourceRows+d.TargetRows <= narrowAbove {
		return nil, nil, false, nil
	}
	lo, hi := int64(0), int64(-1)
	for _, s := range []*DBSide{a, b} {
		l, h, found, err := s.keyBounds(ctx, t, d.Block)
		if err != nil {
			return nil, nil, false, err
		}
		if found {
			if hi < lo || l < lo {
				lo = l
			}
			if hi < h {
				hi = h
			}
		}
	}
	if hi < lo {
		return nil, nil, false, nil
	}
	width := (hi-lo)/keyRanges + 1
	sa, err := a.rangeDigests(ctx, t, d.Block, width)
	if err != nil {
		return nil, nil, false, err
	}
	sb, err := b.rangeDigests(ctx, t, d.Block, width)
	if err != nil {
		return nil, nil, false, err
	}
	var groups []int64
	for g, x := range sa {
		if y := sb[g]; y == nil || *x != *y {
			groups = append(groups, g)
		}
	}
	for g := range sb {
		if sa[g] == nil {
			groups = append(groups, g)
		}
	}
	if len(groups) > maxRangesRead {
		return nil, nil, false, nil
	}
	slices.Sort(groups)
	countReads()
	for _, g := range groups {
		for _, side := range []struct {
			s    *DBSide
			into *[][]string
		}{{a, &srcRows}, {b, &dstRows}} {
			where := fmt.Sprintf(` WHERE "block" = %s AND "%s" >= %s AND "%s" < %s`, side.s.Store.Dialect.Placeholder(1), t.Key, side.s.Store.Dialect.Placeholder(2), t.Key, side.s.Store.Dialect.Placeholder(3))
			if err := side.s.scan(ctx, t, where, []any{d.Block, g * width, (g + 1) * width}, func(row []string, _ int) {
				*side.into = append(*side.into, append([]string(nil), row...))
			}); err != nil {
				return nil, nil, false, err
			}
		}
	}
	return srcRows, dstRows, true, nil
}

// keyBounds is the smallest and largest key of a block.
func (s *DBSide) keyBounds(ctx context.Context, t store.Table, block int) (lo, hi int64, found bool, err error) {
	d := s.Store.Dialect
	var l, h nullString
	q := fmt.Sprintf(`SELECT %s, %s FROM (SELECT MIN("%s") AS "lo", MAX("%s") AS "hi" FROM %s WHERE "block" = %s) m`, d.ColumnText("lo", true), d.ColumnText("hi", true), t.Key, t.Key, s.table(t.Name), d.Placeholder(1))
	if err := s.Store.DB.QueryRowContext(ctx, q, block).Scan(&l, &h); err != nil {
		return 0, 0, false, fmt.Errorf("%s %s: %w", s.Label, t.Name, err)
	}
	if !l.ok || !h.ok {
		return 0, 0, false, nil
	}
	lo, err = strconv.ParseInt(string(appendCanonicalDecimal(nil, []byte(l.s))), 10, 64)
	if err != nil {
		return 0, 0, false, err
	}
	hi, err = strconv.ParseInt(string(appendCanonicalDecimal(nil, []byte(h.s))), 10, 64)
	return lo, hi, err == nil, err
}

// rangeDigests sums one block's rows by FLOOR(key / width).
func (s *DBSide) rangeDigests(ctx context.Context, t store.Table, block int, width int64) (map[int64]*BlockDigest, error) {
	bc := s.Store.Dialect.(store.BlockChecksummer)
	q := bc.KeyRangeChecksumSQL(s.table(t.Name), t.Columns(), numericColumns, s.EmptyIsNull, t.Key)
	rows, err := s.Store.DB.QueryContext(ctx, q, block, width)
	if err != nil {
		return nil, fmt.Errorf("%s %s: %w", s.Label, t.Name, err)
	}
	defer rows.Close()
	out := map[int64]*BlockDigest{}
	for rows.Next() {
		var g, count, sum0, sum1 string
		if err := rows.Scan(&g, &count, &sum0, &sum1); err != nil {
			return nil, err
		}
		gi, err := strconv.ParseInt(string(appendCanonicalDecimal(nil, []byte(g))), 10, 64)
		if err != nil {
			return nil, fmt.Errorf("key range %q: %w", g, err)
		}
		n, err := strconv.ParseInt(count, 10, 64)
		if err != nil {
			return nil, err
		}
		h0, err := low64(sum0)
		if err != nil {
			return nil, err
		}
		h1, err := low64(sum1)
		if err != nil {
			return nil, err
		}
		out[gi] = &BlockDigest{Rows: n, Hash: [2]uint64{h0, h1}}
	}
	return out, rows.Err()
}
