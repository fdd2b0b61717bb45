package dgen

import (
	"context"
	"io"
	"time"
)

func (a *App) cmdStatus(ctx context.Context, project, region string, once bool, interval time.Duration) error {
	client, err := NewStatusClient(ctx, region)
	if err != nil {
		return err
	}
	totals := a.sourceTotals(ctx)
	live := !once && isTerminal(a.Stdout) && !a.jsonOut
	for {
		tasks, err := client.LabTasks(ctx, project, totals)
		if err != nil {
			return err
		}
		if live {
			io.WriteString(a.Stdout, "\033[H\033[2J") // redraw in place
		}
		if err := a.print(tasks, func(w io.Writer) { PrintStatus(w, project, tasks, time.Now()) }); err != nil {
			return err
		}
		if once || !wait(ctx, interval) {
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
	s, _, err := a.open(ctx)
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
