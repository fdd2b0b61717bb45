// Command preflight asks your AWS account, read-only and in seconds, what
// would stop a `cdktf deploy` of the lab half an hour in, and what the
// configured lab costs an hour. Run it from the repository root with the
// credentials you will deploy with:
//
//	go run ./cmd/preflight [--source-region R] [--target-region R] [--bucket NAME] [--profile P] [--json]
//
// Exit status: 0 when every check is OK or WARN, 1 when any is FAIL (a
// blocker), 2 for bad input or no usable credentials.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"syscall"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/logging"

	"github.com/dmslab/dmslab/internal/preflight"
	"github.com/dmslab/dmslab/settings"
)

// Exit statuses.
const (
	exitOK       = 0
	exitBlocker  = 1
	exitBadInput = 2
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// options are the command line.
type options struct {
	sourceRegion string
	targetRegion string
	bucket       string
	profile      string
	json         bool
	timeout      time.Duration
}

// newOptions registers the flags on fs.
func newOptions(fs *flag.FlagSet) *options {
	o := &options{}
	fs.StringVar(&o.sourceRegion, "source-region", "", "region of Oracle and the generator host (default: lab.json sourceRegion; pass what you give Terraform as source_region)")
	fs.StringVar(&o.targetRegion, "target-region", "", "region of Aurora, the bucket and DMS (default: lab.json targetRegion; pass what you give Terraform as target_region)")
	fs.StringVar(&o.bucket, "bucket", "", "the target_s3_bucket_name you will deploy with, to check it is free (default: none, the lab generates one)")
	fs.StringVar(&o.profile, "profile", "", "AWS profile to use (default: AWS_PROFILE or the default chain)")
	fs.BoolVar(&o.json, "json", false, "print the checklist and the cost as JSON")
	fs.DurationVar(&o.timeout, "timeout", 2*time.Minute, "give up on AWS after this long")
	return o
}

var (
	regionForm = regexp.MustCompile(`^[a-z]{2}(-[a-z]+)+-[0-9]+$`)
	bucketForm = regexp.MustCompile(`^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$`)
)

// run is the whole command; it returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("preflight", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: go run ./cmd/preflight [flags]\n\nChecks your AWS account, read-only, for what would fail `npx cdktf deploy` of the lab\nconfigured in lab.json (or $"+settings.ConfigFileEnv+"), and estimates its cost.\nExit status: 0 OK or warnings, 1 a blocker, 2 bad input or credentials.\n\nflags:")
		fs.PrintDefaults()
	}
	o := newOptions(fs)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitBadInput // flag has said what and shown the usage
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "preflight: unexpected argument %q (it takes flags only; see -h)\n", fs.Arg(0))
		return exitBadInput
	}

	path, required := settings.ConfigPath()
	lab, err := settings.LoadConfig(path, required)
	if err != nil {
		fmt.Fprintf(stderr, "preflight: %v\n", err)
		return exitBadInput
	}
	cfg := preflight.Config{Lab: lab, ConfigFile: path, SourceRegion: lab.SourceRegion, TargetRegion: lab.TargetRegion, Bucket: o.bucket}
	if _, err := os.Stat(path); err != nil {
		cfg.ConfigFile = path + ", absent: the defaults"
	}
	if o.sourceRegion != "" {
		cfg.SourceRegion = o.sourceRegion
	}
	if o.targetRegion != "" {
		cfg.TargetRegion = o.targetRegion
	}
	for flagName, r := range map[string]string{"--source-region": cfg.SourceRegion, "--target-region": cfg.TargetRegion} {
		if !regionForm.MatchString(r) {
			fmt.Fprintf(stderr, "preflight: %s %q is not an AWS region name (such as us-east-1)\n", flagName, r)
			return exitBadInput
		}
	}
	if o.bucket != "" && !bucketForm.MatchString(o.bucket) {
		fmt.Fprintf(stderr, "preflight: --bucket %q is not a bucket name: 3 to 63 lower-case letters, digits, dots and hyphens\n", o.bucket)
		return exitBadInput
	}

	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	loadOpts := []func(*config.LoadOptions) error{
		config.WithRegion(cfg.TargetRegion),
		config.WithLogger(logging.Nop{}), // our lines, not the SDK's warnings
	}
	if o.profile != "" {
		loadOpts = append(loadOpts, config.WithSharedConfigProfile(o.profile))
	}
	awsCfg, err := config.LoadDefaultConfig(ctx, loadOpts...)
	if err != nil {
		fmt.Fprintf(stderr, "preflight: cannot read the AWS configuration: %s\n%s\n", err, preflight.CredentialsHelp)
		return exitBadInput
	}
	awsCfg.ClientLogMode = aws.ClientLogMode(0)

	report, err := preflight.Run(ctx, cfg, preflight.NewClients(awsCfg, cfg.SourceRegion, cfg.TargetRegion))
	if err != nil {
		fmt.Fprintf(stderr, "preflight: %v\n", err)
		return exitBadInput
	}
	if o.json {
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(report); err != nil {
			fmt.Fprintf(stderr, "preflight: %v\n", err)
			return exitBadInput
		}
	} else {
		preflight.PrintText(stdout, report)
	}
	if report.Blockers > 0 {
		return exitBlocker
	}
	return exitOK
}
