package cli

import (
	"database/sql"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/dmslab/dmslab/internal/dgen/fidelity"
	"github.com/dmslab/dmslab/internal/dgen/store"
)

// How the tests stand in for DMS with TYPES, from a PostgreSQL source: each
// column's value as DMS documents it arrives (expected.json), as text.
// NUMBER without precision is kept to 10 decimal places (NumberDataTypeScale)
// into numeric(38,10) on Aurora, which refuses 10^28 or more: that row is
// skipped, as DMS logs and skips it (DataErrorPolicy LOG_ERROR); the S3
// files leave it out too (what DMS writes there is not documented). LOBs
// are cut at 32 KB (32768 characters of a CLOB, bytes of a BLOB); time zone
// values arrive in UTC; binary data is hexadecimal.
func typesAsDMSText(c store.TypesColumn) string {
	col := `"` + c.Name + `"`
	switch {
	case c.Name == "c_number":
		return "round(" + col + ", 10)::text"
	case c.Name == "c_clob" || c.Name == "c_nclob":
		return "LEFT(" + col + ", 32768)"
	case c.Name == "c_blob":
		return "encode(substring(" + col + " from 1 for 32768), 'hex')"
	case c.Kind == store.KindBytes:
		return "encode(" + col + ", 'hex')"
	case c.Kind == store.KindDateTimeZone:
		return "to_char(" + col + ` AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI:SS.US" +00:00"')`
	case c.Name == "c_char" || c.Name == "c_nchar":
		return fmt.Sprintf("rpad(%s::text, %d)", col, c.Size)
	}
	return col + "::text"
}

// readTypesAsDMS reads the source's TYPES as DMS would write it, NULL as
// ok false.
func readTypesAsDMS(t *testing.T, db *sql.DB) [][]sql.NullString {
	t.Helper()
	sel := make([]string, len(store.TypesColumns))
	for i, c := range store.TypesColumns {
		sel[i] = typesAsDMSText(c)
	}
	rows, err := db.Query(fmt.Sprintf(`SELECT %s FROM "TYPES" ORDER BY "ty_pk"`, strings.Join(sel, ", ")))
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var out [][]sql.NullString
	for rows.Next() {
		vals := make([]sql.NullString, len(sel))
		ptrs := make([]any, len(vals))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		out = append(out, vals)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// copyTypesAsDMS creates TYPES in schema of dst with the types DMS creates
// on Aurora (expected.json) and copies the source's rows into it as DMS
// would: a row the target refuses with numeric field overflow (c_number of
// 10^28 or more in numeric(38,10)) is skipped, its key in skipped.
func copyTypesAsDMS(t *testing.T, src, dst *sql.DB, schema string) (skipped []string) {
	t.Helper()
	e := fidelity.MustLoad()
	var defs, params []string
	for i, c := range store.TypesColumns {
		typ := e.Columns[i].Targets[fidelity.Aurora].PostgresType
		defs = append(defs, fmt.Sprintf(`"%s" %s`, c.Name, typ))
		if typ == "bytea" {
			params = append(params, fmt.Sprintf("decode($%d::text, 'hex')", i+1))
		} else {
			params = append(params, fmt.Sprintf("$%d::text::%s", i+1, typ))
		}
	}
	table := fmt.Sprintf(`"%s"."TYPES"`, schema)
	if _, err := dst.Exec(fmt.Sprintf(`DROP TABLE IF EXISTS %s; CREATE TABLE %s (%s)`, table, table, strings.Join(defs, ", "))); err != nil {
		t.Fatal(err)
	}
	ins := fmt.Sprintf("INSERT INTO %s VALUES (%s)", table, strings.Join(params, ", "))
	for _, r := range readTypesAsDMS(t, src) {
		args := make([]any, len(r))
		for i, v := range r {
			if v.Valid {
				args[i] = v.String
			}
		}
		_, err := dst.Exec(ins, args...)
		var state interface{ SQLState() string }
		switch {
		case errors.As(err, &state) && state.SQLState() == "22003": // numeric_value_out_of_range
			skipped = append(skipped, r[0].String)
		case err != nil:
			t.Fatalf("copy TYPES row %s: %v", r[0].String, err)
		}
	}
	return skipped
}

// beyondNumeric3810 says whether a row as readTypesAsDMS gives it has a
// c_number of 10^28 or more.
func beyondNumeric3810(r []sql.NullString) bool {
	v := r[slices.Index(store.TypesColumnNames(), "c_number")]
	return v.Valid && store.BeyondNumeric3810(v.String)
}

// putTypesFiles writes the source's TYPES to the fake bucket as one DMS
// full-load file under prefix: header, Op and timestamp, RFC 4180; rows
// with a c_number of 10^28 or more left out.
func putTypesFiles(t *testing.T, s3 *fakeS3, db *sql.DB, prefix string) {
	t.Helper()
	var events [][]string
	for _, r := range readTypesAsDMS(t, db) {
		if beyondNumeric3810(r) {
			continue
		}
		e := []string{"I"}
		for _, v := range r {
			e = append(e, v.String) // NULL: an empty field
		}
		events = append(events, e)
	}
	s3.put(prefix+"/TYPES/LOAD00000001.csv", typesFile(events...))
}
