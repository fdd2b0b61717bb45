package cli

// Reading the commands' arguments.

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/workloadspec"
)

// parseTables reads -t: one table, or all when allowAll.
func parseTables(v string, allowAll bool) ([]store.Table, error) {
	if strings.EqualFold(v, "all") {
		if !allowAll {
			return nil, badInput("-t all: this command takes one table: TABLE1, TABLE2 or TABLE3")
		}
		return store.Tables, nil
	}
	if t, ok := store.TableByName(v); ok {
		return []store.Table{t}, nil
	}
	allowed := "TABLE1, TABLE2, TABLE3"
	if allowAll {
		allowed += " or all"
	}
	if v == "" {
		return nil, badInput("-t: give a table: %s", allowed)
	}
	return nil, badInput("-t %q: no such table; allowed: %s", v, allowed)
}

// parseBlocks reads a block list ("1,2,3", ranges "1-10" too); "all" gives
// nil when allowAll.
func parseBlocks(v string, allowAll bool) ([]int, error) {
	if strings.EqualFold(v, "all") {
		if !allowAll {
			return nil, badInput("-b all: this command needs a list of blocks, such as 1,2,3")
		}
		return nil, nil
	}
	if v == "" {
		return nil, badInput("-b: give blocks, such as 1,2,3%s", map[bool]string{true: " or all", false: ""}[allowAll])
	}
	seen := map[int]bool{}
	var out []int
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		a, err1 := strconv.Atoi(lo)
		b := a
		var err2 error
		if isRange {
			b, err2 = strconv.Atoi(hi)
		}
		if err1 != nil || err2 != nil || a < 0 || b < a || b-a > 100000 {
			return nil, badInput("-b %q: %q is not a block number (0 or more) or a range such as 1-10", v, part)
		}
		for n := a; n <= b; n++ {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out, nil
}

func formatBlocks(blocks []int) string {
	if len(blocks) == 0 {
		return "-"
	}
	var parts []string
	for i := 0; i < len(blocks); {
		j := i
		for j+1 < len(blocks) && blocks[j+1] == blocks[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", blocks[i], blocks[j]))
		} else {
			parts = append(parts, strconv.Itoa(blocks[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

// parseMix reads insert=N,update=N,delete=N (any subset; missing means 0)
// with internal/workloadspec, which lab.json and the lab's SSM document use too.
func parseMix(v string) (store.Mix, error) {
	m, err := workloadspec.ParseMix(v)
	if err != nil {
		return store.Mix{}, badInput("--mix %q: %v", v, err)
	}
	return store.Mix{Insert: m.Insert, Update: m.Update, Delete: m.Delete}, nil
}

// tablesAndBlocks are the earlier dgen's -t and -b of update, delete and
// data: a table (or all, where allowed) and blocks (or all).
type tablesAndBlocks struct {
	table, blocks string
	allTables     bool

	tables    []store.Table
	blockList []int // nil: all blocks
}

func (tb *tablesAndBlocks) register(fs *flagSet, allTables bool) {
	tb.allTables = allTables
	tables := "`table`: TABLE1, TABLE2, TABLE3"
	if allTables {
		tables += " or all"
	}
	fs.StringVar(&tb.table, "t", "", tables)
	fs.StringVar(&tb.blocks, "b", "", "`blocks`, such as 1,2,3, or all")
	fs.require("t", "b")
}

func (tb *tablesAndBlocks) parse() error {
	var err error
	if tb.tables, err = parseTables(tb.table, tb.allTables); err != nil {
		return err
	}
	tb.blockList, err = parseBlocks(tb.blocks, true)
	return err
}
