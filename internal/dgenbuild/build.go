// Package dgenbuild cross-compiles dgen for the generator host, so that a
// synth alone produces everything a deploy ships.
package dgenbuild

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// GoArch maps an EC2 architecture ("x86_64", "arm64") to Go's name.
func GoArch(ec2Arch string) (string, error) {
	switch ec2Arch {
	case "x86_64":
		return "amd64", nil
	case "arm64":
		return "arm64", nil
	}
	return "", fmt.Errorf("no Go build for architecture %q", ec2Arch)
}

// Build compiles ./cmd/dgen of the module at moduleDir into outDir as a
// static Linux executable for ec2Arch. The build is reproducible (no paths,
// no build id, no VCS stamp), so the same source gives the same bytes, the
// same asset hash, and no needless upload on the next deploy.
func Build(moduleDir, outDir, ec2Arch string) (string, error) {
	goarch, err := GoArch(ec2Arch)
	if err != nil {
		return "", err
	}
	out := filepath.Join(outDir, "dgen")
	cmd := exec.Command("go", "build", "-trimpath", "-buildvcs=false", "-ldflags=-s -w -buildid=", "-o", out, "./cmd/dgen")
	cmd.Dir = moduleDir
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0", "GOOS=linux", "GOARCH="+goarch)
	if msg, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("build dgen for linux/%s: %v\n%s", goarch, err, msg)
	}
	return out, nil
}

// ModuleDir is the root of the module the current directory belongs to.
func ModuleDir() (string, error) {
	out, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOMOD: %w", err)
	}
	mod := strings.TrimSpace(string(out))
	if mod == "" || mod == os.DevNull {
		return "", fmt.Errorf("dgen is built from this repository at synth time: run from inside it (the current directory is in no Go module)")
	}
	return filepath.Dir(mod), nil
}
