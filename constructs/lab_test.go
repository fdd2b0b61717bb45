package constructs

import (
	"encoding/json"
	"net/netip"
	"sort"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/settings"
)

// one returns the only resource of a type, failing when there is not exactly one.
func one(t *testing.T, typ string) (string, map[string]any) {
	t.Helper()
	rs := resources(t, typ)
	if len(rs) != 1 {
		t.Fatalf("want one %s, got %d", typ, len(rs))
	}
	for name, r := range rs {
		return name, r
	}
	panic("unreachable")
}

func str(v any) string { s, _ := v.(string); return s }

// Every resource of the earlier system has a counterpart here.
func TestEveryEarlierResourceHasACounterpart(t *testing.T) {
	want := map[string]int{
		"aws_vpc": 2, "aws_subnet": 4, "aws_internet_gateway": 1, "aws_route_table": 2,
		"aws_route_table_association": 4, "aws_security_group": 5, "aws_db_subnet_group": 2,
		"aws_db_instance": 1, "aws_instance": 1, "aws_key_pair": 1, "aws_rds_cluster": 1,
		"aws_rds_cluster_instance": 1, "aws_rds_cluster_endpoint": 1, "aws_s3_bucket": 2,
		"aws_dms_replication_subnet_group": 1, "aws_dms_replication_instance": 1,
		"aws_dms_endpoint": 2, "aws_dms_s3_endpoint": 1, "aws_dms_replication_task": 2,
		"aws_vpc_peering_connection": 1, "aws_vpc_peering_connection_accepter": 1,
		"aws_vpc_endpoint": 2, "aws_secretsmanager_secret": 2, "aws_secretsmanager_secret_version": 2,
	}
	for typ, n := range want {
		if got := len(resources(t, typ)); got != n {
			t.Errorf("%s: %d, want %d", typ, got, n)
		}
	}
}

func TestSubnetsUseZonesFoundAtDeployTime(t *testing.T) {
	for name, s := range resources(t, "aws_subnet") {
		az := str(s["availability_zone"])
		if !strings.Contains(az, "data.aws_availability_zones.") {
			t.Errorf("%s: availability_zone %q is not read from aws_availability_zones", name, az)
		}
	}
	var src, dst netip.Prefix
	for _, v := range resources(t, "aws_vpc") {
		p := netip.MustParsePrefix(str(v["cidr_block"]))
		if v["provider"] == "aws.source" {
			src = p
		} else {
			dst = p
		}
	}
	if src.Overlaps(dst) {
		t.Errorf("source %v and target %v overlap", src, dst)
	}
}

func TestOracleSourceIsPrivateDeployableAndInArchivelog(t *testing.T) {
	_, db := one(t, "aws_db_instance")
	checks := map[string]any{
		"engine": "oracle-se2", "license_model": "license-included", "storage_type": "gp3",
		"storage_encrypted": true, "publicly_accessible": false, "skip_final_snapshot": true,
		"instance_class": "db.t3.small", "provider": "aws.source", "db_name": "DBSOURCE",
	}
	for k, want := range checks {
		if db[k] != want {
			t.Errorf("aws_db_instance.%s = %v, want %v", k, db[k], want)
		}
	}
	if n, _ := db["backup_retention_period"].(float64); n < 1 {
		t.Errorf("backup_retention_period = %v: ARCHIVELOG, and so CDC, needs at least 1", db["backup_retention_period"])
	}
	if v := str(db["engine_version"]); !strings.Contains(v, "data.aws_rds_engine_version.") {
		t.Errorf("engine_version %q is not resolved from the major version", v)
	}
	_, ev := oneData(t, "aws_rds_engine_version", "oracle-se2")
	if ev["parameter_group_family"] != "oracle-se2-19" || ev["version"] != nil || ev["latest"] != true {
		t.Errorf("Oracle engine version lookup = %v", ev)
	}
	var logs []string
	for _, l := range db["enabled_cloudwatch_logs_exports"].([]any) {
		logs = append(logs, l.(string))
	}
	if strings.Join(logs, ",") != "alert,audit,listener,trace" {
		t.Errorf("log exports = %v", logs)
	}
}

func oneData(t *testing.T, typ, engine string) (string, map[string]any) {
	t.Helper()
	for name, d := range at(t, synthesized, "data", typ).(map[string]any) {
		if m := d.(map[string]any); m["engine"] == engine {
			return name, m
		}
	}
	t.Fatalf("no %s for %s", typ, engine)
	return "", nil
}

func TestAuroraTargetIsPrivateWithTheReaderWriterEndpoint(t *testing.T) {
	_, c := one(t, "aws_rds_cluster")
	if c["engine"] != "aurora-postgresql" || c["storage_encrypted"] != true || c["database_name"] != "DBTARGET" {
		t.Errorf("cluster = %v", c)
	}
	_, w := one(t, "aws_rds_cluster_instance")
	if w["publicly_accessible"] != false || w["instance_class"] != "db.t4g.medium" {
		t.Errorf("writer = %v", w)
	}
	_, e := one(t, "aws_rds_cluster_endpoint")
	if e["cluster_endpoint_identifier"] != "dmslab-reader-writer" || e["custom_endpoint_type"] != "ANY" {
		t.Errorf("custom endpoint = %v", e)
	}
	_, ev := oneData(t, "aws_rds_engine_version", "aurora-postgresql")
	if ev["version"] != "16" {
		t.Errorf("Aurora engine version lookup = %v", ev)
	}
}

// No database or DMS port is open to the internet, and each opening names its peer.
func TestNothingIsOpenToTheInternet(t *testing.T) {
	sgName := map[string]string{}
	for id, sg := range resources(t, "aws_security_group") {
		sgName["${aws_security_group."+id+".id}"] = str(sg["name"])
		if _, inline := sg["ingress"]; inline {
			t.Errorf("%s has inline ingress rules", id)
		}
	}
	type opening struct{ group, from string }
	var got []string
	for id, r := range resources(t, "aws_vpc_security_group_ingress_rule") {
		cidr := str(r["cidr_ipv4"])
		if cidr == "0.0.0.0/0" {
			t.Errorf("%s opens port %v to 0.0.0.0/0", id, r["from_port"])
		}
		from := cidr
		if ref := str(r["referenced_security_group_id"]); ref != "" {
			from = "sg:" + sgName[ref]
		}
		if strings.Contains(from, "replication_instance_private_ips") {
			from = "dms-private-ip/32"
		}
		got = append(got, sgName[str(r["security_group_id"])]+":"+jsonNum(r["from_port"])+"<-"+from)
	}
	sort.Strings(got)
	want := []string{
		"dmslab-aurora:5432<-10.0.0.0/16",
		"dmslab-aurora:5432<-sg:dmslab-dms",
		"dmslab-endpoints:443<-10.1.0.0/16",
		"dmslab-generator:22<-${var.ssh_allowed_cidr}",
		"dmslab-oracle:1521<-dms-private-ip/32",
		"dmslab-oracle:1521<-sg:dmslab-generator",
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("ingress rules:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for id, r := range resources(t, "aws_vpc_security_group_ingress_rule") {
		if r["from_port"] == 22.0 {
			count := str(r["count"])
			for _, v := range []string{"var.key_name", "var.key_path", "var.ssh_allowed_cidr"} {
				if !strings.Contains(count, v) {
					t.Errorf("%s: SSH rule count %q does not depend on %s", id, count, v)
				}
			}
		}
	}
	_, dms := one(t, "aws_dms_replication_instance")
	if dms["publicly_accessible"] != false {
		t.Error("the DMS instance is public")
	}
	_, host := one(t, "aws_instance")
	if !strings.Contains(str(host["key_name"]), "var.key_name") || !strings.Contains(str(host["key_name"]), "null") {
		t.Errorf("the host's key_name %q is not conditional on key_name", host["key_name"])
	}
	if at(t, host, "metadata_options", "http_tokens") != "required" {
		t.Error("the host accepts IMDSv1")
	}
}

func jsonNum(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}

// Both buckets, the S3 target and the artifacts bucket dgen ships in, are
// private, unversioned and emptied on destroy.
func TestBucketsArePrivateUnversionedAndEmptiedOnDestroy(t *testing.T) {
	buckets := resources(t, "aws_s3_bucket")
	if len(resources(t, "aws_s3_bucket_versioning")) != 0 {
		t.Error("a bucket is versioned; DMS requires its target not to be")
	}
	settingsOf := func(typ string) map[string]map[string]any {
		out := map[string]map[string]any{}
		for _, r := range resources(t, typ) {
			out[strings.TrimSuffix(strings.TrimPrefix(str(r["bucket"]), "${aws_s3_bucket."), ".id}")] = r
		}
		return out
	}
	pabs, owns, sses := settingsOf("aws_s3_bucket_public_access_block"), settingsOf("aws_s3_bucket_ownership_controls"), settingsOf("aws_s3_bucket_server_side_encryption_configuration")
	for id, b := range buckets {
		if b["force_destroy"] != true {
			t.Errorf("%s is not emptied on destroy", id)
		}
		if _, ok := b["acl"]; ok {
			t.Errorf("%s uses the deprecated acl argument", id)
		}
		for _, k := range []string{"block_public_acls", "block_public_policy", "ignore_public_acls", "restrict_public_buckets"} {
			if pabs[id][k] != true {
				t.Errorf("%s: public access block %s = %v", id, k, pabs[id][k])
			}
		}
		if owns[id] == nil || at(t, owns[id], "rule", "object_ownership") != "BucketOwnerEnforced" {
			t.Errorf("%s: ownership = %v", id, owns[id])
		}
		if sses[id] == nil || at(t, sses[id], "rule", 0, "apply_server_side_encryption_by_default", "sse_algorithm") != "AES256" {
			t.Errorf("%s: encryption = %v", id, sses[id])
		}
	}
	b := buckets["target-bucket_F1FD7908"]
	if b == nil || b["provider"] != "aws.target" {
		t.Fatalf("no target bucket in the target region: %v", buckets)
	}
	if !strings.Contains(str(b["bucket"]), "var.target_s3_bucket_name") || !strings.Contains(str(b["bucket_prefix"]), "dmslab-target-") {
		t.Errorf("bucket naming: bucket=%v prefix=%v", b["bucket"], b["bucket_prefix"])
	}
}

// policyOf returns the statements of the inline policy named name.
func policyOf(t *testing.T, name string) []map[string]any {
	t.Helper()
	for _, p := range resources(t, "aws_iam_role_policy") {
		if p["name"] == name {
			var doc struct{ Statement []map[string]any }
			if err := json.Unmarshal([]byte(str(p["policy"])), &doc); err != nil {
				t.Fatalf("%s: policy does not parse: %v", name, err)
			}
			return doc.Statement
		}
	}
	t.Fatalf("no inline policy %s", name)
	return nil
}

func actions(st map[string]any) string {
	var out []string
	for _, a := range st["Action"].([]any) {
		out = append(out, a.(string))
	}
	return strings.Join(out, ",")
}

func TestDMSS3RoleIsLimitedToTheBucket(t *testing.T) {
	bucketArn := "${aws_s3_bucket.target-bucket_F1FD7908.arn}"
	want := []string{
		"s3:DeleteObject on " + bucketArn + "/*", "s3:ListBucket on " + bucketArn,
		"s3:PutObject on " + bucketArn + "/*", "s3:PutObjectTagging on " + bucketArn + "/*",
	}
	if got := grantsOf(t, "dmslab-dms-s3"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("DMS's S3 role may:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	for _, a := range resources(t, "aws_iam_role_policy_attachment") {
		if strings.Contains(str(a["policy_arn"]), "AmazonS3FullAccess") {
			t.Error("a role still has AmazonS3FullAccess")
		}
	}
	src := "${aws_secretsmanager_secret.source-credentials_secret_EE6F89B4.arn}"
	tgt := "${aws_secretsmanager_secret.target-credentials_secret_5F0D8219.arn}"
	want = []string{
		"secretsmanager:DescribeSecret on " + src, "secretsmanager:DescribeSecret on " + tgt,
		"secretsmanager:GetSecretValue on " + src, "secretsmanager:GetSecretValue on " + tgt,
	}
	if got := grantsOf(t, "dmslab-dms-secrets"); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("DMS's secrets role may:\n%s", strings.Join(got, "\n"))
	}
	for _, r := range resources(t, "aws_iam_role") {
		if r["name"] == "dmslab-dms-secrets" && !strings.Contains(str(r["assume_role_policy"]), "dms.%s.amazonaws.com") {
			t.Errorf("the secrets role does not trust the regional DMS principal: %v", r["assume_role_policy"])
		}
	}
}

// In "auto" each account-wide role is created only when the account lacks
// it or has the one this lab made, decided at deploy time from a lookup of
// that exact name and the tags of what it finds; what the plan then does
// against accounts with and without the roles is in terraform_plan_test.go.
func TestDMSServiceRolesAreCreatedOnlyWhenMissingAndWaitedFor(t *testing.T) {
	lookups := at(t, synthesized, "data", "aws_iam_roles").(map[string]any)
	existing := at(t, synthesized, "data", "aws_iam_role").(map[string]any)
	for _, n := range []string{"dms-vpc-role", "dms-cloudwatch-logs-role"} {
		id := ""
		var role map[string]any
		for rid, r := range resources(t, "aws_iam_role") {
			if r["name"] == n {
				id, role = rid, r
			}
		}
		if role == nil {
			t.Fatalf("role %s is not in the lab", n)
		}
		lookup, found := "", ""
		for lid, l := range lookups {
			if l.(map[string]any)["name_regex"] == "^"+n+"$" {
				lookup = "data.aws_iam_roles." + lid
			}
		}
		for eid, e := range existing {
			if e.(map[string]any)["for_each"] == "${"+lookup+".names}" {
				found = "data.aws_iam_role." + eid
			}
		}
		if lookup == "" || found == "" {
			t.Fatalf("%s: no exact-name lookup (%q) or tag read (%q)", n, lookup, found)
		}
		count := str(role["count"])
		for _, want := range []string{"length(" + lookup + ".names) == 0", "values(" + found + ")", `"Project", "") == "dmslab"`, `"ManagedBy", "") == "cdktf"`, "? 1 : 0"} {
			if !strings.Contains(count, want) {
				t.Errorf("%s: count %q lacks %q", n, count, want)
			}
		}
		for _, a := range resources(t, "aws_iam_role_policy_attachment") {
			if str(a["role"]) == "${aws_iam_role."+id+"[0].name}" && a["count"] != role["count"] {
				t.Errorf("%s: its policy attachment is not created with it: %v", n, a["count"])
			}
		}
	}
	var sleepID string
	for id, s := range resources(t, "time_sleep") {
		if s["create_duration"] == "30s" {
			sleepID = id
			if len(s["depends_on"].([]any)) != 2 {
				t.Errorf("the propagation wait = %v", s)
			}
		}
	}
	_, group := one(t, "aws_dms_replication_subnet_group")
	if sleepID == "" || at(t, group, "depends_on", 0) != "time_sleep."+sleepID {
		t.Errorf("the DMS subnet group does not wait for the roles: %v", group["depends_on"])
	}
}

func TestEndpointsReadCredentialsFromSecretsManager(t *testing.T) {
	for id, e := range resources(t, "aws_dms_endpoint") {
		if _, ok := e["password"]; ok {
			t.Errorf("%s carries a password", id)
		}
		if !strings.HasPrefix(str(e["secrets_manager_arn"]), "${aws_secretsmanager_secret.") || str(e["secrets_manager_access_role_arn"]) == "" {
			t.Errorf("%s does not read its credentials from Secrets Manager", id)
		}
	}
	for _, e := range resources(t, "aws_dms_endpoint") {
		if e["engine_name"] == "aurora-postgresql" && e["ssl_mode"] != "require" {
			t.Errorf("Aurora endpoint ssl_mode = %v, want require", e["ssl_mode"])
		}
	}
	_, s3 := one(t, "aws_dms_s3_endpoint")
	want := map[string]any{
		"data_format": "csv", "date_partition_enabled": true, "date_partition_sequence": "YYYYMMDDHH",
		"date_partition_delimiter": "SLASH", "include_op_for_full_load": true, "timestamp_column_name": "dms_commit_ts",
		"compression_type": "NONE",
	}
	for k, v := range want {
		if s3[k] != v {
			t.Errorf("S3 endpoint %s = %v, want %v", k, s3[k], v)
		}
	}
}

func TestTasksAreStartedByTerraformWithTheTypedSettings(t *testing.T) {
	tasks := resources(t, "aws_dms_replication_task")
	presets := map[string]*settings.TaskSettings{"dmslab-oracle-to-aurora": settings.OracleToAurora(), "dmslab-oracle-to-s3": settings.OracleToS3()}
	for _, task := range tasks {
		id := str(task["replication_task_id"])
		preset, ok := presets[id]
		if !ok {
			t.Fatalf("unexpected task %s", id)
		}
		if task["start_replication_task"] != true || task["migration_type"] != "full-load-and-cdc" {
			t.Errorf("%s: start=%v type=%v", id, task["start_replication_task"], task["migration_type"])
		}
		want, _ := json.Marshal(preset)
		if str(task["replication_task_settings"]) != string(want) {
			t.Errorf("%s: settings differ from the preset", id)
		}
		if strings.Contains(str(task["replication_task_settings"]), "CloudWatchLog") {
			t.Errorf("%s: settings mention CloudWatchLogGroup/Stream", id)
		}
		var m settings.TableMapping
		if err := json.Unmarshal([]byte(str(task["table_mappings"])), &m); err != nil {
			t.Fatal(err)
		}
		if got := m.Rules[0].ObjectLocator.SchemaName; got != "${upper(var.source_db_username)}" || m.Rules[0].ObjectLocator.TableName != "%" {
			t.Errorf("%s: mapping locator = %+v", id, m.Rules[0].ObjectLocator)
		}
	}
}

func TestPeeringIsAcceptedWithRoutesBothWays(t *testing.T) {
	_, acc := one(t, "aws_vpc_peering_connection_accepter")
	if acc["auto_accept"] != true || acc["provider"] != "aws.target" {
		t.Errorf("accepter = %v", acc)
	}
	_, conn := one(t, "aws_vpc_peering_connection")
	if conn["peer_region"] != "${var.target_region}" || conn["provider"] != "aws.source" {
		t.Errorf("connection = %v", conn)
	}
	dest := map[string]string{}
	for _, r := range resources(t, "aws_route") {
		if strings.Contains(str(r["vpc_peering_connection_id"]), "aws_vpc_peering_connection_accepter.") {
			dest[str(r["provider"])] = str(r["destination_cidr_block"])
		}
	}
	if dest["aws.source"] != "10.1.0.0/16" || dest["aws.target"] != "10.0.0.0/16" {
		t.Errorf("peering routes = %v", dest)
	}
}

// Passwords come from sensitive variables or random_password; the JSON
// holds only references to them, and no output references them at all.
func TestNoSecretInTheSynthesizedJSON(t *testing.T) {
	for _, typ := range []string{"aws_db_instance", "aws_rds_cluster"} {
		for id, r := range resources(t, typ) {
			for _, k := range []string{"password", "master_password"} {
				if v, ok := r[k]; ok && !strings.HasPrefix(str(v), "${") {
					t.Errorf("%s.%s is a literal", id, k)
				}
			}
		}
	}
	outputs, _ := json.Marshal(synthesized["output"])
	for _, bad := range []string{"password", "random_password", "secret_string"} {
		if strings.Contains(string(outputs), bad) {
			t.Errorf("an output mentions %s", bad)
		}
	}
}

func TestOutputsNameTheRightThings(t *testing.T) {
	want := map[string]string{
		"replication_instance_arn": "aws_dms_replication_instance.", "oracle_endpoint_arn": "aws_dms_endpoint.dms_oracle-source",
		"aurora_endpoint_arn": "aws_dms_endpoint.dms_aurora-target", "s3_endpoint_arn": "aws_dms_s3_endpoint.",
		"aurora_task_arn": "aws_dms_replication_task.dms_oracle-to-aurora", "s3_task_arn": "aws_dms_replication_task.dms_oracle-to-s3",
		"source_db_address": "aws_db_instance.", "target_db_address": "aws_rds_cluster.", "target_bucket": "aws_s3_bucket.",
		"generator_host_id": "aws_instance.",
	}
	for name, ref := range want {
		v := str(at(t, synthesized, "output", name, "value"))
		if !strings.Contains(v, ref) {
			t.Errorf("output %s = %q, want a reference to %s", name, v, ref)
		}
	}
	cmds := at(t, synthesized, "output", "test_connection_commands", "value").([]any)
	if len(cmds) != 3 {
		t.Fatalf("want 3 test-connection commands, got %d", len(cmds))
	}
	for _, c := range cmds {
		if !strings.HasPrefix(str(c), `${format("aws dms test-connection --region %s --replication-instance-arn %s --endpoint-arn %s"`) {
			t.Errorf("command = %v", c)
		}
	}
	if v := str(at(t, synthesized, "output", "ssm_session_command", "value")); !strings.Contains(v, "aws ssm start-session") {
		t.Errorf("ssm command = %q", v)
	}
	verify := str(at(t, synthesized, "output", "verify_command", "value"))
	for _, want := range []string{"dgen --secret-id %s verify --target-secret-id %s --s3 %s --s3-region %s --wait 15m",
		"aws_secretsmanager_secret.source-credentials", "aws_secretsmanager_secret.target-credentials", `s3://%s/dms/%s`, "upper(var.source_db_username)"} {
		if !strings.Contains(verify, want) {
			t.Errorf("verify_command %q lacks %q", verify, want)
		}
	}
}

// A second configuration: the switch for the account-wide roles off, and
// a named schema.
func TestSwitchesChangeTheLab(t *testing.T) {
	cfg := settings.DefaultConfig()
	cfg.DMSServiceRoles = "never"
	cfg.SchemaName = "SALES"
	doc, err := synth(cfg)
	if err != nil {
		t.Fatal(err)
	}
	res := doc["resource"].(map[string]any)
	for _, r := range res["aws_iam_role"].(map[string]any) {
		if n := r.(map[string]any)["name"]; n == "dms-vpc-role" || n == "dms-cloudwatch-logs-role" {
			t.Errorf("%v created with the switch off", n)
		}
	}
	for _, sl := range res["time_sleep"].(map[string]any) {
		if sl.(map[string]any)["create_duration"] != nil {
			t.Errorf("a propagation wait for roles the lab does not make: %v", sl)
		}
	}
	if data, _ := doc["data"].(map[string]any); data["aws_iam_roles"] != nil {
		t.Error("the roles are looked up although the lab makes none")
	}
	for _, task := range res["aws_dms_replication_task"].(map[string]any) {
		if m := task.(map[string]any)["table_mappings"].(string); !strings.Contains(m, `"schema-name":"SALES"`) {
			t.Errorf("mapping %s does not use the configured schema", m)
		}
	}
}
