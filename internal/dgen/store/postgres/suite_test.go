package postgres_test

import (
	"context"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/connect"
	"github.com/dmslab/dmslab/internal/dgen/store/storetest"
	"github.com/dmslab/dmslab/internal/pgtest"
)

// TestStoreSuite runs the store suite on the PostgreSQL dialect against a
// real PostgreSQL, a new database for each test.
func TestStoreSuite(t *testing.T) {
	server, err := pgtest.Start()
	if err != nil {
		t.Fatalf("cannot start PostgreSQL for the tests: %v", err)
	}
	t.Cleanup(server.Stop)
	storetest.Test(t, func(t *testing.T) storetest.Database {
		url, err := server.NewDB()
		if err != nil {
			t.Fatal(err)
		}
		s, err := connect.OpenURL(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.DB.Close() })
		return storetest.Database{Store: s}
	})
}
