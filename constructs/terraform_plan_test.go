package constructs

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/hashicorp/hcl/v2/hclparse"
	"github.com/zclconf/go-cty/cty"
)

// The offline plan: terraform init and plan on the synthesized lab, with the
// real AWS provider from a local mirror (DMSLAB_TF_PLUGIN_DIR, default
// /opt/tf-plugins, laid out as registry.terraform.io/hashicorp/aws/VERSION/
// OS_ARCH; the newest 5.x there stands in for the pinned version), pointed at
// fakeAWS on 127.0.0.1. The time provider is built once from the Go module
// proxy into the user cache directory; random has no module path the proxy
// serves for 3.x, so random_password is stood in for by terraform_data with
// a fixed, non-secret output. Terraform only ever installs providers from the
// two mirrors: the CLI configuration written here has no direct source, so
// it never asks registry.terraform.io.

// timeProviderVersion is the time provider the lab pins.
var timeProviderVersion = extraProviders["time"]["version"]

// planEnv is what every plan of this test binary shares.
type planEnv struct {
	terraform  string
	awsMirror  string // holds registry.terraform.io/hashicorp/aws/<awsVersion>
	awsVersion string
	timeMirror string // "" when the time provider could not be built
	cliConfig  string // a TF_CLI_CONFIG_FILE naming only the mirrors
	cacheDir   string

	mu   sync.Mutex
	init map[string]string // initialized directory by provider set
	cpu  atomic.Int64      // CPU time of every terraform run, in ns
}

var (
	planEnvOnce sync.Once
	planEnvVal  *planEnv
	planEnvSkip string
	planEnvErr  error
)

// lookupPlanEnv finds terraform and the AWS mirror, builds the time provider
// (once per machine) and writes the CLI configuration. The test is skipped
// when terraform or the mirror is absent.
func lookupPlanEnv(t *testing.T) *planEnv {
	t.Helper()
	planEnvOnce.Do(func() {
		mirror := os.Getenv("DMSLAB_TF_PLUGIN_DIR")
		if mirror == "" {
			mirror = "/opt/tf-plugins"
		}
		tf, err := exec.LookPath("terraform")
		if err != nil {
			planEnvSkip = "offline plan needs terraform on PATH: " + err.Error()
			return
		}
		versions, _ := filepath.Glob(filepath.Join(mirror, "registry.terraform.io/hashicorp/aws/5.*", runtime.GOOS+"_"+runtime.GOARCH))
		if len(versions) == 0 {
			planEnvSkip = fmt.Sprintf("offline plan needs the AWS provider 5.x for %s_%s under %s (set DMSLAB_TF_PLUGIN_DIR)", runtime.GOOS, runtime.GOARCH, mirror)
			return
		}
		sort.Slice(versions, func(i, j int) bool {
			return planVersionLess(filepath.Base(filepath.Dir(versions[i])), filepath.Base(filepath.Dir(versions[j])))
		})
		cache, err := os.UserCacheDir()
		if err != nil {
			cache = os.TempDir()
		}
		e := &planEnv{
			terraform:  tf,
			awsMirror:  mirror,
			awsVersion: filepath.Base(filepath.Dir(versions[len(versions)-1])),
			cacheDir:   filepath.Join(cache, "dmslab-tf-plugins"),
			init:       map[string]string{},
		}
		if err := os.MkdirAll(e.cacheDir, 0o755); err != nil {
			planEnvErr = err
			return
		}
		e.timeMirror, err = buildTimeProvider(e.cacheDir)
		if err != nil {
			// Without it the one time_sleep is stood in for, as validate does.
			t.Logf("time provider %s not built (%v); time_sleep is stood in for by terraform_data", timeProviderVersion, err)
		}
		cfg := fmt.Sprintf("provider_installation {\n  filesystem_mirror {\n    path    = %q\n    include = [\"registry.terraform.io/hashicorp/aws\"]\n  }\n", mirror)
		if e.timeMirror != "" {
			cfg += fmt.Sprintf("  filesystem_mirror {\n    path    = %q\n    include = [\"registry.terraform.io/hashicorp/time\"]\n  }\n", e.timeMirror)
		}
		cfg += "}\n"
		e.cliConfig = filepath.Join(e.cacheDir, "terraformrc-"+planHash(cfg))
		if err := planWriteFile(e.cliConfig, []byte(cfg)); err != nil {
			planEnvErr = err
			return
		}
		planEnvVal = e
	})
	if planEnvSkip != "" {
		t.Skip(planEnvSkip)
	}
	if planEnvErr != nil {
		t.Fatal(planEnvErr)
	}
	return planEnvVal
}

// planVersionLess orders dotted numeric versions (5.9.0 before 5.100.0).
func planVersionLess(a, b string) bool {
	as, bs := strings.Split(a, "."), strings.Split(b, ".")
	for i := 0; i < len(as) && i < len(bs); i++ {
		var x, y int
		fmt.Sscan(as[i], &x)
		fmt.Sscan(bs[i], &y)
		if x != y {
			return x < y
		}
	}
	return len(as) < len(bs)
}

func planHash(s string) string {
	h := sha256.Sum256([]byte(s))
	return hex.EncodeToString(h[:6])
}

func planWriteFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return err
	}
	if err := tmp.Close(); err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// buildTimeProvider returns a filesystem mirror holding the time provider
// the lab pins, building it with go install from the module proxy the first
// time (about 40 s; later runs find it in place).
func buildTimeProvider(cacheDir string) (string, error) {
	mirror := filepath.Join(cacheDir, "mirror")
	platform := runtime.GOOS + "_" + runtime.GOARCH
	dir := filepath.Join(mirror, "registry.terraform.io/hashicorp/time", timeProviderVersion, platform)
	bin := filepath.Join(dir, "terraform-provider-time_v"+timeProviderVersion)
	if fi, err := os.Stat(bin); err == nil && fi.Mode()&0o111 != 0 {
		return mirror, nil
	}
	goTool, err := exec.LookPath("go")
	if err != nil {
		return "", err
	}
	gobin, err := os.MkdirTemp(cacheDir, ".build-*")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(gobin)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, goTool, "install", "github.com/hashicorp/terraform-provider-time@v"+timeProviderVersion)
	cmd.Dir = gobin // outside this module: go install pkg@version ignores it anyway
	cmd.Env = append(os.Environ(), "GOBIN="+gobin, "GOFLAGS=-buildvcs=false", "CGO_ENABLED=0")
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("go install terraform-provider-time@v%s: %v\n%s", timeProviderVersion, err, out)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	if err := os.Rename(filepath.Join(gobin, "terraform-provider-time"), bin); err != nil {
		return "", err
	}
	return mirror, nil
}

// initDir returns a directory initialized (terraform init) for the
// providers doc requires, shared by every plan that needs the same set. It
// lives in the cache directory, so later runs skip init too; two test
// processes initializing at once each build their own and one rename wins.
func (e *planEnv) initDir(t *testing.T, doc []byte) string {
	t.Helper()
	var parsed struct {
		Terraform struct {
			RequiredProviders map[string]any `json:"required_providers"`
		} `json:"terraform"`
	}
	if err := json.Unmarshal(doc, &parsed); err != nil {
		t.Fatal(err)
	}
	providers, _ := json.Marshal(parsed.Terraform.RequiredProviders)
	key := planHash(string(providers) + e.cliConfig + e.terraform)
	e.mu.Lock()
	defer e.mu.Unlock()
	if dir, ok := e.init[key]; ok {
		return dir
	}
	dir := filepath.Join(e.cacheDir, "init-"+key)
	if _, err := os.Stat(filepath.Join(dir, ".terraform.lock.hcl")); err != nil {
		tmp, err := os.MkdirTemp(e.cacheDir, ".init-*")
		if err != nil {
			t.Fatal(err)
		}
		only := fmt.Sprintf(`{"terraform":{"required_providers":%s}}`, providers)
		if err := os.WriteFile(filepath.Join(tmp, "main.tf.json"), []byte(only), 0o644); err != nil {
			t.Fatal(err)
		}
		start := time.Now()
		out, err := e.run(context.Background(), tmp, filepath.Join(tmp, ".terraform"), "init", "-input=false", "-no-color", "-backend=false")
		if err != nil {
			os.RemoveAll(tmp)
			t.Fatalf("terraform init: %v\n%s", err, out)
		}
		t.Logf("terraform init in %s", time.Since(start).Round(time.Millisecond))
		if err := os.Rename(tmp, dir); err != nil {
			os.RemoveAll(tmp) // another process got there first
		}
	}
	e.init[key] = dir
	return dir
}

// run runs terraform in dir with only the mirrors as provider sources and
// no AWS configuration from the environment.
func (e *planEnv) run(ctx context.Context, dir, dataDir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, e.terraform, args...)
	cmd.Dir = dir
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "AWS_") || strings.HasPrefix(kv, "TF_") && !strings.HasPrefix(kv, "TF_LOG") {
			continue
		}
		env = append(env, kv)
	}
	cmd.Env = append(env,
		"TF_CLI_CONFIG_FILE="+e.cliConfig,
		"TF_DATA_DIR="+dataDir,
		"TF_IN_AUTOMATION=1",
		"CHECKPOINT_DISABLE=1",
		"AWS_EC2_METADATA_DISABLED=true",
		"AWS_CONFIG_FILE="+os.DevNull,
		"AWS_SHARED_CREDENTIALS_FILE="+os.DevNull,
		"NO_PROXY=127.0.0.1,localhost",
		"no_proxy=127.0.0.1,localhost",
	)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	if cmd.ProcessState != nil {
		// Terraform's and its provider processes' CPU: what a plan costs
		// whatever else the machine is doing.
		e.cpu.Add(int64(cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()))
	}
	return out.String(), err
}

// planDoc turns the synthesized lab into what terraform plans offline: the
// AWS provider version the mirror holds, both AWS providers pointed at fake
// with static keys, random_password (and time_sleep when time could not be
// built) stood in for by terraform_data.
func (e *planEnv) planDoc(t *testing.T, doc map[string]any, fake *fakeAWS) []byte {
	t.Helper()
	raw, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	var d map[string]any
	if err := json.Unmarshal(raw, &d); err != nil {
		t.Fatal(err)
	}
	tfBlock, _ := d["terraform"].(map[string]any)
	if tfBlock == nil {
		t.Fatal("synthesized JSON has no terraform block")
	}
	delete(tfBlock, "backend")
	required, _ := tfBlock["required_providers"].(map[string]any)
	aws, _ := required["aws"].(map[string]any)
	if aws == nil {
		t.Fatal("synthesized JSON does not require the aws provider")
	}
	aws["source"], aws["version"] = "hashicorp/aws", e.awsVersion
	standIns := []string{"random_password"}
	if e.timeMirror == "" {
		standIns = append(standIns, "time_sleep")
		delete(required, "time")
	}
	delete(required, "random")

	providers, _ := d["provider"].(map[string]any)
	blocks, _ := providers["aws"].([]any)
	if len(blocks) == 0 {
		t.Fatal("synthesized JSON has no provider.aws blocks")
	}
	endpoints := map[string]any{}
	for _, s := range []string{"sts", "ec2", "rds", "ssm", "iam", "s3", "dms", "secretsmanager", "kms", "cloudwatchlogs"} {
		endpoints[s] = fake.URL()
	}
	for _, b := range blocks {
		p := b.(map[string]any)
		p["access_key"] = "AKIAIOSFODNN7EXAMPLE"
		p["secret_key"] = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"
		p["skip_metadata_api_check"] = true
		p["s3_use_path_style"] = true
		p["max_retries"] = 1
		p["endpoints"] = []any{endpoints}
	}

	return standInForPlan(t, d, standIns)
}

// plannedType is the type a resource type of the lab has in the plan:
// terraform_data for those stood in for.
func plannedType(typ string) string {
	if typ == "random_password" || typ == "time_sleep" && planEnvVal != nil && planEnvVal.timeMirror == "" {
		return "terraform_data"
	}
	return typ
}

// planStandIn is the value every stood-in random_password yields: fixed and
// not secret, so that a plan's output can be searched for real passwords.
const planStandIn = "plan-stand-in-Aa1"

// standInForPlan replaces each resource of the given types with a
// terraform_data keeping its dependencies and count, and every reference
// to it (random_password's .result becomes terraform_data's .output).
func standInForPlan(t *testing.T, d map[string]any, types []string) []byte {
	t.Helper()
	res, _ := d["resource"].(map[string]any)
	data, _ := res["terraform_data"].(map[string]any)
	if data == nil {
		data = map[string]any{}
	}
	for _, typ := range types {
		byName, _ := res[typ].(map[string]any)
		if len(byName) == 0 {
			continue
		}
		for name, body := range byName {
			if _, clash := data[name]; clash {
				t.Fatalf("terraform_data.%s exists already; cannot stand in for %s.%s", name, typ, name)
			}
			r := map[string]any{"input": planStandIn}
			for _, k := range []string{"depends_on", "count", "for_each"} {
				if v, ok := body.(map[string]any)[k]; ok {
					r[k] = v
				}
			}
			data[name] = r
		}
		delete(res, typ)
	}
	res["terraform_data"] = data
	out, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	s := string(out)
	for _, typ := range types {
		s = strings.ReplaceAll(s, typ+".", "terraform_data.")
	}
	return []byte(replaceAttr(s, ".result", ".output"))
}

var planMu sync.Mutex

// planLab plans doc (a synthesized lab, as synthesized is) offline against
// fake, with extra plan arguments (-var-file=FILE, -var=..., and -state=FILE
// for a state to plan from, which is copied in as terraform.tfstate).
// planJSON is `terraform show -json` of the saved plan when the plan
// succeeded; output is what terraform plan printed; err is its failure.
// The test is skipped where terraform or the provider mirror is absent.
func planLab(t *testing.T, doc map[string]any, fake *fakeAWS, args ...string) (planJSON map[string]any, output string, err error) {
	t.Helper()
	e := lookupPlanEnv(t)
	// A plan keeps both cores busy for many seconds (each AWS provider
	// process builds its whole schema): one at a time.
	planMu.Lock()
	defer planMu.Unlock()
	cfg := e.planDoc(t, doc, fake)
	initialized := e.initDir(t, cfg)
	work := t.TempDir()
	if err := os.WriteFile(filepath.Join(work, "main.tf.json"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	lock, err := os.ReadFile(filepath.Join(initialized, ".terraform.lock.hcl"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(work, ".terraform.lock.hcl"), lock, 0o644); err != nil {
		t.Fatal(err)
	}
	// The lab's one asset (dgen, uploaded by aws_s3_object) where cdktf
	// would have put it beside the JSON.
	placeAssets(t, doc, work)
	// A tfvars file's relative paths (key_path) resolve where terraform
	// runs: the files beside it come along, as a user runs terraform there.
	// A state to plan from becomes the local backend's terraform.tfstate
	// (Terraform deprecates plan's own -state flag).
	var planArgs []string
	for _, a := range args {
		if f, ok := strings.CutPrefix(a, "-var-file="); ok {
			copySiblings(t, f, work)
		}
		if f, ok := strings.CutPrefix(a, "-state="); ok {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(work, "terraform.tfstate"), b, 0o600); err != nil {
				t.Fatal(err)
			}
			continue
		}
		planArgs = append(planArgs, a)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	dataDir := filepath.Join(initialized, ".terraform")
	start, cpu := time.Now(), e.cpu.Load()
	output, err = e.run(ctx, work, dataDir, append([]string{"plan", "-input=false", "-no-color", "-lock=false", "-out=plan.bin"}, planArgs...)...)
	t.Logf("terraform plan %s: %s (CPU %s)", strings.Join(args, " "), time.Since(start).Round(time.Millisecond), time.Duration(e.cpu.Load()-cpu).Round(time.Millisecond))
	if err != nil {
		return nil, output, err
	}
	if i := strings.Index(output, "\nWarning: "); i >= 0 {
		warning, _, _ := strings.Cut(output[i+1:], "\n\n\n")
		if lines := strings.SplitN(warning, "\n", 9); len(lines) > 8 {
			warning = strings.Join(lines[:8], "\n")
		}
		t.Logf("terraform plan warned:\n%s", warning)
	}
	shown, showErr := e.run(ctx, work, dataDir, "show", "-json", "-no-color", "plan.bin")
	if showErr != nil {
		t.Fatalf("terraform show -json: %v\n%s", showErr, shown)
	}
	if err := json.Unmarshal([]byte(shown), &planJSON); err != nil {
		t.Fatalf("terraform show -json is not JSON: %v", err)
	}
	return planJSON, output, nil
}

// planWithoutProviders plans the part of doc that needs no provider: its
// variables with their validation rules, its locals, and the terraform_data
// resources that refer to nothing but variables and locals (the lab checks
// the passwords as preconditions of one). It refuses what those rules
// refuse in a fraction of a second.
func planWithoutProviders(t *testing.T, doc map[string]any, args ...string) (string, error) {
	t.Helper()
	e := lookupPlanEnv(t)
	only := map[string]any{"variable": doc["variable"]}
	if l, ok := doc["locals"]; ok {
		only["locals"] = l
	}
	res, _ := doc["resource"].(map[string]any)
	own, _ := res["terraform_data"].(map[string]any)
	kept := map[string]any{}
	for name, body := range own {
		b := map[string]any{}
		for k, v := range body.(map[string]any) {
			if k != "depends_on" {
				b[k] = v
			}
		}
		if !refersOnlyToVariables(b) {
			continue
		}
		kept[name] = b
	}
	if len(kept) > 0 {
		only["resource"] = map[string]any{"terraform_data": kept}
	}
	cfg, err := json.Marshal(only)
	if err != nil {
		t.Fatal(err)
	}
	work := t.TempDir()
	if err := os.WriteFile(filepath.Join(work, "main.tf.json"), cfg, 0o644); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return e.run(ctx, work, filepath.Join(work, ".terraform"), append([]string{"plan", "-input=false", "-no-color", "-lock=false"}, args...)...)
}

// copySiblings copies the files beside tfvars other than *.tfvars into dir.
func copySiblings(t *testing.T, tfvars, dir string) {
	t.Helper()
	entries, err := os.ReadDir(filepath.Dir(tfvars))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !e.Type().IsRegular() || strings.HasSuffix(e.Name(), ".tfvars") {
			continue
		}
		b, err := os.ReadFile(filepath.Join(filepath.Dir(tfvars), e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, e.Name()), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
}

// planRefExpr finds the references in Terraform expressions: a name, a dot and
// an attribute (var.x, aws_vpc.y, data.z.w).
var planRefExpr = regexp.MustCompile(`\b([A-Za-z_][A-Za-z0-9_-]*)\.[A-Za-z_]`)

// refersOnlyToVariables reports whether every reference in the strings of
// v that hold an expression is to var. or local. (A literal inside an
// expression may look like a reference, such as "amazonaws.com": then the
// answer is a safe no.)
func refersOnlyToVariables(v any) bool {
	switch x := v.(type) {
	case string:
		if !strings.Contains(x, "${") {
			return true
		}
		for _, m := range planRefExpr.FindAllStringSubmatch(x, -1) {
			if m[1] != "var" && m[1] != "local" {
				return false
			}
		}
	case []any:
		for _, e := range x {
			if !refersOnlyToVariables(e) {
				return false
			}
		}
	case map[string]any:
		for _, e := range x {
			if !refersOnlyToVariables(e) {
				return false
			}
		}
	}
	return true
}

// placeAssets puts dgen at each aws_s3_object source path relative to dir.
func placeAssets(t *testing.T, doc map[string]any, dir string) {
	t.Helper()
	res, _ := doc["resource"].(map[string]any)
	objects, _ := res["aws_s3_object"].(map[string]any)
	for _, o := range objects {
		src, _ := o.(map[string]any)["source"].(string)
		if src == "" || strings.Contains(src, "${") || filepath.IsAbs(src) {
			continue
		}
		p := filepath.Join(dir, src)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.Symlink(dgenBinary, p); err != nil {
			t.Fatal(err)
		}
	}
}

// planChange is one resource_changes entry of a plan.
type planChange struct {
	Address string   `json:"address"`
	Mode    string   `json:"mode"`
	Type    string   `json:"type"`
	Name    string   `json:"name"`
	Actions []string `json:"actions"`
	After   map[string]any
	Unknown map[string]any
}

func planChanges(t *testing.T, plan map[string]any) map[string]planChange {
	t.Helper()
	raw, _ := json.Marshal(plan["resource_changes"])
	var list []struct {
		Address string `json:"address"`
		Mode    string `json:"mode"`
		Type    string `json:"type"`
		Name    string `json:"name"`
		Change  struct {
			Actions      []string       `json:"actions"`
			After        map[string]any `json:"after"`
			AfterUnknown map[string]any `json:"after_unknown"`
		} `json:"change"`
	}
	if err := json.Unmarshal(raw, &list); err != nil {
		t.Fatalf("resource_changes: %v", err)
	}
	out := map[string]planChange{}
	for _, c := range list {
		out[c.Address] = planChange{c.Address, c.Mode, c.Type, c.Name, c.Change.Actions, c.Change.After, c.Change.AfterUnknown}
	}
	return out
}

// plannedData returns the data sources Terraform read while planning, by
// address, with their values.
func plannedData(t *testing.T, plan map[string]any) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	prior, _ := plan["prior_state"].(map[string]any)
	values, _ := prior["values"].(map[string]any)
	root, _ := values["root_module"].(map[string]any)
	list, _ := root["resources"].([]any)
	for _, r := range list {
		m := r.(map[string]any)
		if m["mode"] == "data" {
			v, _ := m["values"].(map[string]any)
			out[m["address"].(string)] = v
		}
	}
	return out
}

func TestTerraformPlan(t *testing.T) {
	e := lookupPlanEnv(t)
	start, cpu := time.Now(), e.cpu.Load()
	defer func() {
		t.Logf("offline plans: %s, terraform and providers used %s of CPU",
			time.Since(start).Round(time.Millisecond), time.Duration(e.cpu.Load()-cpu).Round(time.Millisecond))
	}()
	t.Run("defaults", func(t *testing.T) {
		fake := newFakeAWS(t)
		plan, out, err := planLab(t, synthesized, fake)
		if err != nil {
			t.Fatalf("plan of the default lab failed: %v\n%s", err, out)
		}
		checkDefaultPlan(t, synthesized, plan, fake)
		// The fake account has no roles: the lab creates both.
		for _, name := range dmsAccountRoles {
			checkServiceRole(t, synthesized, plan, name, "create")
		}
	})
	t.Run("serverless", checkServerlessPlan)
	t.Run("serverless-changes", checkServerlessChanges)
	t.Run("dms-roles-not-ours", func(t *testing.T) {
		// Both exist, made by someone else (one by another lab): the lab
		// creates neither and never holds them in its state.
		fake := newFakeAWS(t,
			fakeRole{Name: "dms-vpc-role", Attached: []string{dmsPolicyARN("AmazonDMSVPCManagementRole")}},
			fakeRole{Name: "dms-cloudwatch-logs-role", Tags: map[string]string{"Project": "another-lab", "ManagedBy": "cdktf"}})
		plan, out, err := planLab(t, synthesized, fake)
		if err != nil {
			t.Fatalf("plan failed: %v\n%s", err, out)
		}
		for _, name := range dmsAccountRoles {
			checkServiceRole(t, synthesized, plan, name, "absent")
		}
	})
	t.Run("dms-roles-ours-kept", func(t *testing.T) {
		// A deployed lab planned again: dms-vpc-role is in its state and
		// carries its tags, so it stays; dms-cloudwatch-logs-role exists
		// but is not the lab's, so it is not created.
		project := labProjectTag(t, synthesized)
		fake := newFakeAWS(t,
			fakeRole{Name: "dms-vpc-role", Tags: map[string]string{"Project": project, "ManagedBy": "cdktf", "LabSide": "target"},
				Attached: []string{dmsPolicyARN("AmazonDMSVPCManagementRole")}},
			fakeRole{Name: "dms-cloudwatch-logs-role"})
		state := serviceRoleState(t, synthesized, fake, "dms-vpc-role")
		plan, out, err := planLab(t, synthesized, fake, "-state="+state)
		if err != nil {
			t.Fatalf("plan failed: %v\n%s", err, out)
		}
		checkServiceRole(t, synthesized, plan, "dms-vpc-role", "keep")
		checkServiceRole(t, synthesized, plan, "dms-cloudwatch-logs-role", "absent")
	})
	t.Run("good-tfvars", func(t *testing.T) {
		files := tfvarsFiles(t, "good")
		for _, f := range files {
			t.Run(strings.TrimSuffix(filepath.Base(f), ".tfvars"), func(t *testing.T) {
				fake := newFakeAWS(t)
				plan, out, err := planLab(t, synthesized, fake, "-var-file="+f)
				if err != nil {
					t.Fatalf("plan with %s failed: %v\n%s", f, err, out)
				}
				changes := planChanges(t, plan)
				if len(changes) == 0 {
					t.Errorf("plan with %s changes nothing", f)
				}
				// alert_email subscribes its address to the alerts topic,
				// and nothing is subscribed without it.
				email := readTfvars(t, f)["alert_email"]
				subscribed := ""
				for addr, c := range changes {
					if c.Type == "aws_sns_topic_subscription" && strings.Join(c.Actions, ",") == "create" {
						subscribed = addr + " " + fmt.Sprint(c.After["endpoint"])
					}
				}
				if (email != "") != (subscribed != "") || email != "" && !strings.HasSuffix(subscribed, " "+email) {
					t.Errorf("alert_email %q, subscription planned: %q", email, subscribed)
				}
				// Terraform took every value of the file unchanged, and
				// printed no password.
				for name, v := range readTfvars(t, f) {
					got := at(t, plan, "variables", name, "value")
					if got != v {
						t.Errorf("plan variable %s = %v, the file says %q", name, got, v)
					}
					if strings.Contains(strings.ToLower(name), "password") && v != "" && strings.Contains(out, v) {
						t.Errorf("terraform plan printed the value of %s", name)
					}
				}
			})
		}
	})
	t.Run("bad-tfvars", func(t *testing.T) {
		for _, f := range tfvarsFiles(t, "bad") {
			t.Run(strings.TrimSuffix(filepath.Base(f), ".tfvars"), func(t *testing.T) {
				t.Parallel() // most are refused in well under a second
				want, secrets := readBadTfvars(t, f)
				noSecrets := func(out string) {
					for name, v := range secrets {
						if strings.Contains(out, v) {
							t.Errorf("terraform plan printed the value of %s from %s:\n%s", name, f, out)
						}
					}
				}
				// First without providers: a validation rule or a
				// precondition on variables refuses the file at once.
				out, err := planWithoutProviders(t, synthesized, "-var-file="+f)
				noSecrets(out)
				if err != nil && strings.Contains(out, want) {
					return
				}
				// Otherwise the whole lab against the fake: a refusal that
				// needs a provider or a lookup.
				_, out, err = planLab(t, synthesized, newFakeAWS(t), "-var-file="+f)
				noSecrets(out)
				if err == nil {
					t.Fatalf("terraform plan accepted %s (want an error with %q)", f, want)
				}
				if !strings.Contains(out, want) {
					t.Errorf("terraform plan refused %s without %q:\n%s", f, want, out)
				}
			})
		}
	})
}

// checkDefaultPlan asserts the default lab's plan: every data source read
// at plan time with the fake's answers, every resource of the lab and no
// other planned for create exactly once (count resources, off by default,
// not at all), and the looked-up values flowing into the resources.
func checkDefaultPlan(t *testing.T, doc, plan map[string]any, fake *fakeAWS) {
	t.Helper()
	if errs, _ := plan["errored"].(bool); errs {
		t.Errorf("plan JSON says errored")
	}
	changes := planChanges(t, plan)
	want := map[string]bool{}
	res, _ := doc["resource"].(map[string]any)
	for typ, byName := range res {
		for name, body := range byName.(map[string]any) {
			typ := plannedType(typ)
			if _, counted := body.(map[string]any)["count"]; counted {
				// By default the lab makes no key pair and no SSH rule;
				// the DMS account roles are checked by checkServiceRole.
				if !isServiceRoleResource(doc, typ, name) {
					continue
				}
				want[typ+"."+name+"[0]"] = true
				continue
			}
			want[typ+"."+name] = true
		}
	}
	for addr := range want {
		c, ok := changes[addr]
		if !ok {
			t.Errorf("%s is not in the plan", addr)
			continue
		}
		if strings.Join(c.Actions, ",") != "create" {
			t.Errorf("%s planned as %v, want create", addr, c.Actions)
		}
	}
	for addr, c := range changes {
		if c.Mode == "data" {
			t.Errorf("%s is read only at apply (%v): its value is unknown at plan", addr, c.Actions)
			continue
		}
		if !want[addr] {
			t.Errorf("%s planned (%v) but not expected by default", addr, c.Actions)
		}
	}
	creates := 0
	for _, c := range changes {
		if c.Mode == "managed" {
			creates++
		}
	}
	t.Logf("%d resources planned for create", creates)

	read := plannedData(t, plan)
	datas, _ := doc["data"].(map[string]any)
	for typ, byName := range datas {
		for name, body := range byName.(map[string]any) {
			addr := fmt.Sprintf("data.%s.%s", typ, name)
			if _, ok := read[addr]; ok {
				continue
			}
			// One with count or for_each may have no instance at all
			// (a lookup of roles the account does not have); none of
			// its instances may be left for apply, checked above.
			b := body.(map[string]any)
			if _, ok := b["for_each"]; ok {
				continue
			}
			if _, ok := b["count"]; ok {
				continue
			}
			t.Errorf("%s was not read at plan", addr)
		}
	}

	// What the lookups found reaches the resources.
	byType := func(typ string) []planChange {
		var out []planChange
		for _, c := range changes {
			if c.Type == typ && c.Mode == "managed" {
				out = append(out, c)
			}
		}
		sort.Slice(out, func(i, j int) bool { return out[i].Address < out[j].Address })
		return out
	}
	for _, c := range byType("aws_db_instance") {
		if v := c.After["engine_version"]; v != fakeOracleLatest {
			t.Errorf("%s engine_version = %v, want the newest 19 release update %s", c.Address, v, fakeOracleLatest)
		}
	}
	for _, c := range byType("aws_rds_cluster") {
		if v := c.After["engine_version"]; v != fakeAuroraDefault {
			t.Errorf("%s engine_version = %v, want the default 16 minor %s (not the newest build, which is Limitless)", c.Address, v, fakeAuroraDefault)
		}
	}
	for _, c := range byType("aws_instance") {
		if v := c.After["ami"]; v != fakeAMI {
			t.Errorf("%s ami = %v, want %s from SSM", c.Address, v, fakeAMI)
		}
	}
	zones := map[string]bool{}
	for _, c := range byType("aws_subnet") {
		z, _ := c.After["availability_zone"].(string)
		if z == "" {
			t.Errorf("%s availability_zone unknown at plan: %v", c.Address, c.Unknown["availability_zone"])
			continue
		}
		if strings.Contains(z, "-lax-") {
			t.Errorf("%s placed in Local Zone %s", c.Address, z)
		}
		zones[z] = true
	}
	for _, z := range []string{"us-west-2a", "us-west-2b", "us-east-1a", "us-east-1b"} {
		if !zones[z] {
			t.Errorf("no subnet planned in %s; zones: %v", z, zones)
		}
	}

	calls := map[string]bool{}
	for _, c := range fake.Calls() {
		calls[c] = true
	}
	for _, c := range []string{"sts GetCallerIdentity", "ec2 DescribeAvailabilityZones", "rds DescribeDBEngineVersions", "ssm GetParameter"} {
		if !calls[c] {
			t.Errorf("the fake saw no %s: the provider did not use it", c)
		}
	}
}

// tfvarsFiles lists testdata/tfvars/<kind>/*.tfvars, as absolute paths.
func tfvarsFiles(t *testing.T, kind string) []string {
	t.Helper()
	dir, err := filepath.Abs(filepath.Join("testdata", "tfvars", kind))
	if err != nil {
		t.Fatal(err)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "*.tfvars"))
	if len(files) == 0 {
		if _, err := os.Stat(dir); errors.Is(err, os.ErrNotExist) {
			t.Skipf("no %s yet", dir)
		}
		t.Fatalf("no *.tfvars in %s", dir)
	}
	return files
}

// readBadTfvars returns the message a bad tfvars file must be refused with
// (its first line, "# want: <substring>") and the values of its variables
// whose names contain "password", by name, none of which may be printed.
func readBadTfvars(t *testing.T, path string) (want string, secrets map[string]string) {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	first, _, _ := strings.Cut(string(src), "\n")
	want, ok := strings.CutPrefix(strings.TrimSpace(first), "# want:")
	want = strings.TrimSpace(want)
	if !ok || want == "" {
		t.Fatalf("%s: first line must be \"# want: <substring>\", is %q", path, first)
	}
	secrets = map[string]string{}
	for name, v := range readTfvars(t, path) {
		if strings.Contains(strings.ToLower(name), "password") && v != "" {
			secrets[name] = v
		}
	}
	return want, secrets
}

// readTfvars reads a tfvars file of string values, as Terraform reads it.
func readTfvars(t *testing.T, path string) map[string]string {
	t.Helper()
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	f, diags := hclparse.NewParser().ParseHCL(src, path)
	if diags.HasErrors() {
		t.Fatalf("%s does not parse: %s", path, diags.Error())
	}
	attrs, diags := f.Body.JustAttributes()
	if diags.HasErrors() {
		t.Fatalf("%s: %s", path, diags.Error())
	}
	out := map[string]string{}
	for name, a := range attrs {
		v, diags := a.Expr.Value(nil)
		if diags.HasErrors() || !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
			t.Fatalf("%s: %s is not a plain string", path, name)
		}
		out[name] = v.AsString()
	}
	return out
}

// dmsAccountRoles are the account-wide roles DMS looks up by name.
var dmsAccountRoles = []string{"dms-vpc-role", "dms-cloudwatch-logs-role"}

func dmsPolicyARN(name string) string {
	return "arn:aws:iam::aws:policy/service-role/" + name
}

// labProjectTag is the Project tag of the lab's AWS providers.
func labProjectTag(t *testing.T, doc map[string]any) string {
	t.Helper()
	p := at(t, doc, "provider", "aws", 0, "default_tags", 0, "tags", "Project")
	s, _ := p.(string)
	if s == "" {
		t.Fatal("the AWS provider has no Project default tag")
	}
	return s
}

// serviceRoleResources returns the key of the aws_iam_role named name in
// doc and the keys of the policy attachments that refer to it.
func serviceRoleResources(doc map[string]any, name string) (role string, attachments []string) {
	res, _ := doc["resource"].(map[string]any)
	roles, _ := res["aws_iam_role"].(map[string]any)
	for key, body := range roles {
		if body.(map[string]any)["name"] == name {
			role = key
		}
	}
	if role == "" {
		return "", nil
	}
	atts, _ := res["aws_iam_role_policy_attachment"].(map[string]any)
	for key, body := range atts {
		if r, _ := body.(map[string]any)["role"].(string); strings.Contains(r, "aws_iam_role."+role+".") || strings.Contains(r, "aws_iam_role."+role+"[") {
			attachments = append(attachments, key)
		}
	}
	sort.Strings(attachments)
	return role, attachments
}

func isServiceRoleResource(doc map[string]any, typ, key string) bool {
	for _, name := range dmsAccountRoles {
		role, atts := serviceRoleResources(doc, name)
		if typ == "aws_iam_role" && key == role || typ == "aws_iam_role_policy_attachment" && fakeContains(atts, key) {
			return true
		}
	}
	return false
}

// checkServiceRole asserts what the plan does with one DMS account role and
// its policy attachments: "create" (planned for create, once), "absent"
// (not in the plan at all: not created, and not in state to delete) or
// "keep" (in state and planned without delete or replace).
func checkServiceRole(t *testing.T, doc, plan map[string]any, name, want string) {
	t.Helper()
	role, atts := serviceRoleResources(doc, name)
	if role == "" {
		t.Fatalf("the lab has no aws_iam_role named %s", name)
	}
	changes := planChanges(t, plan)
	for _, key := range append([]string{"aws_iam_role." + role}, planPrefixAll("aws_iam_role_policy_attachment.", atts)...) {
		var found []planChange
		for addr, c := range changes {
			if addr == key || strings.HasPrefix(addr, key+"[") {
				found = append(found, c)
			}
		}
		switch want {
		case "absent":
			for _, c := range found {
				t.Errorf("%s: %s planned as %v; the lab must neither create nor delete it", name, c.Address, c.Actions)
			}
		case "create", "keep":
			if len(found) != 1 {
				t.Errorf("%s: %d instances of %s planned, want 1", name, len(found), key)
				continue
			}
			a := strings.Join(found[0].Actions, ",")
			if want == "create" && a != "create" || want == "keep" && a != "no-op" && a != "update" {
				t.Errorf("%s: %s planned as %v, want %s", name, found[0].Address, found[0].Actions, want)
			} else {
				t.Logf("%s: %s %v", name, found[0].Address, found[0].Actions)
			}
		}
	}
}

func planPrefixAll(prefix string, list []string) []string {
	out := make([]string, len(list))
	for i, s := range list {
		out[i] = prefix + s
	}
	return out
}

// serviceRoleState writes a Terraform state in which the lab made the
// named DMS account roles (role and policy attachments, instance [0] as
// the lab's count makes them) and returns its path. Terraform refreshes
// them from fake while planning.
func serviceRoleState(t *testing.T, doc map[string]any, fake *fakeAWS, names ...string) string {
	t.Helper()
	res, _ := doc["resource"].(map[string]any)
	providerAddr := func(typ, key string) string {
		p, _ := res[typ].(map[string]any)[key].(map[string]any)["provider"].(string)
		alias := strings.TrimPrefix(p, "aws.")
		if p == "" {
			return `provider["registry.terraform.io/hashicorp/aws"]`
		}
		return `provider["registry.terraform.io/hashicorp/aws"].` + alias
	}
	project := labProjectTag(t, doc)
	var resources []any
	for _, name := range names {
		role, atts := serviceRoleResources(doc, name)
		if role == "" {
			t.Fatalf("the lab has no aws_iam_role named %s", name)
		}
		policy, _ := res["aws_iam_role"].(map[string]any)[role].(map[string]any)["assume_role_policy"].(string)
		tags := map[string]any{"Project": project, "ManagedBy": "cdktf", "LabSide": "target"}
		resources = append(resources, map[string]any{
			"mode": "managed", "type": "aws_iam_role", "name": role, "provider": providerAddr("aws_iam_role", role),
			"instances": []any{map[string]any{"index_key": 0, "schema_version": 0, "attributes": map[string]any{
				"id": name, "name": name, "name_prefix": "", "path": "/", "description": "",
				"arn":                "arn:aws:iam::" + fake.Account + ":role/" + name,
				"assume_role_policy": policy, "force_detach_policies": false, "max_session_duration": 3600,
				"permissions_boundary": "", "unique_id": "AROA" + strings.ToUpper(planHash(name)) + "EXAMPLE",
				"create_date": "2024-03-05T09:12:44Z", "tags": map[string]any{}, "tags_all": tags,
				"inline_policy": []any{}, "managed_policy_arns": []any{},
			}}},
		})
		for _, a := range atts {
			arn, _ := res["aws_iam_role_policy_attachment"].(map[string]any)[a].(map[string]any)["policy_arn"].(string)
			arn = strings.Replace(arn, "${data.aws_partition.partition.partition}", "aws", 1)
			resources = append(resources, map[string]any{
				"mode": "managed", "type": "aws_iam_role_policy_attachment", "name": a, "provider": providerAddr("aws_iam_role_policy_attachment", a),
				"instances": []any{map[string]any{"index_key": 0, "schema_version": 0, "attributes": map[string]any{
					"id": name + "-" + arn, "role": name, "policy_arn": arn,
				}, "dependencies": []any{"aws_iam_role." + role}}},
			})
		}
	}
	state := map[string]any{"version": 4, "terraform_version": "1.11.4", "serial": 1, "lineage": "3f1c2a9e-offline-plan", "outputs": map[string]any{}, "resources": resources, "check_results": nil}
	raw, err := json.MarshalIndent(state, "", "  ")
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "terraform.tfstate")
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
