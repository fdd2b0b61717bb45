package report

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"

	"github.com/dmslab/dmslab/internal/dgen/fidelity"
	"github.com/dmslab/dmslab/internal/dgen/verify"
)

// VerifyResults are the latest verify result of each target and table,
// from the files dgen verify --json wrote.
type VerifyResults struct {
	Files  []string
	Tables []VerifyTable
	// Fidelity is the latest TYPES fidelity table of each target.
	Fidelity []VerifyFidelity
}

// VerifyFidelity is one target's TYPES fidelity table and its file.
type VerifyFidelity struct {
	*fidelity.Report
	File string
}

// VerifyTable is one table against one target, as the latest file that
// names them found it, with that file's differing blocks.
type VerifyTable struct {
	Target string
	verify.TableSummary
	Diffs []verify.BlockDiff
	File  string // base name of the file it came from
}

// ReadVerify reads dgen verify --json output files (each a JSON array of
// reports, one per target), in the order given: for each target and table,
// a later file's result replaces an earlier one's.
func ReadVerify(paths []string) (*VerifyResults, error) {
	if len(paths) == 0 {
		return nil, nil
	}
	res := &VerifyResults{}
	latest := map[[2]string]int{}
	latestTypes := map[string]int{}
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		var reports []verify.Report
		if err := json.Unmarshal(b, &reports); err != nil {
			var one verify.Report // a single report object is accepted too
			if json.Unmarshal(b, &one) != nil || one.Target == "" {
				return nil, fmt.Errorf("%s: not the output of dgen verify --json: %w", p, err)
			}
			reports = []verify.Report{one}
		}
		res.Files = append(res.Files, p)
		for _, r := range reports {
			if r.Fidelity != nil {
				vf := VerifyFidelity{Report: r.Fidelity, File: filepath.Base(p)}
				if i, ok := latestTypes[r.Target]; ok {
					res.Fidelity[i] = vf
				} else {
					latestTypes[r.Target] = len(res.Fidelity)
					res.Fidelity = append(res.Fidelity, vf)
				}
			}
			for _, ts := range r.Tables {
				vt := VerifyTable{Target: r.Target, TableSummary: ts, File: filepath.Base(p)}
				for _, d := range r.Diffs {
					if d.Table == ts.Table {
						vt.Diffs = append(vt.Diffs, d)
					}
				}
				key := [2]string{r.Target, ts.Table}
				if i, ok := latest[key]; ok {
					res.Tables[i] = vt
					continue
				}
				latest[key] = len(res.Tables)
				res.Tables = append(res.Tables, vt)
			}
		}
	}
	sort.SliceStable(res.Tables, func(i, j int) bool {
		if res.Tables[i].Target != res.Tables[j].Target {
			return res.Tables[i].Target < res.Tables[j].Target
		}
		return res.Tables[i].Table < res.Tables[j].Table
	})
	return res, nil
}
