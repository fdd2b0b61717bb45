package dgen

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"
)

// PreloadOptions configure Preload.
type PreloadOptions struct {
	// Rows is how many preloaded rows each table must hold in the end.
	Rows int64
	// Block is the block the preloaded rows belong to. Default 0.
	Block int
	// Seed makes the rows' content reproducible.
	Seed uint64
	// Batch is how many rows one transaction carries. Default 20000: fewer,
	// larger transactions keep the load close to a plain COPY.
	Batch int
	// Progress, when set, is told how far each table has got.
	Progress func(table string, done, total int64)
}

type preloadState struct {
	startKey, loaded, target int64
}

// Preload bulk-loads each table up to Rows rows in Block. Each batch, its
// progress record and its ledger entry commit in one transaction, so a
// rerun after a crash or a killed connection carries on where the last
// commit left off: nothing is loaded twice and nothing is lost.
func (s *Store) Preload(ctx context.Context, o PreloadOptions) (map[string]int64, error) {
	if o.Batch <= 0 {
		o.Batch = 20000
	}
	added := map[string]int64{}
	var t1 preloadState
	for _, t := range Tables {
		st, err := s.preloadStart(ctx, t, o.Rows)
		if err != nil {
			return added, err
		}
		if t.Name == "TABLE1" {
			t1 = st
		}
		series := seriesSeed(o.Seed, t.Name)
		for st.loaded < st.target {
			n := min(int64(o.Batch), st.target-st.loaded)
			rows := make([]Row, n)
			for i := range rows {
				idx := st.loaded + int64(i)
				rng := rand.New(rand.NewPCG(series, uint64(idx)))
				rows[i] = newRow(rng, st.startKey+idx, o.Block)
				if t.RefersToTable1 && t1.loaded > 0 {
					rows[i].Ref, rows[i].HasRef = t1.startKey+rng.Int64N(t1.loaded), true
				}
			}
			if err := s.preloadBatch(ctx, t, rows, o.Block); err != nil {
				return added, fmt.Errorf("preload %s at row %d: %w", t.Name, st.loaded, err)
			}
			st.loaded += n
			added[t.Name] += n
			if o.Progress != nil {
				o.Progress(t.Name, st.loaded, st.target)
			}
		}
		if t.Name == "TABLE1" {
			t1 = st
		}
	}
	return added, nil
}

// preloadStart reads or creates a table's progress record. The first run
// fixes where its keys start, so a resumed run numbers rows the same way.
func (s *Store) preloadStart(ctx context.Context, t Table, target int64) (preloadState, error) {
	var st preloadState
	q := fmt.Sprintf(`SELECT "start_key", "loaded" FROM %s WHERE "table_name" = %s`, s.D.T(PreloadTable), s.D.P(1))
	err := s.DB.QueryRowContext(ctx, q, t.Name).Scan(&st.startKey, &st.loaded)
	switch {
	case err == sql.ErrNoRows:
		next, err := s.nextKey(ctx, t)
		if err != nil {
			return st, err
		}
		st.startKey = next
		ins := fmt.Sprintf(`INSERT INTO %s ("table_name", "start_key", "loaded", "target") VALUES (%s)`, s.D.T(PreloadTable), s.D.Ps(1, 4))
		if _, err := s.DB.ExecContext(ctx, ins, t.Name, st.startKey, 0, target); err != nil {
			return st, err
		}
	case err != nil:
		return st, err
	default:
		upd := fmt.Sprintf(`UPDATE %s SET "target" = %s WHERE "table_name" = %s`, s.D.T(PreloadTable), s.D.P(1), s.D.P(2))
		if _, err := s.DB.ExecContext(ctx, upd, target, t.Name); err != nil {
			return st, err
		}
	}
	st.target = target
	return st, nil
}

func (s *Store) progressUpdate() string {
	return fmt.Sprintf(`UPDATE %s SET "loaded" = "loaded" + %s WHERE "table_name" = %s`, s.D.T(PreloadTable), s.D.P(1), s.D.P(2))
}

func (s *Store) preloadBatch(ctx context.Context, t Table, rows []Row, block int) error {
	delta := ledgerDelta{}
	delta.add(t.Name, block, int64(len(rows)), int64(len(rows)), 0, 0)
	if s.D.Name == "postgres" {
		return s.copyBatch(ctx, t, rows, delta)
	}
	// Oracle: one INSERT with every column bound to an array (go-ora array
	// binding), so the batch crosses the network once.
	return s.inTx(ctx, func(tx *sql.Tx) error {
		if _, err := tx.ExecContext(ctx, s.D.Insert(t), columnArrays(t, rows)...); err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, s.progressUpdate(), len(rows), t.Name); err != nil {
			return err
		}
		return delta.write(ctx, tx, s.D)
	})
}

// columnArrays turns rows into one slice per column, for array binding.
func columnArrays(t Table, rows []Row) []any {
	n := len(rows)
	keys, blocks, numbers, vars, cdcs, refs := make([]int64, n), make([]int64, n), make([]float64, n), make([]string, n), make([]string, n), make([]sql.NullInt64, n)
	for i, r := range rows {
		keys[i], blocks[i], numbers[i], vars[i], cdcs[i] = r.Key, int64(r.Block), r.Number(), r.Var, r.Cdc
		refs[i] = sql.NullInt64{Int64: r.Ref, Valid: r.HasRef}
	}
	var args []any
	if t.Key != "" {
		args = append(args, keys)
	}
	args = append(args, blocks, numbers, vars, cdcs)
	if t.RefersToTable1 {
		args = append(args, refs)
	}
	return args
}

// copyBatch loads rows with COPY and records them, in one transaction on
// the connection's own pgx handle.
func (s *Store) copyBatch(ctx context.Context, t Table, rows []Row, delta ledgerDelta) error {
	conn, err := s.DB.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		tx, err := pc.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		src := pgx.CopyFromSlice(len(rows), func(i int) ([]any, error) { return rows[i].Args(t), nil })
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.Name}, t.Columns(), src); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, s.progressUpdate(), len(rows), t.Name); err != nil {
			return err
		}
		if err := delta.write(ctx, pgxExecer{tx}, s.D); err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
}

// pgxExecer lets ledgerDelta.write run inside a pgx transaction.
type pgxExecer struct{ tx pgx.Tx }

func (p pgxExecer) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	_, err := p.tx.Exec(ctx, q, args...)
	return nil, err
}
