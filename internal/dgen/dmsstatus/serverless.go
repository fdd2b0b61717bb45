package dmsstatus

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	dms "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice"
	dmstypes "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice/types"
	"github.com/aws/smithy-go"
)

// The two ways the lab runs DMS.
const (
	// ModeInstance: a replication instance running two tasks.
	ModeInstance = "instance"
	// ModeServerless: two DMS Serverless replications, each a replication
	// configuration and the replication DMS runs for it.
	ModeServerless = "serverless"
)

// NotStarted is the status dgen gives a replication configuration DMS
// has no replication for (it was never started); it is not a DMS status.
const NotStarted = "not started"

// Serverless is what a DMS Serverless replication has beyond a task's
// fields: its capacity and whether DMS still holds it. A task leaves it
// empty.
type Serverless struct {
	ProvisionState string `json:"provision_state,omitempty"`
	// CapacityUnits is the DCUs DMS has provisioned (ProvisionData).
	CapacityUnits *int32 `json:"provisioned_capacity_units,omitempty"`
	// MinCapacityUnits, MaxCapacityUnits and MultiAZ are the
	// configuration's bounds (ComputeConfig).
	MinCapacityUnits *int32 `json:"min_capacity_units,omitempty"`
	MaxCapacityUnits *int32 `json:"max_capacity_units,omitempty"`
	MultiAZ          *bool  `json:"multi_az,omitempty"`
	// Deprovisioned: DMS has released the capacity, and with it the
	// table statistics.
	Deprovisioned   bool       `json:"deprovisioned,omitempty"`
	DeprovisionTime *time.Time `json:"deprovision_time,omitempty"`
	LastStopTime    *time.Time `json:"last_stop_time,omitempty"`
	StopReason      string     `json:"stop_reason,omitempty"`
	FailureMessages []string   `json:"failure_messages,omitempty"`
	// Note is the line status prints under the replication: why there are
	// no statistics, or how long DMS keeps a stopped replication.
	Note string `json:"note,omitempty"`
}

// LabReplications finds the DMS Serverless replication configurations
// tagged Project=project and the replications DMS runs for them, with
// their capacity, progress, table statistics and CDC latency.
//
// DMS Serverless: https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Serverless.html;
// its states and the 48-hour deprovisioning:
// https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Serverless.Components.html;
// the calls: https://docs.aws.amazon.com/dms/latest/APIReference/API_DescribeReplicationConfigs.html,
// API_DescribeReplications.html and API_DescribeReplicationTableStatistics.html.
func (c *Client) LabReplications(ctx context.Context, project string, totals map[string]int64) ([]TaskStatus, error) {
	configs, err := c.replicationConfigs(ctx)
	if err != nil || len(configs) == 0 {
		return nil, err
	}
	arns := make([]string, len(configs))
	for i, rc := range configs {
		arns[i] = aws.ToString(rc.ReplicationConfigArn)
	}
	tags, err := c.DMS.ListTagsForResource(ctx, &dms.ListTagsForResourceInput{ResourceArnList: arns})
	if err != nil {
		return nil, fmt.Errorf("list tags of the replication configurations: %w", err)
	}
	ours := Tagged(tags.TagList, project)
	var lab []dmstypes.ReplicationConfig
	var labArns []string
	for _, rc := range configs {
		if ours[aws.ToString(rc.ReplicationConfigArn)] {
			lab = append(lab, rc)
			labArns = append(labArns, aws.ToString(rc.ReplicationConfigArn))
		}
	}
	if len(lab) == 0 {
		return nil, nil
	}
	sort.Slice(lab, func(i, j int) bool {
		return aws.ToString(lab[i].ReplicationConfigIdentifier) < aws.ToString(lab[j].ReplicationConfigIdentifier)
	})
	reps, err := c.replications(ctx, labArns)
	if err != nil {
		return nil, err
	}
	metrics := metricCache{}
	var out []TaskStatus
	for _, rc := range lab {
		arn := aws.ToString(rc.ReplicationConfigArn)
		rep, started := reps[arn]
		ts := Replication(rc, rep, started, c.now())
		if started && !ts.Deprovisioned {
			stats, note, err := c.replicationTableStatistics(ctx, ts.ID, arn)
			if err != nil {
				return nil, err
			}
			ts.Tables = tableStatuses(stats, totals)
			if note != "" && ts.Note == "" {
				ts.Note = note
			}
		}
		if started {
			ts.CDCLatencySource, ts.CDCLatencyTarget, err = c.serverlessLatency(ctx, metrics, resourceID(arn), arn)
			if err != nil {
				return nil, err
			}
		}
		out = append(out, ts)
	}
	return out, nil
}

// Lab is the lab's tasks, then its serverless replications: one of the
// two is empty, whichever way the lab runs DMS.
func (c *Client) Lab(ctx context.Context, project string, totals map[string]int64) ([]TaskStatus, error) {
	tasks, err := c.LabTasks(ctx, project, totals)
	if err != nil {
		return nil, err
	}
	reps, err := c.LabReplications(ctx, project, totals)
	if err != nil {
		// A lab runs DMS one way: once its tasks are found, a caller whose
		// policy predates DMS Serverless still sees them.
		if len(tasks) > 0 && IsAccessDenied(err) {
			return tasks, nil
		}
		return nil, err
	}
	return append(tasks, reps...), nil
}

// IsAccessDenied is IAM's refusal of a call, as DMS answers it.
func IsAccessDenied(err error) bool {
	code := apiCode(err)
	return code == "AccessDeniedException" || code == "AccessDeniedFault" || code == "AccessDenied"
}

// Replication is what DMS says of one replication configuration and its
// replication (started false when DMS has none), without the table
// statistics and latency, which take calls of their own.
func Replication(rc dmstypes.ReplicationConfig, rep dmstypes.Replication, started bool, now time.Time) TaskStatus {
	ts := TaskStatus{Mode: ModeServerless, ID: aws.ToString(rc.ReplicationConfigIdentifier), Arn: aws.ToString(rc.ReplicationConfigArn)}
	if cc := rc.ComputeConfig; cc != nil {
		ts.MinCapacityUnits, ts.MaxCapacityUnits, ts.MultiAZ = cc.MinCapacityUnits, cc.MaxCapacityUnits, cc.MultiAZ
	}
	if !started {
		ts.Status = NotStarted
		ts.Note = "DMS has no replication for this configuration: it was never started (the lab's Terraform starts it when it creates it)"
		return ts
	}
	ts.Status = aws.ToString(rep.Status)
	if s := rep.ReplicationStats; s != nil {
		ts.FullLoadPercent, ts.TablesLoaded, ts.TablesErrored = s.FullLoadProgressPercent, s.TablesLoaded, s.TablesErrored
	}
	if p := rep.ProvisionData; p != nil {
		ts.ProvisionState = aws.ToString(p.ProvisionState)
		units := p.ProvisionedCapacityUnits
		ts.CapacityUnits = &units
	}
	ts.DeprovisionTime, ts.LastStopTime = utcTime(rep.ReplicationDeprovisionTime), utcTime(rep.ReplicationLastStopTime)
	ts.StopReason, ts.FailureMessages = aws.ToString(rep.StopReason), rep.FailureMessages
	ts.Deprovisioned = IsDeprovisioned(rep, now)
	ts.Note = ServerlessNote(rep, now)
	return ts
}

// IsDeprovisioned says whether DMS has released a replication's capacity:
// its provision state says so, or the time DMS set for it has passed.
func IsDeprovisioned(rep dmstypes.Replication, now time.Time) bool {
	if p := rep.ProvisionData; p != nil && strings.EqualFold(aws.ToString(p.ProvisionState), "deprovisioned") {
		return true
	}
	return rep.ReplicationDeprovisionTime != nil && !rep.ReplicationDeprovisionTime.After(now)
}

// ServerlessNote is the line that explains a replication that is not
// running: deprovisioned (statistics gone), stopped (DMS deprovisions it
// 48 hours after, per the User Guide's "You cannot restart a replication
// that has not started in 48 hours", CHAP_Serverless.Components), or
// failed. "" for one that runs.
func ServerlessNote(rep dmstypes.Replication, now time.Time) string {
	status := strings.ToLower(aws.ToString(rep.Status))
	stop := ""
	if t := rep.ReplicationLastStopTime; t != nil {
		stop = " on " + stamp(*t)
	}
	if r := aws.ToString(rep.StopReason); r != "" {
		stop += " (" + r + ")"
	}
	switch {
	case IsDeprovisioned(rep, now):
		when := ""
		if t := rep.ReplicationDeprovisionTime; t != nil {
			when = " on " + stamp(*t)
		}
		return "deprovisioned" + when + ": DMS released this replication's capacity, so its table statistics are no longer available, " +
			"and a replication not started within 48 hours of stopping cannot be restarted" + stoppedSuffix(stop)
	case status == "failed":
		msg := "failed"
		if len(rep.FailureMessages) > 0 {
			msg += ": " + strings.Join(rep.FailureMessages, "; ")
		}
		return msg
	case status == "stopped":
		until := "48 hours after it stopped"
		if t := rep.ReplicationDeprovisionTime; t != nil {
			until = "on " + stamp(*t)
		}
		return "stopped" + stop + "; DMS deprovisions a replication not started again within 48 hours, " + until +
			": after that its table statistics are gone and it cannot be restarted"
	}
	return ""
}

func stoppedSuffix(stop string) string {
	if stop == "" {
		return ""
	}
	return "; it stopped" + stop
}

func stamp(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 UTC") }

func utcTime(t *time.Time) *time.Time {
	if t == nil || t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func (c *Client) now() time.Time {
	if c.Now != nil {
		return c.Now()
	}
	return time.Now()
}

// replicationConfigs lists every replication configuration in the region.
func (c *Client) replicationConfigs(ctx context.Context) ([]dmstypes.ReplicationConfig, error) {
	var out []dmstypes.ReplicationConfig
	p := dms.NewDescribeReplicationConfigsPaginator(c.DMS, &dms.DescribeReplicationConfigsInput{})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if IsNotFound(err) {
			return out, nil // DMS may answer the fault for none
		}
		if err != nil {
			return nil, fmt.Errorf("describe replication configs: %w", err)
		}
		out = append(out, page.ReplicationConfigs...)
	}
	return out, nil
}

// replications are the replications of the configurations arns, by
// configuration ARN.
func (c *Client) replications(ctx context.Context, arns []string) (map[string]dmstypes.Replication, error) {
	out := map[string]dmstypes.Replication{}
	p := dms.NewDescribeReplicationsPaginator(c.DMS, &dms.DescribeReplicationsInput{
		Filters: []dmstypes.Filter{{Name: aws.String("replication-config-arn"), Values: arns}},
	})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if IsNotFound(err) {
			return out, nil
		}
		if err != nil {
			return nil, fmt.Errorf("describe replications: %w", err)
		}
		for _, r := range page.Replications {
			out[aws.ToString(r.ReplicationConfigArn)] = r
		}
	}
	return out, nil
}

// replicationTableStatistics reads a provisioned replication's table
// statistics. DMS keeps them only while the replication is provisioned;
// when it answers that it has none (not found, or not in a state to say),
// that is a note, not a failure of the whole status.
func (c *Client) replicationTableStatistics(ctx context.Context, id, arn string) ([]dmstypes.TableStatistics, string, error) {
	var out []dmstypes.TableStatistics
	p := dms.NewDescribeReplicationTableStatisticsPaginator(c.DMS, &dms.DescribeReplicationTableStatisticsInput{ReplicationConfigArn: aws.String(arn)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if IsNotFound(err) || IsInvalidState(err) {
			return nil, "no table statistics: DMS answered " + apiMessage(err), nil
		}
		if err != nil {
			return nil, "", fmt.Errorf("table statistics of %s: %w", id, err)
		}
		out = append(out, page.ReplicationTableStatistics...)
	}
	return out, "", nil
}

// IsNotFound is DMS's ResourceNotFoundFault.
func IsNotFound(err error) bool { return apiCode(err) == "ResourceNotFoundFault" }

// IsInvalidState is DMS's InvalidResourceStateFault: asked about a
// resource in a state that cannot answer, such as a replication's
// statistics before it is provisioned.
func IsInvalidState(err error) bool { return apiCode(err) == "InvalidResourceStateFault" }

func apiCode(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode()
	}
	return ""
}

func apiMessage(err error) string {
	var ae smithy.APIError
	if errors.As(err, &ae) {
		return ae.ErrorCode() + ": " + ae.ErrorMessage()
	}
	return err.Error()
}
