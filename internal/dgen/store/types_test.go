package store

import (
	"strings"
	"testing"
)

// The names and types are a contract with verify's fidelity report.
func TestTypesColumnsContract(t *testing.T) {
	want := "ty_pk NUMBER(10) INTEGER|block INT INTEGER|c_number NUMBER NUMERIC|c_number_38 NUMBER(38,0) NUMERIC(38,0)|" +
		"c_number_10_2 NUMBER(10,2) NUMERIC(10,2)|c_number_neg_scale NUMBER(10,-2) NUMERIC(10,-2)|c_float FLOAT DOUBLE PRECISION|" +
		"c_binary_float BINARY_FLOAT REAL|c_binary_double BINARY_DOUBLE DOUBLE PRECISION|c_date DATE TIMESTAMP(0)|" +
		"c_timestamp TIMESTAMP(6) TIMESTAMP(6)|c_timestamp_tz TIMESTAMP(9) WITH TIME ZONE TIMESTAMPTZ|" +
		"c_timestamp_ltz TIMESTAMP WITH LOCAL TIME ZONE TIMESTAMPTZ|c_interval_ym INTERVAL YEAR TO MONTH INTERVAL YEAR TO MONTH|" +
		"c_interval_ds INTERVAL DAY TO SECOND INTERVAL DAY TO SECOND|c_char CHAR(10) CHAR(10)|c_nchar NCHAR(10) CHAR(10)|" +
		"c_varchar2_byte VARCHAR2(100 BYTE) VARCHAR(100)|c_varchar2_char VARCHAR2(100 CHAR) VARCHAR(100)|c_nvarchar2 NVARCHAR2(100) VARCHAR(100)|" +
		"c_clob CLOB TEXT|c_nclob NCLOB TEXT|c_blob BLOB BYTEA|c_raw RAW(100) BYTEA|cdc VARCHAR2(25) VARCHAR(25)"
	var got []string
	for _, c := range TypesColumns {
		got = append(got, c.Name+" "+c.Oracle+" "+c.PostgreSQL)
		if c.NotNull != (c.Name == "ty_pk" || c.Name == "block") {
			t.Errorf("%s: NotNull %v", c.Name, c.NotNull)
		}
	}
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("TYPES columns\n got %s\nwant %s", g, want)
	}
	if _, ok := TypesColumnByName("c_raw"); !ok {
		t.Error("c_raw not found by name")
	}
	if _, ok := TypesColumnByName("C_RAW"); ok {
		t.Error("names are exact: C_RAW found")
	}
}
