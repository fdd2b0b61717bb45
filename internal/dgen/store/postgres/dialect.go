// Package postgres is dgen's PostgreSQL dialect: the SQL dgen sends to
// PostgreSQL (a source in the tests, Aurora as the lab's target), COPY for
// preload, and streaming of raw row bytes for verify.
//
// It implements store.Dialect and the optional store.BulkLoader and
// store.RawScanner. It may import store and pgx; it must not import the
// other engine's package, the connection code (connect) or the CLI, and
// knows nothing of flags, environment variables or output.
package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib" // registers "pgx"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// DriverName is the database/sql driver pgx registers.
const DriverName = "pgx"

// DriverURL is the connection string pgx takes, password included. Without
// a password the URL has none at all (not an empty one), so that pgx looks
// in PGPASSWORD and ~/.pgpass (or PGPASSFILE, or the passfile parameter),
// and a server that trusts the client needs none.
func DriverURL(user, password, host string, port int, database string, params url.Values) string {
	userinfo := url.User(user)
	if password != "" {
		userinfo = url.UserPassword(user, password)
	}
	u := url.URL{Scheme: "postgres", User: userinfo, Host: fmt.Sprintf("%s:%d", host, port), Path: "/" + database, RawQuery: params.Encode()}
	return u.String()
}

// IsAuthFailure says whether err is the server refusing the login
// (SQLSTATE 28P01, invalid_password).
func IsAuthFailure(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "28P01"
}

// Dialect is PostgreSQL's store.Dialect: table names quoted to keep the
// upper case DMS gives Oracle's tables, $N bind variables, ctid for rows
// without a key.
type Dialect struct{}

var (
	_ store.Dialect    = Dialect{}
	_ store.BulkLoader = Dialect{}
	_ store.RawScanner = Dialect{}
)

func (Dialect) Name() string                       { return "PostgreSQL" }
func (Dialect) Placeholder(i int) string           { return fmt.Sprintf("$%d", i) }
func (Dialect) Table(name string) string           { return `"` + name + `"` }
func (Dialect) IntType() string                    { return "INTEGER" }
func (Dialect) NumberType() string                 { return "NUMERIC(10,2)" }
func (Dialect) TextType(n int) string              { return fmt.Sprintf("VARCHAR(%d)", n) }
func (d Dialect) DropTable(name string) string     { return "DROP TABLE " + d.Table(name) }
func (Dialect) AfterCreate([]store.Table) []string { return nil }
func (Dialect) Limit(n int) string                 { return fmt.Sprintf(" LIMIT %d", n) }

// EmptyIsNull: PostgreSQL keeps ” and NULL apart.
func (Dialect) EmptyIsNull() bool { return false }

func (d Dialect) ExistingTables(n int) string {
	return fmt.Sprintf("SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_name IN (%s)", store.Placeholders(d, 1, n))
}

func (d Dialect) LedgerAdd() string {
	return fmt.Sprintf(`INSERT INTO %s AS l ("table_name", "block", "row_count", "inserted", "updated", "deleted") VALUES ($1, $2, $3, $4, $5, $6) `+
		`ON CONFLICT ("table_name", "block") DO UPDATE SET "row_count" = l."row_count" + EXCLUDED."row_count", "inserted" = l."inserted" + EXCLUDED."inserted", "updated" = l."updated" + EXCLUDED."updated", "deleted" = l."deleted" + EXCLUDED."deleted"`, d.Table(store.LedgerTable))
}

func (d Dialect) OneRowOf(t store.Table, where string) string {
	if where != "" {
		where = " AND (" + where + ")"
	}
	return fmt.Sprintf(`SELECT ctid::text FROM %s WHERE "block" = $1%s LIMIT 1`, d.Table(t.Name), where)
}

func (d Dialect) ByRowAddress(i int) string {
	return fmt.Sprintf("ctid = %s::tid", d.Placeholder(i))
}

func (Dialect) NumberText(column string) string { return `"` + column + `"::text` }

func (Dialect) ColumnText(column string, _ bool) string { return `"` + column + `"::text` }

// IsMissingTable: relation "..." does not exist.
func (Dialect) IsMissingTable(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "does not exist") && strings.Contains(msg, "relation")
}

// LoadBatch loads rows with COPY and records them, in one transaction on
// the connection's own pgx handle.
func (Dialect) LoadBatch(ctx context.Context, db *sql.DB, t store.Table, rows []store.Row, record func(store.Execer) error) error {
	return copyAndRecord(ctx, db, t.Name, t.Columns(), len(rows), func(i int) []any { return rows[i].Args(t) }, record)
}

// copyAndRecord copies n rows (row(i) gives the i-th's values) into table
// with COPY and runs record, in one transaction on the connection's own
// pgx handle.
func copyAndRecord(ctx context.Context, db *sql.DB, table string, columns []string, n int, row func(i int) []any, record func(store.Execer) error) error {
	conn, err := db.Conn(ctx)
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
		src := pgx.CopyFromSlice(n, func(i int) ([]any, error) { return row(i), nil })
		if _, err := tx.CopyFrom(ctx, pgx.Identifier{table}, columns, src); err != nil {
			return err
		}
		if err := record(pgxExecer{tx}); err != nil {
			return err
		}
		return tx.Commit(ctx)
	})
}

// pgxExecer lets the store's writes run inside a pgx transaction.
type pgxExecer struct{ tx pgx.Tx }

func (p pgxExecer) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	_, err := p.tx.Exec(ctx, q, args...)
	return nil, err
}

// ScanRaw reads through pgx's raw row bytes: no value is copied into a
// string, so a digest of any size makes almost no garbage.
func (Dialect) ScanRaw(ctx context.Context, db *sql.DB, query string, each func(raw [][]byte)) error {
	conn, err := db.Conn(ctx)
	if err != nil {
		return err
	}
	defer conn.Close()
	return conn.Raw(func(dc any) error {
		rows, err := dc.(*stdlib.Conn).Conn().Query(ctx, query)
		if err != nil {
			return err
		}
		for rows.Next() {
			each(rows.RawValues())
		}
		rows.Close()
		return rows.Err()
	})
}

// IsUniqueViolation: SQLSTATE 23505.
func (Dialect) IsUniqueViolation(err error) bool {
	var pe *pgconn.PgError
	return errors.As(err, &pe) && pe.Code == "23505"
}

// IsTransient: a connection that failed or was ended by the server
// (class 08; 57P01 admin shutdown, as pg_terminate_backend and a fast
// shutdown give; 57P02 crash shutdown; 57P03 starting or stopping), too
// many connections (53300), a serialization failure or deadlock (40001,
// 40P01), or what pgx itself says is safe to retry or a timeout.
func (Dialect) IsTransient(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		switch {
		case strings.HasPrefix(pe.Code, "08"), pe.Code == "57P01", pe.Code == "57P02", pe.Code == "57P03",
			pe.Code == "53300", pe.Code == "40001", pe.Code == "40P01":
			return true
		}
		return false
	}
	var ce *pgconn.ConnectError
	return errors.As(err, &ce) || pgconn.SafeToRetry(err) || pgconn.Timeout(err)
}

var _ store.BlockChecksummer = Dialect{}

// ChecksumSQL: trim_scale drops a numeric's trailing zeros (12.30 is 12.3,
// 0.00 is 0); md5 hashes the text's bytes in the database's encoding
// (UTF8). 'x' and 30 of its 32 hex digits cast to bit(120) parse the hash
// once; a cast to bit(60) keeps the leftmost 60 bits and << 60 brings the
// next 60 to the left (the length is kept), and bit(60)::bigint is their
// value (https://www.postgresql.org/docs/15/datatype-bit.html,
// https://www.postgresql.org/docs/15/functions-bitstring.html). SUM of
// bigint is numeric, exact. OFFSET 0 keeps the subquery from being pulled
// up into the aggregate: pulled up, PostgreSQL 15 builds the row text and
// its md5 once for each of the two sums (measured: twice the time). The
// key of a bucket is an integer (a numeric(38,0) on a DMS target is cast).
func (Dialect) ChecksumSQL(q store.ChecksumQuery) string {
	parts := make([]string, len(q.Columns))
	for i, c := range q.Columns {
		x := `"` + c + `"::text`
		switch {
		case q.Numeric[c]:
			x = `trim_scale("` + c + `"::numeric)::text`
		case q.EmptyIsNull:
			x = `NULLIF("` + c + `"::text, '')`
		}
		parts[i] = "COALESCE('v' || " + x + ", 'n') || chr(31)"
	}
	bucket := "NULL::numeric"
	if q.Bucket != "" {
		// bigint division truncates toward zero, as Oracle's TRUNC does
		// (a numeric division costs a tenth of the statement).
		bucket = `("` + q.Bucket + `"::bigint - $1::bigint) / $2::bigint`
	}
	where := ""
	if q.Where != "" {
		where = " WHERE " + q.Where
	}
	return `SELECT "block"::text, g::text, COUNT(*)::text, SUM(b::bit(60)::bigint)::text, SUM((b << 60)::bit(60)::bigint)::text ` +
		`FROM (SELECT "block", ` + bucket + ` AS g, ('x' || substr(md5(` + strings.Join(parts, " || ") + `), 1, 30))::bit(120) AS b ` +
		`FROM ` + q.Table + where + ` OFFSET 0) s GROUP BY "block", g`
}
