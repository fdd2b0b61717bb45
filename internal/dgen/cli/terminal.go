package cli

// Drawing on the terminal and reading from it.

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
)

// progress shows how far a long load is: on a terminal a one-line bar
// redrawn up to ten times a second; elsewhere (a log, the lab host's SSM
// output, a service's journal) a plain line every logEvery. Both give the
// rate so far and an estimate of the time left for the table.
type progress struct {
	w        io.Writer
	terminal bool
	// logEvery is the interval between plain lines; 0 shows nothing when
	// not on a terminal (--json).
	logEvery time.Duration
	last     time.Time
	started  time.Time
	now      func() time.Time
}

func newProgress(w io.Writer, terminal bool, logEvery time.Duration) *progress {
	now := time.Now()
	return &progress{w: w, terminal: terminal, logEvery: logEvery, started: now, last: now, now: time.Now}
}

func (p *progress) update(table string, done, total int64) {
	now := p.now()
	every := p.logEvery
	if p.terminal {
		every = 100 * time.Millisecond
	}
	// A plain line only every logEvery, so that a short load prints
	// nothing; the bar also shows the end of each table.
	due := now.Sub(p.last) >= every
	if every == 0 || !due && !(p.terminal && done >= total) {
		return
	}
	p.last = now
	elapsed := now.Sub(p.started).Seconds()
	rate := float64(done) / max(elapsed, 1e-9)
	left := "done"
	if done < total {
		left = "about " + remaining(total-done, rate) + " left"
	}
	pct := 100 * float64(done) / float64(max(total, 1))
	if p.terminal {
		const width = 30
		filled := int(float64(width) * float64(done) / float64(max(total, 1)))
		fmt.Fprintf(p.w, "\r%-6s [%s%s] %d/%d  %.0f rows/s, %s ", table, strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total, rate, left)
	} else {
		fmt.Fprintf(p.w, "%s: %d of %d rows (%.1f%%), %.0f rows/s, %s\n", table, done, total, pct, rate, left)
	}
	if done >= total {
		if p.terminal {
			fmt.Fprintln(p.w)
		}
		p.started = now
	}
}

// remaining is how long rows take at rate, rounded for a person to read.
func remaining(rows int64, rate float64) string {
	if rate <= 0 {
		return "an unknown time"
	}
	d := time.Duration(float64(rows) / rate * float64(time.Second))
	if d >= time.Hour {
		return d.Round(time.Minute).String()
	}
	return d.Round(time.Second).String()
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

// pause sleeps for d or until ctx ends, and says whether ctx is still live.
func pause(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(max(d, 0))
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return ctx.Err() == nil
	}
}
