package store

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"time"
)

// Mix weighs the three kinds of change a run makes.
type Mix struct {
	Insert, Update, Delete int
}

// DefaultMix favours inserts so the tables grow while they change.
var DefaultMix = Mix{Insert: 6, Update: 3, Delete: 1}

// OpKind is a kind of change.
type OpKind int

const (
	OpInsert OpKind = iota
	OpUpdate
	OpDelete
)

func (k OpKind) String() string { return [...]string{"insert", "update", "delete"}[k] }

// Op is one planned change: which table, what, in which block.
type Op struct {
	Table Table
	Kind  OpKind
	Block int
	Text  string // the "cdc" value of an update
	Row   Row    // the content of an insert (its key is set when applied)
}

// Planner draws the sequence of changes of a run. It depends only on the
// seed, so two runs with the same seed plan the same changes.
type Planner struct {
	rng    *rand.Rand
	mix    Mix
	blocks []int
	n      int64
}

// NewPlanner plans a run over blocks with the given mix.
func NewPlanner(seed uint64, mix Mix, blocks []int) *Planner {
	return &Planner{rng: rand.New(rand.NewPCG(seed, 0x64676e)), mix: mix, blocks: blocks}
}

// Next plans the next change.
func (p *Planner) Next() Op {
	p.n++
	t := Tables[p.rng.IntN(len(Tables))]
	kind := OpInsert
	switch w := p.rng.IntN(p.mix.Insert + p.mix.Update + p.mix.Delete); {
	case w >= p.mix.Insert+p.mix.Update:
		kind = OpDelete
	case w >= p.mix.Insert:
		kind = OpUpdate
	}
	op := Op{Table: t, Kind: kind, Block: p.blocks[p.rng.IntN(len(p.blocks))]}
	switch kind {
	case OpInsert:
		op.Row = NewRow(p.rng, 0, op.Block)
	case OpUpdate:
		op.Text = fmt.Sprintf("run-%d", p.n)
	}
	return op
}

// RunOptions configure Run.
type RunOptions struct {
	Rate     float64 // changes per second
	Duration time.Duration
	Mix      Mix
	Seed     uint64
	Blocks   []int
	// Report, when set, is called about once a second with the totals.
	Report func(Summary)
}

// Summary is what a run did.
type Summary struct {
	Planned    int64            `json:"planned"`
	Applied    int64            `json:"applied"`
	Skipped    int64            `json:"skipped"` // updates and deletes that found no row in their block
	Retries    int64            `json:"retries"`
	ByKind     map[string]int64 `json:"by_kind"`
	Cascaded   int64            `json:"cascaded_deletes"`
	Elapsed    time.Duration    `json:"-"`
	Seconds    float64          `json:"seconds"`
	Rate       float64          `json:"rate"` // planned changes per second achieved
	TargetRate float64          `json:"target_rate"`
	Stopped    string           `json:"stopped"` // "duration" or "signal"
}

// errSkip marks a change that found nothing to change.
var errSkip = errors.New("nothing to change")

// Run applies planned changes at Rate per second until Duration has passed
// or ctx is cancelled (SIGINT, SIGTERM), each change and its ledger entry in
// one transaction. Changes are scheduled on a fixed clock, so a slow change
// is caught up on rather than lowering the rate. A change whose connection
// fails is retried, up to three times, on a new connection.
func (s *Store) Run(ctx context.Context, o RunOptions) (Summary, error) {
	sum := Summary{ByKind: map[string]int64{}, TargetRate: o.Rate, Stopped: "duration"}
	planner := NewPlanner(o.Seed, o.Mix, o.Blocks)
	next := map[string]int64{}
	for _, t := range Tables {
		k, err := s.nextKey(ctx, t)
		if err != nil {
			return sum, err
		}
		next[t.Name] = k
	}
	pick := rand.New(rand.NewPCG(o.Seed, 0x7069636b))
	interval := time.Duration(float64(time.Second) / o.Rate)
	start := time.Now()
	lastReport := start
	finish := func() Summary {
		sum.Elapsed = time.Since(start)
		sum.Seconds = sum.Elapsed.Seconds()
		if sum.Seconds > 0 {
			sum.Rate = float64(sum.Planned) / sum.Seconds
		}
		return sum
	}
	for i := int64(0); ; i++ {
		due := start.Add(time.Duration(i) * interval)
		if o.Duration > 0 && due.Sub(start) >= o.Duration {
			// The last change's slot ends the run.
			wait(ctx, time.Until(start.Add(o.Duration)))
			break
		}
		if !wait(ctx, time.Until(due)) {
			sum.Stopped = "signal"
			break
		}
		op := planner.Next()
		sum.Planned++
		var err error
		for attempt := 0; ; attempt++ {
			var cascaded int64
			cascaded, err = s.apply(ctx, op, next, pick)
			if err == nil {
				sum.Cascaded += cascaded
				break
			}
			if errors.Is(err, errSkip) || ctx.Err() != nil || attempt == 3 {
				break
			}
			sum.Retries++
			wait(ctx, time.Duration(attempt+1)*100*time.Millisecond)
		}
		switch {
		case errors.Is(err, errSkip):
			sum.Skipped++
		case err != nil && ctx.Err() != nil:
			sum.Stopped = "signal"
			return finish(), nil
		case err != nil:
			return finish(), fmt.Errorf("%s on %s: %w", op.Kind, op.Table.Name, err)
		default:
			sum.Applied++
			sum.ByKind[op.Kind.String()]++
		}
		if o.Report != nil && time.Since(lastReport) >= time.Second {
			lastReport = time.Now()
			o.Report(finish())
		}
	}
	return finish(), nil
}

// wait sleeps for d or until ctx ends, and says whether ctx is still live.
func wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// apply makes one planned change and records it, in one transaction. It
// returns how many TABLE2 rows a TABLE1 delete took with it.
func (s *Store) apply(ctx context.Context, op Op, next map[string]int64, pick *rand.Rand) (int64, error) {
	var cascaded int64
	t := op.Table
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		delta := ledgerDelta{}
		switch op.Kind {
		case OpInsert:
			r := op.Row
			r.Key = next[t.Name]
			if t.RefersToTable1 {
				ref, ok, err := s.pickTable1Key(ctx, tx, pick, next["TABLE1"]-1)
				if err != nil {
					return err
				}
				r.Ref, r.HasRef = ref, ok
			}
			if _, err := tx.ExecContext(ctx, InsertSQL(s.Dialect, t), r.Args(t)...); err != nil {
				return err
			}
			delta.add(t.Name, r.Block, 1, 1, 0, 0)
		case OpUpdate:
			var addr string
			if err := tx.QueryRowContext(ctx, s.Dialect.OneRowOf(t), op.Block).Scan(&addr); err == sql.ErrNoRows {
				return errSkip
			} else if err != nil {
				return err
			}
			q := fmt.Sprintf(`UPDATE %s SET "cdc" = %s WHERE %s`, s.Dialect.Table(t.Name), s.Dialect.Placeholder(1), s.Dialect.ByRowAddress(2))
			if _, err := tx.ExecContext(ctx, q, op.Text, addr); err != nil {
				return err
			}
			delta.add(t.Name, op.Block, 0, 0, 1, 0)
		case OpDelete:
			if t.Name == "TABLE1" {
				var key sql.NullInt64
				q := fmt.Sprintf(`SELECT MIN("t1_pk") FROM %s WHERE "block" = %s`, s.Dialect.Table(t.Name), s.Dialect.Placeholder(1))
				if err := tx.QueryRowContext(ctx, q, op.Block).Scan(&key); err != nil {
					return err
				}
				if !key.Valid {
					return errSkip
				}
				counts, err := countByBlock(ctx, tx, fmt.Sprintf(`SELECT "block", COUNT(*) FROM %s WHERE "refrence_t1" = %s GROUP BY "block"`, s.Dialect.Table("TABLE2"), s.Dialect.Placeholder(1)), key.Int64)
				if err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, fmt.Sprintf(`DELETE FROM %s WHERE "t1_pk" = %s`, s.Dialect.Table(t.Name), s.Dialect.Placeholder(1)), key.Int64); err != nil {
					return err
				}
				for b, n := range counts {
					delta.add("TABLE2", b, -n, 0, 0, n)
					cascaded += n
				}
			} else {
				var addr string
				if err := tx.QueryRowContext(ctx, s.Dialect.OneRowOf(t), op.Block).Scan(&addr); err == sql.ErrNoRows {
					return errSkip
				} else if err != nil {
					return err
				}
				if _, err := tx.ExecContext(ctx, fmt.Sprintf("DELETE FROM %s WHERE %s", s.Dialect.Table(t.Name), s.Dialect.ByRowAddress(1)), addr); err != nil {
					return err
				}
			}
			delta.add(t.Name, op.Block, -1, 0, 0, 1)
		}
		return delta.write(ctx, tx, s.Dialect)
	})
	if err == nil && op.Kind == OpInsert && t.Key != "" {
		next[t.Name]++
	}
	return cascaded, err
}
