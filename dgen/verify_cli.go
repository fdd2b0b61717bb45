package dgen

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"
)

type verifyOptions struct {
	target, targetSecret, targetSchema string
	s3, s3Region                       string
	wait                               time.Duration
	examples                           int
}

// errMismatch makes verify exit 1 after printing what differs.
var errMismatch = errors.New("the targets differ from the source")

// pollEvery is how often --wait compares again.
var pollEvery = 10 * time.Second

func (a *App) cmdVerify(ctx context.Context, source *Store, o verifyOptions) error {
	schema := o.targetSchema
	if source.D.Name == "oracle" {
		var current string
		if err := source.DB.QueryRowContext(ctx, sqlCurrentSchemaName).Scan(&current); err != nil {
			return fmt.Errorf("read the source schema: %w", err)
		}
		if schema == "" {
			schema = current
		}
	}
	oracle := source.D.Name == "oracle"
	type pair struct{ source, target Side }
	var pairs []func() pair
	if o.target != "" || o.targetSecret != "" {
		t, err := a.resolveVerifyTarget(ctx, o)
		if err != nil {
			return err
		}
		ts, err := Open(ctx, t)
		if err != nil {
			return err
		}
		defer ts.DB.Close()
		pairs = append(pairs, func() pair {
			return pair{&DBSide{Label: "source", Store: source, EmptyIsNull: oracle}, &DBSide{Label: t.String(), Store: ts, Schema: schema, EmptyIsNull: oracle}}
		})
	}
	if o.s3 != "" {
		bucket, prefix, _ := ParseS3URL(o.s3)
		client, err := NewS3Client(ctx, o.s3Region)
		if err != nil {
			return err
		}
		// A fresh side each round: the files change while DMS writes.
		pairs = append(pairs, func() pair {
			return pair{&DBSide{Label: "source", Store: source, EmptyIsNull: true}, &S3Side{Bucket: bucket, Prefix: prefix, Client: client}}
		})
	}
	deadline := time.Now().Add(o.wait)
	var reports []Report
	for {
		reports = reports[:0]
		equal := true
		var failed error
		for _, sides := range pairs {
			p := sides()
			rep, err := Verify(ctx, p.source, p.target, o.examples)
			if err != nil {
				failed = err
				break
			}
			reports = append(reports, rep)
			equal = equal && rep.Equal
		}
		left := time.Until(deadline)
		// While waiting, a target that cannot be read yet (DMS drops and
		// creates the tables at the start of a full load) is not caught up.
		if failed != nil && left <= 0 {
			return failed
		}
		if failed == nil && (equal || left <= 0) {
			break
		}
		if !wait(ctx, min(pollEvery, left)) {
			return ctx.Err()
		}
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

func (a *App) resolveVerifyTarget(ctx context.Context, o verifyOptions) (Target, error) {
	var fromSecret *Target
	if o.targetSecret != "" {
		t, err := targetFromSecretID(ctx, o.targetSecret)
		if err != nil {
			return Target{}, err
		}
		if o.target == "" {
			return t, nil
		}
		fromSecret = &t
	}
	t, err := ParseDSN(o.target)
	if err != nil {
		return Target{}, err
	}
	switch {
	case t.Password != "":
	case a.Getenv("DGEN_TARGET_PASSWORD") != "":
		t.Password = a.Getenv("DGEN_TARGET_PASSWORD")
	case fromSecret != nil:
		t.Password = fromSecret.Password
	default:
		return Target{}, badInput("no password for the target %s: put it in DGEN_TARGET_PASSWORD or give --target-secret-id", t)
	}
	return t, nil
}

func printReports(w io.Writer, reports []Report) {
	for _, r := range reports {
		status := "equal to the source"
		if !r.Equal {
			status = fmt.Sprintf("%d blocks differ from the source", len(r.Diffs))
		}
		fmt.Fprintf(w, "%s: %s\n", r.Target, status)
		for _, ts := range r.Tables {
			mark := "equal"
			if !ts.Equal {
				mark = "DIFFERS"
			}
			fmt.Fprintf(w, "  %-6s %8d rows in %d blocks  %s\n", ts.Table, ts.Rows, ts.Blocks, mark)
		}
		for _, d := range r.Diffs {
			t, _ := TableByName(d.Table)
			fmt.Fprintf(w, "  %s block %d: source %d rows, target %d rows\n", d.Table, d.Block, d.SourceRows, d.TargetRows)
			for _, row := range d.Missing {
				fmt.Fprintf(w, "    missing   %s\n", FormatRow(t, row))
			}
			for _, row := range d.Extra {
				fmt.Fprintf(w, "    extra     %s\n", FormatRow(t, row))
			}
			for i := 0; i+1 < len(d.Differing); i += 2 {
				fmt.Fprintf(w, "    differs   source %s\n              target %s\n", FormatRow(t, d.Differing[i]), FormatRow(t, d.Differing[i+1]))
			}
		}
	}
}
