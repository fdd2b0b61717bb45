package cli

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/dmslab/dmslab/internal/dgen/connect"
)

// configOptions: dgen config (alias set-config), with the earlier dgen's
// -l -s -u -x.
type configOptions struct {
	host, service, user, password string
	savePassword                  bool
}

func (o *configOptions) flags(fs *flagSet, _ *App) {
	fs.StringVar(&o.host, "l", "", "Oracle `host` (earlier flag)")
	fs.StringVar(&o.service, "s", "", "Oracle `SID` / service (earlier flag)")
	fs.StringVar(&o.user, "u", "", "`user` (earlier flag)")
	fs.StringVar(&o.password, "x", "", "`password` (earlier flag; prefer DGEN_PASSWORD)")
	fs.BoolVar(&o.savePassword, "save-password", false, "also save the password (file mode 0600)")
}

func (o *configOptions) validate() error {
	if (o.host != "" || o.service != "" || o.user != "") && (o.host == "" || o.service == "" || o.user == "") {
		return badInput("-l, -s and -u go together: give the Oracle host, SID and user")
	}
	return nil
}

func (o *configOptions) run(ctx context.Context, a *App) error {
	if o.host != "" {
		if a.global.dsn != "" {
			return badInput("give either --dsn or -l/-s/-u, not both")
		}
		// The DSN carries no password: a message that shows it (a host
		// that is no host name, say) cannot show the password.
		d := connect.OracleDSN(o.host, o.service, o.user, "")
		if _, err := connect.ParseDSN(d.String()); err != nil {
			return badInput("-l %q -s %q -u %q: not a host, service and user dgen can connect to", o.host, o.service, o.user)
		}
		a.global.dsn, a.flagPassword = d.String(), o.password
	}
	a.writingConfig = true
	s, source, err := a.openSource(ctx)
	if err != nil {
		return err
	}
	s.DB.Close()
	c := savedConfig{DSN: firstOf(a.global.dsn, a.Getenv("DGEN_DSN")), SecretID: a.global.secretID}
	shown := ""
	if c.DSN != "" {
		d, err := parseDSN("--dsn", c.DSN)
		if err != nil {
			return err
		}
		c.DSN, shown = d.Saved(o.savePassword), d.String()
	}
	if o.savePassword {
		c.Password = source.Password
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
	return a.print(map[string]any{"saved": path, "dsn": shown, "password_saved": o.savePassword}, func(w io.Writer) {
		fmt.Fprintf(w, "connected to %s; saved to %s", source, path)
		if !o.savePassword {
			fmt.Fprint(w, " (without the password)")
		}
		fmt.Fprintln(w)
	})
}
