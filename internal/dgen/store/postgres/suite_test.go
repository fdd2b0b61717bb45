package postgres_test

import (
	"context"
	"fmt"
	"os"
	"sync/atomic"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/connect"
	"github.com/dmslab/dmslab/internal/dgen/store/storetest"
	"github.com/dmslab/dmslab/internal/pgtest"
)

var server *pgtest.Server

func TestMain(m *testing.M) {
	s, err := pgtest.Start()
	if err != nil {
		fmt.Fprintln(os.Stderr, "cannot start PostgreSQL for the tests:", err)
		os.Exit(1)
	}
	server = s
	code := m.Run()
	s.Stop()
	os.Exit(code)
}

var dbCounter atomic.Int64

// TestStoreSuite runs the store suite on the PostgreSQL dialect against a
// real PostgreSQL, a new database for each test.
func TestStoreSuite(t *testing.T) {
	storetest.Test(t, func(t *testing.T) storetest.Database {
		name := fmt.Sprintf("suite%d", dbCounter.Add(1))
		if err := server.CreateDB(name); err != nil {
			t.Fatal(err)
		}
		dsn, err := connect.ParseDSN(server.URL(name))
		if err != nil {
			t.Fatal(err)
		}
		s, err := connect.Open(context.Background(), dsn)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.DB.Close() })
		return storetest.Database{Store: s}
	})
}
