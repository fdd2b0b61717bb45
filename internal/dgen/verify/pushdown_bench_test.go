package verify

import (
	"context"
	"fmt"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/dmslab/dmslab/internal/dgen/connect"
	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/pgtest"
)

// BenchmarkPushDown compares push-down verify with streaming on two
// PostgreSQL databases (a source and a copy), a clean copy and one with
// four differences (a missing row, a differing row, two extra rows): wall
// time, and bytes the servers send to dgen, counted by a TCP proxy on
// loopback. Each comparison runs on plain loopback and, when
// DGEN_BENCH_LINK is set (such as "25MBps,70ms"), again with the source's
// connections through an emulated link of that bandwidth and added round
// trip, as the lab's Oracle source is in another region than the dgen host
// and Aurora. DGEN_BENCH_ROWS sets the rows per side (default 1 000 000),
// DGEN_BENCH_PARALLEL the push-down's statements at once per database
// (default DefaultParallel). scripts/bench-pushdown runs it.
func BenchmarkPushDown(b *testing.B) {
	total := benchEnvInt(b, "DGEN_BENCH_ROWS", 1_000_000)
	parallel := int(benchEnvInt(b, "DGEN_BENCH_PARALLEL", DefaultParallel))
	links := []link{{}}
	if v := os.Getenv("DGEN_BENCH_LINK"); v != "" && v != "none" {
		l, err := parseLink(v)
		if err != nil {
			b.Fatal(err)
		}
		links = append(links, l)
	}
	srv, err := pgtest.Start()
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Stop()
	ctx := context.Background()
	loadedPair(b, ctx, srv, "pdsrc", "pddst", total)
	server := fmt.Sprintf("127.0.0.1:%d", srv.Port)
	// A route is the source and the target as dgen reaches them over one
	// kind of link; the target is always on loopback.
	type route struct {
		link               link
		srcProxy, dstProxy *countingProxy
		source, target     *store.Store
	}
	var routes []route
	for _, l := range links {
		r := route{link: l}
		if r.srcProxy, err = newProxy(server, l); err != nil {
			b.Fatal(err)
		}
		if r.dstProxy, err = newProxy(server, link{}); err != nil {
			b.Fatal(err)
		}
		open := func(p *countingProxy, db string) *store.Store {
			st, err := connect.OpenURL(ctx, fmt.Sprintf("postgres://postgres:test@%s/%s?sslmode=disable", p.ln.Addr(), db))
			if err != nil {
				b.Fatal(err)
			}
			return st
		}
		r.source, r.target = open(r.srcProxy, "pdsrc"), open(r.dstProxy, "pddst")
		defer r.srcProxy.Close()
		defer r.dstProxy.Close()
		defer r.source.DB.Close()
		defer r.target.DB.Close()
		routes = append(routes, r)
	}
	// measure runs one verify and returns its wall time, the bytes the
	// servers sent during it, and the rows it names.
	measure := func(b *testing.B, r route, stream, wantEqual bool) (time.Duration, int64, int) {
		before := r.srcProxy.down.Load() + r.dstProxy.down.Load()
		t0 := time.Now()
		rep, err := Verify(ctx, &DBSide{Label: "source", Store: r.source, Stream: stream, Parallel: parallel}, &DBSide{Label: "target", Store: r.target, Stream: stream, Parallel: parallel}, 5)
		if err != nil {
			b.Fatal(err)
		}
		d := time.Since(t0)
		if rep.Equal != wantEqual {
			b.Fatalf("stream=%v: equal %v, want %v: %+v", stream, rep.Equal, wantEqual, rep.Diffs)
		}
		named := 0
		for _, df := range rep.Diffs {
			named += len(df.Missing) + len(df.Extra) + len(df.Differing)/2
		}
		return d, r.srcProxy.down.Load() + r.dstProxy.down.Load() - before, named
	}
	report := func(b *testing.B, r route, wantEqual bool, wantNamed int) {
		var pt, st time.Duration
		var pb, sb int64
		for i := 0; i < b.N; i++ {
			t, n, named := measure(b, r, false, wantEqual)
			if named != wantNamed {
				b.Fatalf("push-down named %d rows, want %d", named, wantNamed)
			}
			pt, pb = pt+t, pb+n
			t, n, named = measure(b, r, true, wantEqual)
			if named != wantNamed {
				b.Fatalf("streaming named %d rows, want %d", named, wantNamed)
			}
			st, sb = st+t, sb+n
		}
		b.ReportMetric(pt.Seconds()/float64(b.N), "pushdown-s")
		b.ReportMetric(st.Seconds()/float64(b.N), "stream-s")
		b.ReportMetric(float64(pb)/float64(b.N), "pushdown-bytes")
		b.ReportMetric(float64(sb)/float64(b.N), "stream-bytes")
		b.ReportMetric(st.Seconds()/pt.Seconds(), "speedup")
		b.ReportMetric(100*float64(pb)/float64(sb), "bytes-pct")
		b.ReportMetric(float64(parallel), "parallel")
	}
	for _, r := range routes {
		b.Run(fmt.Sprintf("rows=%d/link=%s/clean", total, r.link), func(b *testing.B) { report(b, r, true, 0) })
	}
	direct, err := connect.OpenURL(ctx, srv.URL("pddst"))
	if err != nil {
		b.Fatal(err)
	}
	for _, q := range []string{
		// missing: a TABLE1 row no TABLE2 row refers to (so no cascade)
		`DELETE FROM "TABLE1" WHERE "t1_pk" = (SELECT MIN("t1_pk") FROM "TABLE1" WHERE "t1_pk" NOT IN (SELECT "refrence_t1" FROM "TABLE2" WHERE "refrence_t1" IS NOT NULL))`,
		// differing: one TABLE2 row's cdc
		`UPDATE "TABLE2" SET "cdc" = 'tampered' WHERE "t2_pk" = (SELECT MAX("t2_pk") FROM "TABLE2")`,
		// extra: a TABLE1 row in the preloaded block, and a TABLE3 row in a block of its own
		`INSERT INTO "TABLE1" SELECT MAX("t1_pk") + 1000, 0, 1.5, 'feedfacefeedface', 'x' FROM "TABLE1"`,
		`INSERT INTO "TABLE3" VALUES (7, 1.5, 'feedfacefeedface', 'x')`,
	} {
		if _, err := direct.DB.Exec(q); err != nil {
			b.Fatal(err)
		}
	}
	direct.DB.Close()
	for _, r := range routes {
		b.Run(fmt.Sprintf("rows=%d/link=%s/4-differences", total, r.link), func(b *testing.B) { report(b, r, false, 4) })
	}
}

func benchEnvInt(b *testing.B, name string, def int64) int64 {
	v := os.Getenv(name)
	if v == "" {
		return def
	}
	n, err := strconv.ParseInt(v, 10, 64)
	if err != nil || n < 1 {
		b.Fatalf("%s=%q: want a positive whole number", name, v)
	}
	return n
}
