package constructs

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/route"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcpeeringconnection"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcpeeringconnectionaccepter"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// PeeringProps configures NewPeering.
type PeeringProps struct {
	// Requester and RequesterProvider are the side that asks (the source).
	Requester         *Network
	RequesterProvider provider.AwsProvider
	// Accepter and AccepterProvider are the side that accepts (the target).
	Accepter         *Network
	AccepterProvider provider.AwsProvider
	// AccepterRegion is the accepter's region (a Terraform expression).
	AccepterRegion *string
	// Name is used for the Name tag. Required.
	Name string
}

// Peering is a cross-region VPC peering, accepted by Terraform, with a
// route each way.
type Peering struct {
	Connection vpcpeeringconnection.VpcPeeringConnection
	Accepter   vpcpeeringconnectionaccepter.VpcPeeringConnectionAccepterA
	// Routes are the route each way across the peering.
	Routes []cdktf.ITerraformDependable
}

// NewPeering peers two networks so DMS reaches Oracle over private addresses.
func NewPeering(scope constructs.Construct, id string, props *PeeringProps) *Peering {
	c := constructs.NewConstruct(scope, jsii.String(id))
	p := &Peering{}
	// Cross-region peering cannot be auto-accepted by the requester; the
	// accepter resource accepts it in the other region.
	p.Connection = vpcpeeringconnection.NewVpcPeeringConnection(c, jsii.String("connection"), &vpcpeeringconnection.VpcPeeringConnectionConfig{
		Provider:   props.RequesterProvider,
		VpcId:      props.Requester.Vpc.Id(),
		PeerVpcId:  props.Accepter.Vpc.Id(),
		PeerRegion: props.AccepterRegion,
		Tags:       nameTag(props.Name),
	})
	p.Accepter = vpcpeeringconnectionaccepter.NewVpcPeeringConnectionAccepterA(c, jsii.String("accepter"), &vpcpeeringconnectionaccepter.VpcPeeringConnectionAccepterAConfig{
		Provider:               props.AccepterProvider,
		VpcPeeringConnectionId: p.Connection.Id(),
		AutoAccept:             jsii.Bool(true),
		Tags:                   nameTag(props.Name),
	})
	toAccepter := route.NewRoute(c, jsii.String("requester-to-accepter"), &route.RouteConfig{
		Provider:               props.RequesterProvider,
		RouteTableId:           props.Requester.RouteTable.Id(),
		DestinationCidrBlock:   jsii.String(props.Accepter.Cidr),
		VpcPeeringConnectionId: p.Accepter.Id(),
	})
	toRequester := route.NewRoute(c, jsii.String("accepter-to-requester"), &route.RouteConfig{
		Provider:               props.AccepterProvider,
		RouteTableId:           props.Accepter.RouteTable.Id(),
		DestinationCidrBlock:   jsii.String(props.Requester.Cidr),
		VpcPeeringConnectionId: p.Accepter.Id(),
	})
	p.Routes = []cdktf.ITerraformDependable{toAccepter, toRequester}
	return p
}
