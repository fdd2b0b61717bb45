package verify

import (
	"fmt"
	"net"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

// The benchmark's TCP proxy: it forwards loopback connections to a server,
// counts the bytes the server sends back, and can emulate a slower link
// between them.

// link is an emulated network link: a bandwidth shared by all connections
// through it (each direction its own) and a round-trip time added to every
// byte. It is an emulation of a cross-region link for the benchmark, not a
// measurement of any network.
type link struct {
	bytesPerSecond float64 // 0: no cap
	rtt            time.Duration
}

func (l link) String() string {
	if l == (link{}) {
		return "loopback"
	}
	return fmt.Sprintf("%gMBps-%s", l.bytesPerSecond/1e6, l.rtt)
}

// parseLink reads "25MBps,70ms": megabytes (10^6 bytes) a second, then the
// round-trip time added.
func parseLink(s string) (link, error) {
	rate, rtt, ok := strings.Cut(s, ",")
	mbps, found := strings.CutSuffix(rate, "MBps")
	if !ok || !found {
		return link{}, fmt.Errorf("link %q: want RATE MBps,RTT, such as 25MBps,70ms", s)
	}
	r, err := strconv.ParseFloat(mbps, 64)
	if err != nil || r <= 0 {
		return link{}, fmt.Errorf("link %q: the rate %q is not a positive number of MBps", s, rate)
	}
	d, err := time.ParseDuration(rtt)
	if err != nil || d < 0 {
		return link{}, fmt.Errorf("link %q: the round-trip time %q is not a duration such as 70ms", s, rtt)
	}
	return link{bytesPerSecond: r * 1e6, rtt: d}, nil
}

// shaper is one direction of a link: the time at which it is free again.
type shaper struct {
	mu   sync.Mutex
	rate float64
	free time.Time
}

// send reserves the link for n bytes read now and says when they have
// crossed it: after the bytes before them, at the link's rate.
func (s *shaper) send(n int, now time.Time) time.Time {
	if s.rate == 0 {
		return now
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.free.Before(now) {
		s.free = now
	}
	s.free = s.free.Add(time.Duration(float64(n) / s.rate * float64(time.Second)))
	return s.free
}

type countingProxy struct {
	ln   net.Listener
	down atomic.Int64 // bytes from the server to the client
}

// newProxy forwards connections to server through l.
func newProxy(server string, l link) (*countingProxy, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, err
	}
	p := &countingProxy{ln: ln}
	up, down := &shaper{rate: l.bytesPerSecond}, &shaper{rate: l.bytesPerSecond}
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
			go forward(s, c, up, l.rtt/2, nil)
			go forward(c, s, down, l.rtt/2, &p.down)
		}
	}()
	return p, nil
}

func (p *countingProxy) Close() error { return p.ln.Close() }

// forward copies from src to dst, each chunk delivered when the link has
// carried it and delay has passed. Reading runs ahead of delivery (up to
// the queue), as bytes in flight on a real link do.
func forward(dst, src net.Conn, sh *shaper, delay time.Duration, count *atomic.Int64) {
	type chunk struct {
		b  []byte
		at time.Time
	}
	queue := make(chan chunk, 256)
	go func() {
		defer close(queue)
		for {
			buf := make([]byte, 32<<10)
			n, err := src.Read(buf)
			if n > 0 {
				queue <- chunk{buf[:n], sh.send(n, time.Now()).Add(delay)}
			}
			if err != nil {
				return
			}
		}
	}()
	defer dst.Close()
	for c := range queue {
		if wait := time.Until(c.at); wait > 0 {
			time.Sleep(wait)
		}
		n, err := dst.Write(c.b)
		if count != nil {
			count.Add(int64(n))
		}
		if err != nil {
			src.Close()
			for range queue { // let the reader end
			}
			return
		}
	}
}
