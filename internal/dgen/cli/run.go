package cli

import (
	"context"
	"errors"
	"fmt"
	"io"

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

	parsed store.RunOptions
}

func (o *runOptions) flags(fs *flagSet, _ *App) {
	fs.StringVar(&o.rate, "rate", "0", "`changes` per second, more than 0 and up to 10000, at most 3 decimals")
	fs.StringVar(&o.duration, "duration", "0", "how long to run, a `duration` such as 30s or 2h (0: until stopped)")
	fs.StringVar(&o.mix, "mix", "insert=6,update=3,delete=1", "relative `weights` of the changes")
	fs.StringVar(&o.blocks, "blocks", "1-10", "`blocks` the run works in: a list or a range")
	fs.Uint64Var(&o.seed, "seed", 0, "random `seed` of the planned changes (0 means 1)")
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
	blocks, err := parseBlocks(o.blocks, false)
	if err != nil {
		return badInput("--blocks %q: want a list or range of block numbers, such as 1-10", o.blocks)
	}
	o.parsed = store.RunOptions{Rate: rate, Duration: duration, Mix: mix, Seed: max(o.seed, 1), Blocks: blocks}
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
		sum, err := s.Run(ctx, ro)
		perr := a.print(sum, func(w io.Writer) {
			fmt.Fprintf(w, "stopped by %s after %.1f s: %d changes planned, %d applied (%d inserts, %d updates, %d deletes, %d cascaded), %d found nothing to change, %d retried; %.2f/s for a target of %g/s\n",
				sum.Stopped, sum.Seconds, sum.Planned, sum.Applied, sum.ByKind["insert"], sum.ByKind["update"], sum.ByKind["delete"], sum.Cascaded, sum.Skipped, sum.Retries, sum.Rate, sum.TargetRate)
		})
		return errors.Join(err, perr)
	})
}
