package cli

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/xml"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/dgen/verify"
)

// fakeS3 serves a bucket's objects over the S3 REST API, path-style:
// ListObjectsV2 (GET /bucket?list-type=2&prefix=...) and GetObject.
type fakeS3 struct {
	mu      sync.Mutex
	bucket  string
	objects map[string][]byte
}

type listResult struct {
	XMLName     xml.Name `xml:"ListBucketResult"`
	Xmlns       string   `xml:"xmlns,attr"`
	Name        string
	Prefix      string
	KeyCount    int
	MaxKeys     int
	IsTruncated bool
	Contents    []struct {
		Key  string
		Size int
	}
}

func (f *fakeS3) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	bucket, key, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/"), "/")
	if bucket != f.bucket || r.Method != http.MethodGet {
		w.WriteHeader(404)
		fmt.Fprint(w, `<?xml version="1.0"?><Error><Code>NoSuchBucket</Code><Message>no such bucket</Message></Error>`)
		return
	}
	if key == "" && r.URL.Query().Get("list-type") == "2" {
		prefix := r.URL.Query().Get("prefix")
		res := listResult{Xmlns: "http://s3.amazonaws.com/doc/2006-03-01/", Name: bucket, Prefix: prefix, MaxKeys: 1000}
		var keys []string
		for k := range f.objects {
			if strings.HasPrefix(k, prefix) {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			res.Contents = append(res.Contents, struct {
				Key  string
				Size int
			}{k, len(f.objects[k])})
		}
		res.KeyCount = len(keys)
		w.Header().Set("Content-Type", "application/xml")
		xml.NewEncoder(w).Encode(res)
		return
	}
	body, ok := f.objects[key]
	if !ok {
		w.WriteHeader(404)
		fmt.Fprint(w, `<?xml version="1.0"?><Error><Code>NoSuchKey</Code><Message>no such key</Message></Error>`)
		return
	}
	w.Write(body)
}

func (f *fakeS3) put(key string, body []byte) {
	f.mu.Lock()
	f.objects[key] = body
	f.mu.Unlock()
}

func (f *fakeS3) remove(key string) {
	f.mu.Lock()
	delete(f.objects, key)
	f.mu.Unlock()
}

func startFakeS3(t *testing.T, bucket string) *fakeS3 {
	f := &fakeS3{bucket: bucket, objects: map[string][]byte{}}
	srv := httptest.NewServer(f)
	t.Cleanup(srv.Close)
	fakeAWSEnv(t, "AWS_ENDPOINT_URL_S3", srv.URL)
	return f
}

// dump reads a table as the CSV writer sees it: text, NULL as empty.
func dump(t *testing.T, db *sql.DB, tb store.Table) [][]string {
	t.Helper()
	sel := make([]string, len(tb.Columns()))
	for i, c := range tb.Columns() {
		sel[i] = fmt.Sprintf(`COALESCE("%s"::text, '')`, c)
	}
	rows, err := db.Query(fmt.Sprintf(`SELECT %s FROM "%s"`, strings.Join(sel, ", "), tb.Name))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][]string
	for rows.Next() {
		vals := make([]string, len(sel))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		rows.Scan(ptrs...)
		out = append(out, vals)
	}
	return out
}

// dmsCSV writes rows as the S3 task does: a header, Op first, then the
// commit timestamp, then the columns. namedOp says whether the header
// names the Op field.
func dmsCSV(tb store.Table, namedOp bool, events [][]string) []byte {
	var b bytes.Buffer
	w := csv.NewWriter(&b)
	header := append([]string{"dms_commit_ts"}, tb.Columns()...)
	if namedOp {
		header = append([]string{"Op"}, header...)
	}
	w.Write(header)
	for _, e := range events {
		w.Write(append([]string{e[0], "2026-11-25 13:00:00.000000"}, e[1:]...))
	}
	w.Flush()
	return b.Bytes()
}

// changes lists what turns before into after, by identity, as CDC rows.
func changes(tb store.Table, before, after [][]string) [][]string {
	id := verify.IdentityKey(tb)
	index := func(rows [][]string) map[string][]string {
		m := map[string][]string{}
		for _, r := range rows {
			norm := make([]string, len(r))
			for i, c := range tb.Columns() {
				norm[i] = verify.NormalizeValue(c, r[i], true, true)
			}
			m[id(norm)] = r
		}
		return m
	}
	b, a := index(before), index(after)
	var out [][]string
	for k, r := range b {
		if n, ok := a[k]; !ok {
			out = append(out, append([]string{"D"}, r...))
		} else if strings.Join(n, ",") != strings.Join(r, ",") {
			out = append(out, append([]string{"U"}, n...))
		}
	}
	for k, r := range a {
		if _, ok := b[k]; !ok {
			out = append(out, append([]string{"I"}, r...))
		}
	}
	sort.Slice(out, func(i, j int) bool { return strings.Join(out[i], ",") < strings.Join(out[j], ",") })
	return out
}

func TestVerifyRebuildsTheS3TargetFromFullLoadAndCDCFiles(t *testing.T) {
	dsn := newDB(t)
	db := sqlDB(t, dsn)
	mustRun(t, dsn, "init")
	mustRun(t, dsn, "insert", "-t", "all", "-n", "120", "-b", "1-4", "--seed", "11")
	s3 := startFakeS3(t, "lab-target")
	before := map[string][][]string{}
	for i, tb := range store.Tables {
		rows := dump(t, db, tb)
		before[tb.Name] = rows
		half := len(rows) / 2
		var load1, load2 [][]string
		for j, r := range rows {
			if j < half {
				load1 = append(load1, append([]string{"I"}, r...))
			} else {
				load2 = append(load2, append([]string{"I"}, r...))
			}
		}
		// TABLE2's files leave the Op field unnamed in the header.
		s3.put("dms/public/"+tb.Name+"/LOAD00000001.csv", dmsCSV(tb, i != 1, load1))
		s3.put("dms/public/"+tb.Name+"/LOAD00000002.csv", dmsCSV(tb, i != 1, load2))
	}
	putTypesFiles(t, s3, db, "dms/public")
	s3url := "s3://lab-target/dms/public"
	verify := func() (int, string, string) {
		return dgenRun(t, nil, "--dsn", dsn, "verify", "--s3", s3url, "--s3-region", "us-east-1")
	}
	if code, out, errOut := verify(); code != ExitOK {
		t.Fatalf("full load only: exit %d\n%s%s", code, out, errOut)
	}

	// Changes on the source, then their CDC files in two hourly partitions.
	mustRun(t, dsn, "update", "-t", "all", "-b", "1", "-m", "cdc-one")
	mustRun(t, dsn, "delete", "-t", "table1", "-b", "2")
	mustRun(t, dsn, "delete", "-t", "table3", "-b", "3")
	mustRun(t, dsn, "insert", "-t", "all", "-n", "15", "-b", "4", "--seed", "12")
	var cdcKeys []string
	for i, tb := range store.Tables {
		ev := changes(tb, before[tb.Name], dump(t, db, tb))
		if len(ev) == 0 {
			t.Fatalf("no change in %s", tb.Name)
		}
		half := len(ev) / 2
		k1 := "dms/public/" + tb.Name + "/2026/11/25/13/20261125-130501123.csv"
		k2 := "dms/public/" + tb.Name + "/2026/11/25/14/20261125-140001456.csv"
		s3.put(k1, dmsCSV(tb, i != 1, ev[:half]))
		s3.put(k2, dmsCSV(tb, i != 1, ev[half:]))
		cdcKeys = append(cdcKeys, k1, k2)
	}
	putTypesFiles(t, s3, db, "dms/public") // TYPES' changes, folded into its full load
	if code, out, errOut := verify(); code != ExitOK || !strings.Contains(out, "equal to the source") {
		t.Fatalf("full load and CDC: exit %d\n%s%s", code, out, errOut)
	}

	// A lost CDC file is a difference, named by table and block.
	lost := cdcKeys[0]
	body := s3.objects[lost]
	s3.remove(lost)
	code, out, _ := verify()
	if code != ExitFailure || !strings.Contains(out, "TABLE1 block") {
		t.Errorf("a lost CDC file: exit %d\n%s", code, out)
	}
	s3.put(lost, body)

	// A corrupted file is a clear error, not a silent difference.
	bad := "dms/public/TABLE3/2026/11/25/15/20261125-150000000.csv"
	s3.put(bad, []byte("Op,dms_commit_ts,block,number,var,cdc\nX,2026-11-25 15:00:00,1,2.5,abc,0\n"))
	code, _, errOut := verify()
	if code != ExitFailure || !strings.Contains(errOut, "s3://lab-target/"+bad+" line 2") || !strings.Contains(errOut, `Op "X"; want I, U or D`) {
		t.Errorf("bad Op: exit %d, %q", code, errOut)
	}
	s3.put(bad, []byte("Op,dms_commit_ts,block,number,var,cdc\nI,2026-11-25 15:00:00,1,2.5\n"))
	code, _, errOut = verify()
	if code != ExitFailure || !strings.Contains(errOut, "line 2: not the lab's DMS CSV layout: 4 fields, want 6") {
		t.Errorf("short row: exit %d, %q", code, errOut)
	}
	s3.put(bad, []byte("Op,when,block,number,var,cdc\n"))
	code, _, errOut = verify()
	if code != ExitFailure || !strings.Contains(errOut, `the header has a column "when" that TABLE3 does not`) {
		t.Errorf("bad header: exit %d, %q", code, errOut)
	}
}
