package fidelity

import (
	"fmt"
	"io"
	"strings"
)

// WriteTable prints a target's fidelity table: one line a column, then
// the examples of what did not arrive exactly.
func WriteTable(w io.Writer, r Report) {
	status := "as documented"
	if !r.MatchesDocumentation {
		status = "NOT as documented"
	}
	if r.MissingTable {
		fmt.Fprintf(w, "  TYPES fidelity: no TYPES table on the target: DMS has not created it yet\n")
		return
	}
	fmt.Fprintf(w, "  TYPES fidelity (%d rows): %s\n", r.Rows, status)
	if len(r.MissingRows) > 0 {
		fmt.Fprintf(w, "    rows missing on the target: ty_pk %s\n", strings.Join(r.MissingRows, ", "))
	}
	if len(r.RowsBeyondRange) > 0 {
		fmt.Fprintf(w, "    rows not on the target, each one value beyond its column's range (counted there): ty_pk %s\n", strings.Join(r.RowsBeyondRange, ", "))
	}
	if len(r.ExtraRows) > 0 {
		fmt.Fprintf(w, "    rows the source does not have: ty_pk %s\n", strings.Join(r.ExtraRows, ", "))
	}
	for _, c := range r.Columns {
		mark := "ok"
		if !c.MatchesDocumentation {
			mark = "FAILS: " + c.Problem
		}
		doc := ""
		if !c.Documented {
			doc = " (undocumented)"
		}
		typ := ""
		if c.TargetType != "" {
			typ = " -> " + c.TargetType
		}
		fmt.Fprintf(w, "    %-18s %-48s %-9s %s%s%s  %s\n", c.Column, c.Oracle+typ, c.Outcome, counts(c.Counts), doc, settingNote(c), mark)
		if c.Range != nil {
			fmt.Fprintf(w, "      %s\n", c.Range.Note)
		}
		for _, e := range c.Examples {
			fmt.Fprintf(w, "      ty_pk %s %s: %s; source %s, target %s\n", e.Key, e.Outcome, e.How, e.Source, e.Target)
		}
	}
}

func settingNote(c ColumnResult) string {
	if c.Setting == "" || c.Outcome == "exact" {
		return ""
	}
	return " [" + c.Setting + "]"
}

// CountsText is how many rows had each outcome, as the table shows it.
func (c ColumnResult) CountsText() string { return counts(c.Counts) }

func counts(m map[string]int) string {
	var parts []string
	for _, o := range outcomeNames {
		if m[o] > 0 {
			parts = append(parts, fmt.Sprintf("%s %d", o, m[o]))
		}
	}
	return "(" + strings.Join(parts, ", ") + ")"
}

// MarkdownTable is README's table of what each Oracle type becomes with
// the lab's default settings.
func (e *Expectations) MarkdownTable() string {
	var b strings.Builder
	b.WriteString("| Column | Oracle | DMS | Aurora type | Aurora | S3 CSV | Decided by | Documented |\n")
	b.WriteString("|---|---|---|---|---|---|---|---|\n")
	for _, c := range e.Columns {
		a, s := c.Targets[Aurora], c.Targets[S3CSV]
		setting := a.Setting
		if setting == "" {
			setting = s.Setting
		}
		doc := "yes"
		switch {
		case !a.Documented && !s.Documented:
			doc = "no"
		case !a.Documented:
			doc = "S3 only"
		case !s.Documented:
			doc = "Aurora only"
		}
		fmt.Fprintf(&b, "| `%s` | %s | %s | %s | %s | %s | %s | %s |\n", c.Column, c.Oracle, c.DMS, a.PostgresType, outcomeCell(a), outcomeCell(s), setting, doc)
	}
	return b.String()
}

// outcomeCell is an expectation's outcome for README's table, with what
// becomes of the values beyond its range.
func outcomeCell(x Expectation) string {
	if x.Range == nil {
		return x.Outcome
	}
	cell := fmt.Sprintf("%s; %s from %s", x.Outcome, x.Range.Outcome, powerText(x.Range.Below))
	if !x.Range.Documented {
		cell += " (undocumented)"
	}
	return cell
}
