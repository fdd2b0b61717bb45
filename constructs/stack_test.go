package constructs

import (
	"slices"
	"testing"
)

func TestTwoAliasedProvidersWithRegionVariables(t *testing.T) {
	providers := at(t, synthesized, "provider", "aws").([]any)
	if len(providers) != 2 {
		t.Fatalf("want 2 aws providers, got %d", len(providers))
	}
	want := map[string]string{"source": "${var.source_region}", "target": "${var.target_region}"}
	for _, p := range providers {
		alias := at(t, p, "alias").(string)
		if at(t, p, "region") != want[alias] {
			t.Errorf("provider %q region = %v, want %s", alias, at(t, p, "region"), want[alias])
		}
		if at(t, p, "default_tags", 0, "tags", "Project") != "dmslab" {
			t.Errorf("provider %q does not tag resources with Project=dmslab", alias)
		}
		delete(want, alias)
	}
	if len(want) != 0 {
		t.Errorf("missing provider aliases: %v", want)
	}
	if v := at(t, synthesized, "terraform", "required_providers", "aws", "version"); v != "5.84.0" {
		t.Errorf("AWS provider version = %v, want 5.84.0", v)
	}
}

// A tfvars file written for the earlier system must be accepted unchanged,
// and synth must need no variable at all.
func TestEarlierTfvarsAreAcceptedAndAllHaveDefaults(t *testing.T) {
	vars := at(t, synthesized, "variable").(map[string]any)
	earlier := []string{"ec2_ami", "key_name", "key_path", "source_db_username", "source_db_password",
		"target_db_username", "target_db_password", "target_s3_bucket_name", "source_region", "target_region"}
	for _, name := range earlier {
		v, ok := vars[name].(map[string]any)
		if !ok {
			t.Errorf("variable %s is not declared", name)
			continue
		}
		if _, ok := v["default"]; !ok {
			t.Errorf("variable %s has no default, so synth or deploy would ask for it", name)
		}
		if v["type"] != "string" {
			t.Errorf("variable %s type = %v, want string", name, v["type"])
		}
	}
	for name, v := range vars {
		if !slices.Contains(earlier, name) {
			continue
		}
		sensitive, _ := v.(map[string]any)["sensitive"].(bool)
		if isPassword := name == "source_db_password" || name == "target_db_password"; sensitive != isPassword {
			t.Errorf("variable %s sensitive = %v, want %v", name, sensitive, isPassword)
		}
	}
	if at(t, vars, "source_region", "default") != "us-west-2" || at(t, vars, "target_region", "default") != "us-east-1" {
		t.Errorf("region defaults = %v, %v", at(t, vars, "source_region", "default"), at(t, vars, "target_region", "default"))
	}
}
