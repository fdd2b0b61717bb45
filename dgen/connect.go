package dgen

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	goora "github.com/sijms/go-ora/v2"
)

// Target is a parsed --dsn: which engine and where.
type Target struct {
	Engine   string // "oracle" or "postgres"
	User     string
	Password string
	Host     string
	Port     int
	Database string // Oracle service name or PostgreSQL database
	Params   url.Values
}

// usageError is bad input: the command exits 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func badInput(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// ParseDSN reads oracle://USER:PASS@HOST:PORT/SERVICE or
// postgres://USER:PASS@HOST:PORT/DB?sslmode=...; the password may be absent.
func ParseDSN(dsn string) (Target, error) {
	u, err := url.Parse(dsn)
	if err != nil || u.Host == "" {
		return Target{}, badInput("--dsn %q: want oracle://USER:PASS@HOST:PORT/SERVICE or postgres://USER:PASS@HOST:PORT/DB", redact(dsn))
	}
	t := Target{Host: u.Hostname(), Database: strings.TrimPrefix(u.Path, "/"), Params: u.Query()}
	switch u.Scheme {
	case "oracle":
		t.Engine, t.Port = "oracle", 1521
	case "postgres", "postgresql":
		t.Engine, t.Port = "postgres", 5432
	default:
		return Target{}, badInput("--dsn scheme %q: want oracle or postgres", u.Scheme)
	}
	if p := u.Port(); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 65535 {
			return Target{}, badInput("--dsn port %q: want 1 to 65535", p)
		}
		t.Port = n
	}
	if u.User != nil {
		t.User = u.User.Username()
		t.Password, _ = u.User.Password()
	}
	if t.User == "" {
		return Target{}, badInput("--dsn %q: no user name (USER@HOST)", redact(dsn))
	}
	if t.Database == "" {
		return Target{}, badInput("--dsn %q: no service or database name after the host (/NAME)", redact(dsn))
	}
	return t, nil
}

// String is the DSN without its password, for messages and the config file.
func (t Target) String() string {
	u := url.URL{Scheme: t.Engine, User: url.User(t.User), Host: fmt.Sprintf("%s:%d", t.Host, t.Port), Path: "/" + t.Database, RawQuery: t.Params.Encode()}
	return u.String()
}

// WithPassword is the DSN with its password, for the driver only.
func (t Target) WithPassword() string {
	if t.Engine == "oracle" {
		return goora.BuildUrl(t.Host, t.Port, t.Database, t.User, t.Password, nil)
	}
	u := url.URL{Scheme: "postgres", User: url.UserPassword(t.User, t.Password), Host: fmt.Sprintf("%s:%d", t.Host, t.Port), Path: "/" + t.Database, RawQuery: t.Params.Encode()}
	return u.String()
}

// Dialect is the SQL dialect of the target's engine.
func (t Target) Dialect() *Dialect {
	if t.Engine == "oracle" {
		return Oracle
	}
	return Postgres
}

// redact hides a password in a DSN given on the command line.
func redact(dsn string) string {
	u, err := url.Parse(dsn)
	if err != nil || u.User == nil {
		return dsn
	}
	if _, has := u.User.Password(); has {
		u.User = url.UserPassword(u.User.Username(), "xxxxx")
	}
	return u.String()
}

// Open connects and checks the connection.
func Open(ctx context.Context, t Target) (*Store, error) {
	driver := "pgx"
	if t.Engine == "oracle" {
		driver = "oracle"
	}
	db, err := sql.Open(driver, t.WithPassword())
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect to %s: %w", t, err)
	}
	return &Store{DB: db, D: t.Dialect()}, nil
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

// TargetFromSecret builds a target from a secret's JSON.
func TargetFromSecret(raw string) (Target, error) {
	var s DatabaseSecret
	if err := json.Unmarshal([]byte(raw), &s); err != nil {
		return Target{}, fmt.Errorf("the secret is not the lab's JSON layout (username, password, host, port, engine, dbname): %w", err)
	}
	t := Target{User: s.Username, Password: s.Password, Host: s.Host, Port: s.Port, Database: s.DBName, Params: url.Values{}}
	switch s.Engine {
	case "oracle":
		t.Engine = "oracle"
	case "postgres", "aurora-postgresql":
		t.Engine = "postgres"
		t.Params.Set("sslmode", "require")
	default:
		return Target{}, fmt.Errorf("the secret's engine %q: want oracle or postgres", s.Engine)
	}
	if t.Host == "" || t.User == "" || t.Port == 0 || t.Database == "" {
		return Target{}, fmt.Errorf("the secret lacks host, port, username or dbname")
	}
	return t, nil
}
