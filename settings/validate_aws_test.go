package settings

import (
	"strings"
	"testing"
)

// Configurations that passed synth before issue 9 and that AWS, the lab's
// own SSM document or dgen refuses at deploy time: each must be refused at
// synth with the exact line(s) naming the path, the value and what is
// allowed.
func TestAWSRefusalsAreRefusedAtSynth(t *testing.T) {
	cases := []struct {
		name, doc string
		want      []string
	}{
		{"oracle graviton t4g", `{"oracle":{"instanceClass":"db.t4g.small"}}`,
			[]string{`oracle.instanceClass: got "db.t4g.small"; allowed: an RDS for Oracle SE2 license-included class: db.t3.small to db.t3.2xlarge, or an Intel db.m5, db.m6i, db.m7i, db.r5, db.r6i, db.r7i class from large to 4xlarge (SE2 runs on at most 16 vCPUs); t4g is Graviton (arm64), and RDS for Oracle runs only on x86_64 classes`}},
		{"oracle graviton m6g", `{"oracle":{"instanceClass":"db.m6g.large"}}`,
			[]string{`oracle.instanceClass: got "db.m6g.large"; allowed: an RDS for Oracle SE2 license-included class: db.t3.small to db.t3.2xlarge, or an Intel db.m5, db.m6i, db.m7i, db.r5, db.r6i, db.r7i class from large to 4xlarge (SE2 runs on at most 16 vCPUs); m6g is Graviton (arm64), and RDS for Oracle runs only on x86_64 classes`}},
		{"oracle t3 micro", `{"oracle":{"instanceClass":"db.t3.micro"}}`,
			[]string{`oracle.instanceClass: got "db.t3.micro"; allowed: an RDS for Oracle SE2 license-included class: db.t3.small to db.t3.2xlarge, or an Intel db.m5, db.m6i, db.m7i, db.r5, db.r6i, db.r7i class from large to 4xlarge (SE2 runs on at most 16 vCPUs); the smallest SE2 license-included class is db.t3.small`}},
		{"oracle over 16 vcpus", `{"oracle":{"instanceClass":"db.m5.8xlarge"}}`,
			[]string{`oracle.instanceClass: got "db.m5.8xlarge"; allowed: an RDS for Oracle SE2 license-included class: db.t3.small to db.t3.2xlarge, or an Intel db.m5, db.m6i, db.m7i, db.r5, db.r6i, db.r7i class from large to 4xlarge (SE2 runs on at most 16 vCPUs); 8xlarge has more than 16 vCPUs`}},
		{"oracle previous generation", `{"oracle":{"instanceClass":"db.t2.medium"}}`,
			[]string{`oracle.instanceClass: got "db.t2.medium"; allowed: an RDS for Oracle SE2 license-included class: db.t3.small to db.t3.2xlarge, or an Intel db.m5, db.m6i, db.m7i, db.r5, db.r6i, db.r7i class from large to 4xlarge (SE2 runs on at most 16 vCPUs); t2 is a previous generation RDS for Oracle no longer offers`}},
		{"oracle size banana", `{"oracle":{"instanceClass":"db.r5.banana"}}`,
			[]string{`oracle.instanceClass: got "db.r5.banana"; allowed: an RDS for Oracle SE2 license-included class: db.t3.small to db.t3.2xlarge, or an Intel db.m5, db.m6i, db.m7i, db.r5, db.r6i, db.r7i class from large to 4xlarge (SE2 runs on at most 16 vCPUs); "banana" is no size (sizes: micro, small, medium, large, xlarge, 2xlarge ... 48xlarge, metal)`}},
		{"oracle class without db prefix", `{"oracle":{"instanceClass":"t3.small"}}`,
			[]string{`oracle.instanceClass: got "t3.small"; allowed: an RDS for Oracle SE2 license-included class: db.t3.small to db.t3.2xlarge, or an Intel db.m5, db.m6i, db.m7i, db.r5, db.r6i, db.r7i class from large to 4xlarge (SE2 runs on at most 16 vCPUs); it does not start with "db."`}},
		{"aurora t3 micro", `{"aurora":{"instanceClass":"db.t3.micro"}}`,
			[]string{`aurora.instanceClass: got "db.t3.micro"; allowed: an Aurora PostgreSQL class: db.t3.medium, db.t3.large, db.t4g.medium, db.t4g.large, or a memory-optimized class such as db.r6g.large, db.r7g.large, db.r6i.large, db.x2g.large; Aurora's burstable classes are db.t3 and db.t4g, medium or large, nothing smaller`}},
		{"aurora m class", `{"aurora":{"instanceClass":"db.m6g.large"}}`,
			[]string{`aurora.instanceClass: got "db.m6g.large"; allowed: an Aurora PostgreSQL class: db.t3.medium, db.t3.large, db.t4g.medium, db.t4g.large, or a memory-optimized class such as db.r6g.large, db.r7g.large, db.r6i.large, db.x2g.large; Aurora has no db.m classes (only memory-optimized db.r/db.x and burstable db.t)`}},
		{"aurora serverless", `{"aurora":{"instanceClass":"db.serverless"}}`,
			[]string{`aurora.instanceClass: got "db.serverless"; allowed: an Aurora PostgreSQL class: db.t3.medium, db.t3.large, db.t4g.medium, db.t4g.large, or a memory-optimized class such as db.r6g.large, db.r7g.large, db.r6i.large, db.x2g.large; db.serverless needs a Serverless v2 scaling configuration, which this lab does not set`}},
		{"aurora r4", `{"aurora":{"instanceClass":"db.r4.large"}}`,
			[]string{`aurora.instanceClass: got "db.r4.large"; allowed: an Aurora PostgreSQL class: db.t3.medium, db.t3.large, db.t4g.medium, db.t4g.large, or a memory-optimized class such as db.r6g.large, db.r7g.large, db.r6i.large, db.x2g.large; r4 is a previous generation Aurora PostgreSQL 13 and later do not run`}},
		{"aurora r6g medium", `{"aurora":{"instanceClass":"db.r6g.medium"}}`,
			[]string{`aurora.instanceClass: got "db.r6g.medium"; allowed: an Aurora PostgreSQL class: db.t3.medium, db.t3.large, db.t4g.medium, db.t4g.large, or a memory-optimized class such as db.r6g.large, db.r7g.large, db.r6i.large, db.x2g.large; db.r6g starts at large`}},
		{"dms banana", `{"dms":{"instanceClass":"dms.banana.huge"}}`,
			[]string{`dms.instanceClass: got "dms.banana.huge"; allowed: a DMS class: dms.t3.micro to dms.t3.large, or dms.c5, dms.c6i, dms.c7i, dms.r5, dms.r6i, dms.r7i from large up; it is not of the form dms.FAMILY.SIZE (FAMILY such as t3 or r6i)`}},
		{"dms t3 xlarge", `{"dms":{"instanceClass":"dms.t3.xlarge"}}`,
			[]string{`dms.instanceClass: got "dms.t3.xlarge"; allowed: a DMS class: dms.t3.micro to dms.t3.large, or dms.c5, dms.c6i, dms.c7i, dms.r5, dms.r6i, dms.r7i from large up; dms.t3 goes from micro to large`}},
		{"dms graviton", `{"dms":{"instanceClass":"dms.r6g.large"}}`,
			[]string{`dms.instanceClass: got "dms.r6g.large"; allowed: a DMS class: dms.t3.micro to dms.t3.large, or dms.c5, dms.c6i, dms.c7i, dms.r5, dms.r6i, dms.r7i from large up; DMS has no r6g family`}},
		{"dms c5 small", `{"dms":{"instanceClass":"dms.c5.small"}}`,
			[]string{`dms.instanceClass: got "dms.c5.small"; allowed: a DMS class: dms.t3.micro to dms.t3.large, or dms.c5, dms.c6i, dms.c7i, dms.r5, dms.r6i, dms.r7i from large up; dms.c5 goes from large up`}},
		{"oracle version banana", `{"oracle":{"engineVersion":"19.banana"}}`,
			[]string{`oracle.engineVersion: got "19.banana"; allowed: 19, or an exact RDS for Oracle 19c version such as 19.0.0.0.ru-2024-10.rur-2024-10.r1 (the lab builds the non-CDB engine oracle-se2, which RDS offers for 19c only: 21c runs only as a container database, and RDS no longer creates 11g, 12c or 18c)`}},
		{"oracle 21c", `{"oracle":{"engineVersion":"21"}}`,
			[]string{`oracle.engineVersion: got "21"; allowed: 19, or an exact RDS for Oracle 19c version such as 19.0.0.0.ru-2024-10.rur-2024-10.r1 (the lab builds the non-CDB engine oracle-se2, which RDS offers for 19c only: 21c runs only as a container database, and RDS no longer creates 11g, 12c or 18c)`}},
		{"oracle version cut short", `{"oracle":{"engineVersion":"19.0.0.0"}}`,
			[]string{`oracle.engineVersion: got "19.0.0.0"; allowed: 19, or an exact RDS for Oracle 19c version such as 19.0.0.0.ru-2024-10.rur-2024-10.r1 (the lab builds the non-CDB engine oracle-se2, which RDS offers for 19c only: 21c runs only as a container database, and RDS no longer creates 11g, 12c or 18c)`}},
		{"aurora 16.99", `{"aurora":{"engineVersion":"16.99"}}`,
			[]string{`aurora.engineVersion: got "16.99"; allowed: a major version from 13 to 17, or an exact version of one such as 16.4: MAJOR.MINOR, the minor from the major's first Aurora release (13.3, 14.3, 15.2, 16.1, 17.4) up to 30`}},
		{"aurora 16.0", `{"aurora":{"engineVersion":"16.0"}}`,
			[]string{`aurora.engineVersion: got "16.0"; allowed: a major version from 13 to 17, or an exact version of one such as 16.4: MAJOR.MINOR, the minor from the major's first Aurora release (13.3, 14.3, 15.2, 16.1, 17.4) up to 30`}},
		{"aurora 18", `{"aurora":{"engineVersion":"18"}}`,
			[]string{`aurora.engineVersion: got "18"; allowed: a major version from 13 to 17, or an exact version of one such as 16.4: MAJOR.MINOR, the minor from the major's first Aurora release (13.3, 14.3, 15.2, 16.1, 17.4) up to 30`}},
		{"aurora 16.04", `{"aurora":{"engineVersion":"16.04"}}`,
			[]string{`aurora.engineVersion: got "16.04"; allowed: a major version from 13 to 17, or an exact version of one such as 16.4: MAJOR.MINOR, the minor from the major's first Aurora release (13.3, 14.3, 15.2, 16.1, 17.4) up to 30`}},
		{"oracle db name select", `{"oracle":{"databaseName":"select"}}`,
			[]string{`oracle.databaseName: got "select"; allowed: a name that is not an Oracle reserved word (RDS refuses SELECT as the DB name), such as DBSOURCE`}},
		{"oracle db name nine characters", `{"oracle":{"databaseName":"DBSOURCE1"}}`,
			[]string{`oracle.databaseName: got "DBSOURCE1"; allowed: 1 to 8 letters and digits, starting with a letter`}},
		{"aurora db name select", `{"aurora":{"databaseName":"select"}}`,
			[]string{`aurora.databaseName: got "select"; allowed: a name that is not a PostgreSQL reserved key word (RDS refuses select), such as DBTARGET`}},
		{"aurora db name postgres", `{"aurora":{"databaseName":"postgres"}}`,
			[]string{`aurora.databaseName: got "postgres"; allowed: a name other than postgres, template0, template1, rdsadmin, which every Aurora PostgreSQL cluster already has`}},
		{"aurora db name user", `{"aurora":{"databaseName":"User"}}`,
			[]string{`aurora.databaseName: got "User"; allowed: a name that is not a PostgreSQL reserved key word (RDS refuses user), such as DBTARGET`}},
		{"vpc loopback", `{"sourceVpcCidr":"127.0.0.0/16"}`,
			[]string{`sourceVpcCidr: got "127.0.0.0/16"; allowed: a private (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) or other routable range; a VPC cannot use 127.0.0.0/8 (loopback)`}},
		{"vpc multicast", `{"targetVpcCidr":"224.0.0.0/16"}`,
			[]string{`targetVpcCidr: got "224.0.0.0/16"; allowed: a private (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) or other routable range; a VPC cannot use 224.0.0.0/4 (multicast)`}},
		{"vpc link-local", `{"sourceVpcCidr":"169.254.0.0/16"}`,
			[]string{`sourceVpcCidr: got "169.254.0.0/16"; allowed: a private (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) or other routable range; a VPC cannot use 169.254.0.0/16 (link-local)`}},
		{"vpc this network", `{"sourceVpcCidr":"0.0.0.0/16"}`,
			[]string{`sourceVpcCidr: got "0.0.0.0/16"; allowed: a private (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) or other routable range; a VPC cannot use 0.0.0.0/8 ("this network")`}},
		{"vpc too small for two subnets", `{"targetVpcCidr":"10.1.0.0/23"}`,
			[]string{`targetVpcCidr: got "10.1.0.0/23"; allowed: an IPv4 network from /16 to /22 written at its base address, such as 10.0.0.0/16 (AWS takes /16 to /28; the lab carves two /24 subnets, the second and third of the range, from it)`}},
		{"vpc reserved 240", `{"targetVpcCidr":"240.0.0.0/16"}`,
			[]string{`targetVpcCidr: got "240.0.0.0/16"; allowed: a private (10.0.0.0/8, 172.16.0.0/12, 192.168.0.0/16) or other routable range; a VPC cannot use 240.0.0.0/4 (reserved, broadcast)`}},
		{"prefix sthree", `{"namePrefix":"sthree-lab"}`,
			[]string{`namePrefix: got "sthree-lab"; allowed: a prefix whose every derived name its service accepts: the S3 bucket name prefix "sthree-lab-artifacts-" starts with "sthree-", which the service reserves (reserved prefixes: xn--, sthree-, amzn-s3-demo-) (S3 User Guide, general purpose bucket naming rules; Terraform adds 26 characters to bucket_prefix)`}},
		{"prefix amzn-s3-demo", `{"namePrefix":"amzn-s3-demo-lab"}`,
			[]string{`namePrefix: got "amzn-s3-demo-lab"; allowed: a prefix whose every derived name its service accepts: the S3 bucket name prefix "amzn-s3-demo-lab-artifacts-" starts with "amzn-s3-demo-", which the service reserves (reserved prefixes: xn--, sthree-, amzn-s3-demo-) (S3 User Guide, general purpose bucket naming rules; Terraform adds 26 characters to bucket_prefix)`, `namePrefix: got "amzn-s3-demo-lab"; allowed: a prefix whose every derived name its service accepts: the SSM document name "amzn-s3-demo-lab-prepare-source" starts with "amzn", which the service reserves (reserved prefixes: aws, amazon, amzn) (SSM API Reference, CreateDocument Name)`}},
		{"prefix aws", `{"namePrefix":"awslab"}`,
			[]string{`namePrefix: got "awslab"; allowed: a prefix whose every derived name its service accepts: the SSM document name "awslab-prepare-source" starts with "aws", which the service reserves (reserved prefixes: aws, amazon, amzn) (SSM API Reference, CreateDocument Name)`}},
		{"prefix sg", `{"namePrefix":"sg-lab"}`,
			[]string{`namePrefix: got "sg-lab"; allowed: a prefix whose every derived name its service accepts: the EC2 security group name "sg-lab-dms" starts with "sg-", which the service reserves (reserved prefixes: sg-) (EC2 API Reference, CreateSecurityGroup GroupName)`}},
		{"prefix too long", `{"namePrefix":"abcdefghijklmnopqrstuvwxyza"}`,
			[]string{`namePrefix: got "abcdefghijklmnopqrstuvwxyza"; allowed: 2 to 26 lower-case letters, digits and single hyphens, starting with a letter and ending with a letter or digit (at most 26: the S3 bucket name prefix "<namePrefix>-artifacts-" may hold 37 characters)`}},
		{"prefix ends with hyphen", `{"namePrefix":"lab-"}`,
			[]string{`namePrefix: got "lab-"; allowed: 2 to 26 lower-case letters, digits and single hyphens, starting with a letter and ending with a letter or digit (at most 26: the S3 bucket name prefix "<namePrefix>-artifacts-" may hold 37 characters)`}},
		{"prefix amazon", `{"namePrefix":"amazon-lab"}`,
			[]string{`namePrefix: got "amazon-lab"; allowed: a prefix whose every derived name its service accepts: the SSM document name "amazon-lab-prepare-source" starts with "amazon", which the service reserves (reserved prefixes: aws, amazon, amzn) (SSM API Reference, CreateDocument Name)`}},
		{"schema HR", `{"schemaName":"HR"}`,
			[]string{`schemaName: got "HR"; allowed: "" only: the tasks then replicate upper(source_db_username), the master user's schema, where dgen creates and fills TABLE1, TABLE2 and TABLE3; any other schema holds none of the lab's tables, so the Aurora task would fail (FailOnNoTablesCaptured). To replicate a schema named HR, deploy with source_db_username = "hr"`}},
		{"rate 0.3333", `{"workload":{"runRate":0.3333}}`,
			[]string{`workload.runRate: got 0.3333; allowed: more than 0 and up to 10000 changes per second, with at most 3 decimals (such as 10 or 0.5)`}},
		{"rate 10001", `{"workload":{"runRate":10001}}`,
			[]string{`workload.runRate: got 10001; allowed: more than 0 and up to 10000 changes per second, with at most 3 decimals (such as 10 or 0.5)`}},
		{"rate 1e-7", `{"workload":{"runRate":1e-7}}`,
			[]string{`workload.runRate: got 1e-07; allowed: more than 0 and up to 10000 changes per second, with at most 3 decimals (such as 10 or 0.5)`}},
		{"duration +90m", `{"workload":{"runDuration":"+90m"}}`,
			[]string{`workload.runDuration: got "+90m"; allowed: a Go duration such as "90m", "1h30m" or "2h" (at most 12 characters: digits, '.', h, m, s), or "0" for until stopped`}},
		{"duration 2d", `{"workload":{"runDuration":"2d"}}`,
			[]string{`workload.runDuration: got "2d"; allowed: a Go duration such as "90m", "1h30m" or "2h" (at most 12 characters: digits, '.', h, m, s), or "0" for until stopped`}},
		{"mix all zeros", `{"workload":{"runMix":"insert=0,update=0,delete=0"}}`,
			[]string{`workload.runMix: got "insert=0,update=0,delete=0"; allowed: weights such as "insert=6,update=3,delete=1": KIND=WEIGHT pairs separated by commas without spaces, each kind (insert, update, delete) at most once, weights from 0 to 1000, at least one more than 0 (at least one weight must be more than 0)`}},
		{"mix weight 5000", `{"workload":{"runMix":"insert=5000"}}`,
			[]string{`workload.runMix: got "insert=5000"; allowed: weights such as "insert=6,update=3,delete=1": KIND=WEIGHT pairs separated by commas without spaces, each kind (insert, update, delete) at most once, weights from 0 to 1000, at least one more than 0 ("insert=5000" is not KIND=WEIGHT with a weight from 0 to 1000)`}},
		{"mix with a space", `{"workload":{"runMix":"insert=1, update=2"}}`,
			[]string{`workload.runMix: got "insert=1, update=2"; allowed: weights such as "insert=6,update=3,delete=1": KIND=WEIGHT pairs separated by commas without spaces, each kind (insert, update, delete) at most once, weights from 0 to 1000, at least one more than 0 (unknown kind " update"; allowed: insert, update, delete)`}},
		{"mix kind twice", `{"workload":{"runMix":"insert=1,insert=2"}}`,
			[]string{`workload.runMix: got "insert=1,insert=2"; allowed: weights such as "insert=6,update=3,delete=1": KIND=WEIGHT pairs separated by commas without spaces, each kind (insert, update, delete) at most once, weights from 0 to 1000, at least one more than 0 ("insert" is given twice; give each kind at most once)`}},
		{"remove-column on a table", `{"auroraTask":{"tableMappings":{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"1","rule-action":"include","object-locator":{"schema-name":"%","table-name":"%"}},{"rule-type":"transformation","rule-id":"2","rule-name":"2","rule-action":"remove-column","rule-target":"table","object-locator":{"schema-name":"%","table-name":"TABLE1"}}]}}}`,
			[]string{`auroraTask.tableMappings.rules[1].rule-target: got "table"; allowed: a rule-target that remove-column applies to: column`}},
		{"define-primary-key on a column", `{"auroraTask":{"tableMappings":{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"1","rule-action":"include","object-locator":{"schema-name":"%","table-name":"%"}},{"rule-type":"transformation","rule-id":"2","rule-name":"2","rule-action":"define-primary-key","rule-target":"column","object-locator":{"schema-name":"%","table-name":"TABLE3","column-name":"block"},"primary-key-def":{"name":"pk","columns":["block"]}}]}}}`,
			[]string{`auroraTask.tableMappings.rules[1].rule-target: got "column"; allowed: a rule-target that define-primary-key applies to: table`}},
		{"change-data-type on a table", `{"s3Task":{"tableMappings":{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"1","rule-action":"include","object-locator":{"schema-name":"%","table-name":"%"}},{"rule-type":"transformation","rule-id":"2","rule-name":"2","rule-action":"change-data-type","rule-target":"table","object-locator":{"schema-name":"%","table-name":"TABLE1"},"data-type":{"type":"string","length":20}}]}}}`,
			[]string{`s3Task.tableMappings.rules[1].rule-target: got "table"; allowed: a rule-target that change-data-type applies to: column`}},
		{"post-processing rules", `{"auroraTask":{"settings":{"PostProcessingRules":{"rules":[]}}}}`,
			[]string{`auroraTask.settings.PostProcessingRules: got "a value"; allowed: nothing or null: DMS documents no form for PostProcessingRules, so the lab sends none`}},
		{"generator banana", `{"generatorInstanceType":"banana"}`,
			[]string{`generatorInstanceType: got "banana"; allowed: an EC2 instance type such as t3.micro (x86_64) or t4g.small (arm64); "banana" is not an EC2 instance type of the form FAMILY.SIZE, such as t3.micro or t4g.small`}},
		{"generator mac", `{"generatorInstanceType":"mac2.metal"}`,
			[]string{`generatorInstanceType: got "mac2.metal"; allowed: an EC2 instance type such as t3.micro (x86_64) or t4g.small (arm64); "mac2.metal" is a Mac instance, which runs macOS on a dedicated host; the generator host runs Amazon Linux`}},
		{"mapping without dgen tables", `{"auroraTask":{"tableMappings":{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"1","rule-action":"include","object-locator":{"schema-name":"%","table-name":"ORDERS"}}]}}}`,
			[]string{`auroraTask.tableMappings: got "no include rule for TABLE1, TABLE2, TABLE3, TYPES"; allowed: a mapping whose include rules select at least one of the tables dgen fills (TABLE1, TABLE2, TABLE3, TYPES), or none for the default (every table of the schema); a task that captures no table fails or stays empty`}},
	}
	if len(cases) < 40 {
		t.Fatalf("only %d cases", len(cases))
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(c.doc))
			if err == nil {
				t.Fatal("accepted")
			}
			got := strings.Split(err.Error(), "\n")
			if strings.Join(got, "\n") != strings.Join(c.want, "\n") {
				t.Fatalf("want exactly\n  %s\ngot\n  %s", strings.Join(c.want, "\n  "), strings.Join(got, "\n  "))
			}
		})
	}
}
