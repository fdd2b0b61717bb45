package preflight

import (
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
)

// PrintText writes the checklist, then the cost estimate.
func PrintText(w io.Writer, r *Report) {
	fmt.Fprintf(w, "Preflight of lab %q (%s): source %s, target %s, account %s\n\n", r.NamePrefix, r.ConfigFile, r.SourceRegion, r.TargetRegion, r.Account)
	for _, c := range r.Checks {
		fmt.Fprintf(w, "%-4s  %s: %s\n", c.Status, c.Title, c.Summary)
		fmt.Fprintf(w, "        asked: %s\n", c.Asked)
		fmt.Fprintf(w, "        AWS:   %s\n", c.Answer)
		if c.Action != "" {
			fmt.Fprintf(w, "        do:    %s\n", c.Action)
		}
	}
	fmt.Fprintln(w)
	switch {
	case r.Blockers > 0:
		fmt.Fprintf(w, "%s, %s: fix each FAIL before `npx cdktf deploy`.\n", plural(r.Blockers, "blocker"), plural(r.Warnings, "warning"))
	case r.Warnings > 0:
		fmt.Fprintf(w, "No blocker, %s: read them, then `npx cdktf deploy`.\n", plural(r.Warnings, "warning"))
	default:
		fmt.Fprintln(w, "No blocker: `npx cdktf deploy` can go ahead.")
	}
	if r.Cost != nil {
		fmt.Fprintln(w)
		PrintCost(w, r.Cost)
	}
}

// PrintCost writes the estimate as a table.
func PrintCost(w io.Writer, c *Cost) {
	fmt.Fprintf(w, "Cost ESTIMATE, on-demand list prices in %s (price table of %s; not a quote):\n", c.Currency, c.AsOf)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "  item\tregion\tprice\tUSD/hour\tas of\tsource")
	for _, l := range c.Lines {
		if l.USDPerHour == nil {
			what := "no price in table"
			if strings.HasPrefix(l.Note, "price unknown") {
				what = "price unknown (see below)"
			}
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", l.Item, l.Region, what, "-", l.Date, strings.TrimPrefix(l.Source, "https://"))
			continue
		}
		fmt.Fprintf(tw, "  %s\t%s\t%s per %s\t%.4f\t%s\t%s\n", l.Item, l.Region, money(l.UnitUSD), l.Unit, *l.USDPerHour, l.Date, strings.TrimPrefix(l.Source, "https://"))
	}
	if c.PerHourAtMax == nil {
		fmt.Fprintf(tw, "  total\t\t\t%.4f\t\t\n", c.PerHour)
	} else {
		fmt.Fprintf(tw, "  total at min capacity\t\t\t%.4f\t\t\n", c.PerHour)
		fmt.Fprintf(tw, "  total at max capacity\t\t\t%.4f\t\t\n", *c.PerHourAtMax)
	}
	tw.Flush()
	if c.PerHourAtMax == nil {
		fmt.Fprintf(w, "  about %.2f %s per hour, %.2f per day (24 h)\n", c.PerHour, c.Currency, c.PerDay)
	} else {
		fmt.Fprintf(w, "  about %.2f to %.2f %s per hour, %.2f to %.2f per day (24 h), from DMS Serverless at its min to its max capacity\n",
			c.PerHour, *c.PerHourAtMax, c.Currency, c.PerDay, *c.PerDayAtMax)
	}
	for _, l := range c.Lines {
		if strings.HasPrefix(l.Note, "price unknown") {
			fmt.Fprintf(w, "  %s: %s\n", l.Item, l.Note)
		}
	}
	for _, n := range c.Notes {
		fmt.Fprintf(w, "  %s\n", n)
	}
}

func money(v float64) string {
	return strings.TrimRight(strings.TrimRight(fmt.Sprintf("%.4f", v), "0"), ".")
}

func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return fmt.Sprintf("%d %ss", n, word)
}
