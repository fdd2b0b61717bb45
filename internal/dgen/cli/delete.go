package cli

import (
	"context"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// deleteOptions: dgen delete, the earlier dgen's flags.
type deleteOptions struct {
	table, blocks string

	parsedTables []store.Table
	parsedBlocks []int
}

func (o *deleteOptions) flags(fs *flagSet, _ *App) {
	fs.StringVar(&o.table, "t", "", "`table`: TABLE1, TABLE2, TABLE3 or all")
	fs.StringVar(&o.blocks, "b", "", "`blocks`, such as 1,2,3, or all")
	fs.require("t", "b")
}

func (o *deleteOptions) validate() error {
	var err error
	if o.parsedTables, err = parseTables(o.table, true); err != nil {
		return err
	}
	o.parsedBlocks, err = parseBlocks(o.blocks, true)
	return err
}

func (o *deleteOptions) run(ctx context.Context, a *App) error {
	return a.withSource(ctx, func(ctx context.Context, s *store.Store) error {
		done, err := s.Delete(ctx, o.parsedTables, o.parsedBlocks)
		if err != nil {
			return err
		}
		return a.printCounts("deleted", done)
	})
}
