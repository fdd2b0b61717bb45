package preflight

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	dms "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice"
	dmstypes "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice/types"
)

// dmsOffer is one orderable class and engine version.
type dmsOffer struct {
	class, version, release, storage string
	min, max, included               int32
}

// dmsOffers lists, once, what DMS lets this account order in the target region.
func (p *probe) dmsOffers(ctx context.Context) ([]dmsOffer, error) {
	p.dmsOnce.Do(func() {
		pg := dms.NewDescribeOrderableReplicationInstancesPaginator(p.c.DMS, &dms.DescribeOrderableReplicationInstancesInput{MaxRecords: aws.Int32(100)})
		for pg.HasMorePages() {
			page, err := pg.NextPage(ctx)
			if err != nil {
				p.dmsErr = err
				return
			}
			for _, o := range page.OrderableReplicationInstances {
				p.dmsOrderable = append(p.dmsOrderable, dmsOffer{
					class: aws.ToString(o.ReplicationInstanceClass), version: aws.ToString(o.EngineVersion),
					release: string(o.ReleaseStatus), storage: aws.ToString(o.StorageType),
					min: o.MinAllocatedStorage, max: o.MaxAllocatedStorage, included: o.IncludedAllocatedStorage,
				})
			}
		}
	})
	return p.dmsOrderable, p.dmsErr
}

func (p *probe) dmsClass(ctx context.Context) Check {
	class, region := p.cfg.Lab.DMS.InstanceClass, p.cfg.TargetRegion
	const id, title = "dms-class", "DMS instance class"
	asked := fmt.Sprintf("DMS DescribeOrderableReplicationInstances in %s, for %s", region, class)
	offers, err := p.dmsOffers(ctx)
	if err != nil {
		return unchecked(id, title, asked, err, "dms:DescribeOrderableReplicationInstances")
	}
	var classes, versions []string
	var mine []dmsOffer
	for _, o := range offers {
		classes = append(classes, o.class)
		if o.class == class {
			mine = append(mine, o)
			versions = append(versions, o.version)
		}
	}
	classes = uniq(classes)
	sortVersions(classes)
	sortVersions(versions)
	if len(mine) == 0 {
		return Check{
			ID: id, Title: title, Status: Fail,
			Summary: fmt.Sprintf("%s is not orderable in %s", class, region),
			Asked:   asked,
			Answer:  fmt.Sprintf("DMS offers %d classes there: %s", len(classes), list(classes, 12)),
			Action:  "set dms.instanceClass in lab.json to one of the classes offered (dms.t3.small is the lab's default)",
		}
	}
	o := mine[0]
	answer := fmt.Sprintf("%s with engine versions %s; %s storage %d to %d GB, %d GB included in the price", class, strings.Join(uniq(versions), ", "), o.storage, o.min, o.max, o.included)
	gb := int32(p.cfg.Lab.DMS.AllocatedStorageGB)
	if gb < o.min || (o.max > 0 && gb > o.max) {
		return Check{
			ID: id, Title: title, Status: Fail,
			Summary: fmt.Sprintf("%s is orderable in %s, but not with %d GB of storage", class, region, gb),
			Asked:   asked, Answer: answer,
			Action: fmt.Sprintf("set dms.allocatedStorageGb in lab.json between %d and %d", o.min, o.max),
		}
	}
	return Check{
		ID: id, Title: title, Status: OK,
		Summary: fmt.Sprintf("%s is orderable in %s", class, region),
		Asked:   asked, Answer: answer,
	}
}

func (p *probe) dmsEngine(ctx context.Context) Check {
	class, region, pinned := p.cfg.Lab.DMS.InstanceClass, p.cfg.TargetRegion, p.cfg.Lab.DMS.EngineVersion
	const id, title = "dms-engine", "DMS engine version"
	asked := fmt.Sprintf("DMS DescribeOrderableReplicationInstances and DescribeEngineVersions in %s", region)
	offers, err := p.dmsOffers(ctx)
	if err != nil {
		return unchecked(id, title, asked, err, "dms:DescribeOrderableReplicationInstances")
	}
	var versions []string
	release := map[string]string{}
	for _, o := range offers {
		if o.class == class {
			versions = append(versions, o.version)
			release[o.version] = o.release
		}
	}
	versions = uniq(versions)
	sortVersions(versions)
	if len(versions) == 0 {
		return Check{ID: id, Title: title, Status: Warn, Summary: "not checked: the instance class is not orderable (see above)", Asked: asked,
			Answer: fmt.Sprintf("no engine version for %s in %s", class, region)}
	}
	engines, engErr := p.dmsEngines(ctx)
	var def string
	for _, e := range engines {
		if strings.EqualFold(aws.ToString(e.Lifecycle), "DEFAULT_VERSION") {
			def = aws.ToString(e.Version)
		}
	}
	offered := fmt.Sprintf("for %s DMS offers %s", class, strings.Join(versions, ", "))
	if def != "" {
		offered += fmt.Sprintf("; its default is %s", def)
	} else if engErr != nil {
		offered += "; DescribeEngineVersions: " + describe(engErr)
	}

	if pinned == "" {
		c := Check{ID: id, Title: title, Status: OK, Asked: asked, Answer: offered}
		switch {
		case def == "":
			c.Summary = "not pinned: DMS will use its current default version"
		case !contains(versions, def):
			c.Status = Warn
			c.Summary = fmt.Sprintf("not pinned: DMS's default %s is not listed for %s", def, class)
			c.Action = "pin dms.engineVersion in lab.json to one of the versions offered for the class"
		default:
			c.Summary = fmt.Sprintf("not pinned: DMS will use its default, %s", def)
		}
		return c
	}

	if !contains(versions, pinned) {
		return Check{
			ID: id, Title: title, Status: Fail,
			Summary: fmt.Sprintf("engine %s is not orderable for %s in %s", pinned, class, region),
			Asked:   asked, Answer: offered,
			Action: "remove dms.engineVersion from lab.json (DMS then uses its default) or set one of the versions offered",
		}
	}
	for _, e := range engines {
		if aws.ToString(e.Version) != pinned || e.DeprecationDate == nil {
			continue
		}
		cutoff := *e.DeprecationDate
		now := p.cfg.Now()
		switch {
		case !cutoff.After(now):
			return Check{
				ID: id, Title: title, Status: Fail,
				Summary: fmt.Sprintf("DMS takes no new instances on engine %s since %s", pinned, cutoff.Format(time.DateOnly)),
				Asked:   asked, Answer: offered + fmt.Sprintf("; %s deprecated on %s", pinned, cutoff.Format(time.DateOnly)),
				Action: "remove dms.engineVersion from lab.json (DMS then uses its default) or pin a newer version",
			}
		case cutoff.Sub(now) < 60*24*time.Hour:
			return Check{
				ID: id, Title: title, Status: Warn,
				Summary: fmt.Sprintf("engine %s is orderable, but DMS takes no new instances on it after %s", pinned, cutoff.Format(time.DateOnly)),
				Asked:   asked, Answer: offered,
				Action: "remove dms.engineVersion from lab.json before then, or pin a newer version",
			}
		}
	}
	c := Check{ID: id, Title: title, Status: OK,
		Summary: fmt.Sprintf("pinned engine %s is orderable for %s", pinned, class), Asked: asked, Answer: offered}
	if release[pinned] == string(dmstypes.ReleaseStatusValuesBeta) {
		c.Status, c.Summary, c.Action = Warn, fmt.Sprintf("pinned engine %s is a beta release", pinned), "pin a production release unless you mean to try the beta"
	}
	return c
}

// dmsEngines lists DMS's replication engine versions with their lifecycle.
func (p *probe) dmsEngines(ctx context.Context) ([]dmstypes.EngineVersion, error) {
	var out []dmstypes.EngineVersion
	pg := dms.NewDescribeEngineVersionsPaginator(p.c.DMS, &dms.DescribeEngineVersionsInput{MaxRecords: aws.Int32(100)})
	for pg.HasMorePages() {
		page, err := pg.NextPage(ctx)
		if err != nil {
			return out, err
		}
		out = append(out, page.EngineVersions...)
	}
	return out, nil
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}
