package constructs

import (
	"fmt"
	"net/netip"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsavailabilityzones"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/internetgateway"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/route"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/routetable"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/routetableassociation"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/subnet"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpc"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// NetworkProps configures NewNetwork.
type NetworkProps struct {
	// Provider places the network in its region. Required.
	Provider provider.AwsProvider
	// Name is used for the Name tags. Required.
	Name string
	// Cidr is the VPC range, already validated (/16 to /22). Required.
	Cidr string
	// Subnets is how many /24 subnets to make, one per availability zone.
	// Default 2.
	Subnets int
	// Public adds an internet gateway and a default route to it, and gives
	// instances launched in the subnets a public address. Default false:
	// the subnets reach nothing outside the VPC but through endpoints and
	// peering.
	Public bool
}

// Network is a VPC with one subnet per availability zone sharing one route table.
type Network struct {
	Vpc        vpc.Vpc
	Subnets    []subnet.Subnet
	RouteTable routetable.RouteTable
	// Cidr is the VPC range, known at synth time, for rules in the other region.
	Cidr string
	// Routed completes once every subnet uses the route table and, for a
	// public network, the default route exists: what traffic from the
	// subnets needs besides routes added later (peering, endpoints).
	Routed []cdktf.ITerraformDependable
}

// NewNetwork builds a VPC in the provider's region. Availability zones are
// read at deploy time, so the lab works in any region, not only those whose
// zones are named region+"a" and region+"b".
func NewNetwork(scope constructs.Construct, id string, props *NetworkProps) *Network {
	c := constructs.NewConstruct(scope, jsii.String(id))
	count := props.Subnets
	if count == 0 {
		count = 2
	}
	prefix := netip.MustParsePrefix(props.Cidr)
	n := &Network{Cidr: props.Cidr}
	n.Vpc = vpc.NewVpc(c, jsii.String("vpc"), &vpc.VpcConfig{
		Provider:           props.Provider,
		CidrBlock:          jsii.String(props.Cidr),
		EnableDnsSupport:   jsii.Bool(true),
		EnableDnsHostnames: jsii.Bool(true),
		Tags:               nameTag(props.Name),
	})
	zones := dataawsavailabilityzones.NewDataAwsAvailabilityZones(c, jsii.String("zones"), &dataawsavailabilityzones.DataAwsAvailabilityZonesConfig{
		Provider: props.Provider,
		State:    jsii.String("available"),
		// Local Zones and Wavelength Zones lack RDS and DMS.
		Filter: &[]*dataawsavailabilityzones.DataAwsAvailabilityZonesFilter{{
			Name:   jsii.String("opt-in-status"),
			Values: jsii.Strings("opt-in-not-required"),
		}},
	})
	n.RouteTable = routetable.NewRouteTable(c, jsii.String("routes"), &routetable.RouteTableConfig{
		Provider: props.Provider,
		VpcId:    n.Vpc.Id(),
		Tags:     nameTag(props.Name),
	})
	if props.Public {
		igw := internetgateway.NewInternetGateway(c, jsii.String("igw"), &internetgateway.InternetGatewayConfig{
			Provider: props.Provider,
			VpcId:    n.Vpc.Id(),
			Tags:     nameTag(props.Name),
		})
		n.Routed = append(n.Routed, route.NewRoute(c, jsii.String("default-route"), &route.RouteConfig{
			Provider:             props.Provider,
			RouteTableId:         n.RouteTable.Id(),
			DestinationCidrBlock: jsii.String("0.0.0.0/0"),
			GatewayId:            igw.Id(),
		}))
	}
	for i := 0; i < count; i++ {
		s := subnet.NewSubnet(c, jsii.String(fmt.Sprintf("subnet-%d", i)), &subnet.SubnetConfig{
			Provider:            props.Provider,
			VpcId:               n.Vpc.Id(),
			CidrBlock:           jsii.String(subnetCIDR(prefix, i+1).String()),
			AvailabilityZone:    cdktf.Token_AsString(cdktf.Fn_Element(zones.Names(), jsii.Number(i)), nil),
			MapPublicIpOnLaunch: jsii.Bool(props.Public),
			Tags:                nameTag(fmt.Sprintf("%s-%d", props.Name, i)),
		})
		n.Routed = append(n.Routed, routetableassociation.NewRouteTableAssociation(c, jsii.String(fmt.Sprintf("subnet-%d-routes", i)), &routetableassociation.RouteTableAssociationConfig{
			Provider:     props.Provider,
			SubnetId:     s.Id(),
			RouteTableId: n.RouteTable.Id(),
		}))
		n.Subnets = append(n.Subnets, s)
	}
	return n
}

// SubnetIDs lists the subnets' ids.
func (n *Network) SubnetIDs() *[]*string {
	ids := make([]*string, len(n.Subnets))
	for i, s := range n.Subnets {
		ids[i] = s.Id()
	}
	return &ids
}

// subnetCIDR is the index-th /24 of the VPC range: 10.0.1.0/24 for index 1
// of 10.0.0.0/16, as the earlier system numbered them.
func subnetCIDR(vpc netip.Prefix, index int) netip.Prefix {
	a := vpc.Addr().As4()
	base := uint32(a[0])<<24 | uint32(a[1])<<16 | uint32(a[2])<<8 | uint32(a[3])
	base += uint32(index) << 8
	return netip.PrefixFrom(netip.AddrFrom4([4]byte{byte(base >> 24), byte(base >> 16), byte(base >> 8), byte(base)}), 24)
}

func nameTag(name string) *map[string]*string {
	return &map[string]*string{"Name": jsii.String(name)}
}
