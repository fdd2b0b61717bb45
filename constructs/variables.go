package constructs

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
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
}

type variableSpec struct {
	name, description, defaultValue string
	sensitive                       bool
	condition, errorMessage         string
}

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
	if s.condition != "" {
		cfg.Validation = &[]*cdktf.TerraformVariableValidationConfig{{
			// Terraform JSON reads a plain string as a literal: the
			// condition must be an interpolation to be an expression.
			Condition:    jsii.String("${" + s.condition + "}"),
			ErrorMessage: jsii.String(s.errorMessage),
		}}
	}
	return cdktf.NewTerraformVariable(scope, jsii.String(s.name), cfg)
}

// NewVariables declares the lab's variables in scope, with region defaults
// taken from the lab configuration.
func NewVariables(scope constructs.Construct, sourceRegion, targetRegion string) *Variables {
	const regionRule = `can(regex("^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$", var.%s))`
	return &Variables{
		Ec2Ami: newVariable(scope, variableSpec{
			name: "ec2_ami", description: `AMI of the generator host; "" uses the newest Amazon Linux 2023 for its architecture.`,
			condition: `var.ec2_ami == "" || can(regex("^ami-[0-9a-f]{8,17}$", var.ec2_ami))`, errorMessage: `ec2_ami must be "" or an AMI id such as ami-0123456789abcdef0.`,
		}),
		KeyName: newVariable(scope, variableSpec{
			name: "key_name", description: `Name of an EC2 key pair to create for SSH to the generator host; "" (default) means Session Manager only.`,
		}),
		KeyPath: newVariable(scope, variableSpec{
			name: "key_path", description: `Path of the private key whose public half, <key_path>.pub, is uploaded as key_name.`,
		}),
		SshAllowedCidr: newVariable(scope, variableSpec{
			name: "ssh_allowed_cidr", description: `CIDR allowed to SSH to the generator host when key_name and key_path are given; "" (default) allows none.`,
			condition:    `var.ssh_allowed_cidr == "" || can(cidrhost(var.ssh_allowed_cidr, 0))`,
			errorMessage: `ssh_allowed_cidr must be "" or an IPv4 CIDR such as 203.0.113.7/32.`,
		}),
		SourceDbUsername: newVariable(scope, variableSpec{
			name: "source_db_username", description: "Master user of the Oracle source.", defaultValue: "admin",
			condition:    `can(regex("^[A-Za-z][A-Za-z0-9_]{0,29}$", var.source_db_username))`,
			errorMessage: "source_db_username must be 1 to 30 letters, digits and underscores, starting with a letter.",
		}),
		SourceDbPassword: newVariable(scope, variableSpec{
			name: "source_db_password", description: `Oracle master password; "" (default) generates one and keeps it in Secrets Manager.`, sensitive: true,
			condition:    `var.source_db_password == "" || can(regex("^[^/\"@ ]{8,30}$", var.source_db_password))`,
			errorMessage: `source_db_password must be "" or 8 to 30 printable characters other than /, ", @ and space.`,
		}),
		TargetDbUsername: newVariable(scope, variableSpec{
			name: "target_db_username", description: "Master user of the Aurora PostgreSQL target.", defaultValue: "dmsadmin",
			condition:    `can(regex("^[A-Za-z][A-Za-z0-9_]{0,62}$", var.target_db_username)) && lower(var.target_db_username) != "postgres"`,
			errorMessage: "target_db_username must be 1 to 63 letters, digits and underscores, starting with a letter, and not postgres.",
		}),
		TargetDbPassword: newVariable(scope, variableSpec{
			name: "target_db_password", description: `Aurora master password; "" (default) generates one and keeps it in Secrets Manager.`, sensitive: true,
			condition:    `var.target_db_password == "" || can(regex("^[^/\"@ ]{8,41}$", var.target_db_password))`,
			errorMessage: `target_db_password must be "" or 8 to 41 printable characters other than /, ", @ and space.`,
		}),
		TargetS3BucketName: newVariable(scope, variableSpec{
			name: "target_s3_bucket_name", description: `Name of the S3 target bucket; "" (default) generates a unique one.`,
			condition:    `var.target_s3_bucket_name == "" || can(regex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", var.target_s3_bucket_name))`,
			errorMessage: `target_s3_bucket_name must be "" or 3 to 63 lower-case letters, digits, dots and hyphens.`,
		}),
		SourceRegion: newVariable(scope, variableSpec{
			name: "source_region", description: "Region of the Oracle source and the generator host.", defaultValue: sourceRegion,
			condition: sprintf(regionRule, "source_region"), errorMessage: "source_region must be an AWS region name such as us-west-2.",
		}),
		TargetRegion: newVariable(scope, variableSpec{
			name: "target_region", description: "Region of Aurora, the S3 bucket and DMS.", defaultValue: targetRegion,
			condition: sprintf(regionRule, "target_region"), errorMessage: "target_region must be an AWS region name such as us-east-1.",
		}),
	}
}

// isSet is the Terraform condition "value is not empty". cdktf's operators
// write an empty string or a zero operand as undefined, so it compares the
// length with 1.
func isSet(value *string) cdktf.IResolvable {
	return cdktf.Op_Gte(cdktf.Fn_LengthOf(value), jsii.Number(1))
}
