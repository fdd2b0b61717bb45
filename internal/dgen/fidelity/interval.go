package fidelity

import (
	"fmt"
	"math/big"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// interval is a length of time as Oracle's two interval types hold it:
// whole months (YEAR TO MONTH), or nanoseconds (DAY TO SECOND).
type interval struct {
	months int64
	nanos  *big.Int
}

func (a interval) equal(b interval) bool { return a.months == b.months && a.nanos.Cmp(b.nanos) == 0 }

// micros is the interval cut to whole microseconds, as PostgreSQL holds it.
func (a interval) micros() interval {
	n := new(big.Int).Quo(a.nanos, big.NewInt(1000))
	return interval{a.months, n.Mul(n, big.NewInt(1000))}
}

var (
	// Oracle's text: +02-03 (YEAR TO MONTH), +01 02:03:04.123456 (DAY TO SECOND).
	oracleYM = regexp.MustCompile(`^([+-]?)(\d+)-(\d+)$`)
	oracleDS = regexp.MustCompile(`^([+-]?)(\d+) (\d+):(\d+):(\d+)(\.\d+)?$`)
	// PostgreSQL's: 2 years 3 mons, -1 days -02:03:04.5, 02:03:04.
	pgPart  = regexp.MustCompile(`^([+-]?\d+) (years?|mons?|days?)$`)
	pgClock = regexp.MustCompile(`^([+-]?)(\d+):(\d+):(\d+)(\.\d+)?$`)
)

// parseInterval reads an interval in Oracle's or PostgreSQL's text.
func parseInterval(s string) (interval, bool) {
	s = strings.TrimSpace(s)
	zero := interval{nanos: new(big.Int)}
	if m := oracleYM.FindStringSubmatch(s); m != nil {
		y, _ := strconv.ParseInt(m[2], 10, 64)
		mo, _ := strconv.ParseInt(m[3], 10, 64)
		months := y*12 + mo
		if m[1] == "-" {
			months = -months
		}
		return interval{months: months, nanos: new(big.Int)}, true
	}
	if m := oracleDS.FindStringSubmatch(s); m != nil {
		n := clockNanos(m[2], m[3], m[4], m[5], m[6])
		if m[1] == "-" {
			n.Neg(n)
		}
		return interval{nanos: n}, true
	}
	out := zero
	fields := strings.Fields(s)
	if len(fields) == 0 {
		return out, false
	}
	for i := 0; i < len(fields); i++ {
		if m := pgClock.FindStringSubmatch(fields[i]); m != nil && i == len(fields)-1 {
			n := clockNanos("0", m[2], m[3], m[4], m[5])
			if m[1] == "-" {
				n.Neg(n)
			}
			out.nanos.Add(out.nanos, n)
			continue
		}
		if i+1 >= len(fields) {
			return out, false
		}
		m := pgPart.FindStringSubmatch(fields[i] + " " + fields[i+1])
		if m == nil {
			return out, false
		}
		i++
		v, _ := strconv.ParseInt(m[1], 10, 64)
		switch m[2][0] {
		case 'y':
			out.months += 12 * v
		case 'm':
			out.months += v
		case 'd':
			out.nanos.Add(out.nanos, new(big.Int).Mul(big.NewInt(v), big.NewInt(86400e9)))
		}
	}
	return out, true
}

// clockNanos is days, hours, minutes, seconds and a fraction (".123") in
// nanoseconds.
func clockNanos(d, h, mi, sec, frac string) *big.Int {
	total := new(big.Int)
	for _, p := range []struct {
		v    string
		unit int64
	}{{d, 86400e9}, {h, 3600e9}, {mi, 60e9}, {sec, 1e9}} {
		n, _ := strconv.ParseInt(p.v, 10, 64)
		total.Add(total, new(big.Int).Mul(big.NewInt(n), big.NewInt(p.unit)))
	}
	if frac != "" {
		f := (frac[1:] + "000000000")[:9]
		n, _ := strconv.ParseInt(f, 10, 64)
		total.Add(total, big.NewInt(n))
	}
	return total
}

// durationText writes a time.Duration as Oracle writes a DAY TO SECOND.
func durationText(d time.Duration) string {
	sign := "+"
	if d < 0 {
		sign, d = "-", -d
	}
	days := d / (24 * time.Hour)
	d -= days * 24 * time.Hour
	return fmt.Sprintf("%s%02d %02d:%02d:%02d.%09d", sign, days, d/time.Hour, d/time.Minute%60, d/time.Second%60, d%time.Second)
}
