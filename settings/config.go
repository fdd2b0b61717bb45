package settings

// Config is the lab's build-time configuration: everything that shapes the
// synthesized Terraform. Deploy-time inputs (credentials, the AMI, the key
// pair, the bucket name) are Terraform variables instead, so one synthesized
// lab can be deployed with different tfvars.
//
// Every default is set in DefaultConfig and documented on its field. A user
// changes any of them in lab.json (see LoadConfig); fields left out keep
// their defaults.
type Config struct {
	// NamePrefix starts every resource name and is the value of the Project
	// tag on every taggable resource. Default "dmslab".
	NamePrefix string `json:"namePrefix"`

	// SourceRegion is the default of the Terraform variable source_region,
	// where Oracle and the generator host run. Default "us-west-2".
	SourceRegion string `json:"sourceRegion"`
	// TargetRegion is the default of the Terraform variable target_region,
	// where Aurora, the bucket and DMS run. Default "us-east-1".
	TargetRegion string `json:"targetRegion"`

	// SourceVpcCidr is the source VPC's range. Default "10.0.0.0/16".
	SourceVpcCidr string `json:"sourceVpcCidr"`
	// TargetVpcCidr is the target VPC's range; it must not overlap the source
	// range, or the two VPCs cannot be peered. Default "10.1.0.0/16".
	TargetVpcCidr string `json:"targetVpcCidr"`

	// Oracle is the RDS for Oracle source database.
	Oracle OracleConfig `json:"oracle"`
	// Aurora is the Aurora PostgreSQL target cluster.
	Aurora AuroraConfig `json:"aurora"`
	// DMS is the replication instance.
	DMS DMSConfig `json:"dms"`

	// GeneratorInstanceType is the EC2 type of the data generator host.
	// Default "t3.micro" (x86_64).
	GeneratorInstanceType string `json:"generatorInstanceType"`

	// Workload is what the generator host does on its own during deploy
	// and after it.
	Workload WorkloadConfig `json:"workload"`

	// SchemaName is the Oracle schema both tasks replicate (an unquoted, so
	// upper-case, Oracle name). Default "": the upper-cased
	// source_db_username, as in the earlier system, since dgen creates its
	// tables in the schema of the user it connects as.
	SchemaName string `json:"schemaName"`

	// DMSServiceRoles decides who provides the account-wide dms-vpc-role and
	// dms-cloudwatch-logs-role, which DMS looks up by name:
	//   "auto"   create each one only when the account lacks it, decided at
	//            deploy time; destroy removes only the roles the lab created;
	//   "always" create both (fails when either exists);
	//   "never"  create neither (the account must have them).
	// Default "auto".
	DMSServiceRoles string `json:"dmsServiceRoles"`

	// Monitoring is the lab's dashboard, alarms and DMS event notifications.
	Monitoring MonitoringConfig `json:"monitoring"`

	// AuroraTask is the Oracle to Aurora PostgreSQL task.
	AuroraTask TaskConfig `json:"auroraTask"`
	// S3Task is the Oracle to S3 task.
	S3Task TaskConfig `json:"s3Task"`
}

// OracleConfig shapes the RDS for Oracle source.
type OracleConfig struct {
	// EngineVersion is a major version ("19", resolved at deploy time to the
	// newest release update RDS offers) or an exact RDS version string.
	// RDS creates only 19c and 21c. Default "19".
	EngineVersion string `json:"engineVersion"`
	// InstanceClass is the smallest class that runs Oracle SE2 19c
	// license-included. Default "db.t3.small".
	InstanceClass string `json:"instanceClass"`
	// AllocatedStorageGB is the initial gp3 size. Default 20, the RDS minimum.
	AllocatedStorageGB int `json:"allocatedStorageGb"`
	// MaxAllocatedStorageGB lets storage grow on its own up to this size; 0
	// turns storage autoscaling off. RDS grows storage by at least 10 GiB, so
	// a ceiling closer than that to allocatedStorageGb could never be used.
	// Default 0 (the earlier system's 25 on 20 GiB could never grow).
	MaxAllocatedStorageGB int `json:"maxAllocatedStorageGb"`
	// BackupRetentionDays must be at least 1: automated backups are what put
	// RDS for Oracle in ARCHIVELOG mode, which CDC reads. Default 1.
	BackupRetentionDays int `json:"backupRetentionDays"`
	// DatabaseName is the Oracle SID / service. Default "DBSOURCE", as before.
	DatabaseName string `json:"databaseName"`
}

// AuroraConfig shapes the Aurora PostgreSQL target.
type AuroraConfig struct {
	// EngineVersion is a major version ("16", resolved at deploy time to the
	// newest minor) or an exact version. Majors 13 to 17. Default "16".
	EngineVersion string `json:"engineVersion"`
	// InstanceClass of the single writer. Default "db.t4g.medium", the
	// smallest provisioned class Aurora PostgreSQL offers.
	InstanceClass string `json:"instanceClass"`
	// DatabaseName is the database DMS writes into. Default "DBTARGET", as before.
	DatabaseName string `json:"databaseName"`
}

// DMSConfig shapes the replication side: a replication instance running
// two tasks (the default), or, with Serverless set, two DMS Serverless
// replications that size themselves.
type DMSConfig struct {
	// Serverless, when present in lab.json, replaces the replication
	// instance and its tasks with one DMS Serverless replication per task
	// (same endpoints, settings and mappings). InstanceClass, EngineVersion
	// and AllocatedStorageGB belong to the instance and must not be given
	// with it. Default absent (nil): a replication instance.
	Serverless *DMSServerlessConfig `json:"serverless"`
	// InstanceClass is a current-generation class. Default "dms.t3.small".
	InstanceClass string `json:"instanceClass"`
	// EngineVersion pins the replication engine version, such as "3.6.1".
	// DMS stops accepting new instances on an engine version some months
	// after a newer one ships, so a pinned default would break deploys:
	// default "", which sends none and lets DMS use its current default.
	// Terraform ignores later changes to it once the instance exists.
	EngineVersion string `json:"engineVersion"`
	// AllocatedStorageGB holds logs and cached changes. Default 20.
	AllocatedStorageGB int `json:"allocatedStorageGb"`
}

// DMSServerlessConfig is the capacity DMS Serverless may give each of the
// two replications, in DMS capacity units (DCU: 2 GB of memory each; DMS
// accepts 1, 2, 4, 8, 16, 32, 64, 128, 192, 256 and 384). DMS starts within
// these bounds from its own estimate and scales between them; it bills the
// units in use by the hour.
type DMSServerlessConfig struct {
	// MinCapacityUnits is the floor DMS scales down to. Default 1.
	MinCapacityUnits int `json:"minCapacityUnits"`
	// MaxCapacityUnits is the ceiling DMS scales up to (and what a bill
	// can reach). Default 4.
	MaxCapacityUnits int `json:"maxCapacityUnits"`
	// MultiAZ runs each replication with a standby in a second
	// Availability Zone (billed twice). Default false.
	MultiAZ bool `json:"multiAz"`
}

// DefaultServerless is what a `"serverless": {}` in lab.json gets.
func DefaultServerless() DMSServerlessConfig {
	return DMSServerlessConfig{MinCapacityUnits: 1, MaxCapacityUnits: 4}
}

// ServerlessCapacityUnits are the DCU values DMS accepts for either bound
// (ComputeConfig in the DMS API Reference).
var ServerlessCapacityUnits = []int{1, 2, 4, 8, 16, 32, 64, 128, 192, 256, 384}

// WorkloadConfig is the data the lab generates by itself: a preload before
// the tasks start, then a steady change workload.
type WorkloadConfig struct {
	// PreloadRows is how many rows dgen preload puts in each table before
	// the DMS tasks are created. Default 10000.
	PreloadRows int64 `json:"preloadRows"`
	// RunRate is the changes per second dgen run makes once both tasks
	// run. Default 10.
	RunRate float64 `json:"runRate"`
	// RunDuration is how long dgen run goes on, as a Go duration ("90m");
	// "0" means until stopped. Default "1h".
	RunDuration string `json:"runDuration"`
	// RunMix weighs inserts, updates and deletes. Default
	// "insert=6,update=3,delete=1".
	RunMix string `json:"runMix"`
}

// MonitoringConfig shapes the CloudWatch alarms. The dashboard and the DMS
// event subscriptions have nothing to set; the e-mail address alerts go to
// is the deploy-time variable alert_email.
type MonitoringConfig struct {
	// CDCLatencyAlarmSeconds raises an alarm when a task's CDCLatencySource
	// or CDCLatencyTarget stays above it for 5 minutes. Default 300.
	CDCLatencyAlarmSeconds int `json:"cdcLatencyAlarmSeconds"`
}

// TaskConfig is one replication task's settings and table mappings.
type TaskConfig struct {
	// Settings start from the task's preset (OracleToAurora or OracleToS3);
	// keys given in lab.json replace the preset's, section by section, and a
	// list such as Logging.LogComponents is replaced whole.
	Settings *TaskSettings `json:"settings"`
	// TableMappings replaces the default mapping, which includes every table
	// of SchemaName. Default nil (that default).
	TableMappings *TableMapping `json:"tableMappings,omitempty"`
}

// DefaultConfig returns the lab as it deploys when nothing is configured.
func DefaultConfig() *Config {
	return &Config{
		NamePrefix:    "dmslab",
		SourceRegion:  "us-west-2",
		TargetRegion:  "us-east-1",
		SourceVpcCidr: "10.0.0.0/16",
		TargetVpcCidr: "10.1.0.0/16",
		Oracle: OracleConfig{
			EngineVersion:         "19",
			InstanceClass:         "db.t3.small",
			AllocatedStorageGB:    20,
			MaxAllocatedStorageGB: 0,
			BackupRetentionDays:   1,
			DatabaseName:          "DBSOURCE",
		},
		Aurora: AuroraConfig{
			EngineVersion: "16",
			InstanceClass: "db.t4g.medium",
			DatabaseName:  "DBTARGET",
		},
		DMS: DMSConfig{
			InstanceClass:      "dms.t3.small",
			AllocatedStorageGB: 20,
		},
		GeneratorInstanceType: "t3.micro",
		Workload: WorkloadConfig{
			PreloadRows: 10000,
			RunRate:     10,
			RunDuration: "1h",
			RunMix:      "insert=6,update=3,delete=1",
		},
		DMSServiceRoles: "auto",
		Monitoring:      MonitoringConfig{CDCLatencyAlarmSeconds: 300},
		AuroraTask:      TaskConfig{Settings: OracleToAurora()},
		S3Task:          TaskConfig{Settings: OracleToS3()},
	}
}

// Mapping returns the task's table mapping: the configured one, or every
// table of schema.
func (t TaskConfig) Mapping(schema string) *TableMapping {
	if t.TableMappings != nil {
		return t.TableMappings
	}
	return IncludeSchema(schema)
}
