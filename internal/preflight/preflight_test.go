package preflight_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"

	"github.com/dmslab/dmslab/internal/preflight"
	"github.com/dmslab/dmslab/internal/preflight/fakeaws"
	"github.com/dmslab/dmslab/settings"
)

// today is after DMS 3.5.4's creation cut-off in the fake account.
var today = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// clients aims every SDK client at the fake, with fake static credentials
// and no retries, so a wrong answer shows at once.
func clients(url, source, target string) *preflight.Clients {
	cfg := aws.Config{
		Region:       target,
		BaseEndpoint: aws.String(url),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "AKIAIOSFODNN7EXAMPLE", SecretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", Source: "test"}, nil
		}),
		Retryer: func() aws.Retryer { return aws.NopRetryer{} },
	}
	return preflight.NewClients(cfg, source, target)
}

// run runs the preflight for lab against account.
func run(t *testing.T, account *fakeaws.Account, lab *settings.Config, bucket string) (*preflight.Report, *fakeaws.Server) {
	t.Helper()
	srv := fakeaws.Start(t, account)
	r, err := preflight.Run(context.Background(), preflight.Config{
		Lab: lab, ConfigFile: "lab.json", SourceRegion: lab.SourceRegion, TargetRegion: lab.TargetRegion,
		Bucket: bucket, Now: func() time.Time { return today },
	}, clients(srv.URL, lab.SourceRegion, lab.TargetRegion))
	if err != nil {
		t.Fatalf("preflight: %v", err)
	}
	var out strings.Builder
	preflight.PrintText(&out, r)
	t.Logf("report:\n%s", out.String())
	return r, srv
}

func check(t *testing.T, r *preflight.Report, id string) preflight.Check {
	t.Helper()
	for _, c := range r.Checks {
		if c.ID == id {
			return c
		}
	}
	t.Fatalf("no check %s in %+v", id, r.Checks)
	return preflight.Check{}
}

// expect asserts a check's status and that its lines say each of want.
func expect(t *testing.T, r *preflight.Report, id string, status preflight.Status, want ...string) {
	t.Helper()
	c := check(t, r, id)
	if c.Status != status {
		t.Errorf("%s: status %s, want %s: %+v", id, c.Status, status, c)
	}
	all := c.Summary + "\n" + c.Asked + "\n" + c.Answer + "\n" + c.Action
	for _, w := range want {
		if !strings.Contains(all, w) {
			t.Errorf("%s: lacks %q:\n%s", id, w, all)
		}
	}
}

func TestCleanAccount(t *testing.T) {
	r, srv := run(t, fakeaws.Clean(), settings.DefaultConfig(), "my-free-bucket")
	if r.Blockers != 0 || r.Warnings != 0 {
		t.Errorf("blockers %d, warnings %d", r.Blockers, r.Warnings)
	}
	if r.Account != "123456789012" || r.Identity != "arn:aws:iam::123456789012:user/alice" {
		t.Errorf("identity: %s %s", r.Account, r.Identity)
	}
	expect(t, r, "credentials", preflight.OK, "arn:aws:iam::123456789012:user/alice", "123456789012")
	expect(t, r, "dms-class", preflight.OK, "dms.t3.small is orderable in us-east-1", "3.5.4, 3.6.1", "50 GB included")
	expect(t, r, "dms-engine", preflight.OK, "not pinned: DMS will use its default, 3.6.1")
	// The major resolves to the newest release of that major.
	expect(t, r, "oracle", preflight.OK, "oracle-se2 license-included 19.0.0.0.ru-2025-07.rur-2025-07.r1 on db.t3.small is orderable in us-west-2", "gp3")
	// Aurora's major resolves to its default release, as the lab does, and
	// never to the newer Limitless build listed beside the 16.x releases.
	expect(t, r, "aurora", preflight.OK, "aurora-postgresql 16.8 on db.t4g.medium is orderable in us-east-1", "16.8 (the default release of 16)")
	expect(t, r, "dms-roles", preflight.OK, `"auto": the lab creates dms-vpc-role and dms-cloudwatch-logs-role`)
	expect(t, r, "bucket", preflight.OK, "my-free-bucket is free", "404")
	expect(t, r, "vpc-quota", preflight.OK, "us-west-2: 1 VPC, quota 5 (Service Quotas)", "us-east-1: 2 VPCs, quota 5")
	expect(t, r, "existing-lab", preflight.OK, "no lab named dmslab")
	if len(r.Checks) != 9 || r.Checks[0].ID != "credentials" {
		t.Errorf("checks: %d, first %s", len(r.Checks), r.Checks[0].ID)
	}

	// What was asked, and where.
	reqs := strings.Join(srv.Requests(), "\n")
	for _, want := range []string{
		"us-east-1 sts GetCallerIdentity",
		"us-west-2 rds DescribeDBEngineVersions DBParameterGroupFamily=oracle-se2-19 Engine=oracle-se2",
		"us-east-1 rds DescribeDBEngineVersions DBParameterGroupFamily=aurora-postgresql16 DefaultOnly=true Engine=aurora-postgresql",
		"us-west-2 rds DescribeOrderableDBInstanceOptions DBInstanceClass=db.t3.small Engine=oracle-se2 EngineVersion=19.0.0.0.ru-2025-07.rur-2025-07.r1 LicenseModel=license-included",
		"us-east-1 rds DescribeOrderableDBInstanceOptions DBInstanceClass=db.t4g.medium Engine=aurora-postgresql EngineVersion=16.8",
		"us-east-1 dms DescribeOrderableReplicationInstances",
		"us-east-1 dms DescribeEngineVersions",
		`us-east-1 dms DescribeReplicationInstances {"Filters":[{"Name":"replication-instance-id","Values":["dmslab-dms"]}]}`,
		"us-east-1 iam GetRole RoleName=dms-vpc-role",
		"us-east-1 iam GetRole RoleName=dms-cloudwatch-logs-role",
		"us-east-1 iam GetRole RoleName=dmslab-generator",
		"us-east-1 s3 HEAD /my-free-bucket",
		"us-west-2 ec2 DescribeVpcs",
		"us-east-1 ec2 DescribeVpcs",
		`us-west-2 servicequotas GetServiceQuota {"QuotaCode":"L-F678F1CE","ServiceCode":"vpc"}`,
		"us-west-2 rds DescribeDBInstances DBInstanceIdentifier=dmslab-oracle",
		"us-east-1 rds DescribeDBClusters DBClusterIdentifier=dmslab-aurora",
	} {
		if !strings.Contains(reqs, want) {
			t.Errorf("no request %q among:\n%s", want, reqs)
		}
	}
	if r.Cost == nil || r.Cost.PerHour <= 0 {
		t.Errorf("cost: %+v", r.Cost)
	}
}

// blocked is an account where the default lab cannot deploy, for every
// reason the preflight knows.
func blocked() *fakeaws.Account {
	a := fakeaws.Clean()
	// DMS offers no dms.t3.small in the region.
	var offers []fakeaws.DMSOffer
	for _, o := range a.DMSOffers {
		if o.Class != "dms.t3.small" {
			offers = append(offers, o)
		}
	}
	a.DMSOffers = offers
	// Oracle SE2 license-included is not orderable on db.t3.small.
	for _, region := range []string{"us-west-2", "us-east-1"} {
		var opts []fakeaws.RDSOption
		for _, o := range a.RDSOptions[region] {
			if !(o.Engine == "oracle-se2" && o.Class == "db.t3.small") {
				opts = append(opts, o)
			}
		}
		a.RDSOptions[region] = opts
	}
	a.Roles = []string{"dms-vpc-role", "dms-cloudwatch-logs-role", "dmslab-generator"}
	a.Buckets["someone-elses-bucket"] = 403
	a.VPCs["us-east-1"] = 5
	a.RDSInstances = map[string][]string{"us-west-2": {"dmslab-oracle"}}
	a.DMSInstances = []string{"dmslab-dms"}
	return a
}

func TestBlockedAccount(t *testing.T) {
	lab := settings.DefaultConfig()
	lab.DMSServiceRoles = "always"
	r, _ := run(t, blocked(), lab, "someone-elses-bucket")
	if r.Blockers != 6 {
		t.Errorf("blockers: %d, want 6", r.Blockers)
	}
	expect(t, r, "dms-class", preflight.Fail, "dms.t3.small is not orderable in us-east-1", "dms.c5.large, dms.t3.medium, dms.t3.micro", "set dms.instanceClass")
	expect(t, r, "dms-engine", preflight.Warn, "not checked")
	expect(t, r, "oracle", preflight.Fail, "db.t3.small is not orderable for oracle-se2 license-included 19.0.0.0.ru-2025-07.rur-2025-07.r1 in us-west-2",
		"orderable on 2 classes: db.m5.large, db.t3.medium", "set oracle.instanceClass")
	expect(t, r, "aurora", preflight.OK)
	expect(t, r, "dms-roles", preflight.Fail, `"always" but dms-vpc-role and dms-cloudwatch-logs-role already exist`, "EntityAlreadyExists", `"dmsServiceRoles": "auto"`)
	expect(t, r, "bucket", preflight.Fail, "someone-elses-bucket is taken by another account", "403")
	expect(t, r, "vpc-quota", preflight.Fail, "us-east-1 has 5 of 5 VPCs: no room for the lab's 1", "L-F678F1CE")
	expect(t, r, "existing-lab", preflight.Fail, "a lab named dmslab exists; destroy it or change namePrefix",
		"RDS instance dmslab-oracle in us-west-2", "DMS replication instance dmslab-dms in us-east-1", "IAM role dmslab-generator")

	var out strings.Builder
	preflight.PrintText(&out, r)
	for _, want := range []string{
		"FAIL  DMS instance class: dms.t3.small is not orderable in us-east-1",
		"FAIL  Oracle source (RDS): db.t3.small is not orderable",
		"FAIL  DMS account roles:",
		"FAIL  S3 bucket name: someone-elses-bucket is taken by another account",
		"FAIL  VPCs per region: us-east-1 has 5 of 5 VPCs",
		"FAIL  A lab with this namePrefix: a lab named dmslab exists; destroy it or change namePrefix",
		"6 blockers, 1 warning: fix each FAIL",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text lacks %q", want)
		}
	}
}

func TestDMSEngineVersion(t *testing.T) {
	for _, tc := range []struct {
		pinned string
		status preflight.Status
		want   string
	}{
		{"3.6.1", preflight.OK, "pinned engine 3.6.1 is orderable for dms.t3.small"},
		{"3.5.4", preflight.Fail, "DMS takes no new instances on engine 3.5.4 since 2026-03-15"},
		{"3.4.7", preflight.Fail, "engine 3.4.7 is not orderable for dms.t3.small in us-east-1"},
	} {
		t.Run(tc.pinned, func(t *testing.T) {
			lab := settings.DefaultConfig()
			lab.DMS.EngineVersion = tc.pinned
			r, _ := run(t, fakeaws.Clean(), lab, "")
			expect(t, r, "dms-engine", tc.status, tc.want)
		})
	}
	// Close to the cut-off: still orderable, but say so.
	a := fakeaws.Clean()
	a.DMSEngines[0].Deprecation = today.Add(20 * 24 * time.Hour)
	lab := settings.DefaultConfig()
	lab.DMS.EngineVersion = "3.5.4"
	r, _ := run(t, a, lab, "")
	expect(t, r, "dms-engine", preflight.Warn, "DMS takes no new instances on it after 2026-12-18")
}

func TestDMSRoleModes(t *testing.T) {
	for _, tc := range []struct {
		mode   string
		roles  []string
		status preflight.Status
		want   string
	}{
		{"auto", []string{"dms-vpc-role"}, preflight.OK, "creates dms-cloudwatch-logs-role (destroy deletes only these) and keeps dms-vpc-role as they are"},
		{"auto", []string{"dms-vpc-role", "dms-cloudwatch-logs-role"}, preflight.OK, "keeps dms-vpc-role and dms-cloudwatch-logs-role"},
		{"always", nil, preflight.OK, "creates both roles"},
		{"always", []string{"dms-cloudwatch-logs-role"}, preflight.Fail, "dms-cloudwatch-logs-role already exists: creating it fails"},
		{"never", []string{"dms-vpc-role", "dms-cloudwatch-logs-role"}, preflight.OK, "both roles exist"},
		{"never", []string{"dms-vpc-role"}, preflight.Warn, "dms-cloudwatch-logs-role does not exist"},
		{"never", nil, preflight.Fail, "dms-vpc-role does not exist"},
	} {
		t.Run(tc.mode+"/"+strings.Join(tc.roles, "+"), func(t *testing.T) {
			a := fakeaws.Clean()
			a.Roles = tc.roles
			lab := settings.DefaultConfig()
			lab.DMSServiceRoles = tc.mode
			r, _ := run(t, a, lab, "")
			expect(t, r, "dms-roles", tc.status, tc.want)
		})
	}
}

func TestBucketYoursAlready(t *testing.T) {
	a := fakeaws.Clean()
	a.Buckets["mine"] = 200
	r, _ := run(t, a, settings.DefaultConfig(), "mine")
	expect(t, r, "bucket", preflight.Fail, "mine already exists in your account", "the lab creates this bucket itself")
	// No name: nothing asked.
	r, srv := run(t, fakeaws.Clean(), settings.DefaultConfig(), "")
	expect(t, r, "bucket", preflight.OK, "the lab generates a unique one (dmslab-target-...)")
	for _, req := range srv.Requests() {
		if strings.Contains(req, " s3 ") {
			t.Errorf("asked S3 without a name: %s", req)
		}
	}
}

func TestVPCQuotaFallbacks(t *testing.T) {
	// Denied: the AWS default of 5, said so.
	a := fakeaws.Clean()
	a.QuotaDenied = true
	r, _ := run(t, a, settings.DefaultConfig(), "")
	expect(t, r, "vpc-quota", preflight.OK, "default 5 assumed: GetServiceQuota said AccessDeniedException", "grant servicequotas:GetServiceQuota")
	a.VPCs["us-west-2"] = 5
	r, _ = run(t, a, settings.DefaultConfig(), "")
	expect(t, r, "vpc-quota", preflight.Fail, "us-west-2 has 5 of 5 VPCs")

	// No applied value: the default from Service Quotas.
	a = fakeaws.Clean()
	delete(a.VPCQuota, "us-east-1")
	r, srv := run(t, a, settings.DefaultConfig(), "")
	expect(t, r, "vpc-quota", preflight.OK, "us-east-1: 2 VPCs, quota 5 (the AWS default, from Service Quotas)")
	if !strings.Contains(strings.Join(srv.Requests(), "\n"), "us-east-1 servicequotas GetAWSDefaultServiceQuota") {
		t.Error("did not ask for the default quota")
	}

	// One region for both: two VPCs needed there.
	a = fakeaws.Clean()
	a.VPCs["us-east-1"] = 4
	lab := settings.DefaultConfig()
	lab.SourceRegion = "us-east-1"
	r, _ = run(t, a, lab, "")
	expect(t, r, "vpc-quota", preflight.Fail, "us-east-1 has 4 of 5 VPCs: no room for the lab's 2")
}

func TestDatabaseVersionsAndClasses(t *testing.T) {
	lab := settings.DefaultConfig()
	lab.Oracle.EngineVersion = "21"
	lab.Aurora.InstanceClass = "db.t3.micro"
	r, _ := run(t, fakeaws.Clean(), lab, "")
	expect(t, r, "oracle", preflight.Fail, "RDS offers no oracle-se2 version 21 in us-west-2", "set oracle.engineVersion")
	expect(t, r, "aurora", preflight.Fail, "db.t3.micro is not orderable for aurora-postgresql 16.8 in us-east-1", "db.r6g.large, db.t3.medium, db.t4g.medium")

	// An exact version is asked as such.
	lab = settings.DefaultConfig()
	lab.Aurora.EngineVersion = "16.6"
	lab.Oracle.EngineVersion = "19.0.0.0.ru-2024-01.rur-2024-01.r1"
	r, _ = run(t, fakeaws.Clean(), lab, "")
	expect(t, r, "aurora", preflight.OK, "aurora-postgresql 16.6 on db.t4g.medium")
	expect(t, r, "oracle", preflight.Fail, "RDS offers no oracle-se2 version 19.0.0.0.ru-2024-01.rur-2024-01.r1")

	// Orderable, but not with the gp3 storage the lab uses.
	a := fakeaws.Clean()
	var opts []fakeaws.RDSOption
	for _, o := range a.RDSOptions["us-west-2"] {
		if o.Storage != "gp3" {
			opts = append(opts, o)
		}
	}
	a.RDSOptions["us-west-2"] = opts
	r, _ = run(t, a, settings.DefaultConfig(), "")
	expect(t, r, "oracle", preflight.Fail, "not with gp3 storage")
}

func TestCredentials(t *testing.T) {
	// Refused by STS.
	a := fakeaws.Clean()
	a.RejectCredentials = true
	srv := fakeaws.Start(t, a)
	lab := settings.DefaultConfig()
	cfg := preflight.Config{Lab: lab, SourceRegion: "us-west-2", TargetRegion: "us-east-1"}
	_, err := preflight.Run(context.Background(), cfg, clients(srv.URL, "us-west-2", "us-east-1"))
	var ce *preflight.CredentialsError
	if !errors.As(err, &ce) || !strings.Contains(err.Error(), "AWS refused these credentials") || !strings.Contains(err.Error(), "InvalidClientTokenId") {
		t.Errorf("refused: %v", err)
	}
	if n := len(srv.Requests()); n != 1 {
		t.Errorf("%d requests after STS refused, want only that one", n)
	}

	// None at all: nothing is asked.
	srv = fakeaws.Start(t, fakeaws.Clean())
	c := clients(srv.URL, "us-west-2", "us-east-1")
	c.Credentials = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{}, errors.New("failed to refresh cached credentials, no EC2 IMDS role found")
	})
	_, err = preflight.Run(context.Background(), cfg, c)
	if !errors.As(err, &ce) || !strings.HasPrefix(err.Error(), "No AWS credentials found.") || !strings.Contains(err.Error(), "AWS_PROFILE") {
		t.Errorf("none: %v", err)
	}
	if n := len(srv.Requests()); n != 0 {
		t.Errorf("%d requests without credentials", n)
	}
}
