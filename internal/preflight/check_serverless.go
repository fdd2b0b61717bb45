package preflight

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	dms "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice"
	dmstypes "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice/types"
)

// In DMS Serverless mode (lab.json dms.serverless) the lab has no
// replication instance to order: DMS sizes each replication itself within
// the configured bounds and bills the capacity units it uses by the hour.
// https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Serverless.html

// serverlessRole is the service-linked role DMS Serverless works through.
// DMS creates it the first time a serverless replication is created in the
// account, which takes iam:CreateServiceLinkedRole from whoever creates it;
// it trusts dms.amazonaws.com.
// https://docs.aws.amazon.com/dms/latest/userguide/slr-services-sl.html
const serverlessRole = "AWSServiceRoleForDMSServerless"

// labReplicationConfigs are the identifiers of the lab's two replication
// configurations in serverless mode (the same names as its two tasks).
func labReplicationConfigs(prefix string) []string {
	return []string{prefix + "-oracle-to-aurora", prefix + "-oracle-to-s3"}
}

// dmsServerless states the capacity the two replications may take; it
// asks AWS nothing, since there is nothing to order.
func (p *probe) dmsServerless(context.Context) Check {
	s := p.cfg.Lab.DMS.Serverless
	az := "single-AZ"
	if s.MultiAZ {
		az = "Multi-AZ (a standby in a second zone, billed as much again)"
	}
	return Check{
		ID: "dms-serverless", Title: "DMS Serverless capacity", Status: OK,
		Summary: fmt.Sprintf("two replications in %s, each %d to %d DCU (2 GB of memory each), %s; no instance class or engine version to order",
			p.cfg.TargetRegion, s.MinCapacityUnits, s.MaxCapacityUnits, az),
		Asked:  "nothing: lab.json dms.serverless sets the bounds, and DMS provisions within them when each replication starts",
		Answer: fmt.Sprintf("DMS bills the DCUs in use by the hour: from %d DCU-hours an hour at the minimum to %d at the maximum for both; see the estimate below", serverlessUnits(s.MinCapacityUnits, s.MultiAZ), serverlessUnits(s.MaxCapacityUnits, s.MultiAZ)),
	}
}

// serverlessUnits is the DCUs both replications hold at units each.
func serverlessUnits(units int, multiAZ bool) int {
	n := 2 * units
	if multiAZ {
		n *= 2
	}
	return n
}

// dmsServerlessRole looks for the service-linked role. Its absence blocks
// nothing: DMS creates it on first use, if the deployer may.
func (p *probe) dmsServerlessRole(ctx context.Context) Check {
	const id, title = "dms-serverless-role", "DMS Serverless service-linked role"
	asked := "IAM GetRole " + serverlessRole
	ok, err := p.roleExists(ctx, serverlessRole)
	if err != nil {
		return unchecked(id, title, asked, err, "iam:GetRole")
	}
	if ok {
		return Check{ID: id, Title: title, Status: OK, Asked: asked,
			Summary: serverlessRole + " exists: DMS Serverless can work in this account",
			Answer:  serverlessRole + " exists"}
	}
	return Check{ID: id, Title: title, Status: Warn, Asked: asked,
		Summary: serverlessRole + " does not exist yet: DMS creates it when the lab creates its first replication",
		Answer:  "NoSuchEntity: " + serverlessRole + " does not exist",
		Action: "deploy as an identity allowed iam:CreateServiceLinkedRole (for dms.amazonaws.com), " +
			"or have an administrator create the role once: aws iam create-service-linked-role --aws-service-name dms.amazonaws.com"}
}

// existingReplicationConfigs looks for the lab's replication
// configurations by identifier. It also compares the identifiers itself,
// in case DMS answers more than the filter asked for.
func (p *probe) existingReplicationConfigs(ctx context.Context) probeResult {
	ids := labReplicationConfigs(p.cfg.Lab.NamePrefix)
	pg := dms.NewDescribeReplicationConfigsPaginator(p.c.DMS, &dms.DescribeReplicationConfigsInput{
		Filters: []dmstypes.Filter{{Name: aws.String("replication-config-id"), Values: ids}},
	})
	var seen []string
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if code, _ := apiError(err); code == "ResourceNotFoundFault" {
			break
		}
		if err != nil {
			return probeResult{err: err}
		}
		for _, rc := range page.ReplicationConfigs {
			if id := aws.ToString(rc.ReplicationConfigIdentifier); slices.Contains(ids, id) {
				seen = append(seen, id)
			}
		}
	}
	if len(seen) == 0 {
		return probeResult{}
	}
	return probeResult{found: fmt.Sprintf("DMS Serverless replication configuration %s in %s", strings.Join(seen, " and "), p.cfg.TargetRegion)}
}
