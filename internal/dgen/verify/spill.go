package verify

import (
	"bufio"
	"container/heap"
	"encoding/binary"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"time"
)

// DefaultRunRows is how many changes the S3 side holds in memory before it
// sorts them and writes them to a run file on disk.
const DefaultRunRows = 100_000

// change is one row of a CSV file, tagged with its identity and its place
// in the order of the files (seq counts the rows of a table's files in the
// order they are applied).
type change struct {
	id     string
	seq    uint64
	op     byte
	load   bool // from a full-load file
	at     time.Time
	values []string
}

// spiller sorts a table's changes by identity and order on disk: it holds
// at most max changes, writes each full buffer sorted to a run file, and
// merges the runs.
type spiller struct {
	dir    string // made on the first run; removed by close
	max    int
	buf    []change
	runs   []string
	merged int // merged run files made
	peak   int // the most changes held in the buffer at once
}

func (sp *spiller) add(c change) error {
	sp.buf = append(sp.buf, c)
	if len(sp.buf) > sp.peak {
		sp.peak = len(sp.buf)
	}
	if len(sp.buf) >= sp.max {
		return sp.flush()
	}
	return nil
}

func (sp *spiller) flush() error {
	if len(sp.buf) == 0 {
		return nil
	}
	if sp.dir == "" {
		d, err := os.MkdirTemp("", "dgen-verify-s3-*")
		if err != nil {
			return fmt.Errorf("verify: a temporary directory for the S3 rows: %w", err)
		}
		sp.dir = d
	}
	sort.Slice(sp.buf, func(i, j int) bool {
		a, b := &sp.buf[i], &sp.buf[j]
		if a.id != b.id {
			return a.id < b.id
		}
		return a.seq < b.seq
	})
	name := filepath.Join(sp.dir, fmt.Sprintf("run%06d", len(sp.runs)))
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	w := bufio.NewWriterSize(f, 1<<16)
	var scratch []byte
	for i := range sp.buf {
		scratch = encodeChange(scratch[:0], &sp.buf[i])
		if _, err := w.Write(scratch); err != nil {
			f.Close()
			return fmt.Errorf("verify: %w", err)
		}
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return fmt.Errorf("verify: %w", err)
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	sp.runs = append(sp.runs, name)
	clear(sp.buf)
	sp.buf = sp.buf[:0]
	return nil
}

func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

func encodeChange(b []byte, c *change) []byte {
	b = appendString(b, c.id)
	b = binary.AppendUvarint(b, c.seq)
	var flags byte
	if c.load {
		flags |= 1
	}
	if !c.at.IsZero() {
		flags |= 2
	}
	b = append(b, c.op, flags)
	if !c.at.IsZero() {
		b = binary.AppendVarint(b, c.at.Unix())
		b = binary.AppendUvarint(b, uint64(c.at.Nanosecond()))
	}
	b = binary.AppendUvarint(b, uint64(len(c.values)))
	for _, v := range c.values {
		b = appendString(b, v)
	}
	return b
}

func readString(r *bufio.Reader) (string, error) {
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return "", err
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return "", err
	}
	return string(b), nil
}

// decodeChange reads one change; io.EOF at the end of the run.
func decodeChange(r *bufio.Reader) (change, error) {
	var c change
	id, err := readString(r)
	if err != nil {
		return c, err // io.EOF: the end
	}
	c.id = id
	bad := func(err error) (change, error) {
		if err == io.EOF {
			err = io.ErrUnexpectedEOF
		}
		return c, fmt.Errorf("verify: a run file: %w", err)
	}
	if c.seq, err = binary.ReadUvarint(r); err != nil {
		return bad(err)
	}
	if c.op, err = r.ReadByte(); err != nil {
		return bad(err)
	}
	flags, err := r.ReadByte()
	if err != nil {
		return bad(err)
	}
	c.load = flags&1 != 0
	if flags&2 != 0 {
		sec, err := binary.ReadVarint(r)
		if err != nil {
			return bad(err)
		}
		ns, err := binary.ReadUvarint(r)
		if err != nil {
			return bad(err)
		}
		c.at = time.Unix(sec, int64(ns)).UTC()
	}
	n, err := binary.ReadUvarint(r)
	if err != nil {
		return bad(err)
	}
	c.values = make([]string, n)
	for i := range c.values {
		if c.values[i], err = readString(r); err != nil {
			return bad(err)
		}
	}
	return c, nil
}

// runHead is the next change of one run in the merge.
type runHead struct {
	c   change
	r   *bufio.Reader
	f   *os.File
	run int
}

type runHeap []*runHead

func (h runHeap) Len() int { return len(h) }
func (h runHeap) Less(i, j int) bool {
	if h[i].c.id != h[j].c.id {
		return h[i].c.id < h[j].c.id
	}
	return h[i].c.seq < h[j].c.seq
}
func (h runHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }
func (h *runHeap) Push(x any)   { *h = append(*h, x.(*runHead)) }
func (h *runHeap) Pop() any {
	old := *h
	x := old[len(old)-1]
	*h = old[:len(old)-1]
	return x
}

// maxFanIn is how many run files one merge reads at once; with more, runs
// are first merged into longer ones, so that neither memory (a read buffer
// per run) nor open files grow with the table.
const maxFanIn = 64

// merge writes out the buffer and calls each with every change, in the
// order of identity, then of the files and rows. It holds one change per
// run file read, at most maxFanIn.
func (sp *spiller) merge(each func(c change) error) error {
	if err := sp.flush(); err != nil {
		return err
	}
	for len(sp.runs) > maxFanIn {
		name := filepath.Join(sp.dir, fmt.Sprintf("merged%06d", sp.merged))
		sp.merged++
		if err := sp.mergeInto(sp.runs[:maxFanIn], name); err != nil {
			return err
		}
		for _, r := range sp.runs[:maxFanIn] {
			os.Remove(r)
		}
		sp.runs = append(sp.runs[maxFanIn:], name)
	}
	return mergeRuns(sp.runs, each)
}

// mergeInto merges runs into one run file.
func (sp *spiller) mergeInto(runs []string, name string) error {
	f, err := os.Create(name)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	defer f.Close()
	w := bufio.NewWriterSize(f, 1<<16)
	var scratch []byte
	err = mergeRuns(runs, func(c change) error {
		scratch = encodeChange(scratch[:0], &c)
		_, err := w.Write(scratch)
		return err
	})
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	return f.Close()
}

func mergeRuns(runs []string, each func(c change) error) error {
	var h runHeap
	defer func() {
		for _, x := range h {
			x.f.Close()
		}
	}()
	for i, name := range runs {
		f, err := os.Open(name)
		if err != nil {
			return fmt.Errorf("verify: %w", err)
		}
		x := &runHead{r: bufio.NewReaderSize(f, 1<<15), f: f, run: i}
		c, err := decodeChange(x.r)
		if err == io.EOF {
			f.Close()
			continue
		}
		if err != nil {
			f.Close()
			return err
		}
		x.c = c
		h = append(h, x)
	}
	heap.Init(&h)
	for len(h) > 0 {
		x := h[0]
		if err := each(x.c); err != nil {
			return err
		}
		c, err := decodeChange(x.r)
		switch {
		case err == io.EOF:
			x.f.Close()
			heap.Pop(&h)
		case err != nil:
			return err
		default:
			x.c = c
			heap.Fix(&h, 0)
		}
	}
	return nil
}

// close removes the run files.
func (sp *spiller) close() error {
	sp.buf, sp.runs = nil, nil
	if sp.dir == "" {
		return nil
	}
	err := os.RemoveAll(sp.dir)
	sp.dir = ""
	return err
}
