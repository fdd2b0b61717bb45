package store

import (
	"strings"
	"testing"
)

// charDialect counts text length in characters (as PostgreSQL does).
type charDialect struct{ Dialect }

func TestCdcTextCutsCharactersNotBytes(t *testing.T) {
	for in, want := range map[string]string{
		"this text is longer than twenty": "this text is longer ",
		"a" + strings.Repeat("é", 30):     "a" + strings.Repeat("é", 19),
		strings.Repeat("🙂", 25):           strings.Repeat("🙂", 20),
		"twenty characters!!!":            "twenty characters!!!",
		"":                                "",
	} {
		if got := CdcText(charDialect{}, in); got != want {
			t.Errorf("CdcText(%q) = %q, want %q", in, got, want)
		}
	}
}
