package postgres_test

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"net"
	"strings"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/stdlib"

	"github.com/dmslab/dmslab/internal/dgen/connect"
	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/dgen/store/postgres"
	"github.com/dmslab/dmslab/internal/pgtest"
)

// lossyConnector opens pgx connections whose commit of a transaction that
// inserted into TABLE1 succeeds on the server but, while armed, answers
// the client with a connection reset: a commit acknowledgement lost, as
// when a failover cuts the connection at the wrong moment.
type lossyConnector struct {
	dsn   string
	armed atomic.Bool
	lost  atomic.Int32
}

func (c *lossyConnector) Connect(context.Context) (driver.Conn, error) {
	conn, err := stdlib.GetDefaultDriver().Open(c.dsn)
	if err != nil {
		return nil, err
	}
	return &lossyConn{Conn: conn.(*stdlib.Conn), c: c}, nil
}

func (c *lossyConnector) Driver() driver.Driver { return stdlib.GetDefaultDriver() }

type lossyConn struct {
	*stdlib.Conn
	c            *lossyConnector
	table1Insert bool
}

func (lc *lossyConn) BeginTx(ctx context.Context, opts driver.TxOptions) (driver.Tx, error) {
	lc.table1Insert = false
	tx, err := lc.Conn.BeginTx(ctx, opts)
	if err != nil {
		return nil, err
	}
	return lossyTx{Tx: tx, lc: lc}, nil
}

func (lc *lossyConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	if strings.HasPrefix(q, `INSERT INTO "TABLE1"`) {
		lc.table1Insert = true
	}
	return lc.Conn.ExecContext(ctx, q, args)
}

type lossyTx struct {
	driver.Tx
	lc *lossyConn
}

func (t lossyTx) Commit() error {
	err := t.Tx.Commit()
	if err == nil && t.lc.table1Insert && t.lc.c.armed.CompareAndSwap(true, false) {
		t.lc.c.lost.Add(1)
		return &net.OpError{Op: "read", Net: "tcp", Err: syscall.ECONNRESET}
	}
	return err
}

// A TABLE1 insert whose commit went through but whose acknowledgement was
// lost is retried: run finds its row (key and content) and counts it as
// done, instead of failing on its own key or inserting it twice. The
// ledger stays exact and every row inserted is one change applied.
func TestRunRetriesAnInsertWhoseCommitAnswerWasLost(t *testing.T) {
	server, err := pgtest.Start()
	if err != nil {
		t.Fatalf("cannot start PostgreSQL for the tests: %v", err)
	}
	t.Cleanup(server.Stop)
	url, err := server.NewDB()
	if err != nil {
		t.Fatal(err)
	}
	ctx := context.Background()
	plain, err := connect.OpenURL(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer plain.DB.Close()
	if err := plain.Init(ctx); err != nil {
		t.Fatal(err)
	}
	lossy := &lossyConnector{dsn: url}
	db := sql.OpenDB(lossy)
	defer db.Close()
	s := &store.Store{DB: db, Dialect: postgres.Dialect{}}
	lossy.armed.Store(true)
	sum, err := s.Run(ctx, store.RunOptions{Rate: 100, Duration: 1500 * time.Millisecond, Mix: store.Mix{Insert: 1}, Seed: 7, Blocks: []int{1}})
	if err != nil {
		t.Fatalf("run failed after a lost commit answer: %v (%+v)", err, sum)
	}
	if lossy.lost.Load() != 1 || sum.Retries == 0 {
		t.Fatalf("no commit answer was lost (lost %d, retries %d)", lossy.lost.Load(), sum.Retries)
	}
	var rows, ledgerRows, ledgerInserted int64
	for _, tb := range store.DataTables() {
		var n int64
		if err := plain.DB.QueryRow(`SELECT COUNT(*) FROM "` + tb.Name + `"`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		rows += n
	}
	plain.DB.QueryRow(`SELECT COALESCE(SUM("row_count"), 0), COALESCE(SUM("inserted"), 0) FROM "DGEN_LEDGER"`).Scan(&ledgerRows, &ledgerInserted)
	// Init put a cycle of rows in TYPES, which the ledger counts too.
	if rows != sum.Applied+store.TypesCycle || ledgerRows != rows || ledgerInserted != rows {
		t.Errorf("%d inserts applied, but the tables hold %d rows and the ledger says %d rows, %d inserted", sum.Applied, rows, ledgerRows, ledgerInserted)
	}
}

// The SQLSTATEs of a server going away or coming back, a killed session
// and a deadlock are worth retrying; others are not.
func TestPostgresTransientErrors(t *testing.T) {
	d := postgres.Dialect{}
	for _, code := range []string{"57P01", "57P02", "57P03", "08006", "08001", "53300", "40001", "40P01"} {
		if !d.IsTransient(&pgconn.PgError{Code: code}) {
			t.Errorf("SQLSTATE %s: not retried", code)
		}
	}
	for _, code := range []string{"42P01", "42501", "23505", "23503", "22001"} {
		if d.IsTransient(&pgconn.PgError{Code: code}) {
			t.Errorf("SQLSTATE %s: retried", code)
		}
	}
	if !d.IsUniqueViolation(&pgconn.PgError{Code: "23505"}) || d.IsUniqueViolation(&pgconn.PgError{Code: "23503"}) {
		t.Error("23505 alone is a unique violation")
	}
}
