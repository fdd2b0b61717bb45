package settings

import (
	"net/netip"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var (
	namePrefixPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)
	regionPattern     = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$`)
	oracleNamePattern = regexp.MustCompile(`^[A-Z][A-Z0-9_$#]*$`)
	oracleSIDPattern  = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]{0,7}$`)
	pgNamePattern     = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,62}$`)
	dmsVersionPattern = regexp.MustCompile(`^3\.[5-9]\.[0-9]+$`)
	mixPattern        = regexp.MustCompile(`^(insert|update|delete)=[0-9]{1,4}(,(insert|update|delete)=[0-9]{1,4}){0,2}$`)
)

// Validate returns every problem in the configuration, task settings and
// table mappings included, or nil.
func (c *Config) Validate() error {
	var ps Problems
	if len(c.NamePrefix) < 2 || len(c.NamePrefix) > 20 || !namePrefixPattern.MatchString(c.NamePrefix) {
		// DMS and RDS identifiers allow letters, digits and single hyphens,
		// and the longest name built from the prefix must stay under 63.
		ps.add("namePrefix", c.NamePrefix, "2 to 20 lower-case letters, digits and single hyphens, starting with a letter")
	}
	for _, r := range []struct{ path, v string }{{"sourceRegion", c.SourceRegion}, {"targetRegion", c.TargetRegion}} {
		if !regionPattern.MatchString(r.v) {
			ps.add(r.path, r.v, "an AWS region name such as us-west-2")
		}
	}
	src := checkCIDR(&ps, "sourceVpcCidr", c.SourceVpcCidr)
	dst := checkCIDR(&ps, "targetVpcCidr", c.TargetVpcCidr)
	if src.IsValid() && dst.IsValid() && src.Overlaps(dst) {
		ps.add("targetVpcCidr", c.TargetVpcCidr, "a range that does not overlap sourceVpcCidr "+c.SourceVpcCidr+" (overlapping VPCs cannot be peered)")
	}

	o := c.Oracle
	if major, _, _ := strings.Cut(o.EngineVersion, "."); major != "19" && major != "21" {
		ps.add("oracle.engineVersion", o.EngineVersion, "19 or 21, or an exact 19.x / 21.x RDS version (RDS no longer creates 11g, 12c or 18c)")
	}
	checkPrefix(&ps, "oracle.instanceClass", o.InstanceClass, "db.")
	if o.AllocatedStorageGB < 20 || o.AllocatedStorageGB > 65536 {
		ps.add("oracle.allocatedStorageGb", o.AllocatedStorageGB, "20 to 65536 (GB, gp3)")
	}
	if o.MaxAllocatedStorageGB != 0 && o.MaxAllocatedStorageGB < o.AllocatedStorageGB {
		ps.add("oracle.maxAllocatedStorageGb", o.MaxAllocatedStorageGB, "0 (no autoscaling) or at least oracle.allocatedStorageGb ("+strconv.Itoa(o.AllocatedStorageGB)+")")
	}
	if o.BackupRetentionDays < 1 || o.BackupRetentionDays > 35 {
		ps.add("oracle.backupRetentionDays", o.BackupRetentionDays, "1 to 35 (at least 1: automated backups put Oracle in ARCHIVELOG mode, which CDC needs)")
	}
	if !oracleSIDPattern.MatchString(o.DatabaseName) {
		ps.add("oracle.databaseName", o.DatabaseName, "1 to 8 letters and digits, starting with a letter")
	}

	a := c.Aurora
	major, _, _ := strings.Cut(a.EngineVersion, ".")
	if n, err := strconv.Atoi(major); err != nil || n < 13 || n > 17 {
		ps.add("aurora.engineVersion", a.EngineVersion, "a major version from 13 to 17, or an exact version of one")
	}
	checkPrefix(&ps, "aurora.instanceClass", a.InstanceClass, "db.")
	if !pgNamePattern.MatchString(a.DatabaseName) {
		ps.add("aurora.databaseName", a.DatabaseName, "1 to 63 letters, digits and underscores, starting with a letter")
	}

	checkPrefix(&ps, "dms.instanceClass", c.DMS.InstanceClass, "dms.")
	if strings.HasPrefix(c.DMS.InstanceClass, "dms.t2.") {
		ps.add("dms.instanceClass", c.DMS.InstanceClass, "a current-generation class (dms.t3.*, dms.c5.*, dms.r5.* or newer); dms.t2 is previous generation")
	}
	if c.DMS.EngineVersion != "" && !dmsVersionPattern.MatchString(c.DMS.EngineVersion) {
		ps.add("dms.engineVersion", c.DMS.EngineVersion, `"" (DMS's current default) or an exact replication engine version of 3.5.0 or later, such as 3.6.1`)
	}
	switch c.DMSServiceRoles {
	case "auto", "always", "never":
	default:
		ps.add("dmsServiceRoles", c.DMSServiceRoles, `"auto" (create each missing role), "always" or "never"`)
	}
	if c.DMS.AllocatedStorageGB < 5 || c.DMS.AllocatedStorageGB > 6144 {
		ps.add("dms.allocatedStorageGb", c.DMS.AllocatedStorageGB, "5 to 6144 (GB)")
	}
	if c.GeneratorInstanceType == "" || strings.Count(c.GeneratorInstanceType, ".") != 1 {
		ps.add("generatorInstanceType", c.GeneratorInstanceType, "an EC2 instance type such as t3.micro")
	}
	w := c.Workload
	if w.PreloadRows < 1 || w.PreloadRows > 100_000_000 {
		ps.add("workload.preloadRows", w.PreloadRows, "1 to 100000000 rows per table")
	}
	if !(w.RunRate > 0 && w.RunRate <= 10000) {
		ps.add("workload.runRate", w.RunRate, "more than 0 and up to 10000 changes per second")
	}
	if d, err := time.ParseDuration(w.RunDuration); err != nil || d < 0 {
		ps.add("workload.runDuration", w.RunDuration, `a Go duration such as "90m" or "2h", or "0" for until stopped`)
	}
	if !mixPattern.MatchString(w.RunMix) {
		ps.add("workload.runMix", w.RunMix, `weights such as "insert=6,update=3,delete=1"`)
	}
	if c.SchemaName != "" && (len(c.SchemaName) > 30 || !oracleNamePattern.MatchString(c.SchemaName)) {
		ps.add("schemaName", c.SchemaName, `"" (the upper-cased source_db_username) or an upper-case Oracle name of up to 30 characters`)
	}

	for _, t := range []struct {
		path string
		task TaskConfig
	}{{"auroraTask", c.AuroraTask}, {"s3Task", c.S3Task}} {
		if t.task.Settings == nil {
			ps.add(t.path+".settings", nil, "a task settings object")
		} else if err := t.task.Settings.Validate(); err != nil {
			ps = append(ps, err.(Problems).Prefixed(t.path+".settings")...)
		}
		if t.task.TableMappings != nil {
			if err := t.task.TableMappings.Validate(); err != nil {
				ps = append(ps, err.(Problems).Prefixed(t.path+".tableMappings")...)
			}
		}
	}
	if s := c.S3Task.Settings; s != nil && s.TargetMetadata != nil && isTrue(s.TargetMetadata.BatchApplyEnabled) {
		ps.add("s3Task.settings.TargetMetadata.BatchApplyEnabled", true, "false: DMS does not support batch apply with an S3 target")
	}
	return ps.Err()
}

func checkCIDR(ps *Problems, path, v string) netip.Prefix {
	p, err := netip.ParsePrefix(v)
	if err != nil || !p.Addr().Is4() || p.Masked() != p || p.Bits() < 16 || p.Bits() > 22 {
		ps.add(path, v, "an IPv4 network from /16 to /22 written at its base address, such as 10.0.0.0/16 (the lab carves /24 subnets from it)")
		return netip.Prefix{}
	}
	return p
}

func checkPrefix(ps *Problems, path, v, prefix string) {
	if !strings.HasPrefix(v, prefix) || len(v) <= len(prefix) {
		ps.add(path, v, "an instance class starting with "+prefix)
	}
}
