package verify

import (
	"context"
	"fmt"
	"io"
	"net"
	"os"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dmslab/dmslab/internal/dgen/connect"
	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/pgtest"
)

// countingProxy forwards loopback connections to a server and counts the
// bytes the server sends back.
type countingProxy struct {
	ln   net.Listener
	down atomic.Int64
	wg   sync.WaitGroup
}

func newCountingProxy(b *testing.B, server string) *countingProxy {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		b.Fatal(err)
	}
	p := &countingProxy{ln: ln}
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			s, err := net.Dial("tcp", server)
			if err != nil {
				c.Close()
				continue
			}
			p.wg.Add(2)
			go func() { defer p.wg.Done(); io.Copy(s, c); s.Close() }()
			go func() { defer p.wg.Done(); io.Copy(countTo{c, &p.down}, s); c.Close() }()
		}
	}()
	return p
}

// countTo counts what it writes.
type countTo struct {
	w io.Writer
	n *atomic.Int64
}

func (c countTo) Write(b []byte) (int, error) {
	n, err := c.w.Write(b)
	c.n.Add(int64(n))
	return n, err
}

// BenchmarkPushDown compares push-down verify with streaming on two
// PostgreSQL databases (a source and a copy), a clean copy and one with a
// missing, an extra and a changed row: wall time, and bytes the servers
// send to dgen, counted by a TCP proxy on loopback. DGEN_BENCH_ROWS sets
// the rows per side (default 1 000 000). scripts/bench-pushdown runs it.
func BenchmarkPushDown(b *testing.B) {
	total := int64(1_000_000)
	if v := os.Getenv("DGEN_BENCH_ROWS"); v != "" {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			b.Fatal(err)
		}
		total = n
	}
	srv, err := pgtest.Start()
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Stop()
	ctx := context.Background()
	loadedPair(b, ctx, srv, "pdsrc", "pddst", total)
	proxy := newCountingProxy(b, fmt.Sprintf("127.0.0.1:%d", srv.Port))
	defer proxy.ln.Close()
	viaProxy := func(db string) *store.Store {
		st, err := connect.OpenURL(ctx, fmt.Sprintf("postgres://postgres:test@%s/%s?sslmode=disable", proxy.ln.Addr(), db))
		if err != nil {
			b.Fatal(err)
		}
		return st
	}
	source, target := viaProxy("pdsrc"), viaProxy("pddst")
	defer source.DB.Close()
	defer target.DB.Close()
	// measure runs one verify and returns its wall time and the bytes the
	// servers sent during it.
	measure := func(stream, wantEqual bool) (time.Duration, int64) {
		before := proxy.down.Load()
		t0 := time.Now()
		rep, err := Verify(ctx, &DBSide{Label: "source", Store: source, Stream: stream}, &DBSide{Label: "target", Store: target, Stream: stream}, 5)
		if err != nil {
			b.Fatal(err)
		}
		d := time.Since(t0)
		if rep.Equal != wantEqual {
			b.Fatalf("stream=%v: equal %v, want %v: %+v", stream, rep.Equal, wantEqual, rep.Diffs)
		}
		return d, proxy.down.Load() - before
	}
	report := func(b *testing.B, wantEqual bool) {
		var pt, st time.Duration
		var pb, sb int64
		for i := 0; i < b.N; i++ {
			t, n := measure(false, wantEqual)
			pt, pb = pt+t, pb+n
			t, n = measure(true, wantEqual)
			st, sb = st+t, sb+n
		}
		b.ReportMetric(pt.Seconds()/float64(b.N), "pushdown-s")
		b.ReportMetric(st.Seconds()/float64(b.N), "stream-s")
		b.ReportMetric(float64(pb)/float64(b.N), "pushdown-bytes")
		b.ReportMetric(float64(sb)/float64(b.N), "stream-bytes")
		b.ReportMetric(st.Seconds()/pt.Seconds(), "speedup")
		b.ReportMetric(100*float64(pb)/float64(sb), "bytes-pct")
	}
	b.Run(fmt.Sprintf("rows=%d/clean", total), func(b *testing.B) { report(b, true) })
	direct, err := connect.OpenURL(ctx, srv.URL("pddst"))
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{
		`DELETE FROM "TABLE1" WHERE "t1_pk" = (SELECT MIN("t1_pk") FROM "TABLE1" WHERE "t1_pk" NOT IN (SELECT "refrence_t1" FROM "TABLE2" WHERE "refrence_t1" IS NOT NULL))`,
		`UPDATE "TABLE2" SET "cdc" = 'tampered' WHERE "t2_pk" = (SELECT MAX("t2_pk") FROM "TABLE2")`,
		`INSERT INTO "TABLE3" VALUES (7, 1.5, 'feedfacefeedface', 'x')`,
	} {
		if _, err := direct.DB.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	direct.DB.Close()
	b.Run(fmt.Sprintf("rows=%d/3-differences", total), func(b *testing.B) { report(b, false) })
}
