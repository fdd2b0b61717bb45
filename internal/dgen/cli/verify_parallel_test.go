package cli

import (
	"strings"
	"testing"
)

// --parallel outside 1 to 64 exits 2 naming the flag, the value and what
// is allowed, before any database is reached.
func TestVerifyParallelIsChecked(t *testing.T) {
	dsn := "postgres://u:p@127.0.0.1:1/db" // never reached: input is checked first
	for _, v := range []string{"0", "-3", "65"} {
		code, out, errOut := dgenRun(t, nil, "--dsn", dsn, "verify", "--target", "postgres://u:p@127.0.0.1:1/other", "--parallel", v)
		if code != ExitUsage || out != "" {
			t.Errorf("--parallel %s: exit %d, output %q; want exit %d", v, code, out, ExitUsage)
		}
		if want := "--parallel " + v + ": want 1 to 64 statements at once per database"; !strings.Contains(errOut, want) {
			t.Errorf("stderr %q lacks %q", errOut, want)
		}
	}
	code, _, errOut := dgenRun(t, nil, "--dsn", dsn, "verify", "--target", "postgres://u:p@127.0.0.1:1/other", "--parallel", "x")
	if code != ExitUsage || !strings.Contains(errOut, "parallel") {
		t.Errorf("--parallel x: exit %d, %q", code, errOut)
	}
}
