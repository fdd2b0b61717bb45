package oracle

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/dgen/store/storetest"
)

// Two sessions adding the same new (table, block) both find it missing in
// their MERGE; the second's insert fails with ORA-00001 once the first
// commits. The store sends the MERGE again, which then adds to the row.
func TestOracleLedgerEntrySentAgainOnAUniqueViolation(t *testing.T) {
	s, r := newOracleFake(t, emptySchema)
	merges := 0
	r.FailWith(func(q string, _ []any) error {
		if strings.HasPrefix(q, "MERGE INTO DGEN_LEDGER") {
			if merges++; merges == 1 {
				return errors.New("ORA-00001: unique constraint (ADMIN.DGEN_LEDGER_PK) violated")
			}
		}
		return nil
	})
	if _, err := s.Insert(context.Background(), store.InsertOptions{Tables: []store.Table{store.Tables[2]}, Rows: 1, Blocks: []int{4}, Seed: 1}); err != nil {
		t.Fatalf("insert failed on the colliding ledger entry: %v", err)
	}
	storetest.SameStatements(t, r.Statements(), []string{
		`INSERT INTO TABLE3 ("block", "number", "var", "cdc") VALUES (:1, :2, :3, :4)`,
		oracleLedgerMerge,
		oracleLedgerMerge,
	})
}

// runAnswers answers as a schema with rows in every block: TABLE1's lowest
// key in a block is 17 and one TABLE2 row refers to it.
func runAnswers(q string, args []any) ([]string, [][]any) {
	switch {
	case strings.HasPrefix(q, `SELECT MIN("t1_pk") FROM TABLE1 WHERE "block"`):
		return []string{"k"}, [][]any{{int64(17)}}
	case strings.HasPrefix(q, "SELECT ROWID"):
		return []string{"r"}, [][]any{{"AAAR3sAAEAAAACXAAA"}}
	case strings.HasPrefix(q, "SELECT COUNT(*)"):
		return []string{"n"}, [][]any{{int64(0)}}
	}
	return emptySchema(q, args)
}

// indexOf is the position of the first statement equal to want, -1 if none.
func indexOf(sent []string, want string) int {
	for i, s := range sent {
		if s == want {
			return i
		}
	}
	return -1
}

// What run sends for a TABLE1 delete and a TABLE1 insert: the cascade is
// counted with TABLE2 locked against writers (TABLE1 locked first, as
// every dgen transaction does), and a TABLE1 key is taken under TABLE1's
// lock, above the keys an unfinished preload reserved.
func TestOracleRunLocksBeforeItCounts(t *testing.T) {
	ctx := context.Background()
	s, r := newOracleFake(t, runAnswers)
	if _, err := s.Run(ctx, store.RunOptions{Rate: 2000, Duration: 100 * time.Millisecond, Mix: store.Mix{Delete: 1}, Seed: 3, Blocks: []int{1}}); err != nil {
		t.Fatal(err)
	}
	sent := r.Statements()
	i := indexOf(sent, `LOCK TABLE TABLE1 IN ROW EXCLUSIVE MODE`)
	if i < 0 {
		t.Fatalf("no TABLE1 delete in %d statements", len(sent))
	}
	storetest.SameStatements(t, sent[i:i+7], []string{
		`LOCK TABLE TABLE1 IN ROW EXCLUSIVE MODE`,
		`LOCK TABLE TABLE2 IN SHARE ROW EXCLUSIVE MODE`,
		`SELECT MIN("t1_pk") FROM TABLE1 WHERE "block" = :1`,
		`SELECT "block", COUNT(*) FROM TABLE2 WHERE "refrence_t1" = :1 GROUP BY "block"`,
		`DELETE FROM TABLE1 WHERE "t1_pk" = :1`,
		oracleLedgerMerge, // TABLE1
		oracleLedgerMerge, // TABLE2, cascaded
	})

	s, r = newOracleFake(t, runAnswers)
	if _, err := s.Run(ctx, store.RunOptions{Rate: 2000, Duration: 100 * time.Millisecond, Mix: store.Mix{Insert: 1}, Seed: 3, Blocks: []int{1}}); err != nil {
		t.Fatal(err)
	}
	sent = r.Statements()
	i = indexOf(sent, `LOCK TABLE TABLE1 IN SHARE ROW EXCLUSIVE MODE`)
	if i < 0 {
		t.Fatalf("no TABLE1 insert in %d statements", len(sent))
	}
	storetest.SameStatements(t, sent[i:i+5], []string{
		`LOCK TABLE TABLE1 IN SHARE ROW EXCLUSIVE MODE`,
		`SELECT MAX("t1_pk") FROM TABLE1`,
		oracleReserved,
		`INSERT INTO TABLE1 ("t1_pk", "block", "number", "var", "cdc") VALUES (:1, :2, :3, :4, :5)`,
		oracleLedgerMerge,
	})
}

// A TABLE1 insert whose transaction ends in ORA-03113 (the instance went
// away) is retried; before it is sent again, run asks whether the row
// arrived after all, by its key and content, so a commit whose answer was
// lost is neither repeated nor fails on its own key.
func TestOracleRunAsksWhetherALostInsertArrived(t *testing.T) {
	s, r := newOracleFake(t, runAnswers)
	failed := false
	r.FailWith(func(q string, _ []any) error {
		if !failed && strings.HasPrefix(q, "MERGE INTO DGEN_LEDGER") {
			failed = true
			return errors.New("ORA-03113: end-of-file on communication channel")
		}
		return nil
	})
	sum, err := s.Run(context.Background(), store.RunOptions{Rate: 20, Duration: 400 * time.Millisecond, Mix: store.Mix{Insert: 1}, Seed: 5, Blocks: []int{1}})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Retries != 1 || sum.Outages != 1 {
		t.Errorf("ORA-03113 was not retried as an outage: %+v", sum)
	}
	sent := strings.Join(r.Statements(), "\n")
	for _, want := range []string{
		`SELECT COUNT(*) FROM TABLE1 WHERE "t1_pk" = :1 AND "var" = :2`,
		`SELECT COUNT(*) FROM TABLE2 WHERE "t2_pk" = :1 AND "var" = :2`,
		`SELECT COUNT(*) FROM TABLE3 WHERE "block" = :1 AND "var" = :2`,
	} {
		if strings.Contains(sent, want) {
			return
		}
	}
	t.Errorf("the retry did not look for the row first:\n%s", sent)
}

// The errors of an instance going away or coming back, of a killed
// session and of a deadlock are worth retrying; others are not.
func TestOracleTransientErrors(t *testing.T) {
	d := Dialect{}
	for _, msg := range []string{
		"ORA-03113: end-of-file on communication channel",
		"ORA-01033: ORACLE initialization or shutdown in progress",
		"ORA-12541: TNS:no listener",
		"ORA-00028: your session has been killed",
		"ORA-00060: deadlock detected while waiting for resource",
	} {
		if !d.IsTransient(errors.New(msg)) {
			t.Errorf("%s: not retried", msg)
		}
	}
	for _, msg := range []string{"ORA-00942: table or view does not exist", "ORA-01031: insufficient privileges", "ORA-00001: unique constraint (A.B) violated"} {
		if d.IsTransient(errors.New(msg)) {
			t.Errorf("%s: retried", msg)
		}
	}
	if !d.IsUniqueViolation(errors.New("ORA-00001: unique constraint (ADMIN.DGEN_LEDGER_PK) violated")) {
		t.Error("ORA-00001 is not a unique violation")
	}
}
