package cli

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/dmsstatus"
)

const (
	labTask   = "arn:aws:dms:us-east-1:123456789012:task:AURORATASKID"
	otherTask = "arn:aws:dms:us-east-1:123456789012:task:SOMEONEELSE"
	labInst   = "arn:aws:dms:us-east-1:123456789012:rep:INSTANCEID"
)

// fakeAWS answers the DMS (JSON 1.1) and CloudWatch (JSON 1.0) calls that
// status makes, with bodies shaped like those in the API references.
func fakeAWS(t *testing.T) *[]map[string]any { return fakeAWSFor(t, false) }

// fakeAWSFor is fakeAWS for a caller that may describe tasks but, when
// denyServerless, not DMS Serverless replication configurations.
func fakeAWSFor(t *testing.T, denyServerless bool) *[]map[string]any {
	var mu sync.Mutex
	var metricQueries []map[string]any
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var in map[string]any
		json.Unmarshal(body, &in)
		target := r.Header.Get("X-Amz-Target")
		var out string
		switch target {
		case "AmazonDMSv20160101.DescribeReplicationTasks":
			out = `{"ReplicationTasks":[
			  {"ReplicationTaskIdentifier":"dmslab-oracle-to-aurora","ReplicationTaskArn":"` + labTask + `","Status":"running","MigrationType":"full-load-and-cdc","ReplicationInstanceArn":"` + labInst + `",
			   "ReplicationTaskStats":{"FullLoadProgressPercent":100,"ElapsedTimeMillis":120000,"TablesLoaded":3,"TablesLoading":0,"TablesQueued":0,"TablesErrored":0}},
			  {"ReplicationTaskIdentifier":"not-ours","ReplicationTaskArn":"` + otherTask + `","Status":"stopped","ReplicationInstanceArn":"` + labInst + `"}]}`
		case "AmazonDMSv20160101.ListTagsForResource":
			out = `{"TagList":[{"Key":"Project","Value":"dmslab","ResourceArn":"` + labTask + `"},{"Key":"Project","Value":"other","ResourceArn":"` + otherTask + `"}]}`
		case "AmazonDMSv20160101.DescribeTableStatistics":
			if in["ReplicationTaskArn"] != labTask {
				w.WriteHeader(400)
				out = `{"__type":"ResourceNotFoundFault","message":"asked for a task that is not the lab's"}`
				break
			}
			out = `{"ReplicationTaskArn":"` + labTask + `","TableStatistics":[
			  {"SchemaName":"ADMIN","TableName":"TABLE2","Inserts":40,"Deletes":3,"Updates":12,"Ddls":0,"FullLoadRows":900,"FullLoadErrorRows":0,"TableState":"Table completed","ValidationState":"Validated","ValidationPendingRecords":0},
			  {"SchemaName":"ADMIN","TableName":"TABLE1","Inserts":50,"Deletes":5,"Updates":20,"Ddls":0,"FullLoadRows":1000,"FullLoadErrorRows":0,"TableState":"Table completed","ValidationState":"Pending records","ValidationPendingRecords":7}]}`
		case "AmazonDMSv20160101.DescribeReplicationConfigs":
			if denyServerless {
				w.WriteHeader(400)
				out = `{"__type":"AccessDeniedException","message":"User: arn:aws:iam::123456789012:user/ops is not authorized to perform: dms:DescribeReplicationConfigs"}`
				break
			}
			out = `{"ReplicationConfigs":[]}` // an account without DMS Serverless
		case "AmazonDMSv20160101.DescribeReplicationInstances":
			out = `{"ReplicationInstances":[{"ReplicationInstanceIdentifier":"dmslab-dms","ReplicationInstanceArn":"` + labInst + `","ReplicationInstanceStatus":"available"}]}`
		case "GraniteServiceVersion20100801.GetMetricData":
			mu.Lock()
			metricQueries = append(metricQueries, in)
			mu.Unlock()
			out = `{"MetricDataResults":[
			  {"Id":"source","Label":"CDCLatencySource","Timestamps":[1764075600,1764075540],"Values":[2.0,5.0],"StatusCode":"Complete"},
			  {"Id":"target","Label":"CDCLatencyTarget","Timestamps":[1764075600],"Values":[4.5],"StatusCode":"Complete"}]}`
		default:
			w.WriteHeader(400)
			out = `{"__type":"UnknownOperationException"}`
		}
		writeAWSJSON(w, target, out)
	}))
	t.Cleanup(srv.Close)
	fakeAWSEnv(t, "AWS_ENDPOINT_URL", srv.URL)
	return &metricQueries
}

func TestStatusShowsTheLabsTasks(t *testing.T) {
	queries := fakeAWS(t)
	dsn := newDB(t)
	mustRun(t, dsn, "init")
	mustRun(t, dsn, "insert", "-t", "table1", "-n", "1000", "-b", "1")

	code, out, errOut := dgenRun(t, nil, "--dsn", dsn, "--json", "status", "--once")
	if code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var tasks []dmsstatus.TaskStatus
	if err := json.Unmarshal([]byte(out), &tasks); err != nil {
		t.Fatal(err)
	}
	// A task's JSON keeps its keys and gains only "mode".
	for _, key := range []string{`"id"`, `"arn"`, `"status"`, `"full_load_percent"`, `"cdc_latency_source_seconds"`, `"tables"`, `"mode": "instance"`} {
		if !strings.Contains(out, key) {
			t.Errorf("task JSON lacks %s:\n%s", key, out)
		}
	}
	if strings.Contains(out, "provision") || strings.Contains(out, "capacity") {
		t.Errorf("a task's JSON carries serverless fields:\n%s", out)
	}
	if len(tasks) != 1 || tasks[0].Mode != "instance" || tasks[0].ID != "dmslab-oracle-to-aurora" || tasks[0].Status != "running" || tasks[0].FullLoadPercent != 100 {
		t.Fatalf("tasks: %+v", tasks)
	}
	task := tasks[0]
	if task.CDCLatencySource == nil || *task.CDCLatencySource != 2 || task.CDCLatencyTarget == nil || *task.CDCLatencyTarget != 4.5 {
		t.Errorf("latency: %v %v", task.CDCLatencySource, task.CDCLatencyTarget)
	}
	if len(task.Tables) != 2 || task.Tables[0].Table != "TABLE1" {
		t.Fatalf("tables: %+v", task.Tables)
	}
	t1 := task.Tables[0]
	if t1.Loaded != 1000 || t1.Total != 1000 || t1.Inserts != 50 || t1.Updates != 20 || t1.Deletes != 5 || t1.Validation != "Pending records" {
		t.Errorf("TABLE1: %+v", t1)
	}
	// The latency query named the lab's instance and task.
	q, _ := json.Marshal((*queries)[0])
	for _, want := range []string{`"Namespace":"AWS/DMS"`, `"MetricName":"CDCLatencySource"`, `"Value":"dmslab-dms"`, `"Value":"AURORATASKID"`} {
		if !strings.Contains(string(q), want) {
			t.Errorf("GetMetricData request lacks %s: %s", want, q)
		}
	}

	// Text: a line per table with its progress bar.
	code, out, _ = dgenRun(t, nil, "--dsn", dsn, "status", "--once")
	if code != ExitOK || !strings.HasPrefix(out, "DMS tasks tagged Project=dmslab, ") || strings.Contains(out, "DMS Serverless") ||
		!strings.Contains(out, "dmslab-oracle-to-aurora  RUNNING  full load 100%  CDC latency source 2s, target 4s") ||
		!strings.Contains(out, "TABLE1  [####################]      1000/1000") || strings.Contains(out, "not-ours") {
		t.Errorf("text status (exit %d):\n%s", code, out)
	}
	// Another project has no tasks here.
	code, out, _ = dgenRun(t, nil, "status", "--once", "--project", "nobody")
	if code != ExitOK || !strings.Contains(out, "none found") {
		t.Errorf("other project (exit %d): %s", code, out)
	}
}

// writeAWSJSON answers in the JSON protocol of the service the request's
// X-Amz-Target names: CloudWatch (Granite...) speaks JSON 1.0, DMS 1.1.
func writeAWSJSON(w http.ResponseWriter, target, body string) {
	if strings.HasPrefix(target, "Granite") {
		w.Header().Set("Content-Type", "application/x-amz-json-1.0")
	} else {
		w.Header().Set("Content-Type", "application/x-amz-json-1.1")
	}
	io.WriteString(w, body)
}

// A caller allowed to describe tasks but not serverless replications (a
// policy written before DMS Serverless) still sees an instance lab: a lab
// runs DMS one way, and its tasks were found.
func TestStatusOfTasksNeedsNoServerlessPermission(t *testing.T) {
	fakeAWSFor(t, true)
	code, out, errOut := dgenRun(t, nil, "--json", "status", "--once")
	if code != ExitOK || !strings.Contains(out, `"id": "dmslab-oracle-to-aurora"`) {
		t.Fatalf("exit %d: %s%s", code, out, errOut)
	}
	// With no task found, the refusal is the answer: it is reported.
	code, _, errOut = dgenRun(t, nil, "status", "--once", "--project", "nobody")
	if code == ExitOK || !strings.Contains(errOut, "dms:DescribeReplicationConfigs") {
		t.Errorf("denied with no tasks (exit %d): %s", code, errOut)
	}
}
