package cli

import (
	"context"
	"fmt"
	"io"
	"regexp"
	"strings"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// initOptions: dgen init.
type initOptions struct {
	ifMissing bool
	dmsUser   string
}

func (o *initOptions) flags(fs *flagSet, _ *App) {
	fs.BoolVar(&o.ifMissing, "if-missing", false, "create the tables only when they do not all exist (never drops data)")
	dmsUserFlag(fs, &o.dmsUser, "`user` DMS reads as, granted SELECT on the tables when it exists (Oracle)")
}

func (o *initOptions) validate() error { return checkDMSUser(o.dmsUser) }

// dmsUserFlag is init's and prepare's --dms-user.
func dmsUserFlag(fs *flagSet, v *string, usage string) {
	fs.StringVar(v, "dms-user", "DMS_USER", usage)
}

var dmsUserPattern = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,29}$`)

// checkDMSUser: the name is written into GRANT statements, which cannot
// bind it.
func checkDMSUser(user string) error {
	if !dmsUserPattern.MatchString(user) {
		return badInput("--dms-user %q: want a letter, then up to 29 letters, digits and underscores", user)
	}
	return nil
}

func (o *initOptions) run(ctx context.Context, a *App) error {
	return a.withSource(ctx, func(ctx context.Context, s *store.Store) error {
		created := []string{"TABLE1", "TABLE2", "TABLE3", store.TypesTable, store.LedgerTable, store.PreloadTable}
		if o.ifMissing {
			made, err := s.InitIfMissing(ctx)
			if err != nil {
				return err
			}
			if !made {
				created = []string{}
			}
		} else if err := s.Init(ctx); err != nil {
			return err
		}
		// Every (re)created table starts with no grant: the DMS user, if
		// there is one, could read nothing.
		grant, err := s.GrantReader(ctx, strings.ToUpper(o.dmsUser))
		if err != nil {
			return err
		}
		out := map[string]any{"created": created}
		if grant != nil {
			out["dms_user"] = grant
		}
		return a.print(out, func(w io.Writer) {
			if len(created) == 0 {
				fmt.Fprintln(w, "the tables exist already; left as they are")
			} else {
				fmt.Fprintf(w, "created TABLE1, TABLE2, TABLE3, %s (with %d rows of edge values in block %d), %s and %s\n",
					store.TypesTable, store.TypesCycle, store.InitTypesBlock, store.LedgerTable, store.PreloadTable)
			}
			if grant != nil {
				fmt.Fprintf(w, "%s: %s", grant.Step, grant.Status)
				if grant.Detail != "" {
					fmt.Fprintf(w, " (%s)", grant.Detail)
				}
				fmt.Fprintln(w)
			}
		})
	})
}
