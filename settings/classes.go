package settings

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
)

// Instance classes are checked for their form and for what is known to be
// refused, rather than against a full list of orderable classes, which
// changes every few months and differs by region: the preflight asks the
// account for that. A class that passes here can still be missing in one
// region; a class refused here is refused by AWS everywhere.

// classPattern reads <family>.<size>: the family is a series (letters), a
// generation (digits) and attributes (letters: g Graviton, a AMD, i Intel,
// d local NVMe, n network, e extra memory...). Oracle's preconfigured
// classes add .tpcN.memNx.
var classPattern = regexp.MustCompile(`^([a-z]+)([0-9]+)([a-z]*)\.([a-z0-9-]+?)(\.tpc[12]\.mem[0-9]+x)?$`)

// instanceClass is a parsed db.* or dms.* class.
type instanceClass struct {
	series     string // "t", "m", "r", "x", "c"
	generation int
	attributes string // "g", "gd", "i", ""
	size       string // "micro" ... "24xlarge", "metal"
	tpc        string // ".tpc2.mem4x" or ""
}

func (c instanceClass) family() string {
	return c.series + strconv.Itoa(c.generation) + c.attributes
}

// graviton: the attribute letters after the generation contain a g (t4g,
// r6gd, x2g, c7gn), or the family is a1.
func (c instanceClass) graviton() bool {
	return strings.Contains(c.attributes, "g") || c.series == "a" && c.generation == 1
}

// sizeVCPUs is the vCPU count of a size of the m, r, c families: large 2,
// xlarge 4, Nxlarge 4N. ok is false for a word that is no size at all.
// micro, small and medium count 2 (burstable classes).
func sizeVCPUs(size string) (vcpus int, ok bool) {
	switch size {
	case "micro", "small", "medium", "large":
		return 2, true
	case "xlarge":
		return 4, true
	case "metal":
		return 1 << 10, true
	}
	if strings.HasPrefix(size, "metal-") && strings.HasSuffix(size, "xl") {
		n, err := strconv.Atoi(strings.TrimSuffix(strings.TrimPrefix(size, "metal-"), "xl"))
		return n * 4, err == nil && n > 0
	}
	if n, err := strconv.Atoi(strings.TrimSuffix(size, "xlarge")); err == nil && strings.HasSuffix(size, "xlarge") && n >= 2 && n <= 64 && !strings.HasPrefix(size, "0") {
		return n * 4, true
	}
	return 0, false
}

const sizeWords = "micro, small, medium, large, xlarge, 2xlarge ... 48xlarge, metal"

func parseClass(v, prefix string) (instanceClass, string) {
	rest, ok := strings.CutPrefix(v, prefix)
	if !ok {
		return instanceClass{}, fmt.Sprintf("it does not start with %q", prefix)
	}
	m := classPattern.FindStringSubmatch(rest)
	if m == nil {
		return instanceClass{}, fmt.Sprintf("it is not of the form %sFAMILY.SIZE (FAMILY such as t3 or r6i)", prefix)
	}
	gen, _ := strconv.Atoi(m[2])
	c := instanceClass{series: m[1], generation: gen, attributes: m[3], size: m[4], tpc: m[5]}
	if _, ok := sizeVCPUs(c.size); !ok {
		return c, fmt.Sprintf("%q is no size (sizes: %s)", c.size, sizeWords)
	}
	return c, ""
}

// checkOracleClass: RDS for Oracle Standard Edition 2, license included.
// Source: RDS User Guide, "RDS for Oracle DB instance classes", table
// "Supported RDS for Oracle edition, instance class, and licensing
// combinations", SE2 License Included row (db.t3.small to db.t3.2xlarge;
// db.m5, db.m6i, db.m7i, db.r5, db.r6i, db.r7i up to 4xlarge; no Graviton
// class at all), and "Oracle licensing options": SE2 License Included
// runs on classes of at most 16 vCPUs. RDS ended db.t2, db.m4 and db.r4
// for Oracle (previous generation).
func checkOracleClass(ps *Problems, path, v string) {
	const allowed = "an RDS for Oracle SE2 license-included class: db.t3.small to db.t3.2xlarge, or an Intel db.m5, db.m6i, db.m7i, db.r5, db.r6i, db.r7i class from large to 4xlarge (SE2 runs on at most 16 vCPUs)"
	c, bad := parseClass(v, "db.")
	switch {
	case bad != "":
		ps.add(path, v, allowed+"; "+bad)
	case c.graviton():
		ps.add(path, v, allowed+"; "+c.family()+" is Graviton (arm64), and RDS for Oracle runs only on x86_64 classes")
	case c.series == "t" && c.generation < 3 || (c.series == "m" || c.series == "r") && c.generation < 5:
		ps.add(path, v, allowed+"; "+c.family()+" is a previous generation RDS for Oracle no longer offers")
	case c.series == "t" && c.size == "micro":
		ps.add(path, v, allowed+"; the smallest SE2 license-included class is db.t3.small")
	case c.series == "t" && c.size != "small" && c.size != "medium" && c.size != "large" && c.size != "xlarge" && c.size != "2xlarge":
		ps.add(path, v, allowed+"; burstable db.t3 classes go from small to 2xlarge")
	case c.series != "t" && (c.size == "micro" || c.size == "small" || c.size == "medium"):
		ps.add(path, v, allowed+"; db."+c.family()+" starts at large")
	default:
		if n, _ := sizeVCPUs(c.size); n > 16 {
			ps.add(path, v, allowed+"; "+c.size+" has more than 16 vCPUs")
		}
	}
}

// checkAuroraClass: Aurora PostgreSQL, provisioned. Source: Aurora User
// Guide, "Supported DB engines for DB instance classes": Aurora runs
// memory-optimized classes (db.r5 and later, db.x2g), burstable db.t3 and
// db.t4g in medium and large only, and db.serverless; there is no general
// purpose (db.m) or compute (db.c) class, and no micro or small.
func checkAuroraClass(ps *Problems, path, v string) {
	const allowed = "an Aurora PostgreSQL class: db.t3.medium, db.t3.large, db.t4g.medium, db.t4g.large, or a memory-optimized class such as db.r6g.large, db.r7g.large, db.r6i.large, db.x2g.large"
	if v == "db.serverless" {
		ps.add(path, v, allowed+"; db.serverless needs a Serverless v2 scaling configuration, which this lab does not set")
		return
	}
	c, bad := parseClass(v, "db.")
	switch {
	case bad != "":
		ps.add(path, v, allowed+"; "+bad)
	case c.tpc != "":
		ps.add(path, v, allowed+"; .tpc/.mem classes are RDS for Oracle's only")
	case c.series == "t":
		if c.generation < 3 || c.size != "medium" && c.size != "large" {
			ps.add(path, v, allowed+"; Aurora's burstable classes are db.t3 and db.t4g, medium or large, nothing smaller")
		}
	case c.series == "r" || c.series == "x":
		if c.series == "r" && c.generation < 5 {
			ps.add(path, v, allowed+"; "+c.family()+" is a previous generation Aurora PostgreSQL 13 and later do not run")
		} else if c.size == "micro" || c.size == "small" || c.size == "medium" {
			ps.add(path, v, allowed+"; db."+c.family()+" starts at large")
		}
	default:
		ps.add(path, v, allowed+"; Aurora has no db."+c.series+" classes (only memory-optimized db.r/db.x and burstable db.t)")
	}
}

// checkDMSClass: DMS replication instances. Source: DMS User Guide,
// "Choosing the right AWS DMS replication instance type": dms.t3 (micro
// to large), dms.c5, dms.c6i, dms.c7i, dms.r5, dms.r6i, dms.r7i (large
// and up); dms.t2, dms.c4 and dms.r4 are previous generation.
func checkDMSClass(ps *Problems, path, v string) {
	const allowed = "a DMS class: dms.t3.micro to dms.t3.large, or dms.c5, dms.c6i, dms.c7i, dms.r5, dms.r6i, dms.r7i from large up"
	c, bad := parseClass(v, "dms.")
	switch {
	case bad != "":
		ps.add(path, v, allowed+"; "+bad)
	case c.tpc != "" || c.graviton() || !(c.series == "t" || c.series == "c" || c.series == "r"):
		ps.add(path, v, allowed+"; DMS has no "+c.family()+" family")
	case c.series == "t" && c.generation < 3 || c.series != "t" && c.generation < 5:
		ps.add(path, v, allowed+"; dms."+c.family()+" is previous generation")
	case c.series == "t" && !(c.size == "micro" || c.size == "small" || c.size == "medium" || c.size == "large"):
		ps.add(path, v, allowed+"; dms.t3 goes from micro to large")
	case c.series != "t" && (c.size == "micro" || c.size == "small" || c.size == "medium" || strings.HasPrefix(c.size, "metal")):
		ps.add(path, v, allowed+"; dms."+c.family()+" goes from large up")
	}
}
