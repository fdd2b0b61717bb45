package constructs

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dbsubnetgroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/rdscluster"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/rdsclusterendpoint"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/rdsclusterinstance"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/secretsmanagersecretversion"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securitygroup"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/dmslab/dmslab/settings"
)

// PostgresPort is the target cluster's port.
const PostgresPort = 5432

// TargetDatabaseProps configures NewTargetDatabase.
type TargetDatabaseProps struct {
	Provider    provider.AwsProvider
	Network     *Network
	Credentials *Credentials
	Config      settings.AuroraConfig
	// Name prefixes the cluster's identifiers. Required.
	Name string
}

// TargetDatabase is an Aurora PostgreSQL cluster with one writer and the
// earlier system's custom "reader-writer" endpoint.
type TargetDatabase struct {
	Cluster rdscluster.RdsCluster
	// Credentials are its master user's; their secret holds this
	// cluster's address once SecretValue exists.
	Credentials  *Credentials
	SecretValue  secretsmanagersecretversion.SecretsmanagerSecretVersion
	DatabaseName string
	// WriterIdentifier is the writer instance's identifier.
	WriterIdentifier string
	Writer           rdsclusterinstance.RdsClusterInstance
	ReaderWriter     rdsclusterendpoint.RdsClusterEndpoint
	SecurityGroup    securitygroup.SecurityGroup
	construct        constructs.Construct
	provider         provider.AwsProvider
}

// NewTargetDatabase builds the Aurora target. Its port opens only through
// AllowFromGroup and AllowFrom.
func NewTargetDatabase(scope constructs.Construct, id string, props *TargetDatabaseProps) *TargetDatabase {
	c := constructs.NewConstruct(scope, jsii.String(id))
	cfg := props.Config
	t := &TargetDatabase{construct: c, provider: props.Provider, Credentials: props.Credentials, DatabaseName: cfg.DatabaseName,
		WriterIdentifier: props.Name + "-aurora-writer"}
	var subnets dbsubnetgroup.DbSubnetGroup
	t.SecurityGroup, subnets = databasePlacement(c, props.Provider, props.Network, props.Name+"-aurora", "Aurora target: PostgreSQL, from DMS and the source VPC only")
	t.Cluster = rdscluster.NewRdsCluster(c, jsii.String("cluster"), &rdscluster.RdsClusterConfig{
		Provider:              props.Provider,
		ClusterIdentifier:     jsii.String(props.Name + "-aurora"),
		Engine:                jsii.String("aurora-postgresql"),
		EngineVersion:         engineVersion(c, "engine-version", props.Provider, auroraPGLookup, cfg.EngineVersion),
		DatabaseName:          jsii.String(cfg.DatabaseName),
		Port:                  jsii.Number(PostgresPort),
		MasterUsername:        props.Credentials.Username,
		MasterPassword:        props.Credentials.Password,
		DbSubnetGroupName:     subnets.Name(),
		VpcSecurityGroupIds:   &[]*string{t.SecurityGroup.Id()},
		StorageEncrypted:      jsii.Bool(true),
		BackupRetentionPeriod: jsii.Number(1),
		SkipFinalSnapshot:     jsii.Bool(true),
		ApplyImmediately:      jsii.Bool(true),
		Lifecycle:             ignoreEngineVersion(),
	})
	t.Writer = rdsclusterinstance.NewRdsClusterInstance(c, jsii.String("writer"), &rdsclusterinstance.RdsClusterInstanceConfig{
		Provider:                props.Provider,
		Identifier:              jsii.String(t.WriterIdentifier),
		ClusterIdentifier:       t.Cluster.Id(),
		InstanceClass:           jsii.String(cfg.InstanceClass),
		Engine:                  t.Cluster.Engine(),
		EngineVersion:           t.Cluster.EngineVersion(),
		DbSubnetGroupName:       subnets.Name(),
		PubliclyAccessible:      jsii.Bool(false),
		ApplyImmediately:        jsii.Bool(true),
		AutoMinorVersionUpgrade: jsii.Bool(false),
		Lifecycle:               ignoreEngineVersion(),
	})
	t.ReaderWriter = rdsclusterendpoint.NewRdsClusterEndpoint(c, jsii.String("reader-writer"), &rdsclusterendpoint.RdsClusterEndpointConfig{
		Provider:          props.Provider,
		ClusterIdentifier: t.Cluster.Id(),
		// Unique per account and region: a second lab, or the earlier
		// system's "reader-writer", must not collide.
		ClusterEndpointIdentifier: jsii.String(props.Name + "-reader-writer"),
		CustomEndpointType:        jsii.String("ANY"),
		DependsOn:                 &[]cdktf.ITerraformDependable{t.Writer},
	})
	t.SecretValue = props.Credentials.Publish("postgres", t.Cluster.Endpoint(), t.Cluster.Port(), cfg.DatabaseName)
	return t
}

// AllowFromGroup opens the PostgreSQL port to a security group of the VPC.
func (t *TargetDatabase) AllowFromGroup(id string, group securitygroup.SecurityGroup, description string) cdktf.ITerraformDependable {
	return openPort(t.construct, id, t.provider, t.SecurityGroup, PostgresPort, peer{group: group}, description)
}

// AllowFrom opens the PostgreSQL port to a CIDR (the peered source VPC).
func (t *TargetDatabase) AllowFrom(id string, cidr *string, description string) cdktf.ITerraformDependable {
	return openPort(t.construct, id, t.provider, t.SecurityGroup, PostgresPort, peer{cidr: cidr}, description)
}
