package cli

// Finding the connection: flags, environment, secrets, the saved config.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/logging"

	"github.com/dmslab/dmslab/internal/dgen/connect"
	"github.com/dmslab/dmslab/internal/dgen/store"
)

// errNoTables explains the usual first mistake.
var errNoTables = errors.New("the tables do not exist: run `dgen init` first")

// openSource resolves the source's connection and opens it. A DSN that
// may go without a password (PostgreSQL) and got none is tried as it is;
// when the server then asks for one, dgen asks on the terminal or says
// where to put it.
func (a *App) openSource(ctx context.Context) (*store.Store, connect.DSN, error) {
	source, err := a.resolveSource(ctx)
	if err != nil {
		return nil, source, err
	}
	s, err := connect.Open(ctx, source)
	if errors.Is(err, connect.ErrNoPassword) {
		if a.Prompt == nil {
			return nil, source, badInput("no password for %s: the server asks for one; put it in DGEN_PASSWORD (or PGPASSWORD, ~/.pgpass), give --secret-id, or run in a terminal to be asked", source)
		}
		if source.Password, err = a.Prompt(fmt.Sprintf("password for %s: ", source)); err != nil {
			return nil, source, err
		}
		s, err = connect.Open(ctx, source)
	}
	return s, source, err
}

// withSource opens the source and runs fn.
func (a *App) withSource(ctx context.Context, fn func(context.Context, *store.Store) error) error {
	s, _, err := a.openSource(ctx)
	if err != nil {
		return err
	}
	defer s.DB.Close()
	err = fn(ctx, s)
	if err != nil && s.IsMissingTable(err) {
		return fmt.Errorf("%w (%v)", errNoTables, err)
	}
	return err
}

// parseDSN reads a DSN given through flagName (or its variable); an error
// is bad input and names the flag.
func parseDSN(flagName, raw string) (connect.DSN, error) {
	d, err := connect.ParseDSN(raw)
	if err != nil {
		return d, badInput("%s %v", flagName, err)
	}
	return d, nil
}

// savedConfig is what config writes: never a password unless asked.
type savedConfig struct {
	DSN      string `json:"dsn,omitempty"`
	SecretID string `json:"secret_id,omitempty"`
	Password string `json:"password,omitempty"`
}

func (a *App) configFile() string {
	if a.global.configPath != "" {
		return a.global.configPath
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

// configNamed is where the settings file was named (--config or
// DGEN_CONFIG), "" for the default path.
func (a *App) configNamed() string {
	switch {
	case a.global.configPath != "":
		return "--config"
	case a.Getenv("DGEN_CONFIG") != "":
		return "DGEN_CONFIG"
	}
	return ""
}

// checkConfigNamed: only the default settings file may be missing
// (nothing saved yet), and the one config is about to write.
func (a *App) checkConfigNamed() error {
	named := a.configNamed()
	if named == "" || a.writingConfig {
		return nil
	}
	if _, err := os.Stat(a.configFile()); errors.Is(err, os.ErrNotExist) {
		return badInput("%s %s: no such file; `dgen config` writes it", named, a.configFile())
	}
	return nil
}

func (a *App) loadConfig() (savedConfig, error) {
	var c savedConfig
	if err := a.checkConfigNamed(); err != nil {
		return c, err
	}
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

// resolveSource finds the source's connection: --dsn, DGEN_DSN, a secret,
// or the saved config; then the password: the DSN's, DGEN_PASSWORD, the
// secret's, the saved one, or a prompt.
func (a *App) resolveSource(ctx context.Context) (connect.DSN, error) {
	saved, err := a.loadConfig()
	if err != nil {
		return connect.DSN{}, err
	}
	dsn := firstOf(a.global.dsn, a.Getenv("DGEN_DSN"), saved.DSN)
	secretID := firstOf(a.global.secretID, a.Getenv("DGEN_SECRET_ID"), saved.SecretID)
	var source connect.DSN
	var fromSecret *connect.DSN
	if secretID != "" && (dsn == "" || !dsnHasPassword(dsn)) && a.Getenv("DGEN_PASSWORD") == "" {
		sd, err := connectionFromSecret(ctx, secretID)
		if err != nil {
			return connect.DSN{}, err
		}
		fromSecret = &sd
	}
	switch {
	case dsn != "":
		if source, err = parseDSN("--dsn", dsn); err != nil {
			return connect.DSN{}, err
		}
	case fromSecret != nil:
		return *fromSecret, nil
	default:
		return connect.DSN{}, badInput("no connection: give --dsn, set DGEN_DSN, give --secret-id, or save one with `dgen config`")
	}
	switch {
	case source.Password != "":
	case a.flagPassword != "":
		source.Password = a.flagPassword
	case a.Getenv("DGEN_PASSWORD") != "":
		source.Password = a.Getenv("DGEN_PASSWORD")
	case fromSecret != nil:
		source.Password = fromSecret.Password
	case saved.Password != "" && saved.DSN == dsn:
		source.Password = saved.Password
	case source.PasswordOptional():
		// trust, ~/.pgpass, PGPASSWORD: openSource asks only if the server does.
	case a.Prompt != nil:
		p, err := a.Prompt(fmt.Sprintf("password for %s: ", source))
		if err != nil {
			return connect.DSN{}, err
		}
		source.Password = p
	default:
		return connect.DSN{}, badInput("no password for %s: put it in DGEN_PASSWORD, give --secret-id, or run in a terminal to be asked", source)
	}
	return source, nil
}

func dsnHasPassword(dsn string) bool {
	d, err := connect.ParseDSN(dsn)
	return err == nil && d.Password != ""
}

func firstOf(vals ...string) string {
	for _, v := range vals {
		if v != "" {
			return v
		}
	}
	return ""
}

// awsConfig loads the usual AWS settings (environment, profile, instance
// role; AWS_ENDPOINT_URL_* too), in region when one is given, and checks
// that they hold a region and credentials: without them it says in one
// line how to give them (bad input), and the SDK prints nothing of its own.
// regionHint says how the command takes a region.
func awsConfig(ctx context.Context, region, regionHint string) (aws.Config, error) {
	opts := []func(*config.LoadOptions) error{config.WithLogger(logging.Nop{})}
	if region != "" {
		opts = append(opts, config.WithRegion(region))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return cfg, fmt.Errorf("AWS configuration: %w", err)
	}
	if cfg.Region == "" {
		return cfg, badInput("no AWS region: set AWS_REGION (or a profile's region in ~/.aws/config)%s", regionHint)
	}
	if cfg.Credentials == nil {
		return cfg, badInput(noCredentials)
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		if ctx.Err() != nil {
			return cfg, ctx.Err()
		}
		return cfg, badInput(noCredentials)
	}
	return cfg, nil
}

const noCredentials = "no usable AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE (after `aws configure` or `aws sso login`), or run where an instance role gives them"

// connectionFromSecret reads a Secrets Manager secret in the lab's layout
// as a connection. The region comes from the ARN when an ARN is given,
// else from the usual AWS settings; AWS_ENDPOINT_URL_SECRETS_MANAGER points
// it elsewhere (the tests do).
func connectionFromSecret(ctx context.Context, id string) (connect.DSN, error) {
	cfg, err := awsConfig(ctx, connect.SecretRegion(id), ", or give the secret's ARN, which names its region")
	if err != nil {
		return connect.DSN{}, err
	}
	return connect.FromSecretID(ctx, cfg, id)
}
