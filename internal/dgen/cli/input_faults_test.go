package cli

// Bad input and faults of issue 11, items 8 to 11: input, messages,
// connections. Each case asserts the exit status and the message.

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"
)

// The password the cases below put in DSNs; no message may show it.
const leakCanary = "Sup3rSecret"

// Refused before anything is sent anywhere: exit 2, the flag, the value
// and what is allowed.
func TestInputOutsideWhatTheColumnsTake(t *testing.T) {
	dsn := "postgres://u:" + leakCanary + "@127.0.0.1:1/db" // never reached
	missing := filepath.Join(t.TempDir(), "no-such-config.json")
	cases := []struct {
		name string
		args []string
		env  map[string]string
		want string
	}{
		{"block above INTEGER", []string{"--dsn", dsn, "insert", "-t", "all", "-n", "5", "-b", "1,3000000000"}, nil,
			`-b "1,3000000000": "3000000000" is outside the block column's range, 0 to 2147483647`},
		{"block beyond int64", []string{"--dsn", dsn, "update", "-t", "all", "-b", "99999999999999999999", "-m", "x"}, nil,
			`-b "99999999999999999999": "99999999999999999999" is outside the block column's range, 0 to 2147483647`},
		{"range ending above INTEGER", []string{"--dsn", dsn, "delete", "-t", "table1", "-b", "2147483647-2147483648"}, nil,
			`-b "2147483647-2147483648": "2147483647-2147483648" is outside the block column's range, 0 to 2147483647`},
		{"run blocks above INTEGER", []string{"--dsn", dsn, "run", "--rate", "5", "--blocks", "1-3000000000"}, nil,
			`--blocks "1-3000000000": "1-3000000000" is outside the block column's range, 0 to 2147483647`},
		{"preload block above INTEGER", []string{"--dsn", dsn, "preload", "--rows", "5", "--block", "2147483648"}, nil,
			`--block 2147483648: outside the block column's range, 0 to 2147483647`},
		{"negative block", []string{"--dsn", dsn, "data", "-t", "table1", "-b", "-5"}, nil,
			`-b "-5": "-5" is not a block number (0 to 2147483647) or a range such as 1-10`},
		{"range too wide", []string{"--dsn", dsn, "insert", "-t", "all", "-n", "5", "-b", "1-200000"}, nil,
			`-b "1-200000": "1-200000" spans 200000 blocks; at most 100000 at once`},
		{"more blocks than an IN list takes", []string{"--dsn", dsn, "update", "-t", "all", "-b", "1-1001", "-m", "x"}, nil,
			`-b "1-1001": 1001 blocks; at most 1000 at once (the list is bound into one IN list, which Oracle caps at 1000), or all`},
		{"text not UTF-8", []string{"--dsn", dsn, "update", "-t", "all", "-b", "1", "-m", "caf\xe9"}, nil,
			`-m "caf\xe9": not UTF-8 text; dgen writes UTF-8 (set the terminal's locale to UTF-8)`},
		{"config -l not a host, password never shown", []string{"config", "-l", "db example", "-s", "ORCL", "-u", "admin", "-x", leakCanary}, nil,
			`-l "db example" -s "ORCL" -u "admin": not a host, service and user dgen can connect to`},
		{"unparsable DSN, password never shown", []string{"--dsn", "oracle://admin:" + leakCanary + "@db example:1521/ORCL", "info"}, nil,
			`--dsn "oracle://admin:xxxxx@db example:1521/ORCL": want oracle://USER:PASS@HOST:PORT/SERVICE or postgres://USER:PASS@HOST:PORT/DB`},
		{"DSN with a bad escape, password never shown", []string{"--dsn", "postgres://u:" + leakCanary + "%zz@h/db", "info"}, nil,
			`--dsn "postgres://u:xxxxx@h/db": want oracle://USER:PASS@HOST:PORT/SERVICE`},
		{"a password in a DSN option, never shown", []string{"--dsn", "oracle://u@h:1521/ORCL?SSL=true&WALLET%20PASSWORD=" + leakCanary, "info"}, nil,
			`no password for oracle://u@h:1521/ORCL?SSL=true&WALLET+PASSWORD=xxxxx: put it in DGEN_PASSWORD`},
		{"--target-schema breaking out of its quotes", []string{"--dsn", dsn, "verify", "--target", dsn, "--target-schema", `x"; DROP TABLE "TABLE1`}, nil,
			`--target-schema "x\"; DROP TABLE \"TABLE1": a schema name cannot hold a double quote (it is written quoted into the SQL)`},
		{"--config naming a missing file", []string{"--config", missing, "--dsn", dsn, "info"}, nil,
			"--config " + missing + ": no such file; `dgen config` writes it"},
		{"DGEN_CONFIG naming a missing file", []string{"--dsn", dsn, "info"}, map[string]string{"DGEN_CONFIG": missing},
			"DGEN_CONFIG " + missing + ": no such file; `dgen config` writes it"},
		{"init --dms-user not a name", []string{"--dsn", dsn, "init", "--dms-user", "dms; drop user x"}, nil,
			`--dms-user "dms; drop user x": want a letter, then up to 29 letters, digits and underscores`},
		{"prepare --dms-user not a name", []string{"--dsn", dsn, "prepare", "--dms-user", "1DMS"}, nil,
			`--dms-user "1DMS": want a letter, then up to 29 letters, digits and underscores`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := dgenRun(t, c.env, c.args...)
			if code != ExitUsage || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d, stderr %q; want exit 2 and %q", code, errOut, c.want)
			}
			if strings.Contains(errOut+out, leakCanary) {
				t.Errorf("the password leaked: %q", errOut)
			}
			if out != "" || strings.Count(strings.TrimSpace(errOut), "\n") > 0 {
				t.Errorf("want one line on stderr and nothing on stdout: %q / %q", out, errOut)
			}
		})
	}
}

// update -m: 20 characters, never part of one. A cut that split "é" made
// PostgreSQL refuse the whole update.
func TestUpdateCutsTheTextByCharacters(t *testing.T) {
	dsn := newDB(t)
	db := sqlDB(t, dsn)
	mustRun(t, dsn, "init")
	mustRun(t, dsn, "insert", "-t", "all", "-n", "20", "-b", "1", "--seed", "2")
	text := "a" + strings.Repeat("é", 30) // byte 20 is the middle of an é
	code, out, errOut := dgenRun(t, nil, "--dsn", dsn, "update", "-t", "all", "-b", "1", "-m", text)
	if code != ExitOK {
		t.Fatalf("exit %d: %s %s", code, out, errOut)
	}
	want := "a" + strings.Repeat("é", 19)
	for _, tb := range []string{"TABLE1", "TABLE2", "TABLE3"} {
		var n int
		db.QueryRow(`SELECT COUNT(*) FROM "`+tb+`" WHERE "cdc" = $1`, want).Scan(&n)
		if n != 20 {
			t.Errorf("%s: %d rows hold %q (%d characters), want 20", tb, n, want, utf8.RuneCountInString(want))
		}
	}
	assertLedgerMatches(t, db)
}

var passwordRoleOnce sync.Once

// passwordDB is a database owned by role pwuser, whom the server asks for
// a password (scram-sha-256) while trusting everyone else; it returns the
// DSN without a password.
func passwordDB(t *testing.T) string {
	t.Helper()
	admin := sqlDB(t, server.URL("postgres"))
	passwordRoleOnce.Do(func() {
		hba := filepath.Join(server.Dir, "data", "pg_hba.conf")
		old, err := os.ReadFile(hba)
		if err != nil {
			t.Fatal(err)
		}
		rule := "host all pwuser 127.0.0.1/32 scram-sha-256\n"
		if err := os.WriteFile(hba, append([]byte(rule), old...), 0o600); err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{`CREATE ROLE pwuser LOGIN PASSWORD 'pw-` + leakCanary + `'`, `SELECT pg_reload_conf()`} {
			if _, err := admin.Exec(q); err != nil {
				t.Fatal(err)
			}
		}
	})
	raw, err := server.NewDB()
	if err != nil {
		t.Fatal(err)
	}
	u, _ := url.Parse(raw)
	if _, err := admin.Exec(`ALTER DATABASE ` + strings.TrimPrefix(u.Path, "/") + ` OWNER TO pwuser`); err != nil {
		t.Fatal(err)
	}
	u.User = url.User("pwuser")
	dsn := u.String()
	// The reload reaches new connections a moment later.
	deadline := time.Now().Add(10 * time.Second)
	for {
		db, _ := sql.Open("pgx", dsn)
		err := db.Ping()
		db.Close()
		if err != nil && strings.Contains(err.Error(), "28P01") {
			return dsn
		}
		if time.Now().After(deadline) {
			t.Fatalf("the server does not ask pwuser for a password: %v", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// A PostgreSQL DSN without a password connects when the server or the
// environment needs none: trust, PGPASSWORD, a password file. dgen used to
// demand a password before trying.
func TestPostgresDSNWithoutPassword(t *testing.T) {
	trusted := strings.Replace(newDB(t), "postgres:test@", "postgres@", 1)
	if code, out, errOut := dgenRun(t, nil, "--dsn", trusted, "init"); code != ExitOK || !strings.Contains(out, "created TABLE1") {
		t.Errorf("trust: exit %d %s %s", code, out, errOut)
	}

	dsn := passwordDB(t)
	t.Run("server asks, none given", func(t *testing.T) {
		t.Setenv("PGPASSWORD", "")
		t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none"))
		code, out, errOut := dgenRun(t, nil, "--dsn", dsn, "init")
		want := "no password for " + dsn + ": the server asks for one; put it in DGEN_PASSWORD (or PGPASSWORD, ~/.pgpass), give --secret-id, or run in a terminal to be asked"
		if code != ExitUsage || !strings.Contains(errOut, want) || out != "" {
			t.Errorf("exit %d %q; want exit 2 and %q", code, errOut, want)
		}
	})
	t.Run("PGPASSWORD", func(t *testing.T) {
		t.Setenv("PGPASSWORD", "pw-"+leakCanary)
		if code, out, errOut := dgenRun(t, nil, "--dsn", dsn, "init"); code != ExitOK || !strings.Contains(out, "created TABLE1") {
			t.Errorf("exit %d %s %s", code, out, errOut)
		}
	})
	t.Run("password file", func(t *testing.T) {
		t.Setenv("PGPASSWORD", "")
		pass := filepath.Join(t.TempDir(), "pgpass")
		if err := os.WriteFile(pass, []byte("*:*:*:pwuser:pw-"+leakCanary+"\n"), 0o600); err != nil {
			t.Fatal(err)
		}
		t.Setenv("PGPASSFILE", pass)
		if code, out, errOut := dgenRun(t, nil, "--dsn", dsn, "--json", "info"); code != ExitOK || !strings.Contains(out, `"table": "TABLE1"`) {
			t.Errorf("exit %d %s %s", code, out, errOut)
		}
	})
	t.Run("the wrong password is a failure, not bad input", func(t *testing.T) {
		code, _, errOut := dgenRun(t, map[string]string{"DGEN_PASSWORD": "wrong"}, "--dsn", dsn, "info")
		if code != ExitFailure || !strings.Contains(errOut, "password authentication failed") || strings.Contains(errOut, "wrong") {
			t.Errorf("exit %d %q", code, errOut)
		}
	})
	t.Run("verify's target", func(t *testing.T) {
		t.Setenv("PGPASSWORD", "")
		t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none"))
		src := newDB(t)
		mustRun(t, src, "init")
		code, _, errOut := dgenRun(t, nil, "--dsn", src, "verify", "--target", dsn)
		want := "no password for the target " + dsn + ": the server asks for one; put it in DGEN_TARGET_PASSWORD (or PGPASSWORD, ~/.pgpass) or give --target-secret-id"
		if code != ExitUsage || !strings.Contains(errOut, want) {
			t.Errorf("exit %d %q; want exit 2 and %q", code, errOut, want)
		}
	})
}

// verify with the source as its target would always pass: exit 2.
func TestVerifyRefusesTheSourceAsTarget(t *testing.T) {
	dsn := newDB(t)
	mustRun(t, dsn, "init")
	u, _ := url.Parse(dsn)
	u.User = url.UserPassword("postgres", leakCanary) // same place, another spelling
	u.Host = "127.0.0.1:" + u.Port()
	code, out, errOut := dgenRun(t, nil, "--dsn", dsn, "verify", "--target", u.String())
	want := "is the source itself: verify would compare the source with itself; give the Aurora target (--target or --target-secret-id), or --target-schema for a copy in another schema"
	if code != ExitUsage || !strings.Contains(errOut, want) || out != "" {
		t.Errorf("exit %d %q %q", code, out, errOut)
	}
	if strings.Contains(errOut, leakCanary) {
		t.Errorf("the password leaked: %q", errOut)
	}
	// A copy in another schema of the same database is a target.
	db := sqlDB(t, dsn)
	copyToTarget(t, db, db)
	if code, out, errOut := dgenRun(t, nil, "--dsn", dsn, "verify", "--target", dsn, "--target-schema", "DMSCOPY"); code != ExitOK {
		t.Errorf("a copy in schema DMSCOPY: exit %d %s %s", code, out, errOut)
	}
}

// A target table DMS has not created yet is named as such, and the other
// tables still compare; verify exits 1 (the target differs), not with the
// driver's "relation does not exist".
func TestVerifyNamesATargetTableDMSHasNotCreated(t *testing.T) {
	srcDSN, src := filledSource(t)
	tgtDSN := newDB(t)
	tgt := sqlDB(t, tgtDSN)
	copyToTarget(t, src, tgt)
	if _, err := tgt.Exec(`ALTER TABLE "DMSCOPY"."TABLE2" SET SCHEMA public`); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := dgenRun(t, nil, "--dsn", srcDSN, "verify", "--target", tgtDSN, "--target-schema", "DMSCOPY")
	if code != ExitFailure || !strings.Contains(errOut, "the targets differ from the source") {
		t.Fatalf("exit %d %q", code, errOut)
	}
	for _, want := range []string{
		"0 blocks differ from the source; no TABLE2: DMS has not created it yet",
		"TABLE1 ", "TABLE2 ", "MISSING on the target: DMS has not created it yet", "TABLE3 ",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	for _, line := range strings.Split(out, "\n") {
		if (strings.Contains(line, "TABLE1 ") || strings.Contains(line, "TABLE3 ")) && !strings.HasSuffix(line, "equal") {
			t.Errorf("a table that compares is not shown equal: %q", line)
		}
	}
	res := runVerify(t, srcDSN, tgtDSN)
	r := res.reports[0]
	if res.code != ExitFailure || r.Equal || fmt.Sprint(r.MissingTables) != "[TABLE2]" || len(r.Diffs) != 0 || !r.Tables[1].Missing || !r.Tables[0].Equal || !r.Tables[2].Equal {
		t.Errorf("json: exit %d %+v", res.code, r)
	}
	// DMS creates it (the full load copies it) within --wait: equal.
	created := make(chan error, 1)
	go func() {
		time.Sleep(300 * time.Millisecond)
		_, err := tgt.Exec(`ALTER TABLE public."TABLE2" SET SCHEMA "DMSCOPY"`)
		created <- err
	}()
	old := pollEvery
	pollEvery = 200 * time.Millisecond
	defer func() { pollEvery = old }()
	res = runVerify(t, srcDSN, tgtDSN, "--wait", "20s")
	if err := <-created; err != nil {
		t.Fatal(err)
	}
	if res.code != ExitOK {
		t.Errorf("after DMS created it: exit %d %+v %s", res.code, res.reports, res.stderr)
	}
}

// The lab's default mapping no longer replicates dgen's bookkeeping
// (DGEN_LEDGER, DGEN_PRELOAD); a mapping that does must not confuse verify
// either: it compares TABLE1, TABLE2 and TABLE3 only, on Aurora and in S3.
func TestVerifyIgnoresBookkeepingTablesOnTheTargets(t *testing.T) {
	srcDSN, src := filledSource(t)
	tgtDSN := newDB(t)
	tgt := sqlDB(t, tgtDSN)
	copyToTarget(t, src, tgt)
	// Replicated (and, a moment behind, different): still equal.
	for _, q := range []string{
		`CREATE TABLE "DMSCOPY"."DGEN_LEDGER" ("table_name" VARCHAR(30), "block" NUMERIC(38,0), "row_count" NUMERIC(38,0), "inserted" NUMERIC(38,0), "updated" NUMERIC(38,0), "deleted" NUMERIC(38,0))`,
		`INSERT INTO "DMSCOPY"."DGEN_LEDGER" VALUES ('TABLE1', 1, 99999, 0, 0, 0)`,
		`CREATE TABLE "DMSCOPY"."DGEN_PRELOAD" ("table_name" VARCHAR(30), "start_key" NUMERIC(38,0), "loaded" NUMERIC(38,0), "target" NUMERIC(38,0))`,
	} {
		if _, err := tgt.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	if res := runVerify(t, srcDSN, tgtDSN); res.code != ExitOK || !res.reports[0].Equal || len(res.reports[0].Tables) != 3 {
		t.Errorf("with the bookkeeping replicated: exit %d %+v %s", res.code, res.reports, res.stderr)
	}
	// Not replicated (the default): equal as well.
	tgt.Exec(`DROP TABLE "DMSCOPY"."DGEN_LEDGER"; DROP TABLE "DMSCOPY"."DGEN_PRELOAD"`)
	if res := runVerify(t, srcDSN, tgtDSN); res.code != ExitOK || !res.reports[0].Equal {
		t.Errorf("without: exit %d %+v %s", res.code, res.reports, res.stderr)
	}

	// S3: a DGEN_LEDGER folder beside the tables' is not read.
	f := startFakeS3(t, "lab-bucket")
	for _, tb := range []string{"TABLE1", "TABLE2", "TABLE3"} {
		rows, _ := src.Query(`SELECT * FROM "` + tb + `"`)
		cols, _ := rows.Columns()
		var b strings.Builder
		b.WriteString("Op,dms_commit_ts," + strings.Join(cols, ",") + "\n")
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rows.Scan(ptrs...)
			b.WriteString("I,2026-11-25 13:00:00.000000")
			for _, v := range vals {
				b.WriteString("," + v.String)
			}
			b.WriteString("\n")
		}
		rows.Close()
		f.put("dms/ADMIN/"+tb+"/LOAD00000001.csv", []byte(b.String()))
	}
	putTypesFiles(t, f, src, "dms/ADMIN")
	f.put("dms/ADMIN/DGEN_LEDGER/LOAD00000001.csv", []byte("Op,dms_commit_ts,table_name,block,row_count\nI,2026-11-25 13:00:00.000000,TABLE1,1,99999\n"))
	f.put("dms/ADMIN/DGEN_LEDGER/2026/11/25/13/20261125-130000000.csv", []byte("not,a,table,of,dgen's\n"))
	code, out, errOut := dgenRun(t, nil, "--dsn", srcDSN, "--json", "verify", "--s3", "s3://lab-bucket/dms/ADMIN")
	if code != ExitOK || !strings.Contains(out, `"equal": true`) {
		t.Errorf("S3 with a DGEN_LEDGER folder: exit %d %s %s", code, out, errOut)
	}
}

// noAWS empties the AWS settings the SDK reads from the process: no keys,
// no profile files, no instance role (IMDS at imds, or none), and region.
func noAWS(t *testing.T, region, imds string) {
	dir := t.TempDir()
	for k, v := range map[string]string{
		"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": "", "AWS_SESSION_TOKEN": "",
		"AWS_PROFILE": "", "AWS_DEFAULT_PROFILE": "", "AWS_REGION": region, "AWS_DEFAULT_REGION": "",
		"AWS_CONFIG_FILE": filepath.Join(dir, "config"), "AWS_SHARED_CREDENTIALS_FILE": filepath.Join(dir, "credentials"),
		"AWS_WEB_IDENTITY_TOKEN_FILE": "", "AWS_CONTAINER_CREDENTIALS_FULL_URI": "", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI": "",
		"AWS_EC2_METADATA_DISABLED": "true", "AWS_EC2_METADATA_SERVICE_ENDPOINT": "",
	} {
		t.Setenv(k, v)
	}
	if imds != "" {
		t.Setenv("AWS_EC2_METADATA_DISABLED", "false")
		t.Setenv("AWS_EC2_METADATA_SERVICE_ENDPOINT", imds)
	}
}

// captureStderr runs fn with the process's stderr, where the AWS SDK's own
// logger writes, sent to a file, and returns what was written there.
func captureStderr(t *testing.T, fn func()) string {
	f, err := os.CreateTemp(t.TempDir(), "stderr")
	if err != nil {
		t.Fatal(err)
	}
	old := os.Stderr
	os.Stderr = f
	fn()
	os.Stderr = old
	f.Seek(0, 0)
	b, _ := io.ReadAll(f)
	f.Close()
	return string(b)
}

// Without AWS credentials or a region: one line that says how to give
// them, exit 2, and nothing from the SDK.
func TestNoAWSCredentialsOrRegionIsOneLine(t *testing.T) {
	src := newDB(t)
	mustRun(t, src, "init")
	// An instance-metadata endpoint that refuses, as off EC2: the SDK
	// used to print "WARN falling back to IMDSv1" to the process's stderr.
	imds := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(403) }))
	defer imds.Close()
	const noCreds = "no usable AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (after `aws configure` or `aws sso login`), or run where an instance role gives them"
	cases := []struct {
		name, region, imds string
		args               []string
		want               string
	}{
		{"status, no region", "", "", []string{"status", "--once"},
			"no AWS region: set AWS_REGION (or a profile's region in ~/.aws/config) or give --region"},
		{"status, no credentials", "us-east-1", "", []string{"status", "--once"}, noCreds},
		{"status, instance metadata refuses", "us-east-1", imds.URL, []string{"status", "--once"}, noCreds},
		{"verify --s3, no region", "", "", []string{"--dsn", src, "verify", "--s3", "s3://b/dms/ADMIN"},
			"no AWS region: set AWS_REGION (or a profile's region in ~/.aws/config) or give --s3-region"},
		{"verify --s3, no credentials", "", "", []string{"--dsn", src, "verify", "--s3", "s3://b/dms/ADMIN", "--s3-region", "us-east-1"}, noCreds},
		{"secret by name, no region", "", "", []string{"--secret-id", "dmslab/oracle", "info"},
			"no AWS region: set AWS_REGION (or a profile's region in ~/.aws/config), or give the secret's ARN, which names its region"},
		{"secret by ARN, no credentials", "", imds.URL, []string{"--secret-id", "arn:aws:secretsmanager:us-west-2:123456789012:secret:dmslab/oracle-AbCdEf", "info"}, noCreds},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			noAWS(t, c.region, c.imds)
			var code int
			var out, errOut string
			sdk := captureStderr(t, func() {
				ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
				defer cancel()
				code, out, errOut = dgenRunCtx(ctx, t, nil, c.args...)
			})
			if code != ExitUsage || !strings.Contains(errOut, c.want) {
				t.Errorf("exit %d %q; want exit 2 and %q", code, errOut, c.want)
			}
			if strings.Count(strings.TrimSpace(errOut), "\n") > 0 || out != "" || sdk != "" {
				t.Errorf("more than one line: stdout %q, stderr %q, the SDK's %q", out, errOut, sdk)
			}
		})
	}
}

// dgen config may name a file that does not exist yet: it writes it.
func TestConfigWritesTheFileItIsGiven(t *testing.T) {
	dsn := newDB(t)
	mustRun(t, dsn, "init")
	path := filepath.Join(t.TempDir(), "sub", "dgen.json")
	if code, out, errOut := dgenRun(t, nil, "--config", path, "config", "--dsn", dsn); code != ExitOK || !strings.Contains(out, "saved to "+path) {
		t.Fatalf("exit %d %s %s", code, out, errOut)
	}
	if code, out, errOut := dgenRun(t, map[string]string{"DGEN_CONFIG": path}, "--json", "info"); code != ExitOK || !strings.Contains(out, `"table": "TABLE1"`) {
		t.Errorf("info from DGEN_CONFIG: exit %d %s %s", code, out, errOut)
	}
}

// In a terminal, a DSN without a password is tried as it is, and dgen asks
// only when the server wants one.
func TestPromptOnlyWhenTheServerAsks(t *testing.T) {
	t.Setenv("PGPASSWORD", "")
	t.Setenv("PGPASSFILE", filepath.Join(t.TempDir(), "none"))
	home := t.TempDir()
	run := func(dsn string) (int, []string, string) {
		var asked []string
		var out, errb strings.Builder
		app := &App{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb,
			Getenv: func(k string) string {
				if k == "HOME" {
					return home
				}
				return ""
			},
			Prompt: func(label string) (string, error) {
				asked = append(asked, label)
				return "pw-" + leakCanary, nil
			}}
		code := app.Run(context.Background(), []string{"--dsn", dsn, "init"})
		return code, asked, out.String() + errb.String()
	}
	dsn := passwordDB(t)
	if code, asked, out := run(dsn); code != ExitOK || fmt.Sprint(asked) != "[password for "+dsn+": ]" {
		t.Errorf("the server asks: exit %d, asked %q: %s", code, asked, out)
	}
	trusted := strings.Replace(newDB(t), "postgres:test@", "postgres@", 1)
	if code, asked, out := run(trusted); code != ExitOK || len(asked) != 0 {
		t.Errorf("trust: exit %d, asked %q: %s", code, asked, out)
	}
}

// status reads the settings file too (for the source's row counts): a
// named file that is missing is bad input there as well.
func TestStatusRefusesAMissingConfigFile(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "gone.json")
	code, out, errOut := dgenRun(t, map[string]string{"DGEN_CONFIG": missing}, "status", "--once")
	if want := "DGEN_CONFIG " + missing + ": no such file; `dgen config` writes it"; code != ExitUsage || !strings.Contains(errOut, want) || out != "" {
		t.Errorf("exit %d %q %q; want exit 2 and %q", code, out, errOut, want)
	}
}
