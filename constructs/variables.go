package constructs

import (
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/dmslab/dmslab/settings"
)

// Variables are the lab's deploy-time inputs. Their names are those of the
// earlier HCL system, so a tfvars file written for it is accepted unchanged
// (`npx cdktf deploy --var-file=FILE`). Every one has a default, so synth and
// a plain deploy need none.
type Variables struct {
	// Ec2Ami overrides the generator host's AMI; "" means Amazon Linux 2023.
	Ec2Ami cdktf.TerraformVariable
	// KeyName and KeyPath create an EC2 key pair from <key_path>.pub and
	// allow SSH; both "" (the default) means Session Manager only.
	KeyName cdktf.TerraformVariable
	KeyPath cdktf.TerraformVariable
	// SshAllowedCidr opens SSH to the generator host from this range, when
	// a key pair is given too. New in this lab; "" (default) opens nothing.
	SshAllowedCidr cdktf.TerraformVariable
	// SourceDbUsername is Oracle's master user; its upper-cased name is the
	// schema replicated unless the lab configuration names another.
	SourceDbUsername cdktf.TerraformVariable
	// SourceDbPassword, when given, replaces the generated Oracle password.
	SourceDbPassword cdktf.TerraformVariable
	// TargetDbUsername is Aurora's master user.
	TargetDbUsername cdktf.TerraformVariable
	// TargetDbPassword, when given, replaces the generated Aurora password.
	TargetDbPassword cdktf.TerraformVariable
	// TargetS3BucketName names the target bucket; "" means a generated name.
	TargetS3BucketName cdktf.TerraformVariable
	// SourceRegion and TargetRegion place the two halves of the lab.
	SourceRegion cdktf.TerraformVariable
	TargetRegion cdktf.TerraformVariable
	// AlertEmail, when not "", is subscribed to the lab's alerts topic
	// (AWS mails a confirmation link first). New in this lab.
	AlertEmail cdktf.TerraformVariable
	// PasswordRules checks the two passwords at plan (see newPasswordRules).
	PasswordRules cdktf.TerraformResource
}

type variableSpec struct {
	name, description, defaultValue string
	sensitive                       bool
	// rules are checked in order by Terraform before it plans anything;
	// each failing rule prints its own message. A message must never
	// interpolate a sensitive value.
	rules []rule
}

// rule is one Terraform validation block: a condition (an HCL expression,
// without ${}) and the message printed when it is false.
type rule struct{ condition, message string }

func newVariable(scope constructs.Construct, s variableSpec) cdktf.TerraformVariable {
	cfg := &cdktf.TerraformVariableConfig{
		Type:        jsii.String("string"),
		Description: jsii.String(s.description),
		Default:     jsii.String(s.defaultValue),
		Nullable:    jsii.Bool(false),
	}
	if s.sensitive {
		cfg.Sensitive = jsii.Bool(true)
	}
	if len(s.rules) > 0 {
		validations := make([]*cdktf.TerraformVariableValidationConfig, len(s.rules))
		for i, r := range s.rules {
			validations[i] = &cdktf.TerraformVariableValidationConfig{
				// Terraform JSON reads a plain string as a literal: the
				// condition must be an interpolation to be an expression.
				Condition:    jsii.String("${" + r.condition + "}"),
				ErrorMessage: jsii.String(r.message),
			}
		}
		cfg.Validation = &validations
	}
	return cdktf.NewTerraformVariable(scope, jsii.String(s.name), cfg)
}

// hclList writes strings as an HCL list of string literals.
func hclList(words []string) string {
	quoted := make([]string, len(words))
	for i, w := range words {
		quoted[i] = `"` + w + `"`
	}
	return "[" + strings.Join(quoted, ", ") + "]"
}

// lowerAll returns words lower-cased, for lists compared with lower(...).
func lowerAll(words []string) []string {
	out := make([]string, len(words))
	for i, w := range words {
		out[i] = strings.ToLower(w)
	}
	return out
}

// Printable ASCII (RE2 classes, no backslash needed in HCL): everything
// from ! to ~ except the characters named. RDS API Reference,
// CreateDBInstance MasterUserPassword: "any printable ASCII character
// except /, \" or @. For RDS for Oracle, can't include & or '"; space is
// refused by the console and breaks the DMS endpoint's connection string.
const (
	oraclePasswordChars = `^[!#-%(-.0-?A-~]*$` // not space " & ' / @
	auroraPasswordChars = `^[!#-.0-?A-~]*$`    // not space " / @
	s3BucketForm        = `^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`
	ipv4CIDRForm        = `^([0-9]{1,3}[.]){3}[0-9]{1,3}/[0-9]{1,2}$`
	ipv4AddressForm     = `^[0-9]+[.][0-9]+[.][0-9]+[.][0-9]+$`
)

// bucketRules are S3's general purpose bucket naming rules (S3 User Guide,
// "General purpose bucket naming rules"), for target_s3_bucket_name.
func bucketRules(v string) []rule {
	var prefixes, suffixes []string
	for _, p := range settings.S3ReservedPrefixes {
		prefixes = append(prefixes, `startswith(`+v+`, "`+p+`")`)
	}
	for _, s := range settings.S3ReservedSuffixes {
		suffixes = append(suffixes, `endswith(`+v+`, "`+s+`")`)
	}
	empty := v + ` == "" || `
	return []rule{
		{empty + `can(regex("` + s3BucketForm + `", ` + v + `))`,
			`target_s3_bucket_name must be "" (a generated name) or 3 to 63 lower-case letters, digits, periods and hyphens, beginning and ending with a letter or digit.`},
		{empty + `!strcontains(` + v + `, "..")`,
			`target_s3_bucket_name must not hold two adjacent periods.`},
		{empty + `!can(regex("` + ipv4AddressForm + `", ` + v + `))`,
			`target_s3_bucket_name must not be formatted as an IP address.`},
		{empty + `!(` + strings.Join(prefixes, " || ") + `)`,
			`target_s3_bucket_name must not start with a prefix S3 reserves: ` + strings.Join(settings.S3ReservedPrefixes, ", ") + `.`},
		{empty + `!(` + strings.Join(suffixes, " || ") + `)`,
			`target_s3_bucket_name must not end with a suffix S3 reserves: ` + strings.Join(settings.S3ReservedSuffixes, ", ") + `.`},
	}
}

// NewVariables declares the lab's variables in scope, with region defaults
// taken from the lab configuration. Each carries the rules AWS applies to
// it, so that Terraform refuses a bad value before it plans anything.
func NewVariables(scope constructs.Construct, sourceRegion, targetRegion string) *Variables {
	const regionRule = `can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$", var.%s))`
	oracleReserved := append(append([]string{}, settings.OracleReservedWords...), settings.OracleReservedUsers...)
	pgReserved := append(append([]string{}, settings.PostgresReservedWords...), settings.PostgresReservedRoles...)
	var pgPrefixes []string
	for _, p := range settings.PostgresReservedRolePrefixes {
		pgPrefixes = append(pgPrefixes, `startswith(lower(var.target_db_username), "`+p+`")`)
	}
	v := &Variables{
		Ec2Ami: newVariable(scope, variableSpec{
			name: "ec2_ami", description: `AMI of the generator host; "" uses the newest Amazon Linux 2023 for its architecture.`,
			// EC2 image ids: ami- and 8 (older) or 17 hexadecimal digits.
			rules: []rule{{`var.ec2_ami == "" || can(regex("^ami-([0-9a-f]{8}|[0-9a-f]{17})$", var.ec2_ami))`,
				`ec2_ami must be "" or an AMI id: ami- and 8 or 17 lower-case hexadecimal digits, such as ami-0123456789abcdef0.`}},
		}),
		KeyName: newVariable(scope, variableSpec{
			name: "key_name", description: `Name of an EC2 key pair to create for SSH to the generator host; "" (default) means Session Manager only.`,
			// EC2 API Reference, ImportKeyPair KeyName: up to 255 ASCII characters.
			rules: []rule{{`length(var.key_name) <= 255 && can(regex("^[ -~]*$", var.key_name))`,
				`key_name must be at most 255 printable ASCII characters.`}},
		}),
		KeyPath: newVariable(scope, variableSpec{
			name: "key_path", description: `Path of the private key whose public half, <key_path>.pub, is uploaded as key_name.`,
		}),
		SshAllowedCidr: newVariable(scope, variableSpec{
			name: "ssh_allowed_cidr", description: `CIDR allowed to SSH to the generator host when key_name and key_path are given; "" (default) allows none.`,
			// The rule is an IPv4 security group rule (cidr_ipv4): an IPv6
			// range cannot go there, and the provider wants the network
			// address.
			rules: []rule{
				{`var.ssh_allowed_cidr == "" || (can(regex("` + ipv4CIDRForm + `", var.ssh_allowed_cidr)) && can(cidrhost(var.ssh_allowed_cidr, 0)))`,
					`ssh_allowed_cidr must be "" or an IPv4 CIDR such as 203.0.113.7/32 (IPv6 is not supported).`},
				{`var.ssh_allowed_cidr == "" || !can(cidrhost(var.ssh_allowed_cidr, 0)) || try(cidrsubnet(var.ssh_allowed_cidr, 0, 0) == var.ssh_allowed_cidr, false)`,
					`ssh_allowed_cidr must be written at its network address, such as 203.0.113.0/24 or 203.0.113.7/32.`},
			},
		}),
		SourceDbUsername: newVariable(scope, variableSpec{
			name: "source_db_username", description: "Master user of the Oracle source.", defaultValue: "admin",
			rules: []rule{
				{`can(regex("^[A-Za-z][A-Za-z0-9_]{0,29}$", var.source_db_username))`,
					"source_db_username must be 1 to 30 letters, digits and underscores, starting with a letter."},
				// Oracle folds unquoted names to upper case.
				{`!contains(` + hclList(oracleReserved) + `, upper(var.source_db_username))`,
					"source_db_username must not be an Oracle reserved word or a user RDS for Oracle already has (such as SYS, SYSTEM, RDSADMIN, DBSNMP, SELECT, USER); admin is fine."},
			},
		}),
		SourceDbPassword: newVariable(scope, variableSpec{
			name: "source_db_password", description: `Oracle master password; "" (default) generates one and keeps it in Secrets Manager.`, sensitive: true,
		}),
		TargetDbUsername: newVariable(scope, variableSpec{
			name: "target_db_username", description: "Master user of the Aurora PostgreSQL target.", defaultValue: "dmsadmin",
			rules: []rule{
				{`can(regex("^[A-Za-z][A-Za-z0-9_]{0,62}$", var.target_db_username))`,
					"target_db_username must be 1 to 63 letters, digits and underscores, starting with a letter."},
				// PostgreSQL folds unquoted names to lower case.
				{`!contains(` + hclList(lowerAll(pgReserved)) + `, lower(var.target_db_username)) && !(` + strings.Join(pgPrefixes, " || ") + `)`,
					"target_db_username must not be a PostgreSQL reserved word (such as user, select), admin, rdsadmin, postgres, public, or a name starting with pg_ or rds (reserved by PostgreSQL and RDS)."},
			},
		}),
		TargetDbPassword: newVariable(scope, variableSpec{
			name: "target_db_password", description: `Aurora master password; "" (default) generates one and keeps it in Secrets Manager.`, sensitive: true,
		}),
		TargetS3BucketName: newVariable(scope, variableSpec{
			name: "target_s3_bucket_name", description: `Name of the S3 target bucket; "" (default) generates a unique one.`,
			rules: bucketRules("var.target_s3_bucket_name"),
		}),
		SourceRegion: newVariable(scope, variableSpec{
			name: "source_region", description: "Region of the Oracle source and the generator host.", defaultValue: sourceRegion,
			rules: []rule{{sprintf(regionRule, "source_region"), "source_region must be an AWS region name such as us-west-2."}},
		}),
		TargetRegion: newVariable(scope, variableSpec{
			name: "target_region", description: "Region of Aurora, the S3 bucket and DMS.", defaultValue: targetRegion,
			rules: []rule{{sprintf(regionRule, "target_region"), "target_region must be an AWS region name such as us-east-1."}},
		}),
	}
	v.AlertEmail = newVariable(scope, variableSpec{
		name: "alert_email", description: `E-mail address for the lab's alarms and DMS task failures; "" (default) subscribes none.`,
		rules: []rule{{`var.alert_email == "" || can(regex("^[^@\\s]+@[^@\\s]+\\.[^@\\s]+$", var.alert_email))`,
			`alert_email must be "" or an e-mail address such as ops@example.com.`}},
	})
	v.PasswordRules = newPasswordRules(scope)
	return v
}

// passwordRules are the RDS rules for the two master passwords (RDS API
// Reference: CreateDBInstance MasterUserPassword for RDS for Oracle, 8 to
// 30 printable ASCII characters other than /, ", @, & and '; CreateDBCluster
// MasterUserPassword for Aurora, 8 to 41 other than /, " and @; both without
// spaces). Each rule's message names the variable and what is allowed,
// never the value.
var passwordRules = []rule{
	{`var.source_db_password == "" || (length(var.source_db_password) >= 8 && length(var.source_db_password) <= 30)`,
		`source_db_password must be "" (generated) or 8 to 30 characters long (RDS for Oracle).`},
	{`can(regex("` + oraclePasswordChars + `", var.source_db_password))`,
		`source_db_password may hold only printable ASCII characters other than space, /, ", @, & and ' (RDS for Oracle refuses the others).`},
	{`var.target_db_password == "" || (length(var.target_db_password) >= 8 && length(var.target_db_password) <= 41)`,
		`target_db_password must be "" (generated) or 8 to 41 characters long (Aurora).`},
	{`can(regex("` + auroraPasswordChars + `", var.target_db_password))`,
		`target_db_password may hold only printable ASCII characters other than space, /, " and @ (Aurora refuses the others).`},
}

// newPasswordRules checks passwordRules as preconditions of a terraform_data
// resource (Terraform's built-in provider; nothing is created in AWS)
// rather than as validation blocks of the sensitive variables: Terraform
// before 1.13.3 prints a sensitive variable's value beside a failed
// validation ("var.source_db_password is ...", hashicorp/terraform#37595),
// while a failed precondition shows only the condition and its message.
// Terraform checks them at plan, before anything is created.
func newPasswordRules(scope constructs.Construct) cdktf.TerraformResource {
	conditions := make([]*cdktf.Precondition, len(passwordRules))
	for i, r := range passwordRules {
		conditions[i] = &cdktf.Precondition{Condition: jsii.String("${" + r.condition + "}"), ErrorMessage: jsii.String(r.message)}
	}
	res := cdktf.NewTerraformResource(scope, jsii.String("password-rules"), &cdktf.TerraformResourceConfig{
		TerraformResourceType: jsii.String("terraform_data"),
		Lifecycle:             &cdktf.TerraformResourceLifecycle{Precondition: &conditions},
	})
	res.AddOverride(jsii.String("input"), jsii.String("master passwords checked"))
	return res
}

// isSet is the Terraform condition "value is not empty". cdktf's operators
// write an empty string or a zero operand as undefined, so it compares the
// length with 1.
func isSet(value *string) cdktf.IResolvable {
	return cdktf.Op_Gte(cdktf.Fn_LengthOf(value), jsii.Number(1))
}
