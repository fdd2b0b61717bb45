package preflight

import (
	"math"
	"strings"
	"testing"
	"time"

	"github.com/dmslab/dmslab/settings"
)

func TestPriceTableIsDatedAndSourced(t *testing.T) {
	tb := DefaultPrices()
	if _, err := time.Parse(time.DateOnly, tb.AsOf); err != nil || tb.Currency != "USD" || tb.HoursPerMonth != 730 {
		t.Fatalf("table header: %+v", tb)
	}
	seen := map[string]bool{}
	for _, p := range tb.Prices {
		key := p.Service + "/" + p.Item + "/" + p.Region
		if seen[key] {
			t.Errorf("%s twice", key)
		}
		seen[key] = true
		if _, err := time.Parse(time.DateOnly, p.Date); err != nil {
			t.Errorf("%s: date %q", key, p.Date)
		}
		// A figure, or a reason there is none: never both, never neither.
		if !strings.HasPrefix(p.Source, "https://aws.amazon.com/") || p.Unit == "" || (p.USD > 0) == (p.Unknown != "") || p.USD < 0 {
			t.Errorf("%s: %+v", key, p)
		}
	}
}

func TestDefaultLabCost(t *testing.T) {
	lab := settings.DefaultConfig()
	c := Estimate(DefaultPrices(), lab, lab.SourceRegion, lab.TargetRegion)
	if !c.Estimate || c.Unpriced != 0 {
		t.Fatalf("estimate %v, unpriced %d", c.Estimate, c.Unpriced)
	}
	want := map[string]float64{
		"RDS for Oracle SE2 license-included db.t3.small":   0.088,
		"Oracle storage, gp3 20 GB":                         0.115 * 20 / 730,
		"Aurora PostgreSQL db.t4g.medium":                   0.073,
		"Aurora storage, about 1 GB":                        0.10 / 730,
		"Aurora I/O, about 50,000 requests an hour":         0.01,
		"DMS dms.t3.small":                                  0.036,
		"DMS storage, gp2 20 GB (50 GB included)":           0,
		"EC2 t3.micro (generator host)":                     0.0104,
		"EC2 root volume, gp3 8 GB":                         0.08 * 8 / 730,
		"Secrets Manager, 2 secrets":                        0.80 / 730,
		"VPC interface endpoint for Secrets Manager, 2 AZs": 0.02,
	}
	sum := 0.0
	for _, l := range c.Lines {
		w, ok := want[l.Item]
		if !ok {
			t.Errorf("unexpected line %q", l.Item)
			continue
		}
		delete(want, l.Item)
		if l.USDPerHour == nil || math.Abs(*l.USDPerHour-w) > 1e-9 {
			t.Errorf("%s: %v, want %v", l.Item, l.USDPerHour, w)
		}
		if l.Date == "" || l.Source == "" || l.Region == "" {
			t.Errorf("%s: undated or unsourced: %+v", l.Item, l)
		}
		sum += w
	}
	for item := range want {
		t.Errorf("no line %q", item)
	}
	if math.Abs(c.PerHour-sum) > 0.0001 || c.PerHour < 0.2 || c.PerHour > 0.3 {
		t.Errorf("per hour %v, lines add up to %v", c.PerHour, sum)
	}
	if math.Abs(c.PerDay-c.PerHour*24) > 0.01 {
		t.Errorf("per day %v for %v an hour", c.PerDay, c.PerHour)
	}
	if !strings.Contains(strings.Join(c.Notes, "\n"), "inter-region data transfer over the peering, 0.02 USD per GB from us-west-2 to us-east-1") {
		t.Errorf("notes: %v", c.Notes)
	}

	var out strings.Builder
	PrintCost(&out, c)
	for _, w := range []string{"Cost ESTIMATE", "price table of " + c.AsOf, "RDS for Oracle SE2 license-included db.t3.small", "us-west-2", "0.0880", "aws.amazon.com/rds/oracle/pricing/", "total", "per day"} {
		if !strings.Contains(out.String(), w) {
			t.Errorf("printed cost lacks %q:\n%s", w, out.String())
		}
	}
}

func TestUnpricedClassesAreNotGuessed(t *testing.T) {
	lab := settings.DefaultConfig()
	lab.Oracle.InstanceClass = "db.m5.xlarge"
	lab.DMS.InstanceClass = "dms.r5.4xlarge"
	lab.DMS.AllocatedStorageGB = 200
	c := Estimate(DefaultPrices(), lab, "eu-west-1", lab.TargetRegion)
	var unpriced []string
	for _, l := range c.Lines {
		if l.USDPerHour == nil {
			if l.Note != "no price in table" {
				t.Errorf("%s: note %q", l.Item, l.Note)
			}
			unpriced = append(unpriced, l.Item)
		}
	}
	// Everything in eu-west-1 and the DMS class; DMS storage is not priced
	// without its class.
	want := "RDS for Oracle SE2 license-included db.m5.xlarge|Oracle storage, gp3 20 GB|DMS dms.r5.4xlarge|EC2 t3.micro (generator host)|EC2 root volume, gp3 8 GB"
	if strings.Join(unpriced, "|") != want || c.Unpriced != 5 {
		t.Errorf("unpriced: %q (%d)", unpriced, c.Unpriced)
	}
	var out strings.Builder
	PrintCost(&out, c)
	if !strings.Contains(out.String(), "no price in table") || !strings.Contains(out.String(), "5 line(s) have no price in the table and are not in the total") {
		t.Errorf("printed:\n%s", out.String())
	}

	// Storage beyond what the class includes is priced.
	lab = settings.DefaultConfig()
	lab.DMS.AllocatedStorageGB = 100
	c = Estimate(DefaultPrices(), lab, lab.SourceRegion, lab.TargetRegion)
	for _, l := range c.Lines {
		if strings.HasPrefix(l.Item, "DMS storage") && (l.Quantity != 50 || math.Abs(*l.USDPerHour-0.115*50/730) > 1e-9) {
			t.Errorf("DMS storage: %+v", l)
		}
	}
}

func TestCompareVersions(t *testing.T) {
	for _, tc := range []struct {
		a, b string
		want int
	}{
		{"16.10", "16.9", 1},
		{"16.9", "16.9", 0},
		{"19.0.0.0.ru-2025-07.rur-2025-07.r1", "19.0.0.0.ru-2025-04.rur-2025-04.r1", 1},
		{"19.0.0.0.ru-2025-04.rur-2025-04.r2", "19.0.0.0.ru-2025-04.rur-2025-04.r1", 1},
		{"3.5.4", "3.6.1", -1},
		{"16.4", "16.4.1", -1},
	} {
		got := compareVersions(tc.a, tc.b)
		if (got > 0) != (tc.want > 0) || (got < 0) != (tc.want < 0) {
			t.Errorf("compare(%s, %s) = %d, want sign of %d", tc.a, tc.b, got, tc.want)
		}
	}
}
