package connect

import (
	"net/url"
	"testing"

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
