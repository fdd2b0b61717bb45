package constructs

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securitygroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcsecuritygroupingressrule"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// peer is who a port opens to: a CIDR (for a peer in another region,
// where security groups cannot be referenced) or a security group.
type peer struct {
	cidr  *string
	group securitygroup.SecurityGroup
}

// openPort adds one TCP ingress rule on group, from one peer.
func openPort(scope constructs.Construct, id string, p provider.AwsProvider, group securitygroup.SecurityGroup, port int, from peer, description string) cdktf.ITerraformDependable {
	cfg := &vpcsecuritygroupingressrule.VpcSecurityGroupIngressRuleConfig{
		Provider:        p,
		SecurityGroupId: group.Id(),
		IpProtocol:      jsii.String("tcp"),
		FromPort:        jsii.Number(port),
		ToPort:          jsii.Number(port),
		CidrIpv4:        from.cidr,
		Description:     jsii.String(description),
	}
	if from.group != nil {
		cfg.ReferencedSecurityGroupId = from.group.Id()
	}
	return vpcsecuritygroupingressrule.NewVpcSecurityGroupIngressRule(scope, jsii.String(id), cfg)
}
