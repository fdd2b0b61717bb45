package cli

import (
	"context"
	"fmt"
	"io"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// initOptions: dgen init.
type initOptions struct {
	ifMissing bool
}

func (o *initOptions) flags(fs *flagSet, _ *App) {
	fs.BoolVar(&o.ifMissing, "if-missing", false, "create the tables only when they do not all exist (never drops data)")
}

func (o *initOptions) validate() error { return nil }

func (o *initOptions) run(ctx context.Context, a *App) error {
	return a.withSource(ctx, func(ctx context.Context, s *store.Store) error {
		if o.ifMissing {
			created, err := s.InitIfMissing(ctx)
			if err != nil {
				return err
			}
			if !created {
				return a.print(map[string]any{"created": []string{}}, func(w io.Writer) {
					fmt.Fprintln(w, "the tables exist already; left as they are")
				})
			}
		} else if err := s.Init(ctx); err != nil {
			return err
		}
		return a.print(map[string]any{"created": []string{"TABLE1", "TABLE2", "TABLE3", store.LedgerTable, store.PreloadTable}}, func(w io.Writer) {
			fmt.Fprintf(w, "created TABLE1, TABLE2, TABLE3, %s and %s\n", store.LedgerTable, store.PreloadTable)
		})
	})
}
