// Package storetest is the test suite every store.Dialect must pass (Test),
// and the recording database/sql driver (NewRecorder) that stands in for a
// database that cannot run here: it records every statement and answers
// from a script, so tests can pin the exact SQL a dialect sends.
//
// Only tests import it. It may import store; it must not import an engine
// package (each engine's tests run the suite on themselves), connect or
// the CLI.
package storetest

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

// Recorder is a database/sql driver that records every statement and its
// arguments and answers queries from a script. It stands in for Oracle,
// which cannot run here: the tests pin the exact SQL dgen sends to it.
type Recorder struct {
	mu     sync.Mutex
	calls  []Call
	answer Answer
	fail   func(query string, args []any) error
}

// FailWith makes each statement for which fail returns an error fail with
// it, as the database would (it is still recorded as sent).
func (r *Recorder) FailWith(fail func(query string, args []any) error) {
	r.mu.Lock()
	r.fail = fail
	r.mu.Unlock()
}

func (r *Recorder) failure(q string, args []any) error {
	r.mu.Lock()
	fail := r.fail
	r.mu.Unlock()
	if fail == nil {
		return nil
	}
	return fail(q, args)
}

// Answer scripts a query's result: its columns and rows, or nil columns
// for the default (one column, no rows).
type Answer func(query string, args []any) (columns []string, rows [][]any)

// Call is one statement sent: a query, or an Exec.
type Call struct {
	Query string
	Args  []any
	Exec  bool
}

var (
	recorders   = map[string]*Recorder{}
	recordersMu sync.Mutex
	fakeOnce    sync.Once
)

type fakeDriver struct{}

func (fakeDriver) Open(name string) (driver.Conn, error) {
	recordersMu.Lock()
	defer recordersMu.Unlock()
	return &fakeConn{r: recorders[name]}, nil
}

// NewRecorder opens a database that records what it is sent and answers
// queries through answer (nil: no rows at all).
func NewRecorder(t testing.TB, answer Answer) (*sql.DB, *Recorder) {
	t.Helper()
	fakeOnce.Do(func() { sql.Register("dgenfake", fakeDriver{}) })
	r := &Recorder{answer: answer}
	recordersMu.Lock()
	recorders[t.Name()] = r
	recordersMu.Unlock()
	db, err := sql.Open("dgenfake", t.Name())
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	return db, r
}

func (r *Recorder) record(q string, args []driver.NamedValue, exec bool) []any {
	vals := make([]any, len(args))
	for i, a := range args {
		vals[i] = a.Value
	}
	r.mu.Lock()
	r.calls = append(r.calls, Call{Query: q, Args: vals, Exec: exec})
	r.mu.Unlock()
	return vals
}

// Statements lists what was sent, skipping transaction control.
func (r *Recorder) Statements() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for _, c := range r.calls {
		out = append(out, c.Query)
	}
	return out
}

// Execs lists the statements sent as Exec, with their arguments.
func (r *Recorder) Execs() []Call {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []Call
	for _, c := range r.calls {
		if c.Exec {
			out = append(out, c)
		}
	}
	return out
}

type fakeConn struct{ r *Recorder }

func (c *fakeConn) Prepare(q string) (driver.Stmt, error) { return nil, fmt.Errorf("not used") }
func (c *fakeConn) Close() error                          { return nil }
func (c *fakeConn) Begin() (driver.Tx, error)             { return fakeTx{}, nil }
func (c *fakeConn) BeginTx(context.Context, driver.TxOptions) (driver.Tx, error) {
	return fakeTx{}, nil
}

// CheckNamedValue accepts slices, as go-ora does for array binding.
func (c *fakeConn) CheckNamedValue(*driver.NamedValue) error { return nil }

func (c *fakeConn) ExecContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Result, error) {
	vals := c.r.record(q, args, true)
	if err := c.r.failure(q, vals); err != nil {
		return nil, err
	}
	return driver.RowsAffected(1), nil
}

func (c *fakeConn) QueryContext(ctx context.Context, q string, args []driver.NamedValue) (driver.Rows, error) {
	vals := c.r.record(q, args, false)
	if err := c.r.failure(q, vals); err != nil {
		return nil, err
	}
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

// Answers builds a script from query substrings to a single-row answer.
func Answers(m map[string][]any) Answer {
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

// SameStatements fails t unless got is want, statement by statement.
func SameStatements(t testing.TB, got, want []string) {
	t.Helper()
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("statements sent:\n  %s\nwant:\n  %s", strings.Join(got, "\n  "), strings.Join(want, "\n  "))
	}
}
