package cli

import (
	"bytes"
	"context"
	"database/sql"
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/pgtest"
)

var server *pgtest.Server

func TestMain(m *testing.M) { pgtest.Main(m, func(s *pgtest.Server) { server = s }) }

// newDB creates an empty database and returns its DSN; dgen's connections
// carry application_name=dgen so tests can find and kill them.
func newDB(t *testing.T) string {
	t.Helper()
	url, err := server.NewDB()
	if err != nil {
		t.Fatal(err)
	}
	return url + "&application_name=dgen"
}

// sqlDB opens an independent connection for checking what dgen did.
func sqlDB(t *testing.T, dsn string) *sql.DB {
	t.Helper()
	db, err := sql.Open("pgx", strings.Replace(dsn, "application_name=dgen", "application_name=checker", 1))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// dgenRun runs the CLI in-process and returns its exit status and output.
func dgenRun(t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	return dgenRunCtx(context.Background(), t, env, args...)
}

func dgenRunCtx(ctx context.Context, t *testing.T, env map[string]string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	if env == nil {
		env = map[string]string{}
	}
	if _, ok := env["HOME"]; !ok {
		env["HOME"] = t.TempDir()
	}
	// The AWS SDK reads its AWS_* variables from the process (the tests set
	// them with t.Setenv); dgen reads them as the SDK does.
	getenv := func(k string) string {
		if v, ok := env[k]; ok || !strings.HasPrefix(k, "AWS_") {
			return v
		}
		return os.Getenv(k)
	}
	app := &App{Stdin: strings.NewReader(""), Stdout: &out, Stderr: &errb, Getenv: getenv}
	code := app.Run(ctx, args)
	return code, out.String(), errb.String()
}

func mustRun(t *testing.T, dsn string, args ...string) string {
	t.Helper()
	code, out, errOut := dgenRun(t, nil, append([]string{"--dsn", dsn}, args...)...)
	if code != 0 {
		t.Fatalf("dgen %v: exit %d\n%s%s", args, code, out, errOut)
	}
	return out
}

// countsByBlock is the independent count: rows per table and block.
func countsByBlock(t *testing.T, db *sql.DB) map[string]map[int]int64 {
	t.Helper()
	out := map[string]map[int]int64{}
	for _, tb := range store.DataTables() {
		rows, err := db.Query(fmt.Sprintf(`SELECT "block", COUNT(*) FROM "%s" GROUP BY "block"`, tb.Name))
		if err != nil {
			t.Fatal(err)
		}
		out[tb.Name] = map[int]int64{}
		for rows.Next() {
			var b int
			var n int64
			if err := rows.Scan(&b, &n); err != nil {
				t.Fatal(err)
			}
			out[tb.Name][b] = n
		}
		rows.Close()
	}
	return out
}

// ledgerCounts reads the ledger's row counts with plain SQL.
func ledgerCounts(t *testing.T, db *sql.DB) map[string]map[int]int64 {
	t.Helper()
	out := map[string]map[int]int64{}
	for _, tb := range store.DataTables() {
		out[tb.Name] = map[int]int64{}
	}
	rows, err := db.Query(`SELECT "table_name", "block", "row_count" FROM "DGEN_LEDGER" WHERE "row_count" <> 0`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var tb string
		var b int
		var n int64
		if err := rows.Scan(&tb, &b, &n); err != nil {
			t.Fatal(err)
		}
		out[tb][b] = n
	}
	return out
}

func assertLedgerMatches(t *testing.T, db *sql.DB) {
	t.Helper()
	got, want := ledgerCounts(t, db), countsByBlock(t, db)
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("ledger %v\nbut the tables hold %v", got, want)
	}
}

// fakeAWSEnv points the AWS SDK at a test server through endpointVar
// (AWS_ENDPOINT_URL or a service's own) with throwaway credentials.
func fakeAWSEnv(t *testing.T, endpointVar, url string) {
	t.Setenv(endpointVar, url)
	t.Setenv("AWS_ACCESS_KEY_ID", "AKIDTEST")
	t.Setenv("AWS_SECRET_ACCESS_KEY", "test")
	t.Setenv("AWS_REGION", "us-east-1")
	t.Setenv("AWS_EC2_METADATA_DISABLED", "true")
}
