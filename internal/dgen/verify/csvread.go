package verify

import (
	"bufio"
	"fmt"
	"io"
	"strings"
)

// csvReader reads CSV as RFC 4180 defines it: a field in double quotes may
// hold commas, doubled quotes and line breaks, all kept as they are, and a
// record ends in CRLF or LF (DMS's CsvRowDelimiter). encoding/csv would
// turn a quoted CRLF into LF, and a value with one would then differ from
// the source. Empty lines are skipped, as encoding/csv skips them.
type csvReader struct {
	r     *bufio.Reader
	lines int // line ends read so far
	// quotedEmpty: the last record was one quoted empty field, not an
	// empty line.
	quotedEmpty bool
}

func newCSVReader(r io.Reader) *csvReader { return &csvReader{r: bufio.NewReaderSize(r, 64<<10)} }

// Read returns the next record and the line it starts on; io.EOF after the
// last.
func (c *csvReader) Read() ([]string, int, error) {
	for {
		fields, line, err := c.record()
		if err != nil || len(fields) > 1 || fields[0] != "" || c.quotedEmpty {
			return fields, line, err
		}
	}
}

func (c *csvReader) record() ([]string, int, error) {
	start := c.lines + 1
	var fields []string
	var field strings.Builder
	quoted, inQuotes := false, false
	c.quotedEmpty = false
	end := func() []string {
		c.quotedEmpty = len(fields) == 0 && quoted
		return append(fields, field.String())
	}
	for n := 0; ; n++ {
		b, err := c.r.ReadByte()
		if err == io.EOF {
			switch {
			case inQuotes:
				return nil, start, fmt.Errorf("line %d: a quoted field is not closed", start)
			case n == 0:
				return nil, start, io.EOF
			}
			return end(), start, nil // the last record has no line end
		}
		if err != nil {
			return nil, start, err
		}
		if inQuotes {
			if b == '"' {
				next, err := c.r.ReadByte()
				if err == nil && next == '"' {
					field.WriteByte('"')
					continue
				}
				if err == nil {
					c.r.UnreadByte()
				}
				inQuotes = false
				continue
			}
			if b == '\n' {
				c.lines++
			}
			field.WriteByte(b)
			continue
		}
		switch b {
		case '"':
			if quoted || field.Len() > 0 {
				return nil, start, fmt.Errorf("line %d: a quote inside a field that does not start with one (RFC 4180 wants the field quoted and the quote doubled)", c.lines+1)
			}
			quoted, inQuotes = true, true
		case ',':
			fields = append(fields, field.String())
			field.Reset()
			quoted = false
		case '\n':
			c.lines++
			return end(), start, nil
		case '\r':
			next, err := c.r.ReadByte()
			if err == nil && next == '\n' {
				c.lines++
				return end(), start, nil
			}
			if err == nil {
				c.r.UnreadByte()
			}
			if quoted {
				return nil, start, fmt.Errorf("line %d: text after a closing quote", c.lines+1)
			}
			field.WriteByte(b) // a CR alone is text
		default:
			if quoted {
				return nil, start, fmt.Errorf("line %d: text after a closing quote", c.lines+1)
			}
			field.WriteByte(b)
		}
	}
}
