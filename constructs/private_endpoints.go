package constructs

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securitygroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcendpoint"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// PrivateEndpointsProps configures NewPrivateEndpoints.
type PrivateEndpointsProps struct {
	Provider provider.AwsProvider
	Network  *Network
	// Region is the network's region (a Terraform expression). Required.
	Region *string
	Name   string
}

// PrivateEndpoints let a VPC with no internet route reach the two AWS
// services DMS calls from inside it: S3 (a free gateway endpoint) and
// Secrets Manager (an interface endpoint, about 0.01 USD an hour per zone),
// where its endpoints read the databases' credentials.
type PrivateEndpoints struct {
	S3             vpcendpoint.VpcEndpoint
	SecretsManager vpcendpoint.VpcEndpoint
}

// NewPrivateEndpoints adds the endpoints to the network.
func NewPrivateEndpoints(scope constructs.Construct, id string, props *PrivateEndpointsProps) *PrivateEndpoints {
	c := constructs.NewConstruct(scope, jsii.String(id))
	service := func(name string) *string {
		return cdktf.Token_AsString(cdktf.Fn_Format(jsii.String("com.amazonaws.%s."+name), &[]interface{}{props.Region}), nil)
	}
	e := &PrivateEndpoints{}
	e.S3 = vpcendpoint.NewVpcEndpoint(c, jsii.String("s3"), &vpcendpoint.VpcEndpointConfig{
		Provider:        props.Provider,
		VpcId:           props.Network.Vpc.Id(),
		ServiceName:     service("s3"),
		VpcEndpointType: jsii.String("Gateway"),
		RouteTableIds:   &[]*string{props.Network.RouteTable.Id()},
		Tags:            nameTag(props.Name + "-s3"),
	})
	sg := securitygroup.NewSecurityGroup(c, jsii.String("security-group"), &securitygroup.SecurityGroupConfig{
		Provider:    props.Provider,
		Name:        jsii.String(props.Name + "-endpoints"),
		Description: jsii.String("Interface endpoints: HTTPS from inside the VPC"),
		VpcId:       props.Network.Vpc.Id(),
	})
	openPort(c, "https", props.Provider, sg, 443, peer{cidr: jsii.String(props.Network.Cidr)}, "HTTPS from the VPC")
	e.SecretsManager = vpcendpoint.NewVpcEndpoint(c, jsii.String("secretsmanager"), &vpcendpoint.VpcEndpointConfig{
		Provider:          props.Provider,
		VpcId:             props.Network.Vpc.Id(),
		ServiceName:       service("secretsmanager"),
		VpcEndpointType:   jsii.String("Interface"),
		SubnetIds:         props.Network.SubnetIDs(),
		SecurityGroupIds:  &[]*string{sg.Id()},
		PrivateDnsEnabled: jsii.Bool(true),
		Tags:              nameTag(props.Name + "-secretsmanager"),
	})
	return e
}
