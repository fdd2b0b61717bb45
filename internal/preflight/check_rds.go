package preflight

import (
	"context"
	"fmt"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	rdstypes "github.com/aws/aws-sdk-go-v2/service/rds/types"
)

// rdsEngine is what one database of the lab asks RDS for.
type rdsEngine struct {
	id, title string
	region    string
	engine    string
	// family of the major version, "oracle-se2-" or "aurora-postgresql":
	// resolving a major looks only at that parameter group family, which
	// leaves out builds such as Aurora Limitless listed beside the rest.
	familyPrefix string
	// defaultOnly resolves a major to its default release rather than its
	// newest, as the lab does for Aurora (RDS never makes a special build
	// the default).
	defaultOnly bool
	license     string // "" for any
	storage     string // "" for any
	version     string // a major ("19") or an exact version
	class       string
	// keys in lab.json, for the advice.
	versionKey, classKey string
}

func (p *probe) oracle(ctx context.Context) Check {
	o := p.cfg.Lab.Oracle
	return p.rdsCheck(ctx, rdsEngine{
		id: "oracle", title: "Oracle source (RDS)", region: p.cfg.SourceRegion,
		engine: "oracle-se2", familyPrefix: "oracle-se2-", license: "license-included", storage: "gp3",
		version: o.EngineVersion, class: o.InstanceClass,
		versionKey: "oracle.engineVersion", classKey: "oracle.instanceClass",
	})
}

func (p *probe) aurora(ctx context.Context) Check {
	a := p.cfg.Lab.Aurora
	return p.rdsCheck(ctx, rdsEngine{
		id: "aurora", title: "Aurora PostgreSQL target", region: p.cfg.TargetRegion,
		engine: "aurora-postgresql", familyPrefix: "aurora-postgresql", defaultOnly: true,
		version: a.EngineVersion, class: a.InstanceClass,
		versionKey: "aurora.engineVersion", classKey: "aurora.instanceClass",
	})
}

func (p *probe) rdsCheck(ctx context.Context, e rdsEngine) Check {
	client := p.c.RDS[e.region]
	what := e.engine
	if e.license != "" {
		what += " " + e.license
	}
	asked := fmt.Sprintf("RDS DescribeDBEngineVersions and DescribeOrderableDBInstanceOptions in %s, for %s %s on %s", e.region, what, e.version, e.class)

	// The version, resolved as the lab does at deploy time: a major is
	// the newest release of that major, or its default release.
	exact := strings.Contains(e.version, ".")
	in := &rds.DescribeDBEngineVersionsInput{Engine: aws.String(e.engine)}
	if exact {
		in.EngineVersion = aws.String(e.version)
	} else {
		in.DBParameterGroupFamily = aws.String(e.familyPrefix + e.version)
		if e.defaultOnly {
			in.DefaultOnly = aws.Bool(true)
		}
	}
	var versions []string
	pg := rds.NewDescribeDBEngineVersionsPaginator(client, in)
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return unchecked(e.id, e.title, asked, err, "rds:DescribeDBEngineVersions")
		}
		for _, v := range page.DBEngineVersions {
			ver := aws.ToString(v.EngineVersion)
			if exact && ver != e.version || !exact && !strings.HasPrefix(ver, e.version+".") || strings.Contains(ver, "limitless") {
				continue
			}
			versions = append(versions, ver)
		}
	}
	sortVersions(versions)
	if len(versions) == 0 {
		return Check{
			ID: e.id, Title: e.title, Status: Fail,
			Summary: fmt.Sprintf("RDS offers no %s version %s in %s", e.engine, e.version, e.region),
			Asked:   asked,
			Answer:  fmt.Sprintf("DescribeDBEngineVersions listed no %s %s", e.engine, versionAsked(e, exact)),
			Action:  fmt.Sprintf("set %s in lab.json to a major version or release RDS offers there (aws rds describe-db-engine-versions --engine %s --region %s)", e.versionKey, e.engine, e.region),
		}
	}
	version := versions[len(versions)-1]
	resolved := version
	switch {
	case exact:
	case e.defaultOnly:
		resolved = fmt.Sprintf("%s (the default release of %s)", version, e.version)
	default:
		resolved = fmt.Sprintf("%s (newest of %d releases of %s)", version, len(versions), e.version)
	}

	options, err := p.orderable(ctx, client, e, version, e.class)
	if err != nil {
		return unchecked(e.id, e.title, asked, err, "rds:DescribeOrderableDBInstanceOptions")
	}
	if len(options) == 0 {
		answer := fmt.Sprintf("version %s; no orderable option for %s", resolved, e.class)
		if all, err := p.orderable(ctx, client, e, version, ""); err == nil {
			var classes []string
			for _, o := range all {
				classes = append(classes, aws.ToString(o.DBInstanceClass))
			}
			classes = uniq(classes)
			sortVersions(classes)
			answer += fmt.Sprintf("; %s %s is orderable on %d classes: %s", what, version, len(classes), list(classes, 10))
		}
		return Check{
			ID: e.id, Title: e.title, Status: Fail,
			Summary: fmt.Sprintf("%s is not orderable for %s %s in %s", e.class, what, version, e.region),
			Asked:   asked, Answer: answer,
			Action: fmt.Sprintf("set %s in lab.json to a class offered for %s", e.classKey, what),
		}
	}
	var storage []string
	for _, o := range options {
		storage = append(storage, aws.ToString(o.StorageType))
	}
	storage = uniq(storage)
	answer := fmt.Sprintf("version %s; %s orderable with storage %s", resolved, e.class, strings.Join(storage, ", "))
	if e.storage != "" && !contains(storage, e.storage) {
		return Check{
			ID: e.id, Title: e.title, Status: Fail,
			Summary: fmt.Sprintf("%s is orderable for %s %s in %s, but not with %s storage, which the lab uses", e.class, what, version, e.region, e.storage),
			Asked:   asked, Answer: answer,
			Action: fmt.Sprintf("set %s in lab.json to a class that offers %s", e.classKey, e.storage),
		}
	}
	return Check{
		ID: e.id, Title: e.title, Status: OK,
		Summary: fmt.Sprintf("%s %s on %s is orderable in %s", what, version, e.class, e.region),
		Asked:   asked, Answer: answer,
	}
}

func versionAsked(e rdsEngine, exact bool) string {
	if exact {
		return "version " + e.version
	}
	what := "release"
	if e.defaultOnly {
		what = "default release"
	}
	return fmt.Sprintf("%s.x %s in parameter group family %s%s", e.version, what, e.familyPrefix, e.version)
}

// orderable lists the options for a version and, when class is not "",
// that class, in a VPC.
func (p *probe) orderable(ctx context.Context, client *rds.Client, e rdsEngine, version, class string) ([]rdstypes.OrderableDBInstanceOption, error) {
	in := &rds.DescribeOrderableDBInstanceOptionsInput{
		Engine:        aws.String(e.engine),
		EngineVersion: aws.String(version),
		Vpc:           aws.Bool(true),
		MaxRecords:    aws.Int32(1000),
	}
	if class != "" {
		in.DBInstanceClass = aws.String(class)
	}
	if e.license != "" {
		in.LicenseModel = aws.String(e.license)
	}
	var out []rdstypes.OrderableDBInstanceOption
	pg := rds.NewDescribeOrderableDBInstanceOptionsPaginator(client, in)
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return out, err
		}
		out = append(out, page.OrderableDBInstanceOptions...)
	}
	return out, nil
}
