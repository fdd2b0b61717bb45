package verify

import (
	"math/rand/v2"
	"slices"
	"sort"
	"testing"
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
