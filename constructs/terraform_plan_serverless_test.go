package constructs

import (
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// The serverless lab planned offline: every resource created once, and the
// replication configs as the provider will send them.
func checkServerlessPlan(t *testing.T) {
	doc := serverless(t)
	fake := newFakeAWS(t)
	plan, out, err := planLab(t, doc, fake)
	if err != nil {
		t.Fatalf("plan of the serverless lab failed: %v\n%s", err, out)
	}
	checkDefaultPlan(t, doc, plan, fake)
	configs := 0
	for addr, c := range planChanges(t, plan) {
		switch c.Type {
		case "aws_dms_replication_instance", "aws_dms_replication_task":
			t.Errorf("%s planned in serverless mode", addr)
		case "aws_dms_replication_config":
			configs++
			compute, _ := c.After["compute_config"].([]any)
			if len(compute) != 1 {
				t.Fatalf("%s compute_config %v", addr, c.After["compute_config"])
			}
			cc := compute[0].(map[string]any)
			if cc["min_capacity_units"] != 2.0 || cc["max_capacity_units"] != 16.0 || cc["multi_az"] != true {
				t.Errorf("%s planned compute_config %v", addr, cc)
			}
			if c.After["start_replication"] != true || !strings.HasPrefix(c.After["resource_identifier"].(string), "dmslab-") {
				t.Errorf("%s planned %v", addr, c.After)
			}
		}
	}
	if configs != 2 {
		t.Errorf("%d replication configs planned", configs)
	}
}

// serverlessReplication is the serverless lab cut down to the Aurora
// replication and its trigger, with every reference to the rest of the lab
// replaced by the value a deployed lab has for it, so that Terraform plans
// them against a state as it would after a deploy. edit changes the
// replication's settings as a lab.json change would (in both the
// replication and its trigger, which carry the same values).
func serverlessReplication(t *testing.T, edit func(settings map[string]any, compute map[string]any)) (doc map[string]any, cfgName, trigName string) {
	t.Helper()
	raw, _ := json.Marshal(serverless(t))
	var full map[string]any
	if err := json.Unmarshal(raw, &full); err != nil {
		t.Fatal(err)
	}
	res := full["resource"].(map[string]any)
	var cfg map[string]any
	for name, r := range res["aws_dms_replication_config"].(map[string]any) {
		if strings.HasPrefix(name, "dms_oracle-to-aurora") {
			cfgName, cfg = name, r.(map[string]any)
		}
	}
	trig := cfg["lifecycle"].(map[string]any)["replace_triggered_by"].([]any)[0].(string)
	trigName = strings.TrimPrefix(trig, "terraform_data.")
	input := res["terraform_data"].(map[string]any)[trigName].(map[string]any)["input"].(map[string]any)
	delete(cfg, "depends_on")

	var settings map[string]any
	json.Unmarshal([]byte(cfg["replication_settings"].(string)), &settings)
	compute := cfg["compute_config"].(map[string]any)
	if edit != nil {
		edit(settings, compute)
	}
	b, _ := json.Marshal(settings)
	cfg["replication_settings"], input["settings"] = string(b), string(b)
	input["min_capacity"], input["max_capacity"], input["multi_az"] = compute["min_capacity_units"], compute["max_capacity_units"], compute["multi_az"]

	raw, _ = json.Marshal(map[string]any{
		"terraform": full["terraform"], "provider": full["provider"], "variable": full["variable"],
		"resource": map[string]any{
			"aws_dms_replication_config": map[string]any{cfgName: cfg},
			"terraform_data":             map[string]any{trigName: map[string]any{"input": input}},
		},
	})
	s := deployedValues.ReplaceAllStringFunc(string(raw), func(ref string) string {
		for _, v := range deployedValue {
			if strings.Contains(ref, v[0]) {
				return v[1]
			}
		}
		t.Fatalf("no deployed value for %s", ref)
		return ""
	})
	if err := json.Unmarshal([]byte(s), &doc); err != nil {
		t.Fatal(err)
	}
	return doc, cfgName, trigName
}

// deployedValues are references to the rest of the lab (other than to the
// trigger itself and to variables), with what a deployed lab has for them.
var deployedValues = regexp.MustCompile(`\$\{(aws_[^}]*|upper\(var\.source_db_username\))\}`)

var deployedValue = [][2]string{
	{"dms_oracle-source", "arn:aws:dms:us-east-1:123456789012:endpoint:ORACLESOURCEEXAMPLE"},
	{"dms_aurora-target", "arn:aws:dms:us-east-1:123456789012:endpoint:AURORATARGETEXAMPLE"},
	{"aws_dms_replication_subnet_group", "dmslab-dms"},
	{"aws_security_group", "sg-0123456789abcdef0"},
	{"source_db_username", "ADMIN"},
}

// deployedState is a state in which doc's replication and trigger exist,
// as the provider records them after a deploy: DMS has normalized the
// settings (a document of every setting, keys in its own order) and the
// mappings, filled in the compute config's zone, key and window.
func deployedState(t *testing.T, doc map[string]any, cfgName, trigName string) string {
	t.Helper()
	res := doc["resource"].(map[string]any)
	cfg := res["aws_dms_replication_config"].(map[string]any)[cfgName].(map[string]any)
	input := res["terraform_data"].(map[string]any)[trigName].(map[string]any)["input"].(map[string]any)
	types := map[string]any{}
	for k, v := range input {
		switch v.(type) {
		case bool:
			types[k] = "bool"
		case float64:
			types[k] = "number"
		default:
			types[k] = "string"
		}
	}
	dynamic := map[string]any{"value": input, "type": []any{"object", types}}

	var settings map[string]any
	json.Unmarshal([]byte(cfg["replication_settings"].(string)), &settings)
	// What DMS adds when it stores settings: keys the lab never sends.
	settings["CharacterSetSettings"] = nil
	settings["FailTaskWhenCleanTaskResourceFailed"] = false
	normalized, _ := json.MarshalIndent(settings, "", "    ")

	// And what it adds to mapping rules: an empty filter list, which is
	// not equivalent JSON, so only ignore_changes keeps it from being an
	// in-place modify.
	var mapping map[string]any
	json.Unmarshal([]byte(cfg["table_mappings"].(string)), &mapping)
	for _, r := range mapping["rules"].([]any) {
		r.(map[string]any)["filters"] = []any{}
	}
	storedMapping, _ := json.Marshal(mapping)

	compute := cfg["compute_config"].(map[string]any)
	arn := "arn:aws:dms:us-east-1:123456789012:replication-config:" + cfg["resource_identifier"].(string)
	state := map[string]any{
		"version": 4, "terraform_version": "1.11.4", "serial": 3, "lineage": "5e2d6b1c-serverless-plan", "outputs": map[string]any{},
		"resources": []any{
			map[string]any{
				"mode": "managed", "type": "terraform_data", "name": trigName, "provider": `provider["terraform.io/builtin/terraform"]`,
				"instances": []any{map[string]any{"schema_version": 0, "attributes": map[string]any{
					"id": "7b1f4c0e-0d7a-4c1e-9d6f-2a9a3f1c8e11", "input": dynamic, "output": dynamic, "triggers_replace": nil,
				}}},
			},
			map[string]any{
				"mode": "managed", "type": "aws_dms_replication_config", "name": cfgName, "provider": `provider["registry.terraform.io/hashicorp/aws"].target`,
				"instances": []any{map[string]any{"schema_version": 0, "attributes": map[string]any{
					"id": arn, "arn": arn,
					"compute_config": []any{map[string]any{
						"availability_zone": "us-east-1b", "dns_name_servers": "",
						"kms_key_id":                   "arn:aws:kms:us-east-1:123456789012:key/0a1b2c3d-1111-2222-3333-444455556666",
						"max_capacity_units":           compute["max_capacity_units"],
						"min_capacity_units":           compute["min_capacity_units"],
						"multi_az":                     compute["multi_az"],
						"preferred_maintenance_window": "sun:06:07-sun:06:37",
						"replication_subnet_group_id":  compute["replication_subnet_group_id"],
						"vpc_security_group_ids":       compute["vpc_security_group_ids"],
					}},
					"replication_config_identifier": cfg["replication_config_identifier"],
					"replication_settings":          string(normalized),
					"replication_type":              cfg["replication_type"],
					"resource_identifier":           cfg["resource_identifier"],
					"source_endpoint_arn":           cfg["source_endpoint_arn"],
					"start_replication":             true,
					"supplemental_settings":         "",
					"table_mappings":                string(storedMapping),
					"tags":                          map[string]any{},
					"tags_all":                      map[string]any{"Project": "dmslab", "ManagedBy": "cdktf", "LabSide": "target"},
					"target_endpoint_arn":           cfg["target_endpoint_arn"],
					"timeouts":                      cfg["timeouts"],
				}}},
			},
		},
		"check_results": nil,
	}
	raw, _ := json.MarshalIndent(state, "", "  ")
	path := filepath.Join(t.TempDir(), "terraform.tfstate")
	if err := os.WriteFile(path, raw, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// checkServerlessChanges plans a deployed serverless replication against a
// lab.json unchanged and changed: unchanged plans nothing although DMS
// normalized the settings (no in-place modify, which the provider would
// follow with a start DMS refuses while MODIFYING, #35650); a changed
// setting or capacity replaces the replication.
func checkServerlessChanges(t *testing.T) {
	deployed, cfgName, trigName := serverlessReplication(t, nil)
	state := deployedState(t, deployed, cfgName, trigName)
	cfgAddr, trigAddr := "aws_dms_replication_config."+cfgName, "terraform_data."+trigName
	for _, tc := range []struct {
		name       string
		edit       func(settings, compute map[string]any)
		cfg, inner string
	}{
		{"unchanged", nil, "no-op", "no-op"},
		{"a task setting", func(s, _ map[string]any) {
			s["FullLoadSettings"].(map[string]any)["MaxFullLoadSubTasks"] = 16.0
		}, "delete,create", "update"},
		{"the capacity", func(_, c map[string]any) { c["max_capacity_units"] = 32.0 }, "delete,create", "update"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc, _, _ := serverlessReplication(t, tc.edit)
			plan, out, err := planLab(t, doc, newFakeAWS(t), "-state="+state, "-refresh=false")
			if err != nil {
				t.Fatalf("plan failed: %v\n%s", err, out)
			}
			changes := planChanges(t, plan)
			if got := strings.Join(changes[cfgAddr].Actions, ","); got != tc.cfg {
				t.Errorf("replication planned %q, want %q\n%s", got, tc.cfg, out)
			}
			if got := strings.Join(changes[trigAddr].Actions, ","); got != tc.inner {
				t.Errorf("trigger planned %q, want %q", got, tc.inner)
			}
		})
	}
}
