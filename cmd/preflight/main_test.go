package main

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/preflight"
	"github.com/dmslab/dmslab/internal/preflight/fakeaws"
	"github.com/dmslab/dmslab/settings"
)

// unset removes an environment variable for the test, restoring it after.
func unset(t *testing.T, key string) {
	t.Setenv(key, "")
	os.Unsetenv(key)
}

// isolate leaves the command only what the test gives it: no shared AWS
// files, no profile, no instance metadata, no lab.json of the developer.
func isolate(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("AWS_CONFIG_FILE", filepath.Join(dir, "config"))
	t.Setenv("AWS_SHARED_CREDENTIALS_FILE", filepath.Join(dir, "credentials"))
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
	for _, k := range []string{"AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID",
		"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_CONTAINER_CREDENTIALS_FULL_URI",
		"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "AWS_WEB_IDENTITY_TOKEN_FILE", "AWS_ROLE_ARN"} {
		unset(t, k)
	}
	t.Setenv(settings.ConfigFileEnv, filepath.Join(dir, "lab.json"))
	unset(t, settings.ConfigFileEnv)
	t.Chdir(dir) // lab.json, when a test writes one, is read from here
}

// account points the command at a fake account with fake credentials.
func account(t *testing.T, a *fakeaws.Account) *fakeaws.Server {
	isolate(t)
	srv := fakeaws.Start(t, a)
	t.Setenv("AWS_ENDPOINT_URL", srv.URL)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIAIOSFODNN7EXAMPLE")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
	return srv
}

func runCmd(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errOut strings.Builder
	code := run(context.Background(), args, &out, &errOut)
	t.Logf("preflight %s: exit %d\nstdout:\n%s\nstderr:\n%s", strings.Join(args, " "), code, out.String(), errOut.String())
	return code, out.String(), errOut.String()
}

func mustContain(t *testing.T, what, text string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(text, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// noTrace fails on anything that looks like a Go stack trace or the SDK
// talking for itself.
func noTrace(t *testing.T, text string) {
	t.Helper()
	for _, bad := range []string{"goroutine ", "panic:", ".go:", "SDK ", "WARN "} {
		if strings.Contains(text, bad) {
			t.Errorf("output has %q:\n%s", bad, text)
		}
	}
}

func TestCleanAccountExitsZero(t *testing.T) {
	account(t, fakeaws.Clean())
	code, out, errOut := runCmd(t, "--bucket", "my-free-bucket")
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	mustContain(t, "stdout", out,
		`Preflight of lab "dmslab" (lab.json, absent: the defaults): source us-west-2, target us-east-1, account 123456789012`,
		"OK    Credentials: deploying as arn:aws:iam::123456789012:user/alice in account 123456789012",
		"OK    DMS instance class: dms.t3.small is orderable in us-east-1",
		"OK    DMS engine version: not pinned: DMS will use its default, 3.6.1",
		"OK    Oracle source (RDS): oracle-se2 license-included 19.0.0.0.ru-2025-07.rur-2025-07.r1 on db.t3.small is orderable in us-west-2",
		"OK    Aurora PostgreSQL target: aurora-postgresql 16.8 on db.t4g.medium is orderable in us-east-1",
		`OK    DMS account roles: dmsServiceRoles is "auto": the lab creates dms-vpc-role and dms-cloudwatch-logs-role`,
		"OK    S3 bucket name: my-free-bucket is free",
		"OK    VPCs per region: room for the lab's VPC in each region",
		"OK    A lab with this namePrefix: no lab named dmslab in us-west-2 or us-east-1",
		"No blocker: `npx cdktf deploy` can go ahead.",
		"Cost ESTIMATE", "total", "per day",
	)
	if strings.Contains(out, "FAIL") || strings.Contains(out, "WARN") {
		t.Error("a FAIL or WARN line on the clean account")
	}

	// The same as JSON.
	code, out, _ = runCmd(t, "--json", "--bucket", "my-free-bucket")
	var r preflight.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != exitOK {
		t.Fatalf("exit %d, JSON: %v", code, err)
	}
	if len(r.Checks) != 9 || r.Blockers != 0 || r.Account != "123456789012" || r.Cost == nil || !r.Cost.Estimate || r.Cost.PerHour <= 0 {
		t.Errorf("JSON report: %+v", r)
	}
	for _, c := range r.Checks {
		if c.Status != preflight.OK || c.Asked == "" || c.Answer == "" {
			t.Errorf("JSON check: %+v", c)
		}
	}
}

func TestBlockedAccountExitsOne(t *testing.T) {
	a := fakeaws.Clean()
	var offers []fakeaws.DMSOffer
	for _, o := range a.DMSOffers {
		if o.Class != "dms.t3.small" {
			offers = append(offers, o)
		}
	}
	a.DMSOffers = offers
	var opts []fakeaws.RDSOption
	for _, o := range a.RDSOptions["us-west-2"] {
		if !(o.Engine == "oracle-se2" && o.Class == "db.t3.small") {
			opts = append(opts, o)
		}
	}
	a.RDSOptions["us-west-2"] = opts
	a.Roles = []string{"dms-vpc-role", "dms-cloudwatch-logs-role"}
	a.Buckets["taken-bucket"] = 403
	a.VPCs["us-east-1"] = 5
	a.RDSClusters = map[string][]string{"us-east-1": {"dmslab-aurora"}}
	account(t, a)
	if err := os.WriteFile("lab.json", []byte(`{"dmsServiceRoles": "always"}`), 0o644); err != nil {
		t.Fatal(err)
	}

	code, out, errOut := runCmd(t, "--bucket", "taken-bucket")
	if code != exitBlocker || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	mustContain(t, "stdout", out,
		`Preflight of lab "dmslab" (lab.json)`,
		"FAIL  DMS instance class: dms.t3.small is not orderable in us-east-1",
		"FAIL  Oracle source (RDS): db.t3.small is not orderable for oracle-se2 license-included",
		`FAIL  DMS account roles: dmsServiceRoles is "always" but dms-vpc-role and dms-cloudwatch-logs-role already exist`,
		"FAIL  S3 bucket name: taken-bucket is taken by another account",
		"FAIL  VPCs per region: us-east-1 has 5 of 5 VPCs: no room for the lab's 1",
		"FAIL  A lab with this namePrefix: a lab named dmslab exists; destroy it or change namePrefix",
		"AWS:   found Aurora cluster dmslab-aurora in us-east-1",
		"6 blockers, 1 warning",
	)

	code, out, _ = runCmd(t, "--json", "--bucket", "taken-bucket")
	var r preflight.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != exitBlocker || r.Blockers != 6 {
		t.Fatalf("exit %d, %v, blockers %d", code, err, r.Blockers)
	}
}

func TestRegionFlagsOverrideTheConfig(t *testing.T) {
	a := fakeaws.Clean()
	a.RDSVersions["eu-west-1"] = a.RDSVersions["us-west-2"]
	a.RDSOptions["eu-west-1"] = a.RDSOptions["us-west-2"]
	a.VPCs["eu-west-1"] = 1
	a.VPCQuota["eu-west-1"] = 5
	srv := account(t, a)
	code, out, _ := runCmd(t, "--source-region", "eu-west-1")
	if code != exitOK {
		t.Fatalf("exit %d", code)
	}
	mustContain(t, "stdout", out, "source eu-west-1, target us-east-1", "orderable in eu-west-1", "no price in table")
	mustContain(t, "requests", strings.Join(srv.Requests(), "\n"), "eu-west-1 rds DescribeOrderableDBInstanceOptions", "eu-west-1 ec2 DescribeVpcs")
}

func TestBadInputExitsTwo(t *testing.T) {
	account(t, fakeaws.Clean())
	for _, tc := range []struct {
		name, lab string
		args      []string
		want      string
	}{
		{"unknown flag", "", []string{"--regoin", "us-east-1"}, "flag provided but not defined: -regoin"},
		{"argument", "", []string{"deploy"}, `unexpected argument "deploy"`},
		{"bad region", "", []string{"--target-region", "virginia"}, `--target-region "virginia" is not an AWS region name`},
		{"bad bucket", "", []string{"--bucket", "My_Bucket"}, `--bucket "My_Bucket" is not a bucket name`},
		{"lab.json not JSON", `{"namePrefix": `, nil, "lab configuration lab.json:\nnot valid JSON"},
		{"lab.json wrong", `{"dmsServiceRoles": "sometimes", "colour": "blue"}`, nil, "dmsServiceRoles"},
		{"missing profile", "", []string{"--profile", "nosuchprofile"}, "cannot read the AWS configuration"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			os.Remove("lab.json")
			if tc.lab != "" {
				if err := os.WriteFile("lab.json", []byte(tc.lab), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			code, out, errOut := runCmd(t, tc.args...)
			if code != exitBadInput || out != "" {
				t.Errorf("exit %d, stdout %q", code, out)
			}
			mustContain(t, "stderr", errOut, tc.want)
			noTrace(t, errOut)
		})
	}
	os.Remove("lab.json")

	// DMSLAB_CONFIG names a file that must exist, as for synth.
	t.Setenv(settings.ConfigFileEnv, "nowhere.json")
	code, _, errOut := runCmd(t)
	if code != exitBadInput || !strings.Contains(errOut, "nowhere.json") {
		t.Errorf("DMSLAB_CONFIG absent: exit %d, %q", code, errOut)
	}
}

func TestNoCredentialsExitsTwo(t *testing.T) {
	isolate(t)
	srv := fakeaws.Start(t, fakeaws.Clean())
	t.Setenv("AWS_ENDPOINT_URL", srv.URL)
	code, out, errOut := runCmd(t)
	if code != exitBadInput || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	mustContain(t, "stderr", errOut, "preflight: No AWS credentials found.", "AWS_PROFILE", "aws configure", "AWS_ACCESS_KEY_ID")
	noTrace(t, errOut)
	if lines := strings.Count(strings.TrimSpace(errOut), "\n"); lines != 0 {
		t.Errorf("stderr has %d lines, want one: the reason and how to give credentials", lines+1)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests without credentials", n)
	}

	// Credentials AWS refuses.
	a := fakeaws.Clean()
	a.RejectCredentials = true
	account(t, a)
	code, _, errOut = runCmd(t)
	if code != exitBadInput {
		t.Fatalf("refused: exit %d", code)
	}
	mustContain(t, "stderr", errOut, "AWS refused these credentials (STS GetCallerIdentity: InvalidClientTokenId", "AWS_PROFILE")
	noTrace(t, errOut)
}

func TestHelp(t *testing.T) {
	isolate(t)
	code, _, errOut := runCmd(t, "-h")
	if code != exitOK {
		t.Errorf("exit %d", code)
	}
	mustContain(t, "usage", errOut, "go run ./cmd/preflight", "-source-region", "-target-region", "-bucket", "-profile", "-json", "Exit status")
}

// A lab.json with dms.serverless: the serverless lines instead of the
// instance's, the missing service-linked role as a warning (exit 0), and
// a lab of the same name found by its replication configurations (exit 1).
func TestServerlessLab(t *testing.T) {
	a := fakeaws.Clean()
	account(t, a)
	if err := os.WriteFile("lab.json", []byte(`{"dms": {"serverless": {"maxCapacityUnits": 8}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t)
	if code != exitOK || errOut != "" {
		t.Fatalf("exit %d, stderr %q", code, errOut)
	}
	mustContain(t, "stdout", out,
		"OK    DMS Serverless capacity: two replications in us-east-1, each 1 to 8 DCU",
		"WARN  DMS Serverless service-linked role: AWSServiceRoleForDMSServerless does not exist yet",
		"do:    deploy as an identity allowed iam:CreateServiceLinkedRole",
		"No blocker, 1 warning",
		"DMS Serverless, 2 replications at max capacity, 8 DCU each", "total at max capacity",
	)
	if strings.Contains(out, "DMS instance class") || strings.Contains(out, "dms.t3.small") {
		t.Errorf("instance lines in serverless mode:\n%s", out)
	}

	a = fakeaws.Clean()
	a.Roles = []string{"AWSServiceRoleForDMSServerless"}
	a.DMSReplicationConfigs = []string{"dmslab-oracle-to-s3"}
	account(t, a)
	if err := os.WriteFile("lab.json", []byte(`{"dms": {"serverless": {}}}`), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, _ = runCmd(t, "--json")
	var r preflight.Report
	if err := json.Unmarshal([]byte(out), &r); err != nil || code != exitBlocker || r.Blockers != 1 || r.Warnings != 0 {
		t.Fatalf("exit %d, %v, %d blockers, %d warnings", code, err, r.Blockers, r.Warnings)
	}
	if r.Cost.PerHourAtMax == nil || !strings.Contains(out, `"usd_per_hour_at_max_capacity"`) || !strings.Contains(out, `"bound": "max"`) {
		t.Errorf("JSON cost lacks the max-capacity total:\n%s", out)
	}
}
