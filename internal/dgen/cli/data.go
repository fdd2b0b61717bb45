package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// dataOptions: dgen data, the earlier dgen's flags.
type dataOptions struct{ tablesAndBlocks }

func (o *dataOptions) flags(fs *flagSet, _ *App) { o.register(fs, false) }

func (o *dataOptions) validate() error { return o.parse() }

func (o *dataOptions) run(ctx context.Context, a *App) error {
	return a.withSource(ctx, func(ctx context.Context, s *store.Store) error {
		t := o.tables[0]
		cols, rows, err := s.Data(ctx, t, o.blockList)
		if err != nil {
			return err
		}
		return a.print(map[string]any{"table": t.Name, "columns": cols, "rows": rows}, func(w io.Writer) {
			tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, strings.Join(cols, "\t"))
			for _, r := range rows {
				fmt.Fprintln(tw, strings.Join(r, "\t"))
			}
			tw.Flush()
			fmt.Fprintf(w, "(%d rows, at most %d shown)\n", len(rows), store.DataLimit)
		})
	})
}
