// Package constructs builds the lab from typed cdktf constructs, one file per
// concern. It is the only package besides main that touches cdktf types, so
// a later move to another CDK for Terraform stays small.
//
// Inside this package the identifier constructs names the upstream
// github.com/aws/constructs-go library, not this package.
package constructs

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawspartition"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/dmslab/dmslab/settings"
)

// StackID is the lab stack's construct id. It names cdktf.out/stacks/<id>
// and the local state file, so it never changes.
const StackID = "dmslab"

// LabStackProps configures NewLabStack.
type LabStackProps struct {
	// Config is the validated lab configuration. Required.
	Config *settings.Config
	// DgenBinary is dgen built for the generator host's architecture
	// (settings.InstanceArch of Config.GeneratorInstanceType). Required.
	DgenBinary string
}

// LabStack is the whole lab in one Terraform state: the source half through
// the provider aliased "source", the target half through "target".
type LabStack struct {
	// Stack is the one Terraform stack. It is a field, not embedded: jsii
	// cannot pass a Go struct that embeds one of its proxies.
	Stack     cdktf.TerraformStack
	Config    *settings.Config
	Variables *Variables
	// SourceProvider and TargetProvider are the two aliased AWS providers.
	SourceProvider provider.AwsProvider
	TargetProvider provider.AwsProvider

	SourceNetwork     *Network
	TargetNetwork     *Network
	Peering           *Peering
	Endpoints         *PrivateEndpoints
	SourceCredentials *Credentials
	TargetCredentials *Credentials
	Source            *SourceDatabase
	Target            *TargetDatabase
	Host              *GeneratorHost
	Bucket            *PrivateBucket
	ServiceRoles      *DMSServiceRoles // nil when Config.DMSServiceRoles is "never"
	DMS               *DMS
	Bootstrap         *GeneratorBootstrap
	Monitoring        *Monitoring
	// Schema is the replicated Oracle schema (a Terraform expression when
	// it follows source_db_username).
	Schema *string

	dgenBinary string
}

// NewLabStack builds the lab in scope (normally the cdktf App).
func NewLabStack(scope constructs.Construct, id string, props *LabStackProps) *LabStack {
	cfg := props.Config
	stack := cdktf.NewTerraformStack(scope, jsii.String(id))
	s := &LabStack{Stack: stack, Config: cfg, dgenBinary: props.DgenBinary}
	s.Variables = NewVariables(stack, cfg.SourceRegion, cfg.TargetRegion)
	s.SourceProvider = newRegionProvider(stack, "source", s.Variables.SourceRegion, cfg.NamePrefix)
	s.TargetProvider = newRegionProvider(stack, "target", s.Variables.TargetRegion, cfg.NamePrefix)
	requireExtraProviders(stack)
	s.build()
	labOutputs(stack, s)
	return s
}

// build composes the lab. Construct ids below become Terraform addresses:
// changing one replaces the resources under it.
func (s *LabStack) build() {
	cfg, v, stack := s.Config, s.Variables, s.Stack
	src, tgt := s.SourceProvider, s.TargetProvider
	name := cfg.NamePrefix
	partition := dataawspartition.NewDataAwsPartition(stack, jsii.String("partition"), &dataawspartition.DataAwsPartitionConfig{Provider: tgt}).Partition()

	s.SourceNetwork = NewNetwork(stack, "source-network", &NetworkProps{
		Provider: src, Name: name + "-source", Cidr: cfg.SourceVpcCidr, Public: true,
	})
	s.TargetNetwork = NewNetwork(stack, "target-network", &NetworkProps{
		Provider: tgt, Name: name + "-target", Cidr: cfg.TargetVpcCidr,
	})
	s.Peering = NewPeering(stack, "peering", &PeeringProps{
		Requester: s.SourceNetwork, RequesterProvider: src,
		Accepter: s.TargetNetwork, AccepterProvider: tgt,
		AccepterRegion: v.TargetRegion.StringValue(), Name: name,
	})
	s.Endpoints = NewPrivateEndpoints(stack, "target-endpoints", &PrivateEndpointsProps{
		Provider: tgt, Network: s.TargetNetwork, Region: v.TargetRegion.StringValue(), Name: name,
	})

	s.SourceCredentials = NewCredentials(stack, "source-credentials", &CredentialsProps{
		Provider: tgt, SecretName: name + "/oracle", Username: v.SourceDbUsername, Password: v.SourceDbPassword, PasswordLength: 24,
	})
	s.TargetCredentials = NewCredentials(stack, "target-credentials", &CredentialsProps{
		Provider: tgt, SecretName: name + "/aurora", Username: v.TargetDbUsername, Password: v.TargetDbPassword, PasswordLength: 32,
	})

	s.Source = NewSourceDatabase(stack, "source-database", &SourceDatabaseProps{
		Provider: src, Network: s.SourceNetwork, Credentials: s.SourceCredentials, Config: cfg.Oracle, Name: name,
	})
	s.Target = NewTargetDatabase(stack, "target-database", &TargetDatabaseProps{
		Provider: tgt, Network: s.TargetNetwork, Credentials: s.TargetCredentials, Config: cfg.Aurora, Name: name,
	})
	s.Target.AllowFrom("from-source-vpc", jsii.String(cfg.SourceVpcCidr), "Source VPC across the peering (checks run from the generator host)")

	s.Host = NewGeneratorHost(stack, "generator-host", &GeneratorHostProps{
		Provider: src, Network: s.SourceNetwork, InstanceType: cfg.GeneratorInstanceType, Arch: cfg.GeneratorArch(), Name: name, Partition: partition,
		Ami: v.Ec2Ami.StringValue(), KeyName: v.KeyName.StringValue(), KeyPath: v.KeyPath.StringValue(), SshAllowedCidr: v.SshAllowedCidr.StringValue(),
	})
	// dgen on the host reads both databases' credentials, and the S3
	// target's files for dgen verify --s3.
	s.Bucket = NewPrivateBucket(stack, "target-bucket", &PrivateBucketProps{Provider: tgt, Name: v.TargetS3BucketName.StringValue(), Prefix: name + "-target-"})
	hostGrants := []cdktf.ITerraformDependable{
		s.SourceCredentials.GrantRead(s.Host.Role),
		s.TargetCredentials.GrantRead(s.Host.Role),
		s.Bucket.GrantRead(s.Host.Role),
	}
	hostReachesOracle := s.Source.AllowFromGroup("from-generator", s.Host.SecurityGroup, "Generator host")
	s.Bootstrap = NewGeneratorBootstrap(stack, "generator-bootstrap", &GeneratorBootstrapProps{
		Provider: src, Host: s.Host, Binary: s.dgenBinary, Name: name, Workload: cfg.Workload,
		SourceSecretArn: s.SourceCredentials.Secret.Arn(), SourceRegion: v.SourceRegion.StringValue(),
		// The host reaches SSM, S3 and Secrets Manager over its internet
		// route, with its role's policies in place.
		After: append(append(append([]cdktf.ITerraformDependable{s.Source.Instance, s.Source.SecretValue, hostReachesOracle}, s.Host.Ready...), hostGrants...), s.SourceNetwork.Routed...),
	})

	if cfg.DMSServiceRoles != "never" {
		s.ServiceRoles = NewDMSServiceRoles(stack, "dms-service-roles", &DMSServiceRolesProps{
			Provider: tgt, Partition: partition, Mode: cfg.DMSServiceRoles, Project: cfg.NamePrefix,
		})
	}
	schema := jsii.String(cfg.SchemaName)
	if cfg.SchemaName == "" {
		// The earlier system replicated the master user's own schema.
		schema = cdktf.Fn_Upper(v.SourceDbUsername.StringValue())
	}
	s.Schema = schema
	s.DMS = NewDMS(stack, "dms", &DMSProps{
		Provider: tgt, Network: s.TargetNetwork, Config: cfg.DMS, Name: name, Region: v.TargetRegion.StringValue(),
		ServiceRoles: s.ServiceRoles,
		// The routes each way across the peering, the target subnets' route
		// table (the S3 gateway endpoint's route lives there) and the
		// endpoints DMS calls from its private subnets.
		NetworkReady: append(append([]cdktf.ITerraformDependable{s.Peering.Accepter, s.Endpoints.S3, s.Endpoints.SecretsManager},
			s.Peering.Routes...), s.TargetNetwork.Routed...),
		Source: s.Source, Target: s.Target, Bucket: s.Bucket,
		Schema: schema, AuroraTask: cfg.AuroraTask, S3Task: cfg.S3Task,
		// The tasks start only once the source is prepared and loaded:
		// the Aurora task fails when it captures no table.
		TasksAfter: []cdktf.ITerraformDependable{s.Target.Writer, s.Bootstrap.Prepared},
	})
	// Oracle is in another region, where security groups cannot be
	// referenced: its port opens to the instance's private address alone,
	// or to the subnets DMS Serverless provisions its capacity in.
	var dmsRules []cdktf.ITerraformDependable
	if s.DMS.Serverless {
		for i, cidr := range s.DMS.SourceAccessCIDRs() {
			dmsRules = append(dmsRules, s.Source.AllowFrom(sprintf("from-dms-subnet-%d", i), cidr, "DMS Serverless replications in the target subnets, across the peering"))
		}
		dmsRules = append(dmsRules, s.Target.AllowFromGroup("from-dms", s.DMS.SecurityGroup, "DMS Serverless replications"))
	} else {
		dmsRules = append(dmsRules,
			s.Source.AllowFrom("from-dms", s.DMS.PrivateCIDR(), "DMS replication instance, across the peering"),
			s.Target.AllowFromGroup("from-dms", s.DMS.SecurityGroup, "DMS replication instance"))
	}
	s.DMS.AddTasks(dmsRules...)
	var replications []cdktf.ITerraformDependable
	for _, r := range s.DMS.Replications() {
		replications = append(replications, r.Resource)
	}
	s.Bootstrap.StartWorkload(replications)
	s.Monitoring = NewMonitoring(stack, "monitoring", &MonitoringProps{
		Provider: tgt, Name: name, Config: cfg.Monitoring,
		SourceRegion: v.SourceRegion.StringValue(), TargetRegion: v.TargetRegion.StringValue(),
		DMS: s.DMS, InstanceID: s.DMS.InstanceID, OracleID: s.Source.Identifier, AuroraWriterID: s.Target.WriterIdentifier,
		AlertEmail: v.AlertEmail.StringValue(),
	})
}

// newRegionProvider is an aliased AWS provider whose default tags mark every
// taggable resource as the lab's.
func newRegionProvider(scope constructs.Construct, alias string, region cdktf.TerraformVariable, project string) provider.AwsProvider {
	return provider.NewAwsProvider(scope, jsii.String(alias), &provider.AwsProviderConfig{
		Alias:  jsii.String(alias),
		Region: region.StringValue(),
		DefaultTags: &[]*provider.AwsProviderDefaultTags{{
			Tags: &map[string]*string{
				"Project":   jsii.String(project),
				"ManagedBy": jsii.String("cdktf"),
				"LabSide":   jsii.String(alias),
			},
		}},
	})
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
