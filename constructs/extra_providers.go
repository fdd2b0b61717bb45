package constructs

import (
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// The lab needs two small HashiCorp providers besides AWS: random (the
// generated passwords live only in state, never in the synthesized JSON) and
// time (IAM is eventually consistent, so DMS waits after its roles appear).
// No prebuilt Go bindings are served for them, so their two resources are
// written as generic Terraform resources and pinned here.
var extraProviders = map[string]map[string]string{
	"random": {"source": "hashicorp/random", "version": "3.6.3"},
	"time":   {"source": "hashicorp/time", "version": "0.12.1"},
}

func requireExtraProviders(stack cdktf.TerraformStack) {
	for name, p := range extraProviders {
		stack.AddOverride(jsii.String("terraform.required_providers."+name), p)
	}
}

// newRandomPassword is a random_password whose characters every engine here
// accepts in a master password (RDS refuses /, ", @ and space).
func newRandomPassword(scope constructs.Construct, id string, length int) cdktf.TerraformResource {
	r := cdktf.NewTerraformResource(scope, jsii.String(id), &cdktf.TerraformResourceConfig{
		TerraformResourceType: jsii.String("random_password"),
	})
	r.AddOverride(jsii.String("length"), length)
	r.AddOverride(jsii.String("special"), true)
	r.AddOverride(jsii.String("override_special"), "-_#")
	r.AddOverride(jsii.String("min_lower"), 1)
	r.AddOverride(jsii.String("min_upper"), 1)
	r.AddOverride(jsii.String("min_numeric"), 1)
	return r
}

// newSleep is a time_sleep. On create it completes createDuration after
// everything in dependsOn exists; on destroy it waits destroyDuration
// between the resources that depend on it going and those in dependsOn
// going, which keeps dependsOn alive while AWS still cleans up behind a
// dependant whose delete call has returned. "" leaves a duration out.
func newSleep(scope constructs.Construct, id, createDuration, destroyDuration string, dependsOn []cdktf.ITerraformDependable) cdktf.TerraformResource {
	r := cdktf.NewTerraformResource(scope, jsii.String(id), &cdktf.TerraformResourceConfig{
		TerraformResourceType: jsii.String("time_sleep"),
		DependsOn:             &dependsOn,
	})
	if createDuration != "" {
		r.AddOverride(jsii.String("create_duration"), createDuration)
	}
	if destroyDuration != "" {
		r.AddOverride(jsii.String("destroy_duration"), destroyDuration)
	}
	return r
}
