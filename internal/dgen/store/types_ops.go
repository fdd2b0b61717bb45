package store

// Filling TYPES: init's first cycle, preload's batches, and `data`.

import (
	"context"
	"database/sql"
	"fmt"
)

// What init puts in a new TYPES: one cycle of edge values, keys 1 to
// TypesCycle in block 0, from seed 1, so every edge value is in the
// source as soon as the tables are.
const (
	InitTypesSeed  = 1
	InitTypesBlock = 0
)

// DefaultTypesPreload is the most TYPES rows preload loads unless told:
// TYPES rows carry up to three 100 KiB LOBs, and ten cycles of edge values
// are plenty, where the other tables may take millions of rows.
const DefaultTypesPreload = 1000

// typesBatchMax caps a TYPES preload batch: a cycle holds about 1 MB of
// LOBs.
const typesBatchMax = 500

// InitTypes fills a new, empty TYPES with its first cycle and records the
// rows in the ledger.
func (s *Store) InitTypes(ctx context.Context) error {
	rows := make([]TypesRow, TypesCycle)
	for i := range rows {
		rows[i] = TypesRowFor(InitTypesSeed, int64(i+1), InitTypesBlock)
	}
	delta := ledgerDelta{}
	delta.add(TypesTable, InitTypesBlock, int64(len(rows)), int64(len(rows)), 0, 0)
	err := s.loadTypesBatch(ctx, rows, func(q Execer) error { return delta.write(ctx, q, s.Dialect) })
	if err != nil {
		return fmt.Errorf("fill %s: %w", TypesTable, err)
	}
	return nil
}

// loadTypesBatch inserts rows into TYPES and calls record in the same
// transaction: through the dialect's TypesBulkLoader when it has one,
// else one INSERT a row.
func (s *Store) loadTypesBatch(ctx context.Context, rows []TypesRow, record func(Execer) error) error {
	if bl, ok := s.Dialect.(TypesBulkLoader); ok {
		return bl.LoadTypesBatch(ctx, s.DB, rows, record)
	}
	return s.inTx(ctx, func(tx *sql.Tx) error {
		q := InsertSQL(s.Dialect, Types)
		for _, r := range rows {
			if _, err := tx.ExecContext(ctx, q, TypesArgs(s.Dialect, r)...); err != nil {
				return fmt.Errorf("key %d: %w", r.Key(), err)
			}
		}
		return record(tx)
	})
}

// typesData is Data for TYPES.
func (s *Store) typesData(ctx context.Context, blocks []int) ([]string, [][]string, error) {
	var out [][]string
	q := TypesSelectSQL(s.Dialect, len(blocks)) + s.Dialect.Limit(DataLimit)
	err := readTypes(ctx, s.DB, s.Dialect, q, blockArgs(blocks), func(r TypesRow) error {
		line := make([]string, len(r))
		for i, c := range TypesColumns {
			line[i] = FormatTypesValue(c, r[i])
		}
		out = append(out, line)
		return nil
	})
	if err != nil {
		return nil, nil, err
	}
	return TypesColumnNames(), out, nil
}
