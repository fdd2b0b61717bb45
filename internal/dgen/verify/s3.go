package verify

import (
	"context"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"net/url"
	"path"
	"sort"
	"strconv"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/dmslab/dmslab/internal/dgen/store"
)

// S3Side rebuilds the tables from the S3 task's files: the full-load files
// (LOAD*.csv) first, then the CDC files in the order of their date
// partitions and names, applying each row's Op (I, U, D). The files are
// CSV as the lab writes them: a header row (AddColumnName), the Op column
// first on every row (IncludeOpForFullLoad), and a commit timestamp column
// that is ignored. Unlike the database sides it holds the rebuilt tables in
// memory.
type S3Side struct {
	Bucket string
	Prefix string // where the TABLE1, TABLE2, TABLE3 folders are, e.g. dms/ADMIN
	Client *s3.Client
	// TimestampColumn is skipped when present. Default "dms_commit_ts".
	TimestampColumn string

	state map[string]map[string][][]string // table -> identity -> rows
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
	d := Digests{}
	for _, t := range store.Tables {
		d[t.Name] = map[int]*BlockDigest{}
		blockAt := t.ColumnIndex("block")
		var h rowHasher
		for _, rows := range s.state[t.Name] {
			for _, r := range rows {
				b, _ := strconv.Atoi(r[blockAt])
				d.add(t.Name, b, h.sum(r))
			}
		}
	}
	return d, nil
}

func (s *S3Side) BlockRows(ctx context.Context, t store.Table, block int) ([][]string, error) {
	if err := s.rebuild(ctx); err != nil {
		return nil, err
	}
	want := NormalizeValue("block", fmt.Sprint(block), true, true)
	blockAt := t.ColumnIndex("block")
	var out [][]string
	for _, rows := range s.state[t.Name] {
		for _, r := range rows {
			if r[blockAt] == want {
				out = append(out, r)
			}
		}
	}
	return out, nil
}

// rebuild reads every file once; a caller that compares again makes a new
// S3Side.
func (s *S3Side) rebuild(ctx context.Context) error {
	if s.state != nil {
		return nil
	}
	state := map[string]map[string][][]string{}
	for _, t := range store.Tables {
		state[t.Name] = map[string][][]string{}
		keys, err := s.list(ctx, path.Join(s.Prefix, t.Name)+"/")
		if err != nil {
			return err
		}
		for _, k := range keys {
			if err := s.apply(ctx, t, k, state[t.Name]); err != nil {
				return err
			}
		}
	}
	s.state = state
	return nil
}

// list returns a table's CSV files: full load first, then CDC in order.
func (s *S3Side) list(ctx context.Context, prefix string) ([]string, error) {
	var keys []string
	p := s3.NewListObjectsV2Paginator(s.Client, &s3.ListObjectsV2Input{Bucket: aws.String(s.Bucket), Prefix: aws.String(prefix)})
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			return nil, fmt.Errorf("list s3://%s/%s: %w", s.Bucket, prefix, err)
		}
		for _, o := range page.Contents {
			if strings.HasSuffix(*o.Key, ".csv") {
				keys = append(keys, *o.Key)
			}
		}
	}
	isLoad := func(k string) bool { return strings.HasPrefix(path.Base(k), "LOAD") }
	sort.Slice(keys, func(i, j int) bool {
		if isLoad(keys[i]) != isLoad(keys[j]) {
			return isLoad(keys[i])
		}
		return keys[i] < keys[j]
	})
	return keys, nil
}

// errCorrupt marks a file that is not in the lab's CSV layout.
var errCorrupt = errors.New("not the lab's DMS CSV layout")

func (s *S3Side) apply(ctx context.Context, t store.Table, key string, rows map[string][][]string) error {
	obj, err := s.Client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(key)})
	if err != nil {
		return fmt.Errorf("read s3://%s/%s: %w", s.Bucket, key, err)
	}
	defer obj.Body.Close()
	where := "s3://" + s.Bucket + "/" + key
	r := csv.NewReader(obj.Body)
	r.FieldsPerRecord = -1
	header, err := r.Read()
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return fmt.Errorf("%s: %w: %v", where, errCorrupt, err)
	}
	layout, err := s.layout(t, header)
	if err != nil {
		return fmt.Errorf("%s: %w: %v", where, errCorrupt, err)
	}
	identity := IdentityKey(t)
	cols := t.Columns()
	for line := 2; ; line++ {
		rec, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w: %v", where, errCorrupt, err)
		}
		if len(rec) != layout.fields {
			return fmt.Errorf("%s line %d: %w: %d fields, want %d", where, line, errCorrupt, len(rec), layout.fields)
		}
		row := make([]string, len(cols))
		for i, c := range cols {
			row[i] = NormalizeValue(c, rec[layout.at[i]], true, true)
		}
		id := identity(row)
		switch op := rec[layout.op]; op {
		case "I":
			rows[id] = append(rows[id], row)
		case "U":
			if len(rows[id]) == 0 {
				rows[id] = [][]string{row}
			} else {
				rows[id][0] = row
			}
		case "D":
			if len(rows[id]) <= 1 {
				delete(rows, id)
			} else {
				rows[id] = rows[id][1:]
			}
		default:
			return fmt.Errorf("%s line %d: %w: Op %q; want I, U or D", where, line, errCorrupt, op)
		}
	}
}

type csvLayout struct {
	fields int
	op     int
	at     []int // field of each table column
}

// layout maps a header to the table's columns. The Op field may have no
// name in the header; it is then the first field of each row.
func (s *S3Side) layout(t store.Table, header []string) (csvLayout, error) {
	ts := s.TimestampColumn
	if ts == "" {
		ts = "dms_commit_ts"
	}
	l := csvLayout{fields: len(header), op: -1}
	offset := 0
	if len(header) == 0 || !strings.EqualFold(header[0], "Op") {
		// Op unnamed: every row has one field more than the header.
		l.fields++
		l.op = 0
		offset = 1
	}
	pos := map[string]int{}
	for i, h := range header {
		pos[h] = i + offset
		if strings.EqualFold(h, "Op") {
			l.op = i + offset
		}
	}
	for _, c := range t.Columns() {
		i, ok := pos[c]
		if !ok {
			return l, fmt.Errorf("the header %q has no column %q", strings.Join(header, ","), c)
		}
		l.at = append(l.at, i)
	}
	for h := range pos {
		if h != ts && !strings.EqualFold(h, "Op") && t.ColumnIndex(h) < 0 {
			return l, fmt.Errorf("the header has a column %q that %s does not", h, t.Name)
		}
	}
	return l, nil
}
