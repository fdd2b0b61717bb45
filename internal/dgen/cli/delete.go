package cli

import (
	"context"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// deleteOptions: dgen delete, the earlier dgen's flags.
type deleteOptions struct{ tablesAndBlocks }

func (o *deleteOptions) flags(fs *flagSet, _ *App) { o.register(fs, true) }

func (o *deleteOptions) validate() error { return o.parse() }

func (o *deleteOptions) run(ctx context.Context, a *App) error {
	return a.withSource(ctx, func(ctx context.Context, s *store.Store) error {
		done, err := s.Delete(ctx, o.tables, o.blockList)
		if err != nil {
			return err
		}
		return a.printCounts("deleted", done)
	})
}
