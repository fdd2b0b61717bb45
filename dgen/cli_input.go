package dgen

// Reading the commands' arguments, and drawing on the terminal.

import (
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"time"

	"golang.org/x/term"

	"github.com/dmslab/dmslab/internal/workloadspec"
)

// parseTables reads -t: one table, or all when allowAll.
func parseTables(v string, allowAll bool) ([]Table, error) {
	if strings.EqualFold(v, "all") {
		if !allowAll {
			return nil, badInput("-t all: this command takes one table: TABLE1, TABLE2 or TABLE3")
		}
		return Tables, nil
	}
	if t, ok := TableByName(v); ok {
		return []Table{t}, nil
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
func parseMix(v string) (Mix, error) {
	m, err := workloadspec.ParseMix(v)
	if err != nil {
		return Mix{}, badInput("--mix %q: %v", v, err)
	}
	return Mix{Insert: m.Insert, Update: m.Update, Delete: m.Delete}, nil
}

// progress draws a one-line progress bar on a terminal, nothing elsewhere.
type progress struct {
	w       io.Writer
	on      bool
	last    time.Time
	started time.Time
}

func newProgress(w io.Writer, on bool) *progress { return &progress{w: w, on: on, started: time.Now()} }

func (p *progress) update(table string, done, total int64) {
	if !p.on || (time.Since(p.last) < 100*time.Millisecond && done < total) {
		return
	}
	p.last = time.Now()
	const width = 30
	filled := int(float64(width) * float64(done) / float64(max(total, 1)))
	rate := float64(done) / time.Since(p.started).Seconds()
	fmt.Fprintf(p.w, "\r%-6s [%s%s] %d/%d  %.0f rows/s ", table, strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total, rate)
	if done >= total {
		fmt.Fprintln(p.w)
		p.started = time.Now()
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// TerminalPrompt asks for a password on the terminal without echo.
func TerminalPrompt(in *os.File, out io.Writer) func(string) (string, error) {
	if !term.IsTerminal(int(in.Fd())) {
		return nil
	}
	return func(label string) (string, error) {
		fmt.Fprint(out, label)
		b, err := term.ReadPassword(int(in.Fd()))
		fmt.Fprintln(out)
		if err != nil {
			return "", err
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
}
