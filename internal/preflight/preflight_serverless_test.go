package preflight_test

import (
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/preflight"
	"github.com/dmslab/dmslab/internal/preflight/fakeaws"
	"github.com/dmslab/dmslab/settings"
)

func serverlessConfig() *settings.Config {
	lab := settings.DefaultConfig()
	lab.DMS.Serverless = &settings.DMSServerlessConfig{MinCapacityUnits: 1, MaxCapacityUnits: 4}
	return lab
}

// In serverless mode no instance offer is asked for; the capacity bounds
// are stated and the service-linked role looked for: absent, a warning
// that says DMS creates it and what the deployer needs.
func TestServerlessWithoutItsRole(t *testing.T) {
	a := fakeaws.Clean()
	a.DMSOffers = nil // nothing orderable: serverless does not care
	r, srv := run(t, a, serverlessConfig(), "")
	if r.Blockers != 0 || r.Warnings != 1 || len(r.Checks) != 9 {
		t.Errorf("blockers %d, warnings %d, %d checks", r.Blockers, r.Warnings, len(r.Checks))
	}
	expect(t, r, "dms-serverless", preflight.OK, "two replications in us-east-1, each 1 to 4 DCU", "single-AZ",
		"from 2 DCU-hours an hour at the minimum to 8 at the maximum")
	expect(t, r, "dms-serverless-role", preflight.Warn, "AWSServiceRoleForDMSServerless does not exist yet: DMS creates it",
		"IAM GetRole AWSServiceRoleForDMSServerless", "iam:CreateServiceLinkedRole", "aws iam create-service-linked-role --aws-service-name dms.amazonaws.com")
	expect(t, r, "existing-lab", preflight.OK, "no lab named dmslab", "DescribeReplicationConfigs replication-config-id=dmslab-oracle-to-aurora,dmslab-oracle-to-s3")
	for _, c := range r.Checks {
		if c.ID == "dms-class" || c.ID == "dms-engine" {
			t.Errorf("instance check in serverless mode: %+v", c)
		}
	}
	reqs := strings.Join(srv.Requests(), "\n")
	if strings.Contains(reqs, "DescribeOrderableReplicationInstances") || strings.Contains(reqs, "DescribeEngineVersions") {
		t.Errorf("asked for instance offers in serverless mode:\n%s", reqs)
	}
	for _, want := range []string{
		"us-east-1 iam GetRole RoleName=AWSServiceRoleForDMSServerless",
		`us-east-1 dms DescribeReplicationConfigs {"Filters":[{"Name":"replication-config-id","Values":["dmslab-oracle-to-aurora","dmslab-oracle-to-s3"]}]}`,
	} {
		if !strings.Contains(reqs, want) {
			t.Errorf("no request %q among:\n%s", want, reqs)
		}
	}
	// The estimate prices the two replications at both bounds, in place of the instance.
	var items []string
	for _, l := range r.Cost.Lines {
		items = append(items, l.Item)
	}
	all := strings.Join(items, "|")
	if !strings.Contains(all, "DMS Serverless, 2 replications at min capacity, 1 DCU each|DMS Serverless, 2 replications at max capacity, 4 DCU each") ||
		strings.Contains(all, "dms.t3.small") || strings.Contains(all, "DMS storage") || r.Cost.PerHourAtMax == nil {
		t.Errorf("cost lines: %s", all)
	}
	var out strings.Builder
	preflight.PrintText(&out, r)
	for _, want := range []string{
		"OK    DMS Serverless capacity: two replications in us-east-1, each 1 to 4 DCU",
		"WARN  DMS Serverless service-linked role: AWSServiceRoleForDMSServerless does not exist yet",
		"No blocker, 1 warning",
		"total at max capacity",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("text lacks %q", want)
		}
	}
}

func TestServerlessWithItsRoleAndMultiAZ(t *testing.T) {
	a := fakeaws.Clean()
	a.Roles = []string{"AWSServiceRoleForDMSServerless"}
	lab := serverlessConfig()
	lab.DMS.Serverless.MaxCapacityUnits, lab.DMS.Serverless.MultiAZ = 16, true
	r, _ := run(t, a, lab, "")
	if r.Blockers != 0 || r.Warnings != 0 {
		t.Errorf("blockers %d, warnings %d", r.Blockers, r.Warnings)
	}
	expect(t, r, "dms-serverless-role", preflight.OK, "AWSServiceRoleForDMSServerless exists")
	expect(t, r, "dms-serverless", preflight.OK, "each 1 to 16 DCU", "Multi-AZ", "from 4 DCU-hours an hour at the minimum to 64 at the maximum")
}

// A serverless lab of the same name is found by its replication
// configurations, whichever mode this deploy is in; another name's are not.
func TestExistingServerlessLab(t *testing.T) {
	a := fakeaws.Clean()
	a.DMSReplicationConfigs = []string{"dmslab-oracle-to-aurora", "dmslab-oracle-to-s3", "otherlab-oracle-to-s3"}
	for _, lab := range []*settings.Config{serverlessConfig(), settings.DefaultConfig()} {
		r, _ := run(t, a, lab, "")
		expect(t, r, "existing-lab", preflight.Fail, "a lab named dmslab exists",
			"found DMS Serverless replication configuration dmslab-oracle-to-aurora and dmslab-oracle-to-s3 in us-east-1")
	}
	a.DMSReplicationConfigs = []string{"otherlab-oracle-to-aurora"}
	r, _ := run(t, a, serverlessConfig(), "")
	expect(t, r, "existing-lab", preflight.OK, "no lab named dmslab")
}
