package cli

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// ledgerOptions: dgen ledger.
type ledgerOptions struct{ noFlags }

func (o *ledgerOptions) run(ctx context.Context, a *App) error {
	return a.withSource(ctx, func(ctx context.Context, s *store.Store) error {
		rows, err := s.Ledger(ctx)
		if err != nil {
			return err
		}
		return a.print(rows, func(w io.Writer) {
			tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
			fmt.Fprintln(tw, "table\tblock\trows\tinserted\tupdated\tdeleted\t")
			for _, r := range rows {
				fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t\n", r.Table, r.Block, r.RowCount, r.Inserted, r.Updated, r.Deleted)
			}
			tw.Flush()
		})
	})
}
