package constructs

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/iamrolepolicy"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3object"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ssmassociation"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ssmdocument"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/dmslab/dmslab/settings"
)

// Where dgen lives on the host, and its service.
const (
	HostBinary      = "/usr/local/bin/dgen"
	WorkloadService = "dgen-run.service"
)

// GeneratorBootstrapProps configures NewGeneratorBootstrap.
type GeneratorBootstrapProps struct {
	// Provider is the host's region. Required.
	Provider provider.AwsProvider
	Host     *GeneratorHost
	// Binary is dgen built for the host's architecture, on the synth
	// machine; it ships as a cdktf asset. Required.
	Binary string
	// SourceSecretArn names the Oracle credentials the host reads at run
	// time. Required.
	SourceSecretArn *string
	// SourceRegion is where the artifacts bucket is (a Terraform expression).
	SourceRegion *string
	Workload     settings.WorkloadConfig
	Name         string
	// After is everything the preparation needs first: Oracle available,
	// its secret written, the host allowed through Oracle's security group.
	After []cdktf.ITerraformDependable
}

// GeneratorBootstrap ships dgen to the host and runs it there through SSM:
// Prepared completes once Oracle is prepared, the tables exist and the
// preload is in (the tasks wait for it); StartWorkload then starts the
// change workload as a systemd service.
type GeneratorBootstrap struct {
	Bucket   *PrivateBucket
	Object   s3object.S3Object
	Prepared ssmassociation.SsmAssociation
	Workload ssmassociation.SsmAssociation
	props    *GeneratorBootstrapProps
	c        constructs.Construct
	binary   string // s3://bucket/key
}

// ssmDocument is an SSM Command document, schema 2.2, of shell steps.
type ssmDocument struct {
	SchemaVersion string                  `json:"schemaVersion"`
	Description   string                  `json:"description"`
	Parameters    map[string]ssmParameter `json:"parameters"`
	MainSteps     []ssmStep               `json:"mainSteps"`
}

type ssmParameter struct {
	Type           string `json:"type"`
	Description    string `json:"description"`
	AllowedPattern string `json:"allowedPattern"`
}

type ssmStep struct {
	Action string         `json:"action"`
	Name   string         `json:"name"`
	Inputs map[string]any `json:"inputs"`
}

// Patterns that every parameter must match: SSM substitutes them into the
// shell commands, so nothing but these characters may reach the shell.
var (
	patternS3URL     = `^s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]/[A-Za-z0-9/._-]+$`
	patternRegion    = `^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$`
	patternSecretArn = `^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:[0-9]{12}:secret:[A-Za-z0-9/_+=.@-]+$`
	patternCount     = `^[0-9]{1,9}$`
	patternRate      = `^[0-9]{1,5}(\.[0-9]{1,3})?$`
	patternDuration  = `^[0-9hms.]{1,12}$`
	patternMix       = `^(insert|update|delete)=[0-9]{1,4}(,(insert|update|delete)=[0-9]{1,4}){0,2}$`
)

// BootstrapCommands are the shell lines the preparation runs on the host.
// No credential appears: dgen reads the Oracle secret itself at run time.
func BootstrapCommands() []string {
	return []string{
		"set -euo pipefail",
		"aws s3 cp '{{ BinaryUrl }}' " + HostBinary + ".new --region '{{ BucketRegion }}' --only-show-errors",
		"chmod 0755 " + HostBinary + ".new && mv -f " + HostBinary + ".new " + HostBinary,
		"export HOME=/root DGEN_SECRET_ID='{{ SecretArn }}'",
		HostBinary + " prepare",
		HostBinary + " init --if-missing",
		HostBinary + " preload --rows '{{ PreloadRows }}'",
		HostBinary + " info",
	}
}

// WorkloadCommands install and start the change workload as a service
// that systemd restarts when it fails.
func WorkloadCommands() []string {
	unit := strings.Join([]string{
		"[Unit]",
		"Description=DMS lab change workload (dgen run)",
		"Wants=network-online.target",
		"After=network-online.target",
		"[Service]",
		"Environment=HOME=/root",
		"Environment=DGEN_SECRET_ID={{ SecretArn }}",
		"ExecStart=" + HostBinary + " run --rate {{ Rate }} --duration {{ Duration }} --mix {{ Mix }}",
		"Restart=on-failure",
		"RestartSec=10",
		"[Install]",
		"WantedBy=multi-user.target",
	}, "\n")
	return []string{
		"set -euo pipefail",
		"cat > /etc/systemd/system/" + WorkloadService + " <<'UNIT'\n" + unit + "\nUNIT",
		"systemctl daemon-reload",
		"systemctl enable --now " + WorkloadService,
		"systemctl is-active " + WorkloadService,
	}
}

func shellDocument(description string, params map[string]ssmParameter, commands []string) *string {
	doc := ssmDocument{
		SchemaVersion: "2.2",
		Description:   description,
		Parameters:    params,
		MainSteps: []ssmStep{{
			Action: "aws:runShellScript",
			Name:   "run",
			Inputs: map[string]any{"runCommand": commands, "timeoutSeconds": "3600"},
		}},
	}
	b, err := json.Marshal(doc)
	if err != nil {
		panic(err)
	}
	return jsii.String(string(b))
}

// NewGeneratorBootstrap uploads dgen and prepares the source through the host.
func NewGeneratorBootstrap(scope constructs.Construct, id string, props *GeneratorBootstrapProps) *GeneratorBootstrap {
	c := constructs.NewConstruct(scope, jsii.String(id))
	b := &GeneratorBootstrap{props: props, c: c}
	b.Bucket = NewPrivateBucket(c, "artifacts", &PrivateBucketProps{Provider: props.Provider, Prefix: props.Name + "-artifacts-"})
	asset := cdktf.NewTerraformAsset(c, jsii.String("dgen-binary"), &cdktf.TerraformAssetConfig{
		Path: jsii.String(props.Binary),
		Type: cdktf.AssetType_FILE,
	})
	// A new build gets a new key: the host fetches exactly what was synthesized.
	key := jsii.String("dgen/" + *asset.AssetHash() + "/dgen-linux-" + props.Host.Arch)
	b.Object = s3object.NewS3Object(c, jsii.String("dgen"), &s3object.S3ObjectConfig{
		Provider:  props.Provider,
		Bucket:    b.Bucket.Bucket.Id(),
		Key:       key,
		Source:    asset.Path(),
		DependsOn: &[]cdktf.ITerraformDependable{b.Bucket.Ready},
	})
	b.binary = "s3://" + *b.Bucket.Bucket.Bucket() + "/" + *b.Object.Key()
	readBinary := iamrolepolicy.NewIamRolePolicy(c, jsii.String("read-dgen"), &iamrolepolicy.IamRolePolicyConfig{
		Provider: props.Provider,
		Name:     jsii.String(props.Name + "-read-dgen"),
		Role:     props.Host.Role.Id(),
		Policy: policyDocument(PolicyStatement{
			Sid: "ReadTheDgenBinary", Effect: "Allow", Action: []string{"s3:GetObject"},
			Resource: []string{*b.Bucket.Bucket.Arn() + "/" + *b.Object.Key()},
		}),
	})

	b.Prepared = b.runOnHost(hostStep{
		id: "prepare", name: props.Name + "-prepare-source",
		description: "Install dgen, prepare Oracle for CDC, create and preload the tables",
		params: map[string]ssmParameter{
			"BinaryUrl":    {Type: "String", Description: "dgen for this host, in S3", AllowedPattern: patternS3URL},
			"BucketRegion": {Type: "String", Description: "Region of that bucket", AllowedPattern: patternRegion},
			"SecretArn":    {Type: "String", Description: "Secret holding the Oracle connection", AllowedPattern: patternSecretArn},
			"PreloadRows":  {Type: "String", Description: "Rows per table to preload", AllowedPattern: patternCount},
		},
		values: map[string]*string{
			"BinaryUrl":    jsii.String(b.binary),
			"BucketRegion": props.SourceRegion,
			"SecretArn":    props.SourceSecretArn,
			"PreloadRows":  jsii.String(fmt.Sprint(props.Workload.PreloadRows)),
		},
		commands: BootstrapCommands(),
		// Terraform waits here, and fails with the association's status,
		// until the host has done it all: the tasks need the tables.
		timeout: 1800,
		after:   append([]cdktf.ITerraformDependable{b.Object, readBinary, props.Host.Instance}, props.After...),
	})
	return b
}

// StartWorkload starts dgen run on the host once everything in after (the
// two started tasks) exists.
func (b *GeneratorBootstrap) StartWorkload(after []cdktf.ITerraformDependable) {
	p := b.props
	b.Workload = b.runOnHost(hostStep{
		id: "workload", name: p.Name + "-start-workload",
		description: "Run the dgen change workload as a systemd service",
		params: map[string]ssmParameter{
			"SecretArn": {Type: "String", Description: "Secret holding the Oracle connection", AllowedPattern: patternSecretArn},
			"Rate":      {Type: "String", Description: "Changes per second", AllowedPattern: patternRate},
			"Duration":  {Type: "String", Description: "How long (Go duration; 0 is until stopped)", AllowedPattern: patternDuration},
			"Mix":       {Type: "String", Description: "Weights of inserts, updates and deletes", AllowedPattern: patternMix},
		},
		values: map[string]*string{
			"SecretArn": p.SourceSecretArn,
			"Rate":      jsii.String(fmt.Sprint(p.Workload.RunRate)),
			"Duration":  jsii.String(p.Workload.RunDuration),
			"Mix":       jsii.String(p.Workload.RunMix),
		},
		commands: WorkloadCommands(),
		timeout:  600,
		after:    append([]cdktf.ITerraformDependable{b.Prepared}, after...),
	})
}

// hostStep is one SSM command document and the association that runs it
// on the host, which Terraform waits on.
type hostStep struct {
	id, name, description string
	params                map[string]ssmParameter
	values                map[string]*string
	commands              []string
	timeout               int // seconds Terraform waits for success
	after                 []cdktf.ITerraformDependable
}

func (b *GeneratorBootstrap) runOnHost(step hostStep) ssmassociation.SsmAssociation {
	p := b.props
	doc := ssmdocument.NewSsmDocument(b.c, jsii.String(step.id+"-document"), &ssmdocument.SsmDocumentConfig{
		Provider:     p.Provider,
		Name:         jsii.String(step.name),
		DocumentType: jsii.String("Command"),
		Content:      shellDocument(step.description, step.params, step.commands),
	})
	return ssmassociation.NewSsmAssociation(b.c, jsii.String(step.id), &ssmassociation.SsmAssociationConfig{
		Provider:        p.Provider,
		Name:            doc.Name(),
		AssociationName: jsii.String(step.name),
		Targets: &[]*ssmassociation.SsmAssociationTargets{{
			Key:    jsii.String("InstanceIds"),
			Values: &[]*string{p.Host.Instance.Id()},
		}},
		Parameters:                   &step.values,
		WaitForSuccessTimeoutSeconds: jsii.Number(step.timeout),
		DependsOn:                    &step.after,
	})
}
