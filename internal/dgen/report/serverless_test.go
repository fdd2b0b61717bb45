package report

import (
	"bytes"
	"context"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dmslab/dmslab/internal/preflight"
	"github.com/dmslab/dmslab/settings"
)

// Serverless answers in the AWS CLI's shape (ISO times), written by hand
// without the tasks' empty list: read, with the cost priced at both
// capacity bounds when the table has a DCU-hour figure.
func TestServerlessFromHandWrittenAnswers(t *testing.T) {
	dir := t.TempDir()
	const arn = "arn:aws:dms:us-east-1:1:replication-config:lab-pg"
	for name, body := range map[string]string{
		FileConfigs: `{"ReplicationConfigs": [{"ReplicationConfigIdentifier": "lab-oracle-to-aurora", "ReplicationConfigArn": "` + arn + `",
			"ReplicationType": "full-load-and-cdc", "ReplicationConfigCreateTime": "2025-11-25T07:00:00+00:00",
			"ComputeConfig": {"MinCapacityUnits": 2, "MaxCapacityUnits": 8, "MultiAZ": true}}]}`,
		FileTags: `{"TagList": [{"Key": "Project", "Value": "lab", "ResourceArn": "` + arn + `"}]}`,
		FileReplications: `{"Replications": [{"ReplicationConfigIdentifier": "lab-oracle-to-aurora", "ReplicationConfigArn": "` + arn + `",
			"Status": "running", "ReplicationCreateTime": "2025-11-25T07:05:00+00:00",
			"ProvisionData": {"ProvisionState": "provisioned", "ProvisionedCapacityUnits": 4, "DateProvisioned": "2025-11-25T07:20:00+00:00"},
			"ReplicationStats": {"FullLoadProgressPercent": 100, "TablesLoaded": 1, "StartDate": "2025-11-25T07:21:00+00:00"}}]}`,
		"describe-replication-table-statistics-lab-oracle-to-aurora.json": `{"ReplicationTableStatistics": [{"SchemaName": "ADMIN", "TableName": "TABLE1", "FullLoadRows": 4242, "TableState": "Table completed"}]}`,
		"list-metrics-CDCLatencySource.json":                              `{"Metrics": [{"Namespace": "AWS/DMS", "MetricName": "CDCLatencySource", "Dimensions": [{"Name": "ReplicationConfigId", "Value": "1:lab-pg"}]}]}`,
		"list-metrics-CDCLatencyTarget.json":                              `{"Metrics": []}`,
		"list-metrics-CDCThroughputRowsTarget.json":                       `{"Metrics": []}`,
		"list-metrics-CDCIncomingChanges.json":                            `{"Metrics": []}`,
		"list-metrics-CapacityUtilization.json":                           `{"Metrics": [{"Namespace": "AWS/DMS", "MetricName": "CapacityUtilization", "Dimensions": [{"Name": "ReplicationConfigId", "Value": "1:lab-pg"}]}]}`,
		"get-metric-data-replication-lab-oracle-to-aurora.json": `{"MetricDataResults": [{"Id": "capacity", "Label": "CapacityUtilization",
			"Timestamps": ["2025-11-25T09:59:00+00:00"], "Values": [55.5], "StatusCode": "Complete"}]}`,
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	prices := preflight.DefaultPrices()
	for i, p := range prices.Prices {
		if p.Service == "dms-serverless" {
			prices.Prices[i].USD, prices.Prices[i].Unknown = 0.25, "" // a test figure, not AWS's
		}
	}
	at := time.Date(2025, 11, 25, 10, 0, 0, 0, time.UTC)
	r, err := Collect(context.Background(), Dir(dir), Options{Project: "lab", Region: "us-east-1", At: at, Hours: 3, Offline: dir, Lab: settings.DefaultConfig(), Prices: prices})
	if err != nil {
		t.Fatal(err)
	}
	if len(r.Tasks) != 1 || r.Tasks[0].Serverless == nil {
		t.Fatalf("tasks %+v", r.Tasks)
	}
	tk := r.Tasks[0]
	if tk.CapacityText() != "4 DCU provisioned (bounds 2 to 8 DCU, Multi-AZ), provision state provisioned" || tk.Provisioned.Hour() != 7 ||
		len(tk.Tables) != 1 || tk.Tables[0].FullLoadRows != 4242 || len(tk.Capacity) != 1 || len(tk.Capacity[0].Points) != 1 || tk.Capacity[0].Points[0].V != 55.5 {
		t.Errorf("replication %+v", tk)
	}
	if !strings.Contains(tk.MetricsMessage, "no series of CDCLatencyTarget, CDCThroughputRowsTarget, CDCIncomingChanges") {
		t.Errorf("metrics message %q", tk.MetricsMessage)
	}
	// Cost: 3 hours since the configuration, both replications' DCUs
	// twice over (Multi-AZ) at 0.25: 2*2*2 at min and 2*2*8 at max.
	c := r.Cost
	if c == nil || !c.Serverless || c.Hours != 3 || c.PerHourAtMax == nil || c.Unknown != nil {
		t.Fatalf("cost %+v", c)
	}
	if d := *c.PerHourAtMax - c.PerHour; math.Abs(d-(2*2*8-2*2*2)*0.25) > 1e-6 || math.Abs(*c.SoFarAtMax-3**c.PerHourAtMax) > 1e-6 {
		t.Errorf("min %v, max %v: %v apart", c.PerHour, *c.PerHourAtMax, d)
	}
	var b bytes.Buffer
	if err := Write(&b, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"since the replication configuration <code>lab-oracle-to-aurora</code>", "At its maximum capacity throughout", `data-chart="capacity"`} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("page lacks %q", want)
		}
	}
}
