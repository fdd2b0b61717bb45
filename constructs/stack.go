// Package constructs builds the lab from typed cdktf constructs, one file per
// concern. It is the only package besides main that touches cdktf types, so
// a later move to another CDK for Terraform stays small.
//
// Inside this package the identifier constructs names the upstream
// github.com/aws/constructs-go library, not this package.
package constructs

import (
	"fmt"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/dmslab/dmslab/settings"
)

// StackID is the lab stack's construct id. It names cdktf.out/stacks/<id>
// and the local state file, so it never changes.
const StackID = "dmslab"

// LabStackProps configures NewLabStack.
type LabStackProps struct {
	// Config is the validated lab configuration. Required.
	Config *settings.Config
}

// LabStack is the whole lab in one Terraform state: the source half through
// the provider aliased "source", the target half through "target".
type LabStack struct {
	// Stack is the one Terraform stack. It is a field, not embedded: jsii
	// cannot pass a Go struct that embeds one of its proxies.
	Stack     cdktf.TerraformStack
	Config    *settings.Config
	Variables *Variables
	// SourceProvider and TargetProvider are the two aliased AWS providers.
	SourceProvider provider.AwsProvider
	TargetProvider provider.AwsProvider
}

// NewLabStack builds the lab in scope (normally the cdktf App).
func NewLabStack(scope constructs.Construct, id string, props *LabStackProps) *LabStack {
	cfg := props.Config
	stack := cdktf.NewTerraformStack(scope, jsii.String(id))
	s := &LabStack{Stack: stack, Config: cfg}
	s.Variables = NewVariables(stack, cfg.SourceRegion, cfg.TargetRegion)
	s.SourceProvider = newRegionProvider(stack, "source", s.Variables.SourceRegion, cfg.NamePrefix)
	s.TargetProvider = newRegionProvider(stack, "target", s.Variables.TargetRegion, cfg.NamePrefix)
	return s
}

// newRegionProvider is an aliased AWS provider whose default tags mark every
// taggable resource as the lab's.
func newRegionProvider(scope constructs.Construct, alias string, region cdktf.TerraformVariable, project string) provider.AwsProvider {
	return provider.NewAwsProvider(scope, jsii.String(alias), &provider.AwsProviderConfig{
		Alias:  jsii.String(alias),
		Region: region.StringValue(),
		DefaultTags: &[]*provider.AwsProviderDefaultTags{{
			Tags: &map[string]*string{
				"Project":   jsii.String(project),
				"ManagedBy": jsii.String("cdktf"),
				"LabSide":   jsii.String(alias),
			},
		}},
	})
}

func sprintf(format string, args ...any) string { return fmt.Sprintf(format, args...) }
