package cli

import (
	"context"
	"fmt"
	"io"
	"time"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// preloadOptions: dgen preload.
type preloadOptions struct {
	rows      int64
	typesRows int64
	block     int
	batch     int
	seed      uint64
}

func (o *preloadOptions) flags(fs *flagSet, _ *App) {
	fs.Int64Var(&o.rows, "rows", 0, "`rows` per table, 1 to 100000000")
	fs.Int64Var(&o.typesRows, "types-rows", 0, fmt.Sprintf("`rows` of TYPES, 1 to 1000000 (0: as --rows, at most %d; its rows carry LOBs of up to 100 KiB)", store.DefaultTypesPreload))
	fs.IntVar(&o.block, "block", 0, "`block` of the preloaded rows")
	fs.IntVar(&o.batch, "batch", 20000, "`rows` per transaction, 1 to 100000")
	fs.Uint64Var(&o.seed, "seed", 0, "random `seed` of the rows' content (0 means 1)")
	fs.require("rows")
}

func (o *preloadOptions) validate() error {
	if o.rows < 1 || o.rows > 100_000_000 {
		return badInput("--rows %d: want 1 to 100000000 rows per table", o.rows)
	}
	if o.typesRows < 0 || o.typesRows > 1_000_000 {
		return badInput("--types-rows %d: want 1 to 1000000 rows of TYPES, or 0 for as many as --rows up to %d", o.typesRows, store.DefaultTypesPreload)
	}
	if o.batch < 1 || o.batch > 100_000 {
		return badInput("--batch %d: want 1 to 100000", o.batch)
	}
	if o.block < store.MinBlock || o.block > store.MaxBlock {
		return badInput("--block %d: outside the block column's range, %d to %d", o.block, store.MinBlock, store.MaxBlock)
	}
	return nil
}

func (o *preloadOptions) run(ctx context.Context, a *App) error {
	return a.withSource(ctx, func(ctx context.Context, s *store.Store) error {
		// On the lab host the preload runs under SSM with no terminal: a
		// plain line every 30 s keeps a long load visible in its log.
		every := 30 * time.Second
		if a.global.jsonOut {
			every = 0
		}
		bar := newProgress(a.Stderr, !a.global.jsonOut && isTerminal(a.Stderr), every)
		start := time.Now()
		var notices []string
		notice := func(table, msg string) { notices = append(notices, table+": "+msg) }
		added, err := s.Preload(ctx, store.PreloadOptions{Rows: o.rows, TypesRows: o.typesRows, Block: o.block, Seed: max(o.seed, 1), Batch: o.batch, Progress: bar.update, Notice: notice})
		if err != nil {
			return err
		}
		secs := time.Since(start).Seconds()
		var total int64
		for _, n := range added {
			total += n
		}
		return a.print(map[string]any{"added": added, "seconds": secs, "notices": notices}, func(w io.Writer) {
			for _, n := range notices {
				fmt.Fprintln(w, n)
			}
			if total == 0 && len(notices) > 0 {
				fmt.Fprintln(w, "nothing added")
				return
			}
			if total == 0 {
				fmt.Fprintf(w, "already loaded: %d rows per table\n", o.rows)
				return
			}
			fmt.Fprintf(w, "loaded %d rows in %.1f s (%.0f rows/s)\n", total, secs, float64(total)/secs)
		})
	})
}
