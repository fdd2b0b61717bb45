package verify

import (
	"context"
	"net/http/httptest"

	"bufio"
	"fmt"
	"github.com/aws/aws-sdk-go-v2/aws"
	"io"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// csvPipe streams a CSV file written by gen, so that the test itself
// holds none of it.
func csvPipe(gen func(w *bufio.Writer)) io.Reader {
	pr, pw := io.Pipe()
	go func() {
		w := bufio.NewWriter(pw)
		gen(w)
		pw.CloseWithError(w.Flush())
	}()
	return pr
}

// The S3 side rebuilds a table of 300 000 rows (a full load, then updates
// and deletes) while holding at most RunRows of them in memory (its 150
// runs are more than one merge reads at once), and keeps
// none of them after: they are sorted on disk and folded per identity.
func TestS3RebuildHoldsAtMostRunRows(t *testing.T) {
	const n, runRows = 300_000, 2_000 // 150 runs: merged in more than one pass
	tb, _ := store.TableByName("TABLE1")
	st := newS3Table(tb, runRows)
	defer st.spill.close()
	var s S3Side
	h := "Op,dms_commit_ts,t1_pk,block,number,var,cdc\n"
	load, _ := classify("T/LOAD00000001.csv")
	err := s.applyCSV(st, load, csvPipe(func(w *bufio.Writer) {
		w.WriteString(h)
		for i := 1; i <= n; i++ {
			fmt.Fprintf(w, "I,2022-05-21 09:00:00.000000,%d,%d,2.5,%016d,load\n", i, i%100, i)
		}
	}), "load")
	if err != nil {
		t.Fatal(err)
	}
	cdc, _ := classify("T/20220521-100000000.csv")
	err = s.applyCSV(st, cdc, csvPipe(func(w *bufio.Writer) {
		w.WriteString(h)
		for i := n; i >= 1; i-- { // the keys in the reverse order of the load
			switch {
			case i%7 == 0:
				fmt.Fprintf(w, "D,2022-05-21 10:00:00.000000,%d,%d,2.5,%016d,load\n", i, i%100, i)
			case i%10 == 0:
				fmt.Fprintf(w, "U,2022-05-21 10:00:00.000000,%d,%d,2.5,%016d,cdc\n", i, i%100, i)
			}
		}
	}), "cdc")
	if err != nil {
		t.Fatal(err)
	}
	if len(st.spill.runs) < 2 {
		t.Fatalf("%d run files: the rows were not sorted on disk", len(st.spill.runs))
	}
	var rows, updated int
	cdcAt := tb.ColumnIndex("cdc")
	err = st.finish(func(values []string) error {
		rows++
		if values[cdcAt] == "cdc" {
			updated++
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	wantRows, wantUpdated := n-n/7, n/10-n/70
	if rows != wantRows || updated != wantUpdated {
		t.Errorf("%d rows, %d updated; want %d, %d", rows, updated, wantRows, wantUpdated)
	}
	if st.spill.merged == 0 {
		t.Errorf("one merge read all %d runs at once, want at most %d", n/runRows, maxFanIn)
	}
	if st.spill.peak > runRows {
		t.Errorf("held %d rows at once, want at most %d", st.spill.peak, runRows)
	}
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	// 300 000 rows held would take tens of MB; the runs hold a few.
	if m.HeapAlloc > 24<<20 {
		t.Errorf("%d MB on the heap after the rebuild, with the table still reachable", m.HeapAlloc>>20)
	}
	runtime.KeepAlive(st)
	dir := st.spill.dir
	st.spill.close()
	if _, err := os.Stat(dir); !os.IsNotExist(err) || !strings.Contains(dir, "dgen-verify-s3") {
		t.Errorf("run directory %q left behind: %v", dir, err)
	}
}

// Through S3: Digest and BlockRows read the rebuilt rows from disk, the
// side holds at most RunRows per table, and Close removes its files.
func TestS3SideSpillsAndCleansUp(t *testing.T) {
	srv := httptest.NewServer(benchS3{rows: 10_000})
	defer srv.Close()
	cfg := aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(srv.URL),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "test", SecretAccessKey: "test"}, nil
		})}
	s := &S3Side{Bucket: "bench", Prefix: "dms", Client: NewS3Client(cfg, true), RunRows: 500}
	ctx := context.Background()
	d, err := s.Digest(ctx)
	if err != nil {
		t.Fatal(err)
	}
	// Block 10 holds the keys 10, 1010, ..., 9010: all updated by the CDC file.
	if got := d["TABLE1"][10]; got == nil || got.Rows != 10 {
		t.Fatalf("TABLE1 block 10: %+v, want 10 rows", got)
	}
	tb, _ := store.TableByName("TABLE1")
	rows, err := s.BlockRows(ctx, tb, 10)
	if err != nil || len(rows) != 10 {
		t.Fatalf("BlockRows: %d rows, %v; want 10", len(rows), err)
	}
	for _, r := range rows {
		if r[tb.ColumnIndex("cdc")] != "cdc" {
			t.Errorf("row %v not updated", r)
		}
	}
	if p := s.PeakRows(); p == 0 || p > 500 {
		t.Errorf("held %d rows at once, want 1 to 500", p)
	}
	dir := s.dir
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("%s left behind: %v", dir, err)
	}
}
