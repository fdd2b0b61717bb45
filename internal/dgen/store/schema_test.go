package store

import (
	"fmt"
	"strings"
	"testing"
)

// ddlOnly answers what createTable asks of a dialect.
type ddlOnly struct{ Dialect }

func (ddlOnly) Table(name string) string { return name }
func (ddlOnly) IntType() string          { return "INT" }
func (ddlOnly) NumberType() string       { return "NUMERIC" }
func (ddlOnly) TextType(n int) string    { return fmt.Sprintf("VARCHAR(%d)", n) }

// verify tells a U row without a whole image by its empty NOT NULL
// columns: NotNull must say what the DDL declares.
func TestNotNullAgreesWithTheDDL(t *testing.T) {
	for _, tb := range Tables {
		ddl := createTable(ddlOnly{}, tb)[0]
		for _, c := range tb.Columns() {
			_, rest, _ := strings.Cut(ddl, `"`+c+`" `)
			def, _, _ := strings.Cut(rest, ",")
			if got := strings.Contains(def, "NOT NULL"); got != tb.NotNull(c) {
				t.Errorf("%s.%s: DDL %q, NotNull %v", tb.Name, c, def, tb.NotNull(c))
			}
		}
		if strings.Contains(ddl, "PRIMARY KEY") != tb.HasPrimaryKey() {
			t.Errorf("%s: HasPrimaryKey %v, DDL %s", tb.Name, tb.HasPrimaryKey(), ddl)
		}
	}
}
