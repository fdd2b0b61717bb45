package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
)

// PreloadOptions configure Preload.
type PreloadOptions struct {
	// Rows is how many preloaded rows each table must hold in the end.
	Rows int64
	// TypesRows is how many preloaded rows TYPES must hold in the end;
	// 0 means Rows, at most DefaultTypesPreload.
	TypesRows int64
	// Block is the block the preloaded rows belong to. Default 0.
	Block int
	// Seed makes the rows' content reproducible.
	Seed uint64
	// Batch is how many rows one transaction carries. Default 20000: fewer,
	// larger transactions keep the load close to a plain COPY.
	Batch int
	// Progress, when set, is told how far each table has got.
	Progress func(table string, done, total int64)
	// Notice, when set, is told what preload decided that the caller did
	// not ask for (a smaller Rows than is loaded, say).
	Notice func(table, message string)
}

type preloadState struct {
	startKey, loaded, target int64
}

// Preload bulk-loads each table up to Rows rows (TYPES up to TypesRows)
// in Block. Each batch, its
// progress record and its ledger entry commit in one transaction, so a
// rerun after a crash or a killed connection carries on where the last
// commit left off: nothing is loaded twice and nothing is lost.
func (s *Store) Preload(ctx context.Context, o PreloadOptions) (map[string]int64, error) {
	if o.Batch <= 0 {
		o.Batch = 20000
	}
	if o.TypesRows <= 0 {
		o.TypesRows = min(o.Rows, DefaultTypesPreload)
	}
	added := map[string]int64{}
	var t1 preloadState
	for _, t := range DataTables() {
		want := o.Rows
		if t.typed {
			want = o.TypesRows
		}
		st, err := s.preloadStart(ctx, t, want, o.Notice)
		if err != nil {
			return added, fmt.Errorf("preload %s: %w", t.Name, err)
		}
		if t.Name == "TABLE1" {
			t1 = st
		}
		// Only when resuming: a preload that loaded all of TABLE1 itself
		// just now need not count it again.
		resuming := st.loaded > 0 || added["TABLE1"] < t1.loaded
		if t.RefersToTable1 && st.loaded < st.target && t1.loaded > 0 && resuming {
			if err := s.table1Intact(ctx, t1, st); err != nil {
				return added, fmt.Errorf("preload %s: %w", t.Name, err)
			}
		}
		if t.typed {
			if err := s.preloadTypes(ctx, o, &st, added); err != nil {
				return added, err
			}
			continue
		}
		series := seriesSeed(o.Seed, t.Name)
		for st.loaded < st.target {
			n := min(int64(o.Batch), st.target-st.loaded)
			rows := make([]Row, n)
			for i := range rows {
				idx := st.loaded + int64(i)
				rng := rand.New(rand.NewPCG(series, uint64(idx)))
				rows[i] = NewRow(rng, st.startKey+idx, o.Block)
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

// preloadTypes loads TYPES from where st says up to its target: the rows
// of the seed's series with the keys preload reserved, so a resumed load
// makes the same rows.
func (s *Store) preloadTypes(ctx context.Context, o PreloadOptions, st *preloadState, added map[string]int64) error {
	batch := int64(min(o.Batch, typesBatchMax))
	for st.loaded < st.target {
		n := min(batch, st.target-st.loaded)
		rows := make([]TypesRow, n)
		for i := range rows {
			rows[i] = TypesRowFor(o.Seed, st.startKey+st.loaded+int64(i), o.Block)
		}
		delta := ledgerDelta{}
		delta.add(TypesTable, o.Block, n, n, 0, 0)
		err := s.loadTypesBatch(ctx, rows, func(q Execer) error {
			if _, err := q.ExecContext(ctx, s.progressUpdate(), n, TypesTable); err != nil {
				return err
			}
			return delta.write(ctx, q, s.Dialect)
		})
		if err != nil {
			return fmt.Errorf("preload %s at row %d: %w", TypesTable, st.loaded, err)
		}
		st.loaded += n
		added[TypesTable] += n
		if o.Progress != nil {
			o.Progress(TypesTable, st.loaded, st.target)
		}
	}
	return nil
}

// preloadStart reads or creates a table's progress record, in one
// transaction holding the table's lock against other writers (see
// atomic.go). The first run fixes where its keys start, so a resumed run
// numbers rows the same way, and its target reserves the keys it will
// use: insert and run number their rows above start_key + target - 1.
//
// A rerun resumes from the record, which every batch updates in its own
// transaction, so it says what is really there. It refuses (an error that
// explains) when keys the rest of the load needs are taken, as rows
// written before keys were reserved, or beyond the old target, can take
// them. A Rows smaller than what is loaded loads nothing and leaves the
// stored target as it is.
func (s *Store) preloadStart(ctx context.Context, t Table, rows int64, notice func(table, message string)) (preloadState, error) {
	var st preloadState
	d := s.Dialect
	err := s.inTx(ctx, func(tx *sql.Tx) error {
		if t.Key != "" {
			if err := s.lockTable(ctx, tx, t.Name, lockWriters); err != nil {
				return err
			}
		}
		q := fmt.Sprintf(`SELECT "start_key", "loaded", "target" FROM %s WHERE "table_name" = %s`, d.Table(PreloadTable), d.Placeholder(1))
		var stored int64
		err := tx.QueryRowContext(ctx, q, t.Name).Scan(&st.startKey, &st.loaded, &stored)
		switch {
		case err == sql.ErrNoRows:
			if t.Key != "" {
				hi, err := s.maxKey(ctx, tx, t)
				if err != nil {
					return err
				}
				st.startKey = hi + 1
			}
			st.target = rows
			ins := fmt.Sprintf(`INSERT INTO %s ("table_name", "start_key", "loaded", "target") VALUES (%s)`, d.Table(PreloadTable), Placeholders(d, 1, 4))
			_, err := tx.ExecContext(ctx, ins, t.Name, st.startKey, 0, rows)
			return err
		case err != nil:
			return err
		case rows < st.loaded:
			st.target = st.loaded
			if notice != nil {
				notice(t.Name, fmt.Sprintf("%d rows are preloaded already, more than the %d asked: nothing added, and the stored target of %d rows is kept", st.loaded, rows, stored))
			}
			return nil
		}
		st.target = rows
		if t.Key != "" && rows > st.loaded {
			from, to := st.startKey+st.loaded, st.startKey+rows-1
			var taken int64
			q := fmt.Sprintf(`SELECT COUNT(*) FROM %s WHERE "%s" >= %s AND "%s" <= %s`, d.Table(t.Name), t.Key, d.Placeholder(1), t.Key, d.Placeholder(2))
			if err := tx.QueryRowContext(ctx, q, from, to).Scan(&taken); err != nil {
				return err
			}
			if taken > 0 {
				return fmt.Errorf("keys %d to %d, which the remaining %d preloaded rows would take, are held by %d rows written since preload stopped (by insert or run); "+
					"preload stops rather than give a key twice: keep the %d rows loaded (preload --rows %d), or start again with init",
					from, to, rows-st.loaded, taken, st.loaded, st.loaded)
			}
		}
		if rows == stored {
			return nil
		}
		upd := fmt.Sprintf(`UPDATE %s SET "target" = %s WHERE "table_name" = %s`, d.Table(PreloadTable), d.Placeholder(1), d.Placeholder(2))
		_, err = tx.ExecContext(ctx, upd, rows, t.Name)
		return err
	})
	return st, err
}

// table1Intact checks, before TABLE2's rows are loaded, that every TABLE1
// row preload gave TABLE1 is still there: TABLE2's preloaded rows refer to
// any of them, and one deleted since (by delete or run, between a killed
// preload and its rerun) would fail the load on the foreign key.
func (s *Store) table1Intact(ctx context.Context, t1, t2 preloadState) error {
	d := s.Dialect
	from, to := t1.startKey, t1.startKey+t1.loaded-1
	var have int64
	q := fmt.Sprintf(`SELECT COUNT(*) FROM %s WHERE "t1_pk" BETWEEN %s AND %s`, d.Table("TABLE1"), d.Placeholder(1), d.Placeholder(2))
	if err := s.DB.QueryRowContext(ctx, q, from, to).Scan(&have); err != nil {
		return err
	}
	if have < t1.loaded {
		return fmt.Errorf("TABLE1 holds %d of the %d rows preload gave it (keys %d to %d; the others were deleted since, by delete or run), and the %d TABLE2 rows still to load would refer to any of them; "+
			"preload stops rather than fail on the foreign key: keep the %d TABLE2 rows loaded (preload --rows %d), or start again with init",
			have, t1.loaded, from, to, t2.target-t2.loaded, t2.loaded, t2.loaded)
	}
	return nil
}

func (s *Store) progressUpdate() string {
	return fmt.Sprintf(`UPDATE %s SET "loaded" = "loaded" + %s WHERE "table_name" = %s`, s.Dialect.Table(PreloadTable), s.Dialect.Placeholder(1), s.Dialect.Placeholder(2))
}

// preloadBatch loads rows and, in the same transaction, adds them to the
// table's progress record and to the ledger: through the dialect's bulk
// loader when it has one, else one INSERT a row.
func (s *Store) preloadBatch(ctx context.Context, t Table, rows []Row, block int) error {
	delta := ledgerDelta{}
	delta.add(t.Name, block, int64(len(rows)), int64(len(rows)), 0, 0)
	record := func(q Execer) error {
		if _, err := q.ExecContext(ctx, s.progressUpdate(), len(rows), t.Name); err != nil {
			return err
		}
		return delta.write(ctx, q, s.Dialect)
	}
	if bl, ok := s.Dialect.(BulkLoader); ok {
		return bl.LoadBatch(ctx, s.DB, t, rows, record)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		for _, r := range rows {
			if _, err := tx.ExecContext(ctx, InsertSQL(s.Dialect, t), r.Args(t)...); err != nil {
				return err
			}
		}
		return record(tx)
	})
}
