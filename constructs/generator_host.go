package constructs

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsssmparameter"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iaminstanceprofile"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrolepolicyattachment"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/instance"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/keypair"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/securitygroup"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcsecuritygroupegressrule"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/vpcsecuritygroupingressrule"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// GeneratorHostProps configures NewGeneratorHost.
type GeneratorHostProps struct {
	Provider provider.AwsProvider
	Network  *Network
	// InstanceType of the host. Required.
	InstanceType string
	// Arch is its CPU architecture, "x86_64" or "arm64"
	// (settings.InstanceArch), which picks the AMI. Required.
	Arch string
	// Name prefixes the host's role, profile and group. Required.
	Name string
	// Partition is the AWS partition, for managed policy ARNs. Required.
	Partition *string
	// Ami is the image; "" at deploy time means the newest Amazon Linux
	// 2023 for the architecture. Default nil: always Amazon Linux 2023.
	Ami *string
	// KeyName and KeyPath, both not "" at deploy time, create an EC2 key
	// pair from <KeyPath>.pub for SSH. Default nil: Session Manager only.
	KeyName, KeyPath *string
	// SshAllowedCidr, with a key pair, is the one range SSH is opened to.
	// Default nil: none.
	SshAllowedCidr *string
}

// GeneratorHost is the EC2 instance that runs dgen. It is reached through
// SSM Session Manager; SSH is opened only when the user gives a key pair
// (key_name and key_path) and a CIDR to allow (ssh_allowed_cidr).
type GeneratorHost struct {
	Instance instance.Instance
	// Role is the host's; grant it what dgen reads (secrets, buckets).
	Role          serviceRole
	SecurityGroup securitygroup.SecurityGroup
	// Arch is the host's CPU architecture, "x86_64" or "arm64".
	Arch string
	// Ready is what a step run on the host needs besides the instance: its
	// permission to read the secrets and to talk to Session Manager.
	Ready []cdktf.ITerraformDependable
}

// NewGeneratorHost builds the data generator host in the source region.
func NewGeneratorHost(scope constructs.Construct, id string, props *GeneratorHostProps) *GeneratorHost {
	c := constructs.NewConstruct(scope, jsii.String(id))
	h := &GeneratorHost{Arch: props.Arch}

	h.Role = newServiceRole(c, "role", props.Provider, props.Name+"-generator", jsii.String("ec2.amazonaws.com"))
	ssmCore := iamrolepolicyattachment.NewIamRolePolicyAttachment(c, jsii.String("ssm-core"), &iamrolepolicyattachment.IamRolePolicyAttachmentConfig{
		Provider:  props.Provider,
		Role:      h.Role.IamRole.Name(),
		PolicyArn: jsii.String(fmt.Sprintf("arn:%s:iam::aws:policy/AmazonSSMManagedInstanceCore", *props.Partition)),
	})
	h.Ready = []cdktf.ITerraformDependable{h.Role.IamRole, ssmCore}
	profile := iaminstanceprofile.NewIamInstanceProfile(c, jsii.String("profile"), &iaminstanceprofile.IamInstanceProfileConfig{
		Provider: props.Provider,
		Name:     jsii.String(props.Name + "-generator"),
		Role:     h.Role.IamRole.Name(),
	})

	h.SecurityGroup = securitygroup.NewSecurityGroup(c, jsii.String("security-group"), &securitygroup.SecurityGroupConfig{
		Provider:    props.Provider,
		Name:        jsii.String(props.Name + "-generator"),
		Description: jsii.String("Generator host: no inbound unless SSH is asked for; outbound for SSM, packages and the databases"),
		VpcId:       props.Network.Vpc.Id(),
	})
	vpcsecuritygroupegressrule.NewVpcSecurityGroupEgressRule(c, jsii.String("egress"), &vpcsecuritygroupegressrule.VpcSecurityGroupEgressRuleConfig{
		Provider:        props.Provider,
		SecurityGroupId: h.SecurityGroup.Id(),
		IpProtocol:      jsii.String("-1"),
		CidrIpv4:        jsii.String("0.0.0.0/0"),
		Description:     jsii.String("SSM, package repositories, Secrets Manager, the two databases"),
	})

	keyName, keyPath, sshCidr, ami := orEmpty(props.KeyName), orEmpty(props.KeyPath), orEmpty(props.SshAllowedCidr), orEmpty(props.Ami)
	withKey := cdktf.Op_And(isSet(keyName), isSet(keyPath))
	key := keypair.NewKeyPair(c, jsii.String("key-pair"), &keypair.KeyPairConfig{
		Provider:  props.Provider,
		Count:     cdktf.Token_AsNumber(cdktf.Fn_Conditional(withKey, 1, 0)),
		KeyName:   keyName,
		PublicKey: cdktf.Fn_File(cdktf.Token_AsString(cdktf.Fn_Format(jsii.String("%s.pub"), &[]interface{}{keyPath}), nil)),
	})
	withSSH := cdktf.Op_And(withKey, isSet(sshCidr))
	vpcsecuritygroupingressrule.NewVpcSecurityGroupIngressRule(c, jsii.String("ssh"), &vpcsecuritygroupingressrule.VpcSecurityGroupIngressRuleConfig{
		Provider:        props.Provider,
		Count:           cdktf.Token_AsNumber(cdktf.Fn_Conditional(withSSH, 1, 0)),
		SecurityGroupId: h.SecurityGroup.Id(),
		IpProtocol:      jsii.String("tcp"),
		FromPort:        jsii.Number(22),
		ToPort:          jsii.Number(22),
		CidrIpv4:        sshCidr,
		Description:     jsii.String("SSH from the CIDR given in ssh_allowed_cidr"),
	})

	al2023 := dataawsssmparameter.NewDataAwsSsmParameter(c, jsii.String("al2023"), &dataawsssmparameter.DataAwsSsmParameterConfig{
		Provider: props.Provider,
		Name:     jsii.String("/aws/service/ami-amazon-linux-latest/al2023-ami-kernel-default-" + h.Arch),
	})
	h.Instance = instance.NewInstance(c, jsii.String("instance"), &instance.InstanceConfig{
		Provider:                 props.Provider,
		Ami:                      cdktf.Token_AsString(cdktf.Fn_Conditional(isSet(ami), ami, al2023.InsecureValue()), nil),
		InstanceType:             jsii.String(props.InstanceType),
		SubnetId:                 props.Network.Subnets[0].Id(),
		AssociatePublicIpAddress: jsii.Bool(true),
		VpcSecurityGroupIds:      &[]*string{h.SecurityGroup.Id()},
		IamInstanceProfile:       profile.Name(),
		KeyName:                  cdktf.Token_AsString(cdktf.Fn_Conditional(withKey, keyName, cdktf.Token_NullValue()), nil),
		MetadataOptions: &instance.InstanceMetadataOptions{
			HttpTokens:   jsii.String("required"),
			HttpEndpoint: jsii.String("enabled"),
		},
		RootBlockDevice: &instance.InstanceRootBlockDevice{
			VolumeType: jsii.String("gp3"),
			VolumeSize: jsii.Number(8),
			Encrypted:  jsii.Bool(true),
		},
		Tags:      nameTag(props.Name + "-generator"),
		DependsOn: &[]cdktf.ITerraformDependable{key},
		// A newer Amazon Linux release must not replace a running host.
		Lifecycle: &cdktf.TerraformResourceLifecycle{IgnoreChanges: jsii.Strings("ami")},
	})
	return h
}

// orEmpty is s, or "" when s is nil: an input not given at all.
func orEmpty(s *string) *string {
	if s == nil {
		return jsii.String("")
	}
	return s
}
