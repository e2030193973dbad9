package cli

import (
	"context"
	"fmt"
	"io"
	"os"

	"github.com/gen2brain/malgo"
	"golang.org/x/term"

	"parley/media/audio"
	"parley/media/sanitize"
	"parley/themes"
	"parley/ui/graphics"
)

// doctor is `parley doctor`: it asks the terminal what it can draw (the
// same detection the TUI runs) and prints the protocol and why, the cell
// size, colours and tmux passthrough, then the default audio devices. The
// terminal is stdin/stdout when both are one, else /dev/tty, so that
// `parley doctor | tee report.txt` still asks the right terminal.
func doctor(ctx context.Context, env func(string) string, backends []malgo.Backend) error {
	in, out := os.Stdin, io.Writer(os.Stdout)
	if !term.IsTerminal(int(os.Stdin.Fd())) || !term.IsTerminal(int(os.Stdout.Fd())) {
		tty, err := os.OpenFile("/dev/tty", os.O_RDWR, 0)
		if err != nil {
			return fmt.Errorf("doctor asks the terminal, but there is none: %v", err)
		}
		defer tty.Close()
		in, out = tty, tty
	}
	r, err := graphics.Doctor(ctx, in, out, env)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "\ntheme:\n  %s\n", themeLine(r.Background, env))
	fmt.Fprintf(out, "\naudio:\n  %s\n", audioSummary(backends))
	return nil
}

// themeLine says what the auto theme picks on this terminal and how it
// knew: the background answer (asked directly and, inside tmux, through
// its passthrough), else COLORFGBG, else the default.
func themeLine(background string, env func(string) string) string {
	p, how := themes.Auto(background, env("COLORFGBG"))
	line := fmt.Sprintf("auto picks %s (%s)", p.Name, how)
	switch {
	case env("TMUX") != "" && background != "":
		line += "; asked through tmux's passthrough too"
	case env("TMUX") != "":
		line += "; inside tmux the outer terminal answers only with `set -g allow-passthrough on`"
	}
	return sanitize.String(line)
}

// audioSummary is one line about the default microphone and speaker.
func audioSummary(backends []malgo.Backend) string {
	inputs, outputs, err := audio.ListDevices(backends)
	return audioLine(inputs, outputs, err)
}

// audioLine says what audioSummary found, the way `parley devices` does:
// with no default device anywhere there is no sound server, whatever
// plugin devices (ALSA's null) the list holds.
func audioLine(inputs, outputs []audio.Device, err error) string {
	if err != nil {
		return "no sound system found: " + err.Error()
	}
	if err := noSoundServer(inputs, outputs); err != nil {
		return err.Error()
	}
	return fmt.Sprintf("microphone: %s; speaker: %s (parley devices lists all)",
		defaultName(inputs), defaultName(outputs))
}

// defaultName names the default device of a list; a list without one
// has none to use, however many devices it holds.
func defaultName(list []audio.Device) string {
	for _, d := range list {
		if d.IsDefault {
			return sanitize.String(d.Name)
		}
	}
	if len(list) > 0 {
		return fmt.Sprintf("no default among %d devices", len(list))
	}
	return "none found"
}
