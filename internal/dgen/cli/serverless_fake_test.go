package cli

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fakeReplication is one DMS Serverless replication configuration the
// fake serves, with the replication DMS runs for it (when started).
type fakeReplication struct {
	id, resource string // ReplicationConfigIdentifier; ResourceIdentifier, the ARN's last part
	project      string // its Project tag; "" for none
	started      bool   // DMS has a replication for it
	status       string // the replication's Status
	provision    string // ProvisionData.ProvisionState
	units        int    // ProvisionData.ProvisionedCapacityUnits
	min, max     int    // ComputeConfig
	multiAZ      bool
	stopReason   string
	stopped      time.Time // ReplicationLastStopTime; zero: none
	deprovision  time.Time // ReplicationDeprovisionTime; zero: none
	// dimension is the CloudWatch dimension its series carry, name and value.
	dimension [2]string
	tables    []fakeTable
	// points per metric name, as the report's fake serves them.
	metrics map[string][]float64
}

// serverlessLab is a DMS Serverless lab beside other projects' replications.
type serverlessLab struct {
	account     string
	at, created time.Time
	reps        []fakeReplication
}

func (l *serverlessLab) arn(r fakeReplication) string {
	return "arn:aws:dms:us-east-1:" + l.account + ":replication-config:" + r.resource
}

// pointTime: as the instance lab's, every 15 minutes up to 5 minutes before at.
func (l *serverlessLab) pointTime(n, i int) time.Time {
	return l.at.Add(-5*time.Minute - time.Duration(n-1-i)*15*time.Minute)
}

// runningServerlessLab is Project=dmslab running in DMS Serverless, its
// series under the two dimension namings seen for serverless metrics
// (the account-prefixed resource identifier, and the configuration's
// ARN), beside another project's replication and an untagged one.
func runningServerlessLab(at time.Time) *serverlessLab {
	const acct = "123456789012"
	return &serverlessLab{account: acct, at: at, created: at.Add(-10 * time.Hour), reps: []fakeReplication{
		// Another project's, listed first, with a resource identifier that
		// ends like the lab's.
		{id: "other-oracle-to-aurora", resource: "olddmslab-pg", project: "other", started: true, status: "running",
			provision: "provisioned", units: 16, min: 16, max: 16,
			dimension: [2]string{"ReplicationConfigId", acct + ":olddmslab-pg"},
			metrics:   map[string][]float64{"CDCLatencySource": {99}, "CDCLatencyTarget": {98}}},
		{id: "dmslab-oracle-to-aurora", resource: "dmslab-pg", project: "dmslab", started: true, status: "running",
			provision: "provisioned", units: 2, min: 1, max: 4,
			dimension: [2]string{"ReplicationConfigId", acct + ":dmslab-pg"},
			tables:    []fakeTable{{"TABLE1", 100000, 95 * time.Second, 512, 240, 31}, {"TABLE2", 250000, 4*time.Minute + 10*time.Second, 380, 110, 12}},
			metrics: map[string][]float64{
				"CDCLatencySource": {3, 4.5, 2}, "CDCLatencyTarget": {6, 5, 4.5},
				"CDCThroughputRowsTarget": {9.5, 10.5}, "CDCIncomingChanges": {0, 3, 6, 9}, "CapacityUtilization": {41, 38.5, 40},
			}},
		{id: "dmslab-oracle-to-s3", resource: "dmslab-s3", project: "dmslab", started: true, status: "running",
			provision: "provisioned", units: 4, min: 2, max: 8, multiAZ: true,
			dimension: [2]string{"ReplicationConfigArn", "arn:aws:dms:us-east-1:" + acct + ":replication-config:dmslab-s3"},
			tables:    []fakeTable{{"TABLE1", 100000, 70 * time.Second, 500, 200, 30}},
			metrics: map[string][]float64{
				"CDCLatencySource": {1, 7}, "CDCLatencyTarget": {12, 11}, "CDCThroughputRowsTarget": {0.25},
				"CDCIncomingChanges": {}, "CapacityUtilization": {60, 75},
			}},
		{id: "untagged", resource: "untagged-res", started: false, min: 1, max: 2},
	}}
}

// fakeServerlessAWS serves lab over DMS's JSON 1.1 and CloudWatch's JSON
// 1.0 protocols with bodies shaped like the API references' (DMS
// DescribeReplicationConfigs, DescribeReplications,
// DescribeReplicationTableStatistics, ListTagsForResource; CloudWatch
// ListMetrics, GetMetricData). It fails the test on an unknown call, on
// table statistics asked for a replication that is not the lab's or is
// deprovisioned, and on a metric query whose dimensions name none of the
// lab's series.
func fakeServerlessAWS(t *testing.T, lab *serverlessLab) *reportFake {
	f := &reportFake{}
	byArn := map[string]fakeReplication{}
	for _, r := range lab.reps {
		byArn[lab.arn(r)] = r
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		var in map[string]any
		json.Unmarshal(body, &in)
		target := r.Header.Get("X-Amz-Target")
		f.mu.Lock()
		f.calls = append(f.calls, target)
		if strings.HasSuffix(target, "GetMetricData") {
			f.metricBodies = append(f.metricBodies, body)
		}
		f.mu.Unlock()
		fail := func(format string, args ...any) {
			t.Errorf("fake AWS, %s: "+format, append([]any{target}, args...)...)
			w.WriteHeader(400)
			io.WriteString(w, `{"__type":"InvalidParameterValueException","message":"unexpected request"}`)
		}
		var out string
		switch target {
		case "AmazonDMSv20160101.DescribeReplicationTasks":
			out = `{"ReplicationTasks":[]}`
		case "AmazonDMSv20160101.DescribeReplicationConfigs":
			var list []string
			for _, rp := range lab.reps {
				list = append(list, fmt.Sprintf(`{"ReplicationConfigIdentifier":%q,"ReplicationConfigArn":%q,"ReplicationType":"full-load-and-cdc",
					"SourceEndpointArn":"arn:aws:dms:us-east-1:%s:endpoint:SRC","TargetEndpointArn":"arn:aws:dms:us-east-1:%s:endpoint:DST",
					"ComputeConfig":{"MinCapacityUnits":%d,"MaxCapacityUnits":%d,"MultiAZ":%t,"ReplicationSubnetGroupId":"dmslab-dms","VpcSecurityGroupIds":["sg-0123456789abcdef0"]},
					"ReplicationConfigCreateTime":%s,"ReplicationConfigUpdateTime":%s}`,
					rp.id, lab.arn(rp), lab.account, lab.account, rp.min, rp.max, rp.multiAZ, epoch(lab.created), epoch(lab.created)))
			}
			out = `{"ReplicationConfigs":[` + strings.Join(list, ",") + `]}`
		case "AmazonDMSv20160101.ListTagsForResource":
			var tags []string
			for _, a := range stringsOf(in["ResourceArnList"]) {
				rp, ok := byArn[a]
				if !ok {
					fail("tags of %s, not a replication configuration", a)
					return
				}
				if rp.project != "" {
					tags = append(tags, fmt.Sprintf(`{"Key":"Project","Value":%q,"ResourceArn":%q}`, rp.project, a))
				}
			}
			out = `{"TagList":[` + strings.Join(tags, ",") + `]}`
		case "AmazonDMSv20160101.DescribeReplications":
			arns := filterOf(in, "replication-config-arn")
			var list []string
			for _, a := range arns {
				rp, ok := byArn[a]
				if !ok || rp.project != "dmslab" {
					fail("asked for a replication that is not the lab's: %s", a)
					return
				}
				if rp.started {
					list = append(list, replicationJSON(lab, rp))
				}
			}
			out = `{"Replications":[` + strings.Join(list, ",") + `]}`
		case "AmazonDMSv20160101.DescribeReplicationTableStatistics":
			rp, ok := byArn[fmt.Sprint(in["ReplicationConfigArn"])]
			if !ok || rp.project != "dmslab" || rp.provision == "deprovisioned" {
				fail("table statistics of %v, which is not the lab's or is deprovisioned", in["ReplicationConfigArn"])
				return
			}
			var stats []string
			for i, tb := range rp.tables {
				start := lab.created.Add(3*time.Minute + time.Duration(i)*time.Second)
				stats = append(stats, fmt.Sprintf(`{"SchemaName":"ADMIN","TableName":%q,"Inserts":%d,"Deletes":%d,"Updates":%d,"Ddls":0,"FullLoadRows":%d,"FullLoadErrorRows":0,"FullLoadStartTime":%s,"FullLoadEndTime":%s,"TableState":"Table completed","ValidationState":"Not enabled"}`,
					tb.name, tb.inserts, tb.deletes, tb.updates, tb.rows, epoch(start), epoch(start.Add(tb.load))))
			}
			out = `{"ReplicationConfigArn":"` + lab.arn(rp) + `","ReplicationTableStatistics":[` + strings.Join(stats, ",") + `]}`
		case "GraniteServiceVersion20100801.ListMetrics":
			if in["Namespace"] != "AWS/DMS" || in["MetricName"] == nil {
				fail("ListMetrics without the namespace and metric: %s", body)
				return
			}
			metric := fmt.Sprint(in["MetricName"])
			var list []string
			for _, rp := range lab.reps {
				if _, ok := rp.metrics[metric]; ok {
					list = append(list, fmt.Sprintf(`{"Namespace":"AWS/DMS","MetricName":%q,"Dimensions":[{"Name":%q,"Value":%q}]}`, metric, rp.dimension[0], rp.dimension[1]))
				}
			}
			out = `{"Metrics":[` + strings.Join(list, ",") + `]}`
		case "GraniteServiceVersion20100801.GetMetricData":
			var req struct {
				MetricDataQueries []struct {
					Id         string
					MetricStat struct {
						Metric struct {
							Namespace, MetricName string
							Dimensions            []struct{ Name, Value string }
						}
					}
				}
			}
			json.Unmarshal(body, &req)
			var results []string
			for _, q := range req.MetricDataQueries {
				m := q.MetricStat.Metric
				var rp *fakeReplication
				for i := range lab.reps {
					d := lab.reps[i].dimension
					if len(m.Dimensions) == 1 && m.Dimensions[0].Name == d[0] && m.Dimensions[0].Value == d[1] && lab.reps[i].project == "dmslab" {
						rp = &lab.reps[i]
					}
				}
				if m.Namespace != "AWS/DMS" || rp == nil {
					fail("metric %s of %s under dimensions %v, which name none of the lab's series", m.MetricName, m.Namespace, m.Dimensions)
					return
				}
				vals := rp.metrics[m.MetricName]
				var ts, vs []string
				for i := len(vals) - 1; i >= 0; i-- { // newest first
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

// replicationJSON is one Replication of DescribeReplications.
func replicationJSON(lab *serverlessLab, rp fakeReplication) string {
	stats := fmt.Sprintf(`{"FullLoadProgressPercent":100,"ElapsedTimeMillis":%d,"TablesLoaded":%d,"TablesLoading":0,"TablesQueued":0,"TablesErrored":0,"StartDate":%s,"FullLoadStartDate":%s,"FullLoadFinishDate":%s`,
		lab.at.Sub(lab.created).Milliseconds(), len(rp.tables), epoch(lab.created.Add(2*time.Minute)), epoch(lab.created.Add(3*time.Minute)), epoch(lab.created.Add(9*time.Minute)))
	extra := ""
	if !rp.stopped.IsZero() {
		stats += `,"StopDate":` + epoch(rp.stopped)
		extra += `,"ReplicationLastStopTime":` + epoch(rp.stopped)
	}
	if rp.stopReason != "" {
		extra += fmt.Sprintf(`,"StopReason":%q`, rp.stopReason)
	}
	if !rp.deprovision.IsZero() {
		extra += `,"ReplicationDeprovisionTime":` + epoch(rp.deprovision)
	}
	return fmt.Sprintf(`{"ReplicationConfigIdentifier":%q,"ReplicationConfigArn":%q,"ReplicationType":"full-load-and-cdc","Status":%q,
		"ProvisionData":{"ProvisionState":%q,"ProvisionedCapacityUnits":%d,"DateProvisioned":%s,"IsNewProvisioningAvailable":false},
		"ReplicationCreateTime":%s,"ReplicationUpdateTime":%s,"StartReplicationType":"start-replication"%s,"ReplicationStats":%s}}`,
		rp.id, lab.arn(rp), rp.status, rp.provision, rp.units, epoch(lab.created.Add(90*time.Second)),
		epoch(lab.created.Add(time.Minute)), epoch(lab.created.Add(time.Minute)), extra, stats)
}

// stringsOf reads a JSON list of strings.
func stringsOf(v any) []string {
	var out []string
	list, _ := v.([]any)
	for _, s := range list {
		out = append(out, fmt.Sprint(s))
	}
	return out
}

// filterOf reads the values of a DMS Filters entry.
func filterOf(in map[string]any, name string) []string {
	fs, _ := in["Filters"].([]any)
	for _, f := range fs {
		m, _ := f.(map[string]any)
		if m["Name"] == name {
			return stringsOf(m["Values"])
		}
	}
	return nil
}

// askedFor counts the calls of an operation.
func askedFor(f *reportFake, op string) int {
	return len(slices.DeleteFunc(f.asked(), func(c string) bool { return !strings.HasSuffix(c, "."+op) }))
}
