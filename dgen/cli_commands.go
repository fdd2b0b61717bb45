package dgen

// The body of each command: its flags, checks of its input, then the work.

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/dmslab/dmslab/internal/workloadspec"
)

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
		rateFlag := fs.String("rate", "0", "changes per second, more than 0 and up to 10000, at most 3 decimals")
		durationFlag := fs.String("duration", "0", "how long to run, such as 30s or 2h (0: until stopped)")
		mixFlag := fs.String("mix", "insert=6,update=3,delete=1", "relative weights of the changes")
		blocksFlag := fs.String("blocks", "1-10", "blocks the run works in: a list or a range")
		seed := seedFlag("random seed of the planned changes (0 means 1)")
		return func(ctx context.Context) error {
			// The same rules as lab.json's workload and the lab's SSM
			// parameters: internal/workloadspec.
			rate, err := workloadspec.ParseRate(*rateFlag)
			if err != nil {
				return badInput("--rate %s: %v", *rateFlag, err)
			}
			duration, err := workloadspec.ParseDuration(*durationFlag)
			if err != nil {
				return badInput("--duration %q: %v", *durationFlag, err)
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
				return a.cmdRun(ctx, s, RunOptions{Rate: rate, Duration: duration, Mix: mix, Seed: max(*seed, 1), Blocks: blocks})
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
