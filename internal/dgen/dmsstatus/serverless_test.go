package dmsstatus

import (
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	cwtypes "github.com/aws/aws-sdk-go-v2/service/cloudwatch/types"
	dmstypes "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice/types"
)

func series(name, value string) cwtypes.Metric {
	return cwtypes.Metric{Namespace: aws.String(Namespace), MetricName: aws.String("CDCLatencySource"),
		Dimensions: []cwtypes.Dimension{{Name: aws.String(name), Value: aws.String(value)}}}
}

// The series of a replication is found whichever way its dimension names
// it, and a look-alike of another replication is never taken.
func TestFindSeries(t *testing.T) {
	const arn = "arn:aws:dms:us-east-1:123456789012:replication-config:lab-pg"
	lookalike := series("ReplicationConfigId", "123456789012:oldlab-pg")
	for _, tc := range []struct {
		name string
		list []cwtypes.Metric
		want string // the value of the series found; "" for none
	}{
		{"account-prefixed", []cwtypes.Metric{lookalike, series("ReplicationConfigId", "123456789012:lab-pg")}, "123456789012:lab-pg"},
		{"bare resource id", []cwtypes.Metric{lookalike, series("ReplicationConfigIdentifier", "lab-pg")}, "lab-pg"},
		{"ARN", []cwtypes.Metric{lookalike, series("ReplicationConfigArn", arn)}, arn},
		{"slash-prefixed", []cwtypes.Metric{series("Replication", "replication-config/lab-pg")}, "replication-config/lab-pg"},
		{"exact before suffix", []cwtypes.Metric{series("A", "123456789012:lab-pg"), series("B", "lab-pg")}, "lab-pg"},
		{"only look-alikes", []cwtypes.Metric{lookalike, series("ReplicationConfigId", "lab-pg-2"), series("X", "xlab-pg")}, ""},
		{"none", nil, ""},
	} {
		m, ok := FindSeries(tc.list, "lab-pg", arn)
		got := ""
		if ok {
			got = aws.ToString(m.Dimensions[0].Value)
		}
		if got != tc.want {
			t.Errorf("%s: found %q, want %q", tc.name, got, tc.want)
		}
	}
}

func TestReplicationStates(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	rc := dmstypes.ReplicationConfig{ReplicationConfigIdentifier: aws.String("lab-oracle-to-s3"),
		ReplicationConfigArn: aws.String("arn:aws:dms:us-east-1:1:replication-config:lab-s3"),
		ComputeConfig:        &dmstypes.ComputeConfig{MinCapacityUnits: aws.Int32(1), MaxCapacityUnits: aws.Int32(4), MultiAZ: aws.Bool(false)}}

	// Never started: no replication, said so.
	ts := Replication(rc, dmstypes.Replication{}, false, now)
	if ts.Mode != ModeServerless || ts.Status != NotStarted || ts.CapacityUnits != nil || !strings.Contains(ts.Note, "never started") || *ts.MaxCapacityUnits != 4 {
		t.Errorf("not started: %+v", ts)
	}

	// Past its deprovisioning time, even while the state still says
	// provisioned: deprovisioned.
	past := now.Add(-time.Hour)
	rep := dmstypes.Replication{Status: aws.String("stopped"), ReplicationDeprovisionTime: &past,
		ProvisionData: &dmstypes.ProvisionData{ProvisionState: aws.String("provisioned"), ProvisionedCapacityUnits: 2}}
	if ts = Replication(rc, rep, true, now); !ts.Deprovisioned || !strings.HasPrefix(ts.Note, "deprovisioned on 2026-11-28 11:00 UTC:") {
		t.Errorf("past deprovisioning: %+v", ts)
	}
	// Stopped with no time set: the 48 hours are said without a date.
	rep.ReplicationDeprovisionTime = nil
	if ts = Replication(rc, rep, true, now); ts.Deprovisioned || !strings.Contains(ts.Note, "within 48 hours, 48 hours after it stopped") {
		t.Errorf("stopped: %+v", ts)
	}
	// Failed: DMS's messages.
	rep.Status, rep.FailureMessages = aws.String("failed"), []string{"Test connection failed for endpoint", "ORA-12170"}
	if ts = Replication(rc, rep, true, now); ts.Note != "failed: Test connection failed for endpoint; ORA-12170" {
		t.Errorf("failed: %q", ts.Note)
	}
	// Running: nothing to say.
	rep.Status, rep.FailureMessages = aws.String("running"), nil
	if ts = Replication(rc, rep, true, now); ts.Note != "" || *ts.CapacityUnits != 2 {
		t.Errorf("running: %+v", ts)
	}
}
