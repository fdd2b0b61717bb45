package store

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"sort"
	"strings"
	"time"
)

// Store runs dgen's operations on one database. Every value goes through
// bind variables; only table and column names, which come from the fixed
// Tables list, are written into the SQL text.
type Store struct {
	DB      *sql.DB
	Dialect Dialect
}

// queryer is what a *sql.DB and a *sql.Tx have in common.
type queryer interface {
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// inTx runs fn in a transaction, committing on success.
func (s *Store) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.DB.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// ExistingTables says which of the four tables and the bookkeeping
// tables exist in the current schema.
func (s *Store) ExistingTables(ctx context.Context) (map[string]bool, error) {
	names := AllTableNames()
	args := make([]any, len(names))
	for i, n := range names {
		args[i] = n
	}
	rows, err := s.DB.QueryContext(ctx, s.Dialect.ExistingTables(len(names)), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]bool{}
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			return nil, err
		}
		out[n] = true
	}
	return out, rows.Err()
}

// Drop removes the four tables and dgen's bookkeeping, whichever exist.
func (s *Store) Drop(ctx context.Context) ([]string, error) {
	have, err := s.ExistingTables(ctx)
	if err != nil {
		return nil, err
	}
	var dropped []string
	// TABLE2 before TABLE1: it refers to it.
	for _, n := range []string{"TABLE2", "TABLE1", "TABLE3", TypesTable, LedgerTable, PreloadTable} {
		if !have[n] {
			continue
		}
		if _, err := s.DB.ExecContext(ctx, s.Dialect.DropTable(n)); err != nil {
			return dropped, fmt.Errorf("drop %s: %w", n, err)
		}
		dropped = append(dropped, n)
	}
	return dropped, nil
}

// Init drops and recreates the four tables and an empty ledger, sends the
// dialect's AfterCreate (on Oracle, all-column supplemental logging of the
// four tables), and fills TYPES with one cycle of its edge values
// (InitTypes).
func (s *Store) Init(ctx context.Context) error {
	if _, err := s.Drop(ctx); err != nil {
		return err
	}
	var stmts []string
	for _, t := range DataTables() {
		stmts = append(stmts, createTable(s.Dialect, t)...)
	}
	stmts = append(stmts, createBookkeeping(s.Dialect)...)
	stmts = append(stmts, s.Dialect.AfterCreate(DataTables())...)
	if err := s.execAll(ctx, stmts); err != nil {
		return err
	}
	return s.InitTypes(ctx)
}

func (s *Store) execAll(ctx context.Context, stmts []string) error {
	for _, st := range stmts {
		if _, err := s.DB.ExecContext(ctx, st); err != nil {
			return fmt.Errorf("%s: %w", FirstWords(st, 4), err)
		}
	}
	return nil
}

// InitIfMissing creates the tables unless all of them exist already, so a
// bootstrap that runs again never drops data. It says whether it created
// them. When only TYPES is missing (a schema an earlier dgen made), it
// creates and fills TYPES alone and leaves the other tables' data as it is.
func (s *Store) InitIfMissing(ctx context.Context) (bool, error) {
	have, err := s.ExistingTables(ctx)
	if err != nil {
		return false, err
	}
	if len(have) == len(AllTableNames()) {
		return false, nil
	}
	if !have[TypesTable] && len(have) == len(AllTableNames())-1 {
		stmts := append(createTable(s.Dialect, Types), s.Dialect.AfterCreate([]Table{Types})...)
		if err := s.execAll(ctx, stmts); err != nil {
			return false, err
		}
		return true, s.InitTypes(ctx)
	}
	return true, s.Init(ctx)
}

// maxKey is the highest key in a keyed table, 0 when empty.
func (s *Store) maxKey(ctx context.Context, q queryer, t Table) (int64, error) {
	var v sql.NullInt64
	err := q.QueryRowContext(ctx, fmt.Sprintf(`SELECT MAX("%s") FROM %s`, t.Key, s.Dialect.Table(t.Name))).Scan(&v)
	return v.Int64, err
}

// pickTable1Key returns an existing TABLE1 key near a random point of its
// key range, found through the primary key index; ok is false when TABLE1
// is empty.
func (s *Store) pickTable1Key(ctx context.Context, q queryer, rng *rand.Rand, hi int64) (int64, bool, error) {
	if hi < 1 {
		return 0, false, nil
	}
	probe := 1 + rng.Int64N(hi)
	var k sql.NullInt64
	err := q.QueryRowContext(ctx, fmt.Sprintf(`SELECT MIN("t1_pk") FROM %s WHERE "t1_pk" >= %s`, s.Dialect.Table("TABLE1"), s.Dialect.Placeholder(1)), probe).Scan(&k)
	if err != nil {
		return 0, false, err
	}
	if !k.Valid {
		err = q.QueryRowContext(ctx, fmt.Sprintf(`SELECT MAX("t1_pk") FROM %s`, s.Dialect.Table("TABLE1"))).Scan(&k)
	}
	return k.Int64, k.Valid, err
}

// InsertOptions configure Insert, as the earlier dgen's insert did.
type InsertOptions struct {
	Tables []Table
	Rows   int
	Blocks []int
	Delay  time.Duration
	Seed   uint64
}

// Insert adds Rows rows to each table, each in a block picked from Blocks.
// With a delay, every row is its own transaction, so CDC sees a stream of
// small transactions as before; without one, rows commit 500 at a time.
func (s *Store) Insert(ctx context.Context, o InsertOptions) (map[string]int64, error) {
	seed := o.Seed
	if seed == 0 {
		seed = uint64(time.Now().UnixNano())
	}
	rng := rand.New(rand.NewPCG(seed, 0))
	batch := 500
	if o.Delay > 0 {
		batch = 1
	}
	done := map[string]int64{}
	for _, t := range o.Tables {
		for start := 0; start < o.Rows; start += batch {
			n := min(batch, o.Rows-start)
			err := s.inTx(ctx, func(tx *sql.Tx) error {
				// Keys are taken under the table's lock, so a run or
				// another insert at the same time never takes them too.
				var next int64
				if t.Key != "" {
					k, err := s.allocKey(ctx, tx, t)
					if err != nil {
						return err
					}
					next = k
				}
				var t1Max int64
				if t.RefersToTable1 {
					m, err := s.maxKey(ctx, tx, Tables[0])
					if err != nil {
						return err
					}
					t1Max = m
				}
				delta := ledgerDelta{}
				for i := 0; i < n; i++ {
					if t.typed {
						// The row's content is the key's in the seed's
						// series, so consecutive keys cycle through the
						// edge values.
						r := TypesRowFor(seed, next+int64(i), o.Blocks[rng.IntN(len(o.Blocks))])
						if _, err := tx.ExecContext(ctx, InsertSQL(s.Dialect, t), TypesArgs(s.Dialect, r)...); err != nil {
							return fmt.Errorf("insert into %s: %w", t.Name, err)
						}
						delta.add(t.Name, r.Block(), 1, 1, 0, 0)
						continue
					}
					r := NewRow(rng, next+int64(i), o.Blocks[rng.IntN(len(o.Blocks))])
					if t.RefersToTable1 {
						ref, ok, err := s.pickTable1Key(ctx, tx, rng, t1Max)
						if err != nil {
							return err
						}
						r.Ref, r.HasRef = ref, ok
					}
					if _, err := tx.ExecContext(ctx, InsertSQL(s.Dialect, t), r.Args(t)...); err != nil {
						return fmt.Errorf("insert into %s: %w", t.Name, err)
					}
					delta.add(t.Name, r.Block, 1, 1, 0, 0)
				}
				return delta.write(ctx, tx, s.Dialect)
			})
			if err != nil {
				return done, err
			}
			done[t.Name] += int64(n)
			if o.Delay > 0 {
				select {
				case <-ctx.Done():
					return done, ctx.Err()
				case <-time.After(o.Delay):
				}
			}
		}
	}
	return done, nil
}

// countByBlock counts rows per block of t matching where (which starts
// with " WHERE" or is empty).
func countByBlock(ctx context.Context, q queryer, query string, args ...any) (map[int]int64, error) {
	rows, err := q.QueryContext(ctx, query, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int]int64{}
	for rows.Next() {
		var b int
		var n int64
		if err := rows.Scan(&b, &n); err != nil {
			return nil, err
		}
		out[b] = n
	}
	return out, rows.Err()
}

func blockArgs(blocks []int) []any {
	args := make([]any, len(blocks))
	for i, b := range blocks {
		args[i] = b
	}
	return args
}

// Update sets "cdc" to text (cut by CdcText: 20 characters, as before,
// and no more than the column takes) in the given blocks of each table;
// nil blocks means all. It returns rows changed.
func (s *Store) Update(ctx context.Context, tables []Table, blocks []int, text string) (map[string]int64, error) {
	text = CdcText(s.Dialect, text)
	out := map[string]int64{}
	for _, t := range tables {
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			// No other session writes the table between the count and
			// the update (see atomic.go).
			if err := s.lockTable(ctx, tx, t.Name, lockWriters); err != nil {
				return err
			}
			counts, err := countByBlock(ctx, tx, fmt.Sprintf(`SELECT "block", COUNT(*) FROM %s%s GROUP BY "block"`, s.Dialect.Table(t.Name), blockFilter(s.Dialect, 1, len(blocks))), blockArgs(blocks)...)
			if err != nil {
				return err
			}
			args := append([]any{text}, blockArgs(blocks)...)
			if _, err := tx.ExecContext(ctx, fmt.Sprintf(`UPDATE %s SET "cdc" = %s%s`, s.Dialect.Table(t.Name), s.Dialect.Placeholder(1), blockFilter(s.Dialect, 2, len(blocks))), args...); err != nil {
				return fmt.Errorf("update %s: %w", t.Name, err)
			}
			delta := ledgerDelta{}
			for b, n := range counts {
				delta.add(t.Name, b, 0, 0, n, 0)
				out[t.Name] += n
			}
			return delta.write(ctx, tx, s.Dialect)
		})
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// Delete removes the given blocks' rows (nil: all rows) from each table.
// Deleting TABLE1 rows cascades to the TABLE2 rows that refer to them,
// whatever their block; the ledger records those too.
func (s *Store) Delete(ctx context.Context, tables []Table, blocks []int) (map[string]int64, error) {
	out := map[string]int64{}
	for _, t := range tables {
		err := s.inTx(ctx, func(tx *sql.Tx) error {
			filter := blockFilter(s.Dialect, 1, len(blocks))
			args := blockArgs(blocks)
			delta := ledgerDelta{}
			// Nobody else writes the table, nor TABLE2 when the delete
			// cascades to it, between the counts and the delete (see
			// atomic.go); TABLE1 is locked before TABLE2.
			if err := s.lockTable(ctx, tx, t.Name, lockWriters); err != nil {
				return err
			}
			if t.Name == "TABLE1" {
				if err := s.lockTable(ctx, tx, "TABLE2", lockWriters); err != nil {
					return err
				}
				cascaded, err := countByBlock(ctx, tx, fmt.Sprintf(`SELECT "block", COUNT(*) FROM %s WHERE "refrence_t1" IN (SELECT "t1_pk" FROM %s%s) GROUP BY "block"`,
					s.Dialect.Table("TABLE2"), s.Dialect.Table("TABLE1"), filter), args...)
				if err != nil {
					return err
				}
				for b, n := range cascaded {
					delta.add("TABLE2", b, -n, 0, 0, n)
					out["TABLE2 (cascade)"] += n
				}
			}
			counts, err := countByBlock(ctx, tx, fmt.Sprintf(`SELECT "block", COUNT(*) FROM %s%s GROUP BY "block"`, s.Dialect.Table(t.Name), filter), args...)
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, fmt.Sprintf("DELETE FROM %s%s", s.Dialect.Table(t.Name), filter), args...); err != nil {
				return fmt.Errorf("delete from %s: %w", t.Name, err)
			}
			for b, n := range counts {
				delta.add(t.Name, b, -n, 0, 0, n)
				out[t.Name] += n
			}
			return delta.write(ctx, tx, s.Dialect)
		})
		if err != nil {
			return out, err
		}
	}
	return out, nil
}

// TableInfo is what `info` reports for one table.
type TableInfo struct {
	Table  string `json:"table"`
	Rows   int64  `json:"rows"`
	Blocks []int  `json:"blocks"`
}

// Info counts rows and lists distinct blocks per table, TYPES too.
func (s *Store) Info(ctx context.Context) ([]TableInfo, error) {
	var out []TableInfo
	for _, t := range DataTables() {
		counts, err := countByBlock(ctx, s.DB, fmt.Sprintf(`SELECT "block", COUNT(*) FROM %s GROUP BY "block"`, s.Dialect.Table(t.Name)))
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.Name, err)
		}
		ti := TableInfo{Table: t.Name, Blocks: []int{}}
		for b, n := range counts {
			ti.Rows += n
			ti.Blocks = append(ti.Blocks, b)
		}
		sort.Ints(ti.Blocks)
		out = append(out, ti)
	}
	return out, nil
}

// DataLimit is how many rows `data` prints at most, as before.
const DataLimit = 300

// Data returns up to DataLimit rows of a table in the given blocks; TYPES'
// values as FormatTypesValue shows them.
func (s *Store) Data(ctx context.Context, t Table, blocks []int) ([]string, [][]string, error) {
	if t.typed {
		return s.typesData(ctx, blocks)
	}
	cols := t.Columns()
	order := `"block"`
	if t.Key != "" {
		order = `"` + t.Key + `"`
	}
	sel := make([]string, len(cols))
	for i, c := range cols {
		// Text, so the number keeps its two decimals.
		if c == "number" {
			sel[i] = s.Dialect.NumberText(c)
		} else {
			sel[i] = `"` + c + `"`
		}
	}
	q := fmt.Sprintf("SELECT %s FROM %s%s ORDER BY %s%s", strings.Join(sel, ", "), s.Dialect.Table(t.Name), blockFilter(s.Dialect, 1, len(blocks)), order, s.Dialect.Limit(DataLimit))
	rows, err := s.DB.QueryContext(ctx, q, blockArgs(blocks)...)
	if err != nil {
		return nil, nil, err
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return nil, nil, err
		}
		line := make([]string, len(cols))
		for i, v := range vals {
			if v.Valid {
				line[i] = v.String
			} else {
				line[i] = "NULL"
			}
		}
		out = append(out, line)
	}
	return cols, out, rows.Err()
}

// IsMissingTable says whether err says a table does not exist, as it does
// when the tables have not been created yet.
func (s *Store) IsMissingTable(err error) bool { return s.Dialect.IsMissingTable(err) }
