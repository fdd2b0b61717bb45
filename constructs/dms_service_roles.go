package constructs

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsiamrole"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsiamroles"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrole"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrolepolicyattachment"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// DMSServiceRoleNames are the account-wide roles DMS looks up by fixed name,
// with the managed policy each needs.
var DMSServiceRoleNames = []struct{ Name, Policy string }{
	{"dms-vpc-role", "AmazonDMSVPCManagementRole"},
	{"dms-cloudwatch-logs-role", "AmazonDMSCloudWatchLogsRole"},
}

// DMSServiceRolesProps configures NewDMSServiceRoles.
type DMSServiceRolesProps struct {
	// Provider creates the roles (IAM is global). Required.
	Provider provider.AwsProvider
	// Partition is the AWS partition, for managed policy ARNs. Required.
	Partition *string
	// Mode is settings.Config.DMSServiceRoles: "auto" or "always" ("never"
	// builds no construct at all).
	Mode string
	// Project is the lab's Project tag: in "auto", a role that exists and
	// carries it (with ManagedBy=cdktf) is the lab's own and is kept.
	Project string
}

// DMSServiceRoles are dms-vpc-role and dms-cloudwatch-logs-role. A fresh
// account has neither, and the replication subnet group fails without
// dms-vpc-role ("AccessDeniedFault ... dms-vpc-role is not configured
// properly"). Most accounts that ever opened the DMS console have both:
// creating one then fails with EntityAlreadyExists, and deleting one on
// destroy would break every other DMS instance in the account.
//
// In "auto" the decision is made at deploy time, role by role: Terraform
// lists the account's roles with that exact name (data aws_iam_roles) and
// reads the tags of any it finds (data aws_iam_role). The lab creates the
// role when none exists, and keeps it on later plans because then the one
// found carries this lab's tags; a role someone else made is never created
// again, never changed, and never in this lab's state, so destroy cannot
// delete it.
type DMSServiceRoles struct {
	// Ready completes some time after the roles the lab creates and their
	// policies exist: IAM is eventually consistent, and DMS checks the role
	// at once.
	Ready cdktf.ITerraformDependable
	// Attachments are the managed-policy attachments of the roles the lab
	// creates; DMS needs dms-vpc-role's until its instance's network
	// interface is gone.
	Attachments []cdktf.ITerraformDependable
}

// NewDMSServiceRoles creates the roles the account lacks (Mode "auto") or
// both (Mode "always").
func NewDMSServiceRoles(scope constructs.Construct, id string, props *DMSServiceRolesProps) *DMSServiceRoles {
	c := constructs.NewConstruct(scope, jsii.String(id))
	p := props.Provider
	r := &DMSServiceRoles{}
	for _, sr := range DMSServiceRoleNames {
		var count *float64
		if props.Mode == "auto" {
			count = createWhenMissing(c, sr.Name, p, props.Project)
		}
		role := iamrole.NewIamRole(c, jsii.String(sr.Name), &iamrole.IamRoleConfig{
			Provider:         p,
			Name:             jsii.String(sr.Name),
			AssumeRolePolicy: assumeRolePolicy(jsii.String("dms.amazonaws.com")),
			Count:            count,
		})
		roleName := role.Name()
		if count != nil {
			roleName = jsii.String(fmt.Sprintf("${%s[0].name}", *role.Fqn()))
		}
		attachment := iamrolepolicyattachment.NewIamRolePolicyAttachment(c, jsii.String(sr.Name+"-policy"), &iamrolepolicyattachment.IamRolePolicyAttachmentConfig{
			Provider:  p,
			Role:      roleName,
			PolicyArn: jsii.String(fmt.Sprintf("arn:%s:iam::aws:policy/service-role/%s", *props.Partition, sr.Policy)),
			Count:     count,
		})
		r.Attachments = append(r.Attachments, attachment)
	}
	// terraform-aws-modules waits 10 s; users report needing up to 30 s.
	r.Ready = newSleep(c, "propagation", "30s", "", r.Attachments)
	return r
}

// createWhenMissing is a count of 1 when the account has no role of that
// name, or has the one this lab made (tagged Project=project and
// ManagedBy=cdktf by the provider's default tags), and 0 otherwise.
func createWhenMissing(c constructs.Construct, name string, p provider.AwsProvider, project string) *float64 {
	found := dataawsiamroles.NewDataAwsIamRoles(c, jsii.String(name+"-lookup"), &dataawsiamroles.DataAwsIamRolesConfig{
		Provider:  p,
		NameRegex: jsii.String("^" + name + "$"),
	})
	existing := dataawsiamrole.NewDataAwsIamRole(c, jsii.String(name+"-existing"), &dataawsiamrole.DataAwsIamRoleConfig{
		Provider: p,
		Name:     jsii.String("${each.value}"),
	})
	existing.AddOverride(jsii.String("for_each"), "${"+*found.Fqn()+".names}")
	expr := fmt.Sprintf(`${length(%s.names) == 0 || anytrue([for r in values(%s) : lookup(r.tags, "Project", "") == %q && lookup(r.tags, "ManagedBy", "") == "cdktf"]) ? 1 : 0}`,
		*found.Fqn(), *existing.Fqn(), project)
	return cdktf.Token_AsNumber(jsii.String(expr))
}
