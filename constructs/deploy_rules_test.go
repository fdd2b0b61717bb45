package constructs

import (
	"regexp"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/dmslab/dmslab/settings"
)

// otherLab is a second lab, synthesized once: another prefix, a pinned DMS
// engine, both account roles always made, storage autoscaling on.
var otherLab = sync.OnceValues(func() (map[string]any, error) {
	cfg := settings.DefaultConfig()
	cfg.NamePrefix = "labtwo"
	cfg.DMS.EngineVersion = "3.6.1"
	cfg.DMSServiceRoles = "always"
	cfg.Oracle.MaxAllocatedStorageGB = 100
	return synth(cfg)
})

func other(t *testing.T) map[string]any {
	t.Helper()
	doc, err := otherLab()
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

// resourcesIn is every resource of a document, by address.
func resourcesIn(doc map[string]any) map[string]map[string]any {
	out := map[string]map[string]any{}
	all, _ := doc["resource"].(map[string]any)
	for typ, byName := range all {
		for name, r := range byName.(map[string]any) {
			out[typ+"."+name] = r.(map[string]any)
		}
	}
	return out
}

// destroyOrder is the order Terraform may destroy the default lab in: a
// resource goes only after everything that refers to it. Ties are broken
// by address, so the order is deterministic; the assertions below hold for
// every valid order because they follow from dependencies alone.
func destroyOrder(t *testing.T) []string {
	t.Helper()
	return destroyOrderOf(t, synthesized)
}

// destroyOrderOf is destroyOrder for any synthesized lab.
func destroyOrderOf(t *testing.T, doc map[string]any) []string {
	t.Helper()
	all := resourcesIn(doc)
	dependants := map[string]int{}
	for addr := range all {
		dependants[addr] += 0
	}
	refs := map[string]map[string]bool{}
	for addr, r := range all {
		refs[addr] = map[string]bool{}
		for ref := range refsOf(r) {
			if _, ok := all[ref]; ok && ref != addr {
				refs[addr][ref] = true
				dependants[ref]++
			}
		}
	}
	var order []string
	for len(order) < len(all) {
		var ready []string
		for addr, n := range dependants {
			if n == 0 {
				ready = append(ready, addr)
			}
		}
		if len(ready) == 0 {
			t.Fatal("dependency cycle")
		}
		sort.Strings(ready)
		for _, addr := range ready {
			order = append(order, addr)
			delete(dependants, addr)
			for ref := range refs[addr] {
				dependants[ref]--
			}
		}
	}
	return order
}

func TestDestroyKeepsWhatDMSNeedsUntilItsInterfaceIsGone(t *testing.T) {
	instance := addrOf(t, "aws_dms_replication_instance", func(map[string]any) bool { return true })
	sleep := addrOf(t, "time_sleep", func(r map[string]any) bool { return r["destroy_duration"] != nil })
	if d := resources(t, "time_sleep")[strings.TrimPrefix(sleep, "time_sleep.")]["destroy_duration"]; d != ENIReleaseWait {
		t.Errorf("destroy_duration = %v", d)
	}
	mustOutlive := []string{
		addrOf(t, "aws_security_group", func(r map[string]any) bool { return r["name"] == "dmslab-dms" }),
		addrOf(t, "aws_vpc_security_group_egress_rule", func(r map[string]any) bool {
			return strings.Contains(str(r["security_group_id"]), "dms_security-group")
		}),
		addrOf(t, "aws_dms_replication_subnet_group", func(map[string]any) bool { return true }),
		addrOf(t, "aws_iam_role_policy_attachment", func(r map[string]any) bool {
			return strings.Contains(str(r["policy_arn"]), "AmazonDMSVPCManagementRole")
		}),
		addrOf(t, "aws_iam_role", func(r map[string]any) bool { return r["name"] == "dms-vpc-role" }),
	}
	for name, s := range resources(t, "aws_subnet") {
		if s["provider"] == "aws.target" {
			mustOutlive = append(mustOutlive, "aws_subnet."+name)
		}
	}
	pos := map[string]int{}
	for i, a := range destroyOrder(t) {
		pos[a] = i
	}
	if !(pos[instance] < pos[sleep]) {
		t.Fatalf("the wait is destroyed before the instance")
	}
	for _, a := range mustOutlive {
		if pos[a] <= pos[sleep] {
			t.Errorf("%s can be destroyed before the %s wait after the instance", a, ENIReleaseWait)
		}
	}
}

func TestEachTaskWaitsForEverythingItUses(t *testing.T) {
	byName := func(typ, key, value string) string {
		return addrOf(t, typ, func(r map[string]any) bool { return str(r[key]) == value })
	}
	var want []string
	for name := range resources(t, "aws_route") {
		if strings.Contains(name, "peering") {
			want = append(want, "aws_route."+name)
		}
	}
	for name, a := range resources(t, "aws_route_table_association") {
		if a["provider"] == "aws.target" {
			want = append(want, "aws_route_table_association."+name)
		}
	}
	want = append(want,
		addrOf(t, "aws_vpc_security_group_ingress_rule", func(r map[string]any) bool {
			return r["from_port"] == 1521.0 && strings.Contains(str(r["cidr_ipv4"]), "replication_instance_private_ips")
		}),
		addrOf(t, "aws_vpc_security_group_ingress_rule", func(r map[string]any) bool {
			return r["from_port"] == 5432.0 && strings.Contains(str(r["referenced_security_group_id"]), "dms_security-group")
		}),
		addrOf(t, "aws_vpc_security_group_egress_rule", func(r map[string]any) bool {
			return strings.Contains(str(r["security_group_id"]), "dms_security-group")
		}),
		byName("aws_iam_role_policy", "name", "dmslab-dms-secrets-read-dmslab-oracle"),
		byName("aws_iam_role_policy", "name", "dmslab-dms-secrets-read-dmslab-aurora"),
		byName("aws_iam_role_policy", "name", "dmslab-dms-s3-write-dmslab-target"),
		addrOf(t, "aws_iam_role_policy_attachment", func(r map[string]any) bool {
			return strings.Contains(str(r["policy_arn"]), "AmazonDMSVPCManagementRole")
		}),
		addrOf(t, "aws_vpc_endpoint", func(r map[string]any) bool { return r["vpc_endpoint_type"] == "Gateway" }),
		addrOf(t, "aws_vpc_endpoint", func(r map[string]any) bool { return r["vpc_endpoint_type"] == "Interface" }),
		addrOf(t, "aws_vpc_peering_connection_accepter", func(map[string]any) bool { return true }),
		byName("aws_cloudformation_stack", "name", "dmslab-prepare-source"),
		byName("aws_cloudwatch_log_group", "name", "dms-tasks-dmslab-dms"),
	)
	if len(want) != 16 {
		t.Fatalf("found %d of the 16 things a task needs: %v", len(want), want)
	}
	for name := range resources(t, "aws_dms_replication_task") {
		got := ancestors(t, "aws_dms_replication_task."+name)
		for _, w := range want {
			if !got[w] {
				t.Errorf("task %s does not wait for %s", name, w)
			}
		}
	}

	// The preparation runs on the host through SSM and the internet route,
	// reading the Oracle secret with the host role's policy.
	prepare := ancestors(t, gateAddr(t, "dmslab-prepare-source"))
	need := []string{
		byName("aws_iam_role_policy", "name", "dmslab-generator-read-dmslab-oracle"),
		addrOf(t, "aws_iam_role_policy_attachment", func(r map[string]any) bool {
			return strings.Contains(str(r["policy_arn"]), "AmazonSSMManagedInstanceCore")
		}),
		addrOf(t, "aws_route", func(r map[string]any) bool { return r["destination_cidr_block"] == "0.0.0.0/0" }),
	}
	for name, a := range resources(t, "aws_route_table_association") {
		if a["provider"] == "aws.source" {
			need = append(need, "aws_route_table_association."+name)
		}
	}
	if len(need) != 5 {
		t.Fatalf("found %d of the 5 things the preparation needs", len(need))
	}
	for _, n := range need {
		if !prepare[n] {
			t.Errorf("the preparation does not wait for %s", n)
		}
	}
}

// physicalNames are the names a lab gives things in AWS: everything that
// must be unique in an account (and region).
func physicalNames(doc map[string]any) map[string]string {
	keys := []string{"name", "name_prefix", "identifier", "cluster_identifier", "cluster_endpoint_identifier",
		"replication_instance_id", "replication_subnet_group_id", "endpoint_id", "replication_task_id",
		"replication_config_identifier", "resource_identifier",
		"bucket", "bucket_prefix", "association_name", "alarm_name", "dashboard_name"}
	out := map[string]string{}
	for addr, r := range resourcesIn(doc) {
		for _, k := range keys {
			v := str(r[k])
			if !strings.Contains(v, "${") {
				if v != "" {
					out[v] = addr + "." + k
				}
				continue
			}
			// An expression (a user's name or a generated one): the
			// literals in it are what the lab contributes.
			for _, m := range literal.FindAllStringSubmatch(v, -1) {
				if m[1] != "" {
					out[m[1]] = addr + "." + k
				}
			}
		}
	}
	return out
}

var literal = regexp.MustCompile(`"([^"]*)"`)

func TestTwoLabsShareNoPhysicalName(t *testing.T) {
	mine, theirs := physicalNames(synthesized), physicalNames(other(t))
	if len(mine) < 25 {
		t.Fatalf("only %d physical names found: %v", len(mine), mine)
	}
	// The account-wide DMS roles are shared by design: every lab looks them
	// up and makes them only when missing (see dms_service_roles.go).
	shared := map[string]bool{}
	for _, r := range DMSServiceRoleNames {
		shared[r.Name] = true
	}
	for name, where := range mine {
		if _, clash := theirs[name]; clash && !shared[name] {
			t.Errorf("%q (%s) is in both labs", name, where)
		}
		if !shared[name] && !strings.Contains(name, "dmslab") {
			t.Errorf("%q (%s) does not carry the prefix", name, where)
		}
	}
}

func TestLogGroupsAreTheLabsWithARetention(t *testing.T) {
	want := map[string]bool{"dms-tasks-dmslab-dms": true}
	for _, l := range OracleLogExports {
		want["/aws/rds/instance/dmslab-oracle/"+l] = true
	}
	groups := map[string]string{}
	for name, g := range resources(t, "aws_cloudwatch_log_group") {
		groups[str(g["name"])] = "aws_cloudwatch_log_group." + name
		if g["retention_in_days"] != float64(LogRetentionDays) {
			t.Errorf("%s keeps logs %v days", g["name"], g["retention_in_days"])
		}
	}
	for n := range want {
		if groups[n] == "" {
			t.Errorf("no log group %s", n)
		}
	}
	oracle := ancestors(t, addrOf(t, "aws_db_instance", func(map[string]any) bool { return true }))
	for _, l := range OracleLogExports {
		if !oracle[groups["/aws/rds/instance/dmslab-oracle/"+l]] {
			t.Errorf("Oracle can start exporting %s before its log group exists", l)
		}
	}
	if !ancestors(t, addrOf(t, "aws_dms_replication_instance", func(map[string]any) bool { return true }))[groups["dms-tasks-dmslab-dms"]] {
		t.Error("DMS can log before its log group exists")
	}
}

func TestNothingPinnedThatAWSRetires(t *testing.T) {
	_, inst := one(t, "aws_dms_replication_instance")
	if v, ok := inst["engine_version"]; ok {
		t.Errorf("the DMS engine is pinned to %v by default", v)
	}
	ignored := func(r map[string]any) string {
		b, _ := at(t, r, "lifecycle", "ignore_changes").([]any)
		var s []string
		for _, x := range b {
			s = append(s, str(x))
		}
		return strings.Join(s, ",")
	}
	if ignored(inst) != "engine_version" {
		t.Errorf("DMS engine upgrades would show as changes: %v", inst["lifecycle"])
	}
	for _, r := range resourcesIn(other(t)) {
		if r["replication_instance_id"] == "labtwo-dms" && (r["engine_version"] != "3.6.1" || ignored(r) != "engine_version") {
			t.Errorf("a pinned engine is not sent once: %v", r)
		}
	}
	_, aurora := oneData(t, "aws_rds_engine_version", "aurora-postgresql")
	if aurora["parameter_group_family"] != "aurora-postgresql16" || aurora["default_only"] != true || aurora["latest"] != nil {
		t.Errorf("the Aurora lookup can pick a Limitless build: %v", aurora)
	}
	if pc := str(at(t, aurora, "lifecycle", "postcondition", 0, "condition")); !strings.Contains(pc, "limitless") {
		t.Errorf("no check against a Limitless build: %v", aurora["lifecycle"])
	}
	_, oracle := oneData(t, "aws_rds_engine_version", "oracle-se2")
	if oracle["parameter_group_family"] != "oracle-se2-19" {
		t.Errorf("the Oracle lookup is not kept to non-CDB 19c: %v", oracle)
	}
	_, db := one(t, "aws_db_instance")
	if _, ok := db["max_allocated_storage"]; ok {
		t.Errorf("storage autoscaling %v on %v GiB by default", db["max_allocated_storage"], db["allocated_storage"])
	}
}

func TestAlwaysMakesBothRolesWithoutALookup(t *testing.T) {
	doc := other(t)
	if data, _ := doc["data"].(map[string]any); data["aws_iam_roles"] != nil || data["aws_iam_role"] != nil {
		t.Error(`"always" looks the roles up`)
	}
	n := 0
	for _, r := range resourcesIn(doc) {
		if r["name"] == "dms-vpc-role" || r["name"] == "dms-cloudwatch-logs-role" {
			n++
			if _, ok := r["count"]; ok {
				t.Errorf("%v is conditional under \"always\"", r["name"])
			}
		}
	}
	if n != 2 {
		t.Errorf("%d roles made under \"always\"", n)
	}
}

// Every name the lab builds from namePrefix is in settings.DerivedNames,
// so that synth checks it against its service's rules before AWS does.
func TestEveryDerivedNameIsCheckedAtSynth(t *testing.T) {
	checked := map[string]bool{}
	for _, d := range settings.DerivedNames {
		checked[d.Name("dmslab")] = true
	}
	for name, where := range physicalNames(synthesized) {
		if strings.Contains(name, "dmslab") && !checked[name] {
			t.Errorf("%q (%s) is not in settings.DerivedNames", name, where)
		}
	}
}
