package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/dmslab/dmslab/internal/dgen/verify"
	"github.com/dmslab/dmslab/internal/preflight"
	"github.com/dmslab/dmslab/settings"
)

// The lab the report's fake AWS serves: two tasks of Project=dmslab on one
// instance, and a third task of another project.
const (
	rptInstArn  = "arn:aws:dms:us-east-1:123456789012:rep:INSTANCEID"
	rptAurora   = "arn:aws:dms:us-east-1:123456789012:task:AURORATASKID"
	rptS3       = "arn:aws:dms:us-east-1:123456789012:task:S3TASKID"
	rptOther    = "arn:aws:dms:us-east-1:123456789012:task:SOMEONEELSE"
	rptInstance = "dmslab-dms"
)

type fakeTable struct {
	name                      string
	rows                      int64
	load                      time.Duration
	inserts, updates, deletes int64
}

type fakeTask struct {
	id, arn, status, migration string
	tables                     []fakeTable
	// points per metric name, each value at base + i*interval
	metrics map[string][]float64
}

// reportLab is the fake's data; at is the time its datapoints lead up to.
type reportLab struct {
	at, created time.Time
	tasks       []fakeTask
	// denyServerless refuses DescribeReplicationConfigs, as IAM does for a
	// policy written before DMS Serverless.
	denyServerless bool
}

func newReportLab(at time.Time) *reportLab {
	series := func(n int, f func(i int) float64) []float64 {
		out := make([]float64, n)
		for i := range out {
			out[i] = f(i)
		}
		return out
	}
	return &reportLab{
		at:      at,
		created: at.Add(-10 * time.Hour),
		tasks: []fakeTask{
			{id: "dmslab-oracle-to-aurora", arn: rptAurora, status: "running", migration: "full-load-and-cdc",
				tables: []fakeTable{{"TABLE1", 100000, 95 * time.Second, 512, 240, 31}, {"TABLE2", 250000, 4*time.Minute + 10*time.Second, 380, 110, 12}, {"TABLE3", 12345, 12 * time.Second, 77, 0, 4}},
				metrics: map[string][]float64{
					"CDCLatencySource":        series(12, func(i int) float64 { return 2 + float64(i%5)*1.5 }),
					"CDCLatencyTarget":        series(11, func(i int) float64 { return 4.25 + float64(i%4)*2 }),
					"CDCThroughputRowsTarget": series(10, func(i int) float64 { return 9.5 + float64(i%3) }),
					"CDCIncomingChanges":      series(9, func(i int) float64 { return float64(i * 3) }),
				}},
			{id: "dmslab-oracle-to-s3", arn: rptS3, status: "stopped", migration: "full-load-and-cdc",
				tables: []fakeTable{{"TABLE1", 100000, 70 * time.Second, 500, 200, 30}},
				metrics: map[string][]float64{
					"CDCLatencySource":        series(5, func(i int) float64 { return 1 + float64(i) }),
					"CDCLatencyTarget":        series(4, func(i int) float64 { return 30 + float64(i)*0.5 }),
					"CDCThroughputRowsTarget": series(3, func(i int) float64 { return 0.125 * float64(i+1) }),
					"CDCIncomingChanges":      {},
				}},
		},
	}
}

// pointTime is the time of a metric's i-th datapoint: every 15 minutes,
// the last one 5 minutes before at.
func (l *reportLab) pointTime(n, i int) time.Time {
	return l.at.Add(-5*time.Minute - time.Duration(n-1-i)*15*time.Minute)
}

func epoch(t time.Time) string { return strconv.FormatInt(t.Unix(), 10) }

// fakeReportAWS serves the lab over DMS's JSON 1.1 and CloudWatch's JSON
// 1.0 protocols and records the targets it was asked for; an unknown call
// or a metric query with the wrong dimensions fails the test.
func fakeReportAWS(t *testing.T, lab *reportLab) *reportFake {
	f := &reportFake{}
	mu := &f.mu
	taskByResource := map[string]fakeTask{}
	taskByArn := map[string]fakeTask{}
	for _, tk := range lab.tasks {
		taskByResource[tk.arn[strings.LastIndex(tk.arn, ":")+1:]] = tk
		taskByArn[tk.arn] = tk
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var in map[string]any
		json.Unmarshal(body, &in)
		target := r.Header.Get("X-Amz-Target")
		mu.Lock()
		f.calls = append(f.calls, target)
		if strings.HasSuffix(target, "GetMetricData") {
			f.metricBodies = append(f.metricBodies, body)
		}
		mu.Unlock()
		fail := func(format string, args ...any) {
			t.Errorf("fake AWS, %s: "+format, append([]any{target}, args...)...)
			w.WriteHeader(400)
			io.WriteString(w, `{"__type":"InvalidParameterValueException","message":"unexpected request"}`)
		}
		var out string
		switch target {
		case "AmazonDMSv20160101.DescribeReplicationTasks":
			var tasks []string
			for _, tk := range lab.tasks {
				stats := fmt.Sprintf(`{"FullLoadProgressPercent":100,"ElapsedTimeMillis":%d,"TablesLoaded":%d,"TablesLoading":0,"TablesQueued":0,"TablesErrored":0,"StartDate":%s,"FullLoadStartDate":%s,"FullLoadFinishDate":%s`,
					lab.at.Sub(lab.created).Milliseconds(), len(tk.tables), epoch(lab.created.Add(2*time.Minute)), epoch(lab.created.Add(3*time.Minute)), epoch(lab.created.Add(9*time.Minute)))
				extra := ""
				if tk.status == "stopped" {
					stats += `,"StopDate":` + epoch(lab.at.Add(-30*time.Minute))
					extra = `,"StopReason":"Stop Reason NORMAL"`
				}
				tasks = append(tasks, fmt.Sprintf(`{"ReplicationTaskIdentifier":%q,"ReplicationTaskArn":%q,"Status":%q,"MigrationType":%q,"ReplicationInstanceArn":%q,"ReplicationTaskCreationDate":%s,"ReplicationTaskStartDate":%s%s,"ReplicationTaskStats":%s}}`,
					tk.id, tk.arn, tk.status, tk.migration, rptInstArn, epoch(lab.created.Add(time.Minute)), epoch(lab.created.Add(2*time.Minute)), extra, stats))
			}
			tasks = append(tasks, `{"ReplicationTaskIdentifier":"not-ours","ReplicationTaskArn":"`+rptOther+`","Status":"stopped","ReplicationInstanceArn":"`+rptInstArn+`"}`)
			out = `{"ReplicationTasks":[` + strings.Join(tasks, ",") + `]}`
		case "AmazonDMSv20160101.DescribeReplicationConfigs":
			if lab.denyServerless {
				w.WriteHeader(400)
				io.WriteString(w, `{"__type":"AccessDeniedException","message":"not authorized to perform: dms:DescribeReplicationConfigs"}`)
				return
			}
			out = `{"ReplicationConfigs":[]}` // an account without DMS Serverless
		case "AmazonDMSv20160101.ListTagsForResource":
			out = `{"TagList":[{"Key":"Project","Value":"dmslab","ResourceArn":"` + rptAurora + `"},{"Key":"Project","Value":"dmslab","ResourceArn":"` + rptS3 + `"},{"Key":"Project","Value":"other","ResourceArn":"` + rptOther + `"}]}`
		case "AmazonDMSv20160101.DescribeReplicationInstances":
			if !strings.Contains(string(body), rptInstArn) {
				fail("not filtered by the lab's instance: %s", body)
				return
			}
			out = `{"ReplicationInstances":[{"ReplicationInstanceIdentifier":"` + rptInstance + `","ReplicationInstanceArn":"` + rptInstArn + `","ReplicationInstanceClass":"dms.t3.small","ReplicationInstanceStatus":"available","InstanceCreateTime":` + epoch(lab.created) + `}]}`
		case "AmazonDMSv20160101.DescribeTableStatistics":
			tk, ok := taskByArn[fmt.Sprint(in["ReplicationTaskArn"])]
			if !ok {
				fail("a task that is not the lab's: %v", in["ReplicationTaskArn"])
				return
			}
			var stats []string
			for i, tb := range tk.tables {
				start := lab.created.Add(3*time.Minute + time.Duration(i)*time.Second)
				stats = append(stats, fmt.Sprintf(`{"SchemaName":"ADMIN","TableName":%q,"Inserts":%d,"Deletes":%d,"Updates":%d,"Ddls":0,"FullLoadRows":%d,"FullLoadErrorRows":0,"FullLoadStartTime":%s,"FullLoadEndTime":%s,"TableState":"Table completed","ValidationState":"Validated"}`,
					tb.name, tb.inserts, tb.deletes, tb.updates, tb.rows, epoch(start), epoch(start.Add(tb.load))))
			}
			out = `{"ReplicationTaskArn":"` + tk.arn + `","TableStatistics":[` + strings.Join(stats, ",") + `]}`
		case "GraniteServiceVersion20100801.GetMetricData":
			var req struct {
				MetricDataQueries []struct {
					Id         string
					MetricStat struct {
						Metric struct {
							Namespace, MetricName string
							Dimensions            []struct{ Name, Value string }
						}
						Period int
						Stat   string
					}
				}
			}
			json.Unmarshal(body, &req)
			var results []string
			for _, q := range req.MetricDataQueries {
				m := q.MetricStat.Metric
				dims := map[string]string{}
				for _, d := range m.Dimensions {
					dims[d.Name] = d.Value
				}
				tk, ok := taskByResource[dims["ReplicationTaskIdentifier"]]
				if m.Namespace != "AWS/DMS" || dims["ReplicationInstanceIdentifier"] != rptInstance || !ok || len(dims) != 2 {
					fail("metric %s of namespace %s with dimensions %v", m.MetricName, m.Namespace, dims)
					return
				}
				vals, known := tk.metrics[m.MetricName]
				if !known {
					fail("metric %s not on the dashboard's list", m.MetricName)
					return
				}
				var ts, vs []string
				for i := len(vals) - 1; i >= 0; i-- { // newest first, as CloudWatch may answer
					ts = append(ts, epoch(lab.pointTime(len(vals), i)))
					vs = append(vs, strconv.FormatFloat(vals[i], 'g', -1, 64))
				}
				results = append(results, fmt.Sprintf(`{"Id":%q,"Label":%q,"Timestamps":[%s],"Values":[%s],"StatusCode":"Complete"}`, q.Id, m.MetricName, strings.Join(ts, ","), strings.Join(vs, ",")))
			}
			out = `{"MetricDataResults":[` + strings.Join(results, ",") + `]}`
		default:
			fail("unknown operation")
			return
		}
		writeAWSJSON(w, target, out)
	}))
	t.Cleanup(srv.Close)
	fakeAWSEnv(t, "AWS_ENDPOINT_URL", srv.URL)
	return f
}

// reportFake records what the report asked.
type reportFake struct {
	mu           sync.Mutex
	calls        []string
	metricBodies [][]byte
}

func (f *reportFake) asked() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

const (
	auroraTarget = "postgres://dmsadmin@dmslab-aurora:5432/DBTARGET"
	s3Target     = "s3://dmslab-bucket/dms"
)

// writeVerifyFiles writes two dgen verify --json outputs: the first finds
// TABLE1 differing on Aurora (block 2), the second, later, finds it equal.
func writeVerifyFiles(t *testing.T, dir string) (string, string) {
	first := []verify.Report{
		{Target: auroraTarget, Equal: false,
			Tables: []verify.TableSummary{{Table: "TABLE1", Blocks: 3, Rows: 100000, Equal: false}, {Table: "TABLE2", Blocks: 3, Rows: 250000, Equal: true}, {Table: "TABLE3", Blocks: 2, Rows: 12345, Equal: true}},
			Diffs:  []verify.BlockDiff{{Table: "TABLE1", Block: 2, SourceRows: 40000, TargetRows: 39998, Missing: [][]string{{"1", "2", "x"}}}}},
		{Target: s3Target, Equal: false,
			Tables: []verify.TableSummary{{Table: "TABLE1", Blocks: 3, Rows: 100000, Equal: false}},
			Diffs:  []verify.BlockDiff{{Table: "TABLE1", Block: 3, SourceRows: 30000, TargetRows: 29990}}},
	}
	second := []verify.Report{{Target: auroraTarget, Equal: true,
		Tables: []verify.TableSummary{{Table: "TABLE1", Blocks: 3, Rows: 100002, Equal: true}, {Table: "TABLE2", Blocks: 3, Rows: 250000, Equal: true}, {Table: "TABLE3", Blocks: 2, Rows: 12345, Equal: true}}}}
	write := func(name string, v any) string {
		b, _ := json.MarshalIndent(v, "", "  ")
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	return write("verify-1.json", first), write("verify-2.json", second)
}

// buildReport runs dgen report against the fake and returns the page, the
// saved answers' directory and the fake's calls.
func buildReport(t *testing.T, lab *reportLab, extra ...string) (page []byte, saved string, fake *reportFake) {
	t.Helper()
	fake = fakeReportAWS(t, lab)
	dir := t.TempDir()
	v1, v2 := writeVerifyFiles(t, dir)
	saved = filepath.Join(dir, "saved")
	out := filepath.Join(dir, "report.html")
	args := append([]string{"report", "--out", out, "--save", saved, "--verify", v1, "--verify", v2}, extra...)
	code, stdout, errOut := dgenRun(t, nil, args...)
	if code != ExitOK || !strings.Contains(stdout, "wrote "+out+": 2 DMS tasks of Project=dmslab") {
		t.Fatalf("dgen report: exit %d\n%s%s", code, stdout, errOut)
	}
	page, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return page, saved, fake
}

// A caller whose policy predates DMS Serverless gets the report of the
// lab's tasks all the same.
func TestReportOfTasksNeedsNoServerlessPermission(t *testing.T) {
	lab := newReportLab(time.Now().UTC().Truncate(time.Minute))
	lab.denyServerless = true
	page, _, _ := buildReport(t, lab)
	checkReport(t, readPage(t, page), lab, settings.DefaultConfig())
}

// TestReportFromFakeAWSAndSavedAnswers builds the report from the fake
// AWS, checks every number on it against what the fake served, then
// rebuilds it offline from the saved answers without asking AWS.
func TestReportFromFakeAWSAndSavedAnswers(t *testing.T) {
	lab := newReportLab(time.Now().UTC().Truncate(time.Minute))
	page, saved, fake := buildReport(t, lab)
	if keep := os.Getenv("DMSLAB_REPORT_HTML"); keep != "" { // to look at it
		os.WriteFile(keep, page, 0o644)
	}
	facts := readPage(t, page)
	checkReport(t, facts, lab, settings.DefaultConfig())

	for _, name := range []string{"describe-replication-tasks.json", "list-tags-for-resource.json", "describe-replication-instances.json",
		"describe-table-statistics-dmslab-oracle-to-aurora.json", "describe-table-statistics-dmslab-oracle-to-s3.json",
		"get-metric-data-dmslab-oracle-to-aurora.json", "get-metric-data-dmslab-oracle-to-s3.json", "report-meta.json"} {
		if _, err := os.Stat(filepath.Join(saved, name)); err != nil {
			t.Errorf("not saved: %v", err)
		}
	}
	asked := len(fake.asked())
	// Each task's metrics over the last 3 hours (--hours' default), a minute apart.
	if len(fake.metricBodies) != 2 {
		t.Errorf("%d GetMetricData calls, want one per task", len(fake.metricBodies))
	}
	for _, body := range fake.metricBodies {
		var req struct {
			StartTime, EndTime float64
			ScanBy             string
			MetricDataQueries  []struct {
				MetricStat struct {
					Period int
					Stat   string
				}
			}
		}
		json.Unmarshal(body, &req)
		if req.EndTime-req.StartTime != 3*3600 || time.Since(time.Unix(int64(req.EndTime), 0)) > time.Minute || len(req.MetricDataQueries) != 4 ||
			req.MetricDataQueries[0].MetricStat.Period != 60 || req.MetricDataQueries[0].MetricStat.Stat != "Average" {
			t.Errorf("GetMetricData request: %s", body)
		}
	}

	// Offline: the same page from the saved answers, AWS not asked.
	dir := t.TempDir()
	v1, v2 := writeVerifyFiles(t, dir)
	out := filepath.Join(dir, "offline.html")
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9") // nothing listens there
	code, _, errOut := dgenRun(t, nil, "report", "--input", saved, "--out", out, "--verify", v1, "--verify", v2)
	if code != ExitOK {
		t.Fatalf("dgen report --input: exit %d: %s", code, errOut)
	}
	if n := len(fake.asked()); n != asked {
		t.Errorf("the rebuild asked AWS %d times", n-asked)
	}
	offline, _ := os.ReadFile(out)
	offFacts := readPage(t, offline)
	if !strings.Contains(offFacts.Header, "saved answers in "+saved) {
		t.Errorf("offline header: %q", offFacts.Header)
	}
	offFacts.Header, facts.Header = "", ""
	if !reflect.DeepEqual(facts, offFacts) {
		t.Errorf("the rebuilt report differs:\nlive    %+v\noffline %+v", facts, offFacts)
	}
}

// TestReportLabConfigPricesItsClasses: --lab names the classes priced.
func TestReportLabConfigPricesItsClasses(t *testing.T) {
	labFile := filepath.Join(t.TempDir(), "lab.json")
	os.WriteFile(labFile, []byte(`{"dms":{"instanceClass":"dms.t3.medium"},"aurora":{"instanceClass":"db.r6g.large"}}`), 0o644)
	lab := newReportLab(time.Now().UTC().Truncate(time.Minute))
	page, _, _ := buildReport(t, lab, "--lab", labFile)
	cfg, err := settings.LoadConfig(labFile, true)
	if err != nil {
		t.Fatal(err)
	}
	checkCost(t, readPage(t, page), lab, cfg)
}

func TestReportBadInput(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.json")
	os.WriteFile(bad, []byte(`{"not":"verify"}`), 0o644)
	for _, args := range [][]string{
		{"--hours", "0"}, {"--hours", "337"}, {"--hours", "x"}, {"--out", ""},
		{"--input", filepath.Join(dir, "missing")}, {"--input", dir, "--save", dir},
		{"--input", dir, "--verify", bad}, {"--input", dir, "--lab", filepath.Join(dir, "missing.json")},
	} {
		code, _, errOut := dgenRun(t, nil, append([]string{"report"}, args...)...)
		if code != ExitUsage {
			t.Errorf("report %v: exit %d, want %d: %s", args, code, ExitUsage, errOut)
		}
	}
	// Saved answers of another project are refused, not shown as "none found".
	os.WriteFile(filepath.Join(dir, "report-meta.json"), []byte(`{"at":"2025-11-25T10:00:00Z","project":"otherlab","hours":3}`), 0o644)
	code, _, errOut := dgenRun(t, nil, "report", "--input", dir, "--out", filepath.Join(dir, "r.html"))
	if code != ExitUsage || !strings.Contains(errOut, "saved for Project=otherlab") {
		t.Errorf("another project's answers: exit %d: %s", code, errOut)
	}
	os.Remove(filepath.Join(dir, "report-meta.json"))
	// An input directory without the saved answers names the missing file.
	code, _, errOut = dgenRun(t, nil, "report", "--input", dir, "--out", filepath.Join(dir, "r.html"))
	if code != ExitFailure || !strings.Contains(errOut, "describe-replication-tasks.json") {
		t.Errorf("empty input: exit %d: %s", code, errOut)
	}
}

// pageFacts is what a report page shows, read from its DOM.
type pageFacts struct {
	Title, Header string
	CSP           string                       // the page's Content-Security-Policy
	Tasks         map[string]string            // task -> status
	Fields        map[string]string            // "task/field" or "task/TABLE/field" -> text
	Series        map[string]*seriesFacts      // "task/metric"
	Legend        map[string]string            // "task/metric" -> text
	Verify        map[string]map[string]string // "target/TABLE" -> field -> text ("blocks": differing blocks)
	Cost          map[string]string
	Outside       []string // whatever would load something from elsewhere
}

type seriesFacts struct {
	DataPoints string   // the group's data-points attribute
	Polyline   int      // points in its polyline
	Values     []string // the circles' data-value, in order
	Titles     []string // the circles' titles
}

func attr(n *html.Node, key string) (string, bool) {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val, true
		}
	}
	return "", false
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.Join(strings.Fields(b.String()), " ")
}

// readPage parses a page (as written, or as Chromium's DOM dump).
func readPage(t *testing.T, page []byte) *pageFacts {
	t.Helper()
	doc, err := html.Parse(bytes.NewReader(page))
	if err != nil {
		t.Fatal(err)
	}
	f := &pageFacts{Tasks: map[string]string{}, Fields: map[string]string{}, Series: map[string]*seriesFacts{},
		Legend: map[string]string{}, Verify: map[string]map[string]string{}, Cost: map[string]string{}}
	type ctx struct {
		task, table, verifyKey string
		series                 *seriesFacts
		inCost                 bool
	}
	outside := func(format string, args ...any) { f.Outside = append(f.Outside, fmt.Sprintf(format, args...)) }
	checkCSS := func(where, css string) {
		low := strings.ToLower(css)
		for _, bad := range []string{"@import", "url(", "http:", "https:", "@font-face"} {
			if strings.Contains(low, bad) {
				outside("%s holds %s", where, bad)
			}
		}
	}
	var walk func(n *html.Node, c ctx)
	walk = func(n *html.Node, c ctx) {
		if n.Type == html.ElementNode {
			switch n.DataAtom {
			case atom.Script, atom.Iframe, atom.Object, atom.Embed, atom.Img, atom.Link, atom.Base, atom.Audio, atom.Video, atom.Source, atom.Frame:
				outside("<%s>", n.Data)
			case atom.Style:
				checkCSS("<style>", textOf(n))
			case atom.Title:
				if n.Parent != nil && n.Parent.DataAtom == atom.Head {
					f.Title = textOf(n)
				}
			case atom.Meta:
				if v, ok := attr(n, "http-equiv"); ok {
					if strings.EqualFold(v, "Content-Security-Policy") {
						f.CSP, _ = attr(n, "content")
					} else {
						outside("<meta http-equiv=%s>", v)
					}
				}
			}
			if n.Data == "image" || n.Data == "use" || n.Data == "foreignObject" || n.Data == "foreignobject" {
				outside("<%s>", n.Data)
			}
			for _, a := range n.Attr {
				key := strings.ToLower(a.Key)
				switch {
				case key == "src" || key == "href" || key == "srcset" || key == "poster" || key == "action" || key == "formaction" || key == "background" || key == "ping" || (key == "data" && n.DataAtom == atom.Object):
					outside("%s=%q on <%s>", a.Key, a.Val, n.Data)
				case a.Namespace == "xlink" || strings.HasPrefix(key, "xlink:"):
					outside("xlink %s=%q", a.Key, a.Val)
				case key == "style":
					checkCSS("style attribute", a.Val)
				case strings.HasPrefix(key, "on"):
					outside("event handler %s", a.Key)
				}
			}
			if id, ok := attr(n, "data-task"); ok {
				c.task = id
			}
			if tb, ok := attr(n, "data-table"); ok {
				c.table = tb
			}
			if n.DataAtom == atom.Header {
				f.Header = textOf(n)
			}
			if id, _ := attr(n, "id"); id == "cost" {
				c.inCost = true
			}
			if tg, ok := attr(n, "data-verify-target"); ok {
				tb, _ := attr(n, "data-verify-table")
				c.verifyKey = tg + "/" + tb
				f.Verify[c.verifyKey] = map[string]string{}
			}
			if c.verifyKey != "" {
				if _, ok := attr(n, "data-block"); ok {
					f.Verify[c.verifyKey]["blocks"] += textOf(n) + ";"
				}
			}
			if field, ok := attr(n, "data-field"); ok {
				switch {
				case c.verifyKey != "":
					f.Verify[c.verifyKey][field] = textOf(n)
				case c.inCost:
					f.Cost[field] = textOf(n)
				case field == "status" && c.task != "":
					f.Tasks[c.task] = textOf(n)
				case c.table != "":
					f.Fields[c.task+"/"+c.table+"/"+field] = textOf(n)
				default:
					f.Fields[c.task+"/"+field] = textOf(n)
				}
			}
			if m, ok := attr(n, "data-metric"); ok && c.task != "" {
				if n.Data == "g" {
					dp, _ := attr(n, "data-points")
					c.series = &seriesFacts{DataPoints: dp}
					f.Series[c.task+"/"+m] = c.series
				} else if n.DataAtom == atom.Li {
					f.Legend[c.task+"/"+m] = textOf(n)
				}
			}
			if c.series != nil {
				switch n.Data {
				case "polyline":
					pts, _ := attr(n, "points")
					c.series.Polyline = len(strings.Fields(pts))
				case "circle":
					v, _ := attr(n, "data-value")
					c.series.Values = append(c.series.Values, v)
					c.series.Titles = append(c.series.Titles, textOf(n))
				}
			}
		}
		for ch := n.FirstChild; ch != nil; ch = ch.NextSibling {
			walk(ch, c)
		}
	}
	walk(doc, ctx{})
	return f
}

// checkReport compares a page's facts with what the fake served.
func checkReport(t *testing.T, f *pageFacts, lab *reportLab, cfg *settings.Config) {
	t.Helper()
	if len(f.Outside) > 0 {
		t.Errorf("the page would load from elsewhere: %v", f.Outside)
	}
	// Besides having nothing to load, the page forbids the browser to load anything but inline styles.
	if f.CSP != "default-src 'none'; style-src 'unsafe-inline'" {
		t.Errorf("Content-Security-Policy %q", f.CSP)
	}
	if !strings.Contains(f.Title, "DMS lab dmslab") {
		t.Errorf("title %q", f.Title)
	}
	want := map[string]string{}
	for _, tk := range lab.tasks {
		want[tk.id] = tk.status
	}
	if !reflect.DeepEqual(f.Tasks, want) {
		t.Errorf("tasks %v, want %v (and not the other project's)", f.Tasks, want)
	}
	group := func(n int64) string { return strconv.FormatInt(n, 10) }
	for _, tk := range lab.tasks {
		if got, want := f.Fields[tk.id+"/created"], lab.created.Add(time.Minute).Format("2006-01-02 15:04:05")+" UTC"; got != want {
			t.Errorf("%s created %q, want %q", tk.id, got, want)
		}
		if tk.status == "stopped" {
			if got, want := f.Fields[tk.id+"/stopped"], lab.at.Add(-30*time.Minute).Format("2006-01-02 15:04:05")+" UTC"; got != want {
				t.Errorf("%s stopped %q, want %q", tk.id, got, want)
			}
		}
		for _, tb := range tk.tables {
			key := tk.id + "/" + tb.name + "/"
			if got := strings.ReplaceAll(f.Fields[key+"full-load-rows"], ",", ""); got != group(tb.rows) {
				t.Errorf("%s full-load rows %q, want %d", key, got, tb.rows)
			}
			if got := f.Fields[key+"load-time"]; got != fmtDurationForTest(tb.load) {
				t.Errorf("%s load time %q, want %s", key, got, tb.load)
			}
			for field, n := range map[string]int64{"inserts": tb.inserts, "updates": tb.updates, "deletes": tb.deletes} {
				if got := strings.ReplaceAll(f.Fields[key+field], ",", ""); got != group(n) {
					t.Errorf("%s %s %q, want %d", key, field, got, n)
				}
			}
		}
		for metric, vals := range tk.metrics {
			s := f.Series[tk.id+"/"+metric]
			if s == nil {
				t.Errorf("%s: no chart series %s", tk.id, metric)
				continue
			}
			var wantVals []string
			for _, v := range vals {
				wantVals = append(wantVals, strconv.FormatFloat(v, 'g', -1, 64))
			}
			if s.DataPoints != strconv.Itoa(len(vals)) || len(s.Values) != len(vals) || s.Polyline != len(vals) || !reflect.DeepEqual(s.Values, wantVals) && len(vals) > 0 {
				t.Errorf("%s %s: %d circles, %d polyline points, data-points %s, values %v; served %d: %v", tk.id, metric, len(s.Values), s.Polyline, s.DataPoints, s.Values, len(vals), wantVals)
			}
			for i, title := range s.Titles {
				wantTitle := fmt.Sprintf("%s %s UTC: %s", metric, lab.pointTime(len(vals), i).Format("15:04"), strconv.FormatFloat(vals[i], 'f', -1, 64))
				if !strings.HasPrefix(title, wantTitle) {
					t.Errorf("%s point %d titled %q, want %q...", metric, i, title, wantTitle)
				}
			}
			legend := f.Legend[tk.id+"/"+metric]
			if len(vals) > 0 && !strings.Contains(legend, "latest "+strconv.FormatFloat(vals[len(vals)-1], 'f', -1, 64)) {
				t.Errorf("%s %s legend %q lacks the latest value %v", tk.id, metric, legend, vals[len(vals)-1])
			}
		}
	}
	// Verify: the later file's Aurora results, the earlier file's S3 result.
	wantVerify := map[string]map[string]string{
		auroraTarget + "/TABLE1": {"verify-rows": "100,002", "verify-blocks": "3", "verify-result": "equal"},
		auroraTarget + "/TABLE2": {"verify-rows": "250,000", "verify-blocks": "3", "verify-result": "equal"},
		auroraTarget + "/TABLE3": {"verify-rows": "12,345", "verify-blocks": "2", "verify-result": "equal"},
		s3Target + "/TABLE1":     {"verify-rows": "100,000", "verify-blocks": "3", "verify-result": "differs", "blocks": "block 3: source 30,000 rows, target 29,990 rows;"},
	}
	if !reflect.DeepEqual(f.Verify, wantVerify) {
		t.Errorf("verify:\n got %v\nwant %v", f.Verify, wantVerify)
	}
	checkCost(t, f, lab, cfg)
}

func checkCost(t *testing.T, f *pageFacts, lab *reportLab, cfg *settings.Config) {
	t.Helper()
	est := preflight.Estimate(preflight.DefaultPrices(), cfg, cfg.SourceRegion, "us-east-1")
	if got, want := f.Cost["cost-per-hour"], strconv.FormatFloat(est.PerHour, 'f', 4, 64); got != want {
		t.Errorf("cost per hour %q, want %q", got, want)
	}
	if got := f.Cost["cost-hours"]; got != "10.0" {
		t.Errorf("hours %q, want 10.0 (since the instance's creation)", got)
	}
	got, _ := strconv.ParseFloat(f.Cost["cost-so-far"], 64)
	if want := 10 * est.PerHour; got < want-0.011 || got > want+0.011 {
		t.Errorf("cost so far %q, want about %.2f", f.Cost["cost-so-far"], want)
	}
}

// fmtDurationForTest is how the page shows a table's load time.
func fmtDurationForTest(d time.Duration) string {
	if d < time.Minute {
		return strconv.FormatFloat(d.Seconds(), 'f', -1, 64) + " s"
	}
	return fmt.Sprintf("%dm %02ds", int(d.Minutes()), int(d.Seconds())%60)
}
