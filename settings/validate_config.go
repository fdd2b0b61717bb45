package settings

import (
	"fmt"
	"net/netip"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/dmslab/dmslab/internal/workloadspec"
)

var (
	namePrefixPattern = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`) // single hyphens, not last
	regionPattern     = regexp.MustCompile(`^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-[0-9]$`)
	oracleSIDPattern  = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9]{0,7}$`)
	pgNamePattern     = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]{0,62}$`)
	dmsVersionPattern = regexp.MustCompile(`^3\.[5-9]\.[0-9]+$`)
	// RDS for Oracle versions: 19.0.0.0.ru-YYYY-MM.rur-YYYY-MM.rN, with a
	// spatial patch bundle (.spb-N) in some (RDS User Guide, "RDS for
	// Oracle releases", release update naming).
	oracleVersionPattern = regexp.MustCompile(`^19\.0\.0\.0\.ru-20[0-9]{2}-(0[1-9]|1[0-2])(\.spb-[0-9]+)?\.rur-20[0-9]{2}-(0[1-9]|1[0-2])\.r[0-9]{1,2}$`)
)

// Validate returns every problem in the configuration, task settings and
// table mappings included, or nil. Every rule is one AWS (or the lab's own
// SSM document, or dgen) enforces at deploy time; each is checked here so
// that synth refuses what AWS would refuse 30 minutes into a deploy.
func (c *Config) Validate() error {
	var ps Problems
	checkNamePrefix(&ps, c.NamePrefix)
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
	if o.EngineVersion != "19" && !oracleVersionPattern.MatchString(o.EngineVersion) {
		ps.add("oracle.engineVersion", o.EngineVersion, `19, or an exact RDS for Oracle 19c version such as 19.0.0.0.ru-2024-10.rur-2024-10.r1 (the lab builds the non-CDB engine oracle-se2, which RDS offers for 19c only: 21c runs only as a container database, and RDS no longer creates 11g, 12c or 18c)`)
	}
	checkOracleClass(&ps, "oracle.instanceClass", o.InstanceClass)
	if o.AllocatedStorageGB < 20 || o.AllocatedStorageGB > 65536 {
		ps.add("oracle.allocatedStorageGb", o.AllocatedStorageGB, "20 to 65536 (GB, gp3)")
	}
	if o.MaxAllocatedStorageGB != 0 && o.MaxAllocatedStorageGB < o.AllocatedStorageGB {
		ps.add("oracle.maxAllocatedStorageGb", o.MaxAllocatedStorageGB, "0 (no autoscaling) or at least oracle.allocatedStorageGb ("+strconv.Itoa(o.AllocatedStorageGB)+")")
	}
	if o.BackupRetentionDays < 1 || o.BackupRetentionDays > 35 {
		ps.add("oracle.backupRetentionDays", o.BackupRetentionDays, "1 to 35 (at least 1: automated backups put Oracle in ARCHIVELOG mode, which CDC needs)")
	}
	switch {
	case !oracleSIDPattern.MatchString(o.DatabaseName):
		ps.add("oracle.databaseName", o.DatabaseName, "1 to 8 letters and digits, starting with a letter")
	case isOracleReserved(o.DatabaseName):
		ps.add("oracle.databaseName", o.DatabaseName, "a name that is not an Oracle reserved word (RDS refuses "+strings.ToUpper(o.DatabaseName)+" as the DB name), such as DBSOURCE")
	}

	a := c.Aurora
	checkAuroraVersion(&ps, "aurora.engineVersion", a.EngineVersion)
	checkAuroraClass(&ps, "aurora.instanceClass", a.InstanceClass)
	switch {
	case !pgNamePattern.MatchString(a.DatabaseName):
		ps.add("aurora.databaseName", a.DatabaseName, "1 to 63 letters, digits and underscores, starting with a letter")
	case isPostgresReserved(a.DatabaseName):
		ps.add("aurora.databaseName", a.DatabaseName, "a name that is not a PostgreSQL reserved key word (RDS refuses "+strings.ToLower(a.DatabaseName)+"), such as DBTARGET")
	case slices.Contains(PostgresExistingDatabases, strings.ToLower(a.DatabaseName)):
		ps.add("aurora.databaseName", a.DatabaseName, "a name other than "+strings.Join(PostgresExistingDatabases, ", ")+", which every Aurora PostgreSQL cluster already has")
	}

	if sl := c.DMS.Serverless; sl != nil {
		checkServerless(&ps, *sl)
	}
	checkDMSClass(&ps, "dms.instanceClass", c.DMS.InstanceClass)
	if c.DMS.EngineVersion != "" && !dmsVersionPattern.MatchString(c.DMS.EngineVersion) {
		ps.add("dms.engineVersion", c.DMS.EngineVersion, `"" (DMS's current default) or an exact replication engine version of 3.5.0 or later, such as 3.6.1`)
	}
	if n := c.Monitoring.CDCLatencyAlarmSeconds; n < 10 || n > 86400 {
		ps.add("monitoring.cdcLatencyAlarmSeconds", n, "10 to 86400 seconds of CDC latency before the alarm")
	}
	switch c.DMSServiceRoles {
	case "auto", "always", "never":
	default:
		ps.add("dmsServiceRoles", c.DMSServiceRoles, `"auto" (create each missing role), "always" or "never"`)
	}
	if c.DMS.AllocatedStorageGB < 5 || c.DMS.AllocatedStorageGB > 6144 {
		ps.add("dms.allocatedStorageGb", c.DMS.AllocatedStorageGB, "5 to 6144 (GB)")
	}
	if _, err := InstanceArch(c.GeneratorInstanceType); err != nil {
		ps.add("generatorInstanceType", c.GeneratorInstanceType, "an EC2 instance type such as t3.micro (x86_64) or t4g.small (arm64); "+err.Error())
	}
	w := c.Workload
	if w.PreloadRows < 1 || w.PreloadRows > 100_000_000 {
		ps.add("workload.preloadRows", w.PreloadRows, "1 to 100000000 rows per table")
	}
	// The same code as dgen run's flags, no wider than the SSM patterns
	// the workload's values pass on their way to the host.
	if err := workloadspec.CheckRate(w.RunRate); err != nil {
		ps.add("workload.runRate", w.RunRate, workloadDetail(err))
	}
	if _, err := workloadspec.ParseDuration(w.RunDuration); err != nil {
		ps.add("workload.runDuration", w.RunDuration, workloadDetail(err))
	}
	if _, err := workloadspec.ParseMix(w.RunMix); err != nil {
		ps.add("workload.runMix", w.RunMix, workloadDetail(err))
	}
	if c.SchemaName != "" {
		// dgen creates and fills its tables in the schema of the user it
		// connects as, the master user source_db_username; with
		// schemaName "" the tasks replicate exactly that schema. The user
		// name is a deploy-time variable, so no other schema can be known
		// to hold the lab's tables at synth: any other name leaves the
		// Aurora task failing (FailOnNoTablesCaptured) and the S3 task empty.
		ps.add("schemaName", c.SchemaName, `"" only: the tasks then replicate upper(source_db_username), the master user's schema, where dgen creates and fills TABLE1, TABLE2 and TABLE3; any other schema holds none of the lab's tables, so the Aurora task would fail (FailOnNoTablesCaptured). To replicate a schema named `+strings.ToUpper(c.SchemaName)+`, deploy with source_db_username = "`+strings.ToLower(c.SchemaName)+`"`)
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
			} else if !t.task.TableMappings.SelectsAnyTable(DgenTables...) {
				ps.add(t.path+".tableMappings", "no include rule for "+strings.Join(DgenTables, ", "),
					"a mapping whose include rules select at least one of the tables dgen fills ("+strings.Join(DgenTables, ", ")+"), or none for the default (every table of the schema); a task that captures no table fails or stays empty")
			}
		}
	}
	if s := c.S3Task.Settings; s != nil && s.TargetMetadata != nil && isTrue(s.TargetMetadata.BatchApplyEnabled) {
		ps.add("s3Task.settings.TargetMetadata.BatchApplyEnabled", true, "false: DMS does not support batch apply with an S3 target")
	}
	return ps.Err()
}

// workloadDetail is what a workloadspec error says is allowed, with the
// reason.
func workloadDetail(err error) string {
	if e, ok := err.(*workloadspec.Error); ok {
		return e.Detail()
	}
	return err.Error()
}

// DgenTables are the tables dgen creates and changes in the master user's
// schema.
var DgenTables = []string{"TABLE1", "TABLE2", "TABLE3", "TYPES"}

// auroraFirstMinor is each Aurora PostgreSQL major's first release (Aurora
// PostgreSQL release notes). maxAuroraMinor bounds the minor: no Aurora
// PostgreSQL major has come near it (11 ended at 11.21), so a larger one is
// a typo, and the bound does not go stale the way a list of releases would.
var auroraFirstMinor = map[int]int{13: 3, 14: 3, 15: 2, 16: 1, 17: 4}

const maxAuroraMinor = 30

func checkAuroraVersion(ps *Problems, path, v string) {
	const allowed = "a major version from 13 to 17, or an exact version of one such as 16.4: MAJOR.MINOR, the minor from the major's first Aurora release (13.3, 14.3, 15.2, 16.1, 17.4) up to 30"
	majorText, minorText, exact := strings.Cut(v, ".")
	major, err := strconv.Atoi(majorText)
	first, known := auroraFirstMinor[major]
	if err != nil || !known || strconv.Itoa(major) != majorText {
		ps.add(path, v, allowed)
		return
	}
	if !exact {
		return
	}
	minor, err := strconv.Atoi(minorText)
	if err != nil || strconv.Itoa(minor) != minorText || minor < first || minor > maxAuroraMinor {
		ps.add(path, v, allowed)
	}
}

// reservedRanges are IPv4 ranges no VPC can use (VPC User Guide, "VPC CIDR
// blocks": RFC 1918 or publicly routable ranges, but not these).
var reservedRanges = []struct {
	prefix netip.Prefix
	what   string
}{
	{netip.MustParsePrefix("0.0.0.0/8"), `0.0.0.0/8 ("this network")`},
	{netip.MustParsePrefix("127.0.0.0/8"), "127.0.0.0/8 (loopback)"},
	{netip.MustParsePrefix("169.254.0.0/16"), "169.254.0.0/16 (link-local)"},
	{netip.MustParsePrefix("224.0.0.0/4"), "224.0.0.0/4 (multicast)"},
	{netip.MustParsePrefix("240.0.0.0/4"), "240.0.0.0/4 (reserved, broadcast)"},
}

// checkCIDR: AWS takes VPC ranges from /16 to /28; the lab carves the /24
// subnets 1 and 2 from each VPC, which needs /22 or larger.
func checkCIDR(ps *Problems, path, v string) netip.Prefix {
	p, err := netip.ParsePrefix(v)
	if err != nil || !p.Addr().Is4() || p.Masked() != p || p.Bits() < 16 || p.Bits() > 22 {
		ps.add(path, v, "an IPv4 network from /16 to /22 written at its base address, such as 10.0.0.0/16 (AWS takes /16 to /28; the lab carves two /24 subnets, the second and third of the range, from it)")
		return netip.Prefix{}
	}
	for _, r := range reservedRanges {
		if r.prefix.Overlaps(p) {
			ps.add(path, v, "a private (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) or other routable range; a VPC cannot use "+r.what)
			return netip.Prefix{}
		}
	}
	return p
}

// checkServerless applies DMS's ComputeConfig rules: both bounds from the
// DCU list, the minimum not above the maximum.
func checkServerless(ps *Problems, sl DMSServerlessConfig) {
	units := make([]string, len(ServerlessCapacityUnits))
	for i, u := range ServerlessCapacityUnits {
		units[i] = strconv.Itoa(u)
	}
	allowed := "one of " + strings.Join(units, ", ") + " DMS capacity units"
	minOK := slices.Contains(ServerlessCapacityUnits, sl.MinCapacityUnits)
	maxOK := slices.Contains(ServerlessCapacityUnits, sl.MaxCapacityUnits)
	if !minOK {
		ps.add("dms.serverless.minCapacityUnits", sl.MinCapacityUnits, allowed)
	}
	if !maxOK {
		ps.add("dms.serverless.maxCapacityUnits", sl.MaxCapacityUnits, allowed)
	}
	if minOK && maxOK && sl.MinCapacityUnits > sl.MaxCapacityUnits {
		ps.add("dms.serverless.minCapacityUnits", sl.MinCapacityUnits, fmt.Sprintf("at most dms.serverless.maxCapacityUnits (%d)", sl.MaxCapacityUnits))
	}
}
