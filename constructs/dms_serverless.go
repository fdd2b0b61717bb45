package constructs

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchloggroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dmsreplicationconfig"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/dmslab/dmslab/settings"
)

// The serverless replications' resource identifiers, after the name prefix:
// the last part of their ARNs, in their log groups' names and in their
// metrics. DMS allows a resource identifier 31 characters (DMS API
// Reference, CreateReplicationConfig ResourceIdentifier), so these are
// short enough for the longest name prefix.
const (
	AuroraResourceID = "pg"
	S3ResourceID     = "s3"
)

// ServerlessLogGroupPrefix is how DMS names a serverless replication's log
// group: dms-serverless-replication-<resource id> (DMS User Guide,
// "AWS DMS Serverless components", Monitoring, replication logs). DMS
// creates it on the first run when it is missing; the lab makes it first,
// so that it has a retention and goes on destroy.
const ServerlessLogGroupPrefix = "dms-serverless-replication-"

// Timeouts of a serverless replication. The provider waits for the
// replication to run after creating it (60 minutes by default), and DMS
// Serverless first fetches the source's metadata, computes and provisions
// capacity: tens of minutes before the full load begins.
const (
	serverlessCreateTimeout = "2h"
	serverlessDeleteTimeout = "1h"
)

// newReplicationLogs makes the two replications' log groups, Aurora's first.
func newReplicationLogs(c constructs.Construct, p provider.AwsProvider, name string) []cloudwatchloggroup.CloudwatchLogGroup {
	var out []cloudwatchloggroup.CloudwatchLogGroup
	for _, r := range []struct{ id, resourceID string }{{"aurora-replication-logs", AuroraResourceID}, {"s3-replication-logs", S3ResourceID}} {
		out = append(out, cloudwatchloggroup.NewCloudwatchLogGroup(c, jsii.String(r.id), &cloudwatchloggroup.CloudwatchLogGroupConfig{
			Provider:        p,
			Name:            jsii.String(ServerlessLogGroupPrefix + name + "-" + r.resourceID),
			RetentionInDays: jsii.Number(LogRetentionDays),
		}))
	}
	return out
}

// newReplicationConfig is one DMS Serverless replication: the same
// endpoints, settings and mappings a task would have, with capacity instead
// of an instance.
//
// How the AWS provider drives it (internal/service/dms/replication_config.go,
// read at v5.84 and v5.100): create calls CreateReplicationConfig and, with
// start_replication, StartReplication, then waits until the replication
// runs; update of anything but tags stops the replication, calls
// ModifyReplicationConfig and at once StartReplication again, without
// waiting for the modification to finish, which DMS refuses while the
// replication is MODIFYING (hashicorp/terraform-provider-aws#35650, open);
// delete stops it, deletes it and waits until it is gone.
//
// So the lab never updates a replication in place: Terraform ignores
// differences in what DMS may rewrite or normalize (the settings, mappings,
// compute config, endpoints), and a terraform_data holding the lab's own
// values replaces the replication when one of them changes. Replacing is
// stop, delete, create, start: DMS then reloads the targets, where an
// instance's task would resume. README says so.
func (d *DMS) newReplicationConfig(label, resourceID string, target *string, task settings.TaskConfig, logs cloudwatchloggroup.CloudwatchLogGroup, after []cdktf.ITerraformDependable) dmsreplicationconfig.DmsReplicationConfig {
	p, c := d.props, d.construct
	sl := p.Config.Serverless
	settingsJSON, mapping := mustJSON(task.Settings), mustJSON(task.Mapping(*p.Schema))
	inputs := cdktf.NewTerraformResource(c, jsii.String(label+"-inputs"), &cdktf.TerraformResourceConfig{
		TerraformResourceType: jsii.String("terraform_data"),
	})
	inputs.AddOverride(jsii.String("input"), map[string]any{
		"settings":         settingsJSON,
		"table_mappings":   mapping,
		"source":           d.OracleEndpoint.EndpointArn(),
		"target":           target,
		"min_capacity":     sl.MinCapacityUnits,
		"max_capacity":     sl.MaxCapacityUnits,
		"multi_az":         sl.MultiAZ,
		"subnet_group":     d.subnets.Id(),
		"security_group":   d.SecurityGroup.Id(),
		"replication_type": "full-load-and-cdc",
	})
	// Like the instance, a replication is created only once the network it
	// reaches its databases and secrets through is in place, and destroy
	// waits for its network interfaces to go before the subnets, security
	// group and dms-vpc-role's policy.
	deps := dependables(append(append([]cdktf.ITerraformDependable{}, p.NetworkReady...), after...), d.eniRelease, logs)
	r := dmsreplicationconfig.NewDmsReplicationConfig(c, jsii.String(label), &dmsreplicationconfig.DmsReplicationConfigConfig{
		Provider:                    p.Provider,
		ReplicationConfigIdentifier: jsii.String(fmt.Sprintf("%s-%s", p.Name, label)),
		ResourceIdentifier:          jsii.String(p.Name + "-" + resourceID),
		ReplicationType:             jsii.String("full-load-and-cdc"),
		SourceEndpointArn:           d.OracleEndpoint.EndpointArn(),
		TargetEndpointArn:           target,
		ReplicationSettings:         settingsJSON,
		TableMappings:               mapping,
		ComputeConfig: &dmsreplicationconfig.DmsReplicationConfigComputeConfig{
			ReplicationSubnetGroupId: d.subnets.Id(),
			VpcSecurityGroupIds:      &[]*string{d.SecurityGroup.Id()},
			MinCapacityUnits:         jsii.Number(float64(sl.MinCapacityUnits)),
			MaxCapacityUnits:         jsii.Number(float64(sl.MaxCapacityUnits)),
			MultiAz:                  jsii.Bool(sl.MultiAZ),
		},
		StartReplication: jsii.Bool(true),
		Timeouts: &dmsreplicationconfig.DmsReplicationConfigTimeouts{
			Create: jsii.String(serverlessCreateTimeout),
			Update: jsii.String(serverlessCreateTimeout),
			Delete: jsii.String(serverlessDeleteTimeout),
		},
		DependsOn: deps,
		Lifecycle: &cdktf.TerraformResourceLifecycle{
			IgnoreChanges: jsii.Strings("replication_settings", "table_mappings", "compute_config", "source_endpoint_arn", "target_endpoint_arn", "replication_type"),
		},
	})
	// Terraform's JSON syntax takes replace_triggered_by as bare
	// references, like depends_on; cdktf writes a resource given to
	// ReplaceTriggeredBy as "${...}", which terraform refuses ("Invalid
	// character"), so the address is written as the plan test needs it.
	r.AddOverride(jsii.String("lifecycle.replace_triggered_by"), []string{"terraform_data." + *inputs.FriendlyUniqueId()})
	return r
}

// Replication is one of the lab's two replications as monitoring, outputs
// and the workload step see it, in either form.
type Replication struct {
	// Label is "oracle-to-aurora" or "oracle-to-s3".
	Label string
	// ID is the task's or the serverless replication's identifier.
	ID string
	// Arn is its ARN (a Terraform expression).
	Arn *string
	// ResourceID is the last part of its ARN: what DMS's metrics name it
	// by (a Terraform expression).
	ResourceID *string
	// Resource is the task or replication config.
	Resource cdktf.ITerraformDependable
}

// Replications are the two replications, Aurora's first; AddTasks must
// have been called.
func (d *DMS) Replications() []Replication {
	name := d.props.Name
	if d.Serverless {
		return []Replication{
			{"oracle-to-aurora", name + "-oracle-to-aurora", d.AuroraReplication.Arn(), resourceIDOf(d.AuroraReplication.Arn()), d.AuroraReplication},
			{"oracle-to-s3", name + "-oracle-to-s3", d.S3Replication.Arn(), resourceIDOf(d.S3Replication.Arn()), d.S3Replication},
		}
	}
	return []Replication{
		{"oracle-to-aurora", name + "-oracle-to-aurora", d.AuroraTask.ReplicationTaskArn(), resourceIDOf(d.AuroraTask.ReplicationTaskArn()), d.AuroraTask},
		{"oracle-to-s3", name + "-oracle-to-s3", d.S3Task.ReplicationTaskArn(), resourceIDOf(d.S3Task.ReplicationTaskArn()), d.S3Task},
	}
}

// SourceAccessCIDRs are the addresses Oracle, in another region where
// security groups cannot be referenced, must let in: the instance's
// private address, or, for DMS Serverless, which has no fixed address
// before it provisions capacity, the subnets of its subnet group.
func (d *DMS) SourceAccessCIDRs() []*string {
	if !d.Serverless {
		return []*string{d.PrivateCIDR()}
	}
	var out []*string
	for _, s := range d.props.Network.Subnets {
		out = append(out, s.CidrBlock())
	}
	return out
}
