package verify

import (
	"io"
	"net"
	"strings"
	"testing"
	"time"
)

// The benchmark's emulated link delays a round trip by its RTT and carries
// no more than its rate, and the proxy counts what the server sends.
func TestEmulatedLink(t *testing.T) {
	l, err := parseLink("10MBps,60ms")
	if err != nil || l.bytesPerSecond != 10e6 || l.rtt != 60*time.Millisecond || l.String() != "10MBps-60ms" {
		t.Fatalf("parsed %+v, %v", l, err)
	}
	// The server echoes one byte, then sends 2 MB.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	const size = 2_000_000
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		b := make([]byte, 1)
		if _, err := io.ReadFull(c, b); err != nil {
			return
		}
		c.Write(b)
		c.Write(make([]byte, size))
	}()
	p, err := newProxy(ln.Addr().String(), l)
	if err != nil {
		t.Fatal(err)
	}
	defer p.Close()
	c, err := net.Dial("tcp", p.ln.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	t0 := time.Now()
	c.Write([]byte{1})
	if _, err := io.ReadFull(c, make([]byte, 1)); err != nil {
		t.Fatal(err)
	}
	if rtt := time.Since(t0); rtt < l.rtt {
		t.Errorf("a round trip took %s, under the link's %s", rtt, l.rtt)
	}
	t1 := time.Now()
	n, err := io.Copy(io.Discard, c)
	if err != nil || n != size {
		t.Fatalf("read %d bytes, %v; want %d", n, err, size)
	}
	// 2 MB at 10 MB/s: 200 ms at least. The link schedules the bytes from
	// the first one it carried, before t1 (the echo was on the way while
	// the server wrote), so the bound holds from t0, not from t1.
	if d := time.Since(t0); d < 200*time.Millisecond {
		t.Errorf("1 byte and 2 MB crossed a 10 MBps link in %s (since t1: %s)", d, time.Since(t1))
	}
	if got := p.down.Load(); got != size+1 {
		t.Errorf("counted %d bytes from the server, want %d", got, size+1)
	}
	for _, bad := range []string{"25MBps", "25Mbps,70ms", "0MBps,70ms", "25MBps,soon"} {
		if _, err := parseLink(bad); err == nil || !strings.Contains(err.Error(), bad) {
			t.Errorf("parseLink(%q): %v, want an error naming it", bad, err)
		}
	}
}
