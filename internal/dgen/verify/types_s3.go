package verify

import (
	"context"
	"fmt"
	"io"
	"path"
	"strings"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/s3"

	"github.com/dmslab/dmslab/internal/dgen/fidelity"
	"github.com/dmslab/dmslab/internal/dgen/store"
)

// TypesRows rebuilds TYPES from its folder of CSV files, in the order
// TABLE1..3's are applied (S3Side's comment): full-load files, then CDC
// files, each row applied by its Op on its ty_pk. The fields are kept as
// the files hold them (RFC 4180 unquoted: commas, quotes and line breaks
// inside a value kept), for fidelity to read: an empty field is NULL, as
// DMS writes both NULL and Oracle's empty string (which is NULL). TYPES
// is read with its header row (AddColumnName, as the lab sets it); without
// one, a row must be the Op (if any) and the columns in table order.
func (s *S3Side) TypesRows(ctx context.Context) ([]fidelity.Row, bool, error) {
	files, err := s.list(ctx, path.Join(s.Prefix, store.TypesTable)+"/")
	if err != nil {
		return nil, false, err
	}
	if len(files) == 0 {
		return nil, true, nil
	}
	byKey := map[string][]string{}
	var order []string
	for _, f := range files {
		obj, err := s.Client.GetObject(ctx, &s3.GetObjectInput{Bucket: aws.String(s.Bucket), Key: aws.String(f.key)})
		if err != nil {
			return nil, false, fmt.Errorf("read s3://%s/%s: %w", s.Bucket, f.key, err)
		}
		err = s.applyTypesCSV(byKey, &order, f, obj.Body, "s3://"+s.Bucket+"/"+f.key)
		obj.Body.Close()
		if err != nil {
			return nil, false, err
		}
	}
	var out []fidelity.Row
	for _, k := range order {
		fields, ok := byKey[k]
		if !ok {
			continue
		}
		delete(byKey, k) // a key deleted and inserted again is listed twice
		r := fidelity.Row{Key: k, Values: make([]fidelity.Value, len(fields))}
		for i, v := range fields {
			if v == "" {
				r.Values[i] = fidelity.Null
			} else {
				r.Values[i] = fidelity.Text(v)
			}
		}
		out = append(out, r)
	}
	return out, false, nil
}

// applyTypesCSV applies one file's rows to byKey (ty_pk -> fields in table
// order); order lists keys as they first appear.
func (s *S3Side) applyTypesCSV(byKey map[string][]string, order *[]string, f s3File, body io.Reader, where string) error {
	cols := store.TypesColumnNames()
	r := newCSVReader(body)
	var at []int // field of each column
	op, headerLen := -1, 0
	for {
		fields, line, err := r.Read()
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return fmt.Errorf("%s: %w: %v", where, errCorrupt, err)
		}
		if at == nil {
			if line == 1 && containsField(fields, store.TypesKey) && containsField(fields, "c_clob") {
				at, op, err = s.typesHeader(fields)
				if err != nil {
					return fmt.Errorf("%s: %w: %v", where, errCorrupt, err)
				}
				headerLen = len(fields)
				continue
			}
			switch len(fields) {
			case len(cols):
			case len(cols) + 1:
				op = 0
			default:
				return fmt.Errorf("%s line %d: %w: %d fields and no header row; TYPES without a header must be the Op field and its %d columns (have DMS write the header: AddColumnName)", where, line, errCorrupt, len(fields), len(cols))
			}
			for i := range cols {
				at = append(at, i+op+1)
			}
		}
		if headerLen > 0 && op < 0 && len(fields) == headerLen+1 {
			// The header leaves the Op field out: it is each row's first.
			for i := range at {
				at[i]++
			}
			op, headerLen = 0, len(fields)
		}
		if headerLen > 0 && len(fields) != headerLen {
			return fmt.Errorf("%s line %d: %w: %d fields, want %d as in the header", where, line, errCorrupt, len(fields), headerLen)
		}
		if len(fields) <= max(op, at[len(at)-1]) {
			return fmt.Errorf("%s line %d: %w: %d fields, fewer than the header's", where, line, errCorrupt, len(fields))
		}
		values := make([]string, len(cols))
		for i, j := range at {
			values[i] = fields[j]
		}
		kind := "I"
		if op >= 0 && fields[op] != "" {
			kind = fields[op]
		} else if !f.load {
			return fmt.Errorf("%s line %d: %w: a CDC file without the Op field", where, line, errCorrupt)
		}
		key := typesKey(values[0])
		switch kind {
		case "I", "U":
			if _, ok := byKey[key]; !ok {
				*order = append(*order, key)
			}
			byKey[key] = values
		case "D":
			delete(byKey, key)
		default:
			return fmt.Errorf("%s line %d: %w: Op %q; want I, U or D", where, line, errCorrupt, kind)
		}
	}
}

// typesHeader maps TYPES' header row: each column by name, the Op field
// by "Op" or an empty name, the timestamp column ignored.
func (s *S3Side) typesHeader(header []string) (at []int, op int, err error) {
	tsName := s.TimestampColumn
	if tsName == "" {
		tsName = "dms_commit_ts"
	}
	op = -1
	byName := map[string]int{}
	for i, h := range header {
		switch {
		case h == "" || strings.EqualFold(h, "Op"):
			op = i
		case strings.EqualFold(h, tsName):
		default:
			if _, ok := store.TypesColumnByName(h); !ok {
				return nil, 0, fmt.Errorf("the header has a column %q that %s does not", h, store.TypesTable)
			}
			byName[h] = i
		}
	}
	for _, c := range store.TypesColumnNames() {
		i, ok := byName[c]
		if !ok {
			return nil, 0, fmt.Errorf("the header %q has no column %q", strings.Join(header, ","), c)
		}
		at = append(at, i)
	}
	return at, op, nil
}

func containsField(fields []string, name string) bool {
	for _, f := range fields {
		if f == name {
			return true
		}
	}
	return false
}
