package store

import (
	"context"
	"database/sql"
	"fmt"
)

// ReaderGranter is a dialect whose database may hold a user of its own for
// DMS to read as (Oracle: the DMS user prepare creates): init grants that
// user SELECT on each table, since creating a table (and every re-init
// drops and creates them) leaves it with no grant.
type ReaderGranter interface {
	// GrantReader grants user SELECT on each of tables it lacks it on,
	// when the user exists, and says what it did.
	GrantReader(ctx context.Context, db *sql.DB, user string, tables []Table) (Step, error)
}

// GrantReader grants the DMS user SELECT on the four tables when the
// dialect has such a user (ReaderGranter) and it exists; nil when the
// engine has nothing to grant. The bookkeeping tables are not granted: the
// lab's table mapping does not replicate them.
func (s *Store) GrantReader(ctx context.Context, user string) (*Step, error) {
	g, ok := s.Dialect.(ReaderGranter)
	if !ok {
		return nil, nil
	}
	step, err := g.GrantReader(ctx, s.DB, user, DataTables())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", step.Step, err)
	}
	return &step, nil
}
