package cli

import (
	"context"
	"io"
	"time"

	"github.com/dmslab/dmslab/internal/dgen/dmsstatus"
)

// statusOptions: dgen status.
type statusOptions struct {
	project, region string
	once            bool
	interval        time.Duration
}

func (o *statusOptions) flags(fs *flagSet, a *App) {
	fs.StringVar(&o.project, "project", firstOf(a.Getenv("DGEN_PROJECT"), "dmslab"), "the lab's Project `tag` (its namePrefix); or DGEN_PROJECT")
	fs.StringVar(&o.region, "region", "", "the DMS `region`, the lab's target region (default: the usual AWS settings)")
	fs.BoolVar(&o.once, "once", false, "print once and exit")
	fs.DurationVar(&o.interval, "interval", 5*time.Second, "refresh interval, 1s to 10m")
}

func (o *statusOptions) validate() error {
	if o.interval < time.Second || o.interval > 10*time.Minute {
		return badInput("--interval %s: want 1s to 10m", o.interval)
	}
	if o.project == "" {
		return badInput("--project: give the lab's Project tag")
	}
	return nil
}

func (o *statusOptions) run(ctx context.Context, a *App) error {
	cfg, err := awsConfig(ctx, o.region, " or give --region")
	if err != nil {
		return err
	}
	client := dmsstatus.NewClient(cfg)
	totals := a.sourceTotals(ctx)
	live := !o.once && isTerminal(a.Stdout) && !a.global.jsonOut
	for {
		tasks, err := client.Lab(ctx, o.project, totals)
		if err != nil {
			return err
		}
		if live {
			io.WriteString(a.Stdout, "\033[H\033[2J") // redraw in place
		}
		if err := a.print(tasks, func(w io.Writer) { dmsstatus.Print(w, o.project, tasks, time.Now()) }); err != nil {
			return err
		}
		if o.once || !pause(ctx, o.interval) {
			return nil
		}
		totals = a.sourceTotals(ctx)
	}
}

// sourceTotals counts the source's rows per table when a connection is
// configured; without one, status shows loaded rows without a total.
func (a *App) sourceTotals(ctx context.Context) map[string]int64 {
	prompt := a.Prompt
	a.Prompt = nil // a refresh never stops to ask for a password
	defer func() { a.Prompt = prompt }()
	s, _, err := a.openSource(ctx)
	if err != nil {
		return nil
	}
	defer s.DB.Close()
	info, err := s.Info(ctx)
	if err != nil {
		return nil
	}
	out := map[string]int64{}
	for _, ti := range info {
		out[ti.Table] = ti.Rows
	}
	return out
}
