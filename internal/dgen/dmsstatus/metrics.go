package dmsstatus

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/cloudwatch"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
)

// A DMS Serverless replication publishes its metrics in AWS/DMS (the User
// Guide's table of serverless metrics: CapacityUtilization, CDCLatencySource,
// CDCLatencyTarget, CDCThroughputRowsTarget, CDCIncomingChanges, ...), but
// the guide does not name the dimension they carry. So dgen does not guess
// it: it lists the series of each metric (CloudWatch ListMetrics) and takes
// the one whose dimension names the replication, by its resource identifier
// or ARN, whatever the dimension is called and however the value is
// prefixed (one deployment shows "ReplicationConfigId" = "<account>:<id>").

// Namespace is where DMS publishes its metrics.
const Namespace = "AWS/DMS"

// ListMetrics lists every series of metric in AWS/DMS.
func (c *Client) ListMetrics(ctx context.Context, metric string) ([]cwtypes.Metric, error) {
	var out []cwtypes.Metric
	p := cloudwatch.NewListMetricsPaginator(c.CloudWatch, &cloudwatch.ListMetricsInput{Namespace: aws.String(Namespace), MetricName: aws.String(metric)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list the CloudWatch series of %s: %w", metric, err)
		}
		out = append(out, page.Metrics...)
	}
	return out, nil
}

// FindSeries picks among series the one that belongs to the replication
// of resourceID (the last part of its configuration's ARN) and arn: a
// dimension whose value is either, or ends with ":" or "/" and the
// resource identifier. An exact value is preferred to a suffix; ok is
// false when no series names the replication.
func FindSeries(series []cwtypes.Metric, resourceID, arn string) (m cwtypes.Metric, ok bool) {
	var suffix *cwtypes.Metric
	for i, s := range series {
		for _, d := range s.Dimensions {
			v := aws.ToString(d.Value)
			switch {
			case v == resourceID || v == arn:
				return s, true
			case suffix == nil && (strings.HasSuffix(v, ":"+resourceID) || strings.HasSuffix(v, "/"+resourceID)):
				suffix = &series[i]
			}
		}
	}
	if suffix != nil {
		return *suffix, true
	}
	return cwtypes.Metric{}, false
}

// metricCache keeps ListMetrics' answer per metric for one refresh: both
// replications look in the same lists.
type metricCache map[string][]cwtypes.Metric

func (c *Client) series(ctx context.Context, cache metricCache, metric string) ([]cwtypes.Metric, error) {
	if s, ok := cache[metric]; ok {
		return s, nil
	}
	s, err := c.ListMetrics(ctx, metric)
	if err != nil {
		return nil, err
	}
	cache[metric] = s
	return s, nil
}

// serverlessLatency reads a replication's latest CDC latencies over the
// last ten minutes, under the dimensions its series carry; nil when
// CloudWatch has no such series or no datapoint yet.
func (c *Client) serverlessLatency(ctx context.Context, cache metricCache, id, arn string) (*float64, *float64, error) {
	var queries []cwtypes.MetricDataQuery
	for _, q := range []struct{ id, metric string }{{"source", "CDCLatencySource"}, {"target", "CDCLatencyTarget"}} {
		all, err := c.series(ctx, cache, q.metric)
		if err != nil {
			return nil, nil, err
		}
		m, ok := FindSeries(all, id, arn)
		if !ok {
			continue
		}
		queries = append(queries, cwtypes.MetricDataQuery{
			Id:         aws.String(q.id),
			MetricStat: &cwtypes.MetricStat{Metric: &m, Period: aws.Int32(60), Stat: aws.String("Average")},
		})
	}
	if len(queries) == 0 {
		return nil, nil, nil
	}
	return c.latestOf(ctx, id, queries)
}

// latestOf asks CloudWatch for the queries "source" and "target" over the
// last ten minutes and keeps each one's newest value.
func (c *Client) latestOf(ctx context.Context, what string, queries []cwtypes.MetricDataQuery) (*float64, *float64, error) {
	now := c.now()
	out, err := c.CloudWatch.GetMetricData(ctx, &cloudwatch.GetMetricDataInput{
		StartTime:         aws.Time(now.Add(-10 * time.Minute)),
		EndTime:           aws.Time(now),
		ScanBy:            cwtypes.ScanByTimestampDescending,
		MetricDataQueries: queries,
	})
	if err != nil {
		return nil, nil, fmt.Errorf("CDC latency of %s: %w", what, err)
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
