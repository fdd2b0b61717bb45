package oracle

import (
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/store/storetest"
)

// TestStoreSuite runs the store suite on the Oracle dialect through the
// recording driver, which answers as an empty Oracle schema on RDS would.
func TestStoreSuite(t *testing.T) {
	storetest.Test(t, func(t *testing.T) storetest.Database {
		s, r := newOracleFake(t, emptySchema)
		return storetest.Database{Store: s, Sent: r.Statements}
	})
}

// emptySchema answers as an Oracle schema without dgen's tables would, with
// supplemental logging on and one row in each block counted.
func emptySchema(q string, args []any) ([]string, [][]any) {
	switch {
	case strings.HasPrefix(q, "SELECT MAX(") || strings.HasPrefix(q, "SELECT MIN("):
		return []string{"m"}, [][]any{{nil}}
	case strings.Contains(q, `"t1_pk" BETWEEN`):
		return []string{"n"}, [][]any{{args[1].(int64) - args[0].(int64) + 1}} // every preloaded TABLE1 row there
	case strings.Contains(q, `GROUP BY "block"`):
		return []string{"b", "n"}, [][]any{{int64(1), int64(2)}}
	case strings.Contains(q, "v$database"):
		return []string{"a", "b"}, [][]any{{"YES", "YES"}}
	case strings.Contains(q, "SELECT USER FROM dual"):
		return []string{"u"}, [][]any{{"ADMIN"}}
	}
	return nil, nil
}
