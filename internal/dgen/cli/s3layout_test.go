package cli

import (
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/dgen/verify"
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
			putTypesFiles(t, s3, db, prefix)
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

// s3Verify runs verify against an S3 prefix of the fake bucket and reads
// its JSON report.
func s3Verify(t *testing.T, dsn, prefix string) (int, verify.Report, string) {
	t.Helper()
	code, out, errOut := dgenRun(t, nil, "--dsn", dsn, "--json", "verify", "--s3", "s3://lab-target/"+prefix, "--s3-region", "us-east-1")
	var reps []verify.Report
	if err := json.Unmarshal([]byte(out), &reps); err != nil || len(reps) != 1 {
		t.Fatalf("exit %d, output %q: %v (%s)", code, out, err, errOut)
	}
	return code, reps[0], errOut
}

func tableEqual(r verify.Report, table string) bool {
	for _, ts := range r.Tables {
		if ts.Table == table {
			return ts.Equal
		}
	}
	return false
}

// Changes committed while DMS unloads a table reach S3 twice: in the LOAD
// file (DMS read the row after the change) and as a cached change, applied
// after the full load. The full-load row's timestamp column is when DMS
// wrote it; a cached change's is its commit ("Using Amazon S3 as a target",
// TimestampColumnName).
func TestVerifyTakesTheFullLoadsCachedChangesOnce(t *testing.T) {
	dsn := newDB(t)
	db := sqlDB(t, dsn)
	mustRun(t, dsn, "init")
	mustRun(t, dsn, "insert", "-t", "all", "-n", "30", "-b", "1-2", "--seed", "31")
	s0 := snapshot(t, db) // the task starts and caches changes from here
	mustRun(t, dsn, "insert", "-t", "all", "-n", "6", "-b", "2", "--seed", "32")
	s1 := snapshot(t, db)
	mustRun(t, dsn, "update", "-t", "all", "-b", "2", "-m", "during")
	s2 := snapshot(t, db) // what the unload read
	// After the full load: a second, equal row in each unkeyed table. The
	// source holds both, so S3 must too.
	var dup2, dup3 []string
	for _, tb := range store.Tables[1:] {
		row := s2[tb.Name][0]
		if _, err := db.Exec(fmt.Sprintf(`INSERT INTO "%s" SELECT * FROM "%s" WHERE "var" = $1`, tb.Name, tb.Name), row[tb.ColumnIndex("var")]); err != nil {
			t.Fatal(err)
		}
		if tb.Name == "TABLE2" {
			dup2 = row
		} else {
			dup3 = row
		}
	}
	s3 := startFakeS3(t, "lab-target")
	write := func(prefix string, shape csvShape) {
		for _, tb := range store.Tables {
			dir := prefix + "/" + tb.Name + "/"
			s3.put(dir+"LOAD00000001.csv", shape.file(tb, true, "2022-05-21 14:00:05.000000", loadEvents(s2[tb.Name])))
			s3.put(dir+"2022/5/21/20220521-140001000.csv", shape.file(tb, false, "2022-05-21 14:00:01.000000", changes(tb, s0[tb.Name], s1[tb.Name])))
			s3.put(dir+"2022/5/21/20220521-140002000.csv", shape.file(tb, false, "2022-05-21 14:00:02.000000", changes(tb, s1[tb.Name], s2[tb.Name])))
			var later [][]string
			switch tb.Name {
			case "TABLE2":
				later = [][]string{append([]string{"I"}, dup2...)}
			case "TABLE3":
				later = [][]string{append([]string{"I"}, dup3...)}
			default:
				continue
			}
			s3.put(dir+"2022/5/21/20220521-141000000.csv", shape.file(tb, false, "2022-05-21 14:10:00.000000", later))
		}
		putTypesFiles(t, s3, db, prefix)
	}

	// With the timestamp column: TABLE1's cached I on a key the full load
	// holds is that row (upsert); TABLE2's and TABLE3's cached I committed
	// before DMS wrote the full-load row of its identity is that row; the
	// I committed after the full load is a second row.
	write("dms/ts/public", csvShape{header: true, opName: "Op", ts: "first", loadOp: true})
	code, rep, errOut := s3Verify(t, dsn, "dms/ts/public")
	if code != ExitOK || !rep.Equal {
		t.Errorf("exit %d, %+v %s", code, rep, errOut)
	}

	// Without it nothing tells a cached I from a second equal row in a table
	// without a primary key: each I adds a row, and the rows inserted during
	// the full load show as extra there. TABLE1 is still equal.
	write("dms/nots/public", csvShape{header: true, opName: "Op", loadOp: true})
	code, rep, _ = s3Verify(t, dsn, "dms/nots/public")
	if code != ExitFailure || !tableEqual(rep, "TABLE1") || tableEqual(rep, "TABLE2") || tableEqual(rep, "TABLE3") {
		t.Errorf("without timestamps: exit %d, tables %+v", code, rep.Tables)
	}
	for _, d := range rep.Diffs {
		if d.Block != 2 || d.TargetRows != d.SourceRows+6 || len(d.Extra) == 0 || len(d.Missing) != 0 {
			t.Errorf("without timestamps, want the 6 rows inserted during the full load extra in block 2: %+v", d)
		}
	}
}

// With only primary-key supplemental logging on TABLE1, DMS writes a U row
// with the key and the changed columns; verify names that cause and does
// not move the rows to another block.
func TestVerifyNamesUpdatesThatAreNotWholeRows(t *testing.T) {
	dsn := newDB(t)
	db := sqlDB(t, dsn)
	mustRun(t, dsn, "init")
	mustRun(t, dsn, "insert", "-t", "all", "-n", "20", "-b", "1-2", "--seed", "41")
	s0 := snapshot(t, db)
	mustRun(t, dsn, "update", "-t", "table1", "-b", "1", "-m", "partial")
	s1 := snapshot(t, db)
	s3 := startFakeS3(t, "lab-target")
	shape := csvShape{header: true, opName: "Op", ts: "first", loadOp: true}
	tb1, _ := store.TableByName("TABLE1")
	var partial [][]string
	for _, e := range changes(tb1, s0["TABLE1"], s1["TABLE1"]) {
		// Key and cdc only: block, number and var empty.
		partial = append(partial, []string{e[0], e[1], "", "", "", e[5]})
	}
	if len(partial) == 0 {
		t.Fatal("no update")
	}
	for _, tb := range store.Tables {
		dir := "dms/pk/public/" + tb.Name + "/"
		s3.put(dir+"LOAD00000001.csv", shape.file(tb, true, "2022-05-21 14:00:00.000000", loadEvents(s0[tb.Name])))
	}
	s3.put("dms/pk/public/TABLE1/2022/5/21/20220521-141500000.csv", shape.file(tb1, false, "2022-05-21 14:15:00.000000", partial))
	code, rep, _ := s3Verify(t, dsn, "dms/pk/public")
	if code != ExitFailure || len(rep.Notes) != 1 {
		t.Fatalf("exit %d, notes %q", code, rep.Notes)
	}
	note := rep.Notes[0]
	t.Log(note)
	for _, want := range []string{"TABLE1: ", fmt.Sprintf("%d U rows", len(partial)), "TABLE1/2022/5/21/20220521-141500000.csv line 2, has NOT NULL columns block, number, var empty", "supplemental logging", "dgen prepare"} {
		if !strings.Contains(note, want) {
			t.Errorf("the note lacks %q: %s", want, note)
		}
	}
	for _, d := range rep.Diffs {
		if d.Table != "TABLE1" || d.Block != 1 || d.SourceRows != d.TargetRows || len(d.Differing) == 0 {
			t.Errorf("want only TABLE1 block 1 differing in place: %+v", d)
		}
	}
	// The text output says it too, before the differences.
	_, out, _ := dgenRun(t, nil, "--dsn", dsn, "verify", "--s3", "s3://lab-target/dms/pk/public", "--s3-region", "us-east-1")
	if !strings.Contains(out, "  note: TABLE1: ") || strings.Contains(out, "block 0") {
		t.Errorf("text output:\n%s", out)
	}
}

// RFC 4180 keeps a line break inside a quoted field as it is, CRLF too;
// the source holds it so, and verify must read it so from S3.
func TestVerifyKeepsLineBreaksInQuotedFields(t *testing.T) {
	dsn := newDB(t)
	db := sqlDB(t, dsn)
	mustRun(t, dsn, "init")
	mustRun(t, dsn, "insert", "-t", "all", "-n", "6", "-b", "1", "--seed", "51")
	if _, err := db.Exec(`UPDATE "TABLE3" SET "cdc" = E'two\r\nlines, "q"'`); err != nil {
		t.Fatal(err)
	}
	s0 := snapshot(t, db)
	s3 := startFakeS3(t, "lab-target")
	for i, shape := range []csvShape{
		{header: true, opName: "Op", ts: "first", loadOp: true, quoteAll: true, crlf: true},
		{header: true, opName: "Op", ts: "first", loadOp: true},
	} {
		prefix := fmt.Sprintf("dms/lb%d/public", i)
		for _, tb := range store.Tables {
			s3.put(prefix+"/"+tb.Name+"/LOAD00000001.csv", shape.file(tb, true, "2022-05-21 14:00:00.000000", loadEvents(s0[tb.Name])))
		}
		putTypesFiles(t, s3, db, prefix)
		if code, rep, errOut := s3Verify(t, dsn, prefix); code != ExitOK {
			t.Errorf("%+v: exit %d, %+v %s", shape, code, rep.Diffs, errOut)
		}
	}
}
