package cli

import (
	"context"
	"time"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// insertOptions: dgen insert, the earlier dgen's flags.
type insertOptions struct {
	table, blocks string
	rows, delayMS int
	seed          uint64

	parsed store.InsertOptions
}

func (o *insertOptions) flags(fs *flagSet, _ *App) {
	fs.StringVar(&o.table, "t", "", "`table`: TABLE1, TABLE2, TABLE3, TYPES or all")
	fs.IntVar(&o.rows, "n", 0, "`rows` to insert per table, 1 to 10000")
	fs.StringVar(&o.blocks, "b", "", "`blocks` to pick from, such as 1,2,3")
	fs.IntVar(&o.delayMS, "d", 0, "`delay` between rows in milliseconds, 0 to 1000 (each row then commits alone)")
	fs.Uint64Var(&o.seed, "seed", 0, "random `seed` (0: a new one each time)")
	fs.require("t", "n", "b")
}

func (o *insertOptions) validate() error {
	tables, err := parseTables(o.table, true)
	if err != nil {
		return err
	}
	if o.rows < 1 || o.rows > 10000 {
		return badInput("-n %d: the number of rows must be from 1 to 10000", o.rows)
	}
	blocks, err := parseBlocks("-b", o.blocks, false)
	if err != nil {
		return err
	}
	if o.delayMS < 0 || o.delayMS > 1000 {
		return badInput("-d %d: the delay must be from 0 to 1000 milliseconds", o.delayMS)
	}
	o.parsed = store.InsertOptions{Tables: tables, Rows: o.rows, Blocks: blocks, Delay: time.Duration(o.delayMS) * time.Millisecond, Seed: o.seed}
	return nil
}

func (o *insertOptions) run(ctx context.Context, a *App) error {
	return a.withSource(ctx, func(ctx context.Context, s *store.Store) error {
		done, err := s.Insert(ctx, o.parsed)
		if err != nil {
			return err
		}
		return a.printCounts("inserted", done)
	})
}
