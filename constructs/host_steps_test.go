package constructs

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// hostRun is one run of a host step's commands, as SSM would run them
// (parameters substituted, one shell script) but with the host's commands
// (aws, dgen, curl, systemctl, journalctl, sleep) replaced by recorders.
type hostRun struct {
	exitErr error
	calls   []string     // every recorded command line, in order
	signals []gateSignal // the bodies PUT to the gate URL
	output  string       // what the script printed
	dir     string
}

type gateSignal struct{ Status, Reason, UniqueID, Data string }

func (s *gateSignal) UnmarshalJSON(b []byte) error {
	var raw struct{ Status, Reason, UniqueId, Data string }
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*s = gateSignal{raw.Status, raw.Reason, raw.UniqueId, raw.Data}
	return nil
}

var stubs = map[string]string{
	// aws s3 cp SRC DEST ...: "downloads" the fake dgen.
	"aws": `echo "aws $*" >> "$CALLS"
if [ -n "${AWS_FAIL:-}" ]; then echo "$AWS_FAIL" >&2; exit 1; fi
cp "$FAKE_DGEN" "$4"`,
	// curl ... --data-binary @FILE URL: records the body.
	"curl": `prev=""; for a in "$@"; do if [ "$prev" = "--data-binary" ]; then cat "${a#@}" >> "$SIGNALS"; echo >> "$SIGNALS"; fi; prev="$a"; done
case "$prev" in https://*) ;; *) echo "curl: no URL last" >&2; exit 2;; esac`,
	"systemctl": `echo "systemctl $*" >> "$CALLS"
if [ "$1" = show ]; then case "$3" in NRestarts) echo "${NRESTARTS:-0}";; Result) echo "${RESULT:-success}";; esac; fi`,
	"journalctl": `echo "dgen: connecting to Oracle at 10.0.1.25:1521: dial tcp: connect: connection refused"`,
	"sleep":      `echo "sleep $*" >> "$CALLS"`,
}

const fakeDgen = `#!/bin/sh
echo "dgen $*" >> "$CALLS"
if [ "$1" = "${DGEN_FAIL_AT:-}" ]; then echo "dgen $1: ${DGEN_FAIL_MESSAGE:-failed}" >&2; exit 1; fi
echo "dgen $1: done"
`

// runHostStep runs commands with params substituted, under bash in POSIX
// mode (the host's /bin/sh is bash), with env added.
func runHostStep(t *testing.T, commands func(HostPaths) []string, params map[string]string, env ...string) hostRun {
	t.Helper()
	dir := t.TempDir()
	bin := filepath.Join(dir, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, body := range stubs {
		if err := os.WriteFile(filepath.Join(bin, name), []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	fake := filepath.Join(dir, "fake-dgen")
	if err := os.WriteFile(fake, []byte(fakeDgen), 0o755); err != nil {
		t.Fatal(err)
	}
	paths := HostPaths{Binary: filepath.Join(dir, "dgen"), LogDir: filepath.Join(dir, "log"), UnitDir: dir}
	script := strings.Join(commands(paths), "\n")
	for k, v := range params {
		script = strings.ReplaceAll(script, "{{ "+k+" }}", v)
	}
	if strings.Contains(script, "{{") {
		t.Fatalf("a parameter is left unsubstituted:\n%s", script)
	}
	cmd := exec.Command("bash", "--posix", "-c", script)
	cmd.Env = append([]string{
		"PATH=" + bin + ":" + os.Getenv("PATH"),
		"CALLS=" + filepath.Join(dir, "calls"),
		"SIGNALS=" + filepath.Join(dir, "signals"),
		"FAKE_DGEN=" + fake,
	}, env...)
	out, err := cmd.CombinedOutput()
	r := hostRun{exitErr: err, output: string(out), dir: dir}
	if b, err := os.ReadFile(filepath.Join(dir, "calls")); err == nil {
		r.calls = strings.Split(strings.TrimSpace(string(b)), "\n")
	}
	if f, err := os.Open(filepath.Join(dir, "signals")); err == nil {
		defer f.Close()
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			if strings.TrimSpace(sc.Text()) == "" {
				continue
			}
			var s gateSignal
			if err := json.Unmarshal(sc.Bytes(), &s); err != nil {
				t.Fatalf("the gate got a body that is not JSON: %q: %v", sc.Text(), err)
			}
			r.signals = append(r.signals, s)
		}
	}
	return r
}

var prepareParams = map[string]string{
	GateURLParam: "https://cloudformation-waitcondition-us-west-2.s3.us-west-2.amazonaws.com/arn%3Aaws%3Acloudformation/Handle?X-Amz-Signature=abc",
	"Revision":   "0123456789abcdef", "BinaryUrl": "s3://dmslab-artifacts-1/dgen/x/dgen-linux-x86_64",
	"BucketRegion": "us-west-2", "SecretArn": "arn:aws:secretsmanager:us-east-1:123456789012:secret:dmslab/oracle-AbCdEf",
	"PreloadRows": "10000",
}

var workloadParams = map[string]string{
	GateURLParam: prepareParams[GateURLParam], "Revision": "0123456789abcdef",
	"SecretArn": prepareParams["SecretArn"], "Rate": "10", "Duration": "1h", "Mix": "insert=6,update=3,delete=1",
}

func (r hostRun) called(prefix string) bool {
	for _, c := range r.calls {
		if strings.HasPrefix(c, prefix) {
			return true
		}
	}
	return false
}

func TestThePreparationSignalsSuccessOnlyAfterThePreload(t *testing.T) {
	r := runHostStep(t, BootstrapCommands, prepareParams)
	if r.exitErr != nil {
		t.Fatalf("the step failed: %v\n%s", r.exitErr, r.output)
	}
	want := []string{"aws s3 cp", "dgen prepare", "dgen init --if-missing", "dgen preload --rows 10000", "dgen info"}
	if len(r.calls) != len(want) {
		t.Fatalf("calls %q, want %q", r.calls, want)
	}
	for i, w := range want {
		if !strings.HasPrefix(r.calls[i], w) {
			t.Errorf("call %d = %q, want %q", i, r.calls[i], w)
		}
	}
	if len(r.signals) != 1 || r.signals[0].Status != "SUCCESS" || r.signals[0].UniqueID != "prepare-source" {
		t.Fatalf("signals %+v, want one SUCCESS from prepare-source", r.signals)
	}
}

// What the deploy shows when the host fails: the gate's failure reason,
// which the provider puts in the deploy's error, carries dgen's message.
func TestAFailedPreparationFailsTheGateWithDgensMessage(t *testing.T) {
	for _, c := range []struct {
		name, failAt, message string
		notCalled             string
	}{
		{"prepare", "prepare", `ORA-01031: insufficient privileges on "SYS"."V_$LOGMNR_LOGS" \ check grants`, "dgen preload"},
		{"init", "init", "ORA-01950: no privileges on tablespace 'USERS'", "dgen preload"},
		{"preload", "preload", "ORA-01653: unable to extend table ADMIN.TABLE1", "dgen info"},
	} {
		t.Run(c.name, func(t *testing.T) {
			r := runHostStep(t, BootstrapCommands, prepareParams, "DGEN_FAIL_AT="+c.failAt, "DGEN_FAIL_MESSAGE="+c.message)
			if r.exitErr == nil {
				t.Fatal("the step succeeded")
			}
			if r.called(c.notCalled) {
				t.Errorf("%s ran after %s failed", c.notCalled, c.failAt)
			}
			if len(r.signals) != 1 || r.signals[0].Status != "FAILURE" {
				t.Fatalf("signals %+v, want one FAILURE", r.signals)
			}
			reason := r.signals[0].Reason
			if !strings.Contains(reason, c.message) || !strings.HasPrefix(reason, "prepare-source failed with exit status 1") {
				t.Errorf("reason %q lacks the step or dgen's message %q", reason, c.message)
			}
		})
	}
	t.Run("download", func(t *testing.T) {
		r := runHostStep(t, BootstrapCommands, prepareParams, "AWS_FAIL=fatal error: An error occurred (403) when calling the HeadObject operation: Forbidden")
		if r.exitErr == nil || r.called("dgen") {
			t.Fatalf("dgen ran although its download failed: %q", r.calls)
		}
		if len(r.signals) != 1 || r.signals[0].Status != "FAILURE" || !strings.Contains(r.signals[0].Reason, "HeadObject operation: Forbidden") {
			t.Errorf("signals %+v", r.signals)
		}
	})
}

func TestTheWorkloadStepFailsWhenDgenDoesNotStayUp(t *testing.T) {
	t.Run("stays up", func(t *testing.T) {
		r := runHostStep(t, WorkloadCommands, workloadParams)
		if r.exitErr != nil {
			t.Fatalf("the step failed: %v\n%s", r.exitErr, r.output)
		}
		if len(r.signals) != 1 || r.signals[0].Status != "SUCCESS" {
			t.Fatalf("signals %+v", r.signals)
		}
		unit, err := os.ReadFile(filepath.Join(r.dir, WorkloadService))
		if err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(string(unit), "run --rate 10 --duration 1h --mix insert=6,update=3,delete=1") {
			t.Errorf("unit:\n%s", unit)
		}
		if !r.called("sleep 20") || !r.called("systemctl restart "+WorkloadService) {
			t.Errorf("the service was not (re)started and watched: %q", r.calls)
		}
	})
	t.Run("crash loop", func(t *testing.T) {
		r := runHostStep(t, WorkloadCommands, workloadParams, "NRESTARTS=2", "RESULT=exit-code")
		if r.exitErr == nil {
			t.Fatal("the step succeeded while dgen restarted twice")
		}
		if len(r.signals) != 1 || r.signals[0].Status != "FAILURE" {
			t.Fatalf("signals %+v", r.signals)
		}
		reason := r.signals[0].Reason
		if !strings.Contains(reason, "connection refused") || !strings.Contains(reason, "restarts: 2") {
			t.Errorf("reason %q lacks dgen's message or the restart count", reason)
		}
	})
}

// What Terraform waits on before the tasks is the host's own signal, not
// the SSM association's status: there is no aws_ssm_association whose
// early return (hashicorp/terraform-provider-aws#31175) could let the tasks
// start, and the gate's wait condition counts one signal, after the
// association, within a timeout Terraform outlasts.
func TestTheGateCannotPassBeforeTheHostSignals(t *testing.T) {
	if n := len(resources(t, "aws_ssm_association")); n != 0 {
		t.Errorf("%d aws_ssm_association resources: their wait may return at once", n)
	}
	for _, name := range []string{"dmslab-prepare-source", "dmslab-start-workload"} {
		addr := gateAddr(t, name)
		g := resources(t, "aws_cloudformation_stack")[strings.TrimPrefix(addr, "aws_cloudformation_stack.")]
		var tpl cfnTemplate
		if err := json.Unmarshal([]byte(str(g["template_body"])), &tpl); err != nil {
			t.Fatal(err)
		}
		ready, assoc := tpl.Resources[gateReady], tpl.Resources[gateAssociation]
		if ready.Type != "AWS::CloudFormation::WaitCondition" || ready.Properties["Count"] != 1.0 ||
			strings.Join(ready.DependsOn, ",") != gateAssociation {
			t.Errorf("%s: wait condition %+v", name, ready)
		}
		if h, _ := ready.Properties["Handle"].(map[string]any); h["Ref"] != gateHandle {
			t.Errorf("%s: the wait condition is not on the handle: %v", name, ready.Properties["Handle"])
		}
		if tpl.Resources[gateHandle].Type != "AWS::CloudFormation::WaitConditionHandle" || assoc.Type != "AWS::SSM::Association" {
			t.Errorf("%s: resources %+v", name, tpl.Resources)
		}
		gate, _ := assoc.Properties["Parameters"].(map[string]any)[GateURLParam].([]any)
		if len(gate) != 1 || gate[0].(map[string]any)["Ref"] != gateHandle {
			t.Errorf("%s: the host is not given the handle's URL: %v", name, assoc.Properties["Parameters"])
		}
		// Every stack parameter reaches the association, and every
		// document parameter comes from the stack or the handle.
		doc := documentNamed(t, name)
		for p := range doc.Parameters {
			if p == GateURLParam {
				continue
			}
			if _, ok := tpl.Parameters[p]; !ok {
				t.Errorf("%s: document parameter %s is not a stack parameter", name, p)
			}
			if _, ok := at(t, g, "parameters").(map[string]any)[p]; !ok {
				t.Errorf("%s: Terraform gives no value for %s", name, p)
			}
		}
		var timeout int
		if err := json.Unmarshal([]byte(str(ready.Properties["Timeout"])), &timeout); err != nil || timeout < 600 {
			t.Errorf("%s: wait condition timeout %v", name, ready.Properties["Timeout"])
		}
		create := str(at(t, g, "timeouts", "create"))
		var minutes int
		if _, err := fmt.Sscanf(create, "%dm", &minutes); err != nil || minutes*60 <= timeout {
			t.Errorf("%s: Terraform waits %s, not longer than the wait condition's %d s", name, create, timeout)
		}
	}
	// The tasks wait for the preparation's gate (checked in detail in
	// TestTasksStartOnlyAfterTheSourceIsPreparedAndLoaded).
	for name := range resources(t, "aws_dms_replication_task") {
		if !ancestors(t, "aws_dms_replication_task."+name)[gateAddr(t, "dmslab-prepare-source")] {
			t.Errorf("task %s does not wait for the gate", name)
		}
	}
}
