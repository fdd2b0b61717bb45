package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/workloadspec"
)

// runOptions: dgen run.
type runOptions struct {
	rate     string
	duration string
	mix      string
	blocks   string
	seed     uint64
	retryFor string

	parsed store.RunOptions
}

func (o *runOptions) flags(fs *flagSet, _ *App) {
	fs.StringVar(&o.rate, "rate", "0", "`changes` per second, more than 0 and up to 10000, at most 3 decimals")
	fs.StringVar(&o.duration, "duration", "0", "how long to run in wall-clock time, outages included, a `duration` such as 30s or 2h (0: until stopped)")
	fs.StringVar(&o.mix, "mix", "insert=6,update=3,delete=1", "relative `weights` of the changes")
	fs.StringVar(&o.blocks, "blocks", "1-10", "`blocks` the run works in: a list or a range")
	fs.Uint64Var(&o.seed, "seed", 0, "random `seed` of the planned changes (0 means 1)")
	fs.StringVar(&o.retryFor, "retry-for", store.DefaultRetryFor.String(), "how long a change is retried while the database is unreachable (a reboot, a failover), a `duration` from 1s to 24h; then run exits 1")
	fs.require("rate")
}

func (o *runOptions) validate() error {
	// The same rules as lab.json's workload and the lab's SSM parameters:
	// internal/workloadspec.
	rate, err := workloadspec.ParseRate(o.rate)
	if err != nil {
		return badInput("--rate %s: %v", o.rate, err)
	}
	duration, err := workloadspec.ParseDuration(o.duration)
	if err != nil {
		return badInput("--duration %q: %v", o.duration, err)
	}
	mix, err := parseMix(o.mix)
	if err != nil {
		return err
	}
	blocks, err := parseBlocks("--blocks", o.blocks, false)
	if err != nil {
		return err
	}
	retryFor, err := time.ParseDuration(o.retryFor)
	if err != nil || retryFor < time.Second || retryFor > 24*time.Hour {
		return badInput("--retry-for %q: want a duration from 1s to 24h, such as 10m", o.retryFor)
	}
	o.parsed = store.RunOptions{Rate: rate, Duration: duration, Mix: mix, Seed: max(o.seed, 1), Blocks: blocks, RetryFor: retryFor}
	return nil
}

func (o *runOptions) run(ctx context.Context, a *App) error {
	return a.withSource(ctx, func(ctx context.Context, s *store.Store) error {
		ro := o.parsed
		ro.Report = func(sm store.Summary) {
			if !a.global.jsonOut {
				fmt.Fprintf(a.Stderr, "%6.0fs  %d changes  %.1f/s\n", sm.Seconds, sm.Planned, sm.Rate)
			}
		}
		var lastNote time.Time
		ro.Retrying = func(err error, failingFor time.Duration) {
			if a.global.jsonOut || time.Since(lastNote) < time.Second {
				return
			}
			lastNote = time.Now()
			fmt.Fprintf(a.Stderr, "changes failing for %s, retrying for up to %s: %v\n", failingFor.Round(100*time.Millisecond), ro.RetryFor, err)
		}
		sum, err := s.Run(ctx, ro)
		perr := a.print(sum, func(w io.Writer) {
			fmt.Fprintf(w, "stopped by %s after %.1f s: %d changes planned, %d applied (%d inserts, %d updates, %d deletes, %d cascaded), %d found nothing to change, %d retried; %.2f/s for a target of %g/s\n",
				sum.Stopped, sum.Seconds, sum.Planned, sum.Applied, sum.ByKind["insert"], sum.ByKind["update"], sum.ByKind["delete"], sum.Cascaded, sum.Skipped, sum.Retries, sum.Rate, sum.TargetRate)
			switch {
			case sum.Stopped == "outage":
				fmt.Fprintf(w, "gave up: %s\n", sum.Reason)
			case sum.Reason != "":
				fmt.Fprintf(w, "%d outage(s), %.1f s in all; %s\n", sum.Outages, sum.OutageSeconds, sum.Reason)
			case sum.Outages > 0:
				fmt.Fprintf(w, "%d outage(s), %.1f s in all, retried through\n", sum.Outages, sum.OutageSeconds)
			}
			if !sum.RateHeld && sum.Seconds >= 1 {
				fmt.Fprintf(w, "the rate of %g/s could not be held: %.2f/s achieved (the database took longer per change than the rate allows, or was unreachable)\n", sum.TargetRate, sum.Rate)
			}
		})
		if err != nil {
			err = fmt.Errorf("stopped by outage: %w", err)
		}
		return errors.Join(err, perr)
	})
}
