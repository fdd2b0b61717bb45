package settings

import (
	"slices"
	"strconv"
	"strings"
)

// Enumerations as the DMS User Guide documents them for table mappings.
var (
	selectionActions      = []string{"include", "exclude", "explicit"}
	transformationActions = []string{
		"rename", "remove-column", "convert-lowercase", "convert-uppercase",
		"add-prefix", "remove-prefix", "replace-prefix",
		"add-suffix", "remove-suffix", "replace-suffix",
		"define-primary-key", "change-data-type", "add-column",
		"include-column", "exclude-column", "add-before-image-columns",
	}
	ruleTargets     = []string{"schema", "table", "column", "table-tablespace", "index-tablespace"}
	filterOperators = []string{"lte", "ste", "gte", "eq", "noteq", "between", "notbetween", "null", "notnull"}
	dmsDataTypes    = []string{
		"bytes", "date", "time", "datetime", "int1", "int2", "int4", "int8", "numeric",
		"real4", "real8", "string", "uint1", "uint2", "uint4", "uint8", "wstring",
		"blob", "nclob", "clob", "boolean", "set", "list", "map", "tuple",
	}
	parallelLoadTypes = []string{"partitions-auto", "subpartitions-auto", "partitions-list", "ranges", "none"}
	lobModes          = []string{"limited", "unlimited", "none"}
	// actionTargets is the rule-target each transformation action applies
	// to (DMS User Guide, "Transformation rules and actions": rule-action
	// and rule-target). rename renames schemas, tables, columns and
	// tablespaces; the case and prefix/suffix actions change schema, table
	// and column names; the column actions and change-data-type act on
	// columns; define-primary-key on tables.
	actionTargets = map[string][]string{
		"rename":                   {"schema", "table", "column", "table-tablespace", "index-tablespace"},
		"convert-lowercase":        {"schema", "table", "column"},
		"convert-uppercase":        {"schema", "table", "column"},
		"add-prefix":               {"schema", "table", "column"},
		"remove-prefix":            {"schema", "table", "column"},
		"replace-prefix":           {"schema", "table", "column"},
		"add-suffix":               {"schema", "table", "column"},
		"remove-suffix":            {"schema", "table", "column"},
		"replace-suffix":           {"schema", "table", "column"},
		"remove-column":            {"column"},
		"add-column":               {"column"},
		"include-column":           {"column"},
		"exclude-column":           {"column"},
		"change-data-type":         {"column"},
		"add-before-image-columns": {"column"},
		"define-primary-key":       {"table"},
	}
	// Actions whose Value is the new name, prefix, suffix or column name.
	actionsNeedingValue = map[string]bool{
		"rename": true, "add-prefix": true, "remove-prefix": true, "replace-prefix": true,
		"add-suffix": true, "remove-suffix": true, "replace-suffix": true, "add-column": true,
	}
)

// Validate returns every problem in the mapping, or nil.
func (m *TableMapping) Validate() error {
	var ps Problems
	if m == nil || len(m.Rules) == 0 {
		ps.add("rules", nil, "at least one rule")
		return ps.Err()
	}
	ids, names := map[string]int{}, map[string]int{}
	selections := 0
	for i, r := range m.Rules {
		path := "rules[" + itoa(i) + "]"
		ps = append(ps, r.Validate().Prefixed(path)...)
		if r.RuleType == "selection" {
			selections++
		}
		if first, dup := ids[r.RuleID]; dup && r.RuleID != "" {
			ps.add(path+".rule-id", r.RuleID, "an id not already used (rules["+itoa(first)+"] has it)")
		} else {
			ids[r.RuleID] = i
		}
		if first, dup := names[r.RuleName]; dup && r.RuleName != "" {
			ps.add(path+".rule-name", r.RuleName, "a name not already used (rules["+itoa(first)+"] has it)")
		} else {
			names[r.RuleName] = i
		}
	}
	if selections == 0 {
		ps.add("rules", "no selection rule", "at least one selection rule (DMS migrates only the tables a selection rule includes)")
	}
	return ps.Err()
}

// Validate returns the problems of one rule, with paths relative to the rule.
func (r Rule) Validate() Problems {
	var ps Problems
	if n, err := strconv.Atoi(r.RuleID); err != nil || n < 1 || strconv.Itoa(n) != r.RuleID {
		ps.add("rule-id", r.RuleID, "a positive integer written as a string, such as \"1\"")
	}
	if strings.TrimSpace(r.RuleName) == "" {
		ps.add("rule-name", r.RuleName, "a non-empty name")
	}
	r.validateLocator(&ps)
	switch r.RuleType {
	case "selection":
		r.validateSelection(&ps)
	case "transformation":
		r.validateTransformation(&ps)
	case "table-settings":
		r.validateTableSettings(&ps)
	default:
		ps.add("rule-type", r.RuleType, "one of selection, transformation, table-settings")
	}
	return ps
}

func (r Rule) validateLocator(ps *Problems) {
	if r.ObjectLocator == nil {
		ps.add("object-locator", nil, "an object-locator with a schema-name")
		return
	}
	if strings.TrimSpace(r.ObjectLocator.SchemaName) == "" {
		ps.add("object-locator.schema-name", r.ObjectLocator.SchemaName, "a schema name or a % pattern")
	}
	// Only schema-level transformations may leave the table out.
	needsTable := !(r.RuleType == "transformation" && r.RuleTarget == "schema")
	if needsTable && r.ObjectLocator.TableName == "" {
		ps.add("object-locator.table-name", nil, "a table name or a % pattern")
	}
}

func (r Rule) validateSelection(ps *Problems) {
	action := r.RuleAction
	ps.oneOf("rule-action", &action, selectionActions...)
	if r.LoadOrder != nil && *r.LoadOrder < 0 {
		ps.add("load-order", *r.LoadOrder, "an integer of at least 0")
	}
	for i, f := range r.Filters {
		path := "filters[" + itoa(i) + "]"
		ft := f.FilterType
		ps.oneOf(path+".filter-type", &ft, "source")
		if f.ColumnName == "" {
			ps.add(path+".column-name", nil, "the column to filter on")
		}
		if len(f.FilterConditions) == 0 {
			ps.add(path+".filter-conditions", nil, "at least one condition")
		}
		for j, c := range f.FilterConditions {
			validateCondition(ps, path+".filter-conditions["+itoa(j)+"]", c)
		}
	}
	for _, extra := range []struct {
		key string
		set bool
	}{
		{"rule-target", r.RuleTarget != ""}, {"value", r.Value != nil}, {"expression", r.Expression != nil},
		{"parallel-load", r.ParallelLoad != nil}, {"lob-settings", r.LobSettings != nil},
	} {
		if extra.set {
			ps.add(extra.key, "a value", "nothing on a selection rule")
		}
	}
}

func validateCondition(ps *Problems, path string, c FilterCondition) {
	op := c.FilterOperator
	ps.oneOf(path+".filter-operator", &op, filterOperators...)
	switch op {
	case "between", "notbetween":
		if c.StartValue == nil || c.EndValue == nil {
			ps.add(path, op, "start-value and end-value with "+op)
		}
		if c.Value != nil {
			ps.add(path+".value", *c.Value, "nothing with "+op+" (use start-value and end-value)")
		}
	case "null", "notnull":
		if c.Value != nil || c.StartValue != nil || c.EndValue != nil {
			ps.add(path, op, "no value with "+op)
		}
	default:
		if c.Value == nil {
			ps.add(path+".value", nil, "a value to compare with "+op)
		}
	}
}

func (r Rule) validateTransformation(ps *Problems) {
	action, target := r.RuleAction, r.RuleTarget
	ps.oneOf("rule-action", &action, transformationActions...)
	ps.oneOf("rule-target", &target, ruleTargets...)
	if target == "" {
		ps.add("rule-target", nil, "one of "+strings.Join(ruleTargets, ", "))
	} else if fits := actionTargets[action]; fits != nil && slices.Contains(ruleTargets, target) && !slices.Contains(fits, target) {
		ps.add("rule-target", target, "a rule-target that "+action+" applies to: "+strings.Join(fits, ", "))
	}
	if target == "column" && action != "add-column" && r.ObjectLocator != nil && r.ObjectLocator.ColumnName == "" {
		ps.add("object-locator.column-name", nil, "a column name or a % pattern when rule-target is column")
	}
	if actionsNeedingValue[action] && (r.Value == nil || *r.Value == "") {
		ps.add("value", nil, "the new name, prefix, suffix or column name that "+action+" needs")
	}
	if (action == "replace-prefix" || action == "replace-suffix") && r.OldValue == nil {
		ps.add("old-value", nil, "the text that "+action+" replaces")
	}
	if action == "add-column" || action == "change-data-type" {
		if r.DataType == nil {
			ps.add("data-type", nil, "a data-type for "+action)
		}
	}
	if r.Expression != nil && action != "add-column" && action != "rename" {
		ps.add("expression", *r.Expression, "an expression only with add-column or rename")
	}
	if dt := r.DataType; dt != nil {
		t := dt.Type
		ps.oneOf("data-type.type", &t, dmsDataTypes...)
		ps.atLeast("data-type.length", dt.Length, 1)
		ps.atLeast("data-type.precision", dt.Precision, 1)
		ps.atLeast("data-type.scale", dt.Scale, 0)
	}
	if action == "define-primary-key" {
		if pk := r.PrimaryKeyDef; pk == nil || pk.Name == "" || len(pk.Columns) == 0 {
			ps.add("primary-key-def", nil, "a name and at least one column for define-primary-key")
		} else {
			origin := pk.Origin
			if origin != "" {
				ps.oneOf("primary-key-def.origin", &origin, "primary-key", "unique-index")
			}
		}
	}
	if len(r.Filters) > 0 {
		ps.add("filters", "a value", "filters only on selection rules")
	}
}

func (r Rule) validateTableSettings(ps *Problems) {
	if r.ParallelLoad == nil && r.LobSettings == nil {
		ps.add("rule-type", r.RuleType, "a table-settings rule with parallel-load or lob-settings")
	}
	if p := r.ParallelLoad; p != nil {
		t := p.Type
		ps.oneOf("parallel-load.type", &t, parallelLoadTypes...)
		switch t {
		case "ranges":
			if len(p.Columns) == 0 || len(p.Boundaries) == 0 {
				ps.add("parallel-load", t, "columns and boundaries with type ranges")
			}
			for i, b := range p.Boundaries {
				if len(b) != len(p.Columns) {
					ps.add("parallel-load.boundaries["+itoa(i)+"]", len(b),
						"one value per column ("+itoa(len(p.Columns))+")")
				}
			}
		case "partitions-list":
			if len(p.Partitions) == 0 {
				ps.add("parallel-load.partitions", nil, "at least one partition with type partitions-list")
			}
		}
	}
	if l := r.LobSettings; l != nil {
		mode := l.Mode
		ps.oneOf("lob-settings.mode", &mode, lobModes...)
		if l.BulkMaxSize != "" {
			if n, err := strconv.Atoi(l.BulkMaxSize); err != nil || n < 1 {
				ps.add("lob-settings.bulk-max-size", l.BulkMaxSize, "a positive whole number of KB, written as a string")
			}
		}
	}
	if r.RuleAction != "" {
		ps.add("rule-action", r.RuleAction, "nothing on a table-settings rule")
	}
}

// SelectsAnyTable reports whether the mapping's selection rules include at
// least one of tables (exact upper-case names), whatever the schema: an
// include or explicit rule whose table-name, with % as DMS's wildcard,
// matches one, and no exclude rule that matches it too.
func (m *TableMapping) SelectsAnyTable(tables ...string) bool {
	for _, t := range tables {
		included, excluded := false, false
		for _, r := range m.Rules {
			if r.RuleType != "selection" || r.ObjectLocator == nil || !likeMatch(r.ObjectLocator.TableName, t) {
				continue
			}
			switch r.RuleAction {
			case "include", "explicit":
				included = true
			case "exclude":
				excluded = excluded || r.ObjectLocator.SchemaName == "%"
			}
		}
		if included && !excluded {
			return true
		}
	}
	return false
}

// likeMatch matches name against a DMS object-locator pattern, in which %
// stands for any run of characters.
func likeMatch(pattern, name string) bool {
	parts := strings.Split(pattern, "%")
	if len(parts) == 1 {
		return pattern == name
	}
	if !strings.HasPrefix(name, parts[0]) {
		return false
	}
	name = name[len(parts[0]):]
	for i, p := range parts[1:] {
		if i == len(parts)-2 {
			return strings.HasSuffix(name, p) && len(name) >= len(p)
		}
		j := strings.Index(name, p)
		if j < 0 {
			return false
		}
		name = name[j+len(p):]
	}
	return true
}
