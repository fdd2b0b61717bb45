package cli

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// dropOptions: dgen drop.
type dropOptions struct{ noFlags }

func (o *dropOptions) run(ctx context.Context, a *App) error {
	return a.withSource(ctx, func(ctx context.Context, s *store.Store) error {
		dropped, err := s.Drop(ctx)
		if err != nil {
			return err
		}
		return a.print(map[string]any{"dropped": dropped}, func(w io.Writer) {
			if len(dropped) == 0 {
				fmt.Fprintln(w, "nothing to drop")
			} else {
				fmt.Fprintf(w, "dropped %s\n", strings.Join(dropped, ", "))
			}
		})
	})
}
