// Package cli is parley's command line: a cobra command tree, styled by
// fang, whose root runs the chat (or print mode when stdout is not a
// terminal) and whose subcommands (models, devices, doctor, image, history,
// export, completion, man) each declare their own flags. It is a user
// interface: it parses, prints and exits, and builds nothing itself — what
// a run needs comes from the composition root (session/app) that main
// passes in as Deps.Open.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"regexp"
	"strings"

	"charm.land/fang/v2"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"parley/session/app"
)

// Deps are what main wires into the command line.
type Deps struct {
	// Version is printed by --version.
	Version string
	// Open is the composition root (app.Open): it builds what the chat,
	// print mode and parley image run with.
	Open func(app.Options) (*app.App, error)
	// Stdin, Stdout and Stderr are the process's: whether they are
	// terminals decides between the chat and print mode.
	Stdin, Stdout, Stderr *os.File
}

// Execute runs the command line args and returns the exit code: 0 on
// success, 1 when a run failed (its one-line error already on stderr), 2
// for a command line that cannot be meant (one line on stderr, pointing at
// --help).
func Execute(ctx context.Context, args []string, d Deps) int {
	c := newCommands(d)
	root := c.tree()
	root.SetArgs(args)
	if err := fang.Execute(ctx, root, fang.WithVersion(d.Version), fang.WithErrorHandler(errorLine)); err != nil {
		c.stderr.Flush()
		return 2 // only a command line that cannot be meant comes back as an error
	}
	c.stderr.Flush()
	return c.code
}

// fail writes err as parley's one-line error and returns exit code 1.
func fail(stderr io.Writer, err error) int {
	fmt.Fprintf(stderr, "parley: %v\n", err)
	return 1
}

// usageError is a command line that cannot be meant, with the command
// whose --help explains it.
type usageError struct {
	command string // "parley image"
	err     error
}

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// usagef is a usageError of cmd.
func usagef(cmd *cobra.Command, format string, args ...any) error {
	return &usageError{command: cmd.CommandPath(), err: fmt.Errorf(format, args...)}
}

// exclusive matches cobra's error for flags declared mutually exclusive
// (cobra has no error type for it), to say it in one plain sentence. A
// compiled regexp is never changed, so this is not mutable state.
var exclusive = regexp.MustCompile(`^if any flags in the group \[.*\] are set none of the others can be; \[(.*)\] were all set$`)

// errorLine is fang's error handler for a command line that cannot be
// meant: one plain line on stderr, whatever the terminal.
func errorLine(w io.Writer, _ fang.Styles, err error) {
	command, msg := "parley", err.Error()
	var u *usageError
	if errors.As(err, &u) {
		command = u.command
	}
	if m := exclusive.FindStringSubmatch(msg); m != nil {
		msg = "--" + strings.ReplaceAll(m[1], " ", " and --") + " cannot be used together"
	}
	fmt.Fprintf(w, "parley: %s (see %s --help)\n", msg, command)
}

// flagError explains a flag given to a command that does not take it,
// naming the commands that do: `parley devices --no-save` says that
// --no-save is for the chat and parley image.
func flagError(cmd *cobra.Command, err error) error {
	var ne *pflag.NotExistError
	if !errors.As(err, &ne) {
		return &usageError{command: cmd.CommandPath(), err: err}
	}
	name, spelled := ne.GetSpecifiedName(), "--"+ne.GetSpecifiedName()
	short := ne.GetSpecifiedShortnames() != ""
	if short {
		spelled = "-" + name
	}
	var owners []string
	walk(cmd.Root(), func(c *cobra.Command) {
		f := c.LocalNonPersistentFlags().Lookup(name)
		if short {
			f = c.LocalNonPersistentFlags().ShorthandLookup(name)
		}
		if f != nil && c != cmd {
			owners = append(owners, c.CommandPath())
		}
	})
	if len(owners) == 0 {
		return &usageError{command: cmd.CommandPath(), err: err}
	}
	return usagef(cmd, "%s takes no %s: that flag is for %s", cmd.CommandPath(), spelled, orList(owners, "and"))
}

// walk calls f on c and every command below it.
func walk(c *cobra.Command, f func(*cobra.Command)) {
	f(c)
	for _, sub := range c.Commands() {
		walk(sub, f)
	}
}
