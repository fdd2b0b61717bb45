package report

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	dmstypes "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice/types"

	"github.com/dmslab/dmslab/internal/dgen/dmsstatus"
)

// ServerlessMetrics are the replication metrics the report charts in DMS
// Serverless mode, from the User Guide's table of serverless metrics: the
// same CDC latency and throughput as a task's, and, since there is no
// instance whose CPU and memory to watch, CapacityUtilization (the share
// of the provisioned DCUs in use). The series are found by
// dmsstatus.FindSeries, not under a dimension assumed here.
var ServerlessMetrics = []Metric{
	{"latency_source", "CDCLatencySource", "seconds", true, false},
	{"latency_target", "CDCLatencyTarget", "seconds", true, false},
	{"rows_target", "CDCThroughputRowsTarget", "rows/s", false, false},
	{"incoming", "CDCIncomingChanges", "changes", false, false},
	{"capacity", "CapacityUtilization", "percent", false, true},
}

// collectReplications adds the lab's serverless replications to r: one
// per replication configuration tagged with the project.
func collectReplications(ctx context.Context, src Source, r *Report, configs []dmstypes.ReplicationConfig, ours map[string]bool) error {
	var lab []dmstypes.ReplicationConfig
	var arns []string
	for _, rc := range configs {
		if ours[aws.ToString(rc.ReplicationConfigArn)] {
			lab = append(lab, rc)
			arns = append(arns, aws.ToString(rc.ReplicationConfigArn))
		}
	}
	if len(lab) == 0 {
		return nil
	}
	sort.Slice(lab, func(i, j int) bool {
		return aws.ToString(lab[i].ReplicationConfigIdentifier) < aws.ToString(lab[j].ReplicationConfigIdentifier)
	})
	out, err := src.DescribeReplications(ctx, arns)
	if err != nil {
		return err
	}
	reps := map[string]dmstypes.Replication{}
	for _, rep := range out.Replications {
		reps[aws.ToString(rep.ReplicationConfigArn)] = rep
	}
	series := map[string][]cwtypes.Metric{} // ListMetrics' answer per metric, for both replications
	for _, rc := range lab {
		rep, started := reps[aws.ToString(rc.ReplicationConfigArn)]
		task, err := collectReplication(ctx, src, rc, rep, started, series, r.At, r.Hours)
		if err != nil {
			return err
		}
		r.Tasks = append(r.Tasks, task)
	}
	return nil
}

func collectReplication(ctx context.Context, src Source, rc dmstypes.ReplicationConfig, rep dmstypes.Replication, started bool,
	series map[string][]cwtypes.Metric, at time.Time, hours int) (Task, error) {
	st := dmsstatus.Replication(rc, rep, started, at)
	arn := aws.ToString(rc.ReplicationConfigArn)
	task := Task{
		Mode: dmsstatus.ModeServerless, ID: st.ID, Arn: arn, ResourceID: ResourceID(arn), Status: st.Status,
		MigrationType: string(rc.ReplicationType), StopReason: st.StopReason, LastFailure: strings.Join(st.FailureMessages, "; "),
		Created: utc(rep.ReplicationCreateTime), ConfigCreated: utc(rc.ReplicationConfigCreateTime), Serverless: &st.Serverless,
	}
	if task.Created == nil {
		task.Created = task.ConfigCreated
	}
	if p := rep.ProvisionData; p != nil {
		task.Provisioned = utc(p.DateProvisioned)
	}
	if s := rep.ReplicationStats; s != nil {
		task.FullLoadPercent, task.TablesLoaded, task.TablesLoading, task.TablesQueued, task.TablesErrored = s.FullLoadProgressPercent, s.TablesLoaded, s.TablesLoading, s.TablesQueued, s.TablesErrored
		task.Started, task.FullLoadStarted, task.FullLoadFinished, task.Stopped = utc(s.StartDate), utc(s.FullLoadStartDate), utc(s.FullLoadFinishDate), utc(s.StopDate)
		task.Elapsed = time.Duration(s.ElapsedTimeMillis) * time.Millisecond
	}
	if task.Stopped == nil && st.Status != "running" {
		task.Stopped = st.LastStopTime
	}
	fileID := safeName(task.ID)
	if started && !st.Deprovisioned {
		stats, err := src.DescribeReplicationTableStatistics(ctx, fileID, arn)
		if err != nil {
			return task, err
		}
		task.Tables = tables(stats.ReplicationTableStatistics)
	}
	empty := func(message string) (Task, error) {
		task.MetricsMessage = message
		for _, m := range ServerlessMetrics {
			task.addChartSeries(m, Series{Metric: m.Name, Unit: m.Unit})
		}
		return task, nil
	}
	if !started {
		return empty("The replication was never started, so it has no metrics.")
	}
	found := map[string]cwtypes.Metric{}
	var missing []string
	for _, m := range ServerlessMetrics {
		list, ok := series[m.Name]
		if !ok {
			out, err := src.ListMetrics(ctx, m.Name)
			if err != nil {
				return task, err
			}
			list = out.Metrics
			series[m.Name] = list
		}
		if s, ok := dmsstatus.FindSeries(list, task.ResourceID, arn); ok {
			found[m.ID] = s
		} else {
			missing = append(missing, m.Name)
		}
	}
	if len(found) == 0 {
		return empty(fmt.Sprintf("CloudWatch lists no series of this replication's metrics (none under a dimension naming %s).", task.ResourceID))
	}
	metrics, err := src.GetMetricData(ctx, fmt.Sprintf(replicationMetricsID, fileID), ServerlessMetricQuery(found, at, hours))
	if err != nil {
		return task, err
	}
	addSeries(&task, ServerlessMetrics, metrics)
	if len(missing) > 0 && task.MetricsMessage == "" {
		task.MetricsMessage = "CloudWatch lists no series of " + strings.Join(missing, ", ") + " for this replication."
	}
	return task, nil
}

// ServerlessMetricQuery is the GetMetricData request for a replication's
// charts, each metric under the dimensions its series was found with.
func ServerlessMetricQuery(found map[string]cwtypes.Metric, at time.Time, hours int) *cloudwatch.GetMetricDataInput {
	in := &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(at.Add(-time.Duration(hours) * time.Hour)),
		EndTime:   aws.Time(at),
		ScanBy:    cwtypes.ScanByTimestampAscending,
	}
	for _, m := range ServerlessMetrics {
		s, ok := found[m.ID]
		if !ok {
			continue
		}
		in.MetricDataQueries = append(in.MetricDataQueries, cwtypes.MetricDataQuery{
			Id:         aws.String(m.ID),
			Label:      aws.String(m.Name),
			MetricStat: &cwtypes.MetricStat{Metric: &s, Period: aws.Int32(Period(hours)), Stat: aws.String("Average")},
		})
	}
	return in
}

// tables is DMS's table statistics as the page shows them, by schema and name.
func tables(stats []dmstypes.TableStatistics) []Table {
	var out []Table
	for _, st := range stats {
		out = append(out, Table{
			Schema: aws.ToString(st.SchemaName), Name: aws.ToString(st.TableName), State: aws.ToString(st.TableState),
			FullLoadRows: st.FullLoadRows, FullLoadErrorRows: st.FullLoadErrorRows,
			FullLoadStart: utc(st.FullLoadStartTime), FullLoadEnd: utc(st.FullLoadEndTime),
			Inserts: st.Inserts, Updates: st.Updates, Deletes: st.Deletes, Validation: aws.ToString(st.ValidationState),
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Schema+"."+out[i].Name < out[j].Schema+"."+out[j].Name })
	return out
}

// CapacityText says what DMS provisioned for a replication: units, bounds
// and state; "" for a task.
func (t Task) CapacityText() string {
	s := t.Serverless
	if s == nil {
		return ""
	}
	var b strings.Builder
	switch {
	case s.Deprovisioned:
		b.WriteString("no capacity provisioned")
	case s.CapacityUnits != nil:
		fmt.Fprintf(&b, "%d DCU provisioned", *s.CapacityUnits)
	default:
		b.WriteString("no capacity provisioned yet")
	}
	if s.MinCapacityUnits != nil && s.MaxCapacityUnits != nil {
		fmt.Fprintf(&b, " (bounds %d to %d DCU", *s.MinCapacityUnits, *s.MaxCapacityUnits)
		if s.MultiAZ != nil && *s.MultiAZ {
			b.WriteString(", Multi-AZ")
		}
		b.WriteString(")")
	}
	if s.ProvisionState != "" {
		b.WriteString(", provision state " + s.ProvisionState)
	}
	return b.String()
}
