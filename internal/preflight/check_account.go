package preflight

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	dms "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice"
	dmstypes "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice/types"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
)

// The account-wide roles DMS looks up by name.
var dmsRoleNames = []string{"dms-vpc-role", "dms-cloudwatch-logs-role"}

// roleExists asks IAM for a role: true or false, or an error when IAM
// did not say.
func (p *probe) roleExists(ctx context.Context, name string) (bool, error) {
	_, err := p.c.IAM.GetRole(ctx, &iam.GetRoleInput{RoleName: aws.String(name)})
	if err == nil {
		return true, nil
	}
	if code, _ := apiError(err); code == "NoSuchEntity" {
		return false, nil
	}
	return false, err
}

func (p *probe) dmsRoles(ctx context.Context) Check {
	const id, title = "dms-roles", "DMS account roles"
	mode := p.cfg.Lab.DMSServiceRoles
	asked := "IAM GetRole for " + strings.Join(dmsRoleNames, " and ")
	exists := map[string]bool{}
	var answers, present, missing []string
	for _, name := range dmsRoleNames {
		ok, err := p.roleExists(ctx, name)
		if err != nil {
			return unchecked(id, title, asked, err, "iam:GetRole")
		}
		exists[name] = ok
		if ok {
			present = append(present, name)
			answers = append(answers, name+" exists")
		} else {
			missing = append(missing, name)
			answers = append(answers, name+" does not exist")
		}
	}
	c := Check{ID: id, Title: title, Status: OK, Asked: asked, Answer: strings.Join(answers, "; ")}
	switch mode {
	case "always":
		if len(present) > 0 {
			c.Status = Fail
			verb, it := "exists", "it"
			if len(present) > 1 {
				verb, it = "exist", "them"
			}
			c.Summary = fmt.Sprintf(`dmsServiceRoles is "always" but %s already %s: creating %s fails with EntityAlreadyExists`, strings.Join(present, " and "), verb, it)
			c.Action = `set "dmsServiceRoles": "auto" in lab.json (the lab then creates only the missing roles and never deletes one it did not create)`
		} else {
			c.Summary = `dmsServiceRoles is "always": the lab creates both roles, and destroy deletes them`
		}
	case "never":
		switch {
		case exists["dms-vpc-role"] && exists["dms-cloudwatch-logs-role"]:
			c.Summary = `dmsServiceRoles is "never": both roles exist, the lab uses them`
		case !exists["dms-vpc-role"]:
			c.Status = Fail
			c.Summary = `dmsServiceRoles is "never" but dms-vpc-role does not exist: DMS cannot create its instance in the VPC`
			c.Action = `set "dmsServiceRoles": "auto" in lab.json, or create the role as the DMS User Guide describes (dms-vpc-role with AmazonDMSVPCManagementRole)`
		default:
			c.Status = Warn
			c.Summary = `dmsServiceRoles is "never" but dms-cloudwatch-logs-role does not exist: the tasks' logs will not reach CloudWatch`
			c.Action = `set "dmsServiceRoles": "auto" in lab.json, or create the role (dms-cloudwatch-logs-role with AmazonDMSCloudWatchLogsRole)`
		}
	default: // "auto"
		var parts []string
		if len(missing) > 0 {
			parts = append(parts, "creates "+strings.Join(missing, " and ")+" (destroy deletes only these)")
		}
		if len(present) > 0 {
			parts = append(parts, "keeps "+strings.Join(present, " and ")+" as they are")
		}
		c.Summary = fmt.Sprintf(`dmsServiceRoles is "%s": the lab %s`, mode, strings.Join(parts, " and "))
	}
	return c
}

func (p *probe) bucket(ctx context.Context) Check {
	const id, title = "bucket", "S3 bucket name"
	name, region := p.cfg.Bucket, p.cfg.TargetRegion
	if name == "" {
		return Check{ID: id, Title: title, Status: OK,
			Summary: fmt.Sprintf("no name given: the lab generates a unique one (%s-target-...)", p.cfg.Lab.NamePrefix),
			Asked:   "nothing (pass --bucket NAME to check the target_s3_bucket_name you will deploy with)",
			Answer:  "-"}
	}
	asked := fmt.Sprintf("S3 HeadBucket %s in %s", name, region)
	_, err := p.c.S3.HeadBucket(ctx, &s3.HeadBucketInput{Bucket: aws.String(name)})
	status := 200
	if err != nil {
		status = httpStatus(err)
	}
	c := Check{ID: id, Title: title, Asked: asked}
	switch status {
	case 404:
		c.Status, c.Summary, c.Answer = OK, fmt.Sprintf("%s is free", name), "404 Not Found: no bucket has this name"
	case 403:
		c.Status, c.Summary, c.Answer = Fail, fmt.Sprintf("%s is taken by another account", name), "403 Forbidden: the bucket exists and is not yours"
		c.Action = "choose another target_s3_bucket_name (bucket names are global), or leave it empty for a generated one"
	case 200:
		c.Status, c.Summary, c.Answer = Fail, fmt.Sprintf("%s already exists in your account", name), "200 OK: the bucket exists and you may read it"
		c.Action = "the lab creates this bucket itself: choose another target_s3_bucket_name, leave it empty, or delete the bucket"
	case 301:
		c.Status, c.Summary, c.Answer = Fail, fmt.Sprintf("%s exists in another region", name), "301 Moved Permanently: the bucket exists outside "+region
		c.Action = "choose another target_s3_bucket_name, or leave it empty for a generated one"
	default:
		return unchecked(id, title, asked, err, "s3:ListBucket on that bucket name")
	}
	return c
}

// vpcQuota checks each region has room for the lab's VPCs: one in each,
// two when both regions are the same.
func (p *probe) vpcQuota(ctx context.Context) Check {
	const id, title = "vpc-quota", "VPCs per region"
	need := map[string]int{}
	need[p.cfg.SourceRegion]++
	need[p.cfg.TargetRegion]++
	regions := []string{p.cfg.SourceRegion}
	if p.cfg.TargetRegion != p.cfg.SourceRegion {
		regions = append(regions, p.cfg.TargetRegion)
	}
	type answer struct {
		text, summary, fallback string
		status                  Status
		err                     error
	}
	answers := make([]answer, len(regions))
	var wg sync.WaitGroup
	for i, region := range regions {
		wg.Go(func() {
			count, err := p.countVPCs(ctx, region)
			if err != nil {
				answers[i] = answer{err: err}
				return
			}
			quota, source := p.vpcLimit(ctx, region)
			a := answer{text: fmt.Sprintf("%s: %s, quota %g (%s)", region, plural(count, "VPC"), quota, source)}
			if strings.HasPrefix(source, "default") {
				a.fallback = region
			}
			room := int(quota) - count
			switch {
			case room < need[region]:
				a.status = Fail
				a.summary = fmt.Sprintf("%s has %d of %g VPCs: no room for the lab's %d", region, count, quota, need[region])
			default:
				a.status = OK
				a.summary = fmt.Sprintf("%s: %d of %g used", region, count, quota)
			}
			answers[i] = a
		})
	}
	wg.Wait()
	asked := "EC2 DescribeVpcs and Service Quotas GetServiceQuota vpc/L-F678F1CE (VPCs per Region) in " + strings.Join(regions, " and ")
	c := Check{ID: id, Title: title, Status: OK, Asked: asked}
	var texts, fails, oks, fallbacks []string
	for _, a := range answers {
		if a.err != nil {
			return unchecked(id, title, asked, a.err, "ec2:DescribeVpcs")
		}
		texts = append(texts, a.text)
		if a.status == Fail {
			c.Status = Fail
			fails = append(fails, a.summary)
		} else {
			oks = append(oks, a.summary)
		}
		if a.fallback != "" {
			fallbacks = append(fallbacks, a.fallback)
		}
	}
	c.Answer = strings.Join(texts, "; ")
	if c.Status == Fail {
		c.Summary = strings.Join(fails, "; ")
		c.Action = "delete an unused VPC there, or ask for a higher \"VPCs per Region\" quota (Service Quotas console, or aws service-quotas request-service-quota-increase --service-code vpc --quota-code L-F678F1CE)"
		return c
	}
	c.Summary = "room for the lab's VPC in each region (" + strings.Join(oks, "; ") + ")"
	if len(fallbacks) > 0 {
		c.Action = "the quota was read as the AWS default of 5 in " + strings.Join(fallbacks, " and ") + "; grant servicequotas:GetServiceQuota for the account's real value"
	}
	return c
}

func (p *probe) countVPCs(ctx context.Context, region string) (int, error) {
	n := 0
	pg := ec2.NewDescribeVpcsPaginator(p.c.EC2[region], &ec2.DescribeVpcsInput{})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return 0, err
		}
		n += len(page.Vpcs)
	}
	return n, nil
}

// vpcLimit is the account's VPCs-per-region quota, and where it came from.
// When Service Quotas will not say, it is the AWS default of 5.
func (p *probe) vpcLimit(ctx context.Context, region string) (float64, string) {
	in := &servicequotas.GetServiceQuotaInput{ServiceCode: aws.String("vpc"), QuotaCode: aws.String("L-F678F1CE")}
	out, err := p.c.Quotas[region].GetServiceQuota(ctx, in)
	if err == nil && out.Quota != nil && out.Quota.Value != nil {
		return *out.Quota.Value, "Service Quotas"
	}
	if code, _ := apiError(err); code == "NoSuchResourceException" {
		def, derr := p.c.Quotas[region].GetAWSDefaultServiceQuota(ctx, &servicequotas.GetAWSDefaultServiceQuotaInput{ServiceCode: in.ServiceCode, QuotaCode: in.QuotaCode})
		if derr == nil && def.Quota != nil && def.Quota.Value != nil {
			return *def.Quota.Value, "the AWS default, from Service Quotas"
		}
	}
	why := "no value"
	if err != nil {
		why = describe(err)
	}
	return 5, "default 5 assumed: GetServiceQuota said " + why
}

// existingLab looks for the lab's named resources: a lab with the same
// namePrefix would make the deploy fail on names already taken.
func (p *probe) existingLab(ctx context.Context) Check {
	const id, title = "existing-lab", "A lab with this namePrefix"
	prefix, src, dst := p.cfg.Lab.NamePrefix, p.cfg.SourceRegion, p.cfg.TargetRegion
	oracle, aurora, repl, role := prefix+"-oracle", prefix+"-aurora", prefix+"-dms", prefix+"-generator"
	asked := fmt.Sprintf("RDS DescribeDBInstances %s in %s, RDS DescribeDBClusters %s in %s, DMS DescribeReplicationInstances replication-instance-id=%s in %s, "+
		"DMS DescribeReplicationConfigs replication-config-id=%s in %s, IAM GetRole %s",
		oracle, src, aurora, dst, repl, dst, strings.Join(labReplicationConfigs(prefix), ","), dst, role)

	// The lab's DMS side is a replication instance or two serverless
	// replication configurations: either one means a lab of this name.
	results := make([]probeResult, 5)
	var wg sync.WaitGroup
	wg.Go(func() {
		_, err := p.c.RDS[src].DescribeDBInstances(ctx, &rds.DescribeDBInstancesInput{DBInstanceIdentifier: aws.String(oracle)})
		results[0] = found(err, "DBInstanceNotFound", fmt.Sprintf("RDS instance %s in %s", oracle, src))
	})
	wg.Go(func() {
		_, err := p.c.RDS[dst].DescribeDBClusters(ctx, &rds.DescribeDBClustersInput{DBClusterIdentifier: aws.String(aurora)})
		results[1] = found(err, "DBClusterNotFoundFault", fmt.Sprintf("Aurora cluster %s in %s", aurora, dst))
	})
	wg.Go(func() {
		out, err := p.c.DMS.DescribeReplicationInstances(ctx, &dms.DescribeReplicationInstancesInput{
			Filters: []dmstypes.Filter{{Name: aws.String("replication-instance-id"), Values: []string{repl}}},
		})
		if err == nil && len(out.ReplicationInstances) == 0 {
			return // DMS may answer an empty list instead of the fault
		}
		results[2] = found(err, "ResourceNotFoundFault", fmt.Sprintf("DMS replication instance %s in %s", repl, dst))
	})
	wg.Go(func() { results[3] = p.existingReplicationConfigs(ctx) })
	wg.Go(func() {
		ok, err := p.roleExists(ctx, role)
		switch {
		case err != nil:
			results[4] = probeResult{err: err}
		case ok:
			results[4] = probeResult{found: "IAM role " + role + " (IAM is global: a lab in other regions counts too)"}
		}
	})
	wg.Wait()

	var seen []string
	for _, r := range results {
		if r.err != nil {
			return unchecked(id, title, asked, r.err, "rds:DescribeDBInstances, rds:DescribeDBClusters, dms:DescribeReplicationInstances, dms:DescribeReplicationConfigs and iam:GetRole")
		}
		if r.found != "" {
			seen = append(seen, r.found)
		}
	}
	if len(seen) == 0 {
		return Check{ID: id, Title: title, Status: OK,
			Summary: fmt.Sprintf("no lab named %s in %s or %s", prefix, src, dst),
			Asked:   asked, Answer: "none of them exists"}
	}
	return Check{ID: id, Title: title, Status: Fail,
		Summary: fmt.Sprintf("a lab named %s exists; destroy it or change namePrefix", prefix),
		Asked:   asked,
		Answer:  "found " + strings.Join(seen, "; "),
		Action: fmt.Sprintf("run `npx cdktf destroy` where that lab was deployed, or set another \"namePrefix\" in lab.json; " +
			"if this is the lab of this directory's Terraform state (a deploy to finish or update), go on: Terraform already owns them"),
	}
}

// probeResult is what one look for a lab resource found.
type probeResult struct {
	found string
	err   error
}

// found reads a describe call's answer: the thing exists (no error), does
// not (the not-found code), or the call failed.
func found(err error, notFound, what string) (r probeResult) {
	switch code, _ := apiError(err); {
	case err == nil:
		r.found = what
	case code == notFound:
	default:
		r.err = err
	}
	return r
}
