package report

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/dmslab/dmslab/internal/preflight"
	"github.com/dmslab/dmslab/settings"
)

// Cost is the lab's estimated cost so far.
type Cost struct {
	Currency string
	AsOf     string // the price table's date
	PerHour  float64
	// Since is when the lab's DMS side was created: its replication
	// instance, or (Serverless) its first replication configuration,
	// named by Instance.
	Since      time.Time
	Instance   string
	Serverless bool
	Hours      float64
	SoFar      float64
	// PerHourAtMax and SoFarAtMax are the same with DMS Serverless at its
	// maximum capacity (PerHour is at its minimum); nil for an instance.
	PerHourAtMax, SoFarAtMax *float64
	// Classes names the configured classes priced, Unpriced the lines
	// without a price (left out of PerHour).
	Classes  string
	Unpriced int
	// Unknown says, once per reason, which lines the table knows to have
	// no figure (such as the DMS Serverless DCU-hour) and why.
	Unknown []string
	Source  string // region of Oracle and the host
	Target  string // region of DMS and Aurora
}

// LabConfig reads the lab's configuration from path, or gives the lab's
// defaults (settings.DefaultConfig) when path is "".
func LabConfig(path string) (*settings.Config, error) {
	if path == "" {
		return settings.DefaultConfig(), nil
	}
	return settings.LoadConfig(path, true)
}

// costSoFar is the hours since the lab's DMS side was created (the
// earliest of its replication instances, or of its serverless replication
// configurations), times the preflight's cost per hour of the configured
// lab. In serverless mode the capacity priced is the one DMS was given
// (the configurations' bounds), whatever the lab file says.
func costSoFar(t *preflight.PriceTable, lab *settings.Config, region string, r *Report, at time.Time) *Cost {
	var since *time.Time
	var what string
	for _, i := range r.Instances {
		if i.Created != nil && (since == nil || i.Created.Before(*since)) {
			since, what = i.Created, i.ID
		}
	}
	priced := lab
	var bounds *settings.DMSServerlessConfig
	if since == nil {
		for _, tk := range r.Tasks {
			if tk.Serverless == nil || tk.ConfigCreated == nil {
				continue
			}
			if since == nil || tk.ConfigCreated.Before(*since) {
				since, what = tk.ConfigCreated, tk.ID
			}
			if bounds == nil && tk.Serverless.MinCapacityUnits != nil && tk.Serverless.MaxCapacityUnits != nil {
				bounds = &settings.DMSServerlessConfig{MinCapacityUnits: int(*tk.Serverless.MinCapacityUnits), MaxCapacityUnits: int(*tk.Serverless.MaxCapacityUnits)}
				bounds.MultiAZ = tk.Serverless.MultiAZ != nil && *tk.Serverless.MultiAZ
			}
		}
		if since != nil {
			copied := *lab
			copied.DMS.Serverless = bounds
			if bounds == nil {
				d := settings.DefaultServerless()
				copied.DMS.Serverless = &d
			}
			priced = &copied
		}
	}
	if since == nil {
		return nil
	}
	target := lab.TargetRegion
	if region != "" {
		target = region
	}
	est := preflight.Estimate(t, priced, lab.SourceRegion, target)
	hours := max(at.Sub(*since).Hours(), 0)
	c := &Cost{
		Currency: est.Currency, AsOf: est.AsOf, PerHour: est.PerHour, Since: *since, Instance: what,
		Hours: hours, SoFar: hours * est.PerHour, Unpriced: est.Unpriced, Source: lab.SourceRegion, Target: target,
		Classes: fmt.Sprintf("Oracle %s, Aurora %s, DMS %s, EC2 %s", lab.Oracle.InstanceClass, lab.Aurora.InstanceClass, lab.DMS.InstanceClass, lab.GeneratorInstanceType),
	}
	for _, l := range est.Lines {
		if strings.HasPrefix(l.Note, "price unknown") {
			what := strings.TrimSuffix(l.Item[:strings.Index(l.Item+",", ",")], " ") + ", per " + l.Unit + ": " + l.Note
			if !slices.Contains(c.Unknown, what) {
				c.Unknown = append(c.Unknown, what)
			}
		}
	}
	if s := priced.DMS.Serverless; s != nil {
		c.Serverless = true
		c.Classes = fmt.Sprintf("Oracle %s, Aurora %s, DMS Serverless %d to %d DCU per replication, EC2 %s", lab.Oracle.InstanceClass, lab.Aurora.InstanceClass, s.MinCapacityUnits, s.MaxCapacityUnits, lab.GeneratorInstanceType)
		if s.MultiAZ {
			c.Classes += " (DMS Multi-AZ)"
		}
		if est.PerHourAtMax != nil && *est.PerHourAtMax != est.PerHour { // the same when the DCU-hour has no price
			atMax := hours * *est.PerHourAtMax
			c.PerHourAtMax, c.SoFarAtMax = est.PerHourAtMax, &atMax
		}
	}
	return c
}
