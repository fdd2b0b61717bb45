package verify

import (
	"bufio"
	"context"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
)

// benchS3 serves a bucket of DMS CSV files made up as they are read, so
// that the server holds none of them: TABLE1's full load of rows rows in
// files of a million, then one CDC file updating every tenth row.
type benchS3 struct{ rows int }

const benchFileRows = 1_000_000

func (b benchS3) files() []string {
	var out []string
	for i := 0; i*benchFileRows < b.rows; i++ {
		out = append(out, fmt.Sprintf("dms/TABLE1/LOAD%08X.csv", i+1))
	}
	return append(out, "dms/TABLE1/20220521-100000000.csv")
}

func (b benchS3) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	_, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if key == "" {
		prefix := r.URL.Query().Get("prefix")
		type obj struct{ Key string }
		res := struct {
			XMLName  xml.Name `xml:"ListBucketResult"`
			Xmlns    string   `xml:"xmlns,attr"`
			Name     string
			Prefix   string
			KeyCount int
			MaxKeys  int
			Contents []obj
		}{Xmlns: "http://s3.amazonaws.com/doc/2006-03-01/", Name: "bench", Prefix: prefix, MaxKeys: 1000}
		for _, k := range b.files() {
			if strings.HasPrefix(k, prefix) {
				res.Contents = append(res.Contents, obj{k})
			}
		}
		res.KeyCount = len(res.Contents)
		w.Header().Set("Content-Type", "application/xml")
		xml.NewEncoder(w).Encode(res)
		return
	}
	bw := bufio.NewWriterSize(w, 1<<16)
	defer bw.Flush()
	bw.WriteString("Op,dms_commit_ts,t1_pk,block,number,var,cdc\n")
	if strings.Contains(key, "LOAD") {
		n, _ := strconv.ParseUint(strings.TrimSuffix(strings.TrimPrefix(key, "dms/TABLE1/LOAD"), ".csv"), 16, 64)
		for i := (int(n)-1)*benchFileRows + 1; i <= min(int(n)*benchFileRows, b.rows); i++ {
			fmt.Fprintf(bw, "I,2022-05-21 09:00:00.000000,%d,%d,%d.25,%016x,load\n", i, i%1000, i, i*7919)
		}
		return
	}
	for i := 10; i <= b.rows; i += 10 {
		fmt.Fprintf(bw, "U,2022-05-21 10:00:00.000000,%d,%d,%d.25,%016x,cdc\n", i, i%1000, i, i*7919)
	}
}

// TestS3BenchChild is the process BenchmarkS3Side measures; it runs only
// when the benchmark starts it.
func TestS3BenchChild(t *testing.T) {
	url, rows := os.Getenv("DGEN_S3BENCH_URL"), os.Getenv("DGEN_S3BENCH_ROWS")
	if url == "" {
		t.Skip("started by BenchmarkS3Side")
	}
	cfg := aws.Config{Region: "us-east-1", BaseEndpoint: aws.String(url),
		Credentials: aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
			return aws.Credentials{AccessKeyID: "bench", SecretAccessKey: "bench"}, nil
		})}
	s := &S3Side{Bucket: "bench", Prefix: "dms", Client: NewS3Client(cfg, true)}
	defer s.Close()
	d, err := s.Digest(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	var got int64
	for _, b := range d["TABLE1"] {
		got += b.Rows
	}
	if want, _ := strconv.ParseInt(rows, 10, 64); got != want {
		t.Fatalf("%d rows rebuilt, want %d", got, want)
	}
}

// BenchmarkS3Side rebuilds and digests TABLE1 from S3 files of 1 M and
// 10 M rows (a full load and an update of every tenth row), served from
// this process, in a child process whose wall time and peak resident
// memory it reports. scripts/bench-verify-s3 runs it.
func BenchmarkS3Side(b *testing.B) {
	for _, rows := range []int{1_000_000, 10_000_000} {
		srv := httptest.NewServer(benchS3{rows: rows})
		b.Run(fmt.Sprintf("rows=%d", rows), func(b *testing.B) {
			var wall time.Duration
			var rss int64
			for i := 0; i < b.N; i++ {
				cmd := exec.Command(os.Args[0], "-test.run=^TestS3BenchChild$", "-test.count=1")
				cmd.Env = append(os.Environ(), "DGEN_S3BENCH_URL="+srv.URL, "DGEN_S3BENCH_ROWS="+strconv.Itoa(rows))
				t0 := time.Now()
				if out, err := cmd.CombinedOutput(); err != nil {
					b.Fatalf("%v\n%s", err, out)
				}
				wall += time.Since(t0)
				rss = max(rss, cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss) // KiB on Linux
			}
			b.ReportMetric(wall.Seconds()/float64(b.N), "wall-s")
			b.ReportMetric(float64(rss)/1024, "peak-RSS-MiB")
			b.ReportMetric(float64(rows)*float64(b.N)/wall.Seconds(), "rows/s")
		})
		srv.Close()
	}
}
