package verify

import (
	"context"
	"fmt"
	"math/big"
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
