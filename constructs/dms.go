package constructs

import (
	"encoding/json"
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchloggroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dmsendpoint"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dmsreplicationconfig"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dmsreplicationinstance"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dmsreplicationsubnetgroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dmsreplicationtask"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dmss3endpoint"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/secretsmanagersecretversion"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securitygroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcsecuritygroupegressrule"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/dmslab/dmslab/settings"
)

// ENIReleaseWait is how long destroy keeps the DMS instance's security
// group, subnets and dms-vpc-role after the instance is deleted, for DMS to
// release its network interface.
const ENIReleaseWait = "5m"

// LogRetentionDays is how long the lab keeps the log groups it makes.
const LogRetentionDays = 7

// dependables joins lists and single dependables into one list.
func dependables(list []cdktf.ITerraformDependable, more ...cdktf.ITerraformDependable) *[]cdktf.ITerraformDependable {
	out := append(append([]cdktf.ITerraformDependable{}, list...), more...)
	return &out
}

// S3 target layout, shared with whatever reads the files back.
const (
	S3BucketFolder      = "dms"
	S3TimestampColumn   = "dms_commit_ts"
	S3PartitionSequence = "YYYYMMDDHH"
)

// DMSProps configures NewDMS.
type DMSProps struct {
	Provider provider.AwsProvider
	Network  *Network
	Config   settings.DMSConfig
	Name     string
	// Region is the target region (a Terraform expression): DMS's
	// secrets-access role must trust dms.<region>.amazonaws.com.
	Region *string
	// ServiceRoles, when the lab makes them, are waited on before the subnet
	// group, and outlive the instance on destroy.
	ServiceRoles *DMSServiceRoles
	// NetworkReady is waited on before the instance: the peering routes and
	// the endpoints it needs to reach its sources and secrets.
	NetworkReady []cdktf.ITerraformDependable

	// Source, Target and Bucket are what the endpoints reach: DMS reads
	// each database's credentials from its secret, and writes to the bucket.
	Source *SourceDatabase
	Target *TargetDatabase
	Bucket *PrivateBucket

	// Schema is the Oracle schema the default mappings include.
	Schema     *string
	AuroraTask settings.TaskConfig
	S3Task     settings.TaskConfig
	// TasksAfter is waited on before the tasks are created and started
	// (the source schema must exist: FailOnNoTablesCaptured is on).
	TasksAfter []cdktf.ITerraformDependable
}

// DMS is the replication side: three endpoints and two full-load-and-CDC
// replications, which Terraform starts on create and stops on destroy. By
// default they are tasks on a replication instance; with
// settings.DMSConfig.Serverless they are DMS Serverless replications
// (dms_serverless.go) and there is no instance.
type DMS struct {
	// Serverless says which of the two forms this is.
	Serverless bool
	// Instance is the replication instance (nil when Serverless).
	Instance dmsreplicationinstance.DmsReplicationInstance
	// InstanceID is the instance's name, known at synth time ("" when
	// Serverless).
	InstanceID string
	// TaskLogs is the log group DMS writes task logs to; made here so that
	// it has a retention and destroy removes it (nil when Serverless:
	// ReplicationLogs instead).
	TaskLogs       cloudwatchloggroup.CloudwatchLogGroup
	SecurityGroup  securitygroup.SecurityGroup
	OracleEndpoint dmsendpoint.DmsEndpoint
	AuroraEndpoint dmsendpoint.DmsEndpoint
	S3Endpoint     dmss3endpoint.DmsS3Endpoint
	// AuroraTask and S3Task exist once AddTasks is called on an instance.
	AuroraTask dmsreplicationtask.DmsReplicationTask
	S3Task     dmsreplicationtask.DmsReplicationTask
	// AuroraReplication and S3Replication exist once AddTasks is called
	// when Serverless; ReplicationLogs are their log groups.
	AuroraReplication dmsreplicationconfig.DmsReplicationConfig
	S3Replication     dmsreplicationconfig.DmsReplicationConfig
	ReplicationLogs   []cloudwatchloggroup.CloudwatchLogGroup

	props      *DMSProps
	construct  constructs.Construct
	subnets    dmsreplicationsubnetgroup.DmsReplicationSubnetGroup
	eniRelease cdktf.ITerraformDependable
	tasksAfter []cdktf.ITerraformDependable
}

// NewDMS builds the replication side of the lab in the target region.
func NewDMS(scope constructs.Construct, id string, props *DMSProps) *DMS {
	c := constructs.NewConstruct(scope, jsii.String(id))
	d := &DMS{}
	p := props.Provider

	d.SecurityGroup = securitygroup.NewSecurityGroup(c, jsii.String("security-group"), &securitygroup.SecurityGroupConfig{
		Provider:    p,
		Name:        jsii.String(props.Name + "-dms"),
		Description: jsii.String("DMS replication instance: outbound only"),
		VpcId:       props.Network.Vpc.Id(),
	})
	egress := vpcsecuritygroupegressrule.NewVpcSecurityGroupEgressRule(c, jsii.String("egress"), &vpcsecuritygroupegressrule.VpcSecurityGroupEgressRuleConfig{
		Provider:        p,
		SecurityGroupId: d.SecurityGroup.Id(),
		IpProtocol:      jsii.String("-1"),
		CidrIpv4:        jsii.String("0.0.0.0/0"),
		Description:     jsii.String("Oracle across the peering, Aurora, and the S3 and Secrets Manager endpoints (the VPC has no internet route)"),
	})

	var subnetDeps []cdktf.ITerraformDependable
	if props.ServiceRoles != nil {
		subnetDeps = append(subnetDeps, props.ServiceRoles.Ready)
	}
	subnets := dmsreplicationsubnetgroup.NewDmsReplicationSubnetGroup(c, jsii.String("subnets"), &dmsreplicationsubnetgroup.DmsReplicationSubnetGroupConfig{
		Provider:                          p,
		ReplicationSubnetGroupId:          jsii.String(props.Name + "-dms"),
		ReplicationSubnetGroupDescription: jsii.String("DMS lab replication subnets"),
		SubnetIds:                         props.Network.SubnetIDs(),
		DependsOn:                         &subnetDeps,
	})
	// The provider's delete returns once DescribeReplicationInstances no
	// longer lists the instance (waitReplicationInstanceDeleted in its
	// internal/service/dms/replication_instance.go), but DMS deletes the
	// instance's network interface after that, through dms-vpc-role; if that role's policy, the security
	// group or the subnets go first, the interface is orphaned and the VPC
	// cannot be deleted (hashicorp/terraform-provider-aws#7600). On destroy
	// this sleep runs after the instance is gone and before any of them.
	keep := []cdktf.ITerraformDependable{d.SecurityGroup, egress, subnets}
	if props.ServiceRoles != nil {
		keep = append(keep, props.ServiceRoles.Attachments...)
	}
	eniRelease := newSleep(c, "eni-release", "", ENIReleaseWait, keep)
	d.subnets, d.eniRelease = subnets, eniRelease
	if props.Config.Serverless != nil {
		d.Serverless = true
		d.ReplicationLogs = newReplicationLogs(c, p, props.Name)
	} else {
		d.newInstance(c, props)
	}
	d.endpoints(c, props, egress)
	return d
}

// newInstance is the replication instance and its task log group.
func (d *DMS) newInstance(c constructs.Construct, props *DMSProps) {
	p := props.Provider
	instanceID := props.Name + "-dms"
	d.InstanceID = instanceID
	// DMS logs each task to the group dms-tasks-<instance id>, creating it
	// when missing; made here it has a retention and goes with the lab.
	d.TaskLogs = cloudwatchloggroup.NewCloudwatchLogGroup(c, jsii.String("task-logs"), &cloudwatchloggroup.CloudwatchLogGroupConfig{
		Provider:        p,
		Name:            jsii.String("dms-tasks-" + instanceID),
		RetentionInDays: jsii.Number(LogRetentionDays),
	})
	d.Instance = dmsreplicationinstance.NewDmsReplicationInstance(c, jsii.String("instance"), &dmsreplicationinstance.DmsReplicationInstanceConfig{
		Provider:                 p,
		ReplicationInstanceId:    jsii.String(instanceID),
		ReplicationInstanceClass: jsii.String(props.Config.InstanceClass),
		// Sent only when lab.json pins one: DMS retires engine versions
		// for new instances, and without one it uses its current default.
		EngineVersion:            optionalString(props.Config.EngineVersion),
		AllocatedStorage:         jsii.Number(props.Config.AllocatedStorageGB),
		ReplicationSubnetGroupId: d.subnets.Id(),
		VpcSecurityGroupIds:      &[]*string{d.SecurityGroup.Id()},
		PubliclyAccessible:       jsii.Bool(false),
		MultiAz:                  jsii.Bool(false),
		ApplyImmediately:         jsii.Bool(true),
		AutoMinorVersionUpgrade:  jsii.Bool(false),
		DependsOn:                dependables(props.NetworkReady, d.eniRelease, d.TaskLogs),
		// A pinned version applies at create; DMS upgrades the engine on
		// its own schedule after that, so a later difference must not
		// downgrade or replace a running instance.
		Lifecycle: ignoreEngineVersion(),
	})
}

// endpoints makes the endpoints, the roles DMS uses to reach the secrets
// and the bucket, and what every replication waits for.
func (d *DMS) endpoints(c constructs.Construct, props *DMSProps, egress cdktf.ITerraformDependable) {
	p := props.Provider
	secretsRole := newServiceRole(c, "secrets-role", p, props.Name+"-dms-secrets",
		cdktf.Token_AsString(cdktf.Fn_Format(jsii.String("dms.%s.amazonaws.com"), &[]interface{}{props.Region}), nil))
	s3Role := newServiceRole(c, "s3-role", p, props.Name+"-dms-s3", jsii.String("dms.amazonaws.com"))
	grants := []cdktf.ITerraformDependable{
		props.Source.Credentials.GrantRead(secretsRole),
		props.Target.Credentials.GrantRead(secretsRole),
		props.Bucket.GrantWrite(s3Role),
	}

	endpoint := func(id, typ, engine, dbname string, secret *Credentials, written secretsmanagersecretversion.SecretsmanagerSecretVersion, ssl string) dmsendpoint.DmsEndpoint {
		return dmsendpoint.NewDmsEndpoint(c, jsii.String(id), &dmsendpoint.DmsEndpointConfig{
			Provider:                    p,
			EndpointId:                  jsii.String(props.Name + "-" + id),
			EndpointType:                jsii.String(typ),
			EngineName:                  jsii.String(engine),
			DatabaseName:                jsii.String(dbname),
			SecretsManagerArn:           secret.Secret.Arn(),
			SecretsManagerAccessRoleArn: secretsRole.Arn(),
			SslMode:                     jsii.String(ssl),
			// The secret's value, not only the secret, must exist first.
			DependsOn: &[]cdktf.ITerraformDependable{written},
		})
	}
	// Oracle TLS needs a wallet uploaded as a DMS certificate; the traffic
	// stays on the private peering instead.
	d.OracleEndpoint = endpoint("oracle-source", "source", "oracle", props.Source.DatabaseName, props.Source.Credentials, props.Source.SecretValue, "none")
	d.AuroraEndpoint = endpoint("aurora-target", "target", "aurora-postgresql", props.Target.DatabaseName, props.Target.Credentials, props.Target.SecretValue, "require")
	d.S3Endpoint = dmss3endpoint.NewDmsS3Endpoint(c, jsii.String("s3-target"), &dmss3endpoint.DmsS3EndpointConfig{
		Provider:               p,
		EndpointId:             jsii.String(props.Name + "-s3-target"),
		EndpointType:           jsii.String("target"),
		BucketName:             props.Bucket.Bucket.Bucket(),
		BucketFolder:           jsii.String(S3BucketFolder),
		ServiceAccessRoleArn:   s3Role.Arn(),
		DataFormat:             jsii.String("csv"),
		CompressionType:        jsii.String("NONE"),
		AddColumnName:          jsii.Bool(true),
		IncludeOpForFullLoad:   jsii.Bool(true),
		TimestampColumnName:    jsii.String(S3TimestampColumn),
		DatePartitionEnabled:   jsii.Bool(true),
		DatePartitionSequence:  jsii.String(S3PartitionSequence),
		DatePartitionDelimiter: jsii.String("SLASH"),
		EncryptionMode:         jsii.String("SSE_S3"),
		DependsOn:              &[]cdktf.ITerraformDependable{props.Bucket.Ready},
	})

	// A task reaches S3 and Secrets Manager through the endpoints, with
	// the roles' grants in place; on a re-run after a partial failure none
	// of these may still be missing when a task starts.
	d.tasksAfter = *dependables(append(props.TasksAfter, grants...), egress, secretsRole.IamRole, s3Role.IamRole)
	d.props, d.construct = props, c
}

// PrivateCIDR is the instance's private address as a /32, for a rule in
// another region, where security groups cannot be referenced. Only for an
// instance: see SourceAccessCIDRs.
func (d *DMS) PrivateCIDR() *string {
	return cdktf.Token_AsString(cdktf.Fn_Format(jsii.String("%s/32"),
		&[]interface{}{cdktf.Fn_Element(d.Instance.ReplicationInstancePrivateIps(), jsii.Number(0))}), nil)
}

// AddTasks creates the two tasks, once whoever owns the databases has let
// the instance in: they wait for after (those rules) as well as for what
// DMSProps.TasksAfter and the instance's own grants and egress give.
func (d *DMS) AddTasks(after ...cdktf.ITerraformDependable) {
	p, c := d.props, d.construct
	deps := append(append([]cdktf.ITerraformDependable{}, d.tasksAfter...), after...)
	if d.Serverless {
		d.AuroraReplication = d.newReplicationConfig("oracle-to-aurora", AuroraResourceID, d.AuroraEndpoint.EndpointArn(), p.AuroraTask, d.ReplicationLogs[0], deps)
		d.S3Replication = d.newReplicationConfig("oracle-to-s3", S3ResourceID, d.S3Endpoint.EndpointArn(), p.S3Task, d.ReplicationLogs[1], deps)
		return
	}
	d.AuroraTask = newTask(c, "oracle-to-aurora", p.Provider, p.Name, d, d.AuroraEndpoint.EndpointArn(), p.AuroraTask, p.Schema, deps)
	d.S3Task = newTask(c, "oracle-to-s3", p.Provider, p.Name, d, d.S3Endpoint.EndpointArn(), p.S3Task, p.Schema, deps)
}

// newTask is a full-load-and-CDC task that Terraform starts once created and
// stops before it deletes it, so neither deploy nor destroy needs the console.
func newTask(scope constructs.Construct, id string, p provider.AwsProvider, name string, d *DMS, target *string, task settings.TaskConfig, schema *string, after []cdktf.ITerraformDependable) dmsreplicationtask.DmsReplicationTask {
	return dmsreplicationtask.NewDmsReplicationTask(scope, jsii.String(id), &dmsreplicationtask.DmsReplicationTaskConfig{
		Provider:                p,
		ReplicationTaskId:       jsii.String(fmt.Sprintf("%s-%s", name, id)),
		MigrationType:           jsii.String("full-load-and-cdc"),
		ReplicationInstanceArn:  d.Instance.ReplicationInstanceArn(),
		SourceEndpointArn:       d.OracleEndpoint.EndpointArn(),
		TargetEndpointArn:       target,
		ReplicationTaskSettings: mustJSON(task.Settings),
		TableMappings:           mustJSON(task.Mapping(*schema)),
		StartReplicationTask:    jsii.Bool(true),
		DependsOn:               &after,
	})
}

// mustJSON marshals validated settings; they hold only plain data.
func mustJSON(v any) *string {
	b, err := json.Marshal(v)
	if err != nil {
		panic(fmt.Sprintf("settings do not marshal: %v", err))
	}
	return jsii.String(string(b))
}
