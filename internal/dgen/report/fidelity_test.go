package report

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dmslab/dmslab/internal/dgen/fidelity"
	"github.com/dmslab/dmslab/internal/dgen/verify"
)

// The page shows each target's latest TYPES fidelity table, escaped.
func TestPageShowsTheLatestFidelityTable(t *testing.T) {
	dir := t.TempDir()
	write := func(name, outcome string, matches bool) string {
		rep := []verify.Report{{Target: "aurora", Fidelity: &fidelity.Report{Target: "aurora", MatchesDocumentation: matches, Columns: []fidelity.ColumnResult{
			{Column: "c_clob", Oracle: "CLOB", Outcome: outcome, Expected: "truncated", MatchesDocumentation: matches, Problem: "lost where truncated is documented",
				Counts: map[string]int{outcome: 1}, Examples: []fidelity.Example{{Key: "1", Outcome: outcome, How: `<b>cut</b>`}}}}}}}
		b, _ := json.Marshal(rep)
		p := filepath.Join(dir, name)
		os.WriteFile(p, b, 0o644)
		return p
	}
	res, err := ReadVerify([]string{write("v1.json", "truncated", true), write("v2.json", "lost", false)})
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Fidelity) != 1 || res.Fidelity[0].File != "v2.json" {
		t.Fatalf("fidelity %+v", res.Fidelity)
	}
	var b bytes.Buffer
	if err := Write(&b, &Report{Project: "lab", Region: "us-east-1", At: time.Now(), Hours: 3, Verify: res}); err != nil {
		t.Fatal(err)
	}
	page := b.String()
	for _, want := range []string{`data-fidelity-column="c_clob"`, `<td data-field="fidelity-outcome">lost</td>`, "(lost 1)",
		"lost where truncated is documented", "&lt;b&gt;cut&lt;/b&gt;", "not as DMS documents"} {
		if !strings.Contains(page, want) {
			t.Errorf("the page lacks %q", want)
		}
	}
}
