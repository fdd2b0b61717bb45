package dgen

import (
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
)

const module = "github.com/dmslab/dmslab/"

// allowed lists, for each package, the dmslab packages its non-test files
// may import.
var allowed = map[string][]string{
	"cmd/dgen":                      {"internal/dgen/cli"},
	"internal/dgen":                 {},
	"internal/dgen/cli":             {"internal/dgen/connect", "internal/dgen/store", "internal/dgen/verify", "internal/dgen/fidelity", "internal/dgen/dmsstatus", "internal/dgen/report", "internal/workloadspec"},
	"internal/dgen/connect":         {"internal/dgen/store", "internal/dgen/store/oracle", "internal/dgen/store/postgres"},
	"internal/dgen/verify":          {"internal/dgen/store", "internal/dgen/fidelity"},
	"internal/dgen/fidelity":        {"internal/dgen/store"},
	"internal/dgen/store":           {},
	"internal/dgen/store/oracle":    {"internal/dgen/store"},
	"internal/dgen/store/postgres":  {"internal/dgen/store"},
	"internal/dgen/store/storetest": {"internal/dgen/store"},
	"internal/dgen/dmsstatus":       {},
	"internal/dgen/report":          {"internal/dgen/dmsstatus", "internal/dgen/verify", "internal/dgen/fidelity", "internal/preflight", "settings"},
}

// drivers are the database drivers: only the engine packages import them.
var drivers = []string{"github.com/jackc/pgx", "github.com/sijms/go-ora"}

var engineComparison = regexp.MustCompile(`[!=]=\s*"(oracle|postgres)"|"(oracle|postgres)"\s*[!=]=|case\s+"(oracle|postgres)"`)

// TestLayout keeps each package to what it may import, the drivers to the
// engine packages, the environment to cli, and engine names out of
// comparisons (connect's table is the one place that maps them).
func TestLayout(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	err = filepath.WalkDir(root, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return err
		}
		dir, _ := filepath.Rel(root, filepath.Dir(path))
		dir = filepath.ToSlash(dir)
		if dir != "cmd/dgen" && dir != "internal/dgen" && !strings.HasPrefix(dir, "internal/dgen/") {
			return nil
		}
		rules, ok := allowed[dir]
		if !ok {
			t.Errorf("%s: a package the layout does not know; add it to allowed and to doc.go", dir)
			return nil
		}
		seen[dir] = true
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		f, err := parser.ParseFile(token.NewFileSet(), path, src, parser.ImportsOnly)
		if err != nil {
			return err
		}
		for _, imp := range f.Imports {
			p, _ := strconv.Unquote(imp.Path.Value)
			if own, ok := strings.CutPrefix(p, module); ok && !slices.Contains(rules, own) {
				t.Errorf("%s imports %s", dir, own)
			}
			for _, drv := range drivers {
				if strings.HasPrefix(p, drv) && !strings.HasPrefix(dir, "internal/dgen/store/") {
					t.Errorf("%s imports the driver %s", dir, p)
				}
			}
		}
		text := string(src)
		if dir != "internal/dgen/cli" && dir != "cmd/dgen" && (strings.Contains(text, "os.Getenv") || strings.Contains(text, "os.LookupEnv")) {
			t.Errorf("%s reads the environment; only cli does", path)
		}
		if dir != "internal/dgen/connect" && engineComparison.MatchString(text) {
			t.Errorf("%s compares an engine's name: %s", path, engineComparison.FindString(text))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for dir := range allowed {
		if !seen[dir] {
			t.Errorf("%s: in the layout but not in the tree", dir)
		}
	}
}
