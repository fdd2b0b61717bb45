package store

import (
	"encoding/hex"
	"hash/fnv"
	"math/rand/v2"
)

// Row is one generated row. Number is kept in hundredths so that what is
// written is exactly what NUMBER(10,2) stores.
type Row struct {
	Key    int64 // TABLE1 and TABLE2 numbering; unused for TABLE3
	Block  int
	Cents  int64 // "number" * 100, 0 to 100000
	Var    string
	Cdc    string
	Ref    int64 // TABLE2's "refrence_t1"; 0 means NULL
	HasRef bool
}

// Number is the row's "number" as bound: exact to the hundredth.
func (r Row) Number() float64 { return float64(r.Cents) / 100 }

// Args are the row's values in Table.Columns order.
func (r Row) Args(t Table) []any {
	var args []any
	if t.Key != "" {
		args = append(args, r.Key)
	}
	args = append(args, r.Block, r.Number(), r.Var, r.Cdc)
	if t.RefersToTable1 {
		if r.HasRef {
			args = append(args, r.Ref)
		} else {
			args = append(args, nil)
		}
	}
	return args
}

// NewRow fills a row's random content from rng: a number from 0 to 1000 and
// a 16-digit hex var, as the earlier dgen made them, and cdc "0".
func NewRow(rng *rand.Rand, key int64, block int) Row {
	var b [8]byte
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return Row{Key: key, Block: block, Cents: rng.Int64N(100001), Var: hex.EncodeToString(b[:]), Cdc: "0"}
}

// RowRand is the generator for the i-th row of a table in a seeded series,
// so that any row can be made again alone (preload resumes mid-way).
func RowRand(seed uint64, table string, i int64) *rand.Rand {
	return rand.New(rand.NewPCG(seriesSeed(seed, table), uint64(i)))
}

// seriesSeed is the per-table part of RowRand's seed.
func seriesSeed(seed uint64, table string) uint64 {
	h := fnv.New64a()
	h.Write([]byte(table))
	return seed ^ h.Sum64()
}
