package constructs

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// terraform validate type-checks every attribute name, reference and
// expression of the synthesized JSON against the AWS provider's schema.
// It needs terraform and a local copy of the AWS provider (no registry is
// reachable here): DMSLAB_TF_PLUGIN_DIR, default /opt/tf-plugins, laid out
// as registry.terraform.io/hashicorp/aws/VERSION/OS_ARCH. When the mirror
// holds another 5.x version than the pinned one, that version is used. The
// random and time providers are not mirrored, so their three resources are
// stood in for by terraform_data with the same dependencies.
func TestTerraformValidateAcceptsTheLab(t *testing.T) {
	dir := os.Getenv("DMSLAB_TF_PLUGIN_DIR")
	if dir == "" {
		dir = "/opt/tf-plugins"
	}
	versions, _ := filepath.Glob(filepath.Join(dir, "registry.terraform.io/hashicorp/aws/5.*"))
	tf, err := exec.LookPath("terraform")
	if err != nil || len(versions) == 0 {
		t.Skipf("needs terraform and an AWS provider 5.x under %s", dir)
	}
	doc := standIn(t, versions[len(versions)-1])
	work := t.TempDir()
	if err := os.WriteFile(filepath.Join(work, "main.tf.json"), doc, 0o644); err != nil {
		t.Fatal(err)
	}
	run := func(args ...string) string {
		cmd := exec.Command(tf, args...)
		cmd.Dir = work
		cmd.Env = append(os.Environ(), "TF_IN_AUTOMATION=1", "CHECKPOINT_DISABLE=1")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("terraform %s: %v\n%s", strings.Join(args, " "), err, out)
		}
		return string(out)
	}
	run("init", "-backend=false", "-plugin-dir="+dir, "-input=false", "-no-color")
	run("validate", "-no-color")
}

func standIn(t *testing.T, versionDir string) []byte {
	t.Helper()
	raw, err := json.Marshal(synthesized)
	if err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	tfBlock := doc["terraform"].(map[string]any)
	delete(tfBlock, "backend")
	tfBlock["required_providers"] = map[string]any{"aws": map[string]any{"source": "hashicorp/aws", "version": filepath.Base(versionDir)}}
	res := doc["resource"].(map[string]any)
	standIns := map[string]any{}
	for _, typ := range []string{"random_password", "time_sleep"} {
		byName, _ := res[typ].(map[string]any)
		if len(byName) == 0 {
			t.Fatalf("no %s resource to stand in for", typ)
		}
		for name, body := range byName {
			r := map[string]any{"input": "stand-in"}
			if deps, ok := body.(map[string]any)["depends_on"]; ok {
				r["depends_on"] = deps
			}
			standIns[name] = r
		}
		delete(res, typ)
	}
	res["terraform_data"] = standIns
	out, err := json.Marshal(doc)
	if err != nil {
		t.Fatal(err)
	}
	s := strings.NewReplacer("random_password.", "terraform_data.", "time_sleep.", "terraform_data.").Replace(string(out))
	// random_password's value is .result; terraform_data's is .output.
	s = replaceAttr(s, ".result", ".output")
	return []byte(s)
}

func replaceAttr(s, from, to string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, "terraform_data.")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := i + len("terraform_data.")
		for j < len(s) && (s[j] == '_' || s[j] == '-' || s[j] >= '0' && s[j] <= '9' || s[j] >= 'A' && s[j] <= 'Z' || s[j] >= 'a' && s[j] <= 'z') {
			j++
		}
		b.WriteString(s[:j])
		s = s[j:]
		if strings.HasPrefix(s, from) {
			b.WriteString(to)
			s = s[len(from):]
		}
	}
}
