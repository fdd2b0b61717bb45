package settings

import (
	"fmt"
	"sort"
	"strings"
)

// Problem is one thing wrong with a document: where it is, what was given and
// what would be accepted instead.
type Problem struct {
	Path    string // dotted path, e.g. FullLoadSettings.MaxFullLoadSubTasks
	Value   any    // the value given; nil when the key is missing
	Allowed string // what is allowed, phrased to follow "allowed: "
}

func (p Problem) String() string {
	given := "nothing"
	if p.Value != nil {
		switch v := p.Value.(type) {
		case string:
			given = fmt.Sprintf("%q", v)
		default:
			given = fmt.Sprintf("%v", v)
		}
	}
	return fmt.Sprintf("%s: got %s; allowed: %s", p.Path, given, p.Allowed)
}

// Problems collects every problem found in one pass, so a user fixes them all
// at once instead of one per run.
type Problems []Problem

func (ps Problems) Error() string {
	lines := make([]string, len(ps))
	for i, p := range ps {
		lines[i] = p.String()
	}
	return strings.Join(lines, "\n")
}

// Err returns nil when there is no problem, and the problems otherwise.
func (ps Problems) Err() error {
	if len(ps) == 0 {
		return nil
	}
	return ps
}

// add records a problem at path.
func (ps *Problems) add(path string, value any, allowed string) {
	*ps = append(*ps, Problem{Path: path, Value: value, Allowed: allowed})
}

// Prefixed returns the problems with prefix and a dot put before each path.
func (ps Problems) Prefixed(prefix string) Problems {
	out := make(Problems, len(ps))
	for i, p := range ps {
		p.Path = join(prefix, p.Path)
		out[i] = p
	}
	return out
}

func join(prefix, path string) string {
	switch {
	case prefix == "":
		return path
	case path == "" || strings.HasPrefix(path, "["):
		return prefix + path
	default:
		return prefix + "." + path
	}
}

// oneOf checks an optional enumerated string against its allowed values.
func (ps *Problems) oneOf(path string, v *string, allowed ...string) {
	if v == nil {
		return
	}
	for _, a := range allowed {
		if *v == a {
			return
		}
	}
	ps.add(path, *v, "one of "+strings.Join(allowed, ", "))
}

// within checks an optional integer against an inclusive range.
func (ps *Problems) within(path string, v *int, lo, hi int) {
	if v == nil || (*v >= lo && *v <= hi) {
		return
	}
	ps.add(path, *v, fmt.Sprintf("an integer from %d to %d", lo, hi))
}

// atLeast checks an optional integer against a lower bound.
func (ps *Problems) atLeast(path string, v *int, lo int) {
	if v == nil || *v >= lo {
		return
	}
	ps.add(path, *v, fmt.Sprintf("an integer of at least %d", lo))
}

// sortedKeys lists a set's members in order, for stable messages.
func sortedKeys(m map[string]bool) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func itoa(i int) string { return fmt.Sprint(i) }
