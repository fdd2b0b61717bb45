package dgen

// Finding the connection: flags, environment, secrets, the saved config.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

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
