package store

import (
	"reflect"
	"testing"
)

// run's updates never write a separate row: where the cycle's place is
// one, the next ordinary place is written instead.
func TestRunUpdatesNeverWriteASeparateRow(t *testing.T) {
	skipped := 0
	for _, seed := range []uint64{1, 9, 12345} {
		for index := int64(0); index < 400; index++ {
			r := typesUpdateRow(seed, index, 3)
			if IsTypesSeparateRow(r) {
				t.Fatalf("seed %d index %d: the update writes a separate row", seed, index)
			}
			if IsTypesSeparateRow(TypesRowFor(seed, index, 3)) {
				skipped++
			} else if !reflect.DeepEqual(r, TypesRowFor(seed, index, 3)) {
				t.Fatalf("seed %d index %d: an ordinary place's row was not written as it is", seed, index)
			}
		}
	}
	if skipped == 0 {
		t.Fatal("no separate place met: the test proves nothing")
	}
}
