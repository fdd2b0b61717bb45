package report

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	dms "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice"
	dmstypes "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice/types"

	"github.com/dmslab/dmslab/internal/dgen/dmsstatus"
)

// Source answers the API calls a report makes: Live asks AWS, Dir reads
// the answers saved by an earlier run. Each answer is the SDK's output
// type, whole (pages merged), so a saved file is that output as JSON.
type Source interface {
	DescribeReplicationTasks(ctx context.Context) (*dms.DescribeReplicationTasksOutput, error)
	ListTagsForResource(ctx context.Context, arns []string) (*dms.ListTagsForResourceOutput, error)
	DescribeReplicationInstances(ctx context.Context, arns []string) (*dms.DescribeReplicationInstancesOutput, error)
	// DescribeTableStatistics and GetMetricData are per task; taskID (the
	// task's identifier) names the saved file.
	DescribeTableStatistics(ctx context.Context, taskID, arn string) (*dms.DescribeTableStatisticsOutput, error)
	GetMetricData(ctx context.Context, taskID string, in *cloudwatch.GetMetricDataInput) (*cloudwatch.GetMetricDataOutput, error)

	// DMS Serverless: the replication configurations and their
	// replications; table statistics per replication (id names the
	// saved file); the CloudWatch series of a metric, to find the
	// dimension a replication's series carry.
	DescribeReplicationConfigs(ctx context.Context) (*dms.DescribeReplicationConfigsOutput, error)
	DescribeReplications(ctx context.Context, configArns []string) (*dms.DescribeReplicationsOutput, error)
	DescribeReplicationTableStatistics(ctx context.Context, id, arn string) (*dms.DescribeReplicationTableStatisticsOutput, error)
	ListMetrics(ctx context.Context, metric string) (*cloudwatch.ListMetricsOutput, error)
}

// The saved answers' file names, one per API call (per task for the last two).
const (
	FileTasks      = "describe-replication-tasks.json"
	FileTags       = "list-tags-for-resource.json"
	FileInstances  = "describe-replication-instances.json"
	fileStatsFmt   = "describe-table-statistics-%s.json"
	fileMetricsFmt = "get-metric-data-%s.json"
	// FileMeta is not an API answer: when, where and for what window the
	// answers were read, so a rebuilt report shows the same hours.
	FileMeta = "report-meta.json"
)

// Meta is FileMeta's content.
type Meta struct {
	At      string `json:"at"` // RFC 3339
	Project string `json:"project,omitempty"`
	Region  string `json:"region,omitempty"`
	Hours   int    `json:"hours"`
}

// Live reads DMS and CloudWatch through the clients dgen status uses and,
// when SaveDir is set, writes each answer there.
type Live struct {
	Client  *dmsstatus.Client
	SaveDir string
}

func (l *Live) save(name string, v any) error {
	if l.SaveDir == "" {
		return nil
	}
	return writeJSON(filepath.Join(l.SaveDir, name), v)
}

func writeJSON(path string, v any) error {
	b, err := json.MarshalIndent(v, "", "  ")
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, append(b, '\n'), 0o644); err != nil {
		return fmt.Errorf("save the answer: %w", err)
	}
	return nil
}

func (l *Live) DescribeReplicationTasks(ctx context.Context) (*dms.DescribeReplicationTasksOutput, error) {
	all := &dms.DescribeReplicationTasksOutput{}
	p := dms.NewDescribeReplicationTasksPaginator(l.Client.DMS, &dms.DescribeReplicationTasksInput{WithoutSettings: aws.Bool(true)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("describe replication tasks: %w", err)
		}
		all.ReplicationTasks = append(all.ReplicationTasks, page.ReplicationTasks...)
	}
	return all, l.save(FileTasks, all)
}

func (l *Live) ListTagsForResource(ctx context.Context, arns []string) (*dms.ListTagsForResourceOutput, error) {
	out, err := l.Client.DMS.ListTagsForResource(ctx, &dms.ListTagsForResourceInput{ResourceArnList: arns})
	if err != nil {
		return nil, fmt.Errorf("list tags: %w", err)
	}
	return out, l.save(FileTags, out)
}

func (l *Live) DescribeReplicationInstances(ctx context.Context, arns []string) (*dms.DescribeReplicationInstancesOutput, error) {
	all := &dms.DescribeReplicationInstancesOutput{}
	p := dms.NewDescribeReplicationInstancesPaginator(l.Client.DMS, &dms.DescribeReplicationInstancesInput{
		Filters: []dmstypes.Filter{{Name: aws.String("replication-instance-arn"), Values: arns}},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("describe replication instances: %w", err)
		}
		all.ReplicationInstances = append(all.ReplicationInstances, page.ReplicationInstances...)
	}
	return all, l.save(FileInstances, all)
}

func (l *Live) DescribeTableStatistics(ctx context.Context, taskID, arn string) (*dms.DescribeTableStatisticsOutput, error) {
	all := &dms.DescribeTableStatisticsOutput{ReplicationTaskArn: aws.String(arn)}
	p := dms.NewDescribeTableStatisticsPaginator(l.Client.DMS, &dms.DescribeTableStatisticsInput{ReplicationTaskArn: aws.String(arn)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("table statistics of %s: %w", taskID, err)
		}
		all.TableStatistics = append(all.TableStatistics, page.TableStatistics...)
	}
	return all, l.save(fmt.Sprintf(fileStatsFmt, taskID), all)
}

func (l *Live) GetMetricData(ctx context.Context, taskID string, in *cloudwatch.GetMetricDataInput) (*cloudwatch.GetMetricDataOutput, error) {
	all := &cloudwatch.GetMetricDataOutput{}
	byID := map[string]int{}
	p := cloudwatch.NewGetMetricDataPaginator(l.Client.CloudWatch, in)
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("CloudWatch metrics of %s: %w", taskID, err)
		}
		for _, r := range page.MetricDataResults {
			id := aws.ToString(r.Id)
			if i, ok := byID[id]; ok {
				all.MetricDataResults[i].Timestamps = append(all.MetricDataResults[i].Timestamps, r.Timestamps...)
				all.MetricDataResults[i].Values = append(all.MetricDataResults[i].Values, r.Values...)
				all.MetricDataResults[i].StatusCode = r.StatusCode
				continue
			}
			byID[id] = len(all.MetricDataResults)
			all.MetricDataResults = append(all.MetricDataResults, r)
		}
		all.Messages = append(all.Messages, page.Messages...)
	}
	return all, l.save(fmt.Sprintf(fileMetricsFmt, taskID), all)
}

// Dir reads the answers a run with --save wrote (or any files of the same
// shape, such as the AWS CLI's JSON output of the same calls).
type Dir string

func (d Dir) read(name string, v any) error {
	b, err := os.ReadFile(filepath.Join(string(d), name))
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return fmt.Errorf("%s has no %s (saved answers are written by a run with --save)", d, name)
		}
		return err
	}
	if err := json.Unmarshal(b, v); err != nil {
		return fmt.Errorf("%s: %w", filepath.Join(string(d), name), err)
	}
	return nil
}

func (d Dir) DescribeReplicationTasks(context.Context) (*dms.DescribeReplicationTasksOutput, error) {
	var out dms.DescribeReplicationTasksOutput
	if !d.has(FileTasks) && d.has(FileConfigs) {
		return &out, nil // serverless answers written by hand, without the tasks' empty list
	}
	return &out, d.read(FileTasks, &out)
}

func (d Dir) ListTagsForResource(context.Context, []string) (*dms.ListTagsForResourceOutput, error) {
	var out dms.ListTagsForResourceOutput
	return &out, d.read(FileTags, &out)
}

func (d Dir) DescribeReplicationInstances(context.Context, []string) (*dms.DescribeReplicationInstancesOutput, error) {
	var out dms.DescribeReplicationInstancesOutput
	return &out, d.read(FileInstances, &out)
}

func (d Dir) DescribeTableStatistics(_ context.Context, taskID, _ string) (*dms.DescribeTableStatisticsOutput, error) {
	var out dms.DescribeTableStatisticsOutput
	return &out, d.read(fmt.Sprintf(fileStatsFmt, taskID), &out)
}

func (d Dir) GetMetricData(_ context.Context, taskID string, _ *cloudwatch.GetMetricDataInput) (*cloudwatch.GetMetricDataOutput, error) {
	var out cloudwatch.GetMetricDataOutput
	return &out, d.read(fmt.Sprintf(fileMetricsFmt, taskID), &out)
}

// Meta reads FileMeta; ok is false when the directory has none.
func (d Dir) Meta() (m Meta, ok bool, err error) {
	if _, err := os.Stat(filepath.Join(string(d), FileMeta)); errors.Is(err, fs.ErrNotExist) {
		return m, false, nil
	}
	return m, true, d.read(FileMeta, &m)
}

// SaveMeta writes FileMeta into dir.
func SaveMeta(dir string, m Meta) error {
	return writeJSON(filepath.Join(dir, FileMeta), m)
}
