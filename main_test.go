package main

import (
	"debug/elf"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// buildApp compiles this program once, the way `cdktf synth` runs it.
func buildApp(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "dmslab")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// runApp runs the app with a config file and an output folder, as the cdktf
// CLI does (it passes CDKTF_OUTDIR).
func runApp(t *testing.T, bin, config, outdir string) (string, int) {
	t.Helper()
	cmd := exec.Command(bin)
	// The repository root, as under cdktf: synth builds dgen from it.
	cmd.Dir = "."
	cmd.Env = append(os.Environ(), "CDKTF_OUTDIR="+outdir, "DMSLAB_CONFIG="+config)
	out, err := cmd.CombinedOutput()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), code
}

func TestInvalidConfigurationExitsNonZeroAndWritesNothing(t *testing.T) {
	bin := buildApp(t)
	dir := t.TempDir()
	config := filepath.Join(dir, "lab.json")
	bad := `{
	  "targetVpcCidr": "10.0.0.0/16",
	  "auroraTask": {"settings": {"FullLoadSettings": {"MaxFullLoadSubTasks": 64}}},
	  "s3Task": {"settings": {"Logging": {"CloudWatchLogStream": null}}}
	}`
	if err := os.WriteFile(config, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	outdir := filepath.Join(dir, "cdktf.out")
	out, code := runApp(t, bin, config, outdir)
	if code != 1 {
		t.Fatalf("exit status %d, want 1; output:\n%s", code, out)
	}
	for _, want := range []string{
		`targetVpcCidr: got "10.0.0.0/16"; allowed: a range that does not overlap sourceVpcCidr 10.0.0.0/16`,
		`auroraTask.settings.FullLoadSettings.MaxFullLoadSubTasks: got 64; allowed: an integer from 1 to 49`,
		`s3Task.settings.Logging.CloudWatchLogStream: got nothing; allowed: nothing`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "panic") || strings.Contains(out, "goroutine") {
		t.Errorf("output has a stack trace:\n%s", out)
	}
	if _, err := os.Stat(outdir); !os.IsNotExist(err) {
		t.Errorf("%s exists after a refused synth (err %v)", outdir, err)
	}
}

func TestNamedConfigFileMustExist(t *testing.T) {
	bin := buildApp(t)
	out, code := runApp(t, bin, filepath.Join(t.TempDir(), "missing.json"), t.TempDir())
	if code != 1 || !strings.Contains(out, "missing.json") {
		t.Fatalf("exit %d, output %q: want 1 and a message naming the file", code, out)
	}
}

func TestValidConfigurationSynthesizesTheStack(t *testing.T) {
	if testing.Short() {
		t.Skip("starts jsii")
	}
	bin := buildApp(t)
	dir := t.TempDir()
	config := filepath.Join(dir, "lab.json")
	if err := os.WriteFile(config, []byte(`{"namePrefix":"mylab"}`), 0o644); err != nil {
		t.Fatal(err)
	}
	outdir := filepath.Join(dir, "cdktf.out")
	if out, code := runApp(t, bin, config, outdir); code != 0 {
		t.Fatalf("exit status %d:\n%s", code, out)
	}
	data, err := os.ReadFile(filepath.Join(outdir, "stacks", "dmslab", "cdk.tf.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Provider map[string][]struct {
			DefaultTags []struct {
				Tags map[string]string `json:"tags"`
			} `json:"default_tags"`
		} `json:"provider"`
	}
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatal(err)
	}
	if got := doc.Provider["aws"][0].DefaultTags[0].Tags["Project"]; got != "mylab" {
		t.Errorf("Project tag = %q, want the configured prefix mylab", got)
	}
}

// The README's first command: the pinned cdktf CLI synthesizes the lab with
// no AWS account and no variables.
func TestCLISynthWritesTheStack(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the cdktf CLI")
	}
	if _, err := os.Stat("node_modules/.bin/cdktf"); err != nil {
		t.Fatal("the pinned cdktf CLI is not installed: run `npm ci` (make test does)")
	}
	outdir := filepath.Join(t.TempDir(), "cdktf.out")
	cmd := exec.Command("npx", "--no-install", "cdktf", "synth", "--output", outdir)
	cmd.Env = append(os.Environ(), "CHECKPOINT_DISABLE=1", "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20", "DMSLAB_CONFIG=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("cdktf synth: %v\n%s", err, out)
	}
	data, err := os.ReadFile(filepath.Join(outdir, "stacks", "dmslab", "cdk.tf.json"))
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(data, &doc); err != nil {
		t.Fatalf("cdk.tf.json does not parse: %v", err)
	}
	for _, key := range []string{"provider", "variable", "terraform"} {
		if _, ok := doc[key]; !ok {
			t.Errorf("cdk.tf.json has no %q section", key)
		}
	}
	// The dgen asset is in the output, where Terraform will read it from.
	var objects map[string]struct{ Source string }
	raw, _ := json.Marshal(doc["resource"].(map[string]any)["aws_s3_object"])
	json.Unmarshal(raw, &objects)
	if len(objects) != 1 {
		t.Fatalf("want one aws_s3_object, got %d", len(objects))
	}
	for _, o := range objects {
		f, err := elf.Open(filepath.Join(outdir, "stacks", "dmslab", o.Source))
		if err != nil {
			t.Fatalf("the dgen asset %s: %v", o.Source, err)
		}
		if f.Machine != elf.EM_X86_64 || f.Progs == nil {
			t.Errorf("the dgen asset is for %v", f.Machine)
		}
		for _, p := range f.Progs {
			if p.Type == elf.PT_INTERP {
				t.Error("the dgen asset is dynamically linked")
			}
		}
		f.Close()
	}
}
