// Package bench measures full-lab synth against the floor every cdktf Go app
// pays (jsii start-up and loading the AWS bindings), side by side in one run:
//
//	go test -run '^$' -bench Synth -count 5 ./bench/
//
// or scripts/bench-synth, which prints the ratio.
package bench

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

func build(b *testing.B, pkg string) string {
	b.Helper()
	bin := filepath.Join(b.TempDir(), filepath.Base(pkg))
	if out, err := exec.Command("go", "build", "-o", bin, pkg).CombinedOutput(); err != nil {
		b.Fatalf("go build %s: %v\n%s", pkg, err, out)
	}
	return bin
}

func synthOnce(b *testing.B, bin string) {
	b.Helper()
	cmd := exec.Command(bin)
	// The repository root, as under cdktf: the lab builds dgen from it.
	cmd.Dir = ".."
	cmd.Env = append(os.Environ(), "CDKTF_OUTDIR="+filepath.Join(b.TempDir(), "out"),
		"JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION=20")
	if out, err := cmd.CombinedOutput(); err != nil {
		b.Fatalf("%s: %v\n%s", bin, err, out)
	}
}

func BenchmarkSynth(b *testing.B) {
	apps := map[string]string{"Lab": "github.com/dmslab/dmslab", "OneResource": "github.com/dmslab/dmslab/bench/oneresource"}
	bins := map[string]string{}
	for name, pkg := range apps {
		bins[name] = build(b, pkg)
	}
	for _, name := range []string{"OneResource", "Lab"} {
		b.Run(name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				synthOnce(b, bins[name])
			}
		})
	}
}
