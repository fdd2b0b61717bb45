package cli

import (
	"context"
	"unicode/utf8"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// updateOptions: dgen update, the earlier dgen's flags.
type updateOptions struct {
	tablesAndBlocks
	text string
}

func (o *updateOptions) flags(fs *flagSet, _ *App) {
	o.register(fs, true)
	fs.StringVar(&o.text, "m", "", "`text` for the cdc column (its first 20 characters; on Oracle no more than fit 25 bytes)")
	fs.require("m")
}

func (o *updateOptions) validate() error {
	if err := o.parse(); err != nil {
		return err
	}
	if o.text == "" {
		return badInput("-m: give the text to write into the cdc column")
	}
	if !utf8.ValidString(o.text) {
		return badInput("-m %q: not UTF-8 text; dgen writes UTF-8 (set the terminal's locale to UTF-8)", o.text)
	}
	return nil
}

func (o *updateOptions) run(ctx context.Context, a *App) error {
	return a.withSource(ctx, func(ctx context.Context, s *store.Store) error {
		done, err := s.Update(ctx, o.tables, o.blockList, o.text)
		if err != nil {
			return err
		}
		return a.printCounts("updated", done)
	})
}
