package preflight

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"math"

	"github.com/dmslab/dmslab/settings"
)

//go:embed prices.json
var pricesJSON []byte

// PriceTable is the dated table of on-demand prices in prices.json.
type PriceTable struct {
	AsOf          string  `json:"asOf"`
	Currency      string  `json:"currency"`
	HoursPerMonth float64 `json:"hoursPerMonth"`
	Note          string  `json:"note"`
	Prices        []Price `json:"prices"`
}

// Price is one line of the table.
type Price struct {
	Service string  `json:"service"`
	Item    string  `json:"item"`
	Region  string  `json:"region"`
	USD     float64 `json:"usd"`
	Unit    string  `json:"unit"`
	// IncludedStorageGB is the storage a DMS class includes in its price.
	IncludedStorageGB int    `json:"includedStorageGb,omitempty"`
	Date              string `json:"date"`
	Source            string `json:"source"`
	// Unknown, when set, says why the line has no figure (USD is then 0):
	// the price was looked for on that date and not found. Such a line is
	// priced like a missing one, never guessed.
	Unknown string `json:"unknown,omitempty"`
}

// DefaultPrices is the table shipped with the preflight.
func DefaultPrices() *PriceTable {
	var t PriceTable
	if err := json.Unmarshal(pricesJSON, &t); err != nil {
		panic("preflight: prices.json: " + err.Error()) // a test reads it
	}
	return &t
}

func (t *PriceTable) find(service, item, region string) *Price {
	for i, p := range t.Prices {
		if p.Service == service && p.Item == item && p.Region == region {
			return &t.Prices[i]
		}
	}
	return nil
}

// The lab's usage that the configuration does not say.
const (
	auroraStorageGB       = 1    // a few MB of lab tables, billed per GB-month
	auroraIOMillionsPerHr = 0.05 // about 50,000 I/O requests an hour under the default workload
	labSecrets            = 2    // <prefix>/oracle and <prefix>/aurora
	endpointAZs           = 2    // the Secrets Manager interface endpoint in both target subnets
	hostRootGB            = 8    // the generator host's gp3 root volume
)

// CostLine is one priced line of the estimate.
type CostLine struct {
	Item     string  `json:"item"`
	Region   string  `json:"region"`
	Quantity float64 `json:"quantity"`
	Unit     string  `json:"unit"`
	// UnitUSD is the table's price per unit; USDPerHour is nil when the
	// table has no price for the line.
	UnitUSD    float64  `json:"unit_usd"`
	USDPerHour *float64 `json:"usd_per_hour"`
	Date       string   `json:"date,omitempty"`
	Source     string   `json:"source,omitempty"`
	Note       string   `json:"note,omitempty"`
	// Bound is "min" or "max" for a DMS Serverless line priced at the
	// capacity's lower or upper bound: the first counts in PerHour, the
	// second in PerHourAtMax; "" counts in both.
	Bound string `json:"bound,omitempty"`
}

// Cost is the estimate for one configured lab.
type Cost struct {
	Estimate bool       `json:"estimate"` // always true: list prices, not a bill
	Currency string     `json:"currency"`
	AsOf     string     `json:"as_of"`
	Basis    string     `json:"basis"`
	Lines    []CostLine `json:"lines"`
	PerHour  float64    `json:"usd_per_hour"`
	PerDay   float64    `json:"usd_per_day"`
	// PerHourAtMax and PerDayAtMax are the same with DMS Serverless at its
	// maximum capacity (PerHour is at its minimum); nil for an instance.
	PerHourAtMax *float64 `json:"usd_per_hour_at_max_capacity,omitempty"`
	PerDayAtMax  *float64 `json:"usd_per_day_at_max_capacity,omitempty"`
	// Unpriced counts the lines with no price in the table, left out of
	// the totals.
	Unpriced int      `json:"unpriced_lines"`
	Notes    []string `json:"notes"`
}

// Estimate prices the lab's billable resources for an hour and a day.
func Estimate(t *PriceTable, lab *settings.Config, source, target string) *Cost {
	c := &Cost{Estimate: true, Currency: t.Currency, AsOf: t.AsOf, Basis: t.Note}
	hours := t.HoursPerMonth
	atMax := 0.0
	bound := ""
	add := func(item, service, key, region string, qty float64, perHour func(p *Price, qty float64) float64, note string) {
		line := CostLine{Item: item, Region: region, Quantity: qty, Note: note, Bound: bound}
		p := t.find(service, key, region)
		switch {
		case p == nil:
			c.Unpriced++
			line.Note = "no price in table"
			c.Lines = append(c.Lines, line)
			return
		case p.Unknown != "":
			c.Unpriced++
			line.Unit, line.Date, line.Source = p.Unit, p.Date, p.Source
			line.Note = "price unknown: " + p.Unknown
			c.Lines = append(c.Lines, line)
			return
		}
		v := perHour(p, qty)
		line.Unit, line.UnitUSD, line.USDPerHour, line.Date, line.Source = p.Unit, p.USD, &v, p.Date, p.Source
		if bound != "max" {
			c.PerHour += v
		}
		if bound != "min" {
			atMax += v
		}
		c.Lines = append(c.Lines, line)
	}
	hourly := func(p *Price, qty float64) float64 { return p.USD * qty }
	monthly := func(p *Price, qty float64) float64 { return p.USD * qty / hours }

	add("RDS for Oracle SE2 license-included "+lab.Oracle.InstanceClass, "rds-oracle-se2-li", lab.Oracle.InstanceClass, source, 1, hourly, "single-AZ")
	add(fmt.Sprintf("Oracle storage, gp3 %d GB", lab.Oracle.AllocatedStorageGB), "rds-gp3", "gp3", source, float64(lab.Oracle.AllocatedStorageGB), monthly, "")
	add("Aurora PostgreSQL "+lab.Aurora.InstanceClass, "aurora-postgresql", lab.Aurora.InstanceClass, target, 1, hourly, "one writer, Aurora Standard")
	add(fmt.Sprintf("Aurora storage, about %d GB", auroraStorageGB), "aurora-storage", "storage", target, auroraStorageGB, monthly, "assumed: the lab's tables are small")
	add("Aurora I/O, about 50,000 requests an hour", "aurora-io", "io", target, auroraIOMillionsPerHr, hourly, "assumed, for the default workload of 10 changes/s")

	if s := lab.DMS.Serverless; s != nil {
		// Two replications, each billed for the DCUs it holds, twice when
		// Multi-AZ; DMS keeps between the bounds, so both bounds are priced.
		az, note := 1, "single-AZ"
		if s.MultiAZ {
			az, note = 2, "Multi-AZ: a standby as large again"
		}
		for _, b := range []struct {
			bound string
			units int
		}{{"min", s.MinCapacityUnits}, {"max", s.MaxCapacityUnits}} {
			bound = b.bound
			add(fmt.Sprintf("DMS Serverless, 2 replications at %s capacity, %d DCU each", b.bound, b.units), "dms-serverless", "DCU", target,
				float64(2*b.units*az), hourly, note)
		}
		bound = ""
	} else {
		dmsClass := lab.DMS.InstanceClass
		add("DMS "+dmsClass, "dms", dmsClass, target, 1, hourly, "single-AZ")
		if p := t.find("dms", dmsClass, target); p != nil {
			extra := lab.DMS.AllocatedStorageGB - p.IncludedStorageGB
			note := fmt.Sprintf("%d GB beyond the %d GB included in %s's price", max(extra, 0), p.IncludedStorageGB, dmsClass)
			add(fmt.Sprintf("DMS storage, gp2 %d GB (%d GB included)", lab.DMS.AllocatedStorageGB, p.IncludedStorageGB), "dms-storage", "gp2", target, float64(max(extra, 0)), monthly, note)
		}
	}

	add("EC2 "+lab.GeneratorInstanceType+" (generator host)", "ec2", lab.GeneratorInstanceType, source, 1, hourly, "Linux")
	add(fmt.Sprintf("EC2 root volume, gp3 %d GB", hostRootGB), "ebs-gp3", "gp3", source, hostRootGB, monthly, "")
	add(fmt.Sprintf("Secrets Manager, %d secrets", labSecrets), "secretsmanager", "secret", target, labSecrets, monthly, "API calls are a few cents per 10,000")
	add(fmt.Sprintf("VPC interface endpoint for Secrets Manager, %d AZs", endpointAZs), "vpc-interface-endpoint", "endpoint", target, endpointAZs, hourly, "plus 0.01 USD per GB processed")

	c.PerHour = round(c.PerHour, 4)
	c.PerDay = round(c.PerHour*24, 2)
	if lab.DMS.Serverless != nil {
		perHour, perDay := round(atMax, 4), round(atMax*24, 2)
		c.PerHourAtMax, c.PerDayAtMax = &perHour, &perDay
	}
	if source != target {
		if p := t.find("inter-region-transfer", source+">"+target, source); p != nil {
			c.Notes = append(c.Notes, fmt.Sprintf("not counted: inter-region data transfer over the peering, %g USD per GB from %s to %s (%s, %s); the lab's change stream is a few MB an hour", p.USD, source, target, p.Date, p.Source))
		} else {
			c.Notes = append(c.Notes, fmt.Sprintf("not counted: inter-region data transfer from %s to %s (no price in table)", source, target))
		}
	}
	c.Notes = append(c.Notes, "not counted: S3 storage and requests, CloudWatch Logs, backups within the free retention, taxes; the free tier and credits are not taken off")
	if lab.DMS.Serverless != nil {
		c.Notes = append(c.Notes, "DMS Serverless bills by the DCU-hour, the capacity units each replication holds between its bounds, so both bounds are priced; "+
			"a stopped replication stays provisioned until DMS deprovisions it, 48 hours after it stopped")
	}
	if c.Unpriced > 0 {
		c.Notes = append(c.Notes, fmt.Sprintf("%d line(s) have no price in the table and are not in the total", c.Unpriced))
	}
	return c
}

func round(v float64, places int) float64 {
	f := math.Pow(10, float64(places))
	return math.Round(v*f) / f
}
