package settings

import (
	"encoding/json"
	"os"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	ctyjson "github.com/zclconf/go-cty/cty/json"
)

// appendix parses the seed's appendix, kept verbatim in HCL as the seed
// printed it, into generic JSON values.
func appendix(t *testing.T) map[string]any {
	t.Helper()
	src, err := os.ReadFile("testdata/seed-appendix-oracle-to-aurora.hcl")
	if err != nil {
		t.Fatal(err)
	}
	expr, diags := hclsyntax.ParseExpression(src, "appendix.hcl", hcl.InitialPos)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	val, diags := expr.Value(nil)
	if diags.HasErrors() {
		t.Fatal(diags.Error())
	}
	js, err := ctyjson.Marshal(val, val.Type())
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(js, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

func generic(t *testing.T, v any) map[string]any {
	t.Helper()
	js, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out map[string]any
	if err := json.Unmarshal(js, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// diff lists every path where want and got differ, key by key and value by value.
func diff(path string, want, got any) []string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return []string{path + ": want an object, got " + describe(got)}
		}
		var out []string
		keys := map[string]bool{}
		for k := range w {
			keys[k] = true
		}
		for k := range g {
			keys[k] = true
		}
		for _, k := range sortedKeys(keys) {
			wv, wok := w[k]
			gv, gok := g[k]
			switch {
			case !gok:
				out = append(out, join(path, k)+": missing, want "+describe(wv))
			case !wok:
				out = append(out, join(path, k)+": unexpected "+describe(gv))
			default:
				out = append(out, diff(join(path, k), wv, gv)...)
			}
		}
		return out
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			return []string{path + ": want " + describe(want) + ", got " + describe(got)}
		}
		var out []string
		for i := range w {
			out = append(out, diff(path+"["+itoa(i)+"]", w[i], g[i])...)
		}
		return out
	default:
		if !reflect.DeepEqual(want, got) {
			return []string{path + ": want " + describe(want) + ", got " + describe(got)}
		}
		return nil
	}
}

func describe(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// The appendix sets four sections to null. The preset leaves them out
// instead: DMS treats an absent section like a null one, and the AWS provider
// only suppresses plan differences for keys that were not sent, so sending
// null would show a change on every plan once AWS fills the section in.
var appendixNullSections = []string{"BeforeImageSettings", "CharacterSetSettings", "LoopbackPreventionSettings", "PostProcessingRules"}

func TestOracleToAuroraMatchesSeedAppendix(t *testing.T) {
	want := appendix(t)
	for _, k := range appendixNullSections {
		if v, ok := want[k]; !ok || v != nil {
			t.Fatalf("appendix: want %s = null, got %v", k, v)
		}
		delete(want, k)
	}
	got := generic(t, OracleToAurora())
	for _, d := range diff("", want, got) {
		t.Error(d)
	}
	if n := countLeaves(want); n < 100 {
		t.Fatalf("appendix parsed to only %d values; the test data looks truncated", n)
	}
}

func countLeaves(v any) int {
	switch x := v.(type) {
	case map[string]any:
		n := 0
		for _, e := range x {
			n += countLeaves(e)
		}
		return n
	case []any:
		n := 0
		for _, e := range x {
			n += countLeaves(e)
		}
		return n
	default:
		return 1
	}
}

// The earlier S3 task, as ../shared/reference/seed-system.md records it: the
// appendix with these differences.
func TestOracleToS3IsTheEarlierS3Task(t *testing.T) {
	want := appendix(t)
	for _, k := range appendixNullSections {
		delete(want, k)
	}
	section := func(name string) map[string]any { return want[name].(map[string]any) }
	section("TargetMetadata")["LobChunkSize"] = 64.0
	section("ErrorBehavior")["RecoverableErrorStopRetryAfterThrottlingMax"] = false
	section("ErrorBehavior")["FailOnNoTablesCaptured"] = false
	section("ValidationSettings")["EnableValidation"] = false
	delete(section("FullLoadSettings"), "TargetTablePrepMode")
	delete(section("ControlTablesSettings"), "FullLoadExceptionTableEnabled")
	delete(section("ValidationSettings"), "MaxKeyColumnSize")
	delete(section("ValidationSettings"), "RecordFailureDelayInMinutes")
	delete(section("ValidationSettings"), "RecordSuspendDelayInMinutes")
	var five []any
	for _, id := range []string{"SOURCE_UNLOAD", "SOURCE_CAPTURE", "TARGET_LOAD", "TARGET_APPLY", "TASK_MANAGER"} {
		five = append(five, map[string]any{"Id": id, "Severity": "LOGGER_SEVERITY_DEFAULT"})
	}
	section("Logging")["LogComponents"] = five

	got := generic(t, OracleToS3())
	for _, d := range diff("", want, got) {
		t.Error(d)
	}
	// The presets must not share state: changing one leaves the other alone.
	if *OracleToAurora().TargetMetadata.LobChunkSize != 0 {
		t.Error("OracleToS3 changed the Aurora preset")
	}
}

func TestNoPresetEmitsCloudWatchLogKeys(t *testing.T) {
	for name, s := range map[string]*TaskSettings{"aurora": OracleToAurora(), "s3": OracleToS3()} {
		js, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		var doc map[string]any
		if err := json.Unmarshal(js, &doc); err != nil {
			t.Fatal(err)
		}
		logging := doc["Logging"].(map[string]any)
		keys := make([]string, 0, len(logging))
		for k := range logging {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		if strings.Join(keys, ",") != "EnableLogging,LogComponents" {
			t.Errorf("%s: Logging keys = %v, want only EnableLogging and LogComponents", name, keys)
		}
		if err := s.Validate(); err != nil {
			t.Errorf("%s preset does not validate: %v", name, err)
		}
	}
}
