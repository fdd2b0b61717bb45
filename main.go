// Command dmslab synthesizes the AWS DMS Oracle-to-PostgreSQL lab. The cdktf
// CLI runs it (see cdktf.json): `npx cdktf synth`, `deploy`, `destroy`.
package main

import (
	"fmt"
	"os"

	"github.com/hashicorp/terraform-cdk-go/cdktf"

	lab "github.com/dmslab/dmslab/constructs"
	"github.com/dmslab/dmslab/settings"
)

func main() {
	// Everything is validated before the first construct exists, so a bad
	// configuration writes nothing at all.
	path, required := settings.ConfigPath()
	cfg, err := settings.LoadConfig(path, required)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	app := cdktf.NewApp(nil)
	lab.NewLabStack(app, lab.StackID, &lab.LabStackProps{Config: cfg})
	app.Synth()
}
