package verify

import (
	"context"
	"fmt"
	"math"
	"math/big"
	"slices"
	"strconv"
	"sync"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// Push-down: each database sums its blocks itself (store.BlockChecksummer),
// applying the normalization of normalize.go in SQL, so a few rows per
// block cross the network instead of every row. Its digests are not the
// streaming digests (a row's number is a slice of an MD5 the database
// computes, not of rowHash), so both sides of a comparison must digest the
// same way; Verify sees to it.
//
// Each table is cut into parts by ranges of its key ("block" for a table
// without one), summed by statements that run at once on several
// connections (DBSide.Parallel), so that a database with several cores
// uses them; the parts' sums are added here. A table with a key is also
// summed per block and bucket of keys (pushdown_plan.go), the buckets
// agreed by both sides, so that a differing block is narrowed to the
// buckets that differ without summing anything again (pushdown_narrow.go).

// DefaultParallel is how many push-down statements run at once on each
// database unless told otherwise: the lab's default instance classes
// (db.t3.small for Oracle, db.t4g.medium for Aurora) have two vCPUs.
const DefaultParallel = 2

// MaxParallel bounds DBSide.Parallel: each statement holds a connection.
const MaxParallel = 64

// pushDownState is what a push-down digest leaves for narrowing.
type pushDownState struct {
	shared *sharedPlan
	// plan is the cut the last digest used; buckets its per-bucket sums,
	// by table, block and bucket.
	plan    pushPlan
	buckets map[string]map[int]map[int64]*BlockDigest
}

// nullBucket stands for the rows whose key is NULL.
const nullBucket = math.MinInt64

// countChecksums is called for each push-down statement (tests count them).
var countChecksums = func() {}

// canPushDown says whether this side digests in the database.
func (s *DBSide) canPushDown() bool {
	_, ok := s.Store.Dialect.(store.BlockChecksummer)
	return ok && !s.Stream
}

// parallel is how many statements this side runs at once.
func (s *DBSide) parallel() int {
	return min(max(s.Parallel, 1), MaxParallel)
}

func (s *DBSide) table(name string) string {
	d := s.Store.Dialect
	if s.Schema != "" {
		return d.Table(s.Schema) + "." + d.Table(name)
	}
	return d.Table(name)
}

// sameMode makes source and target digest alike: push-down only when both
// are databases that can, cut alike; streaming otherwise.
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
		return
	}
	shared := &sharedPlan{sides: []*DBSide{a, b}}
	a.pd.shared, b.pd.shared = shared, shared
}

func (s *DBSide) digestPushDown(ctx context.Context, bc store.BlockChecksummer) (Digests, error) {
	shared := s.pd.shared
	if shared == nil { // digested alone (tests): its own bounds
		shared = &sharedPlan{sides: []*DBSide{s}}
	}
	plan, err := shared.get(ctx)
	if err != nil {
		return nil, err
	}
	d := Digests{}
	buckets := map[string]map[int]map[int64]*BlockDigest{}
	var mu sync.Mutex
	lacking := map[string]bool{}
	var jobs []func(context.Context) error
	for _, t := range store.Tables {
		d[t.Name] = map[int]*BlockDigest{}
		split := plan[t.Name]
		if split.bucketed {
			buckets[t.Name] = map[int]map[int64]*BlockDigest{}
		}
		for part := range split.parts() {
			jobs = append(jobs, func(ctx context.Context) error {
				cq, args := split.query(s.Store.Dialect, part)
				cq.Table, cq.Columns, cq.Numeric, cq.EmptyIsNull = s.table(t.Name), t.Columns(), numericColumns, s.EmptyIsNull
				countChecksums()
				err := s.readChecksums(ctx, bc.ChecksumSQL(cq), args, func(block int, bucket int64, bd BlockDigest) {
					mu.Lock()
					defer mu.Unlock()
					addDigest(d[t.Name], block, bd)
					if split.bucketed {
						if buckets[t.Name][block] == nil {
							buckets[t.Name][block] = map[int64]*BlockDigest{}
						}
						addDigest(buckets[t.Name][block], bucket, bd)
					}
				})
				if err != nil && s.MayLackTables && s.Store.IsMissingTable(err) {
					mu.Lock()
					lacking[t.Name] = true
					mu.Unlock()
					return nil
				}
				if err != nil {
					return fmt.Errorf("%s %s: %w", s.Label, t.Name, err)
				}
				return nil
			})
		}
	}
	if err := runAtMost(ctx, s.parallel(), jobs); err != nil {
		return nil, err
	}
	for _, t := range store.Tables { // in table order, whatever finished first
		if lacking[t.Name] {
			s.missing = append(s.missing, t.Name)
			d[t.Name] = map[int]*BlockDigest{}
			delete(buckets, t.Name)
		}
	}
	s.pd.plan, s.pd.buckets = plan, buckets
	return d, nil
}

// addDigest adds one part's sums of a block (or bucket) to into.
func addDigest[K comparable](into map[K]*BlockDigest, k K, bd BlockDigest) {
	x := into[k]
	if x == nil {
		x = &BlockDigest{}
		into[k] = x
	}
	x.Rows += bd.Rows
	x.Hash[0] += bd.Hash[0]
	x.Hash[1] += bd.Hash[1]
}

// readChecksums runs one push-down statement and hands on each row: the
// block, the bucket (nullBucket when the key is NULL or there is none) and
// their sums.
func (s *DBSide) readChecksums(ctx context.Context, q string, args []any, each func(block int, bucket int64, bd BlockDigest)) error {
	rows, err := s.Store.DB.QueryContext(ctx, q, args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var block, bucket nullString
		var count, sum0, sum1 string
		if err := rows.Scan(&block, &bucket, &count, &sum0, &sum1); err != nil {
			return err
		}
		b := atoi(appendCanonicalDecimal(nil, []byte(block.s)))
		g := int64(nullBucket)
		if bucket.ok {
			if g, err = strconv.ParseInt(string(appendCanonicalDecimal(nil, []byte(bucket.s))), 10, 64); err != nil {
				return fmt.Errorf("block %s: bucket %q: %w", block.s, bucket.s, err)
			}
		}
		n, err := strconv.ParseInt(count, 10, 64)
		if err != nil {
			return fmt.Errorf("block %s: count %q: %w", block.s, count, err)
		}
		h0, err := low64(sum0)
		if err != nil {
			return err
		}
		h1, err := low64(sum1)
		if err != nil {
			return err
		}
		each(b, g, BlockDigest{Rows: n, Hash: [2]uint64{h0, h1}})
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

// runAtMost runs jobs, at most n at once, in order of the slice; the first
// error cancels the others and is returned.
func runAtMost(ctx context.Context, n int, jobs []func(context.Context) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan func(context.Context) error)
	var wg sync.WaitGroup
	var once sync.Once
	var first error
	for range min(n, len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for job := range next {
				if err := job(ctx); err != nil {
					once.Do(func() { first = err; cancel() })
				}
			}
		}()
	}
	for _, job := range jobs {
		if ctx.Err() != nil {
			break
		}
		next <- job
	}
	close(next)
	wg.Wait()
	if first == nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return first
}

// sortedKeys lists a map's keys in order.
func sortedKeys[K int | int64, V any](m map[K]V) []K {
	out := make([]K, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}
