package settings

import (
	"strings"
	"testing"
)

func TestServerlessAbsentMeansAnInstance(t *testing.T) {
	cfg, err := ParseConfig([]byte(`{"dms":{"instanceClass":"dms.t3.medium"}}`))
	if err != nil {
		t.Fatal(err)
	}
	if cfg.DMS.Serverless != nil {
		t.Fatalf("serverless set without being asked for: %+v", cfg.DMS.Serverless)
	}
}

func TestServerlessDefaultsAndOverlay(t *testing.T) {
	for _, tc := range []struct {
		doc  string
		want DMSServerlessConfig
	}{
		{`{"dms":{"serverless":{}}}`, DMSServerlessConfig{MinCapacityUnits: 1, MaxCapacityUnits: 4}},
		{`{"dms":{"serverless":{"maxCapacityUnits":16}}}`, DMSServerlessConfig{MinCapacityUnits: 1, MaxCapacityUnits: 16}},
		{`{"dms":{"serverless":{"minCapacityUnits":2,"maxCapacityUnits":384,"multiAz":true}}}`, DMSServerlessConfig{MinCapacityUnits: 2, MaxCapacityUnits: 384, MultiAZ: true}},
		{`{"dms":{"serverless":{"minCapacityUnits":8,"maxCapacityUnits":8}}}`, DMSServerlessConfig{MinCapacityUnits: 8, MaxCapacityUnits: 8}},
	} {
		cfg, err := ParseConfig([]byte(tc.doc))
		if err != nil {
			t.Fatalf("%s: %v", tc.doc, err)
		}
		if cfg.DMS.Serverless == nil || *cfg.DMS.Serverless != tc.want {
			t.Errorf("%s: got %+v, want %+v", tc.doc, cfg.DMS.Serverless, tc.want)
		}
	}
}

func TestServerlessRefusals(t *testing.T) {
	units := "one of 1, 2, 4, 8, 16, 32, 64, 128, 192, 256, 384 DMS capacity units"
	for _, tc := range []struct {
		name, doc string
		want      []string
	}{
		{"max not a DCU value", `{"dms":{"serverless":{"maxCapacityUnits":3}}}`,
			[]string{`dms.serverless.maxCapacityUnits: got 3; allowed: ` + units}},
		{"max over 384", `{"dms":{"serverless":{"maxCapacityUnits":512}}}`,
			[]string{`dms.serverless.maxCapacityUnits: got 512; allowed: ` + units}},
		{"explicit zero min", `{"dms":{"serverless":{"minCapacityUnits":0}}}`,
			[]string{`dms.serverless.minCapacityUnits: got 0; allowed: ` + units}},
		{"min above max", `{"dms":{"serverless":{"minCapacityUnits":16,"maxCapacityUnits":8}}}`,
			[]string{`dms.serverless.minCapacityUnits: got 16; allowed: at most dms.serverless.maxCapacityUnits (8)`}},
		{"both wrong", `{"dms":{"serverless":{"minCapacityUnits":-1,"maxCapacityUnits":100}}}`,
			[]string{`dms.serverless.maxCapacityUnits: got 100; allowed: ` + units, `dms.serverless.minCapacityUnits: got -1; allowed: ` + units}},
		{"instance keys beside serverless", `{"dms":{"serverless":{},"instanceClass":"dms.t3.small","allocatedStorageGb":50,"engineVersion":"3.6.1"}}`,
			[]string{
				`dms.allocatedStorageGb: got 50; allowed: nothing while dms.serverless is set`,
				`dms.engineVersion: got "3.6.1"; allowed: nothing while dms.serverless is set`,
				`dms.instanceClass: got "dms.t3.small"; allowed: nothing while dms.serverless is set`,
			}},
		{"misspelt key", `{"dms":{"serverless":{"maxCapacity":4}}}`,
			[]string{`dms.serverless.maxCapacity: got "a value"; allowed: one of the known keys: maxCapacityUnits, minCapacityUnits, multiAz`}},
		{"not an object", `{"dms":{"serverless":true}}`,
			[]string{`dms.serverless: got true; allowed: a JSON object`}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(tc.doc))
			if err == nil {
				t.Fatal("accepted")
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error lacks %q:\n%v", w, err)
				}
			}
		})
	}
}
