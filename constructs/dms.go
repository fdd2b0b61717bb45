package constructs

import (
	"encoding/json"
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dmsendpoint"
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
	// ServiceRolesReady, when not nil, is waited on before the subnet group.
	ServiceRolesReady cdktf.ITerraformDependable
	// NetworkReady is waited on before the instance: the peering routes and
	// the endpoints it needs to reach its sources and secrets.
	NetworkReady []cdktf.ITerraformDependable

	Source        *SourceDatabase
	SourceSecret  *Credentials
	SourceVersion secretsmanagersecretversion.SecretsmanagerSecretVersion
	SourceDBName  string
	Target        *TargetDatabase
	TargetSecret  *Credentials
	TargetVersion secretsmanagersecretversion.SecretsmanagerSecretVersion
	TargetDBName  string
	Bucket        *PrivateBucket

	// Schema is the Oracle schema the default mappings include.
	Schema     *string
	AuroraTask settings.TaskConfig
	S3Task     settings.TaskConfig
	// TasksAfter is waited on before the tasks are created and started
	// (the source schema must exist: FailOnNoTablesCaptured is on).
	TasksAfter []cdktf.ITerraformDependable
}

// DMS is the replication instance, its three endpoints and the two
// full-load-and-CDC tasks, which Terraform starts on create and stops on
// destroy.
type DMS struct {
	Instance       dmsreplicationinstance.DmsReplicationInstance
	SecurityGroup  securitygroup.SecurityGroup
	OracleEndpoint dmsendpoint.DmsEndpoint
	AuroraEndpoint dmsendpoint.DmsEndpoint
	S3Endpoint     dmss3endpoint.DmsS3Endpoint
	AuroraTask     dmsreplicationtask.DmsReplicationTask
	S3Task         dmsreplicationtask.DmsReplicationTask
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
	vpcsecuritygroupegressrule.NewVpcSecurityGroupEgressRule(c, jsii.String("egress"), &vpcsecuritygroupegressrule.VpcSecurityGroupEgressRuleConfig{
		Provider:        p,
		SecurityGroupId: d.SecurityGroup.Id(),
		IpProtocol:      jsii.String("-1"),
		CidrIpv4:        jsii.String("0.0.0.0/0"),
		Description:     jsii.String("Oracle across the peering, Aurora, and the S3 and Secrets Manager endpoints (the VPC has no internet route)"),
	})

	var subnetDeps []cdktf.ITerraformDependable
	if props.ServiceRolesReady != nil {
		subnetDeps = append(subnetDeps, props.ServiceRolesReady)
	}
	subnets := dmsreplicationsubnetgroup.NewDmsReplicationSubnetGroup(c, jsii.String("subnets"), &dmsreplicationsubnetgroup.DmsReplicationSubnetGroupConfig{
		Provider:                          p,
		ReplicationSubnetGroupId:          jsii.String(props.Name + "-dms"),
		ReplicationSubnetGroupDescription: jsii.String("DMS lab replication subnets"),
		SubnetIds:                         props.Network.SubnetIDs(),
		DependsOn:                         &subnetDeps,
	})
	d.Instance = dmsreplicationinstance.NewDmsReplicationInstance(c, jsii.String("instance"), &dmsreplicationinstance.DmsReplicationInstanceConfig{
		Provider:                 p,
		ReplicationInstanceId:    jsii.String(props.Name + "-dms"),
		ReplicationInstanceClass: jsii.String(props.Config.InstanceClass),
		// Sent only when lab.json pins one: DMS retires engine versions
		// for new instances, and without one it uses its current default.
		EngineVersion:            optionalString(props.Config.EngineVersion),
		AllocatedStorage:         jsii.Number(props.Config.AllocatedStorageGB),
		ReplicationSubnetGroupId: subnets.Id(),
		VpcSecurityGroupIds:      &[]*string{d.SecurityGroup.Id()},
		PubliclyAccessible:       jsii.Bool(false),
		MultiAz:                  jsii.Bool(false),
		ApplyImmediately:         jsii.Bool(true),
		AutoMinorVersionUpgrade:  jsii.Bool(false),
		DependsOn:                &props.NetworkReady,
		// A pinned version applies at create; DMS upgrades the engine on
		// its own schedule after that, so a later difference must not
		// downgrade or replace a running instance.
		Lifecycle: ignoreEngineVersion(),
	})

	// Oracle is in another region, where security groups cannot be
	// referenced: open its port to this instance's private address alone.
	props.Source.AllowFrom("from-dms", cdktf.Token_AsString(cdktf.Fn_Format(jsii.String("%s/32"),
		&[]interface{}{cdktf.Fn_Element(d.Instance.ReplicationInstancePrivateIps(), jsii.Number(0))}), nil),
		"DMS replication instance, across the peering")
	props.Target.AllowFromGroup("from-dms", d.SecurityGroup, "DMS replication instance")

	secretsRole := newServiceRole(c, "secrets-role", p, props.Name+"-dms-secrets",
		cdktf.Token_AsString(cdktf.Fn_Format(jsii.String("dms.%s.amazonaws.com"), &[]interface{}{props.Region}), nil),
		PolicyStatement{
			Sid: "ReadEndpointCredentials", Effect: "Allow",
			Action:   []string{"secretsmanager:GetSecretValue", "secretsmanager:DescribeSecret"},
			Resource: []string{*props.SourceSecret.Secret.Arn(), *props.TargetSecret.Secret.Arn()},
		})
	s3Role := newServiceRole(c, "s3-role", p, props.Name+"-dms-s3", jsii.String("dms.amazonaws.com"),
		PolicyStatement{
			Sid: "WriteReplicatedFiles", Effect: "Allow",
			Action:   []string{"s3:PutObject", "s3:DeleteObject", "s3:PutObjectTagging"},
			Resource: []string{*props.Bucket.Bucket.Arn() + "/*"},
		},
		PolicyStatement{
			Sid: "ListTheBucket", Effect: "Allow",
			Action:   []string{"s3:ListBucket"},
			Resource: []string{*props.Bucket.Bucket.Arn()},
		})

	endpoint := func(id, typ, engine, dbname string, secret *Credentials, written cdktf.ITerraformDependable, ssl string) dmsendpoint.DmsEndpoint {
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
	d.OracleEndpoint = endpoint("oracle-source", "source", "oracle", props.SourceDBName, props.SourceSecret, props.SourceVersion, "none")
	d.AuroraEndpoint = endpoint("aurora-target", "target", "aurora-postgresql", props.TargetDBName, props.TargetSecret, props.TargetVersion, "require")
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

	tasksAfter := append([]cdktf.ITerraformDependable{}, props.TasksAfter...)
	d.AuroraTask = newTask(c, "oracle-to-aurora", p, props.Name, d, d.AuroraEndpoint.EndpointArn(), props.AuroraTask, props.Schema, tasksAfter)
	d.S3Task = newTask(c, "oracle-to-s3", p, props.Name, d, d.S3Endpoint.EndpointArn(), props.S3Task, props.Schema, tasksAfter)
	return d
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
