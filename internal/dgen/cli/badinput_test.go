package cli

import (
	"strings"
	"testing"
)

// Bad input exits 2 with a message naming the flag, the value and what is
// allowed, before anything is sent to a database.
func TestBadInputIsRefused(t *testing.T) {
	dsn := "postgres://u:p@127.0.0.1:1/db" // never reached: input is checked first
	cases := []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--dsn", dsn, "insert", "-t", "table9", "-n", "5", "-b", "1"}, nil, `-t "table9": no such table; allowed: TABLE1, TABLE2, TABLE3, TYPES or all`},
		{[]string{"--dsn", dsn, "insert", "-t", "all", "-n", "0", "-b", "1"}, nil, `-n 0: the number of rows must be from 1 to 10000`},
		{[]string{"--dsn", dsn, "insert", "-t", "all", "-n", "10001", "-b", "1"}, nil, `-n 10001: the number of rows must be from 1 to 10000`},
		{[]string{"--dsn", dsn, "insert", "-t", "all", "-n", "5", "-b", "1,x"}, nil, `-b "1,x": "x" is not a block number (0 to 2147483647) or a range such as 1-10`},
		{[]string{"--dsn", dsn, "insert", "-t", "all", "-n", "5", "-b", "all"}, nil, `-b all: this command needs a list of blocks, such as 1,2,3`},
		{[]string{"--dsn", dsn, "insert", "-t", "all", "-n", "5", "-b", "1", "-d", "1001"}, nil, `-d 1001: the delay must be from 0 to 1000 milliseconds`},
		{[]string{"--dsn", dsn, "insert", "-t", "all", "-n", "5", "-b", "1", "-d", "-1"}, nil, `-d -1: the delay must be from 0 to 1000 milliseconds`},
		{[]string{"--dsn", dsn, "update", "-t", "all", "-b", "1"}, nil, `-m: give the text to write into the cdc column`},
		{[]string{"--dsn", dsn, "data", "-t", "all", "-b", "1"}, nil, `-t all: this command takes one table: TABLE1, TABLE2, TABLE3 or TYPES`},
		{[]string{"--dsn", dsn, "delete", "-t", "table1"}, nil, `-b: give blocks, such as 1,2,3 or all`},
		{[]string{"--dsn", dsn, "preload", "--rows", "0"}, nil, `--rows 0: want 1 to 100000000 rows per table`},
		{[]string{"--dsn", dsn, "preload", "--rows", "5", "--types-rows", "-1"}, nil, `--types-rows -1: want 1 to 1000000 rows of TYPES, or 0 for as many as --rows up to 1000`},
		{[]string{"--dsn", dsn, "preload", "--rows", "5", "--types-rows", "2000000"}, nil, `--types-rows 2000000: want 1 to 1000000 rows of TYPES`},
		{[]string{"--dsn", dsn, "run", "--rate", "0", "--duration", "1s"}, nil, `--rate 0: want more than 0 and up to 10000 changes per second`},
		{[]string{"--dsn", dsn, "run", "--rate", "5", "--mix", "insert=1,merge=2"}, nil, `--mix "insert=1,merge=2": unknown kind "merge"; allowed: insert, update, delete`},
		{[]string{"--dsn", dsn, "run", "--rate", "5", "--mix", "insert=0"}, nil, `--mix "insert=0": at least one weight must be more than 0`},
		{[]string{"--dsn", dsn, "prepare", "--retention-hours", "500"}, nil, `--retention-hours 500: want 1 to 168`},
		{[]string{"--dsn", "mysql://u:p@h/db", "info"}, nil, `--dsn scheme "mysql": want oracle or postgres`},
		{[]string{"--dsn", "oracle://u:secret@h:99999/ORCL", "info"}, nil, `--dsn port "99999": want 1 to 65535`},
		{[]string{"--dsn", "oracle://u@h:1521/ORCL", "info"}, nil, `no password for oracle://u@h:1521/ORCL: put it in DGEN_PASSWORD, give --secret-id, or run in a terminal to be asked`},
		{[]string{"info"}, nil, "no connection: give --dsn, set DGEN_DSN, give --secret-id, or save one with `dgen config`"},
		{[]string{"--dsn", dsn, "frobnicate"}, nil, `unknown command "frobnicate"; one of: config, prepare, init, insert, update, delete, data, info, ledger, preload, run, verify, status, report, drop`},
		{[]string{"--dsn", dsn, "insert", "-t", "all", "-n", "5", "-b", "1", "-q"}, nil, `flag provided but not defined: -q`},
		{[]string{"config", "-l", "db.example", "-u", "admin"}, nil, `-l, -s and -u go together: give the Oracle host, SID and user`},
		{[]string{"--dsn", dsn, "verify"}, nil, `verify needs a target: --target, --target-secret-id or --s3`},
		{[]string{"--dsn", dsn, "verify", "--s3", "https://bucket/x"}, nil, `--s3 "https://bucket/x": want s3://BUCKET/PREFIX, the folder that holds TABLE1, TABLE2 and TABLE3`},
		{[]string{"--dsn", dsn, "verify", "--target", "oracle://a:b@h:1521/X"}, nil, `--target oracle://a@h:1521/X: the target must be PostgreSQL (postgres://...)`},
		{[]string{"--dsn", dsn, "verify", "--target", dsn, "--examples", "500"}, nil, `--examples 500: want 0 to 100`},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, out, errOut := dgenRun(t, c.env, c.args...)
			if code != ExitUsage {
				t.Errorf("exit %d, want %d", code, ExitUsage)
			}
			if !strings.Contains(errOut, c.want) {
				t.Errorf("stderr %q lacks %q", errOut, c.want)
			}
			if strings.Contains(errOut, "secret") && strings.Contains(strings.Join(c.args, " "), "secret@") {
				t.Errorf("the password from the DSN leaked into the message: %q", errOut)
			}
			if strings.Contains(errOut, "goroutine") || out != "" {
				t.Errorf("unexpected output %q / %q", out, errOut)
			}
		})
	}
}

func TestHelpOnEveryCommand(t *testing.T) {
	for _, c := range commands {
		code, out, _ := dgenRun(t, nil, c.name, "--help")
		if code != ExitOK || !strings.Contains(out, "Usage: dgen "+c.name) {
			t.Errorf("%s --help: exit %d, %q", c.name, code, out)
		}
	}
	if code, out, _ := dgenRun(t, nil, "--help"); code != ExitOK || !strings.Contains(out, "Exit status: 0 success, 1 failure at run time, 2 bad input") {
		t.Errorf("dgen --help: exit %d, %q", code, out)
	}
}

func TestRuntimeFailureExitsOne(t *testing.T) {
	code, _, errOut := dgenRun(t, nil, "--dsn", "postgres://u:p@127.0.0.1:1/db?connect_timeout=2", "info")
	if code != ExitFailure || !strings.Contains(errOut, "connect to postgres://u@127.0.0.1:1/db") {
		t.Errorf("exit %d: %q", code, errOut)
	}
	if strings.Contains(errOut, "u:p@") {
		t.Errorf("the password leaked: %q", errOut)
	}
}
