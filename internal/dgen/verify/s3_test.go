package verify

import (
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// The order DMS's names give (Using Amazon S3 as a target: "an incremental
// hexadecimal counter" for full-load files, "timestamps" for CDC files),
// whatever the date folders and however wide the fraction of a second.
func TestS3FilesApplyInTheOrderOfTheirNames(t *testing.T) {
	want := []string{
		"T/LOAD00000009.csv",
		"T/2022/5/21/LOAD0000000A.csv",
		"T/LOAD00000010.csv",
		"T/2022/5/9/23/20220509-235959999.csv",
		"T/2022/5/21/9/20220521-0915001230.csv", // 09:15:00.1230
		"T/2022/5/21/9/20220521-091500124.csv",  // 09:15:00.124
		"T/2022/5/21/10/20220521-100000000.csv",
		"T/20220521-1000000001.csv",
		"T/2022/12/1/20221201-000000000.csv",
	}
	got := slices.Clone(want)
	rand.Shuffle(len(got), func(i, j int) { got[i], got[j] = got[j], got[i] })
	files := make([]s3File, len(got))
	for i, k := range got {
		f, ok := classify(k)
		if !ok {
			t.Fatalf("%s: not classified", k)
		}
		files[i] = f
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].before(files[j]) })
	for i, f := range files {
		if f.key != want[i] {
			t.Errorf("%d: %s, want %s", i, f.key, want[i])
		}
	}
	for _, k := range []string{"T/part-0001.csv", "T/LOAD.csv", "T/2022-05-21.csv", "T/LOADXYZ.csv"} {
		if _, ok := classify(k); ok {
			t.Errorf("%s: classified", k)
		}
	}
}

// applyFiles applies CSV texts (name -> body) to a fresh table in the
// order of their names and returns it.
func applyFiles(t *testing.T, table string, files ...[2]string) (*s3Table, error) {
	t.Helper()
	tb, _ := store.TableByName(table)
	st := newS3Table(tb, 0)
	t.Cleanup(func() { st.spill.close() })
	var s S3Side
	var list []s3File
	bodies := map[string]string{}
	for _, f := range files {
		c, ok := classify(f[0])
		if !ok {
			t.Fatalf("%s: not a DMS name", f[0])
		}
		list = append(list, c)
		bodies[f[0]] = f[1]
	}
	sort.SliceStable(list, func(i, j int) bool { return list[i].before(list[j]) })
	for _, f := range list {
		if err := s.applyCSV(st, f, strings.NewReader(bodies[f.key]), f.key); err != nil {
			return st, err
		}
	}
	return st, nil
}

func rowsOf(st *s3Table) []string {
	var out []string
	st.finish(func(values []string) error {
		out = append(out, strings.Join(values, ","))
		return nil
	})
	sort.Strings(out)
	return out
}

// Without a header the timestamp column is the field that holds one; while
// the text of "cdc" could be it too, the rows wait for one that tells.
func TestS3HeaderlessTimestampFoundByItsValues(t *testing.T) {
	ts := "2022-05-21 09:00:00.000000"
	st, err := applyFiles(t, "TABLE3", [2]string{"LOAD00000001.csv",
		"I,1,2.5,aaaaaaaaaaaaaaaa,2022-05-21 08:00:00," + ts + "\n" + // cdc or timestamp: either
			"I,1,3.5,bbbbbbbbbbbbbbbb,plain," + ts + "\n"}) // only the last can be the timestamp
	if err != nil {
		t.Fatal(err)
	}
	want := "1,2.5,aaaaaaaaaaaaaaaa,2022-05-21 08:00:00 1,3.5,bbbbbbbbbbbbbbbb,plain"
	if got := strings.Join(rowsOf(st), " "); got != want {
		t.Errorf("rows %s, want %s", got, want)
	}
	_, err = applyFiles(t, "TABLE3", [2]string{"LOAD00000001.csv", "I,1,2.5,aaaaaaaaaaaaaaaa,2022-05-21 08:00:00," + ts + "\n"})
	if err == nil || !strings.Contains(err.Error(), "more than one field could be the timestamp column") {
		t.Errorf("ambiguous to the end: %v", err)
	}
	_, err = applyFiles(t, "TABLE3", [2]string{"20220521-090000000.csv", "1,2.5,aaaaaaaaaaaaaaaa,x\n"})
	if err == nil || !strings.Contains(err.Error(), "line 1") {
		t.Errorf("a CDC file without Op: %v", err)
	}
}

// TABLE1 (primary key): an I on a key already there is that row again.
// TABLE3 (none): an I committed before the full load wrote a row of its
// identity is that row again, once; after it, a second row.
func TestS3InsertsOfTheFullLoadTakenOnce(t *testing.T) {
	load := [2]string{"LOAD00000001.csv", "Op,dms_commit_ts,t1_pk,block,number,var,cdc\nI,2022-05-21 09:00:05,7,1,2.5,aaaaaaaaaaaaaaaa,new\n"}
	cached := [2]string{"20220521-090001000.csv", "Op,dms_commit_ts,t1_pk,block,number,var,cdc\nI,2022-05-21 09:00:01,7,1,2.5,aaaaaaaaaaaaaaaa,old\n"}
	update := [2]string{"20220521-090002000.csv", "Op,dms_commit_ts,t1_pk,block,number,var,cdc\nU,2022-05-21 09:00:02,7,1,2.5,aaaaaaaaaaaaaaaa,new\n"}
	st, err := applyFiles(t, "TABLE1", load, cached, update)
	if got := strings.Join(rowsOf(st), " "); err != nil || got != "7,1,2.5,aaaaaaaaaaaaaaaa,new" {
		t.Errorf("TABLE1: %s, %v", got, err)
	}
	h := "Op,dms_commit_ts,block,number,var,cdc\n"
	st, err = applyFiles(t, "TABLE3",
		[2]string{"LOAD00000001.csv", h + "I,2022-05-21 09:00:05.000000,1,2.5,aaaaaaaaaaaaaaaa,0\n"},
		[2]string{"20220521-090001000.csv", h + "I,2022-05-21 09:00:01.000000,1,2.5,aaaaaaaaaaaaaaaa,0\n"}, // the same row
		[2]string{"20220521-090002000.csv", h + "I,2022-05-21 09:00:02.000000,1,2.5,aaaaaaaaaaaaaaaa,0\n"}, // a second, the first is taken
		[2]string{"20220521-091000000.csv", h + "I,2022-05-21 09:10:00.000000,1,2.5,aaaaaaaaaaaaaaaa,0\n"}, // after the full load
	)
	if got := len(rowsOf(st)); err != nil || got != 3 {
		t.Errorf("TABLE3: %d rows, %v; want 3", got, err)
	}
}
