package dmsstatus

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Print draws the tasks and replications as a table with progress bars.
func Print(w io.Writer, project string, tasks []TaskStatus, at time.Time) {
	fmt.Fprintf(w, "%s tagged Project=%s, %s\n", heading(tasks), project, at.Format("15:04:05"))
	if len(tasks) == 0 {
		fmt.Fprintln(w, "  none found (is the lab deployed in this region?)")
	}
	for _, t := range tasks {
		fmt.Fprintf(w, "\n%s  %s  full load %d%%  CDC latency source %s, target %s\n", t.ID, strings.ToUpper(t.Status), t.FullLoadPercent, seconds(t.CDCLatencySource), seconds(t.CDCLatencyTarget))
		if t.Mode == ModeServerless {
			fmt.Fprintf(w, "  DMS Serverless: %s\n", capacity(t))
			if t.Note != "" {
				fmt.Fprintf(w, "  note: %s\n", t.Note)
			}
		}
		for _, tb := range t.Tables {
			total := "?"
			frac := 0.0
			if tb.Total >= 0 {
				total = fmt.Sprint(tb.Total)
				if tb.Total > 0 {
					frac = float64(tb.Loaded) / float64(tb.Total)
				} else {
					frac = 1
				}
			} else if strings.Contains(strings.ToLower(tb.State), "completed") {
				frac = 1
			}
			fmt.Fprintf(w, "  %-7s %s %9d/%-9s ins %-7d upd %-7d del %-7d %-22s validation %s\n", tb.Table, bar(frac, 20), tb.Loaded, total, tb.Inserts, tb.Updates, tb.Deletes, tb.State, orDash(tb.Validation))
		}
	}
}

// heading names what was looked for, as it was found: tasks, serverless
// replications, or both.
func heading(tasks []TaskStatus) string {
	var instance, serverless bool
	for _, t := range tasks {
		instance = instance || t.Mode != ModeServerless
		serverless = serverless || t.Mode == ModeServerless
	}
	switch {
	case serverless && instance:
		return "DMS tasks and serverless replications"
	case serverless:
		return "DMS Serverless replications"
	}
	return "DMS tasks"
}

// capacity says what DMS has provisioned for a replication, within which
// bounds, and in what state.
func capacity(t TaskStatus) string {
	var b strings.Builder
	switch {
	case t.Deprovisioned:
		b.WriteString("no capacity provisioned")
	case t.CapacityUnits != nil:
		fmt.Fprintf(&b, "%d DCU provisioned", *t.CapacityUnits)
	default:
		b.WriteString("capacity not provisioned yet")
	}
	if t.MinCapacityUnits != nil && t.MaxCapacityUnits != nil {
		fmt.Fprintf(&b, " (bounds %d to %d DCU", *t.MinCapacityUnits, *t.MaxCapacityUnits)
		if t.MultiAZ != nil && *t.MultiAZ {
			b.WriteString(", Multi-AZ")
		}
		b.WriteString(")")
	}
	if t.ProvisionState != "" {
		fmt.Fprintf(&b, ", provision state %s", t.ProvisionState)
	}
	return b.String()
}

func bar(frac float64, width int) string {
	frac = max(0, min(frac, 1))
	n := int(frac * float64(width))
	return "[" + strings.Repeat("#", n) + strings.Repeat(".", width-n) + "]"
}

func seconds(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%.0fs", *v)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
