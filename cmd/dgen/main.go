// Command dgen is the DMS lab's data generator: it prepares Oracle for CDC,
// creates and fills the three tables, drives a controlled change workload,
// and records every change so the targets can be checked against it. It is
// main only: the command is internal/dgen/cli.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"github.com/dmslab/dmslab/internal/dgen/cli"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	app := &cli.App{
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv,
		Prompt: cli.TerminalPrompt(os.Stdin, os.Stderr),
	}
	code := app.Run(ctx, os.Args[1:])
	stop()
	os.Exit(code)
}
