// Command parley is a terminal chat app for multimodal models. main only
// wires: the command line (ui/cli) runs the chat, print mode or a
// subcommand with what the composition root (session/app) builds.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"parley/session/app"
	"parley/ui/cli"
)

// version is set at build time with -ldflags "-X main.version=v1.2.3".
var version = "dev"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := cli.Execute(ctx, os.Args[1:], cli.Deps{Version: version, Open: app.Open,
		Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr})
	stop()
	os.Exit(code)
}
