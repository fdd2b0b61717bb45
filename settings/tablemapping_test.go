package settings

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// Each DMS User Guide example, read into the typed rules and written back,
// must give the same JSON value: same keys, same values, same types.
func TestTableMappingExamplesRoundTrip(t *testing.T) {
	files, err := filepath.Glob("testdata/mappings/*.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 8 {
		t.Fatalf("want at least 8 examples, found %d", len(files))
	}
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			src, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			var want map[string]any
			if err := json.Unmarshal(src, &want); err != nil {
				t.Fatal(err)
			}
			var typed any
			if _, wrapped := want["rules"]; wrapped {
				m, err := ParseTableMapping(src)
				if err != nil {
					t.Fatal(err)
				}
				if err := m.Validate(); err != nil {
					t.Errorf("a published example does not validate:\n%v", err)
				}
				typed = m
			} else {
				// The guide publishes some examples as a bare rule.
				r, err := ParseRule(src)
				if err != nil {
					t.Fatal(err)
				}
				if ps := r.Validate(); len(ps) > 0 {
					t.Errorf("a published rule does not validate:\n%v", ps)
				}
				typed = r
			}
			for _, d := range diff("", want, generic(t, typed)) {
				t.Error(d)
			}
		})
	}
}

func TestParseTableMappingRefusesUnknownKeys(t *testing.T) {
	_, err := ParseTableMapping([]byte(`{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"1","rule-actoin":"include"}]}`))
	if err == nil || !strings.Contains(err.Error(), `"rule-actoin"`) {
		t.Fatalf("want an error naming the unknown key, got %v", err)
	}
}

// The default mapping is the earlier system's (every table of the schema)
// without dgen's bookkeeping tables.
func TestIncludeSchemaIsTheSeedMappingWithoutDgensBookkeeping(t *testing.T) {
	want := map[string]any{"rules": []any{map[string]any{
		"rule-type": "selection", "rule-id": "1", "rule-name": "1", "rule-action": "include",
		"object-locator": map[string]any{"schema-name": "ADMIN", "table-name": "%"},
	}, map[string]any{
		"rule-type": "selection", "rule-id": "2", "rule-name": "exclude-dgen-bookkeeping", "rule-action": "exclude",
		"object-locator": map[string]any{"schema-name": "ADMIN", "table-name": "DGEN[_]%"},
	}}}
	m := IncludeSchema("ADMIN")
	for _, d := range diff("", want, generic(t, m)) {
		t.Error(d)
	}
	if err := m.Validate(); err != nil {
		t.Error(err)
	}
}

// A mapping that selects only TYPES, the table of Oracle types, is a
// mapping of a table dgen fills.
func TestAMappingOfTypesAloneIsAccepted(t *testing.T) {
	doc := `{"auroraTask":{"tableMappings":{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"1","rule-action":"include","object-locator":{"schema-name":"%","table-name":"TYPES"}}]}}}`
	if _, err := ParseConfig([]byte(doc)); err != nil {
		t.Fatal(err)
	}
}
