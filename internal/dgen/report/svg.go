package report

import (
	"fmt"
	"html"
	"html/template"
	"math"
	"strconv"
	"strings"
	"time"
)

// Chart geometry, in SVG user units.
const (
	chartW, chartH                 = 520, 230
	padLeft, padRight              = 56, 12
	padTop, padBottom              = 12, 30
	plotW                          = chartW - padLeft - padRight
	plotH                          = chartH - padTop - padBottom
	timelineW, timelineH           = 1000, 44
	timelinePad                    = 10
	colorA, colorB, colorC, colorD = "#1f6feb", "#d1242f", "#1a7f37", "#8250df"
	colorE                         = "#bf8700"
)

// seriesColors are the colors of a chart's first and second series, on
// the latency (true) and throughput charts; capacityColors on the capacity chart.
var (
	seriesColors   = map[bool][2]string{true: {colorA, colorB}, false: {colorC, colorD}}
	capacityColors = [2]string{colorE, colorD}
)

// lineChart draws series over [from, to] (widened to hold every point) as
// an inline SVG: one polyline and one circle per datapoint for each
// series, each circle titled with its time and value.
func lineChart(label string, series []Series, colors [2]string, from, to time.Time) template.HTML {
	for _, s := range series {
		for _, p := range s.Points {
			if p.T.Before(from) {
				from = p.T
			}
			if p.T.After(to) {
				to = p.T
			}
		}
	}
	if !to.After(from) {
		to = from.Add(time.Minute)
	}
	top := 0.0
	n := 0
	for _, s := range series {
		for _, p := range s.Points {
			top = math.Max(top, p.V)
			n++
		}
	}
	top = niceCeil(top)
	x := func(t time.Time) float64 {
		return padLeft + float64(t.Sub(from))/float64(to.Sub(from))*plotW
	}
	y := func(v float64) float64 { return padTop + plotH - v/top*plotH }

	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="%s">`,
		chartW, chartH, chartW, chartH, html.EscapeString(label))
	fmt.Fprintf(&b, `<rect x="%d" y="%d" width="%d" height="%d" class="plot"/>`, padLeft, padTop, plotW, plotH)
	for i := 0; i <= 4; i++ {
		v := top * float64(i) / 4
		yy := y(v)
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" class="grid"/>`, padLeft, padLeft+plotW, yy, yy)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" class="ytick">%s</text>`, padLeft-6, yy+4, fmtValue(v))
	}
	step := timeStep(to.Sub(from))
	for t := from.Truncate(step).Add(step); !t.After(to); t = t.Add(step) {
		xx := x(t)
		fmt.Fprintf(&b, `<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" class="grid"/>`, xx, xx, padTop, padTop+plotH)
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="xtick">%s</text>`, xx, chartH-10, t.Format("15:04"))
	}
	if n == 0 {
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="nodata">no datapoints in this window</text>`, padLeft+plotW/2, padTop+plotH/2)
	}
	r := 2.5
	if n > 120 {
		r = 1.3
	}
	for i, s := range series {
		color := colors[i%2]
		fmt.Fprintf(&b, `<g class="series" data-metric="%s" data-points="%d" stroke="%s" fill="%s">`, html.EscapeString(s.Metric), len(s.Points), color, color)
		if len(s.Points) > 0 {
			var pts []string
			for _, p := range s.Points {
				pts = append(pts, fmt.Sprintf("%.1f,%.1f", x(p.T), y(p.V)))
			}
			fmt.Fprintf(&b, `<polyline fill="none" stroke-width="1.6" points="%s"/>`, strings.Join(pts, " "))
		}
		for _, p := range s.Points {
			fmt.Fprintf(&b, `<circle cx="%.1f" cy="%.1f" r="%.1f" data-time="%s" data-value="%s"><title>%s %s UTC: %s %s</title></circle>`,
				x(p.T), y(p.V), r, p.T.Format(time.RFC3339), strconv.FormatFloat(p.V, 'g', -1, 64),
				html.EscapeString(s.Metric), p.T.Format("15:04"), fmtValue(p.V), html.EscapeString(s.Unit))
		}
		b.WriteString(`</g>`)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// timeline draws a task's life from its creation to its stop (or the
// report's time): waiting, full load, then change capture.
func timeline(t Task, at time.Time) template.HTML {
	if t.Created == nil {
		return ""
	}
	from := *t.Created
	to := at
	if t.Stopped != nil && t.Stopped.Before(to) {
		to = *t.Stopped
	}
	if !to.After(from) {
		to = from.Add(time.Second)
	}
	w := float64(timelineW - 2*timelinePad)
	x := func(tt time.Time) float64 {
		f := float64(tt.Sub(from)) / float64(to.Sub(from))
		return timelinePad + math.Max(0, math.Min(1, f))*w
	}
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="timeline" viewBox="0 0 %d %d" width="%d" height="%d" role="img" aria-label="timeline of %s">`,
		timelineW, timelineH, timelineW, timelineH, html.EscapeString(t.ID))
	fmt.Fprintf(&b, `<rect x="%d" y="14" width="%.1f" height="12" class="tl-wait"><title>created %s</title></rect>`, timelinePad, w, stamp(t.Created))
	seg := func(class, title string, a, z *time.Time) {
		if a == nil {
			return
		}
		end := to
		if z != nil && z.Before(end) {
			end = *z
		}
		fmt.Fprintf(&b, `<rect x="%.1f" y="14" width="%.1f" height="12" class="%s"><title>%s</title></rect>`, x(*a), math.Max(1, x(end)-x(*a)), class, html.EscapeString(title))
	}
	seg("tl-run", "running since "+stamp(t.Started), t.Started, nil)
	seg("tl-load", "full load "+stamp(t.FullLoadStarted)+" to "+stamp(t.FullLoadFinished), t.FullLoadStarted, t.FullLoadFinished)
	if strings.Contains(t.MigrationType, "cdc") && t.FullLoadFinished != nil {
		seg("tl-cdc", "change capture since "+stamp(t.FullLoadFinished), t.FullLoadFinished, nil)
	}
	fmt.Fprintf(&b, `<text x="%d" y="40" class="tl-label">%s</text>`, timelinePad, from.Format("2006-01-02 15:04"))
	fmt.Fprintf(&b, `<text x="%d" y="40" class="tl-label tl-end">%s</text>`, timelineW-timelinePad, to.Format("2006-01-02 15:04"))
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// niceCeil rounds v up to 1, 2 or 5 times a power of ten (at least 1).
func niceCeil(v float64) float64 {
	if v <= 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return 1
	}
	exp := math.Pow(10, math.Floor(math.Log10(v)))
	for _, m := range []float64{1, 2, 5, 10} {
		if v <= m*exp {
			return m * exp
		}
	}
	return 10 * exp
}

// timeStep is the spacing of the time axis' ticks: at most about 7.
func timeStep(span time.Duration) time.Duration {
	for _, s := range []time.Duration{time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
		time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour} {
		if span/s <= 7 {
			return s
		}
	}
	return 24 * time.Hour
}

// fmtValue shows a metric value: as given when it has at most 3 decimals,
// else rounded to 3.
func fmtValue(v float64) string {
	if r := math.Round(v*1000) / 1000; r != v {
		v = r
	}
	return strconv.FormatFloat(v, 'f', -1, 64)
}

func stamp(t *time.Time) string {
	if t == nil {
		return "-"
	}
	return t.UTC().Format("2006-01-02 15:04:05") + " UTC"
}
