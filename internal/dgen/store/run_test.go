package store

import (
	"fmt"
	"strings"
	"testing"
)

func TestRunIsDeterministicForASeed(t *testing.T) {
	plan := func(seed uint64) string {
		p := NewPlanner(seed, DefaultMix, []int{1, 2, 3, 4})
		var b strings.Builder
		for i := 0; i < 200; i++ {
			op := p.Next()
			fmt.Fprintf(&b, "%s %s %d %q %d %s;", op.Table.Name, op.Kind, op.Block, op.Text, op.Row.Cents, op.Row.Var)
		}
		return b.String()
	}
	if plan(5) != plan(5) {
		t.Error("the same seed planned different changes")
	}
	if plan(5) == plan(6) {
		t.Error("different seeds planned the same changes")
	}
	kinds := map[string]int{}
	p := NewPlanner(1, DefaultMix, []int{1})
	for i := 0; i < 10000; i++ {
		kinds[p.Next().Kind.String()]++
	}
	if kinds["insert"] < 5700 || kinds["insert"] > 6300 || kinds["delete"] < 800 || kinds["delete"] > 1200 {
		t.Errorf("mix 6:3:1 drew %v", kinds)
	}
}
