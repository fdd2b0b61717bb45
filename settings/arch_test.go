package settings

import "testing"

func TestInstanceArch(t *testing.T) {
	for typ, want := range map[string]string{
		"t3.micro": "x86_64", "t2.micro": "x86_64", "m7i-flex.large": "x86_64", "c7a.medium": "x86_64",
		"g4dn.xlarge": "x86_64", "g5.xlarge": "x86_64", "g6e.xlarge": "x86_64", "gr6.4xlarge": "x86_64",
		"g4ad.xlarge": "x86_64", "p4d.24xlarge": "x86_64", "p5en.48xlarge": "x86_64", "inf2.xlarge": "x86_64",
		"trn1n.32xlarge": "x86_64", "x2iedn.xlarge": "x86_64", "z1d.large": "x86_64", "i3en.metal": "x86_64",
		"u-6tb1.metal": "x86_64", "u7i-12tb.224xlarge": "x86_64", "m5zn.metal": "x86_64", "d3en.xlarge": "x86_64",
		"a1.medium": "arm64", "t4g.small": "arm64", "m6g.large": "arm64", "m7gd.large": "arm64",
		"c7gn.large": "arm64", "c6gn.medium": "arm64", "im4gn.large": "arm64", "is4gen.medium": "arm64",
		"i4g.large": "arm64", "x2gd.medium": "arm64", "r8g.large": "arm64", "g5g.xlarge": "arm64",
		"hpc7g.4xlarge": "arm64", "c8g.metal-24xl": "arm64", "x8g.large": "arm64", "r7gd.12xlarge": "arm64",
	} {
		got, err := InstanceArch(typ)
		if err != nil || got != want {
			t.Errorf("InstanceArch(%q) = %q, %v; want %q", typ, got, err, want)
		}
	}
	for _, typ := range []string{"", "banana", "t3", "t3.banana", "T3.micro", "t3.micro.extra", "mac2.metal", "mac1.metal", "db.t3.micro", "t3.0xlarge"} {
		if got, err := InstanceArch(typ); err == nil {
			t.Errorf("InstanceArch(%q) = %q, want an error", typ, got)
		}
	}
}

func TestDerivedNamesOfTheDefaultPrefixAreAccepted(t *testing.T) {
	for _, d := range DerivedNames {
		if why := d.Rule.Check(d.Name("dmslab")); why != "" {
			t.Errorf("%s %q %s", d.Rule.Service, d.Name("dmslab"), why)
		}
	}
	n, d := MaxNamePrefixLength()
	if n != 26 || d.Template != "{p}-artifacts-" {
		t.Errorf("MaxNamePrefixLength() = %d, %q; want 26 from the artifacts bucket prefix", n, d.Template)
	}
	// The longest prefix allowed keeps every name within its limit.
	long := "abcdefghijklmnopqrstuvwxyz"
	if len(long) != 26 {
		t.Fatal(len(long))
	}
	for _, d := range DerivedNames {
		if why := d.Rule.Check(d.Name(long)); why != "" {
			t.Errorf("%s %q %s", d.Rule.Service, d.Name(long), why)
		}
	}
}

// Configurations AWS accepts must stay accepted: the rules refuse what is
// known to fail, not what is merely unusual.
func TestAcceptedVariants(t *testing.T) {
	for _, doc := range []string{
		`{"oracle":{"instanceClass":"db.m6i.large"}}`,
		`{"oracle":{"instanceClass":"db.r5.4xlarge"}}`,
		`{"oracle":{"instanceClass":"db.t3.2xlarge"}}`,
		`{"oracle":{"instanceClass":"db.r5.2xlarge.tpc2.mem4x"}}`,
		`{"oracle":{"engineVersion":"19.0.0.0.ru-2024-10.rur-2024-10.r1"}}`,
		`{"oracle":{"databaseName":"ORCL"}}`,
		`{"aurora":{"instanceClass":"db.t3.medium"}}`,
		`{"aurora":{"instanceClass":"db.r6g.large"}}`,
		`{"aurora":{"instanceClass":"db.r7i.2xlarge"}}`,
		`{"aurora":{"instanceClass":"db.x2g.large"}}`,
		`{"aurora":{"engineVersion":"16.4"}}`,
		`{"aurora":{"engineVersion":"13.3"}}`,
		`{"aurora":{"engineVersion":"17"}}`,
		`{"aurora":{"databaseName":"lab_target"}}`,
		`{"dms":{"instanceClass":"dms.t3.micro"}}`,
		`{"dms":{"instanceClass":"dms.r6i.xlarge"}}`,
		`{"dms":{"instanceClass":"dms.c7i.24xlarge"}}`,
		`{"sourceVpcCidr":"172.16.0.0/16","targetVpcCidr":"192.168.0.0/22"}`,
		`{"sourceVpcCidr":"100.64.0.0/16"}`,
		`{"namePrefix":"my-lab-2"}`,
		`{"namePrefix":"abcdefghijklmnopqrstuvwxyz"}`,
		`{"namePrefix":"lab"}`,
		`{"generatorInstanceType":"a1.medium"}`,
		`{"generatorInstanceType":"im4gn.large"}`,
		`{"generatorInstanceType":"m7i-flex.large"}`,
		`{"workload":{"runRate":0.5,"runDuration":"90m","runMix":"insert=1"}}`,
		`{"workload":{"runRate":10000,"runDuration":"0","runMix":"delete=1000,update=1"}}`,
		`{"workload":{"runRate":0.001,"runDuration":"1h30m"}}`,
		`{"auroraTask":{"settings":{"PostProcessingRules":null}}}`,
		`{"auroraTask":{"tableMappings":{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"1","rule-action":"include","object-locator":{"schema-name":"%","table-name":"TABLE%"}},{"rule-type":"transformation","rule-id":"2","rule-name":"2","rule-action":"remove-column","rule-target":"column","object-locator":{"schema-name":"%","table-name":"TABLE1","column-name":"cdc"}},{"rule-type":"transformation","rule-id":"3","rule-name":"3","rule-action":"convert-lowercase","rule-target":"schema","object-locator":{"schema-name":"%"}}]}}}`,
		`{"s3Task":{"tableMappings":{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"1","rule-action":"explicit","object-locator":{"schema-name":"ADMIN","table-name":"TABLE2"}}]}}}`,
	} {
		if _, err := ParseConfig([]byte(doc)); err != nil {
			t.Errorf("%s refused:\n%v", doc, err)
		}
	}
}

func TestLikeMatch(t *testing.T) {
	for _, c := range []struct {
		pattern, name string
		want          bool
	}{
		{"%", "TABLE1", true}, {"TABLE%", "TABLE1", true}, {"%1", "TABLE1", true}, {"T%E%1", "TABLE1", true},
		{"TABLE1", "TABLE1", true}, {"table1", "TABLE1", false}, {"ORDERS", "TABLE1", false}, {"%2", "TABLE1", false},
		{"TABLE1%", "TABLE1", true}, {"T%1%1", "TABLE1", false},
	} {
		if got := likeMatch(c.pattern, c.name); got != c.want {
			t.Errorf("likeMatch(%q, %q) = %v", c.pattern, c.name, got)
		}
	}
}

// Odd values are refused with a message, never a panic.
func TestOddValuesNeverPanic(t *testing.T) {
	for _, doc := range []string{
		`{"generatorInstanceType":""}`, `{"generatorInstanceType":"."}`, `{"oracle":{"instanceClass":"db."}}`,
		`{"oracle":{"instanceClass":"db.r5.2xlarge.tpc9.mem0x"}}`, `{"dms":{"instanceClass":"dms..."}}`,
		`{"aurora":{"instanceClass":""}}`, `{"aurora":{"engineVersion":""}}`, `{"aurora":{"engineVersion":"16."}}`,
		`{"aurora":{"engineVersion":"-16"}}`, `{"oracle":{"engineVersion":""}}`, `{"namePrefix":""}`,
		`{"namePrefix":"ü"}`, `{"sourceVpcCidr":"::/0"}`, `{"sourceVpcCidr":"10.0.0.0/33"}`,
		`{"workload":{"runRate":-1e308}}`, `{"workload":{"runRate":1e308}}`, `{"workload":{"runDuration":""}}`,
		`{"workload":{"runMix":","}}`, `{"workload":{"runMix":"=,="}}`, `{"oracle":{"databaseName":""}}`,
		`{"aurora":{"databaseName":""}}`, `{"schemaName":"%"}`,
		`{"auroraTask":{"tableMappings":{"rules":[]}}}`,
		`{"auroraTask":{"tableMappings":{"rules":[{"rule-type":"transformation","rule-action":"rename","rule-target":"table"}]}}}`,
		`{"auroraTask":{"settings":{"PostProcessingRules":"x"}}}`,
	} {
		func() {
			defer func() {
				if r := recover(); r != nil {
					t.Errorf("%s: panic %v", doc, r)
				}
			}()
			if _, err := ParseConfig([]byte(doc)); err == nil {
				t.Errorf("%s accepted", doc)
			}
		}()
	}
}
