// Package oracle is dgen's Oracle dialect: the SQL and PL/SQL dgen sends
// to Oracle (RDS for Oracle), array binding for preload, and the CDC
// preparation DMS needs (prepare).
//
// It implements store.Dialect and the optional store.BulkLoader,
// store.Preparer and store.SchemaNamer. It may import store and the go-ora
// driver; it must not import the other engine's package, the connection
// code (connect) or the CLI, and knows nothing of flags, environment
// variables or output.
package oracle

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"strings"

	goora "github.com/sijms/go-ora/v2"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// DriverName is the database/sql driver go-ora registers.
const DriverName = "oracle"

// PrefetchRows is how many rows go-ora fetches in one round trip unless the
// DSN says otherwise (PREFETCH_ROWS): far above go-ora's default of 25, so
// that verify's full-table reads cross the network in large batches.
const PrefetchRows = 1000

// DriverURL is the connection string go-ora takes, password included. The
// DSN's query options (SSL, SSL VERIFY, SID, PREFETCH_ROWS, TIMEOUT, ...,
// as go-ora's configurations.ParseConfig reads them) are passed on; several
// values of one option are joined with commas, which BuildUrl splits again.
func DriverURL(user, password, host string, port int, service string, params url.Values) string {
	options := map[string]string{}
	for k, v := range params {
		// BuildUrl escapes values, not names ("SSL VERIFY").
		options[url.QueryEscape(k)] = strings.Join(v, ",")
	}
	if !hasOption(params, "PREFETCH_ROWS") {
		options["PREFETCH_ROWS"] = fmt.Sprint(PrefetchRows)
	}
	return goora.BuildUrl(host, port, service, user, password, options)
}

// hasOption: go-ora reads option names in any case.
func hasOption(params url.Values, name string) bool {
	for k := range params {
		if strings.EqualFold(k, name) {
			return true
		}
	}
	return false
}

// Dialect is Oracle's store.Dialect: unquoted upper-case table names,
// :N bind variables, ROWID for rows without a key.
type Dialect struct{}

var (
	_ store.Dialect     = Dialect{}
	_ store.BulkLoader  = Dialect{}
	_ store.Preparer    = Dialect{}
	_ store.SchemaNamer = Dialect{}
)

func (Dialect) Name() string                 { return "Oracle" }
func (Dialect) Placeholder(i int) string     { return fmt.Sprintf(":%d", i) }
func (Dialect) Table(name string) string     { return name } // upper case already
func (Dialect) IntType() string              { return "INT" }
func (Dialect) NumberType() string           { return "NUMBER(10,2)" }
func (Dialect) TextType(n int) string        { return fmt.Sprintf("VARCHAR2(%d)", n) }
func (Dialect) DropTable(name string) string { return "DROP TABLE " + name + " PURGE" }
func (Dialect) Limit(n int) string           { return fmt.Sprintf(" FETCH FIRST %d ROWS ONLY", n) }

// EmptyIsNull: Oracle stores ” as NULL.
func (Dialect) EmptyIsNull() bool { return true }

func (d Dialect) ExistingTables(n int) string {
	return fmt.Sprintf("SELECT table_name FROM user_tables WHERE table_name IN (%s)", store.Placeholders(d, 1, n))
}

// AfterCreate gives every table all-column supplemental logging. The two
// tables without a primary key need it for CDC to identify their rows;
// TABLE1, whose key database-wide PRIMARY KEY logging covers, needs it for
// the S3 target, which writes whole rows: DMS's Oracle-source limitations
// say "For S3 targets using replication, enable supplemental logging on
// every column so source row updates can capture every column value."
// Without it a U row in S3 holds the key and the changed columns only.
// The tables are new here, so none has the log group yet.
func (Dialect) AfterCreate(tables []store.Table) []string {
	var stmts []string
	for _, t := range tables {
		stmts = append(stmts, allColumnLogging(t.Name))
	}
	return stmts
}

func allColumnLogging(table string) string {
	return fmt.Sprintf("ALTER TABLE %s ADD SUPPLEMENTAL LOG DATA (ALL) COLUMNS", table)
}

func (d Dialect) LedgerAdd() string {
	return fmt.Sprintf(`MERGE INTO %s l USING (SELECT :1 AS t, :2 AS b, :3 AS rc, :4 AS ins, :5 AS upd, :6 AS del FROM dual) s `+
		`ON (l."table_name" = s.t AND l."block" = s.b) `+
		`WHEN MATCHED THEN UPDATE SET l."row_count" = l."row_count" + s.rc, l."inserted" = l."inserted" + s.ins, l."updated" = l."updated" + s.upd, l."deleted" = l."deleted" + s.del `+
		`WHEN NOT MATCHED THEN INSERT ("table_name", "block", "row_count", "inserted", "updated", "deleted") VALUES (s.t, s.b, s.rc, s.ins, s.upd, s.del)`, d.Table(store.LedgerTable))
}

func (d Dialect) OneRowOf(t store.Table, where string) string {
	if where != "" {
		where = " AND (" + where + ")"
	}
	return fmt.Sprintf(`SELECT ROWID FROM %s WHERE "block" = :1%s AND ROWNUM = 1`, d.Table(t.Name), where)
}

func (d Dialect) ByRowAddress(i int) string {
	return fmt.Sprintf("ROWID = CHARTOROWID(%s)", d.Placeholder(i))
}

func (Dialect) NumberText(column string) string {
	return fmt.Sprintf(`TO_CHAR("%s", 'FM9999999990.00')`, column)
}

func (Dialect) ColumnText(column string, numeric bool) string {
	if numeric {
		return fmt.Sprintf(`TO_CHAR("%s")`, column)
	}
	return `"` + column + `"`
}

// IsMissingTable: ORA-00942, table or view does not exist.
func (Dialect) IsMissingTable(err error) bool { return strings.Contains(err.Error(), "ORA-00942") }

// CurrentSchema is the connection's current schema, which DMS names the
// target's schema after.
func (Dialect) CurrentSchema(ctx context.Context, db *sql.DB) (string, error) {
	var schema string
	err := db.QueryRowContext(ctx, sqlCurrentSchemaName).Scan(&schema)
	return schema, err
}

// LoadBatch sends one INSERT with every column bound to an array (go-ora
// array binding), so the batch crosses the network once.
func (d Dialect) LoadBatch(ctx context.Context, db *sql.DB, t store.Table, rows []store.Row, record func(store.Execer) error) error {
	tx, err := db.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, store.InsertSQL(d, t), columnArrays(t, rows)...); err != nil {
		tx.Rollback()
		return err
	}
	if err := record(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// columnArrays turns rows into one slice per column, for array binding.
func columnArrays(t store.Table, rows []store.Row) []any {
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

// IsUniqueViolation: ORA-00001, unique constraint violated.
func (Dialect) IsUniqueViolation(err error) bool { return strings.Contains(err.Error(), "ORA-00001") }

// transientOracle are the errors of an instance that is unreachable,
// starting, stopping or failing over (an RDS reboot or Multi-AZ
// failover), of a session killed, and deadlocks: the transaction is worth
// trying again. go-ora's own list of codes that end a connection
// (network.OracleError.Bad) is among them.
var transientOracle = []string{
	"ORA-00028", // your session has been killed
	"ORA-00060", // deadlock detected
	"ORA-01012", // not logged on
	"ORA-01033", // initialization or shutdown in progress
	"ORA-01034", // ORACLE not available
	"ORA-01089", // immediate shutdown or close in progress
	"ORA-01090", // shutdown in progress
	"ORA-03113", // end-of-file on communication channel
	"ORA-03114", // not connected to ORACLE
	"ORA-03135", // connection lost contact
	"ORA-12170", // connect timeout
	"ORA-12514", // listener does not know of the service (yet)
	"ORA-12516", // listener: no handler available
	"ORA-12518", // listener could not hand off
	"ORA-12519", // listener: no handler available
	"ORA-12520", // listener: no handler for the server type
	"ORA-12521", // listener does not know of the instance (yet)
	"ORA-12528", // listener: instance blocking new connections
	"ORA-12537", // connection closed
	"ORA-12541", // no listener
	"ORA-12571", // packet writer failure
	"ORA-25408", // cannot safely replay call
}

// IsTransient: the ORA- errors of an instance going away or coming back,
// and deadlocks.
func (Dialect) IsTransient(err error) bool {
	msg := err.Error()
	for _, code := range transientOracle {
		if strings.Contains(msg, code) {
			return true
		}
	}
	return false
}

var _ store.BlockChecksummer = Dialect{}

// ChecksumSQL: TO_CHAR of a NUMBER without a format prints its significant
// digits only (12.30 is "12.3") but no zero before the point (".5",
// "-.5"), which the CASE adds; Oracle stores an empty string as NULL
// already, and || skips a NULL, hence NVL2, which tests the column itself
// so that the number's text is made once. STANDARD_HASH(…, 'MD5') hashes
// the text's bytes in the database character set (AL32UTF8 on the lab's RDS
// source); RAWTOHEX shows them in hex, and TO_NUMBER with 'X' format reads
// 15 of them. SUM of NUMBER is exact. The inline view is NO_MERGE so that
// each row's hash is computed once, not once for each sum (Oracle Database
// SQL Language Reference, Comments, NO_MERGE hint:
// https://docs.oracle.com/en/database/oracle/oracle-database/19/sqlrf/Comments.html).
// The bucket is computed in the view and grouped by its alias: a GROUP BY
// expression holding bind variables is not matched to the select list's.
func (Dialect) ChecksumSQL(q store.ChecksumQuery) string {
	parts := make([]string, len(q.Columns))
	for i, c := range q.Columns {
		x := `"` + c + `"`
		if q.Numeric[c] {
			x = fmt.Sprintf(`CASE WHEN "%[1]s" > -1 AND "%[1]s" < 1 AND "%[1]s" <> 0 THEN REPLACE(TO_CHAR("%[1]s"), '.', '0.') ELSE TO_CHAR("%[1]s") END`, c)
		}
		parts[i] = `NVL2("` + c + `", 'v' || ` + x + `, 'n') || CHR(31)`
	}
	bucket := "NULL"
	if q.Bucket != "" {
		bucket = `TRUNC(("` + q.Bucket + `" - :1) / :2)`
	}
	where := ""
	if q.Where != "" {
		where = " WHERE " + q.Where
	}
	return `SELECT TO_CHAR("block"), TO_CHAR(g), TO_CHAR(COUNT(*)), ` +
		`TO_CHAR(SUM(TO_NUMBER(SUBSTR(h, 1, 15), 'XXXXXXXXXXXXXXX'))), TO_CHAR(SUM(TO_NUMBER(SUBSTR(h, 16, 15), 'XXXXXXXXXXXXXXX'))) ` +
		`FROM (SELECT /*+ NO_MERGE */ "block", ` + bucket + ` g, RAWTOHEX(STANDARD_HASH(` + strings.Join(parts, " || ") + `, 'MD5')) h ` +
		`FROM ` + q.Table + where + `) GROUP BY "block", g`
}
