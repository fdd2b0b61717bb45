package dgen

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"golang.org/x/term"
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

// handler registers one command's flags on fs and returns its body.
func (a *App) handler(name string, fs *flag.FlagSet) (func(context.Context) error, bool) {
	seedFlag := func(usage string) *uint64 { return fs.Uint64("seed", 0, usage) }
	switch name {
	case "config":
		host := fs.String("l", "", "Oracle host (earlier flag)")
		sid := fs.String("s", "", "Oracle SID / service (earlier flag)")
		user := fs.String("u", "", "user (earlier flag)")
		pass := fs.String("x", "", "password (earlier flag; prefer DGEN_PASSWORD)")
		save := fs.Bool("save-password", false, "also save the password (file mode 0600)")
		return func(ctx context.Context) error { return a.cmdConfig(ctx, *host, *sid, *user, *pass, *save) }, true
	case "init":
		ifMissing := fs.Bool("if-missing", false, "create the tables only when they do not all exist (never drops data)")
		return func(ctx context.Context) error {
			return a.withStore(ctx, func(ctx context.Context, s *Store) error { return a.cmdInit(ctx, s, *ifMissing) })
		}, true
	case "drop":
		return func(ctx context.Context) error { return a.withStore(ctx, a.cmdDrop) }, true
	case "info":
		return func(ctx context.Context) error { return a.withStore(ctx, a.cmdInfo) }, true
	case "ledger":
		return func(ctx context.Context) error { return a.withStore(ctx, a.cmdLedger) }, true
	case "insert":
		tableFlag := fs.String("t", "", "TABLE1, TABLE2, TABLE3 or all")
		rowsFlag := fs.Int("n", 0, "rows to insert per table, 1 to 10000")
		blocksFlag := fs.String("b", "", "blocks to pick from, such as 1,2,3")
		delayFlag := fs.Int("d", 0, "delay between rows in milliseconds, 0 to 1000 (each row then commits alone)")
		seed := seedFlag("random seed (0: a new one each time)")
		return func(ctx context.Context) error {
			tables, err := parseTables(*tableFlag, true)
			if err != nil {
				return err
			}
			if *rowsFlag < 1 || *rowsFlag > 10000 {
				return badInput("-n %d: the number of rows must be from 1 to 10000", *rowsFlag)
			}
			blocks, err := parseBlocks(*blocksFlag, false)
			if err != nil {
				return err
			}
			if *delayFlag < 0 || *delayFlag > 1000 {
				return badInput("-d %d: the delay must be from 0 to 1000 milliseconds", *delayFlag)
			}
			return a.withStore(ctx, func(ctx context.Context, s *Store) error {
				done, err := s.Insert(ctx, InsertOptions{Tables: tables, Rows: *rowsFlag, Blocks: blocks, Delay: time.Duration(*delayFlag) * time.Millisecond, Seed: *seed})
				if err != nil {
					return err
				}
				return a.printCounts("inserted", done)
			})
		}, true
	case "update", "delete", "data":
		tableFlag := fs.String("t", "", "TABLE1, TABLE2, TABLE3"+map[bool]string{true: " or all", false: ""}[name != "data"])
		blocksFlag := fs.String("b", "", "blocks, such as 1,2,3, or all")
		var textFlag *string
		if name == "update" {
			textFlag = fs.String("m", "", "text for the cdc column (first 20 characters are kept)")
		}
		return func(ctx context.Context) error {
			tables, err := parseTables(*tableFlag, name != "data")
			if err != nil {
				return err
			}
			blocks, err := parseBlocks(*blocksFlag, true)
			if err != nil {
				return err
			}
			switch name {
			case "update":
				if *textFlag == "" {
					return badInput("-m: give the text to write into the cdc column")
				}
				return a.withStore(ctx, func(ctx context.Context, s *Store) error {
					done, err := s.Update(ctx, tables, blocks, *textFlag)
					if err != nil {
						return err
					}
					return a.printCounts("updated", done)
				})
			case "delete":
				return a.withStore(ctx, func(ctx context.Context, s *Store) error {
					done, err := s.Delete(ctx, tables, blocks)
					if err != nil {
						return err
					}
					return a.printCounts("deleted", done)
				})
			default:
				return a.withStore(ctx, func(ctx context.Context, s *Store) error { return a.cmdData(ctx, s, tables[0], blocks) })
			}
		}, true
	case "prepare":
		retention := fs.Int("retention-hours", 24, "archived redo log retention for CDC, 1 to 168 hours")
		dmsUser := fs.String("dms-user", "DMS_USER", "Oracle user to create for DMS when DGEN_DMS_PASSWORD is set")
		return func(ctx context.Context) error {
			if *retention < 1 || *retention > 168 {
				return badInput("--retention-hours %d: want 1 to 168", *retention)
			}
			return a.withStore(ctx, func(ctx context.Context, s *Store) error {
				steps, err := s.Prepare(ctx, PrepareOptions{RetentionHours: *retention, DMSUser: strings.ToUpper(*dmsUser), DMSPassword: a.Getenv("DGEN_DMS_PASSWORD")})
				perr := a.print(steps, func(w io.Writer) {
					tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
					for _, st := range steps {
						fmt.Fprintf(tw, "%s\t%s\t%s\n", st.Step, st.Status, st.Detail)
					}
					tw.Flush()
				})
				return errors.Join(err, perr)
			})
		}, true
	case "preload":
		rows := fs.Int64("rows", 0, "rows per table, 1 to 100000000")
		block := fs.Int("block", 0, "block of the preloaded rows")
		batch := fs.Int("batch", 20000, "rows per transaction, 1 to 100000")
		seed := seedFlag("random seed of the rows' content (0 means 1)")
		return func(ctx context.Context) error {
			if *rows < 1 || *rows > 100_000_000 {
				return badInput("--rows %d: want 1 to 100000000 rows per table", *rows)
			}
			if *batch < 1 || *batch > 100_000 {
				return badInput("--batch %d: want 1 to 100000", *batch)
			}
			if *block < 0 {
				return badInput("--block %d: want 0 or more", *block)
			}
			return a.withStore(ctx, func(ctx context.Context, s *Store) error {
				return a.cmdPreload(ctx, s, PreloadOptions{Rows: *rows, Block: *block, Seed: max(*seed, 1), Batch: *batch})
			})
		}, true
	case "verify":
		fs.StringVar(&a.dsn, "source", a.dsn, "the source's connection (same as --dsn)")
		target := fs.String("target", "", "PostgreSQL connection of the Aurora target (password from the URL, DGEN_TARGET_PASSWORD or --target-secret-id)")
		targetSecret := fs.String("target-secret-id", "", "Secrets Manager secret with the target's connection")
		targetSchema := fs.String("target-schema", "", `schema of the target tables (default: the source's schema on Oracle, the connection's on PostgreSQL)`)
		s3URL := fs.String("s3", "", "s3://BUCKET/PREFIX: the folder holding the S3 task's TABLE1, TABLE2 and TABLE3 folders")
		s3Region := fs.String("s3-region", "", "region of that bucket (default: the usual AWS settings)")
		wait := fs.Duration("wait", 0, "keep comparing until the targets have caught up or this much time has passed")
		examples := fs.Int("examples", 5, "rows to show of each kind of difference, 0 to 100")
		return func(ctx context.Context) error {
			if *target == "" && *targetSecret == "" && *s3URL == "" {
				return badInput("verify needs a target: --target, --target-secret-id or --s3")
			}
			if *examples < 0 || *examples > 100 {
				return badInput("--examples %d: want 0 to 100", *examples)
			}
			if *wait < 0 {
				return badInput("--wait %s: want 0 or more", *wait)
			}
			if *s3URL != "" {
				if _, _, err := ParseS3URL(*s3URL); err != nil {
					return err
				}
			}
			if *target != "" {
				tg, err := ParseDSN(*target)
				if err != nil {
					return badInput("--target: %v", strings.TrimPrefix(err.Error(), "--dsn "))
				}
				if tg.Engine != "postgres" {
					return badInput("--target %s: the target must be PostgreSQL (postgres://...)", tg)
				}
			}
			return a.withStore(ctx, func(ctx context.Context, s *Store) error {
				return a.cmdVerify(ctx, s, verifyOptions{target: *target, targetSecret: *targetSecret, targetSchema: *targetSchema, s3: *s3URL, s3Region: *s3Region, wait: *wait, examples: *examples})
			})
		}, true
	case "status":
		project := fs.String("project", firstOf(a.Getenv("DGEN_PROJECT"), "dmslab"), "the lab's Project tag (its namePrefix); or DGEN_PROJECT")
		region := fs.String("region", "", "the DMS region, the lab's target region (default: the usual AWS settings)")
		once := fs.Bool("once", false, "print once and exit")
		interval := fs.Duration("interval", 5*time.Second, "refresh interval, 1s to 10m")
		return func(ctx context.Context) error {
			if *interval < time.Second || *interval > 10*time.Minute {
				return badInput("--interval %s: want 1s to 10m", *interval)
			}
			if *project == "" {
				return badInput("--project: give the lab's Project tag")
			}
			return a.cmdStatus(ctx, *project, *region, *once, *interval)
		}, true
	case "run":
		rate := fs.Float64("rate", 0, "changes per second, more than 0 and up to 10000")
		duration := fs.Duration("duration", 0, "how long to run, such as 30s or 2h (0: until stopped)")
		mixFlag := fs.String("mix", "insert=6,update=3,delete=1", "relative weights of the changes")
		blocksFlag := fs.String("blocks", "1-10", "blocks the run works in: a list or a range")
		seed := seedFlag("random seed of the planned changes (0 means 1)")
		return func(ctx context.Context) error {
			if !(*rate > 0 && *rate <= 10000) {
				return badInput("--rate %g: want more than 0 and up to 10000 changes per second", *rate)
			}
			if *duration < 0 {
				return badInput("--duration %s: want 0 (until stopped) or more", *duration)
			}
			mix, err := parseMix(*mixFlag)
			if err != nil {
				return err
			}
			blocks, err := parseBlocks(*blocksFlag, false)
			if err != nil {
				return badInput("--blocks %q: want a list or range of block numbers, such as 1-10", *blocksFlag)
			}
			return a.withStore(ctx, func(ctx context.Context, s *Store) error {
				return a.cmdRun(ctx, s, RunOptions{Rate: *rate, Duration: *duration, Mix: mix, Seed: max(*seed, 1), Blocks: blocks})
			})
		}, true
	}
	return nil, false
}

func (a *App) cmdDrop(ctx context.Context, s *Store) error {
	dropped, err := s.Drop(ctx)
	if err != nil {
		return err
	}
	return a.print(map[string]any{"dropped": dropped}, func(w io.Writer) {
		if len(dropped) == 0 {
			fmt.Fprintln(w, "nothing to drop")
		} else {
			fmt.Fprintf(w, "dropped %s\n", strings.Join(dropped, ", "))
		}
	})
}

func (a *App) cmdInfo(ctx context.Context, s *Store) error {
	info, err := s.Info(ctx)
	if err != nil {
		return err
	}
	return a.print(info, func(w io.Writer) {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, "table\trows\tblocks")
		for _, t := range info {
			fmt.Fprintf(tw, "%s\t%d\t%s\n", t.Table, t.Rows, formatBlocks(t.Blocks))
		}
		tw.Flush()
	})
}

func (a *App) cmdLedger(ctx context.Context, s *Store) error {
	rows, err := s.Ledger(ctx)
	if err != nil {
		return err
	}
	return a.print(rows, func(w io.Writer) {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', tabwriter.AlignRight)
		fmt.Fprintln(tw, "table\tblock\trows\tinserted\tupdated\tdeleted\t")
		for _, r := range rows {
			fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%d\t%d\t\n", r.Table, r.Block, r.RowCount, r.Inserted, r.Updated, r.Deleted)
		}
		tw.Flush()
	})
}

func (a *App) cmdData(ctx context.Context, s *Store, t Table, blocks []int) error {
	cols, rows, err := s.Data(ctx, t, blocks)
	if err != nil {
		return err
	}
	return a.print(map[string]any{"table": t.Name, "columns": cols, "rows": rows}, func(w io.Writer) {
		tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
		fmt.Fprintln(tw, strings.Join(cols, "\t"))
		for _, r := range rows {
			fmt.Fprintln(tw, strings.Join(r, "\t"))
		}
		tw.Flush()
		fmt.Fprintf(w, "(%d rows, at most %d shown)\n", len(rows), DataLimit)
	})
}

func (a *App) cmdPreload(ctx context.Context, s *Store, o PreloadOptions) error {
	bar := newProgress(a.Stderr, !a.jsonOut && isTerminal(a.Stderr))
	o.Progress = bar.update
	start := time.Now()
	added, err := s.Preload(ctx, o)
	if err != nil {
		return err
	}
	secs := time.Since(start).Seconds()
	var total int64
	for _, n := range added {
		total += n
	}
	return a.print(map[string]any{"added": added, "seconds": secs}, func(w io.Writer) {
		if total == 0 {
			fmt.Fprintf(w, "already loaded: %d rows per table\n", o.Rows)
			return
		}
		fmt.Fprintf(w, "loaded %d rows in %.1f s (%.0f rows/s)\n", total, secs, float64(total)/secs)
	})
}

func (a *App) cmdRun(ctx context.Context, s *Store, o RunOptions) error {
	o.Report = func(sm Summary) {
		if !a.jsonOut {
			fmt.Fprintf(a.Stderr, "%6.0fs  %d changes  %.1f/s\n", sm.Seconds, sm.Planned, sm.Rate)
		}
	}
	sum, err := s.Run(ctx, o)
	perr := a.print(sum, func(w io.Writer) {
		fmt.Fprintf(w, "stopped by %s after %.1f s: %d changes planned, %d applied (%d inserts, %d updates, %d deletes, %d cascaded), %d found nothing to change, %d retried; %.2f/s for a target of %g/s\n",
			sum.Stopped, sum.Seconds, sum.Planned, sum.Applied, sum.ByKind["insert"], sum.ByKind["update"], sum.ByKind["delete"], sum.Cascaded, sum.Skipped, sum.Retries, sum.Rate, sum.TargetRate)
	})
	return errors.Join(err, perr)
}

func (a *App) cmdInit(ctx context.Context, s *Store, ifMissing bool) error {
	if ifMissing {
		created, err := s.InitIfMissing(ctx)
		if err != nil {
			return err
		}
		if !created {
			return a.print(map[string]any{"created": []string{}}, func(w io.Writer) {
				fmt.Fprintln(w, "the tables exist already; left as they are")
			})
		}
	} else if err := s.Init(ctx); err != nil {
		return err
	}
	return a.print(map[string]any{"created": []string{"TABLE1", "TABLE2", "TABLE3", LedgerTable, PreloadTable}}, func(w io.Writer) {
		fmt.Fprintf(w, "created TABLE1, TABLE2, TABLE3, %s and %s\n", LedgerTable, PreloadTable)
	})
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

// open resolves the connection and opens it.
func (a *App) open(ctx context.Context) (*Store, Target, error) {
	t, err := a.resolveTarget(ctx)
	if err != nil {
		return nil, t, err
	}
	s, err := Open(ctx, t)
	return s, t, err
}

// withStore opens the connection and runs fn.
func (a *App) withStore(ctx context.Context, fn func(context.Context, *Store) error) error {
	s, _, err := a.open(ctx)
	if err != nil {
		return err
	}
	defer s.DB.Close()
	err = fn(ctx, s)
	if err != nil && isMissingTable(err) {
		return fmt.Errorf("%w (%v)", errNoTables, err)
	}
	return err
}

func isMissingTable(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, "ORA-00942") || (strings.Contains(msg, "does not exist") && strings.Contains(msg, "relation"))
}

// savedConfig is what config writes: never a password unless asked.
type savedConfig struct {
	DSN      string `json:"dsn,omitempty"`
	SecretID string `json:"secret_id,omitempty"`
	Password string `json:"password,omitempty"`
}

func (a *App) configFile() string {
	if a.configPath != "" {
		return a.configPath
	}
	if p := a.Getenv("DGEN_CONFIG"); p != "" {
		return p
	}
	home := a.Getenv("HOME")
	if home == "" {
		home, _ = os.UserHomeDir()
	}
	return filepath.Join(home, ".config", "dgen", "config.json")
}

func (a *App) loadConfig() (savedConfig, error) {
	var c savedConfig
	data, err := os.ReadFile(a.configFile())
	if errors.Is(err, os.ErrNotExist) {
		return c, nil
	}
	if err != nil {
		return c, err
	}
	if err := json.Unmarshal(data, &c); err != nil {
		return c, fmt.Errorf("%s: %w", a.configFile(), err)
	}
	return c, nil
}

// resolveTarget finds the connection: --dsn, DGEN_DSN, a secret, or the
// saved config; then the password: the DSN's, DGEN_PASSWORD, the secret's,
// the saved one, or a prompt.
func (a *App) resolveTarget(ctx context.Context) (Target, error) {
	saved, err := a.loadConfig()
	if err != nil {
		return Target{}, err
	}
	dsn := firstOf(a.dsn, a.Getenv("DGEN_DSN"), saved.DSN)
	secretID := firstOf(a.secretID, a.Getenv("DGEN_SECRET_ID"), saved.SecretID)
	var t Target
	var fromSecret *Target
	if secretID != "" && (dsn == "" || !dsnHasPassword(dsn)) && a.Getenv("DGEN_PASSWORD") == "" {
		st, err := targetFromSecretID(ctx, secretID)
		if err != nil {
			return Target{}, err
		}
		fromSecret = &st
	}
	switch {
	case dsn != "":
		if t, err = ParseDSN(dsn); err != nil {
			return Target{}, err
		}
	case fromSecret != nil:
		return *fromSecret, nil
	default:
		return Target{}, badInput("no connection: give --dsn, set DGEN_DSN, give --secret-id, or save one with `dgen config`")
	}
	switch {
	case t.Password != "":
	case a.Getenv("DGEN_PASSWORD") != "":
		t.Password = a.Getenv("DGEN_PASSWORD")
	case fromSecret != nil:
		t.Password = fromSecret.Password
	case saved.Password != "" && saved.DSN == dsn:
		t.Password = saved.Password
	case a.Prompt != nil:
		p, err := a.Prompt(fmt.Sprintf("password for %s: ", t))
		if err != nil {
			return Target{}, err
		}
		t.Password = p
	default:
		return Target{}, badInput("no password for %s: put it in DGEN_PASSWORD, give --secret-id, or run in a terminal to be asked", t)
	}
	return t, nil
}

func dsnHasPassword(dsn string) bool {
	t, err := ParseDSN(dsn)
	return err == nil && t.Password != ""
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

func (a *App) cmdConfig(ctx context.Context, host, sid, user, pass string, savePassword bool) error {
	if host != "" || sid != "" || user != "" {
		if host == "" || sid == "" || user == "" {
			return badInput("-l, -s and -u go together: give the Oracle host, SID and user")
		}
		if a.dsn != "" {
			return badInput("give either --dsn or -l/-s/-u, not both")
		}
		t := Target{Engine: "oracle", Host: host, Port: 1521, Database: sid, User: user, Password: pass}
		a.dsn = t.WithPassword()
		if pass == "" {
			a.dsn = t.String()
		}
	}
	s, t, err := a.open(ctx)
	if err != nil {
		return err
	}
	s.DB.Close()
	c := savedConfig{DSN: firstOf(a.dsn, a.Getenv("DGEN_DSN")), SecretID: a.secretID}
	if c.DSN != "" {
		pt, err := ParseDSN(c.DSN)
		if err != nil {
			return err
		}
		c.DSN = pt.String()
	}
	if savePassword {
		c.Password = t.Password
	}
	path := a.configFile()
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return err
	}
	data, _ := json.MarshalIndent(c, "", "  ")
	// Written whole to a temporary file and renamed, so a failure never
	// leaves a half-written config behind.
	tmp := path + ".tmp"
	if err := os.WriteFile(tmp, append(data, '\n'), 0o600); err != nil {
		return err
	}
	if err := os.Rename(tmp, path); err != nil {
		return err
	}
	return a.print(map[string]any{"saved": path, "dsn": c.DSN, "password_saved": savePassword}, func(w io.Writer) {
		fmt.Fprintf(w, "connected to %s; saved to %s", t, path)
		if !savePassword {
			fmt.Fprint(w, " (without the password)")
		}
		fmt.Fprintln(w)
	})
}

// parseTables reads -t: one table, or all when allowAll.
func parseTables(v string, allowAll bool) ([]Table, error) {
	if strings.EqualFold(v, "all") {
		if !allowAll {
			return nil, badInput("-t all: this command takes one table: TABLE1, TABLE2 or TABLE3")
		}
		return Tables, nil
	}
	if t, ok := TableByName(v); ok {
		return []Table{t}, nil
	}
	allowed := "TABLE1, TABLE2, TABLE3"
	if allowAll {
		allowed += " or all"
	}
	if v == "" {
		return nil, badInput("-t: give a table: %s", allowed)
	}
	return nil, badInput("-t %q: no such table; allowed: %s", v, allowed)
}

// parseBlocks reads a block list ("1,2,3", ranges "1-10" too); "all" gives
// nil when allowAll.
func parseBlocks(v string, allowAll bool) ([]int, error) {
	if strings.EqualFold(v, "all") {
		if !allowAll {
			return nil, badInput("-b all: this command needs a list of blocks, such as 1,2,3")
		}
		return nil, nil
	}
	if v == "" {
		return nil, badInput("-b: give blocks, such as 1,2,3%s", map[bool]string{true: " or all", false: ""}[allowAll])
	}
	seen := map[int]bool{}
	var out []int
	for _, part := range strings.Split(v, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		a, err1 := strconv.Atoi(lo)
		b := a
		var err2 error
		if isRange {
			b, err2 = strconv.Atoi(hi)
		}
		if err1 != nil || err2 != nil || a < 0 || b < a || b-a > 100000 {
			return nil, badInput("-b %q: %q is not a block number (0 or more) or a range such as 1-10", v, part)
		}
		for n := a; n <= b; n++ {
			if !seen[n] {
				seen[n] = true
				out = append(out, n)
			}
		}
	}
	return out, nil
}

func formatBlocks(blocks []int) string {
	if len(blocks) == 0 {
		return "-"
	}
	var parts []string
	for i := 0; i < len(blocks); {
		j := i
		for j+1 < len(blocks) && blocks[j+1] == blocks[j]+1 {
			j++
		}
		if j > i {
			parts = append(parts, fmt.Sprintf("%d-%d", blocks[i], blocks[j]))
		} else {
			parts = append(parts, strconv.Itoa(blocks[i]))
		}
		i = j + 1
	}
	return strings.Join(parts, ",")
}

// parseMix reads insert=N,update=N,delete=N (any subset; missing means 0).
func parseMix(v string) (Mix, error) {
	var m Mix
	for _, part := range strings.Split(v, ",") {
		k, val, ok := strings.Cut(strings.TrimSpace(part), "=")
		n, err := strconv.Atoi(val)
		if !ok || err != nil || n < 0 || n > 1000 {
			return m, badInput("--mix %q: %q is not KIND=WEIGHT with a weight from 0 to 1000", v, part)
		}
		switch k {
		case "insert":
			m.Insert = n
		case "update":
			m.Update = n
		case "delete":
			m.Delete = n
		default:
			return m, badInput("--mix %q: unknown kind %q; allowed: insert, update, delete", v, k)
		}
	}
	if m.Insert+m.Update+m.Delete == 0 {
		return m, badInput("--mix %q: at least one weight must be more than 0", v)
	}
	return m, nil
}

// progress draws a one-line progress bar on a terminal, nothing elsewhere.
type progress struct {
	w       io.Writer
	on      bool
	last    time.Time
	started time.Time
}

func newProgress(w io.Writer, on bool) *progress { return &progress{w: w, on: on, started: time.Now()} }

func (p *progress) update(table string, done, total int64) {
	if !p.on || (time.Since(p.last) < 100*time.Millisecond && done < total) {
		return
	}
	p.last = time.Now()
	const width = 30
	filled := int(float64(width) * float64(done) / float64(max(total, 1)))
	rate := float64(done) / time.Since(p.started).Seconds()
	fmt.Fprintf(p.w, "\r%-6s [%s%s] %d/%d  %.0f rows/s ", table, strings.Repeat("#", filled), strings.Repeat(".", width-filled), done, total, rate)
	if done >= total {
		fmt.Fprintln(p.w)
		p.started = time.Now()
	}
}

func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// TerminalPrompt asks for a password on the terminal without echo.
func TerminalPrompt(in *os.File, out io.Writer) func(string) (string, error) {
	if !term.IsTerminal(int(in.Fd())) {
		return nil
	}
	return func(label string) (string, error) {
		fmt.Fprint(out, label)
		b, err := term.ReadPassword(int(in.Fd()))
		fmt.Fprintln(out)
		if err != nil {
			return "", err
		}
		return strings.TrimRight(string(b), "\r\n"), nil
	}
}
