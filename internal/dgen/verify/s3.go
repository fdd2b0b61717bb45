package verify

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"path"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// S3Side rebuilds the tables from the S3 task's CSV files, as the DMS User
// Guide's "Using Amazon S3 as a target for AWS Database Migration Service"
// describes them:
//
//   - Full-load files are named by a hexadecimal counter (LOAD00000001.csv,
//     ..., LOAD0000000A.csv) and applied first, in the counter's order,
//     wherever they are under the table's folder (in date folders or not).
//   - CDC files are named by a timestamp (20220521-145815742.csv, or the
//     guide's 20141029-1134010000.csv) and applied in the order of that
//     timestamp, never of the path: with date-based folder partitioning the
//     folders need not be zero-padded (AWS's own walkthrough shows
//     .../2022/5/21/20220521-145815742.csv, where .../5/21/10/ sorts before
//     .../5/21/9/ as text).
//   - A row's operation (I, U, D) is its first field ("Indicating source DB
//     operations in migrated S3 data"); a full-load file may have none
//     (IncludeOpForFullLoad false), and then every row is an I.
//   - A header row (AddColumnName) is optional. In it the Op field is
//     named "Op", named with an empty string, or not named at all (then
//     every row has one field more than the header).
//   - The timestamp column (TimestampColumnName, "dms_commit_ts") is
//     optional and may stand anywhere: by its name when there is a header;
//     without one, as the one field that holds a yyyy-MM-dd HH:mm:ss.SSSSSS
//     value where the other fields fit the table's columns.
//   - Fields are RFC 4180 CSV; rows may end in LF or CRLF.
//
// Rows are applied by their Op, with two rules for what DMS really writes:
//
//   - Changes made during a table's full load can reach S3 twice: in a LOAD
//     file and again as a cached I. On a table with a primary key (TABLE1)
//     an I on a key that is already there is that row again, and replaces
//     it (the source cannot hold two rows with one key). TABLE2 and TABLE3
//     have no primary key, and their source may hold equal rows, so an I
//     adds a row, with one exception: an I whose commit timestamp is not
//     later than the moment DMS wrote a full-load row of the same identity
//     (that row's timestamp column) is taken as that row sent again and
//     replaces it, once per full-load row. An I committed after the full
//     load wrote the row cannot be in it, so it is a second row. (A second
//     row of one identity committed before that moment would be taken for
//     the first; with dgen's data, TABLE2's numbered t2_pk and TABLE3's
//     random var, that does not happen.) Without a timestamp column
//     nothing tells the two apart, and every I adds a row: a row inserted
//     into TABLE2 or TABLE3 during its full load then shows as an extra
//     row.
//   - A U row whose NOT NULL columns are empty is not a whole row: DMS
//     writes the key and the changed columns only when the Oracle source
//     does not log every column of the table. It is not applied (it would
//     put the row in a block it is not in); Notes says so and why.
//
// It does not hold the tables in memory: each table's rows, tagged with
// their identity and their place in the order of the files, are sorted on
// disk in runs of RunRows rows (in a temporary directory), merged, and each
// identity's changes are folded in order; the rebuilt rows are digested and
// kept in a temporary file for BlockRows. Close removes the files.
type S3Side struct {
	Bucket string
	Prefix string // where the TABLE1, TABLE2, TABLE3 folders are, e.g. dms/ADMIN
	Client *s3.Client
	// TimestampColumn is the name of the timestamp column in a header.
	// Default "dms_commit_ts".
	TimestampColumn string
	// RunRows bounds the rows held in memory per table. Default
	// DefaultRunRows.
	RunRows int

	state  map[string]*s3Table
	digest Digests
	dir    string            // the rebuilt rows, one file per table
	peak   int               // the most rows any table held in memory
	tables map[string]string // table -> its file of rebuilt rows
}

// s3Row is one rebuilt row.
type s3Row struct {
	values []string
	// loaded is when DMS wrote the row in a full-load file (its timestamp
	// column), while no cached I has been taken for it; zero otherwise.
	loaded time.Time
}

// s3Table is one table as rebuilt so far.
type s3Table struct {
	t       store.Table
	cols    []string
	notNull []bool
	id      func(row []string) string
	spill   *spiller
	seq     uint64   // rows read so far, in the order of the files
	partial int      // U rows without a whole image
	first   string   // where the first of them is
	empty   []string // and its empty NOT NULL columns
}

// ParseS3URL splits s3://BUCKET/PREFIX. Its error starts with the URL
// given, for the caller to say where it came from.
func ParseS3URL(raw string) (bucket, prefix string, err error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "s3" || u.Host == "" {
		return "", "", fmt.Errorf("%q: want s3://BUCKET/PREFIX, the folder that holds TABLE1, TABLE2 and TABLE3", raw)
	}
	return u.Host, strings.Trim(u.Path, "/"), nil
}

// NewS3Client is an S3 client for cfg; pathStyle addresses buckets in the
// path, as another S3 implementation (the tests' local server) needs.
func NewS3Client(cfg aws.Config, pathStyle bool) *s3.Client {
	return s3.NewFromConfig(cfg, func(o *s3.Options) {
		o.UsePathStyle = pathStyle
		// Objects written without a checksum are read all the same; the
		// SDK need not say so on stderr for each one.
		o.DisableLogOutputChecksumValidationSkipped = true
	})
}

func (s *S3Side) Name() string { return "s3://" + s.Bucket + "/" + s.Prefix }

func (s *S3Side) Digest(ctx context.Context) (Digests, error) {
	if err := s.rebuild(ctx); err != nil {
		return nil, err
	}
	return s.digest, nil
}

func (s *S3Side) BlockRows(ctx context.Context, t store.Table, block int) ([][]string, error) {
	if err := s.rebuild(ctx); err != nil {
		return nil, err
	}
	want := NormalizeValue("block", fmt.Sprint(block), true, true)
	blockAt := t.ColumnIndex("block")
	f, err := os.Open(s.tables[t.Name])
	if err != nil {
		return nil, fmt.Errorf("verify: %w", err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, 1<<16)
	var out [][]string
	for {
		c, err := decodeChange(r)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if c.values[blockAt] == want {
			out = append(out, c.values)
		}
	}
}

// Close removes the temporary files of the rebuilt tables.
func (s *S3Side) Close() error {
	for _, st := range s.state {
		st.spill.close()
	}
	if s.dir == "" {
		return nil
	}
	err := os.RemoveAll(s.dir)
	s.dir = ""
	return err
}

// PeakRows is the most rows one table held in memory while rebuilding.
func (s *S3Side) PeakRows() int { return s.peak }

// Notes names what the files lack that no comparison shows: U rows that
// are not whole rows, with their likely cause.
func (s *S3Side) Notes() []string {
	var notes []string
	for _, t := range store.Tables {
		st := s.state[t.Name]
		if st == nil || st.partial == 0 {
			continue
		}
		notes = append(notes, fmt.Sprintf("%s: %d U rows in the S3 files are not whole rows (the first, at %s, has NOT NULL columns %s empty), "+
			"so verify did not apply them. Likely cause: supplemental logging on the Oracle source misses columns of %s, and DMS "+
			"then writes only the key and the changed columns (the DMS Oracle-source limitations: \"For S3 targets using replication, "+
			"enable supplemental logging on every column\"). Run dgen prepare (it gives every table all-column logging) and reload %s in the S3 task.",
			t.Name, st.partial, st.first, strings.Join(st.empty, ", "), t.Name, t.Name))
	}
	return notes
}

func newS3Table(t store.Table, runRows int) *s3Table {
	if runRows <= 0 {
		runRows = DefaultRunRows
	}
	st := &s3Table{t: t, cols: t.Columns(), id: IdentityKey(t), spill: &spiller{max: runRows}}
	for _, c := range st.cols {
		st.notNull = append(st.notNull, t.NotNull(c))
	}
	return st
}

// rebuild reads every file once; a caller that compares again makes a new
// S3Side.
func (s *S3Side) rebuild(ctx context.Context) error {
	if s.state != nil {
		return nil
	}
	s.state = map[string]*s3Table{}
	s.digest = Digests{}
	s.tables = map[string]string{}
	dir, err := os.MkdirTemp("", "dgen-verify-s3-*")
	if err != nil {
		return fmt.Errorf("verify: a temporary directory for the S3 rows: %w", err)
	}
	s.dir = dir
	fail := func(err error) error {
		s.Close()
		s.state = nil
		return err
	}
	for _, t := range store.Tables {
		st := newS3Table(t, s.RunRows)
		s.state[t.Name] = st
		files, err := s.list(ctx, path.Join(s.Prefix, t.Name)+"/")
		if err != nil {
			return fail(err)
		}
		for _, f := range files {
			if err := s.apply(ctx, st, f); err != nil {
				return fail(err)
			}
		}
		if err := s.finishTable(st); err != nil {
			return fail(err)
		}
	}
	return nil
}

// finishTable folds a table's rows, digests them and writes them to the
// table's file for BlockRows.
func (s *S3Side) finishTable(st *s3Table) error {
	t := st.t
	name := filepath.Join(s.dir, t.Name)
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<16)
	s.digest[t.Name] = map[int]*BlockDigest{}
	blockAt := t.ColumnIndex("block")
	var h rowHasher
	var scratch []byte
	err = st.finish(func(values []string) error {
		b, _ := strconv.Atoi(values[blockAt])
		s.digest.add(t.Name, b, h.sum(values))
		scratch = encodeChange(scratch[:0], &change{values: values})
		_, err := w.Write(scratch)
		return err
	})
	if st.spill.peak > s.peak {
		s.peak = st.spill.peak
	}
	st.spill.close()
	if err != nil {
		return err
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	s.tables[t.Name] = name
	return f.Close()
}

// finish merges the table's sorted runs and folds each identity's changes
// in the order of the files, calling emit with every rebuilt row. It holds
// the rows of one identity at a time.
func (st *s3Table) finish(emit func(values []string) error) error {
	var cur string
	var rows []*s3Row
	started := false
	flush := func() error {
		for _, r := range rows {
			if err := emit(r.values); err != nil {
				return err
			}
		}
		rows = rows[:0]
		return nil
	}
	err := st.spill.merge(func(c change) error {
		if !started || c.id != cur {
			if err := flush(); err != nil {
				return err
			}
			cur, started = c.id, true
		}
		rows = st.fold(rows, c)
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// s3File is one of a table's CSV files and where it stands in the order.
type s3File struct {
	key     string
	load    bool
	counter uint64 // full load: the hexadecimal counter
	date    string // CDC: yyyymmdd
	clock   string // CDC: hhmmss and the fraction of a second after it
}

var (
	// loadName: "AWS DMS names files created during a full load using an
	// incremental hexadecimal counter—for example LOAD00001.csv, ...,
	// LOAD00009, LOAD0000A" (Using Amazon S3 as a target).
	loadName = regexp.MustCompile(`^LOAD([0-9A-Fa-f]{1,16})\.csv$`)
	// cdcName: "AWS DMS names CDC files using timestamps, for example
	// 20141029-1134010000.csv" (ibid.); AWS's walkthrough shows
	// 20220521-145815742.csv. The digits after hhmmss are a fraction of a
	// second, of either width.
	cdcName = regexp.MustCompile(`^(\d{8})-(\d{6,})\.csv$`)
)

// before orders files: full load first by counter, then CDC by the time in
// its name; the key only breaks ties.
func (a s3File) before(b s3File) bool {
	if a.load != b.load {
		return a.load
	}
	if a.load {
		if a.counter != b.counter {
			return a.counter < b.counter
		}
		return a.key < b.key
	}
	if a.date != b.date {
		return a.date < b.date
	}
	// Same width before comparing as text: "1458157420" = "145815742".
	ac, bc := a.clock, b.clock
	for len(ac) < len(bc) {
		ac += "0"
	}
	for len(bc) < len(ac) {
		bc += "0"
	}
	if ac != bc {
		return ac < bc
	}
	return a.key < b.key
}

// classify tells a full-load file from a CDC file by its name.
func classify(key string) (s3File, bool) {
	name := path.Base(key)
	if m := loadName.FindStringSubmatch(name); m != nil {
		n, _ := strconv.ParseUint(m[1], 16, 64)
		return s3File{key: key, load: true, counter: n}, true
	}
	if m := cdcName.FindStringSubmatch(name); m != nil {
		return s3File{key: key, date: m[1], clock: m[2]}, true
	}
	return s3File{}, false
}

// list returns a table's CSV files in the order they are applied.
func (s *S3Side) list(ctx context.Context, prefix string) ([]s3File, error) {
	var files []s3File
	p := s3.NewListObjectsV2Paginator(s.Client, &s3.ListObjectsV2Input{Bucket: aws.String(s.Bucket), Prefix: aws.String(prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list s3://%s/%s: %w", s.Bucket, prefix, err)
		}
		for _, o := range page.Contents {
			key := *o.Key
			if !strings.HasSuffix(key, ".csv") {
				continue
			}
			f, ok := classify(key)
			if !ok {
				return nil, fmt.Errorf("s3://%s/%s: %w: the name is neither a full-load file's (LOAD and a hexadecimal counter, LOAD00000001.csv) nor a CDC file's (its timestamp, 20220521-145815742.csv), so verify cannot tell where it goes", s.Bucket, key, errCorrupt)
			}
			files = append(files, f)
		}
	}
	sort.SliceStable(files, func(i, j int) bool { return files[i].before(files[j]) })
	return files, nil
}

// errCorrupt marks a file that is not in a layout DMS writes.
var errCorrupt = errors.New("not the lab's DMS CSV layout")

// record is one CSV record and the line it starts on.
type record struct {
	fields []string
	line   int
}

func (s *S3Side) apply(ctx context.Context, st *s3Table, f s3File) error {
	obj, err := s.Client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(f.key)})
	if err != nil {
		return fmt.Errorf("read s3://%s/%s: %w", s.Bucket, f.key, err)
	}
	defer obj.Body.Close()
	return s.applyCSV(st, f, obj.Body, "s3://"+s.Bucket+"/"+f.key)
}

// applyCSV applies one file's rows; where names it in errors.
func (s *S3Side) applyCSV(st *s3Table, f s3File, body io.Reader, where string) error {
	t := st.t
	r := newCSVReader(body)
	var header []string
	var candidates []csvLayout // the layouts the rows read so far fit
	var pending []record       // rows read while more than one layout fits
	decided := false
	for {
		fields, line, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return fmt.Errorf("%s: %w: %v", where, errCorrupt, err)
		}
		rec := record{fields, line}
		if line == 1 && isHeader(fields) {
			header = fields
			if _, err := s.headerLayout(t, header, len(header)); err != nil {
				return fmt.Errorf("%s: %w: %v", where, errCorrupt, err)
			}
			continue
		}
		if decided {
			if err := s.applyRow(st, f, candidates[0], rec, where); err != nil {
				return err
			}
			continue
		}
		if candidates == nil {
			if header != nil {
				l, err := s.headerLayout(t, header, len(fields))
				if err != nil {
					return fmt.Errorf("%s line %d: %w: %v", where, line, errCorrupt, err)
				}
				candidates = []csvLayout{l}
			} else {
				candidates = headerlessLayouts(t, len(fields), f.load)
			}
			if len(candidates) == 0 {
				return fmt.Errorf("%s line %d: %w: %d fields, want the %d columns of %s, after the Op field%s and with or without a timestamp column", where, line, errCorrupt, len(fields), len(t.Columns()), opUnless(f.load), t.Name)
			}
		}
		if header == nil {
			var fit []csvLayout
			for _, l := range candidates {
				if l.fits(t, fields) {
					fit = append(fit, l)
				}
			}
			if len(fit) == 0 {
				return fmt.Errorf("%s line %d: %w: the fields do not fit the columns of %s (%s) after the Op field%s and with or without a timestamp column", where, line, errCorrupt, t.Name, strings.Join(t.Columns(), ", "), opUnless(f.load))
			}
			candidates = fit
		}
		pending = append(pending, rec)
		if len(candidates) == 1 {
			decided = true
			for _, p := range pending {
				if err := s.applyRow(st, f, candidates[0], p, where); err != nil {
					return err
				}
			}
			pending = nil
		}
	}
	if len(pending) > 0 {
		return fmt.Errorf("%s: %w: without a header row, more than one field could be the timestamp column; have DMS write the header (AddColumnName)", where, errCorrupt)
	}
	return nil
}

func opUnless(load bool) string {
	if load {
		return " (if any)"
	}
	return ""
}

// isHeader: a header names the columns; no row holds "block" and "var" as
// values (block is a number).
func isHeader(fields []string) bool {
	var block, v bool
	for _, f := range fields {
		block = block || f == "block"
		v = v || f == "var"
	}
	return block && v
}

// csvLayout says where each part of a row is.
type csvLayout struct {
	fields int
	op     int   // -1: none (a full-load file without IncludeOpForFullLoad)
	ts     int   // -1: none
	at     []int // field of each table column
}

var timestampValue = regexp.MustCompile(`^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$`)

// fits says whether a headerless row can be in this layout: an Op that DMS
// writes, a timestamp where the timestamp column is, and a number or
// nothing in each numeric column.
func (l csvLayout) fits(t store.Table, fields []string) bool {
	if len(fields) != l.fields {
		return false
	}
	if l.op >= 0 {
		switch fields[l.op] {
		case "I", "U", "D":
		default:
			return false
		}
	}
	if l.ts >= 0 && !timestampValue.MatchString(fields[l.ts]) {
		return false
	}
	for i, c := range t.Columns() {
		v := fields[l.at[i]]
		if numericColumns[c] && v != "" && !isDecimal(v) {
			return false
		}
	}
	return true
}

func isDecimal(v string) bool {
	v = strings.TrimPrefix(strings.TrimPrefix(v, "-"), "+")
	intPart, frac, _ := strings.Cut(v, ".")
	return len(intPart)+len(frac) > 0 && allDigits([]byte(intPart)) && allDigits([]byte(frac))
}

// headerlessLayouts lists every layout a row of n fields can have: the
// table's columns in order, after the Op field (required in CDC files),
// with the timestamp column anywhere or nowhere.
func headerlessLayouts(t store.Table, n int, load bool) []csvLayout {
	cols := len(t.Columns())
	var out []csvLayout
	build := func(op, ts int) {
		l := csvLayout{fields: n, op: op, ts: ts}
		for i := 0; i < n; i++ {
			if i != op && i != ts {
				l.at = append(l.at, i)
			}
		}
		if len(l.at) == cols {
			out = append(out, l)
		}
	}
	ops := []int{0}
	if load {
		ops = append(ops, -1)
	}
	for _, op := range ops {
		build(op, -1)
		for ts := op + 1; ts < n; ts++ {
			build(op, ts)
		}
	}
	return out
}

// headerLayout maps a header to the table's columns, for rows of n fields.
// The Op field is the one named "Op" or named with an empty string; a
// header that leaves it out altogether has one field fewer than the rows,
// and Op is then each row's first field.
func (s *S3Side) headerLayout(t store.Table, header []string, n int) (csvLayout, error) {
	tsName := s.TimestampColumn
	if tsName == "" {
		tsName = "dms_commit_ts"
	}
	l := csvLayout{fields: n, op: -1, ts: -1, at: make([]int, len(t.Columns()))}
	for i := range l.at {
		l.at[i] = -1
	}
	shift := 0
	switch n {
	case len(header):
	case len(header) + 1:
		shift, l.op = 1, 0
	default:
		return l, fmt.Errorf("%d fields, want %d as in the header", n, len(header))
	}
	for i, h := range header {
		at := i + shift
		switch ci := t.ColumnIndex(h); {
		case ci >= 0 && l.at[ci] < 0:
			l.at[ci] = at
		case (h == "" || strings.EqualFold(h, "Op")) && l.op < 0:
			l.op = at
		case strings.EqualFold(h, tsName) && l.ts < 0:
			l.ts = at
		default:
			return l, fmt.Errorf("the header has a column %q that %s does not", h, t.Name)
		}
	}
	for i, c := range t.Columns() {
		if l.at[i] < 0 {
			return l, fmt.Errorf("the header %q has no column %q", strings.Join(header, ","), c)
		}
	}
	return l, nil
}

// applyRow checks one row and hands it to the table's spiller, tagged with
// its identity and its place in the order of the files.
func (s *S3Side) applyRow(st *s3Table, f s3File, l csvLayout, rec record, where string) error {
	if len(rec.fields) != l.fields {
		return fmt.Errorf("%s line %d: %w: %d fields, want %d", where, rec.line, errCorrupt, len(rec.fields), l.fields)
	}
	cols := st.cols
	row := make([]string, len(cols))
	for i, c := range cols {
		row[i] = NormalizeValue(c, rec.fields[l.at[i]], true, true)
	}
	var at time.Time
	if l.ts >= 0 {
		// Parse accepts the fraction of a second the layout leaves out.
		at, _ = time.Parse("2006-01-02 15:04:05", rec.fields[l.ts])
	}
	op := "I"
	if l.op >= 0 {
		op = rec.fields[l.op]
	} else if !f.load {
		return fmt.Errorf("%s line %d: %w: a CDC file without the Op field", where, rec.line, errCorrupt)
	}
	switch op {
	case "I", "D":
	case "U":
		var empty []string
		for i, c := range cols {
			if st.notNull[i] && row[i] == NullValue {
				empty = append(empty, c)
			}
		}
		if len(empty) > 0 {
			if st.partial == 0 {
				st.first, st.empty = fmt.Sprintf("%s line %d", where, rec.line), empty
			}
			st.partial++
			return nil
		}
	default:
		return fmt.Errorf("%s line %d: %w: Op %q; want I, U or D", where, rec.line, errCorrupt, op)
	}
	st.seq++
	return st.spill.add(change{id: st.id(row), seq: st.seq, op: op[0], load: f.load, at: at, values: row})
}

// fold applies one change to the rows of its identity, as read so far.
func (st *s3Table) fold(rows []*s3Row, c change) []*s3Row {
	pk := st.t.HasPrimaryKey()
	row, at := c.values, c.at
	switch c.op {
	case 'I':
		if c.load {
			if pk && len(rows) > 0 {
				rows = rows[:1]
				rows[0] = &s3Row{values: row, loaded: at}
				return rows
			}
			return append(rows, &s3Row{values: row, loaded: at})
		}
		if pk && len(rows) > 0 {
			// The row again, as a cached change of the full load: upsert.
			return append(rows[:0], &s3Row{values: row})
		}
		for _, r := range rows {
			if !r.loaded.IsZero() && !at.IsZero() && !at.After(r.loaded) {
				// Committed before DMS wrote the full-load row: the same row.
				r.values, r.loaded = row, time.Time{}
				return rows
			}
		}
		return append(rows, &s3Row{values: row})
	case 'U':
		if len(rows) == 0 {
			return append(rows, &s3Row{values: row})
		}
		rows[0] = &s3Row{values: row, loaded: rows[0].loaded}
		return rows
	case 'D':
		if len(rows) <= 1 {
			return rows[:0]
		}
		return append(rows[:0], rows[1:]...)
	}
	return rows
}
