// Command dmslab synthesizes the AWS DMS Oracle-to-PostgreSQL lab. The cdktf
// CLI runs it (see cdktf.json): `npx cdktf synth`, `deploy`, `destroy`.
package main

import (
	"fmt"
	"os"

	"github.com/hashicorp/terraform-cdk-go/cdktf"

	lab "github.com/dmslab/dmslab/constructs"
	"github.com/dmslab/dmslab/internal/dgenbuild"
	"github.com/dmslab/dmslab/settings"
)

func main() {
	if err := synth(); err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}

func synth() error {
	// Everything is validated before the first construct exists, so a bad
	// configuration writes nothing at all.
	path, required := settings.ConfigPath()
	cfg, err := settings.LoadConfig(path, required)
	if err != nil {
		return err
	}
	// dgen is built for the generator host on every synth and shipped as an
	// asset, so the synthesized lab is complete with nothing to remember.
	module, err := dgenbuild.ModuleDir()
	if err != nil {
		return err
	}
	dir, err := os.MkdirTemp("", "dmslab-dgen-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	binary, err := dgenbuild.Build(module, dir, cfg.GeneratorArch())
	if err != nil {
		return err
	}
	app := cdktf.NewApp(nil)
	lab.NewLabStack(app, lab.StackID, &lab.LabStackProps{Config: cfg, DgenBinary: binary})
	app.Synth()
	return nil
}
