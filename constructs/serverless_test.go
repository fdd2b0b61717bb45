package constructs

import (
	"encoding/json"
	"reflect"
	"slices"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/dmslab/dmslab/settings"
)

// serverlessLab is the default lab with DMS Serverless, synthesized once,
// with capacities other than the defaults so that they are seen to flow.
var serverlessLab = sync.OnceValues(func() (map[string]any, error) {
	cfg := settings.DefaultConfig()
	cfg.DMS.Serverless = &settings.DMSServerlessConfig{MinCapacityUnits: 2, MaxCapacityUnits: 16, MultiAZ: true}
	return synth(cfg)
})

func serverless(t *testing.T) map[string]any {
	t.Helper()
	doc, err := serverlessLab()
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// replicationConfigs are the serverless lab's replications by identifier.
func replicationConfigs(t *testing.T) map[string]map[string]any {
	t.Helper()
	out := map[string]map[string]any{}
	for name, r := range resourcesOf(serverless(t), "aws_dms_replication_config") {
		r = maps(r)
		r["_address"] = "aws_dms_replication_config." + name
		out[str(r["replication_config_identifier"])] = r
	}
	return out
}

// maps copies a resource so that a test may annotate it.
func maps(r map[string]any) map[string]any {
	out := make(map[string]any, len(r))
	for k, v := range r {
		out[k] = v
	}
	return out
}

func TestServerlessReplacesTheInstanceAndTasksWithTwoReplications(t *testing.T) {
	doc := serverless(t)
	for _, typ := range []string{"aws_dms_replication_instance", "aws_dms_replication_task", "aws_dms_event_subscription"} {
		if n := len(resourcesOf(doc, typ)); n != 0 {
			t.Errorf("%d %s in serverless mode", n, typ)
		}
	}
	cfg := settings.DefaultConfig()
	byID := replicationConfigs(t)
	if len(byID) != 2 {
		t.Fatalf("replication configs: %v", byID)
	}
	for _, want := range []struct {
		id, resourceID, endpoint string
		task                     settings.TaskConfig
	}{
		{"dmslab-oracle-to-aurora", "dmslab-pg", "aws_dms_endpoint.dms_aurora-target", cfg.AuroraTask},
		{"dmslab-oracle-to-s3", "dmslab-s3", "aws_dms_s3_endpoint.dms_s3-target", cfg.S3Task},
	} {
		r := byID[want.id]
		if r == nil {
			t.Errorf("no replication %s", want.id)
			continue
		}
		if r["resource_identifier"] != want.resourceID || r["replication_type"] != "full-load-and-cdc" || r["start_replication"] != true ||
			!strings.HasPrefix(str(r["source_endpoint_arn"]), "${aws_dms_endpoint.dms_oracle-source_") ||
			!strings.HasPrefix(str(r["target_endpoint_arn"]), "${"+want.endpoint+"_") || r["provider"] != "aws.target" {
			t.Errorf("%s: %v", want.id, r)
		}
		compute := r["compute_config"].(map[string]any)
		if compute["min_capacity_units"] != 2.0 || compute["max_capacity_units"] != 16.0 || compute["multi_az"] != true ||
			!strings.Contains(str(compute["replication_subnet_group_id"]), "aws_dms_replication_subnet_group.dms_subnets") ||
			!strings.Contains(str(at(t, compute, "vpc_security_group_ids", 0)), "aws_security_group.dms_security-group") {
			t.Errorf("%s compute_config %v", want.id, compute)
		}
		// The same typed settings and mappings a task gets.
		var got, wantSettings any
		json.Unmarshal([]byte(str(r["replication_settings"])), &got)
		raw, _ := json.Marshal(want.task.Settings)
		json.Unmarshal(raw, &wantSettings)
		if !reflect.DeepEqual(got, wantSettings) {
			t.Errorf("%s settings differ from the task's", want.id)
		}
		var mapping map[string]any
		if err := json.Unmarshal([]byte(str(r["table_mappings"])), &mapping); err != nil || len(mapping["rules"].([]any)) == 0 {
			t.Errorf("%s table mappings %v (%v)", want.id, r["table_mappings"], err)
		}
		timeouts := r["timeouts"].(map[string]any)
		if timeouts["create"] != serverlessCreateTimeout || timeouts["delete"] != serverlessDeleteTimeout {
			t.Errorf("%s timeouts %v", want.id, timeouts)
		}
	}
}

// A change to what the lab sends replaces a replication instead of the
// provider's stop, modify and immediate start (#35650): Terraform ignores
// those attributes, and a terraform_data of exactly them triggers the
// replacement.
func TestServerlessChangesReplaceTheReplication(t *testing.T) {
	doc := serverless(t)
	inputs := resourcesOf(doc, "terraform_data")
	for id, r := range replicationConfigs(t) {
		lc := r["lifecycle"].(map[string]any)
		ignored := map[string]bool{}
		for _, a := range lc["ignore_changes"].([]any) {
			ignored[a.(string)] = true
		}
		sent := []string{"replication_settings", "table_mappings", "compute_config", "source_endpoint_arn", "target_endpoint_arn", "replication_type"}
		for _, a := range sent {
			if !ignored[a] {
				t.Errorf("%s: %s is not ignored", id, a)
			}
		}
		triggers := lc["replace_triggered_by"].([]any)
		if len(triggers) != 1 {
			t.Fatalf("%s replace_triggered_by %v", id, triggers)
		}
		name, ok := strings.CutPrefix(str(triggers[0]), "terraform_data.")
		if !ok || strings.Contains(name, "$") {
			t.Fatalf("%s: replace_triggered_by %v is not a bare terraform_data address (Terraform's JSON syntax)", id, triggers[0])
		}
		in, ok := inputs[name]["input"].(map[string]any)
		if !ok {
			t.Fatalf("%s: trigger %v is no terraform_data with an input", id, triggers[0])
		}
		compute := r["compute_config"].(map[string]any)
		for key, want := range map[string]any{
			"settings": r["replication_settings"], "table_mappings": r["table_mappings"],
			"source": r["source_endpoint_arn"], "target": r["target_endpoint_arn"], "replication_type": r["replication_type"],
			"min_capacity": compute["min_capacity_units"], "max_capacity": compute["max_capacity_units"], "multi_az": compute["multi_az"],
			"subnet_group": compute["replication_subnet_group_id"], "security_group": at(t, compute, "vpc_security_group_ids", 0),
		} {
			if !reflect.DeepEqual(in[key], want) {
				t.Errorf("%s: trigger %s = %v, the replication sends %v", id, key, in[key], want)
			}
		}
		if len(in) != 10 {
			t.Errorf("%s: trigger holds %d values", id, len(in))
		}
	}
}

func TestServerlessReplicationsWaitForEverythingTheyUse(t *testing.T) {
	doc := serverless(t)
	byName := func(typ, key, value string) string {
		return addrIn(t, doc, typ, func(r map[string]any) bool { return str(r[key]) == value })
	}
	var want []string
	for name := range resourcesOf(doc, "aws_route") {
		if strings.Contains(name, "peering") {
			want = append(want, "aws_route."+name)
		}
	}
	for name, a := range resourcesOf(doc, "aws_route_table_association") {
		if a["provider"] == "aws.target" {
			want = append(want, "aws_route_table_association."+name)
		}
	}
	for name, r := range resourcesOf(doc, "aws_vpc_security_group_ingress_rule") {
		if r["from_port"] == 1521.0 && strings.Contains(name, "from-dms-subnet") {
			want = append(want, "aws_vpc_security_group_ingress_rule."+name)
		}
	}
	want = append(want,
		addrIn(t, doc, "aws_vpc_security_group_ingress_rule", func(r map[string]any) bool {
			return r["from_port"] == 5432.0 && strings.Contains(str(r["referenced_security_group_id"]), "dms_security-group")
		}),
		addrIn(t, doc, "aws_vpc_security_group_egress_rule", func(r map[string]any) bool {
			return strings.Contains(str(r["security_group_id"]), "dms_security-group")
		}),
		byName("aws_iam_role_policy", "name", "dmslab-dms-secrets-read-dmslab-oracle"),
		byName("aws_iam_role_policy", "name", "dmslab-dms-secrets-read-dmslab-aurora"),
		byName("aws_iam_role_policy", "name", "dmslab-dms-s3-write-dmslab-target"),
		addrIn(t, doc, "aws_iam_role_policy_attachment", func(r map[string]any) bool {
			return strings.Contains(str(r["policy_arn"]), "AmazonDMSVPCManagementRole")
		}),
		addrIn(t, doc, "aws_vpc_endpoint", func(r map[string]any) bool { return r["vpc_endpoint_type"] == "Gateway" }),
		addrIn(t, doc, "aws_vpc_endpoint", func(r map[string]any) bool { return r["vpc_endpoint_type"] == "Interface" }),
		addrIn(t, doc, "aws_vpc_peering_connection_accepter", func(map[string]any) bool { return true }),
		byName("aws_cloudformation_stack", "name", "dmslab-prepare-source"),
	)
	// The peering routes (2), the target subnets' associations (2), Oracle's
	// rules for the two DMS subnets, and the rest as for a task, less the
	// instance's log group.
	if len(want) != 16 {
		t.Fatalf("found %d of the 16 things a serverless replication needs: %v", len(want), want)
	}
	for id, r := range replicationConfigs(t) {
		got := ancestorsIn(doc, r["_address"].(string))
		logs := byName("aws_cloudwatch_log_group", "name", ServerlessLogGroupPrefix+"dmslab-"+map[string]string{
			"dmslab-oracle-to-aurora": AuroraResourceID, "dmslab-oracle-to-s3": S3ResourceID}[id])
		for _, w := range append(want, logs) {
			if !got[w] {
				t.Errorf("replication %s does not wait for %s", id, w)
			}
		}
	}
	// The workload starts only once both replications run.
	workload := ancestorsIn(doc, addrIn(t, doc, "aws_cloudformation_stack", func(r map[string]any) bool { return r["name"] == "dmslab-start-workload" }))
	for id, r := range replicationConfigs(t) {
		if !workload[r["_address"].(string)] {
			t.Errorf("the workload does not wait for %s", id)
		}
	}
}

func TestServerlessDestroyKeepsTheNetworkUntilItsInterfacesGo(t *testing.T) {
	doc := serverless(t)
	sleep := addrIn(t, doc, "time_sleep", func(r map[string]any) bool { return r["destroy_duration"] == ENIReleaseWait })
	mustOutlive := []string{
		addrIn(t, doc, "aws_security_group", func(r map[string]any) bool { return r["name"] == "dmslab-dms" }),
		addrIn(t, doc, "aws_dms_replication_subnet_group", func(map[string]any) bool { return true }),
		addrIn(t, doc, "aws_iam_role_policy_attachment", func(r map[string]any) bool {
			return strings.Contains(str(r["policy_arn"]), "AmazonDMSVPCManagementRole")
		}),
	}
	for name, s := range resourcesOf(doc, "aws_subnet") {
		if s["provider"] == "aws.target" {
			mustOutlive = append(mustOutlive, "aws_subnet."+name)
		}
	}
	pos := map[string]int{}
	for i, a := range destroyOrderOf(t, doc) {
		pos[a] = i
	}
	for id, r := range replicationConfigs(t) {
		if !(pos[r["_address"].(string)] < pos[sleep]) {
			t.Errorf("the wait can be destroyed before replication %s", id)
		}
	}
	for _, a := range mustOutlive {
		if pos[a] <= pos[sleep] {
			t.Errorf("%s can be destroyed before the %s wait after the replications", a, ENIReleaseWait)
		}
	}
}

// Oracle opens its port to the subnets DMS Serverless runs in (no address
// is known before it provisions), and to nothing of the instance's.
func TestServerlessOracleOpensToTheDMSSubnets(t *testing.T) {
	doc := serverless(t)
	var subnets, opened []string
	for name, s := range resourcesOf(doc, "aws_subnet") {
		if s["provider"] == "aws.target" {
			subnets = append(subnets, "${aws_subnet."+name+".cidr_block}")
		}
	}
	for _, r := range resourcesOf(doc, "aws_vpc_security_group_ingress_rule") {
		if r["from_port"] == 1521.0 && r["provider"] == "aws.source" && str(r["cidr_ipv4"]) != "" {
			if strings.Contains(str(r["description"]), "DMS") {
				opened = append(opened, str(r["cidr_ipv4"]))
			}
		}
	}
	sort.Strings(subnets)
	sort.Strings(opened)
	if len(subnets) != 2 || !slices.Equal(subnets, opened) {
		t.Errorf("Oracle opens to %v; the DMS subnets are %v", opened, subnets)
	}
}

func TestServerlessMonitoringWatchesTheReplications(t *testing.T) {
	doc := serverless(t)
	alarms := resourcesOf(doc, "aws_cloudwatch_metric_alarm")
	seen := map[string]bool{}
	for _, a := range alarms {
		dims := a["dimensions"].(map[string]any)
		if len(dims) != 1 {
			t.Errorf("alarm %s dimensions %v", a["alarm_name"], dims)
		}
		seen[evalTemplate(t, str(dims[ServerlessDimension]))+" "+str(a["metric_name"])] = true
	}
	for name := range resourcesOf(doc, "aws_dms_replication_config") {
		for _, m := range []string{"CDCLatencySource", "CDCLatencyTarget"} {
			key := "data.aws_caller_identity." + accountDataName(t, doc) + ".account_id:" + strings.ToUpper(name) + " " + m
			if !seen[key] {
				t.Errorf("no alarm %q among %v", key, seen)
			}
		}
	}
	if len(alarms) != 4 {
		t.Errorf("%d alarms", len(alarms))
	}

	_, dash := oneIn(t, doc, "aws_cloudwatch_dashboard")
	var body struct {
		Widgets []struct {
			Properties struct {
				Metrics [][]any `json:"metrics"`
			} `json:"properties"`
		} `json:"widgets"`
	}
	if err := json.Unmarshal([]byte(evalTemplate(t, str(dash["dashboard_body"]))), &body); err != nil {
		t.Fatal(err)
	}
	dms := 0
	for _, w := range body.Widgets {
		for _, m := range w.Properties.Metrics {
			if m[0] != "AWS/DMS" {
				continue
			}
			dms++
			if !slices.Contains(ServerlessMetrics, m[1].(string)) || len(m) != 4 || m[2] != ServerlessDimension {
				t.Errorf("dashboard metric %v is not a serverless replication's", m)
			}
		}
	}
	if dms != 2*7 {
		t.Errorf("%d DMS metric lines, want 7 per replication", dms)
	}
}

// accountDataName is the name of the lab's aws_caller_identity data source.
func accountDataName(t *testing.T, doc map[string]any) string {
	t.Helper()
	byName, _ := doc["data"].(map[string]any)["aws_caller_identity"].(map[string]any)
	for name := range byName {
		return name
	}
	t.Fatal("no aws_caller_identity")
	return ""
}

// oneIn is the only resource of a type in doc.
func oneIn(t *testing.T, doc map[string]any, typ string) (string, map[string]any) {
	t.Helper()
	all := resourcesOf(doc, typ)
	if len(all) != 1 {
		t.Fatalf("%d %s", len(all), typ)
	}
	for name, r := range all {
		return name, r
	}
	return "", nil
}

func TestServerlessOutputsAndNames(t *testing.T) {
	doc := serverless(t)
	outputs := doc["output"].(map[string]any)
	for _, absent := range []string{"replication_instance_arn", "aurora_task_arn", "s3_task_arn", "test_connection_commands", "describe_tasks_command"} {
		if outputs[absent] != nil {
			t.Errorf("output %s in serverless mode", absent)
		}
	}
	for _, present := range []string{"aurora_replication_config_arn", "s3_replication_config_arn", "describe_replications_command", "status_command", "dashboard_url"} {
		if outputs[present] == nil {
			t.Errorf("no output %s", present)
		}
	}
	if v := str(at(t, outputs, "aurora_replication_config_arn", "value")); !strings.Contains(v, "aws_dms_replication_config.dms_oracle-to-aurora") {
		t.Errorf("aurora_replication_config_arn = %s", v)
	}
	// Every name is the prefix's and checked at synth; the replications
	// log to groups the lab made, with a retention.
	checked := map[string]bool{}
	for _, d := range settings.DerivedNames {
		checked[d.Name("dmslab")] = true
	}
	for name, where := range physicalNames(doc) {
		if strings.Contains(name, "dmslab") && !checked[name] {
			t.Errorf("%q (%s) is not in settings.DerivedNames", name, where)
		}
	}
	groups := map[string]bool{}
	for _, g := range resourcesOf(doc, "aws_cloudwatch_log_group") {
		groups[str(g["name"])] = g["retention_in_days"] == float64(LogRetentionDays)
	}
	for _, n := range []string{"dms-serverless-replication-dmslab-pg", "dms-serverless-replication-dmslab-s3"} {
		if !groups[n] {
			t.Errorf("no log group %s with a %d-day retention", n, LogRetentionDays)
		}
	}
	if _, ok := groups["dms-tasks-dmslab-dms"]; ok {
		t.Error("the instance's task log group is made in serverless mode")
	}
}
