package cli

import (
	"flag"
	"strings"
	"testing"
)

// The usage is generated from the flags: every flag a command registers
// is in its synopsis and its flag list, and required ones are unbracketed.
func TestUsageIsGeneratedFromTheFlags(t *testing.T) {
	for _, c := range commands {
		code, out, _ := dgenRun(t, nil, c.name, "--help")
		if code != ExitOK {
			t.Fatalf("%s --help: exit %d", c.name, code)
		}
		synopsis, _, _ := strings.Cut(out, "\n")
		fs := newFlagSet(c.name)
		c.options().flags(fs, &App{Getenv: func(string) string { return "" }})
		fs.VisitAll(func(f *flag.Flag) {
			dash := "--"
			if len(f.Name) == 1 {
				dash = "-"
			}
			if !strings.Contains(synopsis, dash+f.Name) || !strings.Contains(out, "\n  -"+f.Name) {
				t.Errorf("%s: flag %s missing from the usage:\n%s", c.name, f.Name, out)
			}
			if fs.required[f.Name] && strings.Contains(synopsis, "["+dash+f.Name+" ") {
				t.Errorf("%s: required flag %s shown as optional: %s", c.name, f.Name, synopsis)
			}
		})
	}
}
