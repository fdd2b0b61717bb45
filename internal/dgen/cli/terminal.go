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
