package preflight

import (
	"math"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/settings"
)

func serverlessLab(min, max int, multiAZ bool) *settings.Config {
	lab := settings.DefaultConfig()
	lab.DMS.Serverless = &settings.DMSServerlessConfig{MinCapacityUnits: min, MaxCapacityUnits: max, MultiAZ: multiAZ}
	return lab
}

// In serverless mode the instance's lines give way to the two
// replications priced at both capacity bounds; the shipped table has no
// DCU-hour figure, so both lines say so and stay out of the totals.
func TestServerlessCostWithoutAPrice(t *testing.T) {
	lab := serverlessLab(1, 4, false)
	c := Estimate(DefaultPrices(), lab, lab.SourceRegion, lab.TargetRegion)
	instance := Estimate(DefaultPrices(), settings.DefaultConfig(), lab.SourceRegion, lab.TargetRegion)
	var dms []CostLine
	for _, l := range c.Lines {
		if strings.HasPrefix(l.Item, "DMS") {
			dms = append(dms, l)
		}
	}
	if len(dms) != 2 || dms[0].Item != "DMS Serverless, 2 replications at min capacity, 1 DCU each" || dms[0].Quantity != 2 || dms[0].Bound != "min" ||
		dms[1].Item != "DMS Serverless, 2 replications at max capacity, 4 DCU each" || dms[1].Quantity != 8 || dms[1].Bound != "max" {
		t.Fatalf("DMS lines: %+v", dms)
	}
	for _, l := range dms {
		if l.USDPerHour != nil || !strings.HasPrefix(l.Note, "price unknown: not found") || l.Date != "2026-11-28" || l.Unit != "DCU-hour" {
			t.Errorf("unknown price line: %+v", l)
		}
	}
	// Everything else as for the instance, less the instance's two lines.
	wantPerHour := instance.PerHour - 0.036
	if c.Unpriced != 2 || math.Abs(c.PerHour-wantPerHour) > 1e-4 || c.PerHourAtMax == nil || math.Abs(*c.PerHourAtMax-wantPerHour) > 1e-4 {
		t.Errorf("unpriced %d, per hour %v (want %v), at max %v", c.Unpriced, c.PerHour, wantPerHour, c.PerHourAtMax)
	}
	var out strings.Builder
	PrintCost(&out, c)
	for _, w := range []string{
		"DMS Serverless, 2 replications at min capacity, 1 DCU each", "price unknown (see below)", "aws.amazon.com/dms/pricing/",
		"total at min capacity", "total at max capacity", "from DMS Serverless at its min to its max capacity",
		"DMS Serverless, 2 replications at max capacity, 4 DCU each: price unknown: not found",
		"2 line(s) have no price in the table and are not in the total",
	} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("printed cost lacks %q:\n%s", w, out.String())
		}
	}
}

// With a figure in the table, min and max are priced apart, twice over
// when Multi-AZ.
func TestServerlessCostWithAPrice(t *testing.T) {
	table := DefaultPrices()
	for i, p := range table.Prices {
		if p.Service == "dms-serverless" {
			table.Prices[i].USD, table.Prices[i].Unknown = 0.5, "" // a test figure, not AWS's
		}
	}
	base := Estimate(table, serverlessLab(2, 8, false), "us-west-2", "us-east-1")
	multi := Estimate(table, serverlessLab(2, 8, true), "us-west-2", "us-east-1")
	rest := base.PerHour - 2*2*0.5
	for _, tc := range []struct {
		name     string
		c        *Cost
		min, max float64
	}{{"single-AZ", base, 2 * 2 * 0.5, 2 * 8 * 0.5}, {"Multi-AZ", multi, 2 * 2 * 2 * 0.5, 2 * 2 * 8 * 0.5}} {
		if tc.c.Unpriced != 0 || math.Abs(tc.c.PerHour-(rest+tc.min)) > 1e-4 || math.Abs(*tc.c.PerHourAtMax-(rest+tc.max)) > 1e-4 ||
			math.Abs(*tc.c.PerDayAtMax-*tc.c.PerHourAtMax*24) > 0.01 {
			t.Errorf("%s: per hour %v, at max %v; want %v and %v", tc.name, tc.c.PerHour, *tc.c.PerHourAtMax, rest+tc.min, rest+tc.max)
		}
	}
	if lines := Estimate(table, settings.DefaultConfig(), "us-west-2", "us-east-1"); lines.PerHourAtMax != nil {
		t.Errorf("an instance lab has a max-capacity total: %v", *lines.PerHourAtMax)
	}
}
