package constructs

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudwatchloggroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dbinstance"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/secretsmanagersecretversion"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securitygroup"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/dmslab/dmslab/settings"
)

// OraclePort is the listener port of the source.
const OraclePort = 1521

// OracleLogExports are the Oracle logs RDS publishes to CloudWatch Logs.
var OracleLogExports = []string{"alert", "audit", "listener", "trace"}

// SourceDatabaseProps configures NewSourceDatabase.
type SourceDatabaseProps struct {
	Provider    provider.AwsProvider
	Network     *Network
	Credentials *Credentials
	Config      settings.OracleConfig
	// Name is the RDS identifier. Required.
	Name string
}

// SourceDatabase is RDS for Oracle SE2, private, in ARCHIVELOG mode for CDC.
type SourceDatabase struct {
	Instance      dbinstance.DbInstance
	SecurityGroup securitygroup.SecurityGroup
	// Credentials are its master user's; their secret holds this
	// database's address once SecretValue exists.
	Credentials *Credentials
	SecretValue secretsmanagersecretversion.SecretsmanagerSecretVersion
	// DatabaseName is the SID DMS and dgen connect to.
	DatabaseName string
	// Identifier is the RDS instance identifier, known at synth time.
	Identifier string
	construct  constructs.Construct
	provider   provider.AwsProvider
}

// NewSourceDatabase builds the Oracle source. Nothing may reach its port
// until AllowFrom or AllowFromGroup opens it to one peer.
func NewSourceDatabase(scope constructs.Construct, id string, props *SourceDatabaseProps) *SourceDatabase {
	c := constructs.NewConstruct(scope, jsii.String(id))
	cfg := props.Config
	sg, subnets := databasePlacement(c, props.Provider, props.Network, props.Name+"-oracle", "Oracle source: its port, from DMS and the generator host only")
	identifier := props.Name + "-oracle"
	// RDS creates /aws/rds/instance/<id>/<log> on first export when it is
	// missing, outside Terraform's state, so it would outlive destroy. Made
	// here first, each has a retention and goes with the lab.
	var logGroups []cdktf.ITerraformDependable
	for _, l := range OracleLogExports {
		logGroups = append(logGroups, cloudwatchloggroup.NewCloudwatchLogGroup(c, jsii.String("log-"+l), &cloudwatchloggroup.CloudwatchLogGroupConfig{
			Provider:        props.Provider,
			Name:            jsii.String("/aws/rds/instance/" + identifier + "/" + l),
			RetentionInDays: jsii.Number(LogRetentionDays),
		}))
	}
	maxStorage := (*float64)(nil)
	if cfg.MaxAllocatedStorageGB > 0 {
		maxStorage = jsii.Number(cfg.MaxAllocatedStorageGB)
	}
	db := dbinstance.NewDbInstance(c, jsii.String("oracle"), &dbinstance.DbInstanceConfig{
		Provider:   props.Provider,
		Identifier: jsii.String(identifier),
		Engine:     jsii.String("oracle-se2"),
		// License-included exists only for Standard Edition 2.
		LicenseModel:        jsii.String("license-included"),
		EngineVersion:       engineVersion(c, "engine-version", props.Provider, oracleSE2Lookup, cfg.EngineVersion),
		InstanceClass:       jsii.String(cfg.InstanceClass),
		AllocatedStorage:    jsii.Number(cfg.AllocatedStorageGB),
		MaxAllocatedStorage: maxStorage,
		StorageType:         jsii.String("gp3"),
		StorageEncrypted:    jsii.Bool(true),
		DbName:              jsii.String(cfg.DatabaseName),
		CharacterSetName:    jsii.String("AL32UTF8"),
		Port:                jsii.Number(OraclePort),
		Username:            props.Credentials.Username,
		Password:            props.Credentials.Password,
		DbSubnetGroupName:   subnets.Name(),
		VpcSecurityGroupIds: &[]*string{sg.Id()},
		PubliclyAccessible:  jsii.Bool(false),
		// Automated backups are what put RDS for Oracle in ARCHIVELOG mode.
		BackupRetentionPeriod:        jsii.Number(cfg.BackupRetentionDays),
		EnabledCloudwatchLogsExports: jsii.Strings(OracleLogExports...),
		SkipFinalSnapshot:            jsii.Bool(true),
		DeleteAutomatedBackups:       jsii.Bool(true),
		ApplyImmediately:             jsii.Bool(true),
		AutoMinorVersionUpgrade:      jsii.Bool(false),
		Lifecycle:                    ignoreEngineVersion(),
		DependsOn:                    &logGroups,
	})
	return &SourceDatabase{
		Instance: db, SecurityGroup: sg, Credentials: props.Credentials, DatabaseName: cfg.DatabaseName, Identifier: identifier,
		SecretValue: props.Credentials.Publish("oracle", db.Address(), db.Port(), cfg.DatabaseName),
		construct:   c, provider: props.Provider,
	}
}

// AllowFrom opens the Oracle port to one CIDR (a peer in another region,
// where security groups cannot be referenced).
func (s *SourceDatabase) AllowFrom(id string, cidr *string, description string) cdktf.ITerraformDependable {
	return openPort(s.construct, id, s.provider, s.SecurityGroup, OraclePort, peer{cidr: cidr}, description)
}

// AllowFromGroup opens the Oracle port to one security group of its VPC.
func (s *SourceDatabase) AllowFromGroup(id string, group securitygroup.SecurityGroup, description string) cdktf.ITerraformDependable {
	return openPort(s.construct, id, s.provider, s.SecurityGroup, OraclePort, peer{group: group}, description)
}
