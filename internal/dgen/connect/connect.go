// Package connect finds and opens dgen's databases: it parses connection
// URLs (DSNs) and the lab's Secrets Manager secrets, and holds the one
// table of engines, the only place that goes from an engine's name to its
// driver and its store.Dialect.
//
// It may import store and the engine packages (store/oracle,
// store/postgres) and the AWS SDK's Secrets Manager client. It must not
// know flags, environment variables, exit codes or output (its errors name
// no flag; the cli package adds that), nor anything of verify or status.
package connect

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/dgen/store/oracle"
	"github.com/dmslab/dmslab/internal/dgen/store/postgres"
)

// engine is one database engine dgen speaks.
type engine struct {
	name        string   // the DSN scheme dgen writes
	schemes     []string // the DSN schemes read as this engine
	secretNames []string // the secrets' "engine" values read as this engine
	port        int      // the default port
	// secretParams are connection parameters a lab secret implies.
	secretParams url.Values
	// labTarget: DMS replicates into it in the lab (Aurora PostgreSQL).
	labTarget bool
	// passwordOptional: the driver finds a password itself, or the server
	// needs none (PostgreSQL: trust, ~/.pgpass, PGPASSWORD).
	passwordOptional bool
	// authFailed says whether a connection error is the server refusing
	// the login, so that a DSN without a password can say it needs one.
	authFailed func(error) bool
	driverName string
	driverURL  func(user, password, host string, port int, database string, params url.Values) string
	dialect    store.Dialect
}

// engines is the one place an engine's name leads to its code.
var engines = []engine{
	{
		name: "oracle", schemes: []string{"oracle"}, secretNames: []string{"oracle"}, port: 1521,
		driverName: oracle.DriverName, driverURL: oracle.DriverURL, dialect: oracle.Dialect{},
	},
	{
		name: "postgres", schemes: []string{"postgres", "postgresql"}, secretNames: []string{"postgres", "aurora-postgresql"}, port: 5432,
		secretParams: url.Values{"sslmode": {"require"}}, labTarget: true,
		passwordOptional: true, authFailed: postgres.IsAuthFailure,
		driverName: postgres.DriverName, driverURL: postgres.DriverURL, dialect: postgres.Dialect{},
	},
}

// OracleDSN is the connection to an Oracle service on its default port,
// built from parts (the earlier dgen's host, SID and user).
func OracleDSN(host, service, user, password string) DSN {
	e, _ := engineNamed("oracle")
	return DSN{Engine: e.name, Host: host, Port: e.port, Database: service, User: user, Password: password}
}

func engineBy(names func(engine) []string, name string) (engine, bool) {
	for _, e := range engines {
		for _, n := range names(e) {
			if n == name {
				return e, true
			}
		}
	}
	return engine{}, false
}

// engineNamed finds an engine by the name dgen writes.
func engineNamed(name string) (engine, bool) {
	return engineBy(func(e engine) []string { return []string{e.name} }, name)
}

func (d DSN) engine() engine {
	e, _ := engineNamed(d.Engine)
	return e
}

// DSN is a parsed connection URL: which engine and where.
type DSN struct {
	Engine   string // the engine's scheme: "oracle" or "postgres"
	User     string
	Password string
	Host     string
	Port     int
	Database string // Oracle service name or PostgreSQL database
	Params   url.Values
}

// ParseDSN reads oracle://USER:PASS@HOST:PORT/SERVICE or
// postgres://USER:PASS@HOST:PORT/DB?sslmode=...; the password may be absent.
// Its errors start with what was wrong, for the caller to say where it
// came from.
func ParseDSN(raw string) (DSN, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return DSN{}, fmt.Errorf("%q: want oracle://USER:PASS@HOST:PORT/SERVICE or postgres://USER:PASS@HOST:PORT/DB", redact(raw))
	}
	d := DSN{Host: u.Hostname(), Database: strings.TrimPrefix(u.Path, "/"), Params: u.Query()}
	e, ok := engineBy(func(e engine) []string { return e.schemes }, u.Scheme)
	if !ok {
		return DSN{}, fmt.Errorf("scheme %q: want oracle or postgres", u.Scheme)
	}
	d.Engine, d.Port = e.name, e.port
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return DSN{}, fmt.Errorf("port %q: want 1 to 65535", p)
		}
		d.Port = n
	}
	if u.User != nil {
		d.User = u.User.Username()
		d.Password, _ = u.User.Password()
	}
	if d.User == "" {
		return DSN{}, fmt.Errorf("%q: no user name (USER@HOST)", redact(raw))
	}
	if d.Database == "" {
		return DSN{}, fmt.Errorf("%q: no service or database name after the host (/NAME)", redact(raw))
	}
	return d, nil
}

// String is the DSN without its password, for messages and the config file.
// Options that hold a secret (go-ora's WALLET PASSWORD, OS PASSWORD,
// PROXY PASSWORD; pgx's password) show as xxxxx.
func (d DSN) String() string { return d.url(redactSecret) }

// Saved is the DSN as config saves it: without the password, and without
// the options that hold a secret unless withSecrets.
func (d DSN) Saved(withSecrets bool) string {
	if withSecrets {
		return d.url(func(string, []string) []string { return nil })
	}
	return d.url(func(string, []string) []string { return []string{} })
}

// redactSecret hides a secret option's values.
func redactSecret(_ string, v []string) []string { return []string{"xxxxx"} }

// url writes the DSN without its password; secret options' values are
// replaced by what secret returns (nil: kept, empty: the option dropped).
func (d DSN) url(secret func(name string, values []string) []string) string {
	q := url.Values{}
	for k, v := range d.Params {
		if isSecretOption(k) {
			if r := secret(k, v); r != nil {
				v = r
			}
		}
		if len(v) > 0 {
			q[k] = v
		}
	}
	u := url.URL{Scheme: d.Engine, User: url.User(d.User), Host: fmt.Sprintf("%s:%d", d.Host, d.Port), Path: "/" + d.Database, RawQuery: q.Encode()}
	return u.String()
}

// isSecretOption: an option whose name says it holds a password.
func isSecretOption(name string) bool {
	n := strings.ToUpper(name)
	return strings.Contains(n, "PASS") || strings.Contains(n, "PWD")
}

// WithPassword is the DSN with its password, for the driver only.
func (d DSN) WithPassword() string {
	return d.engine().driverURL(d.User, d.Password, d.Host, d.Port, d.Database, d.Params)
}

// Dialect is the SQL dialect of the DSN's engine.
func (d DSN) Dialect() store.Dialect { return d.engine().dialect }

// PasswordOptional says whether a connection without a password may work:
// the driver finds one itself (PostgreSQL's ~/.pgpass, PGPASSWORD) or the
// server needs none.
func (d DSN) PasswordOptional() bool { return d.engine().passwordOptional }

// SamePlace says whether d and o name the same database: engine, host,
// port and database (or service), whoever connects.
func (d DSN) SamePlace(o DSN) bool {
	return d.Engine == o.Engine && strings.EqualFold(d.Host, o.Host) && d.Port == o.Port && d.Database == o.Database
}

// IsLabTarget says whether DMS replicates into this engine in the lab
// (Aurora PostgreSQL), so that verify may compare it.
func (d DSN) IsLabTarget() bool { return d.engine().labTarget }

// redact hides a password in a DSN given on the command line, also when
// the DSN is not a URL Go can parse: everything between "://USER:" and the
// last "@" is hidden then.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err == nil {
		if u.User != nil {
			if _, has := u.User.Password(); has {
				u.User = url.UserPassword(u.User.Username(), "xxxxx")
			}
		}
		q := u.Query()
		for k, v := range q {
			if isSecretOption(k) {
				q[k] = redactSecret(k, v)
			}
		}
		if len(q) > 0 {
			u.RawQuery = q.Encode()
		}
		return u.String()
	}
	// Not a URL: its options are not shown at all.
	if i := strings.LastIndex(dsn, "?"); i >= 0 {
		dsn = dsn[:i] + "?..."
	}
	_, rest, ok := strings.Cut(dsn, "://")
	if !ok {
		rest = dsn
	}
	start := len(dsn) - len(rest)
	at := strings.LastIndex(rest, "@")
	if at < 0 {
		return dsn
	}
	colon := strings.Index(rest[:at], ":")
	if colon < 0 {
		return dsn
	}
	return dsn[:start+colon+1] + "xxxxx" + dsn[start+at:]
}

// ErrNoPassword is returned by Open when the DSN has no password and the
// server asks for one.
var ErrNoPassword = errors.New("the server asks for a password and none was given")

// Open connects and checks the connection.
func Open(ctx context.Context, d DSN) (*store.Store, error) {
	e, ok := engineNamed(d.Engine)
	if !ok {
		return nil, fmt.Errorf("no engine %q", d.Engine)
	}
	db, err := sql.Open(e.driverName, d.WithPassword())
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		if d.Password == "" && e.authFailed != nil && e.authFailed(err) {
			return nil, fmt.Errorf("connect to %s: %w (%v)", d, ErrNoPassword, err)
		}
		return nil, fmt.Errorf("connect to %s: %w", d, err)
	}
	return &store.Store{DB: db, Dialect: e.dialect}, nil
}

// OpenURL parses a DSN and opens it.
func OpenURL(ctx context.Context, raw string) (*store.Store, error) {
	d, err := ParseDSN(raw)
	if err != nil {
		return nil, err
	}
	return Open(ctx, d)
}

// DatabaseSecret is the layout of the lab's credentials secrets (the layout
// DMS endpoints read, plus engine and dbname).
type DatabaseSecret struct {
	Username string `json:"username"`
	Password string `json:"password"`
	Host     string `json:"host"`
	Port     int    `json:"port"`
	Engine   string `json:"engine"`
	DBName   string `json:"dbname"`
}

// FromSecret builds a connection from a secret's JSON.
func FromSecret(raw string) (DSN, error) {
	var s DatabaseSecret
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return DSN{}, fmt.Errorf("the secret is not the lab's JSON layout (username, password, host, port, engine, dbname): %w", err)
	}
	d := DSN{User: s.Username, Password: s.Password, Host: s.Host, Port: s.Port, Database: s.DBName, Params: url.Values{}}
	e, ok := engineBy(func(e engine) []string { return e.secretNames }, s.Engine)
	if !ok {
		return DSN{}, fmt.Errorf("the secret's engine %q: want oracle or postgres", s.Engine)
	}
	d.Engine = e.name
	for k, v := range e.secretParams {
		d.Params[k] = append([]string(nil), v...)
	}
	if d.Host == "" || d.User == "" || d.Port == 0 || d.Database == "" {
		return DSN{}, errors.New("the secret lacks host, port, username or dbname")
	}
	return d, nil
}
