package constructs

import (
	"encoding/json"
	"fmt"
	"sort"
)

// A host step's gate is a small CloudFormation stack that Terraform creates
// and blocks on until the generator host says the step is done:
//
//	Handle       AWS::CloudFormation::WaitConditionHandle: a presigned URL
//	Association  AWS::SSM::Association running the step's SSM document on
//	             the host, with the handle's URL as its GateUrl parameter
//	Ready        AWS::CloudFormation::WaitCondition on the handle, after
//	             the association; one signal, Timeout seconds
//
// Why not aws_ssm_association's wait_for_success_timeout_seconds: it returns
// at once about half the time (hashicorp/terraform-provider-aws#31175; the
// provider polls the association's Overview.Status, pending "Pending",
// target "Success", in internal/service/ssm/wait.go), so whatever depended
// on it could start before the host had done its work. A wait condition
// completes only on the host's own signal: the script signals SUCCESS as its
// last command and FAILURE, with the tail of its output, from an exit trap.
// aws_cloudformation_stack fails its create with each failed event's reason
// (waitStackCreated and stackEventsError in the provider's
// internal/service/cloudformation/stack.go), so a failed step fails the
// deploy with the host's own message: "WaitCondition received failed
// message: '<reason>' for uniqueId: <step>". The stack's id is set before
// that wait, so a failed stack stays in state tainted and the next deploy
// replaces it, which creates a new association and runs the step again.

// cfnTemplate is the part of a CloudFormation template the gates use.
type cfnTemplate struct {
	AWSTemplateFormatVersion string                  `json:"AWSTemplateFormatVersion"`
	Description              string                  `json:"Description"`
	Parameters               map[string]cfnParameter `json:"Parameters"`
	Resources                map[string]cfnResource  `json:"Resources"`
}

type cfnParameter struct {
	Type           string `json:"Type"`
	Description    string `json:"Description"`
	AllowedPattern string `json:"AllowedPattern,omitempty"`
}

type cfnResource struct {
	Type       string         `json:"Type"`
	DependsOn  []string       `json:"DependsOn,omitempty"`
	Properties map[string]any `json:"Properties,omitempty"`
}

type cfnRef struct {
	Ref string `json:"Ref"`
}

// Logical ids inside a gate's template.
const (
	gateHandle      = "Handle"
	gateAssociation = "Association"
	gateReady       = "Ready"
	// Stack parameters every gate has besides the document's own.
	gateDocumentParam = "DocumentName"
	gateInstanceParam = "InstanceId"
	// GateURLParam is the SSM document parameter that carries the handle.
	GateURLParam = "GateUrl"
)

// patternGateURL is what a wait condition handle's presigned URL looks like:
// https, an amazonaws.com host, then URL-safe characters only, so that it
// can sit between single quotes in a shell line.
const patternGateURL = `^https://[a-z0-9.-]+\.amazonaws\.com(\.cn)?/[A-Za-z0-9%/._~?&=:+-]+$`

// gateTemplate is the CloudFormation template of one host step's gate.
// documentParams are the SSM document's parameters other than GateUrl;
// each becomes a stack parameter of the same name passed on to the
// association.
func gateTemplate(description string, documentParams map[string]ssmParameter, timeoutSeconds int) string {
	params := map[string]cfnParameter{
		gateDocumentParam: {Type: "String", Description: "SSM document the host runs"},
		gateInstanceParam: {Type: "String", Description: "The generator host", AllowedPattern: `^i-[0-9a-f]{8,17}$`},
	}
	associationParams := map[string]any{GateURLParam: []cfnRef{{Ref: gateHandle}}}
	names := make([]string, 0, len(documentParams))
	for name := range documentParams {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		p := documentParams[name]
		params[name] = cfnParameter{Type: "String", Description: p.Description, AllowedPattern: p.AllowedPattern}
		associationParams[name] = []cfnRef{{Ref: name}}
	}
	t := cfnTemplate{
		AWSTemplateFormatVersion: "2010-09-09",
		Description:              description,
		Parameters:               params,
		Resources: map[string]cfnResource{
			gateHandle: {Type: "AWS::CloudFormation::WaitConditionHandle"},
			gateAssociation: {
				Type: "AWS::SSM::Association",
				Properties: map[string]any{
					"Name":            cfnRef{Ref: gateDocumentParam},
					"AssociationName": cfnRef{Ref: "AWS::StackName"},
					"Targets":         []map[string]any{{"Key": "InstanceIds", "Values": []cfnRef{{Ref: gateInstanceParam}}}},
					"Parameters":      associationParams,
				},
			},
			gateReady: {
				Type:      "AWS::CloudFormation::WaitCondition",
				DependsOn: []string{gateAssociation},
				Properties: map[string]any{
					"Handle":  cfnRef{Ref: gateHandle},
					"Timeout": fmt.Sprint(timeoutSeconds),
					"Count":   1,
				},
			},
		},
	}
	b, err := json.Marshal(t)
	if err != nil {
		panic(err) // plain data only
	}
	return string(b)
}
