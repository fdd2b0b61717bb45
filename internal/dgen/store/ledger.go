package store

// The ledger: every change dgen makes is added to DGEN_LEDGER (rows,
// inserted, updated, deleted per table and block) in the same transaction
// as the change, so it is exact even when a connection dies mid-way.

import (
	"context"
	"fmt"
	"sort"
)

// ledgerDelta accumulates changes per block before they are written.
type ledgerDelta map[string]map[int]*[4]int64 // table -> block -> rows, inserted, updated, deleted

func (l ledgerDelta) add(table string, block int, rows, ins, upd, del int64) {
	if l[table] == nil {
		l[table] = map[int]*[4]int64{}
	}
	d := l[table][block]
	if d == nil {
		d = &[4]int64{}
		l[table][block] = d
	}
	d[0] += rows
	d[1] += ins
	d[2] += upd
	d[3] += del
}

// ledgerAttempts is how often a ledger entry is sent when it collides
// with another session's new entry for the same table and block.
const ledgerAttempts = 3

// write records the deltas in the ledger, in the caller's transaction, so a
// change and its record commit or vanish together.
func (l ledgerDelta) write(ctx context.Context, q Execer, d Dialect) error {
	tables := make([]string, 0, len(l))
	for t := range l {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	stmt := d.LedgerAdd()
	for _, t := range tables {
		blocks := make([]int, 0, len(l[t]))
		for b := range l[t] {
			blocks = append(blocks, b)
		}
		sort.Ints(blocks)
		for _, b := range blocks {
			v := l[t][b]
			// Two sessions adding a (table, block) the ledger has not
			// seen both find it missing; the second one's insert then
			// fails on the key (Oracle's MERGE; PostgreSQL's ON CONFLICT
			// does not). Sent again, it finds the row and adds to it: a
			// failed statement leaves Oracle's transaction as it was.
			var err error
			for attempt := 0; attempt < ledgerAttempts; attempt++ {
				if _, err = q.ExecContext(ctx, stmt, t, b, v[0], v[1], v[2], v[3]); err == nil || !d.IsUniqueViolation(err) {
					break
				}
			}
			if err != nil {
				return fmt.Errorf("ledger: %w", err)
			}
		}
	}
	return nil
}

// LedgerRow is the ledger's record of one table and block.
type LedgerRow struct {
	Table    string `json:"table"`
	Block    int    `json:"block"`
	RowCount int64  `json:"row_count"`
	Inserted int64  `json:"inserted"`
	Updated  int64  `json:"updated"`
	Deleted  int64  `json:"deleted"`
}

// Ledger reads the whole ledger.
func (s *Store) Ledger(ctx context.Context) ([]LedgerRow, error) {
	rows, err := s.DB.QueryContext(ctx, fmt.Sprintf(`SELECT "table_name", "block", "row_count", "inserted", "updated", "deleted" FROM %s ORDER BY "table_name", "block"`, s.Dialect.Table(LedgerTable)))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []LedgerRow
	for rows.Next() {
		var r LedgerRow
		if err := rows.Scan(&r.Table, &r.Block, &r.RowCount, &r.Inserted, &r.Updated, &r.Deleted); err != nil {
			return nil, err
		}
		out = append(out, r)
	}
	return out, rows.Err()
}
