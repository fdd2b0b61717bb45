package cli

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"fmt"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// The S3 files in these tests are laid out as the DMS User Guide's S3
// target pages describe them:
//
//   - "Using Amazon S3 as a target for AWS Database Migration Service"
//     (https://docs.aws.amazon.com/dms/latest/userguide/CHAP_Target.S3.html):
//     full-load files named by "an incremental hexadecimal counter—for
//     example LOAD00001.csv, LOAD00002..., LOAD00009, LOAD0000A", CDC files
//     named "using timestamps, for example 20141029-1134010000.csv", each
//     table in database_schema_name/table_name/.
//   - Its section on date-based folder partitioning (DatePartitionEnabled:
//     folders "based on transaction commit dates", DatePartitionSequence
//     YYYYMMDD, YYYYMMDDHH, ...), and AWS's walkthrough of it, whose keys
//     are not zero-padded: .../2022/5/21/20220521-145815742.csv.
//   - "Indicating source DB operations in migrated S3 data": the Op (I, U,
//     D) is "the first field" of a CDC record; with IncludeOpForFullLoad a
//     full-load row carries an I there, without it nothing.
//   - On CSV and headers: AddColumnName writes a header row of column names
//     ("When the AddColumnName parameter is set to true, DMS also includes
//     a name for the timestamp column that you set with
//     TimestampColumnName"); TimestampColumnName adds "an additional STRING
//     column" in the format yyyy-MM-dd HH:mm:ss.SSSSSS ("For a full load,
//     ... when the data was transferred from the source to the target by
//     DMS. For a change data capture (CDC) load, ... the timestamp for the
//     commit of that row in the source database"); CsvRowDelimiter may be
//     CRLF.

// csvShape is one way DMS can write a table's CSV files.
type csvShape struct {
	header   bool   // AddColumnName
	opName   string // the Op field's name in the header
	opNoName bool   // the header leaves the Op field out
	ts       string // "first" (after Op), "last" or "" (no TimestampColumnName)
	loadOp   bool   // IncludeOpForFullLoad
	quoteAll bool   // every field in quotes (RFC 4180 allows it)
	crlf     bool   // CsvRowDelimiter \r\n
}

// file writes events ({Op, columns...}) at the commit time ts.
func (c csvShape) file(tb store.Table, load bool, ts string, events [][]string) []byte {
	withOp := !load || c.loadOp
	fields := func(op, tsv string, cols []string) []string {
		var f []string
		if op != "" {
			f = append(f, op)
		}
		if c.ts == "first" {
			f = append(f, tsv)
		}
		f = append(f, cols...)
		if c.ts == "last" {
			f = append(f, tsv)
		}
		return f
	}
	var records [][]string
	if c.header {
		named := withOp && !c.opNoName
		placeholder := ""
		if named {
			placeholder = "x"
		}
		h := fields(placeholder, "dms_commit_ts", tb.Columns())
		if named {
			h[0] = c.opName // "" too: the header then starts with a comma
		}
		records = append(records, h)
	}
	for _, e := range events {
		op := e[0]
		if !withOp {
			op = ""
		}
		records = append(records, fields(op, ts, e[1:]))
	}
	var b bytes.Buffer
	eol := "\n"
	if c.crlf {
		eol = "\r\n"
	}
	if c.quoteAll {
		for _, r := range records {
			q := make([]string, len(r))
			for i, f := range r {
				q[i] = `"` + strings.ReplaceAll(f, `"`, `""`) + `"`
			}
			b.WriteString(strings.Join(q, ",") + eol)
		}
		return b.Bytes()
	}
	w := csv.NewWriter(&b)
	w.UseCRLF = c.crlf
	w.WriteAll(records)
	return b.Bytes()
}

// snapshot reads every table as the CSV writer sees it.
func snapshot(t *testing.T, db *sql.DB) map[string][][]string {
	out := map[string][][]string{}
	for _, tb := range store.Tables {
		out[tb.Name] = dump(t, db, tb)
	}
	return out
}

func loadEvents(rows [][]string) [][]string {
	var out [][]string
	for _, r := range rows {
		out = append(out, append([]string{"I"}, r...))
	}
	return out
}

// Each case writes the same full load and the same two batches of changes
// in one of the layouts DMS writes; verify must find them equal to the
// source every time.
func TestVerifyReadsTheS3LayoutsTheDMSGuideDescribes(t *testing.T) {
	dsn := newDB(t)
	db := sqlDB(t, dsn)
	mustRun(t, dsn, "init")
	mustRun(t, dsn, "insert", "-t", "all", "-n", "40", "-b", "1-3", "--seed", "21")
	s0 := snapshot(t, db)
	mustRun(t, dsn, "update", "-t", "all", "-b", "1", "-m", "first")
	s1 := snapshot(t, db)
	// The second batch updates the same rows again: applied in the wrong
	// order, "first" would win. Its text needs RFC 4180 quoting.
	mustRun(t, dsn, "update", "-t", "all", "-b", "1", "-m", `two, "q"`)
	mustRun(t, dsn, "delete", "-t", "table3", "-b", "2")
	mustRun(t, dsn, "insert", "-t", "all", "-n", "5", "-b", "3", "--seed", "22")
	s2 := snapshot(t, db)
	s3 := startFakeS3(t, "lab-target")

	std := csvShape{header: true, opName: "Op", ts: "first", loadOp: true}
	padded := [2]string{"2022/05/21/09/20220521-091500123.csv", "2022/05/21/10/20220521-101500456.csv"}
	cases := []struct {
		name  string
		shape csvShape
		load  []string  // full-load files; the rows are split between them
		cdc   [2]string // the first batch's file, then the second's
	}{
		// Order: by the timestamp in the names, not by the path.
		{"hour folders not zero-padded, 9 before 10", std, nil, [2]string{"2022/5/21/9/20220521-091500123.csv", "2022/5/21/10/20220521-101500456.csv"}},
		{"day folders not zero-padded, 9 before 10", std, nil, [2]string{"2022/5/9/20220509-235900000.csv", "2022/5/10/20220510-000100000.csv"}},
		{"guide's CDC names without date folders", std, nil, [2]string{"20141029-1134010000.csv", "20141029-1134020000.csv"}},
		{"date folders with underscores (DatePartitionDelimiter)", std, nil, [2]string{"2022_5_21_9/20220521-091500123.csv", "2022_5_21_10/20220521-101500456.csv"}},
		// Header and Op.
		{"no header row", csvShape{ts: "first", loadOp: true}, nil, padded},
		{"Op unnamed in the header", csvShape{header: true, opNoName: true, ts: "first", loadOp: true}, nil, padded},
		{"Op named Op", std, nil, padded},
		{"Op named with an empty string", csvShape{header: true, opName: "", ts: "first", loadOp: true}, nil, padded},
		{"full load without Op", csvShape{header: true, opName: "Op", ts: "first"}, nil, padded},
		{"full load without Op, no header", csvShape{ts: "first"}, nil, padded},
		// The timestamp column anywhere, or not there.
		{"timestamp column last", csvShape{header: true, opName: "Op", ts: "last", loadOp: true}, nil, padded},
		{"timestamp column last, no header", csvShape{ts: "last", loadOp: true}, nil, padded},
		{"no timestamp column", csvShape{header: true, opName: "Op", loadOp: true}, nil, padded},
		{"no timestamp column, no header", csvShape{loadOp: true}, nil, padded},
		// Full-load files.
		{"full-load files in date folders, hex counter", std, []string{"2022/05/21/LOAD00000009.csv", "2022/05/21/LOAD0000000A.csv"}, padded},
		{"full-load files outside, CDC inside date folders, hex counter", std, []string{"LOAD0000000F.csv", "LOAD00000010.csv"}, padded},
		// RFC 4180 and CRLF.
		{"every field quoted, CRLF", csvShape{header: true, opName: "Op", ts: "first", loadOp: true, quoteAll: true, crlf: true}, nil, padded},
		{"CRLF, no header", csvShape{ts: "first", loadOp: true, crlf: true}, nil, padded},
	}
	for i, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			prefix := fmt.Sprintf("dms/case%d/public", i)
			load := c.load
			if load == nil {
				load = []string{"LOAD00000001.csv"}
			}
			for _, tb := range store.Tables {
				dir := prefix + "/" + tb.Name + "/"
				rows := loadEvents(s0[tb.Name])
				per := (len(rows) + len(load) - 1) / len(load)
				for j, name := range load {
					part := rows[min(j*per, len(rows)):min((j+1)*per, len(rows))]
					s3.put(dir+name, c.shape.file(tb, true, "2022-05-21 09:00:00.000000", part))
				}
				s3.put(dir+c.cdc[0], c.shape.file(tb, false, "2022-05-21 09:15:00.123000", changes(tb, s0[tb.Name], s1[tb.Name])))
				s3.put(dir+c.cdc[1], c.shape.file(tb, false, "2022-05-21 10:15:00.456000", changes(tb, s1[tb.Name], s2[tb.Name])))
			}
			code, out, errOut := dgenRun(t, nil, "--dsn", dsn, "verify", "--s3", "s3://lab-target/"+prefix, "--s3-region", "us-east-1")
			if code != ExitOK || !strings.Contains(out, "equal to the source") {
				t.Errorf("exit %d\n%s%s", code, out, errOut)
			}
		})
	}

	// A CSV file named neither as a full load nor by a timestamp cannot be
	// put in order: an error that names it.
	s3.put("dms/case0/public/TABLE3/2022/5/21/9/part-0001.csv", []byte("Op,block,number,var,cdc\n"))
	code, _, errOut := dgenRun(t, nil, "--dsn", dsn, "verify", "--s3", "s3://lab-target/dms/case0/public", "--s3-region", "us-east-1")
	if code != ExitFailure || !strings.Contains(errOut, "TABLE3/2022/5/21/9/part-0001.csv") || !strings.Contains(errOut, "neither a full-load file's") {
		t.Errorf("a file named otherwise: exit %d, %q", code, errOut)
	}
}
