package fidelity

import (
	"os"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/settings"
)

// README's fidelity table is expected.json's: it cannot drift.
func TestREADMETableIsTheData(t *testing.T) {
	readme, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	want := MustLoad().MarkdownTable()
	if !strings.Contains(string(readme), want) {
		t.Errorf("README.md's section \"Fidelity: what each Oracle type becomes\" does not hold the table expected.json gives; paste this:\n%s", want)
	}
}

// The lab.json examples of README's fidelity section are valid lab
// configurations: the LOB settings and the change-data-type rule they
// show are what synth would accept.
func TestREADMEFidelityExamplesAreValidConfig(t *testing.T) {
	readme, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "## Fidelity: what each Oracle type becomes")
	if !ok {
		t.Fatal("README.md has no fidelity section")
	}
	section, _, _ = strings.Cut(section, "\n## ")
	blocks := strings.Split(section, "```json\n")[1:]
	if len(blocks) != 3 {
		t.Fatalf("%d JSON examples in the fidelity section, want 3", len(blocks))
	}
	for _, b := range blocks {
		doc, _, _ := strings.Cut(b, "```")
		if _, err := settings.ParseConfig([]byte(doc)); err != nil {
			t.Errorf("%s\nis not a valid lab.json: %v", doc, err)
		}
	}
}
