package constructs

import (
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsrdsengineversion"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// engineVersion returns version as is when it is exact, and for a bare major
// version ("19", "16") the newest release RDS offers in that region at
// deploy time, so a default never names a release RDS has retired. The
// databases ignore later changes to it: a newer release appearing must not
// upgrade a running lab.
func engineVersion(scope constructs.Construct, id string, p provider.AwsProvider, engine, version string) *string {
	if strings.Contains(version, ".") {
		return jsii.String(version)
	}
	d := dataawsrdsengineversion.NewDataAwsRdsEngineVersion(scope, jsii.String(id), &dataawsrdsengineversion.DataAwsRdsEngineVersionConfig{
		Provider: p,
		Engine:   jsii.String(engine),
		Version:  jsii.String(version),
		Latest:   jsii.Bool(true),
	})
	return d.VersionActual()
}

func ignoreEngineVersion() *cdktf.TerraformResourceLifecycle {
	return &cdktf.TerraformResourceLifecycle{IgnoreChanges: jsii.Strings("engine_version")}
}

// optionalString is nil for "", so that Terraform sends no value.
func optionalString(s string) *string {
	if s == "" {
		return nil
	}
	return jsii.String(s)
}
