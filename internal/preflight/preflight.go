// Package preflight asks the user's AWS account, read-only, what a
// `cdktf deploy` of the lab would run into 30 minutes in: instance classes
// and engine versions that a region does not offer, the account-wide DMS
// roles, a bucket name that is taken, a full VPC quota, a lab of the same
// name already there. In DMS Serverless mode it checks the service-linked
// role instead of the instance's offers. It also prices the configured lab
// from a dated table.
//
// It knows no flags, environment or exit codes: the command in
// cmd/preflight gives it a Config and the SDK clients.
package preflight

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	dms "github.com/aws/aws-sdk-go-v2/service/databasemigrationservice"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/iam"
	"github.com/aws/aws-sdk-go-v2/service/rds"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/servicequotas"
	"github.com/aws/aws-sdk-go-v2/service/sts"

	"github.com/dmslab/dmslab/settings"
)

// Status is a check's verdict.
type Status string

const (
	// OK: nothing to do.
	OK Status = "OK"
	// Warn: the deploy may go through, but read the line.
	Warn Status = "WARN"
	// Fail: a blocker; the deploy would fail or do harm.
	Fail Status = "FAIL"
)

// Check is one line of the checklist.
type Check struct {
	ID     string `json:"id"`
	Title  string `json:"title"`
	Status Status `json:"status"`
	// Summary is the verdict in one sentence.
	Summary string `json:"summary"`
	// Asked is what was asked of AWS, and where.
	Asked string `json:"asked"`
	// Answer is what AWS answered.
	Answer string `json:"answer"`
	// Action is what to do; empty when nothing.
	Action string `json:"action,omitempty"`
}

// Config is what the preflight checks.
type Config struct {
	// Lab is the lab configuration (settings.LoadConfig).
	Lab *settings.Config
	// ConfigFile names where Lab came from, for the report.
	ConfigFile string
	// SourceRegion and TargetRegion are the regions the deploy will use
	// (the Terraform variables source_region and target_region).
	SourceRegion, TargetRegion string
	// Bucket is the target_s3_bucket_name the user will pass; "" when the
	// lab generates one.
	Bucket string
	// Now is the clock; nil means time.Now.
	Now func() time.Time
}

// Clients are the SDK clients the checks use. RDS, EC2 and Service Quotas
// are asked in both regions; DMS and S3 in the target region; IAM and STS
// are global.
type Clients struct {
	// Credentials, when set, is retrieved first, so that missing
	// credentials give one clear error instead of each call's.
	Credentials aws.CredentialsProvider
	STS         *sts.Client
	IAM         *iam.Client
	S3          *s3.Client
	DMS         *dms.Client
	RDS         map[string]*rds.Client
	EC2         map[string]*ec2.Client
	Quotas      map[string]*servicequotas.Client
}

// NewClients makes every client from one AWS configuration, each aimed at
// its region. A BaseEndpoint in cfg (AWS_ENDPOINT_URL, or a test server)
// reaches S3 by path, since a bucket cannot be a host name there.
func NewClients(cfg aws.Config, source, target string) *Clients {
	at := func(region string) aws.Config {
		c := cfg.Copy()
		c.Region = region
		return c
	}
	c := &Clients{
		Credentials: cfg.Credentials,
		STS:         sts.NewFromConfig(at(target)),
		// IAM is global; the target region only picks its partition.
		IAM: iam.NewFromConfig(at(target)),
		S3: s3.NewFromConfig(at(target), func(o *s3.Options) {
			o.UsePathStyle = cfg.BaseEndpoint != nil
		}),
		DMS:    dms.NewFromConfig(at(target)),
		RDS:    map[string]*rds.Client{},
		EC2:    map[string]*ec2.Client{},
		Quotas: map[string]*servicequotas.Client{},
	}
	for _, r := range []string{source, target} {
		c.RDS[r] = rds.NewFromConfig(at(r))
		c.EC2[r] = ec2.NewFromConfig(at(r))
		c.Quotas[r] = servicequotas.NewFromConfig(at(r))
	}
	return c
}

// Report is the whole answer: who asked, the checklist and the cost.
type Report struct {
	ConfigFile   string  `json:"config_file"`
	NamePrefix   string  `json:"name_prefix"`
	SourceRegion string  `json:"source_region"`
	TargetRegion string  `json:"target_region"`
	Account      string  `json:"account"`
	Identity     string  `json:"identity"`
	Checks       []Check `json:"checks"`
	Blockers     int     `json:"blockers"`
	Warnings     int     `json:"warnings"`
	Cost         *Cost   `json:"cost"`
}

// CredentialsError means the checks could not start: no credentials, or
// AWS refused them. Its message says how to give them.
type CredentialsError struct {
	Reason string
	Err    error
}

func (e *CredentialsError) Error() string {
	return e.Reason + " " + CredentialsHelp
}

func (e *CredentialsError) Unwrap() error { return e.Err }

// CredentialsHelp says how to give the preflight credentials.
const CredentialsHelp = `Give the preflight the credentials you will deploy with: set AWS_PROFILE (or pass --profile) to a profile from ~/.aws/config, run "aws configure" (or "aws sso login --profile NAME"), or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary credentials).`

// Run asks AWS. It returns a *CredentialsError when it cannot get an
// identity; every other problem is a line of the report.
func Run(ctx context.Context, cfg Config, c *Clients) (*Report, error) {
	if cfg.Lab == nil {
		return nil, errors.New("preflight: no lab configuration")
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	r := &Report{
		ConfigFile: cfg.ConfigFile, NamePrefix: cfg.Lab.NamePrefix,
		SourceRegion: cfg.SourceRegion, TargetRegion: cfg.TargetRegion,
	}
	id, err := identity(ctx, c)
	if err != nil {
		return nil, err
	}
	r.Account, r.Identity = id.account, id.arn

	p := &probe{cfg: cfg, c: c, account: id.account}
	// An instance's class and engine version are ordered; DMS Serverless
	// has neither, but needs its service-linked role.
	dmsChecks := []func(context.Context) Check{p.dmsClass, p.dmsEngine}
	if cfg.Lab.DMS.Serverless != nil {
		dmsChecks = []func(context.Context) Check{p.dmsServerless, p.dmsServerlessRole}
	}
	checks := append(dmsChecks,
		p.oracle,
		p.aurora,
		p.dmsRoles,
		p.bucket,
		p.vpcQuota,
		p.existingLab,
	)
	out := make([]Check, len(checks))
	var wg sync.WaitGroup
	for i, f := range checks {
		wg.Go(func() { out[i] = f(ctx) })
	}
	wg.Wait()
	r.Checks = append([]Check{{
		ID: "credentials", Title: "Credentials", Status: OK,
		Summary: fmt.Sprintf("deploying as %s in account %s", id.arn, id.account),
		Asked:   "STS GetCallerIdentity",
		Answer:  fmt.Sprintf("account %s, ARN %s, user id %s", id.account, id.arn, id.userID),
	}}, out...)
	for _, ch := range r.Checks {
		switch ch.Status {
		case Fail:
			r.Blockers++
		case Warn:
			r.Warnings++
		}
	}
	r.Cost = Estimate(DefaultPrices(), cfg.Lab, cfg.SourceRegion, cfg.TargetRegion)
	return r, nil
}

// probe carries what every check needs.
type probe struct {
	cfg     Config
	c       *Clients
	account string

	dmsOnce      sync.Once
	dmsOrderable []dmsOffer
	dmsErr       error
}

type caller struct{ account, arn, userID string }

func identity(ctx context.Context, c *Clients) (caller, error) {
	if c.Credentials != nil {
		creds, err := c.Credentials.Retrieve(ctx)
		if err != nil {
			return caller{}, &CredentialsError{Reason: "No AWS credentials found.", Err: err}
		}
		if !creds.HasKeys() {
			return caller{}, &CredentialsError{Reason: "No AWS credentials found (the credentials found are anonymous)."}
		}
	}
	out, err := c.STS.GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		code, msg := apiError(err)
		switch code {
		case "":
			return caller{}, &CredentialsError{Reason: "Could not ask AWS STS who you are: " + oneLine(err), Err: err}
		case "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException", "AccessDenied", "UnrecognizedClientException":
			return caller{}, &CredentialsError{Reason: fmt.Sprintf("AWS refused these credentials (STS GetCallerIdentity: %s: %s).", code, msg), Err: err}
		default:
			return caller{}, &CredentialsError{Reason: fmt.Sprintf("STS GetCallerIdentity failed: %s: %s.", code, msg), Err: err}
		}
	}
	return caller{account: aws.ToString(out.Account), arn: aws.ToString(out.Arn), userID: aws.ToString(out.UserId)}, nil
}
