package store

// Keeping a change and its accounting atomic while other sessions (a
// second run, an update or delete, a preload) write the same tables.
//
// Each statement in a READ COMMITTED transaction (PostgreSQL's default and
// the only level go-ora offers Oracle) sees the rows committed when it
// starts, so a count followed by a change could change rows committed in
// between without counting them. The store therefore locks the tables a
// block-wide change touches before it counts: SHARE ROW EXCLUSIVE lets
// others read but not write until the transaction ends, and only one
// session holds it at a time. Both engines have the same lock modes and
// the same LOCK TABLE statement. Locks are always taken TABLE1 before
// TABLE2 before TABLE3, and ledger rows (in table and block order) last,
// so two of dgen's transactions never wait for each other in a circle
// (TYPES is only ever locked alone, before its ledger rows). (A
// TABLE2 insert's foreign-key check takes ROW SHARE on TABLE1 after its
// lock on TABLE2; ROW SHARE waits only for EXCLUSIVE locks, which dgen
// never takes outside DDL.)
//
// A TABLE1 row cannot vanish under a TABLE2 insert that picked it as its
// reference: every TABLE1 delete first locks TABLE2 against writers.

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"io"
	"net"
	"syscall"
)

// Lock modes dgen takes.
const (
	// lockWriters keeps every other writer out (and other lockWriters).
	lockWriters = "SHARE ROW EXCLUSIVE"
	// lockRows is what any INSERT, UPDATE or DELETE takes on its own,
	// taken early to keep the order of locks.
	lockRows = "ROW EXCLUSIVE"
)

// lockTable locks one table for the rest of the transaction.
func (s *Store) lockTable(ctx context.Context, tx *sql.Tx, name, mode string) error {
	if _, err := tx.ExecContext(ctx, fmt.Sprintf("LOCK TABLE %s IN %s MODE", s.Dialect.Table(name), mode)); err != nil {
		return fmt.Errorf("lock %s: %w", name, err)
	}
	return nil
}

// allocKey locks a keyed table against other writers and returns its next
// key: above every key in the table and above the range an unfinished
// preload has reserved (DGEN_PRELOAD's start_key + target - 1), so that
// two sessions never number rows alike and a rerun of preload finds its
// keys free. The lock holds until the transaction ends.
func (s *Store) allocKey(ctx context.Context, tx *sql.Tx, t Table) (int64, error) {
	if err := s.lockTable(ctx, tx, t.Name, lockWriters); err != nil {
		return 0, err
	}
	hi, err := s.maxKey(ctx, tx, t)
	if err != nil {
		return 0, err
	}
	// Two statements rather than one GREATEST of both: plain enough to be
	// sure of on both engines.
	var reserved int64
	q := fmt.Sprintf(`SELECT "start_key" + "target" - 1 FROM %s WHERE "table_name" = %s`, s.Dialect.Table(PreloadTable), s.Dialect.Placeholder(1))
	if err := tx.QueryRowContext(ctx, q, t.Name).Scan(&reserved); err != nil && err != sql.ErrNoRows {
		return 0, err
	}
	hi = max(hi, reserved)
	return hi + 1, nil
}

// rowsAffected is how many rows a statement changed; a driver that cannot
// say counts as one.
func rowsAffected(r sql.Result) int64 {
	if r == nil {
		return 1
	}
	n, err := r.RowsAffected()
	if err != nil {
		return 1
	}
	return n
}

// IsTransient says whether err is worth retrying: a connection lost,
// refused or reset, a server starting, stopping or failing over, a
// deadlock (the dialect's own errors, and the network's).
func (s *Store) IsTransient(err error) bool {
	if err == nil {
		return false
	}
	if s.Dialect.IsTransient(err) {
		return true
	}
	var ne net.Error
	switch {
	case errors.Is(err, driver.ErrBadConn), errors.Is(err, sql.ErrConnDone),
		errors.Is(err, io.EOF), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, net.ErrClosed),
		errors.Is(err, syscall.ECONNREFUSED), errors.Is(err, syscall.ECONNRESET), errors.Is(err, syscall.EPIPE),
		errors.Is(err, syscall.ECONNABORTED), errors.Is(err, syscall.EHOSTUNREACH), errors.Is(err, syscall.ENETUNREACH),
		errors.As(err, &ne):
		return true
	}
	return false
}
