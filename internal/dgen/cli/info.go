package cli

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// infoOptions: dgen info.
type infoOptions struct{ noFlags }

func (o *infoOptions) run(ctx context.Context, a *App) error {
	return a.withSource(ctx, func(ctx context.Context, s *store.Store) error {
		info, err := s.Info(ctx)
		if err != nil {
			return err
		}
		return a.print(info, func(w io.Writer) {
			tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "table\trows\tblocks")
			for _, t := range info {
				fmt.Fprintf(tw, "%s\t%d\t%s\n", t.Table, t.Rows, formatBlocks(t.Blocks))
			}
			tw.Flush()
		})
	})
}
