package cli

import (
	"strings"
	"testing"
	"time"
)

// A long preload without a terminal (the lab host's SSM step) prints a
// line every interval with the rate and the time left; a short one prints
// nothing.
func TestProgressLinesGiveTheRateAndTheTimeLeft(t *testing.T) {
	var out strings.Builder
	p := newProgress(&out, false, 30*time.Second)
	clock := p.started
	p.now = func() time.Time { return clock }
	step := func(d time.Duration, done int64) { clock = clock.Add(d); p.update("TABLE1", done, 100_000_000) }

	step(10*time.Second, 500_000) // before the first interval: nothing
	if out.Len() != 0 {
		t.Fatalf("printed before the interval: %q", out.String())
	}
	step(20*time.Second, 1_500_000) // 30 s, 50 000 rows/s, 98.5 M left
	want := "TABLE1: 1500000 of 100000000 rows (1.5%), 50000 rows/s, about 32m50s left\n"
	if out.String() != want {
		t.Fatalf("got %q, want %q", out.String(), want)
	}
	step(5*time.Second, 1_750_000) // within the interval: nothing more
	step(25*time.Second, 3_000_000)
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 2 || lines[1] != "TABLE1: 3000000 of 100000000 rows (3.0%), 50000 rows/s, about 32m20s left" {
		t.Errorf("lines %q", lines)
	}

	var short strings.Builder
	q := newProgress(&short, false, 30*time.Second)
	q.update("TABLE1", 10000, 10000)
	if short.Len() != 0 {
		t.Errorf("a load shorter than the interval printed %q", short.String())
	}
	if remaining(3_600_000, 1000) != "1h0m0s" || remaining(10, 0) != "an unknown time" {
		t.Errorf("remaining: %q, %q", remaining(3_600_000, 1000), remaining(10, 0))
	}
}
