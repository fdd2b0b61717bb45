package verify

import (
	"context"
	"fmt"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/dmslab/dmslab/internal/dgen/connect"
	"github.com/dmslab/dmslab/internal/dgen/store"
	"github.com/dmslab/dmslab/internal/pgtest"
)

// BenchmarkVerify digests a source and a copy of it at two sizes (rows per
// side, spread over the three tables) and reports each side's rows/s, the
// peak live Go heap while digesting, and the peak resident memory of a
// whole `dgen verify` process comparing the two. Streaming means neither
// grows with the tables. scripts/bench-verify runs it.
func BenchmarkVerify(b *testing.B) {
	srv, err := pgtest.Start()
	if err != nil {
		b.Fatal(err)
	}
	defer srv.Stop()
	ctx := context.Background()
	bin := filepath.Join(b.TempDir(), "dgen")
	if out, err := exec.Command("go", "build", "-o", bin, "github.com/dmslab/dmslab/cmd/dgen").CombinedOutput(); err != nil {
		b.Fatalf("build dgen: %v\n%s", err, out)
	}
	for _, total := range []int64{100_000, 1_000_000} {
		src, dst := fmt.Sprintf("src%d", total), fmt.Sprintf("dst%d", total)
		loadedPair(b, ctx, srv, src, dst, total)
		open := func(name string) *store.Store {
			st, err := connect.OpenURL(ctx, srv.URL(name))
			if err != nil {
				b.Fatal(err)
			}
			return st
		}
		source, target := open(src), open(dst)
		b.Run(fmt.Sprintf("rows=%d", total), func(b *testing.B) {
			var srcTime, dstTime time.Duration
			var peak uint64
			for i := 0; i < b.N; i++ {
				runtime.GC()
				stop := samplePeakHeap(&peak)
				t0 := time.Now()
				sd, err := (&DBSide{Label: "source", Store: source, Stream: true}).Digest(ctx)
				if err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				td, err := (&DBSide{Label: "target", Store: target, Stream: true}).Digest(ctx)
				if err != nil {
					b.Fatal(err)
				}
				t2 := time.Now()
				stop()
				if diffs := Compare(sd, td); len(diffs) != 0 {
					b.Fatalf("a copy differs: %v", diffs[0])
				}
				srcTime += t1.Sub(t0)
				dstTime += t2.Sub(t1)
			}
			cmd := exec.Command(bin, "--dsn", srv.URL(src), "verify", "--stream", "--target", srv.URL(dst))
			if out, err := cmd.CombinedOutput(); err != nil {
				b.Fatalf("dgen verify: %v\n%s", err, out)
			}
			rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss // KiB on Linux
			rows := float64(total/3*3) * float64(b.N)
			b.ReportMetric(float64(rss)/1024, "process-peak-RSS-MiB")
			b.ReportMetric(rows/srcTime.Seconds(), "source-rows/s")
			b.ReportMetric(rows/dstTime.Seconds(), "target-rows/s")
			b.ReportMetric(float64(peak)/(1<<20), "peak-live-heap-MiB")
		})
		source.DB.Close()
		target.DB.Close()
	}
}

// samplePeakHeap records the largest live heap (what the last garbage
// collection found reachable: what the digest keeps, not the garbage it
// makes on the way) seen until stop is called.
func samplePeakHeap(peak *uint64) (stop func()) {
	var done atomic.Bool
	finished := make(chan struct{})
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	go func() {
		defer close(finished)
		for !done.Load() {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > *peak {
				*peak = v
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	return func() { done.Store(true); <-finished }
}

// loadedPair makes database src with dgen's tables preloaded to total rows
// in all, and dst as a copy of it (CREATE DATABASE ... TEMPLATE).
func loadedPair(b *testing.B, ctx context.Context, srv *pgtest.Server, src, dst string, total int64) {
	b.Helper()
	if err := srv.CreateDB(src); err != nil {
		b.Fatal(err)
	}
	s, err := connect.OpenURL(ctx, srv.URL(src))
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Init(ctx); err != nil {
		b.Fatal(err)
	}
	if _, err := s.Preload(ctx, store.PreloadOptions{Rows: total / 3, Seed: 1}); err != nil {
		b.Fatal(err)
	}
	s.DB.Close() // a template database must have no connections
	if err := srv.CreateDB(dst + " -T " + src); err != nil {
		b.Fatal(err)
	}
}
