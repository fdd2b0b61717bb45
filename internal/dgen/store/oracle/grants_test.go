package oracle

import (
	"context"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/dgen/store/storetest"
)

// init, then the DMS user's grants, as `dgen init` sends them: when the
// user exists, SELECT on each of the four tables init has just created
// (dropping a table drops its grants); the bookkeeping tables get none,
// the lab's mapping does not replicate them.
func TestOracleInitGrantsTheDMSUserSelect(t *testing.T) {
	ctx := context.Background()
	userExists := func(n int64, granted ...string) storetest.Answer {
		return func(q string, args []any) ([]string, [][]any) {
			switch {
			case strings.Contains(q, "all_users"):
				return []string{"n"}, [][]any{{n}}
			case q == sqlCurrentUser:
				return []string{"u"}, [][]any{{"ADMIN"}}
			case strings.Contains(q, "user_tab_privs_made"):
				var rows [][]any
				for _, g := range granted {
					rows = append(rows, []any{g})
				}
				return []string{"table_name"}, rows
			}
			return nil, nil
		}
	}

	s, r := newOracleFake(t, userExists(1))
	if err := s.Init(ctx); err != nil {
		t.Fatal(err)
	}
	before := len(r.Statements())
	step, err := s.GrantReader(ctx, "DMS_USER")
	if err != nil {
		t.Fatal(err)
	}
	storetest.SameStatements(t, r.Statements()[before:], []string{
		`SELECT COUNT(*) FROM all_users WHERE username = :1`,
		`SELECT USER FROM dual`,
		`SELECT table_name FROM user_tab_privs_made WHERE grantee = :1 AND privilege = 'SELECT'`,
		`GRANT SELECT ON TABLE1 TO DMS_USER`,
		`GRANT SELECT ON TABLE2 TO DMS_USER`,
		`GRANT SELECT ON TABLE3 TO DMS_USER`,
		`GRANT SELECT ON TYPES TO DMS_USER`,
	})
	if step == nil || step.Status != "changed" || step.Detail != "granted on TABLE1, TABLE2, TABLE3, TYPES" {
		t.Errorf("step %+v", step)
	}

	// init --if-missing on tables that exist: only the missing grant.
	s, r = newOracleFake(t, userExists(1, "TABLE1", "TABLE3", "TYPES"))
	if _, err := s.GrantReader(ctx, "DMS_USER"); err != nil {
		t.Fatal(err)
	}
	storetest.SameStatements(t, r.Statements()[3:], []string{`GRANT SELECT ON TABLE2 TO DMS_USER`})

	// Everything granted: nothing sent.
	s, r = newOracleFake(t, userExists(1, "TABLE1", "TABLE2", "TABLE3", "TYPES"))
	if step, err := s.GrantReader(ctx, "DMS_USER"); err != nil || step.Status != "in place" || len(r.Execs()) != 0 {
		t.Errorf("all granted: %+v %v, sent %v", step, err, r.Execs())
	}

	// No DMS user (DMS reads as the owner): only the lookup.
	s, r = newOracleFake(t, userExists(0))
	step, err = s.GrantReader(ctx, "DMS_USER")
	if err != nil || step.Status != "skipped" || !strings.Contains(step.Detail, "DMS reads as the tables' owner") {
		t.Errorf("no user: %+v %v", step, err)
	}
	storetest.SameStatements(t, r.Statements(), []string{`SELECT COUNT(*) FROM all_users WHERE username = :1`})

	// The owner itself: Oracle refuses a grant to oneself; nothing sent.
	s, r = newOracleFake(t, userExists(1))
	step, err = s.GrantReader(ctx, "ADMIN")
	if err != nil || step.Status != "skipped" || step.Detail != "the DMS user owns the tables" || len(r.Execs()) != 0 {
		t.Errorf("the owner: %+v %v, sent %v", step, err, r.Execs())
	}

	// A name that is no plain Oracle name is never written into SQL.
	s, r = newOracleFake(t, userExists(1))
	if _, err := s.GrantReader(ctx, "DMS_USER; DROP TABLE TABLE1"); err == nil || len(r.Statements()) != 0 {
		t.Errorf("a hostile user name: %v, sent %v", err, r.Statements())
	}
}

// PostgreSQL has no DMS user to grant: the store says nil.
func TestGrantReaderIsOracleOnly(t *testing.T) {
	s := &store.Store{Dialect: struct{ store.Dialect }{}}
	if step, err := s.GrantReader(context.Background(), "DMS_USER"); step != nil || err != nil {
		t.Errorf("%+v %v", step, err)
	}
}
