package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dmslab/dmslab/internal/dgen/connect"
	"github.com/dmslab/dmslab/internal/dgen/fidelity"
	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/dgen/verify"
)

// verifyOptions: dgen verify.
type verifyOptions struct {
	target, targetSecret, targetSchema string
	s3, s3Region                       string
	wait                               time.Duration
	examples                           int
	stream                             bool
	lobMaxSize                         int // KB, for TYPES' fidelity report
	parallel                           int
}

// errMismatch makes verify exit 1 after printing what differs.
var errMismatch = errors.New("the targets differ from the source")

// pollEvery is how often --wait compares again.
var pollEvery = 10 * time.Second

func (o *verifyOptions) flags(fs *flagSet, a *App) {
	fs.StringVar(&a.global.dsn, "source", a.global.dsn, "the source's connection `URL` (same as --dsn)")
	fs.StringVar(&o.target, "target", "", "PostgreSQL connection `URL` of the Aurora target (password from the URL, DGEN_TARGET_PASSWORD or --target-secret-id)")
	fs.StringVar(&o.targetSecret, "target-secret-id", "", "Secrets Manager secret with the target's connection (`ID` or ARN)")
	fs.StringVar(&o.targetSchema, "target-schema", "", "`schema` of the target tables (default: the source's schema on Oracle, the connection's on PostgreSQL)")
	fs.StringVar(&o.s3, "s3", "", "`s3://BUCKET/PREFIX`: the folder holding the S3 task's TABLE1, TABLE2 and TABLE3 folders")
	fs.StringVar(&o.s3Region, "s3-region", "", "`region` of that bucket (default: the usual AWS settings)")
	fs.DurationVar(&o.wait, "wait", 0, "keep comparing until the targets have caught up or this much time has passed")
	fs.BoolVar(&o.stream, "stream", false, "read every row of both databases and digest them here, instead of letting each database sum its blocks (push-down, the default against databases; the S3 side always streams the source)")
	fs.IntVar(&o.parallel, "parallel", verify.DefaultParallel, fmt.Sprintf("push-down statements run at once on each database, each on its own connection, 1 to %d (about the database's vCPUs)", verify.MaxParallel))
	fs.IntVar(&o.examples, "examples", 5, "rows to show of each kind of difference, 0 to 100")
	fs.IntVar(&o.lobMaxSize, "lob-max-size", 32, "the tasks' LobMaxSize in `KB` (limited LOB mode), which TYPES' LOBs may be cut to; 0 for full LOB mode")
}

func (o *verifyOptions) validate() error {
	if o.target == "" && o.targetSecret == "" && o.s3 == "" {
		return badInput("verify needs a target: --target, --target-secret-id or --s3")
	}
	if o.examples < 0 || o.examples > 100 {
		return badInput("--examples %d: want 0 to 100", o.examples)
	}
	if o.parallel < 1 || o.parallel > verify.MaxParallel {
		return badInput("--parallel %d: want 1 to %d statements at once per database", o.parallel, verify.MaxParallel)
	}
	if strings.ContainsAny(o.targetSchema, "\"\x00") {
		return badInput("--target-schema %q: a schema name cannot hold a double quote (it is written quoted into the SQL)", o.targetSchema)
	}
	if o.wait < 0 {
		return badInput("--wait %s: want 0 or more", o.wait)
	}
	if o.lobMaxSize < 0 || o.lobMaxSize > 102400 {
		return badInput("--lob-max-size %d: want 0 (full LOB mode) to 102400 KB (DMS's largest recommended LobMaxSize)", o.lobMaxSize)
	}
	if o.s3 != "" {
		if _, _, err := verify.ParseS3URL(o.s3); err != nil {
			return badInput("--s3 %v", err)
		}
	}
	if o.target != "" {
		tg, err := connect.ParseDSN(o.target)
		if err != nil {
			return badInput("--target: %v", err)
		}
		if !tg.IsLabTarget() {
			return badInput("--target %s: the target must be PostgreSQL (postgres://...)", tg)
		}
	}
	return nil
}

func (o *verifyOptions) run(ctx context.Context, a *App) error {
	source, sourceDSN, err := a.openSource(ctx)
	if err != nil {
		return err
	}
	defer source.DB.Close()
	err = o.compare(ctx, a, source, sourceDSN)
	if err != nil && source.IsMissingTable(err) {
		return fmt.Errorf("%w (%v)", errNoTables, err)
	}
	return err
}

func (o *verifyOptions) compare(ctx context.Context, a *App, source *store.Store, sourceDSN connect.DSN) error {
	schema, sourceSchema := o.targetSchema, ""
	if namer, ok := source.Dialect.(store.SchemaNamer); ok {
		current, err := namer.CurrentSchema(ctx, source.DB)
		if err != nil {
			return fmt.Errorf("read the source schema: %w", err)
		}
		sourceSchema = current
		if schema == "" {
			schema = current
		}
	}
	emptyIsNull := source.Dialect.EmptyIsNull()
	var pairs []func() verify.Pair
	if o.target != "" || o.targetSecret != "" {
		t, err := o.resolveTarget(ctx, a)
		if err != nil {
			return err
		}
		// The source compared with itself always "passes": no proof of
		// anything. A copy in another schema of the same database is fine.
		if t.SamePlace(sourceDSN) && (o.targetSchema == "" || o.targetSchema == sourceSchema) {
			return badInput("the target %s is the source itself: verify would compare the source with itself; give the Aurora target (--target or --target-secret-id), or --target-schema for a copy in another schema", t)
		}
		ts, err := connect.Open(ctx, t)
		if errors.Is(err, connect.ErrNoPassword) {
			return badInput("no password for the target %s: the server asks for one; put it in DGEN_TARGET_PASSWORD (or PGPASSWORD, ~/.pgpass) or give --target-secret-id", t)
		}
		if err != nil {
			return err
		}
		defer ts.DB.Close()
		pairs = append(pairs, func() verify.Pair {
			return verify.Pair{Source: &verify.DBSide{Label: "source", Store: source, EmptyIsNull: emptyIsNull, Stream: o.stream, Parallel: o.parallel}, Target: &verify.DBSide{Label: t.String(), Store: ts, Schema: schema, EmptyIsNull: emptyIsNull, MayLackTables: true, Stream: o.stream, Parallel: o.parallel}, Types: o.typesCheck()}
		})
	}
	if o.s3 != "" {
		bucket, prefix, _ := verify.ParseS3URL(o.s3)
		cfg, err := awsConfig(ctx, o.s3Region, " or give --s3-region")
		if err != nil {
			return err
		}
		client := verify.NewS3Client(cfg, a.Getenv("AWS_ENDPOINT_URL_S3") != "")
		pairs = append(pairs, func() verify.Pair {
			return verify.Pair{Source: &verify.DBSide{Label: "source", Store: source, EmptyIsNull: true}, Target: &verify.S3Side{Bucket: bucket, Prefix: prefix, Client: client}, Types: o.typesCheck()}
		})
	}
	round := func() []verify.Pair {
		out := make([]verify.Pair, len(pairs))
		for i, p := range pairs {
			out[i] = p()
		}
		return out
	}
	reports, err := verify.UntilEqual(ctx, round, o.examples, o.wait, pollEvery)
	if err != nil {
		return err
	}
	if err := a.print(reports, func(w io.Writer) { printReports(w, reports) }); err != nil {
		return err
	}
	for _, r := range reports {
		if !r.Equal {
			return errMismatch
		}
	}
	return nil
}

// typesCheck asks for TYPES' fidelity report with the tasks' LOB size.
func (o *verifyOptions) typesCheck() *verify.TypesCheck {
	return &verify.TypesCheck{LobMaxSizeKB: o.lobMaxSize}
}

// resolveTarget finds the Aurora target's connection: --target with its
// password from the URL, DGEN_TARGET_PASSWORD or the secret, or the secret
// alone.
func (o *verifyOptions) resolveTarget(ctx context.Context, a *App) (connect.DSN, error) {
	var fromSecret *connect.DSN
	if o.targetSecret != "" {
		t, err := connectionFromSecret(ctx, o.targetSecret)
		if err != nil {
			return connect.DSN{}, err
		}
		if o.target == "" {
			return t, nil
		}
		fromSecret = &t
	}
	t, err := parseDSN("--target", o.target)
	if err != nil {
		return connect.DSN{}, err
	}
	switch {
	case t.Password != "":
	case a.Getenv("DGEN_TARGET_PASSWORD") != "":
		t.Password = a.Getenv("DGEN_TARGET_PASSWORD")
	case fromSecret != nil:
		t.Password = fromSecret.Password
	case t.PasswordOptional():
		// trust, ~/.pgpass, PGPASSWORD: compare says so if the server asks.
	default:
		return connect.DSN{}, badInput("no password for the target %s: put it in DGEN_TARGET_PASSWORD or give --target-secret-id", t)
	}
	return t, nil
}

func printReports(w io.Writer, reports []verify.Report) {
	for _, r := range reports {
		status := "equal to the source"
		if !r.Equal {
			status = fmt.Sprintf("%d blocks differ from the source", len(r.Diffs))
		}
		if !r.Equal && len(r.Diffs) == 0 && r.Fidelity != nil && !r.Fidelity.MatchesDocumentation {
			status = "TYPES did not arrive as DMS documents"
		}
		if len(r.MissingTables) > 0 {
			status += fmt.Sprintf("; no %s: DMS has not created %s yet (its full load creates the tables; check the task and --target-schema)", strings.Join(r.MissingTables, ", "), map[bool]string{true: "it", false: "them"}[len(r.MissingTables) == 1])
		}
		fmt.Fprintf(w, "%s: %s\n", r.Target, status)
		for _, n := range r.Notes {
			fmt.Fprintf(w, "  note: %s\n", n)
		}
		for _, ts := range r.Tables {
			mark := "equal"
			if !ts.Equal {
				mark = "DIFFERS"
			}
			if ts.Missing {
				mark = "MISSING on the target: DMS has not created it yet"
			}
			fmt.Fprintf(w, "  %-6s %8d rows in %d blocks  %s\n", ts.Table, ts.Rows, ts.Blocks, mark)
		}
		for _, d := range r.Diffs {
			t, _ := store.TableByName(d.Table)
			fmt.Fprintf(w, "  %s block %d: source %d rows, target %d rows\n", d.Table, d.Block, d.SourceRows, d.TargetRows)
			for _, row := range d.Missing {
				fmt.Fprintf(w, "    missing   %s\n", verify.FormatRow(t, row))
			}
			for _, row := range d.Extra {
				fmt.Fprintf(w, "    extra     %s\n", verify.FormatRow(t, row))
			}
			for i := 0; i+1 < len(d.Differing); i += 2 {
				fmt.Fprintf(w, "    differs   source %s\n              target %s\n", verify.FormatRow(t, d.Differing[i]), verify.FormatRow(t, d.Differing[i+1]))
			}
		}
		if r.Fidelity != nil {
			fidelity.WriteTable(w, *r.Fidelity)
		}
	}
}
