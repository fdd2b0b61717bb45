// Package cli is the dgen command: the only code that knows its flags, its
// environment variables (DGEN_*, and AWS_ENDPOINT_URL_S3 for path-style
// S3), its exit statuses and what it prints. Each command is an options
// struct in a file of its own that registers its flags, validates them,
// then runs; the usage text is generated from the flags. Library errors
// come back without flag names; this package adds them and turns errors
// into exit statuses.
//
// It may import every dgen package (store, connect, verify, dmsstatus),
// internal/workloadspec (run's rate, duration and mix, shared with lab.json
// and the lab's SSM document) and the AWS SDK's configuration loader. It must not import an engine package
// (store/oracle, store/postgres) nor compare engine names: it opens
// databases through connect and asks the store's dialect.
package cli

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

// App is one invocation of the dgen command.
type App struct {
	Stdin  io.Reader
	Stdout io.Writer
	Stderr io.Writer
	// Getenv reads the environment (a map in tests); nothing else in dgen does.
	Getenv func(string) string
	// Prompt reads a password from the terminal; nil when there is none.
	Prompt func(label string) (string, error)

	global globalOptions
	// flagPassword is a password given by a command's flag (config -x).
	flagPassword string
	// writingConfig: the config command may name a file that does not
	// exist yet.
	writingConfig bool
}

// globalOptions are the flags every command takes.
type globalOptions struct {
	dsn, secretID, configPath string
	jsonOut                   bool
}

// Exit statuses.
const (
	ExitOK      = 0
	ExitFailure = 1 // something went wrong at run time
	ExitUsage   = 2 // bad input
)

// command is one dgen command: an options struct that registers its flags,
// checks their values before anything is sent anywhere, then runs.
type command interface {
	flags(fs *flagSet, a *App)
	validate() error
	run(ctx context.Context, a *App) error
}

// noFlags is embedded by the commands that take no flags of their own.
type noFlags struct{}

func (noFlags) flags(*flagSet, *App) {}
func (noFlags) validate() error      { return nil }

// commandSpec names a command, says what it does, and makes its options.
type commandSpec struct {
	name, summary string
	options       func() command
}

// commands in the order the usage lists them.
var commands []commandSpec

func init() {
	commands = []commandSpec{
		{"config", "test the connection and save it (alias set-config); never the password unless asked", func() command { return &configOptions{} }},
		{"prepare", "Oracle: archive-log retention, supplemental logging, the DMS user (password from DGEN_DMS_PASSWORD); idempotent", func() command { return &prepareOptions{} }},
		{"init", "drop and create TABLE1, TABLE2, TABLE3, TYPES and dgen's ledger", func() command { return &initOptions{} }},
		{"insert", "insert 1 to 10000 random rows per table into the given blocks", func() command { return &insertOptions{} }},
		{"update", `set "cdc" to TEXT (first 20 characters) in the given blocks`, func() command { return &updateOptions{} }},
		{"delete", "delete the given blocks' rows (TABLE1 cascades to TABLE2)", func() command { return &deleteOptions{} }},
		{"data", "print up to 300 rows", func() command { return &dataOptions{} }},
		{"info", "row count and blocks per table", func() command { return &infoOptions{} }},
		{"ledger", "what dgen has done, per table and block: the rows each block must hold", func() command { return &ledgerOptions{} }},
		{"preload", "bulk load N rows per table; a rerun resumes", func() command { return &preloadOptions{} }},
		{"run", "a steady change workload; stops on SIGINT or SIGTERM with a summary", func() command { return &runOptions{} }},
		{"verify", "compare the source with Aurora and the S3 files, table by table and block by block", func() command { return &verifyOptions{} }},
		{"status", "the lab's DMS tasks or serverless replications, live: status, full-load progress per table, changes applied, validation, CDC latency", func() command { return &statusOptions{} }},
		{"report", "one self-contained HTML page of the lab: tasks, timelines, full load per table, CDC latency and throughput charts, verify results, cost so far", func() command { return &reportOptions{} }},
		{"drop", "drop the three tables and dgen's ledger", func() command { return &dropOptions{} }},
	}
}

func commandNamed(name string) (commandSpec, bool) {
	for _, c := range commands {
		if c.name == name {
			return c, true
		}
	}
	return commandSpec{}, false
}

func commandNames() string {
	var names []string
	for _, c := range commands {
		names = append(names, c.name)
	}
	return strings.Join(names, ", ")
}

// Run executes args (without the program name) and returns the exit status.
func (a *App) Run(ctx context.Context, args []string) int {
	global := newFlagSet("dgen")
	a.globalFlags(global)
	help := global.Bool("help", false, "show this help")
	global.BoolVar(help, "h", false, "show this help")
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
	spec, ok := commandNamed(name)
	if !ok {
		fmt.Fprintf(a.Stderr, "dgen: unknown command %q; one of: %s\n", rest[0], commandNames())
		return ExitUsage
	}
	fs := newFlagSet("dgen " + name)
	a.globalFlags(fs)
	cmd := spec.options()
	cmd.flags(fs, a)
	if err := fs.Parse(rest[1:]); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			commandHelp(a.Stdout, spec, fs)
			return ExitOK
		}
		fmt.Fprintf(a.Stderr, "dgen %s: %v\n", name, err)
		commandHelp(a.Stderr, spec, fs)
		return ExitUsage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(a.Stderr, "dgen %s: unexpected argument %q\n", name, fs.Arg(0))
		return ExitUsage
	}
	err := cmd.validate()
	if err == nil && name != "config" {
		// Every command but config, which writes it, needs the file named.
		err = a.checkConfigNamed()
	}
	if err == nil {
		err = cmd.run(ctx, a)
	}
	if err != nil {
		fmt.Fprintf(a.Stderr, "dgen %s: %v\n", name, err)
		var ue usageError
		if errors.As(err, &ue) {
			return ExitUsage
		}
		return ExitFailure
	}
	return ExitOK
}

func (a *App) globalFlags(fs *flagSet) {
	g := &a.global
	fs.StringVar(&g.dsn, "dsn", g.dsn, "connection `URL` (or DGEN_DSN)")
	fs.StringVar(&g.secretID, "secret-id", g.secretID, "AWS Secrets Manager secret with the connection or its password (`ID` or ARN)")
	fs.StringVar(&g.configPath, "config", g.configPath, "settings `FILE` (default $DGEN_CONFIG or ~/.config/dgen/config.json)")
	fs.BoolVar(&g.jsonOut, "json", g.jsonOut, "print JSON instead of tables")
	fs.markGlobal()
}

func (a *App) usage(w io.Writer) {
	global := newFlagSet("dgen")
	a.globalFlags(global)
	fmt.Fprintln(w, "dgen: the DMS lab's data generator, for Oracle and PostgreSQL.")
	fmt.Fprintf(w, "\nUsage: dgen %s COMMAND [flags]\n", global.synopsis(true))
	fmt.Fprintln(w, "\nCommands:")
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for _, c := range commands {
		fmt.Fprintf(tw, "  %s\t%s\n", c.name, c.summary)
	}
	tw.Flush()
	fmt.Fprintln(w, "\nFlags of every command:")
	global.SetOutput(w)
	global.PrintDefaults()
	fmt.Fprintln(w, `
Connection: --dsn or DGEN_DSN (oracle://USER:PASS@HOST:PORT/SERVICE?OPTIONS
or postgres://USER:PASS@HOST:PORT/DB?sslmode=...), or the file saved by
config. An Oracle DSN's options (SSL=true, SID=..., PREFETCH_ROWS=..., any
go-ora option) go to the driver. The password may instead come from
DGEN_PASSWORD, from an AWS Secrets Manager secret (--secret-id; the lab's
secrets hold the whole connection), or a prompt; a PostgreSQL DSN without
one is tried as it is first (trust, PGPASSWORD, ~/.pgpass).

Exit status: 0 success, 1 failure at run time, 2 bad input.
Run "dgen COMMAND --help" for a command's flags.`)
}

// commandHelp is a command's usage, generated from its flags.
func commandHelp(w io.Writer, spec commandSpec, fs *flagSet) {
	fmt.Fprintf(w, "Usage: dgen %s %s\n\n%s\n\nFlags:\n", spec.name, fs.synopsis(false), spec.summary)
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// print writes v as JSON with --json, else through text.
func (a *App) print(v any, text func(io.Writer)) error {
	if a.global.jsonOut {
		enc := json.NewEncoder(a.Stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	text(a.Stdout)
	return nil
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

// usageError is bad input: the command exits 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func badInput(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }
