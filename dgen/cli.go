package dgen

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"text/tabwriter"
)

// Env is how the CLI reads its environment (a map in tests).
type Env func(string) string

// App is one invocation of the dgen command.
type App struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	Getenv Env
	// Prompt reads a password from the terminal; nil when there is none.
	Prompt func(label string) (string, error)

	dsn, secretID, configPath string
	jsonOut                   bool
}

// Exit statuses.
const (
	ExitOK      = 0
	ExitFailure = 1 // something went wrong at run time
	ExitUsage   = 2 // bad input
)

// command is a command's name, argument synopsis and one-line summary.
type command struct {
	name, args, summary string
}

var commands []command

func init() {
	commands = []command{
		{"config", "[--dsn DSN | -l HOST -s SID -u USER [-x PASSWORD]] [--secret-id ID] [--save-password]", "test the connection and save it (alias set-config); never the password unless asked"},
		{"prepare", "[--retention-hours N] [--dms-user NAME]", "Oracle: archive-log retention, supplemental logging, the DMS user (password from DGEN_DMS_PASSWORD); idempotent"},
		{"init", "[--if-missing]", "drop and create TABLE1, TABLE2, TABLE3 and dgen's ledger"},
		{"insert", "-t TABLE|all -n ROWS -b BLOCKS [-d DELAY_MS] [--seed N]", "insert 1 to 10000 random rows per table into the given blocks"},
		{"update", "-t TABLE|all -b BLOCKS|all -m TEXT", `set "cdc" to TEXT (first 20 characters) in the given blocks`},
		{"delete", "-t TABLE|all -b BLOCKS|all", "delete the given blocks' rows (TABLE1 cascades to TABLE2)"},
		{"data", "-t TABLE -b BLOCKS|all", "print up to 300 rows"},
		{"info", "", "row count and blocks per table"},
		{"ledger", "", "what dgen has done, per table and block: the rows each block must hold"},
		{"preload", "--rows N [--block B] [--seed N] [--batch N]", "bulk load N rows per table; a rerun resumes"},
		{"run", "--rate OPS_PER_S --duration D [--mix insert=6,update=3,delete=1] [--seed N] [--blocks 1-10]", "a steady change workload; stops on SIGINT or SIGTERM with a summary"},
		{"verify", "[--source DSN] (--target DSN | --target-secret-id ID | --s3 s3://BUCKET/PREFIX) [--wait D] [--examples N]", "compare the source with Aurora and the S3 files, table by table and block by block"},
		{"status", "[--project NAME] [--region R] [--once] [--interval D]", "the lab's DMS tasks, live: status, full-load progress per table, changes applied, validation, CDC latency"},
		{"drop", "", "drop the three tables and dgen's ledger"},
	}
}

func (a *App) usage(w io.Writer) {
	fmt.Fprintln(w, "dgen: the DMS lab's data generator, for Oracle and PostgreSQL.")
	fmt.Fprintln(w, "\nUsage: dgen [--dsn DSN] [--secret-id ID] [--config FILE] [--json] COMMAND [flags]")
	fmt.Fprintln(w, "\nCommands:")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range commands {
		fmt.Fprintf(tw, "  %s\t%s\n", c.name, c.summary)
	}
	tw.Flush()
	fmt.Fprintln(w, `
Connection: --dsn or DGEN_DSN (oracle://USER:PASS@HOST:PORT/SERVICE or
postgres://USER:PASS@HOST:PORT/DB?sslmode=...), or the file saved by config.
The password may instead come from DGEN_PASSWORD, from an AWS Secrets Manager
secret (--secret-id; the lab's secrets hold the whole connection), or a prompt.

Exit status: 0 success, 1 failure at run time, 2 bad input.
Run "dgen COMMAND --help" for a command's flags.`)
}

// Run executes args (without the program name) and returns the exit status.
func (a *App) Run(ctx context.Context, args []string) int {
	global := flag.NewFlagSet("dgen", flag.ContinueOnError)
	global.SetOutput(io.Discard)
	a.commonFlags(global)
	help := global.Bool("help", false, "")
	global.BoolVar(help, "h", false, "")
	if err := global.Parse(args); err != nil {
		fmt.Fprintf(a.Stderr, "dgen: %v\n", err)
		a.usage(a.Stderr)
		return ExitUsage
	}
	rest := global.Args()
	if *help || len(rest) == 0 || rest[0] == "help" {
		if len(rest) == 0 && !*help {
			a.usage(a.Stderr)
			return ExitUsage
		}
		a.usage(a.Stdout)
		return ExitOK
	}
	name := rest[0]
	if name == "set-config" {
		name = "config"
	}
	fs := flag.NewFlagSet("dgen "+name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	a.commonFlags(fs)
	run, ok := a.handler(name, fs)
	if !ok {
		fmt.Fprintf(a.Stderr, "dgen: unknown command %q; one of: %s\n", rest[0], commandNames())
		return ExitUsage
	}
	if err := fs.Parse(rest[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			a.commandHelp(a.Stdout, name, fs)
			return ExitOK
		}
		fmt.Fprintf(a.Stderr, "dgen %s: %v\n", name, err)
		a.commandHelp(a.Stderr, name, fs)
		return ExitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(a.Stderr, "dgen %s: unexpected argument %q\n", name, fs.Arg(0))
		return ExitUsage
	}
	if err := run(ctx); err != nil {
		fmt.Fprintf(a.Stderr, "dgen %s: %v\n", name, err)
		var ue usageError
		if errors.As(err, &ue) {
			return ExitUsage
		}
		return ExitFailure
	}
	return ExitOK
}

func commandNames() string {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	return strings.Join(names, ", ")
}

func (a *App) commandHelp(w io.Writer, name string, fs *flag.FlagSet) {
	for _, c := range commands {
		if c.name == name {
			fmt.Fprintf(w, "Usage: dgen %s %s\n\n%s\n\nFlags:\n", c.name, c.args, c.summary)
		}
	}
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

func (a *App) commonFlags(fs *flag.FlagSet) {
	fs.StringVar(&a.dsn, "dsn", a.dsn, "connection URL (or DGEN_DSN)")
	fs.StringVar(&a.secretID, "secret-id", a.secretID, "AWS Secrets Manager secret with the connection or its password")
	fs.StringVar(&a.configPath, "config", a.configPath, "settings file (default $DGEN_CONFIG or ~/.config/dgen/config.json)")
	fs.BoolVar(&a.jsonOut, "json", a.jsonOut, "print JSON instead of tables")
}

func (a *App) printCounts(verb string, counts map[string]int64) error {
	return a.print(map[string]any{verb: counts}, func(w io.Writer) {
		names := make([]string, 0, len(counts))
		for n := range counts {
			names = append(names, n)
		}
		sort.Strings(names)
		for _, n := range names {
			fmt.Fprintf(w, "%s: %s %d rows\n", n, verb, counts[n])
		}
		if len(names) == 0 {
			fmt.Fprintf(w, "%s 0 rows\n", verb)
		}
	})
}

// print writes v as JSON with --json, else through text.
func (a *App) print(v any, text func(io.Writer)) error {
	if a.jsonOut {
		enc := json.NewEncoder(a.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	text(a.Stdout)
	return nil
}
