package oracle

import (
	"context"
	"database/sql"
	"fmt"
	"strings"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

var _ store.ReaderGranter = Dialect{}

// The statements init sends for the DMS user. all_users and
// user_tab_privs_made need no privilege beyond a session.
const (
	sqlUserVisible      = `SELECT COUNT(*) FROM all_users WHERE username = :1`
	sqlSelectGrantsMade = `SELECT table_name FROM user_tab_privs_made WHERE grantee = :1 AND privilege = 'SELECT'`
)

// GrantReader grants an existing DMS user SELECT on each table it lacks it
// on, so that DMS, reading as that user, can read tables init has just
// (re)created. Without the user, DMS reads as the tables' owner, and
// nothing is sent.
func (Dialect) GrantReader(ctx context.Context, db *sql.DB, user string, tables []store.Table) (store.Step, error) {
	step := store.Step{Step: "SELECT on the tables for DMS user " + user}
	if !oracleUserPattern.MatchString(user) {
		return step, fmt.Errorf("DMS user %q: want an upper-case Oracle name of up to 30 letters, digits and underscores", user)
	}
	var n int
	if err := db.QueryRowContext(ctx, sqlUserVisible, user).Scan(&n); err != nil {
		return step, fmt.Errorf("look up DMS user: %w", err)
	}
	if n == 0 {
		step.Status, step.Detail = "skipped", "no such user, so DMS reads as the tables' owner; prepare creates the user when DGEN_DMS_PASSWORD is set"
		return step, nil
	}
	var me string
	if err := db.QueryRowContext(ctx, sqlCurrentUser).Scan(&me); err != nil {
		return step, fmt.Errorf("read current user: %w", err)
	}
	if me == user {
		// Oracle refuses a grant to oneself (ORA-01749); the owner reads
		// its tables anyway.
		step.Status, step.Detail = "skipped", "the DMS user owns the tables"
		return step, nil
	}
	rows, err := db.QueryContext(ctx, sqlSelectGrantsMade, user)
	if err != nil {
		return step, fmt.Errorf("read grants to %s: %w", user, err)
	}
	have := map[string]bool{}
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			rows.Close()
			return step, err
		}
		have[t] = true
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return step, err
	}
	var granted []string
	for _, t := range tables {
		if have[t.Name] {
			continue
		}
		if _, err := db.ExecContext(ctx, fmt.Sprintf("GRANT SELECT ON %s TO %s", t.Name, user)); err != nil {
			return step, fmt.Errorf("grant SELECT on %s to %s: %w", t.Name, user, err)
		}
		granted = append(granted, t.Name)
	}
	if len(granted) == 0 {
		step.Status = "in place"
	} else {
		step.Status, step.Detail = "changed", "granted on "+strings.Join(granted, ", ")
	}
	return step, nil
}
