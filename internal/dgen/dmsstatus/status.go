// Package dmsstatus is the lab's DMS work as dgen status shows it: it
// finds the tasks (on a replication instance) or the DMS Serverless
// replications tagged with the lab's Project, reads their progress, table
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

// TaskStatus is one DMS task of the lab, or one DMS Serverless
// replication, as status shows it. The fields after Tables are a
// serverless replication's only; a task leaves them out of its JSON.
type TaskStatus struct {
	// Mode is ModeInstance for a task on a replication instance,
	// ModeServerless for a DMS Serverless replication.
	Mode             string        `json:"mode"`
	ID               string        `json:"id"`
	Arn              string        `json:"arn"`
	Status           string        `json:"status"`
	FullLoadPercent  int32         `json:"full_load_percent"`
	TablesLoaded     int32         `json:"tables_loaded"`
	TablesErrored    int32         `json:"tables_errored"`
	CDCLatencySource *float64      `json:"cdc_latency_source_seconds"`
	CDCLatencyTarget *float64      `json:"cdc_latency_target_seconds"`
	Tables           []TableStatus `json:"tables"`
	Serverless
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
	// Now is the clock (nil: time.Now): the latency window ends there, and
	// a replication whose deprovisioning time has passed is deprovisioned.
	Now func() time.Time
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
	ours := Tagged(tags.TagList, project)
	instances := map[string]string{} // ARN -> identifier, for the metric dimensions
	var out []TaskStatus
	for _, t := range tasks {
		arn := aws.ToString(t.ReplicationTaskArn)
		if !ours[arn] {
			continue
		}
		ts := TaskStatus{Mode: ModeInstance, ID: aws.ToString(t.ReplicationTaskIdentifier), Arn: arn, Status: aws.ToString(t.Status)}
		if s := t.ReplicationTaskStats; s != nil {
			ts.FullLoadPercent, ts.TablesLoaded, ts.TablesErrored = s.FullLoadProgressPercent, s.TablesLoaded, s.TablesErrored
		}
		stats, err := c.DMS.DescribeTableStatistics(ctx, &dms.DescribeTableStatisticsInput{ReplicationTaskArn: aws.String(arn)})
		if err != nil {
			return nil, fmt.Errorf("table statistics of %s: %w", ts.ID, err)
		}
		ts.Tables = tableStatuses(stats.TableStatistics, totals)
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

// Tagged is the set of ARNs tagged Project=project.
func Tagged(tags []dmstypes.Tag, project string) map[string]bool {
	ours := map[string]bool{}
	for _, tg := range tags {
		if aws.ToString(tg.Key) == "Project" && aws.ToString(tg.Value) == project {
			ours[aws.ToString(tg.ResourceArn)] = true
		}
	}
	return ours
}

// tableStatuses is DMS's table statistics (of a task or a serverless
// replication, the same shape) with the source's row counts, by table.
func tableStatuses(stats []dmstypes.TableStatistics, totals map[string]int64) []TableStatus {
	var out []TableStatus
	for _, st := range stats {
		name := aws.ToString(st.TableName)
		total := int64(-1)
		if n, ok := totals[strings.ToUpper(name)]; ok {
			total = n
		}
		out = append(out, TableStatus{
			Table: name, State: aws.ToString(st.TableState), Loaded: st.FullLoadRows, Total: total,
			Inserts: st.Inserts, Updates: st.Updates, Deletes: st.Deletes, Validation: aws.ToString(st.ValidationState),
		})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Table < out[j].Table })
	return out
}

// resourceID is the last part of a DMS ARN, which CloudWatch's
// ReplicationTaskIdentifier dimension uses.
func resourceID(arn string) string {
	return arn[strings.LastIndex(arn, ":")+1:]
}

// latency reads the latest CDCLatencySource and CDCLatencyTarget of a task
// over the last ten minutes; nil when there is no datapoint yet.
func (c *Client) latency(ctx context.Context, instance, task string) (*float64, *float64, error) {
	query := func(id, metric string) cwtypes.MetricDataQuery {
		return cwtypes.MetricDataQuery{
			Id: aws.String(id),
			MetricStat: &cwtypes.MetricStat{
				Metric: &cwtypes.Metric{
					Namespace:  aws.String(Namespace),
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
	return c.latestOf(ctx, task, []cwtypes.MetricDataQuery{query("source", "CDCLatencySource"), query("target", "CDCLatencyTarget")})
}
