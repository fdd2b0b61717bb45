package settings

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// TableMapping is a DMS table-mapping document. JSON keys are spelled exactly
// as the DMS User Guide spells them, hyphens included.
type TableMapping struct {
	Rules []Rule `json:"rules"`
}

// Rule is one selection, transformation or table-settings rule. Which fields
// apply depends on RuleType and RuleAction; Validate says which are missing
// or misplaced.
type Rule struct {
	RuleType string `json:"rule-type"`
	// RuleID is a positive integer written as a string, as DMS writes it.
	RuleID   string `json:"rule-id"`
	RuleName string `json:"rule-name"`
	// RuleAction is required for selection and transformation rules.
	RuleAction string `json:"rule-action,omitempty"`
	// RuleTarget is what a transformation rule changes: schema, table, column...
	RuleTarget    string         `json:"rule-target,omitempty"`
	ObjectLocator *ObjectLocator `json:"object-locator,omitempty"`
	// LoadOrder orders tables within a full load (selection rules).
	LoadOrder *int     `json:"load-order,omitempty"`
	Filters   []Filter `json:"filters,omitempty"`

	// Value is the new name, prefix, suffix or added column's name.
	Value *string `json:"value,omitempty"`
	// OldValue is what replace-prefix and replace-suffix replace.
	OldValue      *string        `json:"old-value,omitempty"`
	Expression    *string        `json:"expression,omitempty"`
	DataType      *DataType      `json:"data-type,omitempty"`
	PrimaryKeyDef *PrimaryKeyDef `json:"primary-key-def,omitempty"`

	ParallelLoad *ParallelLoad `json:"parallel-load,omitempty"`
	LobSettings  *LobSettings  `json:"lob-settings,omitempty"`
}

// ObjectLocator names what a rule applies to; names accept % wildcards.
type ObjectLocator struct {
	SchemaName          string `json:"schema-name"`
	TableName           string `json:"table-name,omitempty"`
	ColumnName          string `json:"column-name,omitempty"`
	TableType           string `json:"table-type,omitempty"`
	TableTablespaceName string `json:"table-tablespace-name,omitempty"`
	IndexTablespaceName string `json:"index-tablespace-name,omitempty"`
}

// Filter keeps only the source rows whose column meets one of the conditions.
type Filter struct {
	FilterType       string            `json:"filter-type"`
	ColumnName       string            `json:"column-name"`
	FilterConditions []FilterCondition `json:"filter-conditions"`
}

// FilterCondition is one comparison; between and notbetween take a start and
// an end value, null and notnull take none, the others take one value.
type FilterCondition struct {
	FilterOperator string  `json:"filter-operator"`
	Value          *string `json:"value,omitempty"`
	StartValue     *string `json:"start-value,omitempty"`
	EndValue       *string `json:"end-value,omitempty"`
}

// DataType is a DMS data type for add-column and change-data-type.
type DataType struct {
	Type      string `json:"type"`
	Length    *int   `json:"length,omitempty"`
	Precision *int   `json:"precision,omitempty"`
	Scale     *int   `json:"scale,omitempty"`
}

// PrimaryKeyDef defines a primary key or unique index on the target table.
type PrimaryKeyDef struct {
	Name    string   `json:"name"`
	Origin  string   `json:"origin,omitempty"`
	Columns []string `json:"columns"`
}

// ParallelLoad splits one table's full load into segments.
type ParallelLoad struct {
	Type          string     `json:"type"`
	Columns       []string   `json:"columns,omitempty"`
	Boundaries    [][]string `json:"boundaries,omitempty"`
	Partitions    []string   `json:"partitions,omitempty"`
	Subpartitions []string   `json:"subpartitions,omitempty"`
}

// LobSettings overrides the task's LOB handling for one table.
type LobSettings struct {
	Mode        string `json:"mode"`
	BulkMaxSize string `json:"bulk-max-size,omitempty"`
}

// BookkeepingTables matches dgen's own tables (DGEN_LEDGER, DGEN_PRELOAD):
// what dgen wrote, not data being migrated. In DMS's table-mapping
// wildcards "_" matches any one character; "[_]" is the underscore itself.
const BookkeepingTables = `DGEN[_]%`

// IncludeSchema is the default mapping: every table of one schema, as the
// earlier system replicated, except dgen's bookkeeping tables. Those hold
// what dgen did to the source; replicating them would put tables in the
// targets that no one migrates, and verify compares TABLE1 to TABLE3 only
// either way.
func IncludeSchema(schema string) *TableMapping {
	return &TableMapping{Rules: []Rule{{
		RuleType:      "selection",
		RuleID:        "1",
		RuleName:      "1",
		RuleAction:    "include",
		ObjectLocator: &ObjectLocator{SchemaName: schema, TableName: "%"},
	}, {
		RuleType:      "selection",
		RuleID:        "2",
		RuleName:      "exclude-dgen-bookkeeping",
		RuleAction:    "exclude",
		ObjectLocator: &ObjectLocator{SchemaName: schema, TableName: BookkeepingTables},
	}}}
}

// ParseTableMapping reads a table-mapping document. A key this package does
// not know is an error rather than silently dropped, so what is read is
// exactly what will be written back.
func ParseTableMapping(data []byte) (*TableMapping, error) {
	var m TableMapping
	if err := decodeStrict(data, &m); err != nil {
		return nil, fmt.Errorf("table mapping: %w", err)
	}
	return &m, nil
}

// ParseRule reads a single rule, the way the DMS guide publishes some examples.
func ParseRule(data []byte) (*Rule, error) {
	var r Rule
	if err := decodeStrict(data, &r); err != nil {
		return nil, fmt.Errorf("table-mapping rule: %w", err)
	}
	return &r, nil
}

// decodeStrict decodes exactly one JSON value, refusing unknown keys.
func decodeStrict(data []byte, v any) error {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return err
	}
	if dec.More() {
		return fmt.Errorf("unexpected data after the JSON document")
	}
	return nil
}
