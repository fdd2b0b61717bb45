package constructs

import (
	"encoding/json"
	"fmt"
	"os"
	"testing"

	"github.com/aws/jsii-runtime-go"
	"github.com/hashicorp/terraform-cdk-go/cdktf"

	"github.com/dmslab/dmslab/internal/dgenbuild"
	"github.com/dmslab/dmslab/settings"
)

// synthesized is the default lab, synthesized once for the whole package:
// every cdktf process pays seconds of jsii start-up.
var synthesized map[string]any

// dgenBinary is dgen built for the default host, as main builds it.
var dgenBinary string

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "dgen-")
	if err == nil {
		var module string
		if module, err = dgenbuild.ModuleDir(); err == nil {
			dgenBinary, err = dgenbuild.Build(module, dir, settings.DefaultConfig().GeneratorArch())
		}
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	doc, err := synth(settings.DefaultConfig())
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	synthesized = doc
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

func synth(cfg *settings.Config) (map[string]any, error) {
	app := cdktf.Testing_App(nil)
	stack := NewLabStack(app, StackID, &LabStackProps{Config: cfg, DgenBinary: dgenBinary})
	out := cdktf.Testing_Synth(stack.Stack, jsii.Bool(false))
	var doc map[string]any
	if err := json.Unmarshal([]byte(*out), &doc); err != nil {
		return nil, fmt.Errorf("synthesized JSON does not parse: %w", err)
	}
	return doc, nil
}

// at walks a path of object keys and array indexes through parsed JSON.
func at(t *testing.T, v any, path ...any) any {
	t.Helper()
	for _, p := range path {
		switch k := p.(type) {
		case string:
			m, ok := v.(map[string]any)
			if !ok {
				t.Fatalf("at %v: %q is not in an object", path, k)
			}
			v, ok = m[k]
			if !ok {
				t.Fatalf("at %v: no key %q", path, k)
			}
		case int:
			a, ok := v.([]any)
			if !ok || k >= len(a) {
				t.Fatalf("at %v: no index %d", path, k)
			}
			v = a[k]
		}
	}
	return v
}

// resources returns every resource of one type, by name.
func resources(t *testing.T, typ string) map[string]map[string]any {
	t.Helper()
	return resourcesOf(synthesized, typ)
}

// resourcesOf is doc's resources of one type, by name.
func resourcesOf(doc map[string]any, typ string) map[string]map[string]any {
	out := map[string]map[string]any{}
	all, _ := doc["resource"].(map[string]any)
	byName, _ := all[typ].(map[string]any)
	for name, r := range byName {
		out[name] = r.(map[string]any)
	}
	return out
}
