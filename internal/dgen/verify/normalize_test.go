package verify

import "testing"

func TestNormalizationRules(t *testing.T) {
	for _, c := range []struct{ col, in, want string }{
		{"number", "12.30", "12.3"}, {"number", "012.300", "12.3"}, {"number", ".5", "0.5"}, {"number", "-0.00", "0"},
		{"number", "7", "7"}, {"t1_pk", "42.0", "42"}, {"block", "0", "0"}, {"number", "1e5", "1e5"},
		{"var", " a ", " a "}, {"cdc", "Abc", "Abc"},
	} {
		if got := NormalizeValue(c.col, c.in, true, false); got != c.want {
			t.Errorf("%s %q -> %q, want %q", c.col, c.in, got, c.want)
		}
	}
	if NormalizeValue("cdc", "", true, true) != NullValue || NormalizeValue("cdc", "", true, false) == NullValue {
		t.Error("rule 3: an empty string is NULL from Oracle or S3, and only then")
	}
}
