// Package report is dgen report: the lab's DMS tasks, their tables, CDC
// latency and throughput charts, the latest verify results and the cost so
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
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	dms "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice"
	dmstypes "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice/types"

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

// Task is one DMS task of the lab.
type Task struct {
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
	// Latency and Throughput are the two charts' series, in Metrics' order.
	Latency, Throughput []Series
	// MetricsMessage is what CloudWatch said about a partial answer.
	MetricsMessage string
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

// Metric is a DMS task metric a chart draws.
type Metric struct {
	ID, Name, Unit string
	Latency        bool // on the latency chart, else the throughput chart
}

// Metrics are the task metrics the report asks CloudWatch for. DMS
// publishes them under ReplicationInstanceIdentifier (the instance's name)
// and ReplicationTaskIdentifier (the task's resource identifier, the last
// part of its ARN).
var Metrics = []Metric{
	{"latency_source", "CDCLatencySource", "seconds", true},
	{"latency_target", "CDCLatencyTarget", "seconds", true},
	{"rows_target", "CDCThroughputRowsTarget", "rows/s", false},
	{"incoming", "CDCIncomingChanges", "changes", false},
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

// Collect gathers the report of the tasks tagged Project=o.Project.
func Collect(ctx context.Context, src Source, o Options) (*Report, error) {
	r := &Report{Project: o.Project, Region: o.Region, At: o.At.UTC(), Hours: o.Hours, Offline: o.Offline, Verify: o.Verify}
	tasksOut, err := src.DescribeReplicationTasks(ctx)
	if err != nil {
		return nil, err
	}
	if len(tasksOut.ReplicationTasks) == 0 {
		return r, nil
	}
	arns := make([]string, len(tasksOut.ReplicationTasks))
	for i, t := range tasksOut.ReplicationTasks {
		arns[i] = aws.ToString(t.ReplicationTaskArn)
	}
	tags, err := src.ListTagsForResource(ctx, arns)
	if err != nil {
		return nil, err
	}
	ours := map[string]bool{}
	for _, tg := range tags.TagList {
		if aws.ToString(tg.Key) == "Project" && aws.ToString(tg.Value) == o.Project {
			ours[aws.ToString(tg.ResourceArn)] = true
		}
	}
	var lab []dmstypes.ReplicationTask
	var instanceArns []string
	for _, t := range tasksOut.ReplicationTasks {
		if !ours[aws.ToString(t.ReplicationTaskArn)] {
			continue
		}
		lab = append(lab, t)
		if a := aws.ToString(t.ReplicationInstanceArn); a != "" && !contains(instanceArns, a) {
			instanceArns = append(instanceArns, a)
		}
	}
	if len(lab) == 0 {
		return r, nil
	}
	sort.Slice(lab, func(i, j int) bool {
		return aws.ToString(lab[i].ReplicationTaskIdentifier) < aws.ToString(lab[j].ReplicationTaskIdentifier)
	})
	instOut := &dms.DescribeReplicationInstancesOutput{}
	if len(instanceArns) > 0 {
		if instOut, err = src.DescribeReplicationInstances(ctx, instanceArns); err != nil {
			return nil, err
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
		task, err := collectTask(ctx, src, t, names[aws.ToString(t.ReplicationInstanceArn)], r.At, o.Hours)
		if err != nil {
			return nil, err
		}
		r.Tasks = append(r.Tasks, task)
	}
	if o.Lab != nil {
		prices := o.Prices
		if prices == nil {
			prices = preflight.DefaultPrices()
		}
		r.Cost = costSoFar(prices, o.Lab, o.Region, r.Instances, r.At)
	}
	return r, nil
}

func collectTask(ctx context.Context, src Source, t dmstypes.ReplicationTask, instance string, at time.Time, hours int) (Task, error) {
	arn := aws.ToString(t.ReplicationTaskArn)
	task := Task{
		ID: aws.ToString(t.ReplicationTaskIdentifier), Arn: arn, ResourceID: ResourceID(arn), Status: aws.ToString(t.Status),
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
	for _, st := range stats.TableStatistics {
		task.Tables = append(task.Tables, Table{
			Schema: aws.ToString(st.SchemaName), Name: aws.ToString(st.TableName), State: aws.ToString(st.TableState),
			FullLoadRows: st.FullLoadRows, FullLoadErrorRows: st.FullLoadErrorRows,
			FullLoadStart: utc(st.FullLoadStartTime), FullLoadEnd: utc(st.FullLoadEndTime),
			Inserts: st.Inserts, Updates: st.Updates, Deletes: st.Deletes, Validation: aws.ToString(st.ValidationState),
		})
	}
	sort.Slice(task.Tables, func(i, j int) bool {
		a, b := task.Tables[i], task.Tables[j]
		return a.Schema+"."+a.Name < b.Schema+"."+b.Name
	})
	if instance == "" {
		task.MetricsMessage = "The task's replication instance was not found, so CloudWatch was not asked for its metrics."
		for _, m := range Metrics {
			if m.Latency {
				task.Latency = append(task.Latency, Series{Metric: m.Name, Unit: m.Unit})
			} else {
				task.Throughput = append(task.Throughput, Series{Metric: m.Name, Unit: m.Unit})
			}
		}
		return task, nil
	}
	metrics, err := src.GetMetricData(ctx, fileID, MetricQuery(instance, task.ResourceID, at, hours))
	if err != nil {
		return task, err
	}
	byID := map[string]cwtypes.MetricDataResult{}
	for _, res := range metrics.MetricDataResults {
		byID[aws.ToString(res.Id)] = res
	}
	for _, m := range Metrics {
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
		if m.Latency {
			task.Latency = append(task.Latency, s)
		} else {
			task.Throughput = append(task.Throughput, s)
		}
	}
	return task, nil
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

// Cost is the lab's estimated cost so far.
type Cost struct {
	Currency string
	AsOf     string // the price table's date
	PerHour  float64
	Since    time.Time // the replication instance's creation
	Instance string
	Hours    float64
	SoFar    float64
	// Classes names the configured classes priced, Unpriced the lines
	// without a price (left out of PerHour).
	Classes  string
	Unpriced int
	Source   string // region of Oracle and the host
	Target   string // region of DMS and Aurora
}

// LabConfig reads the lab's configuration from path, or gives the lab's
// defaults (settings.DefaultConfig) when path is "".
func LabConfig(path string) (*settings.Config, error) {
	if path == "" {
		return settings.DefaultConfig(), nil
	}
	return settings.LoadConfig(path, true)
}

// costSoFar is the hours since the earliest of the lab's replication
// instances was created, times the preflight's cost per hour of the
// configured lab.
func costSoFar(t *preflight.PriceTable, lab *settings.Config, region string, instances []Instance, at time.Time) *Cost {
	var since *time.Time
	var inst string
	for _, i := range instances {
		if i.Created != nil && (since == nil || i.Created.Before(*since)) {
			since, inst = i.Created, i.ID
		}
	}
	if since == nil {
		return nil
	}
	target := lab.TargetRegion
	if region != "" {
		target = region
	}
	est := preflight.Estimate(t, lab, lab.SourceRegion, target)
	hours := max(at.Sub(*since).Hours(), 0)
	return &Cost{
		Currency: est.Currency, AsOf: est.AsOf, PerHour: est.PerHour, Since: *since, Instance: inst,
		Hours: hours, SoFar: hours * est.PerHour, Unpriced: est.Unpriced, Source: lab.SourceRegion, Target: target,
		Classes: fmt.Sprintf("Oracle %s, Aurora %s, DMS %s, EC2 %s", lab.Oracle.InstanceClass, lab.Aurora.InstanceClass, lab.DMS.InstanceClass, lab.GeneratorInstanceType),
	}
}
