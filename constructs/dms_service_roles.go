package constructs

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrolepolicyattachment"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// DMSServiceRoles are the two account-wide roles DMS looks up by fixed name.
// A fresh account has neither, and the replication subnet group fails
// without dms-vpc-role ("AccessDeniedFault ... dms-vpc-role is not
// configured properly"). An account that has them already must not create
// them again: settings.Config.CreateDMSServiceRoles switches this off.
type DMSServiceRoles struct {
	// Ready completes some time after both roles and their policies exist:
	// IAM is eventually consistent, and DMS checks the role at once.
	Ready cdktf.ITerraformDependable
}

// NewDMSServiceRoles creates dms-vpc-role and dms-cloudwatch-logs-role.
func NewDMSServiceRoles(scope constructs.Construct, id string, p provider.AwsProvider, partition *string) *DMSServiceRoles {
	c := constructs.NewConstruct(scope, jsii.String(id))
	var attached []cdktf.ITerraformDependable
	for _, r := range []struct{ name, policy string }{
		{"dms-vpc-role", "AmazonDMSVPCManagementRole"},
		{"dms-cloudwatch-logs-role", "AmazonDMSCloudWatchLogsRole"},
	} {
		role := newServiceRole(c, r.name, p, r.name, jsii.String("dms.amazonaws.com"))
		attached = append(attached, iamrolepolicyattachment.NewIamRolePolicyAttachment(c, jsii.String(r.name+"-policy"), &iamrolepolicyattachment.IamRolePolicyAttachmentConfig{
			Provider:  p,
			Role:      role.Name(),
			PolicyArn: jsii.String(fmt.Sprintf("arn:%s:iam::aws:policy/service-role/%s", *partition, r.policy)),
		}))
	}
	// terraform-aws-modules waits 10 s; users report needing up to 30 s.
	return &DMSServiceRoles{Ready: newSleep(c, "propagation", "30s", attached)}
}
