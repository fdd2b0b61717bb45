package constructs

import (
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/dataawsrdsengineversion"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/hashicorp/terraform-cdk-go/cdktf"
)

// engineLookup says how a bare major version is resolved at deploy time.
type engineLookup struct {
	// engine is the RDS engine name, such as "oracle-se2".
	engine string
	// family maps a major version to its parameter group family. RDS lists
	// other builds beside the normal ones under the same engine (Aurora
	// PostgreSQL's "16.4-limitless" sits between 16.4 and 16.6), and the
	// provider sorts by creation time; the family keeps the lookup to the
	// builds a normal cluster or instance runs.
	family func(major string) string
	// defaultOnly asks for the major's default release instead of its
	// newest: RDS never makes a special build (Limitless) the default.
	// RDS's DefaultOnly applies to "the engine and major version
	// combination" (DescribeDBEngineVersions), so the major is sent as the
	// version too. Without it only the family is sent: the family alone
	// names the major, with no reliance on how RDS matches a partial
	// version.
	defaultOnly bool
}

var (
	oracleSE2Lookup = engineLookup{engine: "oracle-se2", family: func(m string) string { return "oracle-se2-" + m }}
	auroraPGLookup  = engineLookup{engine: "aurora-postgresql", family: func(m string) string { return "aurora-postgresql" + m }, defaultOnly: true}
)

// engineVersion returns version as is when it is exact, and for a bare major
// version ("19", "16") the release RDS offers in that region at deploy time
// (the newest, or the default where lookup says so), so a default never
// names a release RDS has retired. The databases ignore later changes to
// it: a newer release appearing must not upgrade a running lab.
func engineVersion(scope constructs.Construct, id string, p provider.AwsProvider, lookup engineLookup, version string) *string {
	if strings.Contains(version, ".") {
		return jsii.String(version)
	}
	cfg := &dataawsrdsengineversion.DataAwsRdsEngineVersionConfig{
		Provider:             p,
		Engine:               jsii.String(lookup.engine),
		ParameterGroupFamily: jsii.String(lookup.family(version)),
		Lifecycle: &cdktf.TerraformResourceLifecycle{
			Postcondition: &[]*cdktf.Postcondition{{
				Condition:    jsii.String(`${!strcontains(self.version_actual, "limitless")}`),
				ErrorMessage: jsii.String("The " + lookup.engine + " version lookup for major " + version + " found a Limitless build; set the exact version in lab.json."),
			}},
		},
	}
	if lookup.defaultOnly {
		cfg.DefaultOnly = jsii.Bool(true)
		cfg.Version = jsii.String(version)
	} else {
		cfg.Latest = jsii.Bool(true)
	}
	d := dataawsrdsengineversion.NewDataAwsRdsEngineVersion(scope, jsii.String(id), cfg)
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
