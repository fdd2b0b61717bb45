package report

import (
	"fmt"
	"html/template"
	"io"
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Write renders r as one self-contained HTML page.
func Write(w io.Writer, r *Report) error {
	return page.Execute(w, view{r})
}

// view adds what the template computes from the report.
type view struct{ *Report }

func (v view) From() time.Time { return v.At.Add(-time.Duration(v.Hours) * time.Hour) }

func (v view) LatencyChart(t Task) template.HTML {
	return lineChart("CDC latency of "+t.ID, t.Latency, seriesColors[true], v.From(), v.At)
}

func (v view) ThroughputChart(t Task) template.HTML {
	return lineChart("CDC throughput of "+t.ID, t.Throughput, seriesColors[false], v.From(), v.At)
}

func (v view) CapacityChart(t Task) template.HTML {
	return lineChart("capacity utilization of "+t.ID, t.Capacity, capacityColors, v.From(), v.At)
}

func (v view) Timeline(t Task) template.HTML { return timeline(t, v.At) }

// Serverless says whether the report is of DMS Serverless replications
// (and no task).
func (v view) Serverless() bool {
	for _, t := range v.Tasks {
		if t.Serverless == nil {
			return false
		}
	}
	return len(v.Tasks) > 0
}

// MaxRows is the largest full-load row count of a task, for the bars.
func maxRows(t Task) int64 {
	var m int64
	for _, tb := range t.Tables {
		m = max(m, tb.FullLoadRows)
	}
	return m
}

var funcs = template.FuncMap{
	"stamp": stamp,
	"base":  filepath.Base,
	"int":   groupInt,
	"dur":   fmtDuration,
	"value": fmtValue,
	"usd":   func(v float64, places int) string { return strconv.FormatFloat(v, 'f', places, 64) },
	"hours": func(h float64) string { return strconv.FormatFloat(h, 'f', 1, 64) },
	"deref": func(v *float64) float64 { return *v },
	"pct": func(t Task, n int64) string {
		m := maxRows(t)
		if m == 0 {
			return "0"
		}
		return strconv.FormatFloat(math.Round(float64(n)/float64(m)*1000)/10, 'f', -1, 64)
	},
	"latest": func(s Series) string {
		if len(s.Points) == 0 {
			return "no data"
		}
		return "latest " + fmtValue(s.Points[len(s.Points)-1].V)
	},
	"peak": func(s Series) string {
		if len(s.Points) == 0 {
			return ""
		}
		m := s.Points[0].V
		for _, p := range s.Points {
			m = math.Max(m, p.V)
		}
		return ", max " + fmtValue(m)
	},
	"color":         func(latency bool, i int) string { return seriesColors[latency][i%2] },
	"capacityColor": func(i int) string { return capacityColors[i%2] },
	"stateClass": func(s string) string {
		s = strings.ToLower(s)
		switch {
		case strings.Contains(s, "fail") || strings.Contains(s, "error"):
			return "bad"
		case s == "running" || s == "available" || strings.Contains(s, "completed") || s == "validated":
			return "good"
		case s == "stopped" || s == "":
			return "idle"
		}
		return "busy"
	},
}

// groupInt writes n with thousands separators.
func groupInt(n int64) string {
	s := strconv.FormatInt(n, 10)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if neg {
		return "-" + b.String()
	}
	return b.String()
}

func fmtDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "-"
	case d < time.Minute:
		return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
	case d < time.Hour:
		return fmt.Sprintf("%dm %02ds", int(d.Minutes()), int(d.Seconds())%60)
	}
	return fmt.Sprintf("%dh %02dm", int(d.Hours()), int(d.Minutes())%60)
}

var page = template.Must(template.New("report").Funcs(funcs).Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>DMS lab {{.Project}}: report of {{.At.Format "2006-01-02 15:04"}} UTC</title>
<style>
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328; background: #fff; margin: 0 auto; max-width: 1180px; padding: 16px 24px; }
h1 { font-size: 22px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 6px; }
h3 { font-size: 15px; margin: 14px 0 6px; }
code { font: 12px ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: #f6f8fa; padding: 1px 4px; border-radius: 4px; }
.muted { color: #59636e; }
section { border: 1px solid #d1d9e0; border-radius: 8px; padding: 12px 16px; margin: 14px 0; }
.cards { display: flex; gap: 12px; flex-wrap: wrap; }
.card { border: 1px solid #d1d9e0; border-radius: 8px; padding: 8px 14px; min-width: 160px; }
.card b { display: block; font-size: 20px; }
.state { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; vertical-align: middle; }
.state.good { background: #dafbe1; color: #116329; } .state.bad { background: #ffebe9; color: #a40e26; }
.state.busy { background: #fff8c5; color: #7d4e00; } .state.idle { background: #eff2f5; color: #59636e; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 4px 8px; border-bottom: 1px solid #eff2f5; vertical-align: top; }
th { font-weight: 600; background: #f6f8fa; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
.bar { background: #eff2f5; height: 8px; border-radius: 4px; min-width: 80px; }
.bar > div { background: #1f6feb; height: 8px; border-radius: 4px; }
.charts { display: flex; gap: 24px; flex-wrap: wrap; }
.charts figure { margin: 0; width: 520px; }
.chart .plot { fill: #fbfcfd; stroke: #d1d9e0; }
.chart .grid { stroke: #eff2f5; }
.chart text { font-size: 11px; fill: #59636e; }
.chart .ytick { text-anchor: end; } .chart .xtick { text-anchor: middle; } .chart .nodata { text-anchor: middle; font-size: 13px; }
.legend { list-style: none; padding: 0; margin: 4px 0 0; display: flex; gap: 16px; flex-wrap: wrap; font-size: 13px; }
.swatch { display: inline-block; width: 12px; height: 3px; vertical-align: middle; margin-right: 4px; }
.timeline { max-width: 100%; height: auto; }
.tl-wait { fill: #eff2f5; } .tl-run { fill: #c8d1da; } .tl-load { fill: #1f6feb; } .tl-cdc { fill: #1a7f37; }
.tl-wait-key { background: #eff2f5; height: 8px; } .tl-run-key { background: #c8d1da; height: 8px; } .tl-load-key { background: #1f6feb; height: 8px; } .tl-cdc-key { background: #1a7f37; height: 8px; }
.timeline text { font-size: 11px; fill: #59636e; } .timeline .tl-end { text-anchor: end; }
dl.times { display: grid; grid-template-columns: max-content auto; gap: 2px 12px; margin: 6px 0; }
dl.times dt { color: #59636e; } dl.times dd { margin: 0; }
.equal { color: #116329; font-weight: 600; } .differs { color: #a40e26; font-weight: 600; }
footer { color: #59636e; font-size: 12px; margin-top: 18px; }
</style>
</head>
<body>
<header>
<h1>DMS lab <code>{{.Project}}</code></h1>
<p class="muted">Read {{if .Offline}}from the saved answers in <code>{{.Offline}}</code>{{else}}from DMS and CloudWatch{{end}}{{if .Region}} ({{.Region}}){{end}} at {{stamp .At}}; charts cover the {{.Hours}} hours before.</p>
</header>

<div class="cards">
<div class="card" id="card-tasks"><span class="muted">{{if .Serverless}}DMS Serverless replications{{else}}DMS tasks{{end}}</span><b>{{len .Tasks}}</b></div>
{{range .Instances}}<div class="card" data-instance="{{.ID}}"><span class="muted">replication instance</span><b>{{.ID}}</b>{{.Class}} <span class="state {{stateClass .Status}}">{{.Status}}</span></div>
{{end}}{{range .Tasks}}{{if .Serverless}}<div class="card" data-replication="{{.ID}}"><span class="muted">DMS Serverless replication</span><b>{{.ID}}</b>{{.CapacityText}}</div>
{{end}}{{end}}{{with .Cost}}<div class="card" id="card-cost"><span class="muted">cost so far (estimate)</span><b>{{usd .SoFar 2}} {{.Currency}}</b>{{hours .Hours}} h × {{usd .PerHour 4}} {{.Currency}}/h</div>{{end}}
</div>

{{if not .Tasks}}<section><p>No DMS task tagged <code>Project={{.Project}}</code> was found{{if .Region}} in {{.Region}}{{end}}, nor a DMS Serverless replication. Is the lab deployed in this region?</p></section>{{end}}

{{range $t := .Tasks}}
<section class="task" id="task-{{$t.ID}}" data-task="{{$t.ID}}">
<h2>{{$t.ID}} <span class="state {{stateClass $t.Status}}" data-field="status">{{$t.Status}}</span></h2>
<p class="muted">{{$t.MigrationType}} on {{if $t.Serverless}}DMS Serverless, <span data-field="capacity">{{$t.CapacityText}}</span>{{else}}<code>{{$t.Instance}}</code>{{end}}; resource identifier <code>{{$t.ResourceID}}</code>; full load <span data-field="full-load-percent">{{$t.FullLoadPercent}}</span>%: {{$t.TablesLoaded}} tables loaded, {{$t.TablesLoading}} loading, {{$t.TablesQueued}} queued, {{$t.TablesErrored}} errored{{if $t.Elapsed}}; running for {{dur $t.Elapsed}}{{end}}.</p>
{{with $t.Serverless}}{{if .Note}}<p class="{{if .Deprovisioned}}differs{{else}}muted{{end}}" data-field="note">{{.Note}}</p>{{end}}{{end}}
{{if $t.StopReason}}<p>Stop reason: {{$t.StopReason}}</p>{{end}}
{{if $t.LastFailure}}<p class="differs">Last failure: {{$t.LastFailure}}</p>{{end}}
<h3>Timeline</h3>
{{$.Timeline $t}}
<ul class="legend"><li><span class="swatch tl-wait-key"></span>created</li><li><span class="swatch tl-run-key"></span>started</li><li><span class="swatch tl-load-key"></span>full load</li><li><span class="swatch tl-cdc-key"></span>change capture</li></ul>
<dl class="times">
<dt>created</dt><dd data-field="created">{{stamp $t.Created}}</dd>
<dt>started</dt><dd data-field="started">{{stamp $t.Started}}</dd>
<dt>full load</dt><dd data-field="full-load">{{stamp $t.FullLoadStarted}} to {{stamp $t.FullLoadFinished}}</dd>
<dt>stopped</dt><dd data-field="stopped">{{stamp $t.Stopped}}</dd>
{{with $t.Serverless}}<dt>provisioned</dt><dd data-field="provisioned">{{stamp $t.Provisioned}}</dd>
<dt>{{if .Deprovisioned}}deprovisioned{{else}}DMS deprovisions it{{end}}</dt><dd data-field="deprovision">{{stamp .DeprovisionTime}}</dd>{{end}}
</dl>
<h3>Full load per table</h3>
{{if $t.Tables}}<table class="tables">
<thead><tr><th>table</th><th>state</th><th class="num">full-load rows</th><th></th><th class="num">load time</th><th class="num">error rows</th><th class="num">inserts</th><th class="num">updates</th><th class="num">deletes</th><th>validation</th></tr></thead>
<tbody>
{{range $t.Tables}}<tr data-table="{{.Name}}"><td>{{.Schema}}.{{.Name}}</td><td><span class="state {{stateClass .State}}">{{.State}}</span></td><td class="num" data-field="full-load-rows">{{int .FullLoadRows}}</td><td><div class="bar"><div style="width: {{pct $t .FullLoadRows}}%"></div></div></td><td class="num" data-field="load-time">{{dur .FullLoadTime}}</td><td class="num">{{int .FullLoadErrorRows}}</td><td class="num" data-field="inserts">{{int .Inserts}}</td><td class="num" data-field="updates">{{int .Updates}}</td><td class="num" data-field="deletes">{{int .Deletes}}</td><td>{{.Validation}}</td></tr>
{{end}}</tbody>
</table>{{else if and $t.Serverless $t.Serverless.Deprovisioned}}<p class="muted" data-field="no-tables">DMS no longer has table statistics for this replication: they went with its capacity when it was deprovisioned.</p>{{else}}<p class="muted" data-field="no-tables">DMS has no table statistics for this {{if $t.Serverless}}replication{{else}}task{{end}} yet.</p>{{end}}
<div class="charts">
<figure data-chart="latency"><h3>CDC latency, seconds</h3>
{{$.LatencyChart $t}}
<ul class="legend">{{range $i, $s := $t.Latency}}<li data-metric="{{$s.Metric}}"><span class="swatch" style="background: {{color true $i}}"></span>{{$s.Metric}}: {{latest $s}}{{peak $s}}</li>{{end}}</ul>
</figure>
<figure data-chart="throughput"><h3>CDC throughput</h3>
{{$.ThroughputChart $t}}
<ul class="legend">{{range $i, $s := $t.Throughput}}<li data-metric="{{$s.Metric}}"><span class="swatch" style="background: {{color false $i}}"></span>{{$s.Metric}} ({{$s.Unit}}): {{latest $s}}{{peak $s}}</li>{{end}}</ul>
</figure>
{{if $t.Serverless}}<figure data-chart="capacity"><h3>Capacity utilization, percent of the provisioned DCUs</h3>
{{$.CapacityChart $t}}
<ul class="legend">{{range $i, $s := $t.Capacity}}<li data-metric="{{$s.Metric}}"><span class="swatch" style="background: {{capacityColor $i}}"></span>{{$s.Metric}} ({{$s.Unit}}): {{latest $s}}{{peak $s}}</li>{{end}}</ul>
</figure>{{end}}
</div>
{{if $t.MetricsMessage}}<p class="muted">{{$t.MetricsMessage}}</p>{{end}}
</section>
{{end}}

<section id="verify">
<h2>Verify</h2>
{{with .Verify}}<p class="muted">The latest result per target and table from {{range $i, $f := .Files}}{{if $i}}, {{end}}<code title="{{$f}}">{{base $f}}</code>{{end}} (a later file replaces an earlier one's result).</p>
<table>
<thead><tr><th>target</th><th>table</th><th class="num">source rows</th><th class="num">blocks</th><th>result</th><th>differing blocks</th><th>file</th></tr></thead>
<tbody>
{{range .Tables}}<tr data-verify-target="{{.Target}}" data-verify-table="{{.Table}}"><td><code>{{.Target}}</code></td><td>{{.Table}}</td><td class="num" data-field="verify-rows">{{int .Rows}}</td><td class="num" data-field="verify-blocks">{{.Blocks}}</td><td data-field="verify-result">{{if .Equal}}<span class="equal">equal</span>{{else}}<span class="differs">differs</span>{{end}}</td><td>{{range .Diffs}}<div data-block="{{.Block}}">block {{.Block}}: source {{int .SourceRows}} rows, target {{int .TargetRows}} rows</div>{{else}}-{{end}}</td><td>{{.File}}</td></tr>
{{end}}</tbody>
</table>
{{range .Fidelity}}<h3 data-fidelity-target="{{.Target}}">TYPES fidelity: <code>{{.Target}}</code> ({{.File}}): {{if .MatchesDocumentation}}<span class="equal">as DMS documents</span>{{else}}<span class="differs">not as DMS documents</span>{{end}}</h3>
{{if .MissingTable}}<p class="muted">No TYPES table on the target: DMS has not created it yet.</p>{{else}}<table>
<thead><tr><th>column</th><th>Oracle</th><th>DMS</th><th>target type</th><th>outcome</th><th>documented outcome</th><th>rows</th><th>result</th><th>examples</th></tr></thead>
<tbody>
{{range .Columns}}<tr data-fidelity-column="{{.Column}}"><td>{{.Column}}</td><td>{{.Oracle}}</td><td>{{.DMS}}</td><td>{{or .TargetType .ExpectedType "-"}}</td><td data-field="fidelity-outcome">{{.Outcome}}</td><td>{{.Expected}}{{if not .Documented}} (undocumented){{end}}</td><td>{{.CountsText}}</td><td data-field="fidelity-result">{{if .MatchesDocumentation}}<span class="equal">as documented</span>{{else}}<span class="differs">{{.Problem}}</span>{{end}}</td><td>{{range .Examples}}<div>ty_pk {{.Key}} {{.Outcome}}: {{.How}}</div>{{else}}-{{end}}</td></tr>
{{end}}</tbody>
</table>{{end}}
{{end}}
{{else}}<p class="muted">No verify result given: run <code>dgen verify --json ... &gt; verify.json</code> and pass <code>--verify verify.json</code>.</p>{{end}}
</section>

<section id="cost">
<h2>Cost so far</h2>
{{with .Cost}}<p><b>Estimate: about <span data-field="cost-so-far">{{usd .SoFar 2}}</span> {{.Currency}}</b> = <span data-field="cost-hours">{{hours .Hours}}</span> hours since the {{if .Serverless}}replication configuration{{else}}replication instance{{end}} <code>{{.Instance}}</code> was created ({{stamp .Since}}) × <span data-field="cost-per-hour">{{usd .PerHour 4}}</span> {{.Currency}} an hour{{if .Serverless}}, with DMS Serverless at its minimum capacity{{end}}.</p>
{{if .SoFarAtMax}}<p>At its maximum capacity throughout: about <span data-field="cost-so-far-at-max">{{usd (deref .SoFarAtMax) 2}}</span> {{.Currency}} (<span data-field="cost-per-hour-at-max">{{usd (deref .PerHourAtMax) 4}}</span> {{.Currency}} an hour). DMS bills the DCUs a replication holds, between its bounds.</p>{{end}}
<p class="muted">The hourly cost is the preflight's estimate for the lab's configured classes ({{.Classes}}; {{.Source}} and {{.Target}}) from its price table dated {{.AsOf}}: on-demand list prices, not a bill{{if .Unpriced}}; {{.Unpriced}} line(s) have no price in the table and are left out{{end}}.{{range .Unknown}} <span data-field="cost-unknown">{{.}}</span>.{{end}} Other lab resources were created around the same time as {{if .Serverless}}the replication configurations{{else}}the instance{{end}}.</p>
{{else}}<p class="muted">No estimate: no replication instance or serverless replication configuration with a creation time was found.</p>{{end}}
</section>

<footer>Written by <code>dgen report</code>. This page loads nothing from anywhere: styles are inline and charts are SVG.</footer>
</body>
</html>
`))
