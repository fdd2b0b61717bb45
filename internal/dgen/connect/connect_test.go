package connect

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/sijms/go-ora/v2/configurations"

	"github.com/dmslab/dmslab/internal/dgen/store/oracle"
)

func TestDSNFromSecret(t *testing.T) {
	tg, err := FromSecret(`{"username":"admin","password":"p@ss/word","host":"db.example","port":1521,"engine":"oracle","dbname":"DBSOURCE"}`)
	if err != nil {
		t.Fatal(err)
	}
	if tg.String() != "oracle://admin@db.example:1521/DBSOURCE" || tg.Dialect() != (oracle.Dialect{}) {
		t.Errorf("target %s", tg)
	}
	if back, err := url.Parse(tg.WithPassword()); err != nil {
		t.Error(err)
	} else if p, _ := back.User.Password(); p != "p@ss/word" || back.Host != "db.example:1521" {
		t.Errorf("the driver URL %s does not carry the password intact", tg.WithPassword())
	}
	if _, err := FromSecret(`{"username":"a","password":"b","host":"h","port":1,"engine":"mysql","dbname":"d"}`); err == nil {
		t.Error("a mysql secret was accepted")
	}
}

// The query options of an Oracle DSN reach go-ora, read back by go-ora's
// own parser; without PREFETCH_ROWS the prefetch is far above go-ora's 25.
func TestOracleDSNOptionsReachGoOra(t *testing.T) {
	d, err := ParseDSN("oracle://admin:p%40ss%2Fw%3Ard@db.example:2484/ORCL?SSL=true&SSL%20VERIFY=false&SID=XE&PREFETCH_ROWS=500&TIMEOUT=30")
	if err != nil {
		t.Fatal(err)
	}
	cfg, err := configurations.ParseConfig(d.WithPassword())
	if err != nil {
		t.Fatal(err)
	}
	if !cfg.SSL || cfg.SSLVerify || cfg.SID != "XE" || cfg.PrefetchRows != 500 || cfg.Timeout != 30*time.Second {
		t.Errorf("go-ora read SSL %v, SSL VERIFY %v, SID %q, PREFETCH_ROWS %d, TIMEOUT %s from %s", cfg.SSL, cfg.SSLVerify, cfg.SID, cfg.PrefetchRows, cfg.Timeout, d)
	}
	if cfg.UserID != "admin" || cfg.Password != "p@ss/w:rd" || cfg.ServiceName != "ORCL" || cfg.Servers[0].Port != 2484 {
		t.Errorf("go-ora read user %q, password %q, service %q, servers %v", cfg.UserID, cfg.Password, cfg.ServiceName, cfg.Servers)
	}
	if strings.Contains(d.String(), "p@ss") || !strings.Contains(d.String(), "SSL=true") {
		t.Errorf("the DSN shown: %s", d)
	}

	plain, _ := ParseDSN("oracle://admin:pw@db.example/ORCL")
	cfg, err = configurations.ParseConfig(plain.WithPassword())
	if err != nil {
		t.Fatal(err)
	}
	if cfg.PrefetchRows != 1000 || cfg.SSL {
		t.Errorf("without options: PREFETCH_ROWS %d (want 1000), SSL %v", cfg.PrefetchRows, cfg.SSL)
	}
	if strings.Contains(plain.String(), "PREFETCH") {
		t.Errorf("the default prefetch is shown in the DSN: %s", plain)
	}
}

// A password never shows, even in a DSN Go cannot parse as a URL.
func TestRedactHidesPasswordsInUnparsableDSNs(t *testing.T) {
	for in, want := range map[string]string{
		"oracle://admin:Sup3rSecret@db example:1521/ORCL": "oracle://admin:xxxxx@db example:1521/ORCL",
		"postgres://u:p%zz@h/db":                          "postgres://u:xxxxx@h/db",
		"postgres://u:pw@h:5432/db":                       "postgres://u:xxxxx@h:5432/db",
		"postgres://u@h/db":                               "postgres://u@h/db",
	} {
		if got := redact(in); got != want {
			t.Errorf("redact(%q) = %q, want %q", in, got, want)
		}
	}
	_, err := ParseDSN("oracle://admin:Sup3rSecret@db example:1521/ORCL")
	if err == nil || strings.Contains(err.Error(), "Sup3rSecret") {
		t.Errorf("ParseDSN: %v", err)
	}
}

// Options that hold a password show as xxxxx; config saves them only when
// asked to save the password.
func TestSecretOptionsNeverShow(t *testing.T) {
	d, err := ParseDSN("oracle://admin@db.example:2484/ORCL?SSL=true&WALLET%20PASSWORD=Sup3rSecret")
	if err != nil {
		t.Fatal(err)
	}
	if s := d.String(); strings.Contains(s, "Sup3rSecret") || !strings.Contains(s, "WALLET+PASSWORD=xxxxx") {
		t.Errorf("shown: %s", s)
	}
	if s := d.Saved(false); strings.Contains(s, "WALLET") || !strings.Contains(s, "SSL=true") {
		t.Errorf("saved without secrets: %s", s)
	}
	if s := d.Saved(true); !strings.Contains(s, "WALLET+PASSWORD=Sup3rSecret") {
		t.Errorf("saved with secrets: %s", s)
	}
	for _, raw := range []string{"oracle://db.example:2484/ORCL?WALLET%20PASSWORD=Sup3rSecret", "oracle://a:b@db example/ORCL?WALLET%20PASSWORD=Sup3rSecret"} {
		if _, err := ParseDSN(raw); err == nil || strings.Contains(err.Error(), "Sup3rSecret") {
			t.Errorf("ParseDSN(%q): %v", raw, err)
		}
	}
}
