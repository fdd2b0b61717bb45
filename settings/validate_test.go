package settings

import (
	"strings"
	"testing"
)

// Each bad lab.json must be refused with a message that names the path, the
// value given and what is allowed.
func TestBadConfigurationsAreRefusedWithClearMessages(t *testing.T) {
	cases := []struct {
		name, doc, want string
	}{
		{"prep mode", `{"auroraTask":{"settings":{"FullLoadSettings":{"TargetTablePrepMode":"DROP"}}}}`,
			`auroraTask.settings.FullLoadSettings.TargetTablePrepMode: got "DROP"; allowed: one of DO_NOTHING, DROP_AND_CREATE, TRUNCATE_BEFORE_LOAD`},
		{"subtasks too many", `{"auroraTask":{"settings":{"FullLoadSettings":{"MaxFullLoadSubTasks":50}}}}`,
			`auroraTask.settings.FullLoadSettings.MaxFullLoadSubTasks: got 50; allowed: an integer from 1 to 49`},
		{"subtasks zero", `{"s3Task":{"settings":{"FullLoadSettings":{"MaxFullLoadSubTasks":0}}}}`,
			`s3Task.settings.FullLoadSettings.MaxFullLoadSubTasks: got 0; allowed: an integer from 1 to 49`},
		{"commit rate", `{"auroraTask":{"settings":{"FullLoadSettings":{"CommitRate":50001}}}}`,
			`auroraTask.settings.FullLoadSettings.CommitRate: got 50001; allowed: an integer from 1 to 50000`},
		{"validation mode", `{"auroraTask":{"settings":{"ValidationSettings":{"ValidationMode":"TABLE_LEVEL"}}}}`,
			`auroraTask.settings.ValidationSettings.ValidationMode: got "TABLE_LEVEL"; allowed: one of ROW_LEVEL, GROUP_LEVEL`},
		{"data error policy", `{"auroraTask":{"settings":{"ErrorBehavior":{"DataErrorPolicy":"IGNORE"}}}}`,
			`auroraTask.settings.ErrorBehavior.DataErrorPolicy: got "IGNORE"; allowed: one of IGNORE_RECORD, LOG_ERROR, SUSPEND_TABLE, STOP_TASK`},
		{"insert policy", `{"auroraTask":{"settings":{"ErrorBehavior":{"ApplyErrorInsertPolicy":"UPDATE_RECORD"}}}}`,
			`auroraTask.settings.ErrorBehavior.ApplyErrorInsertPolicy: got "UPDATE_RECORD"; allowed: one of IGNORE_RECORD, LOG_ERROR, SUSPEND_TABLE, STOP_TASK, INSERT_RECORD`},
		{"table escalation", `{"auroraTask":{"settings":{"ErrorBehavior":{"TableErrorEscalationPolicy":"SUSPEND_TABLE"}}}}`,
			`auroraTask.settings.ErrorBehavior.TableErrorEscalationPolicy: got "SUSPEND_TABLE"; allowed: one of STOP_TASK`},
		{"event policy", `{"auroraTask":{"settings":{"ErrorBehavior":{"EventErrorPolicy":"LOG_ERROR"}}}}`,
			`auroraTask.settings.ErrorBehavior.EventErrorPolicy: got "LOG_ERROR"; allowed: one of IGNORE, STOP_TASK`},
		{"severity", `{"s3Task":{"settings":{"Logging":{"LogComponents":[{"Id":"IO","Severity":"LOUD"}]}}}}`,
			`s3Task.settings.Logging.LogComponents[0].Severity: got "LOUD"; allowed: one of LOGGER_SEVERITY_DEFAULT, LOGGER_SEVERITY_ERROR, LOGGER_SEVERITY_WARNING, LOGGER_SEVERITY_INFO, LOGGER_SEVERITY_DEBUG, LOGGER_SEVERITY_DETAILED_DEBUG`},
		{"cloudwatch group", `{"s3Task":{"settings":{"Logging":{"CloudWatchLogGroup":null}}}}`,
			`s3Task.settings.Logging.CloudWatchLogGroup: got nothing; allowed: nothing: AWS provider 5.46 and later reject Logging.CloudWatchLogGroup at plan time, even as null; DMS names the log group itself`},
		{"cloudwatch stream", `{"auroraTask":{"settings":{"Logging":{"CloudWatchLogStream":"x"}}}}`,
			`auroraTask.settings.Logging.CloudWatchLogStream: got "x"; allowed: nothing: AWS provider 5.46 and later reject Logging.CloudWatchLogStream at plan time, even as null; DMS names the log stream itself`},
		{"misspelt key", `{"auroraTask":{"settings":{"FullLoadSettings":{"MaxFullLoadSubtasks":8}}}}`,
			`auroraTask.settings.FullLoadSettings.MaxFullLoadSubtasks: got "a value"; allowed: one of the known keys: CommitRate, CreatePkAfterFullLoad, MaxFullLoadSubTasks, StopTaskCachedChangesApplied, StopTaskCachedChangesNotApplied, TargetTablePrepMode, TransactionConsistencyTimeout`},
		{"wrong type", `{"auroraTask":{"settings":{"FullLoadSettings":{"CommitRate":"10000"}}}}`,
			`auroraTask.settings.FullLoadSettings.CommitRate: got "10000"; allowed: a JSON whole number`},
		{"lob modes", `{"auroraTask":{"settings":{"TargetMetadata":{"FullLobMode":true}}}}`,
			`auroraTask.settings.TargetMetadata.LimitedSizeLobMode: got true; allowed: false when TargetMetadata.FullLobMode is true (one LOB mode at a time)`},
		{"s3 batch apply", `{"s3Task":{"settings":{"TargetMetadata":{"BatchApplyEnabled":true}}}}`,
			`s3Task.settings.TargetMetadata.BatchApplyEnabled: got true; allowed: false: DMS does not support batch apply with an S3 target`},
		{"rule id not a number", `{"auroraTask":{"tableMappings":{"rules":[{"rule-type":"selection","rule-id":"one","rule-name":"1","rule-action":"include","object-locator":{"schema-name":"A","table-name":"%"}}]}}}`,
			`auroraTask.tableMappings.rules[0].rule-id: got "one"; allowed: a positive integer written as a string, such as "1"`},
		{"rule id zero", `{"auroraTask":{"tableMappings":{"rules":[{"rule-type":"selection","rule-id":"0","rule-name":"1","rule-action":"include","object-locator":{"schema-name":"A","table-name":"%"}}]}}}`,
			`auroraTask.tableMappings.rules[0].rule-id: got "0"; allowed: a positive integer written as a string, such as "1"`},
		{"duplicate rule id", `{"auroraTask":{"tableMappings":{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"a","rule-action":"include","object-locator":{"schema-name":"A","table-name":"%"}},{"rule-type":"selection","rule-id":"1","rule-name":"b","rule-action":"exclude","object-locator":{"schema-name":"A","table-name":"T%"}}]}}}`,
			`auroraTask.tableMappings.rules[1].rule-id: got "1"; allowed: an id not already used (rules[0] has it)`},
		{"duplicate rule name", `{"auroraTask":{"tableMappings":{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"a","rule-action":"include","object-locator":{"schema-name":"A","table-name":"%"}},{"rule-type":"selection","rule-id":"2","rule-name":"a","rule-action":"exclude","object-locator":{"schema-name":"A","table-name":"T%"}}]}}}`,
			`auroraTask.tableMappings.rules[1].rule-name: got "a"; allowed: a name not already used (rules[0] has it)`},
		{"no schema", `{"auroraTask":{"tableMappings":{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"1","rule-action":"include","object-locator":{"table-name":"%"}}]}}}`,
			`auroraTask.tableMappings.rules[0].object-locator.schema-name: got ""; allowed: a schema name or a % pattern`},
		{"selection action", `{"auroraTask":{"tableMappings":{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"1","rule-action":"take","object-locator":{"schema-name":"A","table-name":"%"}}]}}}`,
			`auroraTask.tableMappings.rules[0].rule-action: got "take"; allowed: one of include, exclude, explicit`},
		{"filter operator", `{"auroraTask":{"tableMappings":{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"1","rule-action":"include","object-locator":{"schema-name":"A","table-name":"T"},"filters":[{"filter-type":"source","column-name":"c","filter-conditions":[{"filter-operator":"lt","value":"1"}]}]}]}}}`,
			`auroraTask.tableMappings.rules[0].filters[0].filter-conditions[0].filter-operator: got "lt"; allowed: one of lte, ste, gte, eq, noteq, between, notbetween, null, notnull`},
		{"between without end", `{"auroraTask":{"tableMappings":{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"1","rule-action":"include","object-locator":{"schema-name":"A","table-name":"T"},"filters":[{"filter-type":"source","column-name":"c","filter-conditions":[{"filter-operator":"between","start-value":"1"}]}]}]}}}`,
			`auroraTask.tableMappings.rules[0].filters[0].filter-conditions[0]: got "between"; allowed: start-value and end-value with between`},
		{"rename without value", `{"auroraTask":{"tableMappings":{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"1","rule-action":"include","object-locator":{"schema-name":"A","table-name":"%"}},{"rule-type":"transformation","rule-id":"2","rule-name":"2","rule-action":"rename","rule-target":"table","object-locator":{"schema-name":"A","table-name":"T"}}]}}}`,
			`auroraTask.tableMappings.rules[1].value: got nothing; allowed: the new name, prefix, suffix or column name that rename needs`},
		{"parallel load type", `{"auroraTask":{"tableMappings":{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"1","rule-action":"include","object-locator":{"schema-name":"A","table-name":"%"}},{"rule-type":"table-settings","rule-id":"2","rule-name":"2","object-locator":{"schema-name":"A","table-name":"T"},"parallel-load":{"type":"partitions"}}]}}}`,
			`auroraTask.tableMappings.rules[1].parallel-load.type: got "partitions"; allowed: one of partitions-auto, subpartitions-auto, partitions-list, ranges, none`},
		{"lob mode", `{"auroraTask":{"tableMappings":{"rules":[{"rule-type":"selection","rule-id":"1","rule-name":"1","rule-action":"include","object-locator":{"schema-name":"A","table-name":"%"}},{"rule-type":"table-settings","rule-id":"2","rule-name":"2","object-locator":{"schema-name":"A","table-name":"T"},"lob-settings":{"mode":"full","bulk-max-size":"-5"}}]}}}`,
			`auroraTask.tableMappings.rules[1].lob-settings.mode: got "full"; allowed: one of limited, unlimited, none`},
		{"overlapping cidrs", `{"sourceVpcCidr":"10.0.0.0/16","targetVpcCidr":"10.0.128.0/17"}`,
			`targetVpcCidr: got "10.0.128.0/17"; allowed: a range that does not overlap sourceVpcCidr 10.0.0.0/16 (overlapping VPCs cannot be peered)`},
		{"oracle 12c", `{"oracle":{"engineVersion":"12.2.0.1"}}`,
			`oracle.engineVersion: got "12.2.0.1"; allowed: 19, or an exact RDS for Oracle 19c version such as 19.0.0.0.ru-2024-10.rur-2024-10.r1 (the lab builds the non-CDB engine oracle-se2, which RDS offers for 19c only: 21c runs only as a container database, and RDS no longer creates 11g, 12c or 18c)`},
		{"no archivelog", `{"oracle":{"backupRetentionDays":0}}`,
			`oracle.backupRetentionDays: got 0; allowed: 1 to 35 (at least 1: automated backups put Oracle in ARCHIVELOG mode, which CDC needs)`},
		{"dms t2", `{"dms":{"instanceClass":"dms.t2.small"}}`,
			`dms.instanceClass: got "dms.t2.small"; allowed: a DMS class: dms.t3.micro to dms.t3.large, or dms.c5, dms.c6i, dms.c7i, dms.r5, dms.r6i, dms.r7i from large up; dms.t2 is previous generation`},
		{"name prefix", `{"namePrefix":"DMS_Lab"}`,
			`namePrefix: got "DMS_Lab"; allowed: 2 to 26 lower-case letters, digits and single hyphens, starting with a letter and ending with a letter or digit (at most 26: the S3 bucket name prefix "<namePrefix>-artifacts-" may hold 37 characters)`},
		{"region", `{"targetRegion":"virginia"}`,
			`targetRegion: got "virginia"; allowed: an AWS region name such as us-west-2`},
		{"workload duration", `{"workload":{"runDuration":"forever"}}`,
			`workload.runDuration: got "forever"; allowed: a Go duration such as "90m", "1h30m" or "2h" (at most 12 characters: digits, '.', h, m, s), or "0" for until stopped`},
		{"workload rows fraction", `{"workload":{"preloadRows":10.5}}`,
			`workload.preloadRows: got 10.5; allowed: a JSON whole number`},
		{"workload rate", `{"workload":{"runRate":0}}`,
			`workload.runRate: got 0; allowed: more than 0 and up to 10000 changes per second, with at most 3 decimals (such as 10 or 0.5)`},
		{"aurora major", `{"aurora":{"engineVersion":"11.9"}}`,
			`aurora.engineVersion: got "11.9"; allowed: a major version from 13 to 17, or an exact version of one such as 16.4: MAJOR.MINOR, the minor from the major's first Aurora release (13.3, 14.3, 15.2, 16.1, 17.4) up to 30`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(c.doc))
			if err == nil {
				t.Fatal("accepted")
			}
			lines := strings.Split(err.Error(), "\n")
			for _, l := range lines {
				if l == c.want {
					return
				}
			}
			t.Fatalf("want the line\n  %s\ngot\n  %s", c.want, strings.Join(lines, "\n  "))
		})
	}
}

// One run reports every problem, not just the first.
func TestValidateReportsEveryProblemAtOnce(t *testing.T) {
	_, err := ParseConfig([]byte(`{
		"namePrefix": "X",
		"oracle": {"engineVersion": "12"},
		"auroraTask": {"settings": {"FullLoadSettings": {"MaxFullLoadSubTasks": 99, "CommitRate": 0}}}
	}`))
	if err == nil {
		t.Fatal("accepted")
	}
	ps, ok := err.(Problems)
	if !ok {
		t.Fatalf("want Problems, got %T: %v", err, err)
	}
	var paths []string
	for _, p := range ps {
		paths = append(paths, p.Path)
	}
	want := "namePrefix oracle.engineVersion auroraTask.settings.FullLoadSettings.MaxFullLoadSubTasks auroraTask.settings.FullLoadSettings.CommitRate"
	if strings.Join(paths, " ") != want {
		t.Fatalf("paths = %v, want %s", paths, want)
	}
}

func TestConfigOverlayKeepsUnsetDefaults(t *testing.T) {
	cfg, err := ParseConfig([]byte(`{"auroraTask":{"settings":{"FullLoadSettings":{"MaxFullLoadSubTasks":16}}},"dmsServiceRoles":"never"}`))
	if err != nil {
		t.Fatal(err)
	}
	fl := cfg.AuroraTask.Settings.FullLoadSettings
	if *fl.MaxFullLoadSubTasks != 16 || *fl.CommitRate != 10000 || *fl.TargetTablePrepMode != "DROP_AND_CREATE" {
		t.Errorf("overlay lost preset values: %+v", fl)
	}
	if cfg.DMSServiceRoles != "never" {
		t.Error("dmsServiceRoles did not become never")
	}
	if cfg.Oracle.InstanceClass != DefaultConfig().Oracle.InstanceClass {
		t.Error("an unset section lost its default")
	}
	if *cfg.S3Task.Settings.FullLoadSettings.MaxFullLoadSubTasks != 8 {
		t.Error("the S3 task changed with the Aurora task")
	}
}

func TestDefaultConfigIsValid(t *testing.T) {
	if err := DefaultConfig().Validate(); err != nil {
		t.Fatal(err)
	}
	cfg, err := ParseConfig(nil)
	if err != nil || cfg.NamePrefix != "dmslab" {
		t.Fatalf("empty document: %v, %v", cfg, err)
	}
}

func TestExampleConfigFileIsValid(t *testing.T) {
	if _, err := LoadConfig("../lab.example.json", true); err != nil {
		t.Fatal(err)
	}
}
