package verify

import (
	"fmt"
	"io"
	"strings"
	"testing"
)

func readAll(in string) (string, error) {
	r := newCSVReader(strings.NewReader(in))
	var out []string
	for {
		rec, line, err := r.Read()
		if err == io.EOF {
			return strings.Join(out, " "), nil
		}
		if err != nil {
			return strings.Join(out, " "), err
		}
		out = append(out, fmt.Sprintf("%d%q", line, rec))
	}
}

// RFC 4180, section 2: records end in CRLF (DMS's CsvRowDelimiter may also
// be LF), the last may have none, a quoted field holds commas, line breaks
// and doubled quotes.
func TestCSVReaderKeepsWhatRFC4180Quotes(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"a,b\nc,d\n", `1["a" "b"] 2["c" "d"]`},
		{"a,b\r\nc,d", `1["a" "b"] 2["c" "d"]`},
		{"\"a\r\nb\",\"x\"\"y\"\r\nz,\r\n", `1["a\r\nb" "x\"y"] 3["z" ""]`},
		{"\"two\nlines, \"\"q\"\"\",1\n\n2,3\n", `1["two\nlines, \"q\"" "1"] 4["2" "3"]`},
		{",\n\"\"\n", `1["" ""] 2[""]`},
		{"a\rb,c\n", `1["a\rb" "c"]`},
		{"", ``},
	} {
		got, err := readAll(c.in)
		if err != nil || got != c.want {
			t.Errorf("%q: %s, %v; want %s", c.in, got, err, c.want)
		}
	}
	for _, bad := range []string{"a\"b,c\n", "\"a\"b,c\n", "\"open,c\n"} {
		if _, err := readAll(bad); err == nil {
			t.Errorf("%q: no error", bad)
		}
	}
}
