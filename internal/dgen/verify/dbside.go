package verify

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// DBSide reads the tables from a database, streaming: memory does not grow
// with the tables, only with the number of blocks.
type DBSide struct {
	Label  string
	Store  *store.Store
	Schema string // "" means the connection's current schema
	// EmptyIsNull applies normalization rule 3 (see normalize.go).
	EmptyIsNull bool
	// MayLackTables: a table that does not exist is not an error but a
	// table DMS has not created yet (a target); MissingTables lists them.
	MayLackTables bool
	// Stream reads every row and digests it here, instead of letting the
	// database sum its blocks (push-down, the default when the dialect is
	// a store.BlockChecksummer; see pushdown.go).
	Stream bool
	// Parallel is how many push-down statements run at once on this
	// database, each on its own connection (0 means 1; see pushdown.go).
	Parallel int

	missing []string
	pd      pushDownState
}

// MissingTables are the tables the last Digest found missing.
func (s *DBSide) MissingTables() []string { return s.missing }

// lacks says whether err is a missing table this side may lack, and
// records it.
func (s *DBSide) lacks(t store.Table, err error) bool {
	if !s.MayLackTables || !s.Store.IsMissingTable(err) {
		return false
	}
	s.missing = append(s.missing, t.Name)
	return true
}

func (s *DBSide) Name() string { return s.Label }

func (s *DBSide) selectSQL(t store.Table, where string) string {
	d := s.Store.Dialect
	cols := t.Columns()
	sel := make([]string, len(cols))
	for i, c := range cols {
		sel[i] = d.ColumnText(c, numericColumns[c])
	}
	return fmt.Sprintf("SELECT %s FROM %s%s", strings.Join(sel, ", "), s.table(t.Name), where)
}

func (s *DBSide) scan(ctx context.Context, t store.Table, where string, args []any, each func(row []string, block int)) error {
	rows, err := s.Store.DB.QueryContext(ctx, s.selectSQL(t, where), args...)
	if err != nil {
		return fmt.Errorf("%s %s: %w", s.Label, t.Name, err)
	}
	defer rows.Close()
	cols := t.Columns()
	blockAt := t.ColumnIndex("block")
	raw := make([]any, len(cols))
	vals := make([]nullString, len(cols))
	for i := range raw {
		raw[i] = &vals[i]
	}
	// One row buffer for the whole scan: each gets a row it must copy if
	// it keeps it.
	row := make([]string, len(cols))
	for rows.Next() {
		if err := rows.Scan(raw...); err != nil {
			return err
		}
		for i, c := range cols {
			row[i] = NormalizeValue(c, vals[i].s, vals[i].ok, s.EmptyIsNull)
		}
		block, _ := strconv.Atoi(row[blockAt])
		each(row, block)
	}
	return rows.Err()
}

// nullString scans any column as text, remembering NULL.
type nullString struct {
	s  string
	ok bool
}

func (n *nullString) Scan(v any) error {
	switch x := v.(type) {
	case nil:
		n.s, n.ok = "", false
	case []byte:
		n.s, n.ok = string(x), true
	case string:
		n.s, n.ok = x, true
	default:
		n.s, n.ok = fmt.Sprint(x), true
	}
	return nil
}

// Digest sums every block of every table. A dialect that can stream raw
// row bytes (store.RawScanner) is read that way.
func (s *DBSide) Digest(ctx context.Context) (Digests, error) {
	s.missing = nil
	if bc, ok := s.Store.Dialect.(store.BlockChecksummer); ok && !s.Stream {
		return s.digestPushDown(ctx, bc)
	}
	if rs, ok := s.Store.Dialect.(store.RawScanner); ok {
		return s.digestRaw(ctx, rs)
	}
	d := Digests{}
	for _, t := range store.Tables {
		d[t.Name] = map[int]*BlockDigest{}
		var h rowHasher
		if err := s.scan(ctx, t, "", nil, func(row []string, block int) { d.add(t.Name, block, h.sum(row)) }); err != nil {
			if s.lacks(t, err) {
				continue
			}
			return nil, err
		}
	}
	return d, nil
}

func (s *DBSide) BlockRows(ctx context.Context, t store.Table, block int) ([][]string, error) {
	var out [][]string
	err := s.scan(ctx, t, fmt.Sprintf(` WHERE "block" = %s`, s.Store.Dialect.Placeholder(1)), []any{block}, func(row []string, _ int) { out = append(out, append([]string(nil), row...)) })
	return out, err
}

// digestRaw hashes each row straight from the driver's bytes: no value is
// copied into a string, so a digest of any size makes almost no garbage.
func (s *DBSide) digestRaw(ctx context.Context, rs store.RawScanner) (Digests, error) {
	d := Digests{}
	for _, t := range store.Tables {
		d[t.Name] = map[int]*BlockDigest{}
		cols := t.Columns()
		blockAt := t.ColumnIndex("block")
		var h rowHasher
		var blockBuf []byte
		err := rs.ScanRaw(ctx, s.Store.DB, s.selectSQL(t, ""), func(raw [][]byte) {
			blockBuf = appendCanonicalDecimal(blockBuf[:0], raw[blockAt])
			d.add(t.Name, atoi(blockBuf), h.sumRaw(cols, raw, s.EmptyIsNull))
		})
		if err != nil {
			if s.lacks(t, err) {
				continue
			}
			return nil, fmt.Errorf("%s %s: %w", s.Label, t.Name, err)
		}
	}
	return d, nil
}

// atoi reads a canonical integer without allocating; anything else is 0.
func atoi(b []byte) int {
	n, neg := 0, false
	for i, c := range b {
		switch {
		case i == 0 && c == '-':
			neg = true
		case c >= '0' && c <= '9':
			n = n*10 + int(c-'0')
		default:
			return 0
		}
	}
	if neg {
		return -n
	}
	return n
}
