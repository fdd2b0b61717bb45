package verify

import (
	"context"
	"fmt"
	"sync/atomic"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/connect"
	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/pgtest"
)

// countStatements counts the push-down statements sent until the returned
// function is called, which gives the count.
func countStatements(t *testing.T) func() int64 {
	t.Helper()
	var n atomic.Int64
	countChecksums = func() { n.Add(1) }
	t.Cleanup(func() { countChecksums = func() {} })
	return func() int64 { countChecksums = func() {}; return n.Load() }
}

// Cutting the tables into parts run at once gives the same block and
// bucket sums as one statement a table, whatever the number of parts, on
// PostgreSQL: each row is summed in exactly one part.
func TestParallelPartsSumAsOneStatement(t *testing.T) {
	srv, err := pgtest.Start()
	if err != nil {
		t.Fatal(err)
	}
	defer srv.Stop()
	ctx := context.Background()
	url, err := srv.NewDB()
	if err != nil {
		t.Fatal(err)
	}
	s, err := connect.OpenURL(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer s.DB.Close()
	if err := s.Init(ctx); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Preload(ctx, store.PreloadOptions{Rows: 5000, Seed: 3}); err != nil {
		t.Fatal(err)
	}
	// More blocks, keys far apart, a NULL and '' among the texts.
	for _, q := range []string{
		`INSERT INTO "TABLE1" SELECT 100000 + i, i % 7, i / 100.0, 'x' || i, CASE WHEN i % 5 = 0 THEN NULL ELSE '' END FROM generate_series(1, 3000) i`,
		`INSERT INTO "TABLE2" SELECT 900000 + i, i % 3, i, 'y' || i, 'c', NULL FROM generate_series(1, 2000) i`,
		`INSERT INTO "TABLE3" SELECT i % 11, i / 4.0, 'z' || i, NULL FROM generate_series(1, 4000) i`,
	} {
		if _, err := s.DB.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	digest := func(parallel int) (Digests, *DBSide, int64) {
		count := countStatements(t)
		side := &DBSide{Label: "source", Store: s, Parallel: parallel}
		d, err := side.Digest(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return d, side, count()
	}
	one, oneSide, oneSent := digest(1)
	if oneSent != 3 {
		t.Errorf("one at a time: %d statements, want one a table", oneSent)
	}
	if len(one["TABLE1"]) != 7 || len(one["TABLE3"]) != 11 {
		t.Fatalf("blocks read: %d of TABLE1, %d of TABLE3", len(one["TABLE1"]), len(one["TABLE3"]))
	}
	for _, parallel := range []int{2, 5, 16} {
		got, side, sent := digest(parallel)
		if sent <= 3 {
			t.Errorf("parallel %d: %d statements; the tables were not cut", parallel, sent)
		}
		if diffs := Compare(one, got); len(diffs) != 0 {
			t.Errorf("parallel %d: blocks differ from one statement a table: %+v", parallel, diffs)
		}
		if a, b := flatBuckets(side), flatBuckets(oneSide); fmt.Sprint(a) != fmt.Sprint(b) || len(a) < 10 {
			t.Errorf("parallel %d: bucket sums differ from one statement a table", parallel)
		}
	}
	// A block's buckets add up to the block.
	for block, buckets := range oneSide.pd.buckets["TABLE1"] {
		var sum BlockDigest
		for _, b := range buckets {
			sum.Rows += b.Rows
			sum.Hash[0] += b.Hash[0]
			sum.Hash[1] += b.Hash[1]
		}
		if sum != *one["TABLE1"][block] {
			t.Errorf("TABLE1 block %d: buckets add to %+v, the block is %+v", block, sum, *one["TABLE1"][block])
		}
	}
}

// flatBuckets lists a side's bucket sums by table, block and bucket.
func flatBuckets(s *DBSide) map[string]BlockDigest {
	out := map[string]BlockDigest{}
	for table, blocks := range s.pd.buckets {
		for block, buckets := range blocks {
			for g, b := range buckets {
				out[fmt.Sprintf("%s/%d/%d", table, block, g)] = *b
			}
		}
	}
	return out
}

// Every integer key lies in the key range narrowing reads for its bucket,
// the quotient rounded toward zero as both engines compute it (and Go's
// division does), keys below lo included.
func TestBucketKeysHoldTheirKeys(t *testing.T) {
	sp := tableSplit{bucketed: true, lo: 1000, width: 7}
	for k := sp.lo - 5*sp.width; k < sp.lo+5*sp.width; k++ {
		g := (k - sp.lo) / sp.width
		from, to := sp.bucketKeys(g)
		if k < from || k >= to {
			t.Errorf("key %d is in bucket %d, read as [%d, %d)", k, g, from, to)
		}
		for _, other := range []int64{g - 1, g + 1} {
			if from, to := sp.bucketKeys(other); k >= from && k < to {
				t.Errorf("key %d of bucket %d is also read for bucket %d: [%d, %d)", k, g, other, from, to)
			}
		}
	}
}
