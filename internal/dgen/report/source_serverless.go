package report

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	dms "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice"
	dmstypes "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice/types"

	"github.com/dmslab/dmslab/internal/dgen/dmsstatus"
)

// The saved answers of the DMS Serverless calls.
const (
	FileConfigs          = "describe-replication-configs.json"
	FileReplications     = "describe-replications.json"
	fileReplStatsFmt     = "describe-replication-table-statistics-%s.json"
	fileListMetricsFmt   = "list-metrics-%s.json"
	replicationMetricsID = "replication-%s" // a replication's GetMetricData file, apart from a task's of the same name
)

func (l *Live) DescribeReplicationConfigs(ctx context.Context) (*dms.DescribeReplicationConfigsOutput, error) {
	all := &dms.DescribeReplicationConfigsOutput{}
	p := dms.NewDescribeReplicationConfigsPaginator(l.Client.DMS, &dms.DescribeReplicationConfigsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if dmsstatus.IsNotFound(err) {
			break // DMS may answer the fault for none
		}
		if err != nil {
			return nil, fmt.Errorf("describe replication configs: %w", err)
		}
		all.ReplicationConfigs = append(all.ReplicationConfigs, page.ReplicationConfigs...)
	}
	return all, l.save(FileConfigs, all)
}

func (l *Live) DescribeReplications(ctx context.Context, arns []string) (*dms.DescribeReplicationsOutput, error) {
	all := &dms.DescribeReplicationsOutput{}
	p := dms.NewDescribeReplicationsPaginator(l.Client.DMS, &dms.DescribeReplicationsInput{
		Filters: []dmstypes.Filter{{Name: aws.String("replication-config-arn"), Values: arns}},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if dmsstatus.IsNotFound(err) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("describe replications: %w", err)
		}
		all.Replications = append(all.Replications, page.Replications...)
	}
	return all, l.save(FileReplications, all)
}

// DescribeReplicationTableStatistics saves DMS's "none" (not found, or not
// in a state to say) as an empty list, so a rebuild shows the same page.
func (l *Live) DescribeReplicationTableStatistics(ctx context.Context, id, arn string) (*dms.DescribeReplicationTableStatisticsOutput, error) {
	all := &dms.DescribeReplicationTableStatisticsOutput{ReplicationConfigArn: aws.String(arn)}
	p := dms.NewDescribeReplicationTableStatisticsPaginator(l.Client.DMS, &dms.DescribeReplicationTableStatisticsInput{ReplicationConfigArn: aws.String(arn)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if dmsstatus.IsNotFound(err) || dmsstatus.IsInvalidState(err) {
			all.ReplicationTableStatistics = nil
			break
		}
		if err != nil {
			return nil, fmt.Errorf("table statistics of %s: %w", id, err)
		}
		all.ReplicationTableStatistics = append(all.ReplicationTableStatistics, page.ReplicationTableStatistics...)
	}
	return all, l.save(fmt.Sprintf(fileReplStatsFmt, id), all)
}

func (l *Live) ListMetrics(ctx context.Context, metric string) (*cloudwatch.ListMetricsOutput, error) {
	list, err := l.Client.ListMetrics(ctx, metric)
	if err != nil {
		return nil, err
	}
	out := &cloudwatch.ListMetricsOutput{Metrics: list}
	return out, l.save(fmt.Sprintf(fileListMetricsFmt, safeName(metric)), out)
}

// has says whether the directory holds the file.
func (d Dir) has(name string) bool {
	_, err := os.Stat(filepath.Join(string(d), name))
	return err == nil
}

// DescribeReplicationConfigs reads the saved configurations; answers saved
// before dgen knew DMS Serverless have none, and read as none.
func (d Dir) DescribeReplicationConfigs(context.Context) (*dms.DescribeReplicationConfigsOutput, error) {
	var out dms.DescribeReplicationConfigsOutput
	if !d.has(FileConfigs) {
		return &out, nil
	}
	return &out, d.read(FileConfigs, &out)
}

func (d Dir) DescribeReplications(context.Context, []string) (*dms.DescribeReplicationsOutput, error) {
	var out dms.DescribeReplicationsOutput
	return &out, d.read(FileReplications, &out)
}

func (d Dir) DescribeReplicationTableStatistics(_ context.Context, id, _ string) (*dms.DescribeReplicationTableStatisticsOutput, error) {
	var out dms.DescribeReplicationTableStatisticsOutput
	return &out, d.read(fmt.Sprintf(fileReplStatsFmt, id), &out)
}

func (d Dir) ListMetrics(_ context.Context, metric string) (*cloudwatch.ListMetricsOutput, error) {
	var out cloudwatch.ListMetricsOutput
	return &out, d.read(fmt.Sprintf(fileListMetricsFmt, safeName(metric)), &out)
}
