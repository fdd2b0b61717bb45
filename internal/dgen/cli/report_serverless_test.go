package cli

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dmslab/dmslab/internal/preflight"
	"github.com/dmslab/dmslab/settings"
)

// deprovisionedS3 makes the lab's S3 replication stopped 60 hours ago and
// deprovisioned 12 hours ago, with no series in CloudWatch any more.
func deprovisionedS3(lab *serverlessLab) *fakeReplication {
	s3 := &lab.reps[2]
	s3.status, s3.provision, s3.units, s3.stopReason = "stopped", "deprovisioned", 0, "Stop Reason NORMAL"
	s3.stopped, s3.deprovision = lab.at.Add(-60*time.Hour), lab.at.Add(-12*time.Hour)
	s3.metrics = map[string][]float64{}
	return s3
}

// buildServerlessReport runs dgen report against the fake with --save.
func buildServerlessReport(t *testing.T, lab *serverlessLab) (page []byte, saved string, fake *reportFake) {
	t.Helper()
	fake = fakeServerlessAWS(t, lab)
	dir := t.TempDir()
	saved, out := filepath.Join(dir, "saved"), filepath.Join(dir, "report.html")
	code, stdout, errOut := dgenRun(t, nil, "report", "--out", out, "--save", saved)
	if code != ExitOK || !strings.Contains(stdout, "wrote "+out+": 2 DMS Serverless replications of Project=dmslab") {
		t.Fatalf("dgen report: exit %d\n%s%s", code, stdout, errOut)
	}
	page, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	return page, saved, fake
}

// The report of a serverless lab, one replication running and one
// deprovisioned: every number against what the fake served, the series
// read under the dimension each replication's series carry, the capacity
// chart, the deprovisioned one said so without its statistics; then the
// same page rebuilt offline from the saved answers.
func TestReportServerless(t *testing.T) {
	lab := runningServerlessLab(time.Now().UTC().Truncate(time.Minute))
	s3 := deprovisionedS3(lab)
	page, saved, fake := buildServerlessReport(t, lab)
	if keep := os.Getenv("DMSLAB_REPORT_SERVERLESS_HTML"); keep != "" {
		os.WriteFile(keep, page, 0o644)
	}
	f := readPage(t, page)
	checkServerlessReport(t, f, lab)

	// One ListMetrics per metric for both replications; GetMetricData only
	// for the one with series, each metric under its series' dimension.
	if n := askedFor(fake, "ListMetrics"); n != 5 {
		t.Errorf("%d ListMetrics calls, want 5", n)
	}
	if len(fake.metricBodies) != 1 {
		t.Fatalf("%d GetMetricData calls, want 1", len(fake.metricBodies))
	}
	var req struct {
		StartTime, EndTime float64
		MetricDataQueries  []struct {
			Id         string
			MetricStat struct {
				Metric struct {
					MetricName string
					Dimensions []struct{ Name, Value string }
				}
				Period int
			}
		}
	}
	json.Unmarshal(fake.metricBodies[0], &req)
	if req.EndTime-req.StartTime != 3*3600 || len(req.MetricDataQueries) != 5 {
		t.Errorf("GetMetricData request: %s", fake.metricBodies[0])
	}
	for _, q := range req.MetricDataQueries {
		d := q.MetricStat.Metric.Dimensions
		if len(d) != 1 || d[0].Name != "ReplicationConfigId" || d[0].Value != "123456789012:dmslab-pg" || q.MetricStat.Period != 60 {
			t.Errorf("query %s: %+v", q.Id, q.MetricStat)
		}
	}

	for _, name := range []string{"describe-replication-tasks.json", "describe-replication-configs.json", "list-tags-for-resource.json",
		"describe-replications.json", "describe-replication-table-statistics-dmslab-oracle-to-aurora.json",
		"list-metrics-CDCLatencySource.json", "list-metrics-CapacityUtilization.json",
		"get-metric-data-replication-dmslab-oracle-to-aurora.json", "report-meta.json"} {
		if _, err := os.Stat(filepath.Join(saved, name)); err != nil {
			t.Errorf("not saved: %v", err)
		}
	}
	if _, err := os.Stat(filepath.Join(saved, "describe-replication-table-statistics-dmslab-oracle-to-s3.json")); err == nil {
		t.Errorf("statistics saved for the deprovisioned %s", s3.id)
	}

	// Offline: the same page, AWS not asked.
	asked := len(fake.asked())
	t.Setenv("AWS_ENDPOINT_URL", "http://127.0.0.1:9")
	out := filepath.Join(t.TempDir(), "offline.html")
	code, stdout, errOut := dgenRun(t, nil, "report", "--input", saved, "--out", out)
	if code != ExitOK || !strings.Contains(stdout, "2 DMS Serverless replications") {
		t.Fatalf("dgen report --input: exit %d: %s%s", code, stdout, errOut)
	}
	if n := len(fake.asked()); n != asked {
		t.Errorf("the rebuild asked AWS %d times", n-asked)
	}
	offline, _ := os.ReadFile(out)
	off := readPage(t, offline)
	off.Header, f.Header = "", ""
	if !reflect.DeepEqual(f, off) {
		t.Errorf("the rebuilt report differs:\nlive    %+v\noffline %+v", f, off)
	}
}

func checkServerlessReport(t *testing.T, f *pageFacts, lab *serverlessLab) {
	t.Helper()
	pg, s3 := lab.reps[1], lab.reps[2]
	if len(f.Outside) > 0 {
		t.Errorf("the page would load from elsewhere: %v", f.Outside)
	}
	if want := map[string]string{pg.id: "running", s3.id: "stopped"}; !reflect.DeepEqual(f.Tasks, want) {
		t.Errorf("replications %v, want %v (and not the other project's)", f.Tasks, want)
	}
	stamp := func(tm time.Time) string { return tm.UTC().Format("2006-01-02 15:04:05") + " UTC" }
	for key, want := range map[string]string{
		pg.id + "/capacity":    "2 DCU provisioned (bounds 1 to 4 DCU), provision state provisioned",
		pg.id + "/provisioned": stamp(lab.created.Add(90 * time.Second)),
		pg.id + "/created":     stamp(lab.created.Add(time.Minute)),
		s3.id + "/capacity":    "no capacity provisioned (bounds 2 to 8 DCU, Multi-AZ), provision state deprovisioned",
		s3.id + "/deprovision": stamp(s3.deprovision),
		s3.id + "/stopped":     stamp(s3.stopped),
		s3.id + "/no-tables":   "DMS no longer has table statistics for this replication: they went with its capacity when it was deprovisioned.",
	} {
		if got := f.Fields[key]; got != want {
			t.Errorf("%s = %q, want %q", key, got, want)
		}
	}
	if note := f.Fields[s3.id+"/note"]; !strings.HasPrefix(note, "deprovisioned on "+minuteStamp(s3.deprovision)+": DMS released this replication's capacity") {
		t.Errorf("deprovisioned note %q", note)
	}
	if _, ok := f.Fields[pg.id+"/note"]; ok {
		t.Errorf("a note on the running replication: %q", f.Fields[pg.id+"/note"])
	}
	for _, tb := range pg.tables {
		key := pg.id + "/" + tb.name + "/"
		if got := strings.ReplaceAll(f.Fields[key+"full-load-rows"], ",", ""); got != strconv.FormatInt(tb.rows, 10) {
			t.Errorf("%s full-load rows %q, want %d", key, got, tb.rows)
		}
		if got := f.Fields[key+"load-time"]; got != fmtDurationForTest(tb.load) {
			t.Errorf("%s load time %q, want %s", key, got, tb.load)
		}
		if got := f.Fields[key+"inserts"]; got != strconv.FormatInt(tb.inserts, 10) {
			t.Errorf("%s inserts %q, want %d", key, got, tb.inserts)
		}
	}
	// Every metric of the running replication, the capacity chart's too.
	for metric, vals := range pg.metrics {
		s := f.Series[pg.id+"/"+metric]
		if s == nil {
			t.Errorf("no series %s", metric)
			continue
		}
		var want []string
		for _, v := range vals {
			want = append(want, strconv.FormatFloat(v, 'g', -1, 64))
		}
		if s.DataPoints != strconv.Itoa(len(vals)) || !reflect.DeepEqual(s.Values, want) {
			t.Errorf("%s: data-points %s, values %v; served %v", metric, s.DataPoints, s.Values, want)
		}
		for i, title := range s.Titles {
			if w := fmt.Sprintf("%s %s UTC: %s", metric, lab.pointTime(len(vals), i).Format("15:04"), strconv.FormatFloat(vals[i], 'f', -1, 64)); !strings.HasPrefix(title, w) {
				t.Errorf("%s point %d titled %q, want %q...", metric, i, title, w)
			}
		}
	}
	if l := f.Legend[pg.id+"/CapacityUtilization"]; !strings.Contains(l, "CapacityUtilization (percent): latest 40, max 41") {
		t.Errorf("capacity legend %q", l)
	}
	// The deprovisioned one: its charts are there, empty.
	for _, metric := range []string{"CDCLatencySource", "CapacityUtilization"} {
		if s := f.Series[s3.id+"/"+metric]; s == nil || s.DataPoints != "0" {
			t.Errorf("%s %s: %+v", s3.id, metric, s)
		}
	}
	// Cost: since the configurations were created, at the bounds DMS was given.
	priced := settings.DefaultConfig()
	priced.DMS.Serverless = &settings.DMSServerlessConfig{MinCapacityUnits: 1, MaxCapacityUnits: 4}
	est := preflight.Estimate(preflight.DefaultPrices(), priced, priced.SourceRegion, "us-east-1")
	// The table has no DCU-hour figure: DMS is left out and the page says
	// why, with no "at maximum capacity" figure equal to the minimum's.
	if f.Cost["cost-hours"] != "10.0" || f.Cost["cost-per-hour"] != strconv.FormatFloat(est.PerHour, 'f', 4, 64) ||
		!strings.HasPrefix(f.Cost["cost-unknown"], "DMS Serverless, per DCU-hour: price unknown: not found") || f.Cost["cost-per-hour-at-max"] != "" {
		t.Errorf("cost %v, want 10.0 hours at %v", f.Cost, est.PerHour)
	}
}
