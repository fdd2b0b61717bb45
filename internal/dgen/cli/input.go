package cli

// Reading the commands' arguments.

import (
	"errors"
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
			return nil, badInput("-t all: this command takes one table: TABLE1, TABLE2, TABLE3 or TYPES")
		}
		return store.DataTables(), nil
	}
	if t, ok := store.TableByName(v); ok {
		return []store.Table{t}, nil
	}
	allowed := "TABLE1, TABLE2, TABLE3, TYPES"
	if allowAll {
		allowed += " or all"
	}
	if v == "" {
		return nil, badInput("-t: give a table: %s", allowed)
	}
	return nil, badInput("-t %q: no such table; allowed: %s", v, allowed)
}

// parseBlocks reads a block list ("1,2,3", ranges "1-10" too) given with
// flag; "all" gives nil when allowAll.
func parseBlocks(flag, v string, allowAll bool) ([]int, error) {
	if strings.EqualFold(v, "all") {
		if !allowAll {
			return nil, badInput("%s all: this command needs a list of blocks, such as 1,2,3", flag)
		}
		return nil, nil
	}
	if v == "" {
		return nil, badInput("%s: give blocks, such as 1,2,3%s", flag, map[bool]string{true: " or all", false: ""}[allowAll])
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
		if outOfRange(lo, err1) || (isRange && outOfRange(hi, err2)) {
			return nil, badInput("%s %q: %q is outside the block column's range, %d to %d", flag, v, part, store.MinBlock, store.MaxBlock)
		}
		if err1 != nil || err2 != nil || a < 0 || b < a {
			return nil, badInput("%s %q: %q is not a block number (%d to %d) or a range such as 1-10", flag, v, part, store.MinBlock, store.MaxBlock)
		}
		if b-a+1 > maxBlocksAtOnce {
			return nil, badInput("%s %q: %q spans %d blocks; at most %d at once", flag, v, part, b-a+1, maxBlocksAtOnce)
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

// maxBlocksAtOnce is the most blocks one range may list.
const maxBlocksAtOnce = 100000

// outOfRange says whether a block number that parsed (err nil), or failed
// to parse only for its size, lies outside the block column's range.
func outOfRange(s string, err error) bool {
	if err == nil {
		n, _ := strconv.ParseInt(s, 10, 64)
		return n > store.MaxBlock
	}
	var ne *strconv.NumError
	return errors.As(err, &ne) && errors.Is(ne.Err, strconv.ErrRange) && !strings.HasPrefix(s, "-")
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
	tables := "`table`: TABLE1, TABLE2, TABLE3, TYPES"
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
	if tb.blockList, err = parseBlocks("-b", tb.blocks, true); err != nil {
		return err
	}
	if len(tb.blockList) > store.MaxBlocksListed {
		return badInput("-b %q: %d blocks; at most %d at once (the list is bound into one IN list, which Oracle caps at %d), or all", tb.blocks, len(tb.blockList), store.MaxBlocksListed, store.MaxBlocksListed)
	}
	return nil
}
