// Package report is dgen report: the lab's DMS tasks (or DMS Serverless
// replications), their tables, CDC latency and throughput charts (and
// capacity utilization in serverless mode), the latest verify results and the cost so
// far, gathered from DMS and CloudWatch (or from their saved answers) and
// written as one self-contained HTML page: inline CSS, charts in inline
// SVG, no script, and nothing loaded from anywhere.
//
// It may import dmsstatus (the clients dgen status uses), verify (the
// shape of verify's JSON output), internal/preflight (the dated price
// table) and settings (the lab's configured classes). It must not know
// flags, environment variables or exit codes; it writes only to the
// io.Writer and the save directory it is given.
package report

import (
	"context"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	dms "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice"
	dmstypes "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice/types"

	"github.com/dmslab/dmslab/internal/dgen/dmsstatus"
	"github.com/dmslab/dmslab/internal/preflight"
	"github.com/dmslab/dmslab/settings"
)

// Report is everything the page shows.
type Report struct {
	Project string
	Region  string
	// At is when the answers were read; the charts end there.
	At    time.Time
	Hours int
	// Offline is the directory the answers were read from, "" when live.
	Offline   string
	Instances []Instance
	Tasks     []Task
	Verify    *VerifyResults
	Cost      *Cost
}

// Instance is a replication instance one of the lab's tasks runs on.
type Instance struct {
	ID, Arn, Class, Status string
	Created                *time.Time
}

// Task is one DMS task of the lab, or one DMS Serverless replication
// (Mode dmsstatus.ModeServerless, Serverless set, no Instance).
type Task struct {
	Mode                                       string
	ID, Arn, ResourceID, Status, MigrationType string
	StopReason, LastFailure                    string
	Instance                                   string // the instance's identifier
	FullLoadPercent                            int32
	TablesLoaded, TablesLoading                int32
	TablesQueued, TablesErrored                int32
	Created, Started                           *time.Time
	FullLoadStarted, FullLoadFinished, Stopped *time.Time
	Elapsed                                    time.Duration
	Tables                                     []Table
	// Latency and Throughput are the two charts' series, in Metrics'
	// order; Capacity is a serverless replication's third chart.
	Latency, Throughput, Capacity []Series
	// MetricsMessage is what CloudWatch said about a partial answer.
	MetricsMessage string
	// Serverless is a replication's capacity and provisioning; nil for a task.
	Serverless *dmsstatus.Serverless
	// Provisioned is when DMS provisioned a replication's capacity, and
	// ConfigCreated when its configuration was created (the cost's start).
	Provisioned, ConfigCreated *time.Time
}

// Table is one table's statistics in a task.
type Table struct {
	Schema, Name, State string
	FullLoadRows        int64
	FullLoadErrorRows   int64
	FullLoadStart       *time.Time
	FullLoadEnd         *time.Time
	Inserts, Updates    int64
	Deletes             int64
	Validation          string
}

// FullLoadTime is how long the table's full load took; 0 when unknown.
func (t Table) FullLoadTime() time.Duration {
	if t.FullLoadStart == nil || t.FullLoadEnd == nil || t.FullLoadEnd.Before(*t.FullLoadStart) {
		return 0
	}
	return t.FullLoadEnd.Sub(*t.FullLoadStart)
}

// Series is one metric of one task over the window.
type Series struct {
	Metric, Unit string
	Points       []Point
}

// Point is one datapoint.
type Point struct {
	T time.Time
	V float64
}

// Metric is a DMS metric a chart draws.
type Metric struct {
	ID, Name, Unit string
	Latency        bool // on the latency chart, else the throughput chart
	Capacity       bool // on the capacity chart (serverless), not the throughput chart
}

// Metrics are the task metrics the report asks CloudWatch for. DMS
// publishes them under ReplicationInstanceIdentifier (the instance's name)
// and ReplicationTaskIdentifier (the task's resource identifier, the last
// part of its ARN).
var Metrics = []Metric{
	{"latency_source", "CDCLatencySource", "seconds", true, false},
	{"latency_target", "CDCLatencyTarget", "seconds", true, false},
	{"rows_target", "CDCThroughputRowsTarget", "rows/s", false, false},
	{"incoming", "CDCIncomingChanges", "changes", false, false},
}

// Options say what to gather.
type Options struct {
	Project string
	Region  string
	At      time.Time
	Hours   int
	Offline string
	// Lab and Prices give the cost per hour: the lab's configured classes
	// (nil: no cost) and the price table (nil: the preflight's).
	Lab    *settings.Config
	Prices *preflight.PriceTable
	// Verify is the merged verify results, nil when no file was given.
	Verify *VerifyResults
}

// Collect gathers the report of the tasks, or the DMS Serverless
// replications, tagged Project=o.Project.
func Collect(ctx context.Context, src Source, o Options) (*Report, error) {
	r := &Report{Project: o.Project, Region: o.Region, At: o.At.UTC(), Hours: o.Hours, Offline: o.Offline, Verify: o.Verify}
	tasksOut, err := src.DescribeReplicationTasks(ctx)
	if err != nil {
		return nil, err
	}
	configsOut, err := src.DescribeReplicationConfigs(ctx)
	// A caller whose policy predates DMS Serverless may not list
	// replication configurations: the lab's tasks, if any, are the report;
	// the refusal is the answer only when there are none.
	var denied error
	if err != nil && dmsstatus.IsAccessDenied(err) {
		denied, err = err, nil
		configsOut = &dms.DescribeReplicationConfigsOutput{}
	}
	if err != nil {
		return nil, err
	}
	var arns []string
	for _, t := range tasksOut.ReplicationTasks {
		arns = append(arns, aws.ToString(t.ReplicationTaskArn))
	}
	for _, rc := range configsOut.ReplicationConfigs {
		arns = append(arns, aws.ToString(rc.ReplicationConfigArn))
	}
	if len(arns) == 0 {
		return r, denied
	}
	tags, err := src.ListTagsForResource(ctx, arns)
	if err != nil {
		return nil, err
	}
	ours := dmsstatus.Tagged(tags.TagList, o.Project)
	if err := collectTasks(ctx, src, r, tasksOut.ReplicationTasks, ours); err != nil {
		return nil, err
	}
	if err := collectReplications(ctx, src, r, configsOut.ReplicationConfigs, ours); err != nil {
		return nil, err
	}
	if denied != nil && len(r.Tasks) == 0 {
		return nil, denied
	}
	if o.Lab != nil {
		prices := o.Prices
		if prices == nil {
			prices = preflight.DefaultPrices()
		}
		r.Cost = costSoFar(prices, o.Lab, o.Region, r, r.At)
	}
	return r, nil
}

// collectTasks adds the lab's tasks and their instances to r.
func collectTasks(ctx context.Context, src Source, r *Report, tasks []dmstypes.ReplicationTask, ours map[string]bool) error {
	var lab []dmstypes.ReplicationTask
	var instanceArns []string
	for _, t := range tasks {
		if !ours[aws.ToString(t.ReplicationTaskArn)] {
			continue
		}
		lab = append(lab, t)
		if a := aws.ToString(t.ReplicationInstanceArn); a != "" && !contains(instanceArns, a) {
			instanceArns = append(instanceArns, a)
		}
	}
	if len(lab) == 0 {
		return nil
	}
	sort.Slice(lab, func(i, j int) bool {
		return aws.ToString(lab[i].ReplicationTaskIdentifier) < aws.ToString(lab[j].ReplicationTaskIdentifier)
	})
	instOut := &dms.DescribeReplicationInstancesOutput{}
	if len(instanceArns) > 0 {
		var err error
		if instOut, err = src.DescribeReplicationInstances(ctx, instanceArns); err != nil {
			return err
		}
	}
	names := map[string]string{}
	for _, ri := range instOut.ReplicationInstances {
		arn := aws.ToString(ri.ReplicationInstanceArn)
		if !contains(instanceArns, arn) {
			continue
		}
		names[arn] = aws.ToString(ri.ReplicationInstanceIdentifier)
		r.Instances = append(r.Instances, Instance{
			ID: aws.ToString(ri.ReplicationInstanceIdentifier), Arn: arn, Class: aws.ToString(ri.ReplicationInstanceClass),
			Status: aws.ToString(ri.ReplicationInstanceStatus), Created: utc(ri.InstanceCreateTime),
		})
	}
	for _, t := range lab {
		task, err := collectTask(ctx, src, t, names[aws.ToString(t.ReplicationInstanceArn)], r.At, r.Hours)
		if err != nil {
			return err
		}
		r.Tasks = append(r.Tasks, task)
	}
	return nil
}

func collectTask(ctx context.Context, src Source, t dmstypes.ReplicationTask, instance string, at time.Time, hours int) (Task, error) {
	arn := aws.ToString(t.ReplicationTaskArn)
	task := Task{
		Mode: dmsstatus.ModeInstance, ID: aws.ToString(t.ReplicationTaskIdentifier), Arn: arn, ResourceID: ResourceID(arn), Status: aws.ToString(t.Status),
		MigrationType: string(t.MigrationType), StopReason: aws.ToString(t.StopReason), LastFailure: aws.ToString(t.LastFailureMessage),
		Instance: instance, Created: utc(t.ReplicationTaskCreationDate), Started: utc(t.ReplicationTaskStartDate),
	}
	if s := t.ReplicationTaskStats; s != nil {
		task.FullLoadPercent, task.TablesLoaded, task.TablesLoading, task.TablesQueued, task.TablesErrored = s.FullLoadProgressPercent, s.TablesLoaded, s.TablesLoading, s.TablesQueued, s.TablesErrored
		task.FullLoadStarted, task.FullLoadFinished, task.Stopped = utc(s.FullLoadStartDate), utc(s.FullLoadFinishDate), utc(s.StopDate)
		task.Elapsed = time.Duration(s.ElapsedTimeMillis) * time.Millisecond
		if task.Started == nil {
			task.Started = utc(s.StartDate)
		}
	}
	fileID := safeName(task.ID)
	stats, err := src.DescribeTableStatistics(ctx, fileID, arn)
	if err != nil {
		return task, err
	}
	task.Tables = tables(stats.TableStatistics)
	if instance == "" {
		task.MetricsMessage = "The task's replication instance was not found, so CloudWatch was not asked for its metrics."
		for _, m := range Metrics {
			task.addChartSeries(m, Series{Metric: m.Name, Unit: m.Unit})
		}
		return task, nil
	}
	metrics, err := src.GetMetricData(ctx, fileID, MetricQuery(instance, task.ResourceID, at, hours))
	if err != nil {
		return task, err
	}
	addSeries(&task, Metrics, metrics)
	return task, nil
}

// addSeries adds each metric's series from CloudWatch's answer to the
// task's charts, oldest point first.
func addSeries(task *Task, metrics []Metric, out *cloudwatch.GetMetricDataOutput) {
	byID := map[string]cwtypes.MetricDataResult{}
	for _, res := range out.MetricDataResults {
		byID[aws.ToString(res.Id)] = res
	}
	for _, m := range metrics {
		s := Series{Metric: m.Name, Unit: m.Unit}
		res := byID[m.ID]
		for i, ts := range res.Timestamps {
			if i < len(res.Values) {
				s.Points = append(s.Points, Point{T: ts.UTC(), V: res.Values[i]})
			}
		}
		sort.SliceStable(s.Points, func(i, j int) bool { return s.Points[i].T.Before(s.Points[j].T) })
		if res.StatusCode == cwtypes.StatusCodePartialData {
			task.MetricsMessage = "CloudWatch answered with partial data"
		}
		task.addChartSeries(m, s)
	}
}

// addChartSeries puts a series on its metric's chart.
func (t *Task) addChartSeries(m Metric, s Series) {
	switch {
	case m.Latency:
		t.Latency = append(t.Latency, s)
	case m.Capacity:
		t.Capacity = append(t.Capacity, s)
	default:
		t.Throughput = append(t.Throughput, s)
	}
}

// Period is the metrics' period for a window of hours: one minute, or
// longer so that a chart has at most 360 points.
func Period(hours int) int32 {
	p := int32(hours) * 3600 / 360
	p = (p + 59) / 60 * 60
	return max(p, 60)
}

// MetricQuery is the GetMetricData request for one task's charts.
func MetricQuery(instance, taskResourceID string, at time.Time, hours int) *cloudwatch.GetMetricDataInput {
	in := &cloudwatch.GetMetricDataInput{
		StartTime: aws.Time(at.Add(-time.Duration(hours) * time.Hour)),
		EndTime:   aws.Time(at),
		ScanBy:    cwtypes.ScanByTimestampAscending,
	}
	for _, m := range Metrics {
		in.MetricDataQueries = append(in.MetricDataQueries, cwtypes.MetricDataQuery{
			Id:    aws.String(m.ID),
			Label: aws.String(m.Name),
			MetricStat: &cwtypes.MetricStat{
				Metric: &cwtypes.Metric{
					Namespace:  aws.String("AWS/DMS"),
					MetricName: aws.String(m.Name),
					Dimensions: []cwtypes.Dimension{
						{Name: aws.String("ReplicationInstanceIdentifier"), Value: aws.String(instance)},
						{Name: aws.String("ReplicationTaskIdentifier"), Value: aws.String(taskResourceID)},
					},
				},
				Period: aws.Int32(Period(hours)),
				Stat:   aws.String("Average"),
			},
		})
	}
	return in
}

// ResourceID is the last part of a DMS ARN, which CloudWatch's
// ReplicationTaskIdentifier dimension uses.
func ResourceID(arn string) string {
	return arn[strings.LastIndex(arn, ":")+1:]
}

// safeName keeps a task identifier usable as part of a file name.
func safeName(s string) string {
	return strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r == '.' {
			return r
		}
		return '_'
	}, s)
}

func utc(t *time.Time) *time.Time {
	if t == nil || t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
