package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// prepareOptions: dgen prepare. The DMS user's password comes from
// DGEN_DMS_PASSWORD, never from a flag.
type prepareOptions struct {
	retentionHours int
	dmsUser        string
}

func (o *prepareOptions) flags(fs *flagSet, _ *App) {
	fs.IntVar(&o.retentionHours, "retention-hours", 24, "archived redo log retention for CDC, 1 to 168 `hours`")
	dmsUserFlag(fs, &o.dmsUser, "Oracle `user` to create for DMS when DGEN_DMS_PASSWORD is set")
}

func (o *prepareOptions) validate() error {
	if o.retentionHours < 1 || o.retentionHours > 168 {
		return badInput("--retention-hours %d: want 1 to 168", o.retentionHours)
	}
	return checkDMSUser(o.dmsUser)
}

func (o *prepareOptions) run(ctx context.Context, a *App) error {
	return a.withSource(ctx, func(ctx context.Context, s *store.Store) error {
		steps, err := s.Prepare(ctx, store.PrepareOptions{
			RetentionHours:  o.retentionHours,
			DMSUser:         strings.ToUpper(o.dmsUser),
			DMSPassword:     a.Getenv("DGEN_DMS_PASSWORD"),
			DMSPasswordFrom: "DGEN_DMS_PASSWORD",
		})
		perr := a.print(steps, func(w io.Writer) {
			tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
			for _, st := range steps {
				fmt.Fprintf(tw, "%s\t%s\t%s\n", st.Step, st.Status, st.Detail)
			}
			tw.Flush()
		})
		return errors.Join(err, perr)
	})
}
