package constructs

import (
	"debug/elf"
	"encoding/json"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// refsOf lists every resource address a resource mentions: in depends_on
// and in ${...} references, which Terraform also orders by.
var refPattern = regexp.MustCompile(`\b(aws_[a-z0-9_]+|random_password|time_sleep)\.([A-Za-z0-9_-]+)`)

func refsOf(r map[string]any) map[string]bool {
	out := map[string]bool{}
	raw, _ := json.Marshal(r)
	for _, m := range refPattern.FindAllStringSubmatch(string(raw), -1) {
		out[m[1]+"."+m[2]] = true
	}
	return out
}

// ancestors is every address a resource of the default lab waits for,
// directly or not.
func ancestors(t *testing.T, addr string) map[string]bool {
	t.Helper()
	return ancestorsIn(synthesized, addr)
}

// ancestorsIn is every address a resource of doc waits for.
func ancestorsIn(doc map[string]any, addr string) map[string]bool {
	all := doc["resource"].(map[string]any)
	seen := map[string]bool{}
	var visit func(a string)
	visit = func(a string) {
		typ, name, _ := strings.Cut(a, ".")
		byName, _ := all[typ].(map[string]any)
		r, ok := byName[name].(map[string]any)
		if !ok {
			return
		}
		for ref := range refsOf(r) {
			if !seen[ref] {
				seen[ref] = true
				visit(ref)
			}
		}
	}
	visit(addr)
	return seen
}

func addrOf(t *testing.T, typ string, pick func(map[string]any) bool) string {
	t.Helper()
	return addrIn(t, synthesized, typ, pick)
}

// addrIn is the address of the first resource of type typ in doc that pick
// accepts.
func addrIn(t *testing.T, doc map[string]any, typ string, pick func(map[string]any) bool) string {
	t.Helper()
	for name, r := range resourcesOf(doc, typ) {
		if pick(r) {
			return typ + "." + name
		}
	}
	t.Fatalf("no %s matches", typ)
	return ""
}

// gateAddr is the address of a host step's gate stack.
func gateAddr(t *testing.T, stackName string) string {
	t.Helper()
	return addrOf(t, "aws_cloudformation_stack", func(r map[string]any) bool { return r["name"] == stackName })
}

func TestTasksStartOnlyAfterTheSourceIsPreparedAndLoaded(t *testing.T) {
	prepare := gateAddr(t, "dmslab-prepare-source")
	workload := gateAddr(t, "dmslab-start-workload")
	oracle := addrOf(t, "aws_db_instance", func(map[string]any) bool { return true })
	secretVersion := addrOf(t, "aws_secretsmanager_secret_version", func(r map[string]any) bool { return strings.Contains(str(r["secret_id"]), "source-credentials") })
	object := addrOf(t, "aws_s3_object", func(map[string]any) bool { return true })
	hostToOracle := addrOf(t, "aws_vpc_security_group_ingress_rule", func(r map[string]any) bool {
		return r["from_port"] == 1521.0 && r["referenced_security_group_id"] != nil
	})

	before := ancestors(t, prepare)
	for _, need := range []string{oracle, secretVersion, object, hostToOracle} {
		if !before[need] {
			t.Errorf("the preparation does not wait for %s", need)
		}
	}
	for name, task := range resources(t, "aws_dms_replication_task") {
		if task["start_replication_task"] != true {
			t.Errorf("task %s is not started by Terraform", name)
		}
		if !ancestors(t, "aws_dms_replication_task."+name)[prepare] {
			t.Errorf("task %s can start before the source is prepared", name)
		}
	}
	// Nothing else can start a task: only the two tasks exist, and no
	// script, provisioner or other resource runs start-replication-task.
	raw, _ := json.Marshal(synthesized["resource"])
	if strings.Contains(string(raw), "start-replication-task") || strings.Contains(string(raw), "provisioner") {
		t.Error("something besides Terraform's task resources starts a task")
	}
	afterTasks := ancestors(t, workload)
	for name := range resources(t, "aws_dms_replication_task") {
		if !afterTasks["aws_dms_replication_task."+name] {
			t.Errorf("the workload can start before task %s", name)
		}
	}
}

type documentContent struct {
	Parameters map[string]struct{ AllowedPattern string }
	MainSteps  []struct {
		Action string
		Inputs struct{ RunCommand []string }
	}
}

func documentNamed(t *testing.T, name string) documentContent {
	t.Helper()
	for _, d := range resources(t, "aws_ssm_document") {
		if d["name"] == name {
			var c documentContent
			if err := json.Unmarshal([]byte(str(d["content"])), &c); err != nil {
				t.Fatal(err)
			}
			return c
		}
	}
	t.Fatalf("no document %s", name)
	return documentContent{}
}

func TestTheHostRunsExactlyTheseCommandsWithNoSecret(t *testing.T) {
	for name, want := range map[string][]string{
		"dmslab-prepare-source": BootstrapCommands(DefaultHostPaths),
		"dmslab-start-workload": WorkloadCommands(DefaultHostPaths),
	} {
		doc := documentNamed(t, name)
		if len(doc.MainSteps) != 1 || doc.MainSteps[0].Action != "aws:runShellScript" {
			t.Fatalf("%s: steps %+v", name, doc.MainSteps)
		}
		got := doc.MainSteps[0].Inputs.RunCommand
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("%s runs:\n%s", name, strings.Join(got, "\n"))
		}
		for p, spec := range doc.Parameters {
			if !strings.HasPrefix(spec.AllowedPattern, "^") || !strings.HasSuffix(spec.AllowedPattern, "$") {
				t.Errorf("%s: parameter %s is not anchored by a pattern", name, p)
			}
		}
	}
	prep := strings.Join(BootstrapCommands(DefaultHostPaths), "\n")
	for _, step := range []string{"dgen prepare", "dgen init --if-missing", "dgen preload --rows"} {
		if !strings.Contains(prep, step) {
			t.Errorf("the preparation lacks %q", step)
		}
	}
	if i, j := strings.Index(prep, "dgen prepare"), strings.Index(prep, "dgen preload"); i > j {
		t.Error("preload runs before prepare")
	}
	work := strings.Join(WorkloadCommands(DefaultHostPaths), "\n")
	if !strings.Contains(work, "Restart=on-failure") || !strings.Contains(work, "systemctl restart dgen-run.service") {
		t.Errorf("the workload is not a restarting service:\n%s", work)
	}
	raw, _ := json.Marshal(map[string]any{"doc": resources(t, "aws_ssm_document"), "gates": resources(t, "aws_cloudformation_stack"), "instance": resources(t, "aws_instance")})
	for _, leak := range []string{"password", "PASSWORD", "random_password", "secret_string", "user_data"} {
		if strings.Contains(string(raw), leak) {
			t.Errorf("the host's documents, associations or instance mention %s", leak)
		}
	}
	for _, g := range resources(t, "aws_cloudformation_stack") {
		if p := at(t, g, "parameters", "SecretArn"); !strings.HasPrefix(str(p), "${aws_secretsmanager_secret.source-credentials") || !strings.HasSuffix(str(p), ".arn}") {
			t.Errorf("the host gets %v instead of the secret's ARN", p)
		}
	}
	if p := at(t, resources(t, "aws_cloudformation_stack")[strings.TrimPrefix(gateAddr(t, "dmslab-prepare-source"), "aws_cloudformation_stack.")], "parameters", "PreloadRows"); p != "10000" {
		t.Errorf("PreloadRows = %v, want the configured 10000", p)
	}
}

// The binary the asset ships is a static Linux executable for the host.
func TestTheAssetIsAStaticLinuxExecutableForTheHost(t *testing.T) {
	f, err := elf.Open(dgenBinary)
	if err != nil {
		t.Fatalf("%s is not an ELF executable: %v", dgenBinary, err)
	}
	defer f.Close()
	if f.Machine != elf.EM_X86_64 || f.Type != elf.ET_EXEC {
		t.Errorf("machine %v, type %v: want an x86-64 executable for t3.micro", f.Machine, f.Type)
	}
	for _, p := range f.Progs {
		if p.Type == elf.PT_INTERP || p.Type == elf.PT_DYNAMIC {
			t.Errorf("the binary is dynamically linked (%v)", p.Type)
		}
	}
	if libs, _ := f.ImportedLibraries(); len(libs) != 0 {
		t.Errorf("the binary needs %v", libs)
	}
	_, obj := one(t, "aws_s3_object")
	if !strings.HasPrefix(str(obj["source"]), "assets/") || !strings.Contains(str(obj["key"]), "dgen-linux-x86_64") {
		t.Errorf("object source %v, key %v", obj["source"], obj["key"])
	}
	if _, err := os.Stat(dgenBinary); err != nil {
		t.Fatal(err)
	}
}

// The host may read the lab's two secrets, the dgen object and the S3
// target's files (for dgen verify), and use Session Manager: nothing broader.
// grantsOf is everything a role may do, as sorted "action on resource"
// lines, across all its inline policies and managed attachments.
func grantsOf(t *testing.T, name string) []string {
	t.Helper()
	roleName := ""
	for id, r := range resources(t, "aws_iam_role") {
		if r["name"] == name {
			roleName = id
		}
	}
	if roleName == "" {
		t.Fatalf("no role %s", name)
	}
	var grants []string
	for _, p := range resources(t, "aws_iam_role_policy") {
		if !strings.Contains(str(p["role"]), "aws_iam_role."+roleName+".") {
			continue
		}
		var doc struct{ Statement []PolicyStatement }
		if err := json.Unmarshal([]byte(str(p["policy"])), &doc); err != nil {
			t.Fatal(err)
		}
		for _, st := range doc.Statement {
			if st.Effect != "Allow" {
				continue
			}
			for _, a := range st.Action {
				for _, r := range st.Resource {
					grants = append(grants, a+" on "+r)
				}
			}
		}
	}
	for _, a := range resources(t, "aws_iam_role_policy_attachment") {
		if strings.Contains(str(a["role"]), "aws_iam_role."+roleName+".") {
			grants = append(grants, "managed "+str(a["policy_arn"]))
		}
	}
	sort.Strings(grants)
	return grants
}

func TestTheHostsPermissionsAreExactlyThese(t *testing.T) {
	grants := grantsOf(t, "dmslab-generator")
	src := "${aws_secretsmanager_secret.source-credentials_secret_EE6F89B4.arn}"
	tgt := "${aws_secretsmanager_secret.target-credentials_secret_5F0D8219.arn}"
	want := []string{
		"managed arn:${data.aws_partition.partition.partition}:iam::aws:policy/AmazonSSMManagedInstanceCore",
		"s3:GetObject on ${" + addrOf(t, "aws_s3_bucket", func(r map[string]any) bool { return strings.Contains(str(r["bucket_prefix"]), "artifacts") }) +
			".arn}/${" + addrOf(t, "aws_s3_object", func(map[string]any) bool { return true }) + ".key}",
		// dgen verify --s3 runs on the host, the one place that reaches Oracle.
		"s3:GetObject on ${" + addrOf(t, "aws_s3_bucket", func(r map[string]any) bool { return strings.Contains(str(r["bucket_prefix"]), "target") }) + ".arn}/*",
		"s3:ListBucket on ${" + addrOf(t, "aws_s3_bucket", func(r map[string]any) bool { return strings.Contains(str(r["bucket_prefix"]), "target") }) + ".arn}",
		"secretsmanager:DescribeSecret on " + src, "secretsmanager:DescribeSecret on " + tgt,
		"secretsmanager:GetSecretValue on " + src, "secretsmanager:GetSecretValue on " + tgt,
	}
	sort.Strings(want)
	if strings.Join(grants, "\n") != strings.Join(want, "\n") {
		t.Errorf("the host may:\n%s\nwant:\n%s", strings.Join(grants, "\n"), strings.Join(want, "\n"))
	}
}
