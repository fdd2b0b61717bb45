package cli

import (
	"context"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// dataOptions: dgen data.
type dataOptions struct {
	table, blocks string

	parsedTable  store.Table
	parsedBlocks []int
}

func (o *dataOptions) flags(fs *flagSet, _ *App) {
	fs.StringVar(&o.table, "t", "", "`table`: TABLE1, TABLE2, TABLE3")
	fs.StringVar(&o.blocks, "b", "", "`blocks`, such as 1,2,3, or all")
	fs.require("t", "b")
}

func (o *dataOptions) validate() error {
	tables, err := parseTables(o.table, false)
	if err != nil {
		return err
	}
	o.parsedTable = tables[0]
	o.parsedBlocks, err = parseBlocks(o.blocks, true)
	return err
}

func (o *dataOptions) run(ctx context.Context, a *App) error {
	return a.withSource(ctx, func(ctx context.Context, s *store.Store) error {
		t := o.parsedTable
		cols, rows, err := s.Data(ctx, t, o.parsedBlocks)
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
