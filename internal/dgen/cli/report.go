package cli

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strconv"
	"time"

	"github.com/dmslab/dmslab/internal/dgen/dmsstatus"
	"github.com/dmslab/dmslab/internal/dgen/report"
)

// reportOptions: dgen report.
type reportOptions struct {
	project, region  string
	out, input, save string
	lab              string
	hours            countFlag
	verifyFiles      stringList
}

// countFlag is an int flag that knows whether it was given.
type countFlag struct {
	n   int
	set bool
}

func (c *countFlag) String() string { return strconv.Itoa(c.n) }
func (c *countFlag) Set(v string) error {
	n, err := strconv.Atoi(v)
	if err != nil {
		return errors.New("not a whole number")
	}
	c.n, c.set = n, true
	return nil
}

// stringList is a repeatable string flag.
type stringList []string

func (l *stringList) String() string     { return fmt.Sprint(*l) }
func (l *stringList) Set(v string) error { *l = append(*l, v); return nil }

func (o *reportOptions) flags(fs *flagSet, a *App) {
	fs.StringVar(&o.project, "project", firstOf(a.Getenv("DGEN_PROJECT"), "dmslab"), "the lab's Project `tag` (its namePrefix); or DGEN_PROJECT")
	fs.StringVar(&o.region, "region", "", "the DMS `region`, the lab's target region (default: the usual AWS settings)")
	fs.StringVar(&o.out, "out", "report.html", "the HTML `file` to write")
	o.hours.n = 3
	fs.Var(&o.hours, "hours", "the charts cover the last `N` hours, 1 to 336; with --input, the saved window unless given")
	fs.Var(&o.verifyFiles, "verify", "a `file` written by dgen verify --json; repeat for more, a later file's result replaces an earlier one's")
	fs.StringVar(&o.lab, "lab", "", "the lab's configuration `LAB.JSON`, for the classes the cost is estimated for (default: the lab's defaults)")
	fs.StringVar(&o.input, "input", "", "rebuild offline from the saved API answers in `DIR` instead of asking AWS")
	fs.StringVar(&o.save, "save", "", "also write each API answer into `DIR`, for --input later")
}

func (o *reportOptions) validate() error {
	if o.project == "" {
		return badInput("--project: give the lab's Project tag")
	}
	if o.hours.n < 1 || o.hours.n > 336 {
		return badInput("--hours %d: want 1 to 336 (CloudWatch keeps one-minute data for 15 days)", o.hours.n)
	}
	if o.out == "" {
		return badInput("--out: give the HTML file to write")
	}
	if o.input != "" && o.save != "" {
		return badInput("--input and --save: a rebuild asks AWS nothing, so there is nothing to save")
	}
	if o.input != "" {
		if st, err := os.Stat(o.input); err != nil || !st.IsDir() {
			return badInput("--input %s: not a directory", o.input)
		}
	}
	return nil
}

func (o *reportOptions) run(ctx context.Context, a *App) error {
	lab, err := report.LabConfig(o.lab)
	if err != nil {
		return badInput("--lab: %v", err)
	}
	verifyResults, err := report.ReadVerify(o.verifyFiles)
	if err != nil {
		return badInput("--verify: %v", err)
	}
	opts := report.Options{
		Project: o.project, Region: o.region, At: time.Now().UTC().Truncate(time.Second), Hours: o.hours.n,
		Lab: lab, Verify: verifyResults,
	}
	var src report.Source
	if o.input != "" {
		dir := report.Dir(o.input)
		meta, ok, err := dir.Meta()
		if err != nil {
			return err
		}
		if ok {
			if meta.Project != "" && meta.Project != o.project {
				return badInput("--project %s: the answers in %s were saved for Project=%s", o.project, o.input, meta.Project)
			}
			at, err := time.Parse(time.RFC3339, meta.At)
			if err != nil {
				return fmt.Errorf("%s: at: %w", report.FileMeta, err)
			}
			opts.At = at
			if opts.Region == "" {
				opts.Region = meta.Region
			}
			if meta.Hours > 0 && !o.hours.set {
				opts.Hours = meta.Hours
			}
		}
		opts.Offline = o.input
		src = dir
	} else {
		cfg, err := awsConfig(ctx, o.region, " or give --region")
		if err != nil {
			return err
		}
		opts.Region = cfg.Region
		if o.save != "" {
			if err := os.MkdirAll(o.save, 0o755); err != nil {
				return err
			}
			if err := report.SaveMeta(o.save, report.Meta{At: opts.At.Format(time.RFC3339), Project: o.project, Region: opts.Region, Hours: opts.Hours}); err != nil {
				return err
			}
		}
		src = &report.Live{Client: dmsstatus.NewClient(cfg), SaveDir: o.save}
	}
	r, err := report.Collect(ctx, src, opts)
	if err != nil {
		return err
	}
	var page bytes.Buffer
	if err := report.Write(&page, r); err != nil {
		return err
	}
	if err := os.WriteFile(o.out, page.Bytes(), 0o644); err != nil {
		return err
	}
	tasks, replications := 0, 0
	for _, t := range r.Tasks {
		if t.Serverless != nil {
			replications++
		} else {
			tasks++
		}
	}
	summary := map[string]any{"out": o.out, "project": o.project, "tasks": tasks, "serverless_replications": replications, "at": r.At.Format(time.RFC3339)}
	what := fmt.Sprintf("%d DMS tasks", tasks)
	if replications > 0 {
		what = fmt.Sprintf("%d DMS Serverless replications", replications)
		if tasks > 0 {
			what = fmt.Sprintf("%d DMS tasks and %d DMS Serverless replications", tasks, replications)
		}
	}
	return a.print(summary, func(w io.Writer) {
		fmt.Fprintf(w, "wrote %s: %s of Project=%s, as of %s\n", o.out, what, o.project, r.At.Format("2006-01-02 15:04:05 UTC"))
	})
}
