package constructs

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/cloudformationstack"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/provider"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/s3object"
	"github.com/cdktf/cdktf-provider-aws-go/aws/v19/ssmdocument"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/dmslab/dmslab/internal/workloadspec"
	"github.com/dmslab/dmslab/settings"
)

// Where dgen lives on the host, and its service.
const (
	HostBinary      = "/usr/local/bin/dgen"
	WorkloadService = "dgen-run.service"
)

// HostPaths are the files a host step writes. Tests run the steps with
// their own; the lab uses DefaultHostPaths.
type HostPaths struct {
	// Binary is where dgen is installed.
	Binary string
	// LogDir holds each step's output, <LogDir>/<step>.log.
	LogDir string
	// UnitDir is where the workload's systemd unit is written.
	UnitDir string
}

// DefaultHostPaths are the paths on the generator host.
var DefaultHostPaths = HostPaths{Binary: HostBinary, LogDir: "/var/log/dmslab", UnitDir: "/etc/systemd/system"}

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
	// its secret written, the host allowed through Oracle's security group
	// and able to reach SSM, S3 and Secrets Manager.
	After []cdktf.ITerraformDependable
}

// GeneratorBootstrap ships dgen to the host and runs it there through SSM,
// each step behind a gate Terraform waits on (see host_gate.go): Prepared
// completes only once the host has prepared Oracle, created the tables and
// preloaded them (the tasks wait for it); StartWorkload then starts the
// change workload as a systemd service, and its gate completes once the
// service has stayed up.
type GeneratorBootstrap struct {
	Bucket *PrivateBucket
	Object s3object.S3Object
	// Prepared and Workload are the two steps' gates.
	Prepared cloudformationstack.CloudformationStack
	Workload cloudformationstack.CloudformationStack
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
	// The workload's: settings.Validate and dgen's flags accept a subset.
	patternRate     = workloadspec.RatePattern
	patternDuration = workloadspec.DurationPattern
	patternMix      = workloadspec.MixPattern
	patternRevision = `^[0-9a-f]{16}$`
)

// Step names: each is its log file's name and the gate signal's UniqueId.
const (
	stepPrepare  = "prepare-source"
	stepWorkload = "start-workload"
)

// workloadSettleSeconds is how long the workload step watches the service
// before it reports success: longer than the unit's RestartSec, so a dgen
// that exits at once has been restarted, and counted, by then.
const workloadSettleSeconds = 20

// gateCommands open every host step: strict shell, the step's log, and an
// exit trap that signals the deploy's gate. The trap sends FAILURE with
// the last lines of the log, printable ASCII only and JSON-escaped, unless
// the step signalled SUCCESS itself as its last command.
func gateCommands(step string, paths HostPaths) []string {
	log := paths.LogDir + "/" + step + ".log"
	return []string{
		"set -euo pipefail",
		"export LC_ALL=C",
		"mkdir -p " + paths.LogDir + " && : > " + log,
		"GATE='{{ " + GateURLParam + " }}'",
		`run() { "$@" 2>&1 | tee -a ` + log + `; }`,
		`reason() { tail -n 8 ` + log + ` | tr '\r\n\t' '   ' | tr -cd '[:print:]' | sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' | tail -c 900; }`,
		`gate() { printf '{"Status":"%s","Reason":"%s","UniqueId":"` + step + `","Data":"%s"}' "$1" "$2" "$1" > ` + log + `.signal; ` +
			`curl -fsS --retry 5 --retry-all-errors -X PUT -H 'Content-Type:' --data-binary @` + log + `.signal "$GATE" || echo "could not signal the deploy's gate (an expired URL after a re-run is harmless)"; }`,
		`trap 'rc=$?; if [ $rc -ne 0 ]; then gate FAILURE "` + step + ` failed with exit status $rc on the generator host: $(reason)"; fi' EXIT`,
	}
}

// BootstrapCommands are the shell lines the preparation runs on the host.
// No credential appears: dgen reads the Oracle secret itself at run time.
func BootstrapCommands(paths HostPaths) []string {
	bin := paths.Binary
	return append(gateCommands(stepPrepare, paths),
		": revision {{ Revision }}",
		"run aws s3 cp '{{ BinaryUrl }}' "+bin+".new --region '{{ BucketRegion }}' --only-show-errors",
		"chmod 0755 "+bin+".new && mv -f "+bin+".new "+bin,
		"export HOME=/root DGEN_SECRET_ID='{{ SecretArn }}'",
		"run "+bin+" prepare",
		"run "+bin+" init --if-missing",
		"run "+bin+" preload --rows '{{ PreloadRows }}'",
		"run "+bin+" info",
		`gate SUCCESS "Oracle is prepared for CDC and its tables hold the preload"`,
	)
}

// WorkloadCommands install and start the change workload as a service
// that systemd restarts when it fails, then watch it: a dgen that cannot
// start (no connection, a bad argument) fails the step with its own
// message from the journal instead of a service that looks active.
func WorkloadCommands(paths HostPaths) []string {
	unit := strings.Join([]string{
		"[Unit]",
		"Description=DMS lab change workload (dgen run)",
		"Wants=network-online.target",
		"After=network-online.target",
		"[Service]",
		"Environment=HOME=/root",
		"Environment=DGEN_SECRET_ID={{ SecretArn }}",
		"ExecStart=" + paths.Binary + " run --rate {{ Rate }} --duration {{ Duration }} --mix {{ Mix }}",
		"Restart=on-failure",
		"RestartSec=10",
		"[Install]",
		"WantedBy=multi-user.target",
	}, "\n")
	svc := WorkloadService
	return append(gateCommands(stepWorkload, paths),
		": revision {{ Revision }}",
		"cat > "+paths.UnitDir+"/"+svc+" <<'UNIT'\n"+unit+"\nUNIT",
		"run systemctl daemon-reload",
		"run systemctl enable "+svc,
		"run systemctl restart "+svc,
		fmt.Sprintf("sleep %d", workloadSettleSeconds),
		"restarts=$(systemctl show -p NRestarts --value "+svc+"); result=$(systemctl show -p Result --value "+svc+")",
		`if [ "$restarts" != 0 ] || [ "$result" != success ]; then journalctl -u `+svc+` -n 20 --no-pager -o cat >> `+paths.LogDir+"/"+stepWorkload+`.log; echo "dgen run did not stay up (restarts: $restarts, result: $result)" >> `+paths.LogDir+"/"+stepWorkload+`.log; exit 1; fi`,
		`gate SUCCESS "dgen run is changing Oracle at {{ Rate }} changes per second"`,
	)
}

// revision is a short digest of a step's commands: a parameter of the
// association, so that a change to the script runs the step again.
func revision(commands []string) string {
	sum := sha256.Sum256([]byte(strings.Join(commands, "\n")))
	return hex.EncodeToString(sum[:8])
}

func shellDocument(description string, params map[string]ssmParameter, commands []string, timeoutSeconds int) *string {
	doc := ssmDocument{
		SchemaVersion: "2.2",
		Description:   description,
		Parameters:    params,
		MainSteps: []ssmStep{{
			Action: "aws:runShellScript",
			Name:   "run",
			Inputs: map[string]any{"runCommand": commands, "timeoutSeconds": fmt.Sprint(timeoutSeconds)},
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
	readBinary := b.Bucket.GrantReadObject(props.Host.Role, "dgen", b.Object.Key())

	commands := BootstrapCommands(DefaultHostPaths)
	b.Prepared = b.runOnHost(hostStep{
		id: "prepare", name: props.Name + "-" + stepPrepare,
		description: "Install dgen, prepare Oracle for CDC, create and preload the tables",
		params: map[string]ssmParameter{
			"BinaryUrl":    {Type: "String", Description: "dgen for this host, in S3", AllowedPattern: patternS3URL},
			"BucketRegion": {Type: "String", Description: "Region of that bucket", AllowedPattern: patternRegion},
			"SecretArn":    {Type: "String", Description: "Secret holding the Oracle connection", AllowedPattern: patternSecretArn},
			"PreloadRows":  {Type: "String", Description: "Rows per table to preload", AllowedPattern: patternCount},
			"Revision":     {Type: "String", Description: "Digest of these commands", AllowedPattern: patternRevision},
		},
		values: map[string]*string{
			"BinaryUrl":    jsii.String(b.binary),
			"BucketRegion": props.SourceRegion,
			"SecretArn":    props.SourceSecretArn,
			"PreloadRows":  jsii.String(fmt.Sprint(props.Workload.PreloadRows)),
			"Revision":     jsii.String(revision(commands)),
		},
		commands: commands,
		timeout:  prepareTimeoutSeconds(props.Workload.PreloadRows),
		after:    append([]cdktf.ITerraformDependable{b.Object, readBinary, props.Host.Instance}, props.After...),
	})
	return b
}

// prepareTimeoutSeconds is how long the deploy waits for the preparation:
// half an hour, plus a millisecond per preloaded row, at most the 12 hours
// a wait condition allows.
func prepareTimeoutSeconds(rows int64) int {
	return int(min(1800+rows/1000, 43200))
}

// StartWorkload starts dgen run on the host once everything in after (the
// two started tasks) exists.
func (b *GeneratorBootstrap) StartWorkload(after []cdktf.ITerraformDependable) {
	p := b.props
	commands := WorkloadCommands(DefaultHostPaths)
	b.Workload = b.runOnHost(hostStep{
		id: "workload", name: p.Name + "-" + stepWorkload,
		description: "Run the dgen change workload as a systemd service",
		params: map[string]ssmParameter{
			"SecretArn": {Type: "String", Description: "Secret holding the Oracle connection", AllowedPattern: patternSecretArn},
			"Rate":      {Type: "String", Description: "Changes per second", AllowedPattern: patternRate},
			"Duration":  {Type: "String", Description: "How long (Go duration; 0 is until stopped)", AllowedPattern: patternDuration},
			"Mix":       {Type: "String", Description: "Weights of inserts, updates and deletes", AllowedPattern: patternMix},
			"Revision":  {Type: "String", Description: "Digest of these commands", AllowedPattern: patternRevision},
		},
		values: map[string]*string{
			"SecretArn": p.SourceSecretArn,
			"Rate":      jsii.String(workloadspec.FormatRate(p.Workload.RunRate)),
			"Duration":  jsii.String(p.Workload.RunDuration),
			"Mix":       jsii.String(p.Workload.RunMix),
			"Revision":  jsii.String(revision(commands)),
		},
		commands: commands,
		timeout:  600,
		after:    append([]cdktf.ITerraformDependable{b.Prepared}, after...),
	})
}

// hostStep is one SSM command document and the gate that runs it on the
// host and that Terraform waits on.
type hostStep struct {
	id, name, description string
	params                map[string]ssmParameter
	values                map[string]*string
	commands              []string
	timeout               int // seconds Terraform waits for the host's signal
	after                 []cdktf.ITerraformDependable
}

func (b *GeneratorBootstrap) runOnHost(step hostStep) cloudformationstack.CloudformationStack {
	p := b.props
	docParams := map[string]ssmParameter{GateURLParam: {Type: "String", Description: "Where to signal the deploy (a wait condition handle)", AllowedPattern: patternGateURL}}
	for k, v := range step.params {
		docParams[k] = v
	}
	doc := ssmdocument.NewSsmDocument(b.c, jsii.String(step.id+"-document"), &ssmdocument.SsmDocumentConfig{
		Provider:     p.Provider,
		Name:         jsii.String(step.name),
		DocumentType: jsii.String("Command"),
		Content:      shellDocument(step.description, docParams, step.commands, step.timeout),
	})
	values := map[string]*string{gateDocumentParam: doc.Name(), gateInstanceParam: p.Host.Instance.Id()}
	for k, v := range step.values {
		values[k] = v
	}
	// The stack itself waits; Terraform's own timeout must outlast it.
	wait := jsii.String(fmt.Sprintf("%dm", step.timeout/60+10))
	return cloudformationstack.NewCloudformationStack(b.c, jsii.String(step.id), &cloudformationstack.CloudformationStackConfig{
		Provider:     p.Provider,
		Name:         jsii.String(step.name),
		TemplateBody: jsii.String(gateTemplate(step.description, step.params, step.timeout)),
		Parameters:   &values,
		Timeouts:     &cloudformationstack.CloudformationStackTimeouts{Create: wait, Update: wait},
		DependsOn:    &step.after,
	})
}
