package dgen

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"fmt"
	"io"
	"strings"
	"sync"
	"testing"
)

// recorder is a database/sql driver that records every statement and its
// arguments and answers queries from a script. It stands in for Oracle,
// which cannot run here: the tests pin the exact SQL dgen sends to it.
type recorder struct {
	mu     sync.Mutex
	calls  []call
	answer func(query string, args []any) ([]string, [][]any)
}

type call struct {
	Query string
	Args  []any
	Exec  bool
}

var (
	recorders   = map[string]*recorder{}
	recordersMu sync.Mutex
	fakeOnce    sync.Once
)

type fakeDriver struct{}

func (fakeDriver) Open(name string) (driver.Conn, error) {
	recordersMu.Lock()
	defer recordersMu.Unlock()
	return &fakeConn{r: recorders[name]}, nil
}

// newOracleFake returns a Store on the Oracle dialect backed by a recorder.
func newOracleFake(t *testing.T, answer func(query string, args []any) ([]string, [][]any)) (*Store, *recorder) {
	t.Helper()
	fakeOnce.Do(func() { sql.Register("dgenfake", fakeDriver{}) })
	r := &recorder{answer: answer}
	recordersMu.Lock()
	recorders[t.Name()] = r
	recordersMu.Unlock()
	db, err := sql.Open("dgenfake", t.Name())
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return &Store{DB: db, D: Oracle}, r
}

func (r *recorder) record(q string, args []driver.NamedValue, exec bool) []any {
	vals := make([]any, len(args))
	for i, a := range args {
		vals[i] = a.Value
	}
	r.mu.Lock()
	r.calls = append(r.calls, call{Query: q, Args: vals, Exec: exec})
	r.mu.Unlock()
	return vals
}

// statements lists what was sent, skipping transaction control.
func (r *recorder) statements() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, c := range r.calls {
		out = append(out, c.Query)
	}
	return out
}

func (r *recorder) execs() []call {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []call
	for _, c := range r.calls {
		if c.Exec {
			out = append(out, c)
		}
	}
	return out
}

type fakeConn struct{ r *recorder }

func (c *fakeConn) Prepare(q string) (driver.Stmt, error) { return nil, fmt.Errorf("not used") }
func (c *fakeConn) Close() error                          { return nil }
func (c *fakeConn) Begin() (driver.Tx, error)             { return fakeTx{}, nil }
func (c *fakeConn) BeginTx(context.Context, driver.TxOptions) (driver.Tx, error) {
	return fakeTx{}, nil
}

// CheckNamedValue accepts slices, as go-ora does for array binding.
func (c *fakeConn) CheckNamedValue(*driver.NamedValue) error { return nil }

func (c *fakeConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	c.r.record(q, args, true)
	return driver.RowsAffected(1), nil
}

func (c *fakeConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	vals := c.r.record(q, args, false)
	cols, rows := []string{"x"}, [][]any(nil)
	if c.r.answer != nil {
		if ac, ar := c.r.answer(q, vals); ac != nil {
			cols, rows = ac, ar
		}
	}
	return &fakeRows{cols: cols, rows: rows}, nil
}

type fakeTx struct{}

func (fakeTx) Commit() error   { return nil }
func (fakeTx) Rollback() error { return nil }

type fakeRows struct {
	cols []string
	rows [][]any
	i    int
}

func (r *fakeRows) Columns() []string { return r.cols }
func (r *fakeRows) Close() error      { return nil }
func (r *fakeRows) Next(dest []driver.Value) error {
	if r.i >= len(r.rows) {
		return io.EOF
	}
	for j, v := range r.rows[r.i] {
		dest[j] = v
	}
	r.i++
	return nil
}

// answers builds a script from query substrings to a single-row answer.
func answers(m map[string][]any) func(string, []any) ([]string, [][]any) {
	return func(q string, _ []any) ([]string, [][]any) {
		for k, row := range m {
			if strings.Contains(q, k) {
				if row == nil {
					return []string{"x"}, nil
				}
				cols := make([]string, len(row))
				for i := range cols {
					cols[i] = fmt.Sprintf("c%d", i)
				}
				return cols, [][]any{row}
			}
		}
		return nil, nil
	}
}
