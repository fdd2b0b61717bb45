package report

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"github.com/dmslab/dmslab/settings"
)

// AWS CLI output of the same calls (ISO 8601 times, as `aws dms ...
// --output json` prints them) reads like the SDK's.
func TestDirReadsTheAWSCLIsOutput(t *testing.T) {
	dir := t.TempDir()
	files := map[string]string{
		FileTasks: `{"ReplicationTasks": [{"ReplicationTaskIdentifier": "lab-task", "ReplicationTaskArn": "arn:aws:dms:us-east-1:1:task:RESID",
			"Status": "running", "MigrationType": "full-load-and-cdc", "ReplicationInstanceArn": "arn:aws:dms:us-east-1:1:rep:INST",
			"ReplicationTaskCreationDate": "2025-11-25T08:00:00.123000+00:00", "ReplicationTaskStartDate": "2025-11-25T08:01:00+00:00",
			"ReplicationTaskStats": {"FullLoadProgressPercent": 100, "ElapsedTimeMillis": 7200000, "TablesLoaded": 1,
			"FullLoadStartDate": "2025-11-25T08:02:00+00:00", "FullLoadFinishDate": "2025-11-25T08:05:30+00:00"}}]}`,
		FileTags:      `{"TagList": [{"Key": "Project", "Value": "lab", "ResourceArn": "arn:aws:dms:us-east-1:1:task:RESID"}]}`,
		FileInstances: `{"ReplicationInstances": [{"ReplicationInstanceIdentifier": "lab-dms", "ReplicationInstanceArn": "arn:aws:dms:us-east-1:1:rep:INST", "ReplicationInstanceClass": "dms.t3.small", "InstanceCreateTime": "2025-11-25T07:00:00+00:00"}]}`,
		"describe-table-statistics-lab-task.json": `{"TableStatistics": [{"SchemaName": "ADMIN", "TableName": "TABLE1", "FullLoadRows": 4242,
			"FullLoadStartTime": "2025-11-25T08:02:00+00:00", "FullLoadEndTime": "2025-11-25T08:03:01+00:00", "TableState": "Table completed"}]}`,
		"get-metric-data-lab-task.json": `{"MetricDataResults": [{"Id": "latency_source", "Label": "CDCLatencySource",
			"Timestamps": ["2025-11-25T09:59:00+00:00", "2025-11-25T09:58:00+00:00"], "Values": [3.5, 7.0], "StatusCode": "Complete"}]}`,
		FileMeta: `{"at": "2025-11-25T10:00:00Z", "region": "us-east-1", "hours": 1}`,
	}
	for name, body := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	meta, ok, err := Dir(dir).Meta()
	if err != nil || !ok || meta.Hours != 1 {
		t.Fatalf("meta %+v %v %v", meta, ok, err)
	}
	at, _ := time.Parse(time.RFC3339, meta.At)
	r, err := Collect(context.Background(), Dir(dir), Options{Project: "lab", Region: "us-east-1", At: at, Hours: 1, Offline: dir, Lab: settings.DefaultConfig()})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Tasks) != 1 {
		t.Fatalf("tasks: %+v", r.Tasks)
	}
	tk := r.Tasks[0]
	if tk.ResourceID != "RESID" || tk.Instance != "lab-dms" || tk.Created.Format(time.RFC3339Nano) != "2025-11-25T08:00:00.123Z" {
		t.Errorf("task %+v", tk)
	}
	if len(tk.Tables) != 1 || tk.Tables[0].FullLoadRows != 4242 || tk.Tables[0].FullLoadTime() != 61*time.Second {
		t.Errorf("tables %+v", tk.Tables)
	}
	src := tk.Latency[0]
	if src.Metric != "CDCLatencySource" || len(src.Points) != 2 || src.Points[0].V != 7 || src.Points[1].V != 3.5 {
		t.Errorf("latency, oldest first: %+v", src)
	}
	if r.Cost == nil || r.Cost.Hours != 3 || r.Cost.AsOf == "" {
		t.Errorf("cost %+v", r.Cost)
	}
}

// Whatever AWS or a verify file says is text on the page, never markup.
func TestPageEscapesWhatItIsGiven(t *testing.T) {
	evil := `<script>alert(1)</script><img src="http://example.invalid/x.png">`
	at := time.Date(2025, 11, 25, 10, 0, 0, 0, time.UTC)
	created := at.Add(-time.Hour)
	r := &Report{
		Project: evil, Region: "us-east-1", At: at, Hours: 3,
		Instances: []Instance{{ID: evil, Class: evil, Status: evil, Created: &created}},
		Tasks: []Task{{ID: evil, Status: evil, StopReason: evil, LastFailure: evil, Instance: evil, Created: &created,
			Tables:  []Table{{Schema: evil, Name: evil, State: evil, Validation: evil}},
			Latency: []Series{{Metric: evil, Unit: evil, Points: []Point{{T: at.Add(-time.Minute), V: 1}}}}}},
		Verify: &VerifyResults{Files: []string{evil}, Tables: []VerifyTable{{Target: evil, File: evil}}},
		Cost:   &Cost{Currency: evil, Classes: evil, Instance: evil, Since: created},
	}
	var b bytes.Buffer
	if err := Write(&b, r); err != nil {
		t.Fatal(err)
	}
	doc, err := html.Parse(&b)
	if err != nil {
		t.Fatal(err)
	}
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			if n.Data == "script" || n.Data == "img" {
				t.Errorf("the page has a <%s> element", n.Data)
			}
			for _, a := range n.Attr {
				if a.Key == "src" || a.Key == "href" {
					t.Errorf("<%s %s=%q>", n.Data, a.Key, a.Val)
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
}

func TestPeriodKeepsChartsSmall(t *testing.T) {
	for hours, want := range map[int]int32{1: 60, 3: 60, 6: 60, 12: 120, 24: 240, 336: 3360} {
		if got := Period(hours); got != want {
			t.Errorf("Period(%d) = %d, want %d", hours, got, want)
		}
	}
}

func TestNoTasksSaysSo(t *testing.T) {
	var b bytes.Buffer
	if err := Write(&b, &Report{Project: "lab", Region: "eu-west-1", At: time.Now(), Hours: 3}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(b.String(), "No DMS task tagged <code>Project=lab</code> was found in eu-west-1") {
		t.Errorf("page without tasks:\n%s", b.String())
	}
}

// A task whose instance DMS no longer lists is shown without metrics, and
// CloudWatch is not asked with an empty dimension.
func TestTaskWithoutItsInstance(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		FileTasks:                          `{"ReplicationTasks":[{"ReplicationTaskIdentifier":"t","ReplicationTaskArn":"arn:aws:dms:us-east-1:1:task:T","Status":"stopped","ReplicationInstanceArn":"arn:aws:dms:us-east-1:1:rep:GONE"}]}`,
		FileTags:                           `{"TagList":[{"Key":"Project","Value":"lab","ResourceArn":"arn:aws:dms:us-east-1:1:task:T"}]}`,
		FileInstances:                      `{"ReplicationInstances":[]}`,
		"describe-table-statistics-t.json": `{"TableStatistics":[]}`,
	} {
		os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644)
	}
	r, err := Collect(context.Background(), Dir(dir), Options{Project: "lab", At: time.Now(), Hours: 3, Lab: settings.DefaultConfig()})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Tasks) != 1 || r.Tasks[0].MetricsMessage == "" || len(r.Tasks[0].Latency) != 2 || r.Cost != nil {
		t.Errorf("report %+v", r)
	}
	var b bytes.Buffer
	if err := Write(&b, r); err != nil || !strings.Contains(b.String(), "no datapoints in this window") {
		t.Errorf("page: %v\n%s", err, b.String())
	}
}
