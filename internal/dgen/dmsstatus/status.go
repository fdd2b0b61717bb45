// Package dmsstatus is the lab's DMS tasks as dgen status shows them: it
// finds the tasks tagged with the lab's Project, reads their progress, table
// statistics and CDC latency (DMS and CloudWatch), and draws them as text.
//
// It may import the AWS SDK's DMS and CloudWatch clients. It must not
// import store, an engine package, connect or verify (the source's row
// counts come in as a map), nor know flags, environment variables or exit
// codes; it writes only to the io.Writer it is given.
package dmsstatus

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwschemas "github.com/aws/aws-sdk-go-v2/service/cloudwatch/schemas"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	dms "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice"
	dmstypes "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice/types"
	"github.com/aws/smithy-go/transport/http/protocol/awsjson"
)

// TaskStatus is one DMS task of the lab as status shows it.
type TaskStatus struct {
	ID               string        `json:"id"`
	Arn              string        `json:"arn"`
	Status           string        `json:"status"`
	FullLoadPercent  int32         `json:"full_load_percent"`
	TablesLoaded     int32         `json:"tables_loaded"`
	TablesErrored    int32         `json:"tables_errored"`
	CDCLatencySource *float64      `json:"cdc_latency_source_seconds"`
	CDCLatencyTarget *float64      `json:"cdc_latency_target_seconds"`
	Tables           []TableStatus `json:"tables"`
}

// TableStatus is one table of a task.
type TableStatus struct {
	Table      string `json:"table"`
	State      string `json:"state"`
	Loaded     int64  `json:"full_load_rows"`
	Total      int64  `json:"source_rows"` // -1 when the source was not asked
	Inserts    int64  `json:"inserts"`
	Updates    int64  `json:"updates"`
	Deletes    int64  `json:"deletes"`
	Validation string `json:"validation_state"`
}

// Client holds the two AWS clients status uses. CloudWatch is asked
// through its JSON protocol, like DMS.
type Client struct {
	DMS        *dms.Client
	CloudWatch *cloudwatch.Client
}

// NewClient makes the clients from cfg.
func NewClient(cfg aws.Config) *Client {
	return &Client{
		DMS: dms.NewFromConfig(cfg),
		CloudWatch: cloudwatch.NewFromConfig(cfg, func(o *cloudwatch.Options) {
			o.Protocol = awsjson.New10(cwschemas.GraniteServiceVersion20100801)
		}),
	}
}

// LabTasks finds the tasks tagged Project=project, with their progress,
// table statistics and CDC latency. totals, when not nil, gives each
// table's row count on the source.
func (c *Client) LabTasks(ctx context.Context, project string, totals map[string]int64) ([]TaskStatus, error) {
	var tasks []dmstypes.ReplicationTask
	p := dms.NewDescribeReplicationTasksPaginator(c.DMS, &dms.DescribeReplicationTasksInput{WithoutSettings: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("describe replication tasks: %w", err)
		}
		tasks = append(tasks, page.ReplicationTasks...)
	}
	if len(tasks) == 0 {
		return nil, nil
	}
	arns := make([]string, len(tasks))
	for i, t := range tasks {
		arns[i] = aws.ToString(t.ReplicationTaskArn)
	}
	tags, err := c.DMS.ListTagsForResource(ctx, &dms.ListTagsForResourceInput{ResourceArnList: arns})
	if err != nil {
		return nil, fmt.Errorf("list tags: %w", err)
	}
	ours := map[string]bool{}
	for _, tg := range tags.TagList {
		if aws.ToString(tg.Key) == "Project" && aws.ToString(tg.Value) == project {
			ours[aws.ToString(tg.ResourceArn)] = true
		}
	}
	instances := map[string]string{} // ARN -> identifier, for the metric dimensions
	var out []TaskStatus
	for _, t := range tasks {
		arn := aws.ToString(t.ReplicationTaskArn)
		if !ours[arn] {
			continue
		}
		ts := TaskStatus{ID: aws.ToString(t.ReplicationTaskIdentifier), Arn: arn, Status: aws.ToString(t.Status)}
		if s := t.ReplicationTaskStats; s != nil {
			ts.FullLoadPercent, ts.TablesLoaded, ts.TablesErrored = s.FullLoadProgressPercent, s.TablesLoaded, s.TablesErrored
		}
		stats, err := c.DMS.DescribeTableStatistics(ctx, &dms.DescribeTableStatisticsInput{ReplicationTaskArn: aws.String(arn)})
		if err != nil {
			return nil, fmt.Errorf("table statistics of %s: %w", ts.ID, err)
		}
		for _, st := range stats.TableStatistics {
			name := aws.ToString(st.TableName)
			total := int64(-1)
			if n, ok := totals[strings.ToUpper(name)]; ok {
				total = n
			}
			ts.Tables = append(ts.Tables, TableStatus{
				Table: name, State: aws.ToString(st.TableState), Loaded: st.FullLoadRows, Total: total,
				Inserts: st.Inserts, Updates: st.Updates, Deletes: st.Deletes, Validation: aws.ToString(st.ValidationState),
			})
		}
		sort.Slice(ts.Tables, func(i, j int) bool { return ts.Tables[i].Table < ts.Tables[j].Table })
		instanceArn := aws.ToString(t.ReplicationInstanceArn)
		if _, ok := instances[instanceArn]; !ok {
			ri, err := c.DMS.DescribeReplicationInstances(ctx, &dms.DescribeReplicationInstancesInput{
				Filters: []dmstypes.Filter{{Name: aws.String("replication-instance-arn"), Values: []string{instanceArn}}},
			})
			if err != nil {
				return nil, fmt.Errorf("describe replication instance: %w", err)
			}
			if len(ri.ReplicationInstances) > 0 {
				instances[instanceArn] = aws.ToString(ri.ReplicationInstances[0].ReplicationInstanceIdentifier)
			}
		}
		ts.CDCLatencySource, ts.CDCLatencyTarget, err = c.latency(ctx, instances[instanceArn], resourceID(arn))
		if err != nil {
			return nil, err
		}
		out = append(out, ts)
	}
	return out, nil
}

// resourceID is the last part of a DMS ARN, which CloudWatch's
// ReplicationTaskIdentifier dimension uses.
func resourceID(arn string) string {
	return arn[strings.LastIndex(arn, ":")+1:]
}

// latency reads the latest CDCLatencySource and CDCLatencyTarget of a task
// over the last ten minutes; nil when there is no datapoint yet.
func (c *Client) latency(ctx context.Context, instance, task string) (*float64, *float64, error) {
	now := time.Now()
	query := func(id, metric string) cwtypes.MetricDataQuery {
		return cwtypes.MetricDataQuery{
			Id: aws.String(id),
			MetricStat: &cwtypes.MetricStat{
				Metric: &cwtypes.Metric{
					Namespace:  aws.String("AWS/DMS"),
					MetricName: aws.String(metric),
					Dimensions: []cwtypes.Dimension{
						{Name: aws.String("ReplicationInstanceIdentifier"), Value: aws.String(instance)},
						{Name: aws.String("ReplicationTaskIdentifier"), Value: aws.String(task)},
					},
				},
				Period: aws.Int32(60),
				Stat:   aws.String("Average"),
			},
		}
	}
	out, err := c.CloudWatch.GetMetricData(ctx, &cloudwatch.GetMetricDataInput{
		StartTime:         aws.Time(now.Add(-10 * time.Minute)),
		EndTime:           aws.Time(now),
		ScanBy:            cwtypes.ScanByTimestampDescending,
		MetricDataQueries: []cwtypes.MetricDataQuery{query("source", "CDCLatencySource"), query("target", "CDCLatencyTarget")},
	})
	if err != nil {
		return nil, nil, fmt.Errorf("CDC latency of %s: %w", task, err)
	}
	var src, dst *float64
	for _, r := range out.MetricDataResults {
		if len(r.Values) == 0 {
			continue
		}
		v := r.Values[0] // newest first
		switch aws.ToString(r.Id) {
		case "source":
			src = &v
		case "target":
			dst = &v
		}
	}
	return src, dst, nil
}

// Print draws the tasks as a table with progress bars.
func Print(w io.Writer, project string, tasks []TaskStatus, at time.Time) {
	fmt.Fprintf(w, "DMS tasks tagged Project=%s, %s\n", project, at.Format("15:04:05"))
	if len(tasks) == 0 {
		fmt.Fprintln(w, "  none found (is the lab deployed in this region?)")
	}
	for _, t := range tasks {
		fmt.Fprintf(w, "\n%s  %s  full load %d%%  CDC latency source %s, target %s\n", t.ID, strings.ToUpper(t.Status), t.FullLoadPercent, seconds(t.CDCLatencySource), seconds(t.CDCLatencyTarget))
		for _, tb := range t.Tables {
			total := "?"
			frac := 0.0
			if tb.Total >= 0 {
				total = fmt.Sprint(tb.Total)
				if tb.Total > 0 {
					frac = float64(tb.Loaded) / float64(tb.Total)
				} else {
					frac = 1
				}
			} else if strings.Contains(strings.ToLower(tb.State), "completed") {
				frac = 1
			}
			fmt.Fprintf(w, "  %-7s %s %9d/%-9s ins %-7d upd %-7d del %-7d %-22s validation %s\n", tb.Table, bar(frac, 20), tb.Loaded, total, tb.Inserts, tb.Updates, tb.Deletes, tb.State, orDash(tb.Validation))
		}
	}
}

func bar(frac float64, width int) string {
	frac = max(0, min(frac, 1))
	n := int(frac * float64(width))
	return "[" + strings.Repeat("#", n) + strings.Repeat(".", width-n) + "]"
}

func seconds(v *float64) string {
	if v == nil {
		return "-"
	}
	return fmt.Sprintf("%.0fs", *v)
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}
