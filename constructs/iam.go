package constructs

import (
	"encoding/json"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrole"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrolepolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
)

// PolicyStatement is one IAM policy statement. Resources may hold Terraform
// expressions (ARNs of resources created in this stack).
type PolicyStatement struct {
	Sid      string   `json:"Sid,omitempty"`
	Effect   string   `json:"Effect"`
	Action   []string `json:"Action"`
	Resource []string `json:"Resource"`
}

// policyDocument marshals statements; cdktf resolves the tokens inside the
// resulting string at synth time.
func policyDocument(statements ...PolicyStatement) *string {
	b, err := json.Marshal(map[string]any{"Version": "2012-10-17", "Statement": statements})
	if err != nil {
		panic(err) // only strings inside: cannot fail
	}
	return jsii.String(string(b))
}

// assumeRolePolicy lets one AWS service principal assume a role.
func assumeRolePolicy(service *string) *string {
	b, err := json.Marshal(map[string]any{
		"Version": "2012-10-17",
		"Statement": []map[string]any{{
			"Effect":    "Allow",
			"Principal": map[string]any{"Service": service},
			"Action":    "sts:AssumeRole",
		}},
	})
	if err != nil {
		panic(err)
	}
	return jsii.String(string(b))
}

// serviceRole is a role a service assumes. What it may do is granted by
// the resources it uses (grant, Credentials.GrantRead, PrivateBucket's
// grants), each an inline policy its users wait for.
type serviceRole struct {
	iamrole.IamRole
	// Name is the role's name, known at synth time.
	Name string
	// provider is where the role is managed; grants attach through it.
	provider provider.AwsProvider
}

// newServiceRole is a role that service assumes, with no permission yet.
func newServiceRole(scope constructs.Construct, id string, p provider.AwsProvider, name string, service *string) serviceRole {
	return serviceRole{Name: name, provider: p, IamRole: iamrole.NewIamRole(scope, jsii.String(id), &iamrole.IamRoleConfig{
		Provider:         p,
		Name:             jsii.String(name),
		AssumeRolePolicy: assumeRolePolicy(service),
	})}
}

// grant attaches statements to role as an inline policy named
// <role>-<what>, made in scope (the granting resource's construct). It
// returns the policy: whatever relies on the access waits for it.
func grant(scope constructs.Construct, role serviceRole, what string, statements ...PolicyStatement) iamrolepolicy.IamRolePolicy {
	return iamrolepolicy.NewIamRolePolicy(scope, jsii.String("grant-"+what+"-to-"+role.Name), &iamrolepolicy.IamRolePolicyConfig{
		Provider: role.provider,
		Name:     jsii.String(role.Name + "-" + what),
		Role:     role.Id(),
		Policy:   policyDocument(statements...),
	})
}
