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
	// Seed and Index make TYPES' rows: an insert's is the row of its key
	// in Seed's series, an update's new values those of key Index.
	Seed  uint64
	Index int64
}

// TypesShare is the part of a run's changes that go to TYPES: one in
// TypesShare. The rest go to TABLE1..3 evenly, as before.
const TypesShare = 10

// Planner draws the sequence of changes of a run. It depends only on the
// seed, so two runs with the same seed plan the same changes.
type Planner struct {
	rng    *rand.Rand
	mix    Mix
	blocks []int
	n      int64
	seed   uint64
}

// NewPlanner plans a run over blocks with the given mix.
func NewPlanner(seed uint64, mix Mix, blocks []int) *Planner {
	return &Planner{rng: rand.New(rand.NewPCG(seed, 0x64676e)), mix: mix, blocks: blocks, seed: seed}
}

// Next plans the next change.
func (p *Planner) Next() Op {
	p.n++
	t := Types
	if p.rng.IntN(TypesShare) != 0 {
		t = Tables[p.rng.IntN(len(Tables))]
	}
	kind := OpInsert
	switch w := p.rng.IntN(p.mix.Insert + p.mix.Update + p.mix.Delete); {
	case w >= p.mix.Insert+p.mix.Update:
		kind = OpDelete
	case w >= p.mix.Insert:
		kind = OpUpdate
	}
	op := Op{Table: t, Kind: kind, Block: p.blocks[p.rng.IntN(len(p.blocks))], Seed: p.seed, Index: p.n}
	switch kind {
	case OpInsert:
		op.Row = NewRow(p.rng, 0, op.Block)
	case OpUpdate:
		op.Text = fmt.Sprintf("run-%d", p.n)
	}
	return op
}

// DefaultRetryFor is how long Run retries a change through an outage when
// RunOptions.RetryFor is 0: long enough for an RDS reboot or a Multi-AZ
// failover, which take minutes.
const DefaultRetryFor = 10 * time.Minute

// RunOptions configure Run.
type RunOptions struct {
	Rate     float64 // changes per second
	Duration time.Duration
	Mix      Mix
	Seed     uint64
	Blocks   []int
	// RetryFor is how long a change that fails for a reason worth retrying
	// (a connection lost or refused, a server restarting, a deadlock; see
	// Store.IsTransient) is retried, with a growing pause, before Run gives
	// up. 0 means DefaultRetryFor.
	RetryFor time.Duration
	// AttemptTimeout is how long one attempt at a change may take before
	// it counts as failed and is retried (a server that vanished without
	// closing its connections answers nothing). 0 means
	// DefaultAttemptTimeout.
	AttemptTimeout time.Duration
	// Report, when set, is called about once a second with the totals.
	Report func(Summary)
	// Retrying, when set, is told of each retry: the error, and how long
	// changes have been failing.
	Retrying func(err error, failingFor time.Duration)
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
	Rate       float64          `json:"rate"` // changes per second achieved: applied and skipped over the time run ran
	TargetRate float64          `json:"target_rate"`
	// RateHeld says whether Rate came within 5 percent of TargetRate.
	RateHeld bool `json:"rate_held"`
	// Outages counts the spells in which changes failed and were retried;
	// OutageSeconds is their time in all.
	Outages       int64   `json:"outages"`
	OutageSeconds float64 `json:"outage_seconds"`
	// Stopped is "duration", "signal" or "outage" (run gave up after
	// RetryFor of failures, or on an error not worth retrying).
	Stopped string `json:"stopped"`
	// Reason says why a run stopped by "outage": the last error; or, when
	// the duration or a signal ended a run while changes were failing,
	// that it did.
	Reason string `json:"reason,omitempty"`
}

// errSkip marks a change that found nothing to change.
var errSkip = errors.New("nothing to change")

// errRaced marks a change whose row another session changed first: it is
// tried again at once on another row.
var errRaced = errors.New("the row was changed by another session")

// Run applies planned changes at Rate per second until Duration of wall-
// clock time has passed or ctx is cancelled (SIGINT, SIGTERM), each change
// and its ledger entry in one transaction. Changes are scheduled on a fixed
// clock, so a slow change is caught up on rather than lowering the rate,
// but never by more than a second's worth: after an outage the run goes on
// at its rate instead of rushing the changes it missed. A change that fails
// for a reason worth retrying is retried, with a growing pause, for up to
// RetryFor; then Run stops with Stopped "outage" and an error.
func (s *Store) Run(ctx context.Context, o RunOptions) (Summary, error) {
	sum := Summary{ByKind: map[string]int64{}, TargetRate: o.Rate, Stopped: "duration"}
	if o.RetryFor <= 0 {
		o.RetryFor = DefaultRetryFor
	}
	if o.AttemptTimeout <= 0 {
		o.AttemptTimeout = DefaultAttemptTimeout
	}
	planner := NewPlanner(o.Seed, o.Mix, o.Blocks)
	pick := rand.New(rand.NewPCG(o.Seed, 0x7069636b))
	interval := time.Duration(float64(time.Second) / o.Rate)
	start := time.Now()
	runCtx := ctx
	if o.Duration > 0 {
		var cancel context.CancelFunc
		runCtx, cancel = context.WithDeadline(ctx, start.Add(o.Duration))
		defer cancel()
	}
	lastReport := start
	finish := func() Summary {
		sum.Elapsed = time.Since(start)
		if o.Duration > 0 && sum.Elapsed > o.Duration && sum.Stopped == "duration" {
			sum.Elapsed = o.Duration
		}
		sum.Seconds = sum.Elapsed.Seconds()
		if sum.Seconds > 0 {
			sum.Rate = float64(sum.Applied+sum.Skipped) / sum.Seconds
		}
		sum.RateHeld = sum.Rate >= 0.95*o.Rate
		return sum
	}
	// stopped says why runCtx ended: a signal (ctx itself) or the duration.
	stopped := func() string {
		if ctx.Err() != nil {
			return "signal"
		}
		return "duration"
	}
	clock := start // the schedule's origin, moved on after a long stall
	var slot int64
	for {
		due := clock.Add(time.Duration(slot) * interval)
		if lag := time.Since(due); lag > time.Second {
			// More than a second behind (an outage, a stalled
			// database): catch up on one second's changes, not more.
			clock = clock.Add(lag - time.Second)
			due = clock.Add(time.Duration(slot) * interval)
		}
		slot++
		if !wait(runCtx, time.Until(due)) {
			sum.Stopped = stopped()
			break
		}
		op := planner.Next()
		sum.Planned++
		cascaded, err := s.applyRetrying(runCtx, op, pick, o, &sum)
		switch {
		case errors.Is(err, errSkip):
			sum.Skipped++
		case err != nil && runCtx.Err() != nil:
			// The change in flight was cut off by the end of the run
			// or a signal: rolled back, so neither it nor its ledger
			// entry is there.
			sum.Planned--
			sum.Stopped = stopped()
			return finish(), nil
		case err != nil:
			sum.Stopped = "outage"
			sum.Reason = err.Error()
			return finish(), fmt.Errorf("%s on %s: %w", op.Kind, op.Table.Name, err)
		default:
			sum.Applied++
			sum.Cascaded += cascaded
			sum.ByKind[op.Kind.String()]++
		}
		if o.Report != nil && time.Since(lastReport) >= time.Second {
			lastReport = time.Now()
			o.Report(finish())
		}
	}
	return finish(), nil
}

// Retry pauses: the first, the longest.
const (
	retryFirstPause = 100 * time.Millisecond
	retryMaxPause   = 2 * time.Second
	// quickRetries is how often an error not known to be worth retrying
	// is tried again before Run gives up, as before.
	quickRetries = 3
	// DefaultAttemptTimeout is how long one attempt at a change may take
	// when RunOptions.AttemptTimeout is 0.
	DefaultAttemptTimeout = time.Minute
	// raceRetries is how often a change whose row another session took
	// first is tried again on another row before it counts as skipped.
	raceRetries = 5
)

// applyRetrying applies one change, retrying it through an outage: errors
// worth retrying for up to o.RetryFor since the first failure, with a
// pause doubling from 100 ms to 2 s; other errors three times.
func (s *Store) applyRetrying(ctx context.Context, op Op, pick *rand.Rand, o RunOptions, sum *Summary) (int64, error) {
	var st attempt
	var failingSince time.Time
	pause := retryFirstPause
	others, races := 0, 0
	defer func() {
		if !failingSince.IsZero() {
			sum.OutageSeconds += time.Since(failingSince).Seconds()
		}
	}()
	for {
		// A server that vanished without closing its connections (a
		// failover) can leave a statement waiting on a dead socket: one
		// attempt gets o.AttemptTimeout, then counts as failed and is
		// retried on a new connection.
		actx, cancel := context.WithTimeout(ctx, o.AttemptTimeout)
		cascaded, err := s.apply(actx, op, pick, &st)
		timedOut := err != nil && ctx.Err() == nil && actx.Err() != nil
		cancel()
		if err == nil || errors.Is(err, errSkip) {
			return cascaded, err
		}
		if ctx.Err() != nil {
			if !failingSince.IsZero() {
				sum.Reason = fmt.Sprintf("the run ended while changes were failing (for %s): %v", time.Since(failingSince).Round(time.Second), err)
			}
			return cascaded, err
		}
		if timedOut {
			err = fmt.Errorf("no answer within %s: %w", o.AttemptTimeout, err)
		}
		if errors.Is(err, errRaced) {
			if races++; races > raceRetries {
				return 0, errSkip
			}
			sum.Retries++
			continue
		}
		if !timedOut && !s.IsTransient(err) {
			if others++; others > quickRetries {
				return 0, err
			}
		}
		if failingSince.IsZero() {
			failingSince = time.Now()
			sum.Outages++
		}
		down := time.Since(failingSince)
		if down >= o.RetryFor {
			return 0, fmt.Errorf("changes have failed for %s (--retry-for %s): %w", down.Round(time.Second), o.RetryFor, err)
		}
		sum.Retries++
		if o.Retrying != nil {
			o.Retrying(err, down)
		}
		if !wait(ctx, min(pause, o.RetryFor-down)) {
			sum.Reason = fmt.Sprintf("the run ended while changes were failing (for %s): %v", time.Since(failingSince).Round(time.Second), err)
			return 0, ctx.Err()
		}
		pause = min(2*pause, retryMaxPause)
	}
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

// attempt is what one try of a change leaves for the next.
type attempt struct {
	// sent: an insert was sent with key (0 for TABLE3). When its commit's
	// answer was lost, the row and its ledger entry may be there.
	sent bool
	key  int64
}

// alreadyInserted says whether the insert an earlier attempt sent was
// committed after all, though its answer was lost: its row is there, with
// the key it was given and its content (var is 16 random hex digits).
func (s *Store) alreadyInserted(ctx context.Context, op Op, st *attempt) (bool, error) {
	t, d := op.Table, s.Dialect
	var q string
	var args []any
	if t.typed {
		// TYPES' content is the key's in the run's series: another
		// session's row with that key differs in block only by chance,
		// so key and block stand in for TABLE1's key and var.
		q = fmt.Sprintf(`SELECT COUNT(*) FROM %s WHERE "%s" = %s AND "block" = %s`, d.Table(t.Name), t.Key, d.Placeholder(1), d.Placeholder(2))
		args = []any{st.key, op.Block}
	} else if t.Key != "" {
		q = fmt.Sprintf(`SELECT COUNT(*) FROM %s WHERE "%s" = %s AND "var" = %s`, d.Table(t.Name), t.Key, d.Placeholder(1), d.Placeholder(2))
		args = []any{st.key, op.Row.Var}
	} else {
		q = fmt.Sprintf(`SELECT COUNT(*) FROM %s WHERE "block" = %s AND "var" = %s`, d.Table(t.Name), d.Placeholder(1), d.Placeholder(2))
		args = []any{op.Row.Block, op.Row.Var}
	}
	var n int64
	err := s.DB.QueryRowContext(ctx, q, args...).Scan(&n)
	return n > 0, err
}

// apply makes one planned change and records it, in one transaction. It
// returns how many TABLE2 rows a TABLE1 delete took with it.
func (s *Store) apply(ctx context.Context, op Op, pick *rand.Rand, st *attempt) (int64, error) {
	if op.Kind == OpInsert && st.sent {
		done, err := s.alreadyInserted(ctx, op, st)
		if err != nil {
			return 0, err
		}
		if done {
			return 0, nil
		}
	}
	var cascaded int64
	t := op.Table
	d := s.Dialect
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		delta := ledgerDelta{}
		switch op.Kind {
		case OpInsert:
			r := op.Row
			if t.Key != "" {
				k, err := s.allocKey(ctx, tx, t)
				if err != nil {
					return err
				}
				r.Key = k
			}
			if t.RefersToTable1 {
				hi, err := s.maxKey(ctx, tx, Tables[0])
				if err != nil {
					return err
				}
				ref, ok, err := s.pickTable1Key(ctx, tx, pick, hi)
				if err != nil {
					return err
				}
				r.Ref, r.HasRef = ref, ok
			}
			st.sent, st.key = true, r.Key
			args := r.Args(t)
			if t.typed {
				args = TypesArgs(d, TypesRowFor(op.Seed, r.Key, op.Block))
			}
			if _, err := tx.ExecContext(ctx, InsertSQL(d, t), args...); err != nil {
				return err
			}
			delta.add(t.Name, r.Block, 1, 1, 0, 0)
		case OpUpdate:
			var addr string
			where := ""
			if t.typed {
				// A TYPES row holding only a NUMBER beyond numeric(38,10)
				// is one DMS refuses: updating it would change a row the
				// target never had, so run leaves those rows alone.
				where = typesOrdinaryRowSQL()
			}
			if err := tx.QueryRowContext(ctx, d.OneRowOf(t, where), op.Block).Scan(&addr); err == sql.ErrNoRows {
				return errSkip
			} else if err != nil {
				return err
			}
			q := fmt.Sprintf(`UPDATE %s SET "cdc" = %s WHERE %s`, d.Table(t.Name), d.Placeholder(1), d.ByRowAddress(2))
			args := []any{op.Text, addr}
			if t.typed {
				// Every typed value changes, to those of another place
				// in the cycle, and "cdc" says which change did it.
				q, args = typesUpdateSQL(d), typesUpdateArgs(d, typesUpdateRow(op.Seed, op.Index, op.Block), op.Text, addr)
			}
			res, err := tx.ExecContext(ctx, q, args...)
			if err != nil {
				return err
			}
			if rowsAffected(res) == 0 {
				return errRaced // deleted (or, on PostgreSQL, moved by an update) since it was found
			}
			delta.add(t.Name, op.Block, 0, 0, 1, 0)
		case OpDelete:
			if t.Name == "TABLE1" {
				// TABLE2 is locked against writers before the cascade is
				// counted, so no row referring to the key arrives
				// uncounted; TABLE1 first, as everywhere (atomic.go).
				if err := s.lockTable(ctx, tx, "TABLE1", lockRows); err != nil {
					return err
				}
				if err := s.lockTable(ctx, tx, "TABLE2", lockWriters); err != nil {
					return err
				}
				var key sql.NullInt64
				q := fmt.Sprintf(`SELECT MIN("t1_pk") FROM %s WHERE "block" = %s`, d.Table(t.Name), d.Placeholder(1))
				if err := tx.QueryRowContext(ctx, q, op.Block).Scan(&key); err != nil {
					return err
				}
				if !key.Valid {
					return errSkip
				}
				counts, err := countByBlock(ctx, tx, fmt.Sprintf(`SELECT "block", COUNT(*) FROM %s WHERE "refrence_t1" = %s GROUP BY "block"`, d.Table("TABLE2"), d.Placeholder(1)), key.Int64)
				if err != nil {
					return err
				}
				res, err := tx.ExecContext(ctx, fmt.Sprintf(`DELETE FROM %s WHERE "t1_pk" = %s`, d.Table(t.Name), d.Placeholder(1)), key.Int64)
				if err != nil {
					return err
				}
				if rowsAffected(res) == 0 {
					return errRaced
				}
				for b, n := range counts {
					delta.add("TABLE2", b, -n, 0, 0, n)
					cascaded += n
				}
			} else {
				var addr string
				if err := tx.QueryRowContext(ctx, d.OneRowOf(t, ""), op.Block).Scan(&addr); err == sql.ErrNoRows {
					return errSkip
				} else if err != nil {
					return err
				}
				res, err := tx.ExecContext(ctx, fmt.Sprintf("DELETE FROM %s WHERE %s", d.Table(t.Name), d.ByRowAddress(1)), addr)
				if err != nil {
					return err
				}
				if rowsAffected(res) == 0 {
					return errRaced // another session deleted it since it was found
				}
			}
			delta.add(t.Name, op.Block, -1, 0, 0, 1)
		}
		return delta.write(ctx, tx, d)
	})
	return cascaded, err
}
