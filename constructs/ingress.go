package constructs

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dbsubnetgroup"
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

// databasePlacement is a database's own security group, with no rule yet,
// and its subnet group over every subnet of the network.
func databasePlacement(c constructs.Construct, p provider.AwsProvider, n *Network, name, description string) (securitygroup.SecurityGroup, dbsubnetgroup.DbSubnetGroup) {
	sg := securitygroup.NewSecurityGroup(c, jsii.String("security-group"), &securitygroup.SecurityGroupConfig{
		Provider:    p,
		Name:        jsii.String(name),
		Description: jsii.String(description),
		VpcId:       n.Vpc.Id(),
	})
	subnets := dbsubnetgroup.NewDbSubnetGroup(c, jsii.String("subnets"), &dbsubnetgroup.DbSubnetGroupConfig{
		Provider:  p,
		Name:      jsii.String(name),
		SubnetIds: n.SubnetIDs(),
	})
	return sg, subnets
}
