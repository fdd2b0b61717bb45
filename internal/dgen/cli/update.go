package cli

import (
	"context"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// updateOptions: dgen update, the earlier dgen's flags.
type updateOptions struct {
	table, blocks, text string

	parsedTables []store.Table
	parsedBlocks []int
}

func (o *updateOptions) flags(fs *flagSet, _ *App) {
	fs.StringVar(&o.table, "t", "", "`table`: TABLE1, TABLE2, TABLE3 or all")
	fs.StringVar(&o.blocks, "b", "", "`blocks`, such as 1,2,3, or all")
	fs.StringVar(&o.text, "m", "", "`text` for the cdc column (first 20 characters are kept)")
	fs.require("t", "b", "m")
}

func (o *updateOptions) validate() error {
	var err error
	if o.parsedTables, err = parseTables(o.table, true); err != nil {
		return err
	}
	if o.parsedBlocks, err = parseBlocks(o.blocks, true); err != nil {
		return err
	}
	if o.text == "" {
		return badInput("-m: give the text to write into the cdc column")
	}
	return nil
}

func (o *updateOptions) run(ctx context.Context, a *App) error {
	return a.withSource(ctx, func(ctx context.Context, s *store.Store) error {
		done, err := s.Update(ctx, o.parsedTables, o.parsedBlocks, o.text)
		if err != nil {
			return err
		}
		return a.printCounts("updated", done)
	})
}
