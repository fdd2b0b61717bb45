package verify

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/dmslab/dmslab/internal/dgen/fidelity"
	"github.com/dmslab/dmslab/internal/dgen/store"
)

// TYPES is compared apart from TABLE1..3: not by digests (push-down or
// streamed), since a report per column needs the values themselves, but by
// reading every row of both sides and classifying each value (package
// fidelity). TYPES holds a few hundred edge values, so both sides' rows are
// held in memory.

// TypesCheck asks for the TYPES fidelity report of a pair.
type TypesCheck struct {
	// LobMaxSizeKB is the task's LobMaxSize in limited LOB mode (the lab's
	// 32); 0 for full LOB mode, where no LOB may be cut.
	LobMaxSizeKB int
	// Examples per column; default 3.
	Examples int
}

// typesReader is a side that can read TYPES' rows: the databases and the
// S3 files.
type typesReader interface {
	// TypesRows reads every row of TYPES; missing is true when the side
	// has no TYPES table.
	TypesRows(ctx context.Context) (rows []fidelity.Row, missing bool, err error)
}

// targetKind says which of expected.json's targets a side is.
func targetKind(side Side) string {
	if _, ok := side.(*S3Side); ok {
		return fidelity.S3CSV
	}
	return fidelity.Aurora
}

// CheckTypes compares TYPES on source and target and returns the target's
// fidelity table; nil when either side cannot read TYPES or the source has
// no TYPES rows (a source made before TYPES existed, or not filled).
func CheckTypes(ctx context.Context, source, target Side, c TypesCheck) (*fidelity.Report, error) {
	sr, ok1 := source.(typesReader)
	tr, ok2 := target.(typesReader)
	if !ok1 || !ok2 {
		return nil, nil
	}
	src, missing, err := sr.TypesRows(ctx)
	if err != nil || missing || len(src) == 0 {
		// Nothing to report; and DMS makes no S3 folder for an empty
		// table ("For each source table that contains records", Using
		// Amazon S3 as a target), so an empty TYPES is no target's fault.
		return nil, err
	}
	kind := targetKind(target)
	opts := fidelity.Options{Target: kind, LobMaxSizeKB: c.LobMaxSizeKB, Examples: c.Examples, EmptyIsNull: kind == fidelity.S3CSV}
	if db, ok := target.(*DBSide); ok {
		opts.EmptyIsNull = db.EmptyIsNull
	}
	dst, missing, err := tr.TypesRows(ctx)
	if err != nil {
		return nil, err
	}
	if missing {
		return &fidelity.Report{Target: target.Name(), Kind: kind, Rows: len(src), MissingTable: true}, nil
	}
	if db, ok := target.(*DBSide); ok {
		opts.TargetTypes = db.typesColumnTypes(ctx)
	}
	if db, ok := source.(*DBSide); ok && samePostgresTypes(db.Store.Dialect) {
		opts.SourceTypes = map[string]string{}
		for _, c := range store.TypesColumns {
			opts.SourceTypes[c.Name] = c.PostgreSQL
		}
	}
	rep := fidelity.Compare(fidelity.MustLoad(), src, dst, opts)
	rep.Target = target.Name()
	return &rep, nil
}

// samePostgresTypes says whether the dialect creates TYPES with its
// PostgreSQL types: a PostgreSQL source, whose types DMS keeps.
func samePostgresTypes(d store.Dialect) bool {
	for _, c := range store.TypesColumns {
		if d.TypesColumnType(c) != c.PostgreSQL {
			return false
		}
	}
	return true
}

// addTypes puts TYPES' fidelity report into rep: a target without TYPES
// lacks a table, and one whose outcomes are not the documented ones is not
// equal to the source.
func addTypes(ctx context.Context, rep *Report, p Pair) error {
	f, err := CheckTypes(ctx, p.Source, p.Target, *p.Types)
	if err != nil || f == nil {
		return err
	}
	rep.Fidelity = f
	if f.MissingTable {
		rep.MissingTables = append(rep.MissingTables, store.TypesTable)
	}
	rep.Equal = rep.Equal && !f.MissingTable && f.MatchesDocumentation
	return nil
}

// TypesRows reads TYPES: a source (in its connection's schema) through the
// store's reader, which knows the source's types on either engine; a
// target, whose types are DMS's, through database/sql, each column as the
// driver gives it or as text (typesSelect).
func (s *DBSide) TypesRows(ctx context.Context) ([]fidelity.Row, bool, error) {
	if !s.MayLackTables && s.Schema == "" {
		var out []fidelity.Row
		err := store.ReadTypesRows(ctx, s.Store.DB, s.Store.Dialect, nil, func(r store.TypesRow) error {
			row := fidelity.Row{Key: strconv.FormatInt(r.Key(), 10), Values: make([]fidelity.Value, len(r))}
			for i, c := range store.TypesColumns {
				row.Values[i] = fidelity.FromStore(c, r[i])
			}
			out = append(out, row)
			return nil
		})
		if err != nil && s.Store.IsMissingTable(err) {
			return nil, true, nil
		}
		if err != nil {
			return nil, false, fmt.Errorf("%s %s: %w", s.Label, store.TypesTable, err)
		}
		return out, false, nil
	}
	cols := store.TypesColumnNames()
	q := s.typesSelect()
	rows, err := s.Store.DB.QueryContext(ctx, q)
	if err != nil {
		if s.Store.IsMissingTable(err) {
			return nil, true, nil
		}
		return nil, false, fmt.Errorf("%s %s: %w", s.Label, store.TypesTable, err)
	}
	defer rows.Close()
	raw := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range raw {
		ptrs[i] = &raw[i]
	}
	var out []fidelity.Row
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return nil, false, fmt.Errorf("%s %s: %w", s.Label, store.TypesTable, err)
		}
		r := fidelity.Row{Values: make([]fidelity.Value, len(cols))}
		for i, c := range store.TypesColumns {
			r.Values[i] = fidelity.FromGo(raw[i], c.Kind == store.KindDateTimeZone)
		}
		r.Key = typesKey(r.Values[0].Text)
		out = append(out, r)
	}
	return out, false, rows.Err()
}

// typesSelect reads numbers and intervals as the database's text (the
// dialect's ColumnText: TO_CHAR on Oracle, ::text on PostgreSQL): a driver
// would hand a 38-digit NUMBER, or Oracle's FLOAT (a NUMBER of up to 38
// digits), over as a float64 and round it. Binary floats, dates and
// times, text and bytes are read as the driver gives them.
func (s *DBSide) typesSelect() string {
	sel := make([]string, len(store.TypesColumns))
	for i, c := range store.TypesColumns {
		switch {
		case c.Kind == store.KindInt, c.Kind == store.KindDecimal, c.Kind == store.KindIntervalYM, c.Kind == store.KindIntervalDS,
			c.Kind == store.KindFloat64 && !strings.HasPrefix(c.Oracle, "BINARY_"):
			sel[i] = s.Store.Dialect.ColumnText(c.Name, true)
		default:
			sel[i] = `"` + c.Name + `"`
		}
	}
	return fmt.Sprintf(`SELECT %s FROM %s ORDER BY "%s"`, strings.Join(sel, ", "), s.table(store.TypesTable), store.TypesKey)
}

// typesColumnTypes are TYPES' column types on a PostgreSQL target, by
// information_schema (standard SQL); nil when they cannot be read, and
// the report then says nothing of types.
func (s *DBSide) typesColumnTypes(ctx context.Context) map[string]string {
	schema := "current_schema()"
	var args []any
	if s.Schema != "" {
		schema, args = s.Store.Dialect.Placeholder(1), []any{s.Schema}
	}
	rows, err := s.Store.DB.QueryContext(ctx, fmt.Sprintf(`SELECT column_name, data_type FROM information_schema.columns WHERE table_name = '%s' AND table_schema = %s`, store.TypesTable, schema), args...)
	if err != nil {
		return nil
	}
	defer rows.Close()
	out := map[string]string{}
	for rows.Next() {
		var name, typ string
		if rows.Scan(&name, &typ) != nil {
			return nil
		}
		out[name] = strings.ToLower(typ)
	}
	if rows.Err() != nil || len(out) == 0 {
		return nil
	}
	return out
}

// typesKey is ty_pk's canonical digits, the same from a database and a CSV.
func typesKey(text string) string { return string(appendCanonicalDecimal(nil, []byte(text))) }
