package settings

import (
	"fmt"
	"regexp"
	"strings"
)

// NameRule is what one AWS service accepts as a name. Each rule below cites
// the documentation it comes from.
type NameRule struct {
	// Service names the kind of name, such as "RDS DB instance identifier".
	Service string
	// Max is the longest name the service accepts.
	Max int
	// Pattern is the form of an accepted name; nil means any text.
	Pattern *regexp.Regexp
	// Form says in words what Pattern allows.
	Form string
	// ReservedPrefixes and ReservedSuffixes are refused by the service,
	// compared case-insensitively when FoldCase is set.
	ReservedPrefixes, ReservedSuffixes []string
	FoldCase                           bool
	// Why names the source of the rule.
	Why string
}

// The rules of every kind of name the lab builds from namePrefix.
var (
	// RDS User Guide, "Naming constraints in Amazon RDS"; CreateDBInstance,
	// CreateDBCluster, CreateDBClusterEndpoint: DBInstanceIdentifier.
	RDSIdentifierRule = NameRule{Service: "RDS identifier", Max: 63,
		Pattern: regexp.MustCompile(`^[a-zA-Z](-?[a-zA-Z0-9])*$`),
		Form:    "letters, digits and hyphens, starting with a letter, no two hyphens in a row, not ending with a hyphen",
		Why:     "RDS API Reference, CreateDBInstance DBInstanceIdentifier"}
	// CreateDBSubnetGroup DBSubnetGroupName; the AWS provider lower-cases
	// nothing and refuses upper case.
	DBSubnetGroupRule = NameRule{Service: "RDS DB subnet group name", Max: 255,
		Pattern: regexp.MustCompile(`^[a-z0-9 ._-]+$`), Form: "lower-case letters, digits, spaces, periods, underscores and hyphens",
		Why: "RDS API Reference, CreateDBSubnetGroup DBSubnetGroupName"}
	// EC2 CreateSecurityGroup GroupName: "Can't start with sg-".
	SecurityGroupRule = NameRule{Service: "EC2 security group name", Max: 255,
		Pattern:          regexp.MustCompile(`^[a-zA-Z0-9 ._:/()#,@\[\]+=&;{}!$*-]+$`),
		Form:             "letters, digits, spaces and ._-:/()#,@[]+=&;{}!$*",
		ReservedPrefixes: []string{"sg-"}, FoldCase: true,
		Why: "EC2 API Reference, CreateSecurityGroup GroupName"}
	// DMS API Reference: CreateReplicationInstance ReplicationInstanceIdentifier
	// (1-63), CreateEndpoint EndpointIdentifier and CreateReplicationTask
	// ReplicationTaskIdentifier (1-255): letters, digits and hyphens, first
	// a letter, no two consecutive hyphens, not ending with a hyphen.
	DMSInstanceRule = NameRule{Service: "DMS replication instance identifier", Max: 63,
		Pattern: RDSIdentifierRule.Pattern, Form: RDSIdentifierRule.Form,
		Why: "DMS API Reference, CreateReplicationInstance ReplicationInstanceIdentifier"}
	DMSEndpointRule = NameRule{Service: "DMS endpoint identifier", Max: 255,
		Pattern: RDSIdentifierRule.Pattern, Form: RDSIdentifierRule.Form,
		Why: "DMS API Reference, CreateEndpoint EndpointIdentifier"}
	DMSTaskRule = NameRule{Service: "DMS replication task identifier", Max: 255,
		Pattern: RDSIdentifierRule.Pattern, Form: RDSIdentifierRule.Form,
		Why: "DMS API Reference, CreateReplicationTask ReplicationTaskIdentifier"}
	// DMS API Reference, CreateReplicationConfig: ReplicationConfigIdentifier
	// names the serverless replication; ResourceIdentifier, the last part of
	// its ARN, "can have up to 31 characters" of ASCII letters, digits and
	// hyphens, starting with a letter, no two consecutive hyphens, not
	// ending with one (as for CreateEndpoint's ResourceIdentifier).
	DMSReplicationConfigRule = NameRule{Service: "DMS replication config identifier", Max: 255,
		Pattern: RDSIdentifierRule.Pattern, Form: RDSIdentifierRule.Form,
		Why: "DMS API Reference, CreateReplicationConfig ReplicationConfigIdentifier"}
	DMSResourceIdentifierRule = NameRule{Service: "DMS resource identifier", Max: 31,
		Pattern: RDSIdentifierRule.Pattern, Form: RDSIdentifierRule.Form,
		Why: "DMS API Reference, CreateReplicationConfig ResourceIdentifier"}
	DMSSubnetGroupRule = NameRule{Service: "DMS replication subnet group identifier", Max: 255,
		Pattern: regexp.MustCompile(`^[a-z0-9 ._-]+$`), Form: "lower-case letters, digits, spaces, periods, underscores and hyphens",
		Why: "DMS API Reference, CreateReplicationSubnetGroup ReplicationSubnetGroupIdentifier"}
	// IAM User Guide, "IAM and AWS STS quotas": role names 64 characters,
	// inline policy and instance profile names 128; IAM API Reference:
	// the characters [\w+=,.@-].
	IAMRoleRule = NameRule{Service: "IAM role name", Max: 64,
		Pattern: regexp.MustCompile(`^[\w+=,.@-]+$`), Form: "letters, digits and +=,.@_-",
		Why: "IAM API Reference, CreateRole RoleName; IAM quotas"}
	IAMPolicyRule = NameRule{Service: "IAM inline policy name", Max: 128,
		Pattern: IAMRoleRule.Pattern, Form: IAMRoleRule.Form,
		Why: "IAM API Reference, PutRolePolicy PolicyName"}
	IAMInstanceProfileRule = NameRule{Service: "IAM instance profile name", Max: 128,
		Pattern: IAMRoleRule.Pattern, Form: IAMRoleRule.Form,
		Why: "IAM API Reference, CreateInstanceProfile InstanceProfileName"}
	// S3 User Guide, "General purpose bucket naming rules". The lab's own
	// buckets take a bucket_prefix, to which Terraform appends a 26-character
	// unique id: the prefix may hold at most 63-26 = 37 characters.
	S3BucketPrefixRule = NameRule{Service: "S3 bucket name prefix", Max: 37,
		Pattern:          regexp.MustCompile(`^[a-z0-9][a-z0-9.-]*$`),
		Form:             "lower-case letters, digits, periods and hyphens, starting with a letter or digit",
		ReservedPrefixes: S3ReservedPrefixes,
		Why:              "S3 User Guide, general purpose bucket naming rules; Terraform adds 26 characters to bucket_prefix"}
	// SSM API Reference, CreateDocument Name: [a-zA-Z0-9_.-], 3 to 128, and
	// "You can't use the following strings as document name prefixes":
	// aws, amazon, amzn (AWSEC2, AWSConfigRemediation and AWSSupport start
	// with aws).
	SSMDocumentRule = NameRule{Service: "SSM document name", Max: 128,
		Pattern:          regexp.MustCompile(`^[a-zA-Z0-9_.-]{3,}$`),
		Form:             "3 or more letters, digits, periods, underscores and hyphens",
		ReservedPrefixes: []string{"aws", "amazon", "amzn"}, FoldCase: true,
		Why: "SSM API Reference, CreateDocument Name"}
	SSMAssociationRule = NameRule{Service: "SSM association name", Max: 128,
		Pattern: regexp.MustCompile(`^[a-zA-Z0-9_.-]{3,}$`), Form: "3 or more letters, digits, periods, underscores and hyphens",
		Why: "SSM API Reference, CreateAssociation AssociationName"}
	// Secrets Manager API Reference, CreateSecret Name: 1 to 512 of
	// letters, digits and /_+=.@-.
	SecretRule = NameRule{Service: "Secrets Manager secret name", Max: 512,
		Pattern: regexp.MustCompile(`^[a-zA-Z0-9/_+=.@-]+$`), Form: "letters, digits and /_+=.@-",
		Why: "Secrets Manager API Reference, CreateSecret Name"}
	// CloudWatch Logs API Reference, CreateLogGroup logGroupName.
	LogGroupRule = NameRule{Service: "CloudWatch Logs log group name", Max: 512,
		Pattern: regexp.MustCompile(`^[.\-_/#A-Za-z0-9]+$`), Form: "letters, digits and ._-/#",
		Why: "CloudWatch Logs API Reference, CreateLogGroup logGroupName"}
	// CloudFormation API Reference, CreateStack StackName: a letter, then
	// letters, digits and hyphens, at most 128.
	StackNameRule = NameRule{Service: "CloudFormation stack name", Max: 128,
		Pattern: regexp.MustCompile(`^[a-zA-Z][-a-zA-Z0-9]*$`), Form: "letters, digits and hyphens, starting with a letter",
		Why: "CloudFormation API Reference, CreateStack StackName"}
	// SNS API Reference, CreateTopic Name: 1 to 256 letters, digits,
	// underscores and hyphens.
	SNSTopicRule = NameRule{Service: "SNS topic name", Max: 256,
		Pattern: regexp.MustCompile(`^[A-Za-z0-9_-]+$`), Form: "letters, digits, underscores and hyphens",
		Why: "SNS API Reference, CreateTopic Name"}
	// CloudWatch API Reference, PutDashboard DashboardName: up to 255 of
	// A-Z, a-z, 0-9, "-" and "_"; PutMetricAlarm AlarmName: 1 to 255.
	DashboardRule = NameRule{Service: "CloudWatch dashboard name", Max: 255,
		Pattern: regexp.MustCompile(`^[A-Za-z0-9_-]+$`), Form: "letters, digits, underscores and hyphens",
		Why: "CloudWatch API Reference, PutDashboard DashboardName"}
	AlarmRule = NameRule{Service: "CloudWatch alarm name", Max: 255,
		Why: "CloudWatch API Reference, PutMetricAlarm AlarmName"}
	// DMS API Reference, CreateEventSubscription SubscriptionName: "must be
	// less than 255 characters".
	DMSEventSubscriptionRule = NameRule{Service: "DMS event subscription name", Max: 254,
		Pattern: RDSIdentifierRule.Pattern, Form: RDSIdentifierRule.Form,
		Why: "DMS API Reference, CreateEventSubscription SubscriptionName"}
	// EC2 User Guide, "Tag restrictions": a tag value holds up to 256
	// Unicode characters.
	TagValueRule = NameRule{Service: "EC2 tag value", Max: 256,
		Why: "EC2 User Guide, tag restrictions"}
)

// S3ReservedPrefixes and S3ReservedSuffixes are the bucket name prefixes
// and suffixes S3 refuses (S3 User Guide, "General purpose bucket naming
// rules").
var (
	S3ReservedPrefixes = []string{"xn--", "sthree-", "amzn-s3-demo-"}
	S3ReservedSuffixes = []string{"-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"}
)

// DerivedName is one physical name the constructs build from namePrefix,
// and the rule of the service that must accept it.
type DerivedName struct {
	// Template is the name with {p} where namePrefix goes (some names
	// hold it twice, such as an inline policy named after its role and
	// the secret it reads).
	Template string
	Rule     NameRule
	// Where is the constructs file that builds it.
	Where string
}

// Name is the name built from prefix.
func (d DerivedName) Name(prefix string) string { return strings.ReplaceAll(d.Template, "{p}", prefix) }

// DerivedNames lists every physical name built from namePrefix, so that
// Validate can check each against its service's rules with the real
// names, the longest included. A construct that builds a new name from the
// prefix adds it here.
var DerivedNames = []DerivedName{
	{"{p}-source", TagValueRule, "network.go (VPC Name tag)"},
	{"{p}-target-2", TagValueRule, "network.go (subnet Name tag)"},
	{"{p}-secretsmanager", TagValueRule, "private_endpoints.go (endpoint Name tag)"},
	{"{p}", TagValueRule, "stack.go (Project tag on every resource)"},
	{"{p}-dms", SecurityGroupRule, "dms.go"},
	{"{p}-oracle", SecurityGroupRule, "source_database.go"},
	{"{p}-aurora", SecurityGroupRule, "target_database.go"},
	{"{p}-generator", SecurityGroupRule, "generator_host.go"},
	{"{p}-endpoints", SecurityGroupRule, "private_endpoints.go"},
	{"{p}-oracle", DBSubnetGroupRule, "source_database.go"},
	{"{p}-aurora", DBSubnetGroupRule, "target_database.go"},
	{"{p}-oracle", RDSIdentifierRule, "source_database.go (DB instance)"},
	{"{p}-aurora", RDSIdentifierRule, "target_database.go (DB cluster)"},
	{"{p}-aurora-writer", RDSIdentifierRule, "target_database.go (DB instance)"},
	{"{p}-reader-writer", RDSIdentifierRule, "target_database.go (custom cluster endpoint)"},
	{"{p}-dms", DMSInstanceRule, "dms.go"},
	{"{p}-dms", DMSSubnetGroupRule, "dms.go"},
	{"{p}-oracle-source", DMSEndpointRule, "dms.go"},
	{"{p}-aurora-target", DMSEndpointRule, "dms.go"},
	{"{p}-s3-target", DMSEndpointRule, "dms.go"},
	{"{p}-oracle-to-aurora", DMSTaskRule, "dms.go"},
	{"{p}-oracle-to-s3", DMSTaskRule, "dms.go"},
	{"{p}-oracle-to-aurora", DMSReplicationConfigRule, "dms_serverless.go"},
	{"{p}-oracle-to-s3", DMSReplicationConfigRule, "dms_serverless.go"},
	{"{p}-pg", DMSResourceIdentifierRule, "dms_serverless.go"},
	{"{p}-s3", DMSResourceIdentifierRule, "dms_serverless.go"},
	{"{p}-dms-secrets", IAMRoleRule, "dms.go"},
	{"{p}-dms-s3", IAMRoleRule, "dms.go"},
	{"{p}-generator", IAMRoleRule, "generator_host.go"},
	{"{p}-dms-secrets-read-{p}-aurora", IAMPolicyRule, "credentials.go (grant to DMS's secrets role)"},
	{"{p}-dms-secrets-read-{p}-oracle", IAMPolicyRule, "credentials.go (grant to DMS's secrets role)"},
	{"{p}-generator-read-{p}-oracle", IAMPolicyRule, "credentials.go (grant to the host)"},
	{"{p}-generator-read-{p}-aurora", IAMPolicyRule, "credentials.go (grant to the host)"},
	{"{p}-generator-read-{p}-target", IAMPolicyRule, "bucket.go (grant to the host)"},
	{"{p}-generator-read-dgen", IAMPolicyRule, "bucket.go (grant of the dgen object to the host)"},
	{"{p}-dms-s3-write-{p}-target", IAMPolicyRule, "bucket.go (grant to DMS's S3 role)"},
	{"{p}-generator", IAMInstanceProfileRule, "generator_host.go"},
	{"{p}-artifacts-", S3BucketPrefixRule, "generator_bootstrap.go"},
	{"{p}-target-", S3BucketPrefixRule, "stack.go"},
	{"{p}-prepare-source", SSMDocumentRule, "generator_bootstrap.go"},
	{"{p}-start-workload", SSMDocumentRule, "generator_bootstrap.go"},
	{"{p}-prepare-source", SSMAssociationRule, "host_gate.go (the association is named after its gate stack)"},
	{"{p}-start-workload", SSMAssociationRule, "host_gate.go"},
	{"{p}-prepare-source", StackNameRule, "generator_bootstrap.go (gate stack)"},
	{"{p}-start-workload", StackNameRule, "generator_bootstrap.go (gate stack)"},
	{"{p}-alerts", SNSTopicRule, "monitoring.go"},
	{"{p}-dms-lab", DashboardRule, "monitoring.go"},
	{"{p}-oracle-to-aurora-cdc-latency-source", AlarmRule, "monitoring.go"},
	{"{p}-oracle-to-aurora-cdc-latency-target", AlarmRule, "monitoring.go"},
	{"{p}-oracle-to-s3-cdc-latency-source", AlarmRule, "monitoring.go"},
	{"{p}-oracle-to-s3-cdc-latency-target", AlarmRule, "monitoring.go"},
	{"{p}-replication-instance-events", DMSEventSubscriptionRule, "monitoring.go"},
	{"{p}-replication-task-events", DMSEventSubscriptionRule, "monitoring.go"},
	{"{p}/oracle", SecretRule, "stack.go"},
	{"{p}/aurora", SecretRule, "stack.go"},
	{"dms-tasks-{p}-dms", LogGroupRule, "dms.go (DMS task logs)"},
	{"dms-serverless-replication-{p}-pg", LogGroupRule, "dms_serverless.go (serverless replication logs)"},
	{"dms-serverless-replication-{p}-s3", LogGroupRule, "dms_serverless.go (serverless replication logs)"},
	{"/aws/rds/instance/{p}-oracle/alert", LogGroupRule, "source_database.go (RDS log exports)"},
	{"/aws/rds/instance/{p}-oracle/audit", LogGroupRule, "source_database.go (RDS log exports)"},
	{"/aws/rds/instance/{p}-oracle/listener", LogGroupRule, "source_database.go (RDS log exports)"},
	{"/aws/rds/instance/{p}-oracle/trace", LogGroupRule, "source_database.go (RDS log exports)"},
}

// Check returns what is wrong with name under the rule, or "".
func (r NameRule) Check(name string) string {
	switch {
	case len(name) > r.Max:
		return fmt.Sprintf("is %d characters long; at most %d", len(name), r.Max)
	case r.Pattern != nil && !r.Pattern.MatchString(name):
		return "is not " + r.Form
	}
	cmp := name
	if r.FoldCase {
		cmp = strings.ToLower(name)
	}
	for _, p := range r.ReservedPrefixes {
		if strings.HasPrefix(cmp, strings.ToLower(p)) {
			return fmt.Sprintf("starts with %q, which the service reserves (reserved prefixes: %s)", p, strings.Join(r.ReservedPrefixes, ", "))
		}
	}
	for _, s := range r.ReservedSuffixes {
		if strings.HasSuffix(cmp, strings.ToLower(s)) {
			return fmt.Sprintf("ends with %q, which the service reserves (reserved suffixes: %s)", s, strings.Join(r.ReservedSuffixes, ", "))
		}
	}
	return ""
}

// MaxNamePrefixLength is the longest namePrefix that keeps every derived
// name within its service's limit, and the name that sets it.
func MaxNamePrefixLength() (int, DerivedName) {
	best, which := 1<<30, DerivedName{}
	for _, d := range DerivedNames {
		times := strings.Count(d.Template, "{p}")
		if times == 0 {
			continue
		}
		fixed := len(d.Template) - times*len("{p}")
		if n := (d.Rule.Max - fixed) / times; n < best {
			best, which = n, d
		}
	}
	return best, which
}

// checkNamePrefix checks the prefix's own form, then every name built from
// it against its service's rule: one problem per service rule broken.
func checkNamePrefix(ps *Problems, prefix string) {
	limit, longest := MaxNamePrefixLength()
	if len(prefix) < 2 || len(prefix) > limit || !namePrefixPattern.MatchString(prefix) {
		ps.add("namePrefix", prefix, fmt.Sprintf(
			"2 to %d lower-case letters, digits and single hyphens, starting with a letter and ending with a letter or digit (at most %d: the %s %q may hold %d characters)",
			limit, limit, longest.Rule.Service, longest.Name("<namePrefix>"), longest.Rule.Max))
		return
	}
	reported := map[string]bool{}
	for _, d := range DerivedNames {
		name := d.Name(prefix)
		if why := d.Rule.Check(name); why != "" && !reported[d.Rule.Service] {
			reported[d.Rule.Service] = true
			ps.add("namePrefix", prefix, fmt.Sprintf("a prefix whose every derived name its service accepts: the %s %q %s (%s)",
				d.Rule.Service, name, why, d.Rule.Why))
		}
	}
}
