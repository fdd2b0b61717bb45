package oracle

import (
	"context"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/dgen/store/storetest"
)

// update binds the text cut to 20 characters and then to what VARCHAR2(25)
// takes in bytes: never part of a character, never more than 25 bytes.
func TestOracleUpdateBindsTextThatFitsVarchar2Bytes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"this text is longer than twenty", "this text is longer "},     // ASCII: 20 characters
		{"a" + strings.Repeat("é", 30), "a" + strings.Repeat("é", 12)},  // 2-byte: 25 bytes
		{strings.Repeat("日本語", 10), "日本語日本語日本"},                         // 3-byte: 8 characters, 24 bytes
		{strings.Repeat("🙂", 21), strings.Repeat("🙂", 6)},               // 4-byte: 6 characters, 24 bytes
		{"ab" + strings.Repeat("€", 30), "ab" + strings.Repeat("€", 7)}, // 2 + 21 bytes, the next € would make 26
		{"short ü", "short ü"},
	} {
		s, r := newOracleFake(t, storetest.Answers(map[string][]any{`GROUP BY "block"`: {int64(3), int64(5)}}))
		if _, err := s.Update(context.Background(), []store.Table{store.Tables[0]}, []int{3}, c.in); err != nil {
			t.Fatal(err)
		}
		storetest.SameStatements(t, r.Statements(), []string{
			`LOCK TABLE TABLE1 IN SHARE ROW EXCLUSIVE MODE`,
			`SELECT "block", COUNT(*) FROM TABLE1 WHERE "block" IN (:1) GROUP BY "block"`,
			`UPDATE TABLE1 SET "cdc" = :1 WHERE "block" IN (:2)`,
			oracleLedgerMerge,
		})
		var got string
		for _, c := range r.Execs() {
			if strings.HasPrefix(c.Query, "UPDATE TABLE1") {
				got, _ = c.Args[0].(string)
			}
		}
		if got != c.want || len(got) > 25 || !utf8.ValidString(got) {
			t.Errorf("-m %q: bound %q (%d bytes), want %q", c.in, got, len(got), c.want)
		}
	}
}
