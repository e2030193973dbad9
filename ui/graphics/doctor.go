package graphics

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"golang.org/x/term"
)

// Doctor runs detection outside Bubble Tea for `parley doctor`: it puts the
// terminal in raw mode, writes the query burst to out, reads the replies
// from in for at most QueryTimeout (stopping once the terminal is quiet
// after the DA1 sentinel), reads
// TIOCGWINSZ, and prints what was decided and why. in must be the
// terminal; env is normally os.Getenv. The replies are returned for the
// rest of the report (the background colour).
func Doctor(ctx context.Context, in *os.File, out io.Writer, env func(string) string) (Replies, error) {
	fd := int(in.Fd())
	if !term.IsTerminal(fd) {
		return Replies{}, errors.New("doctor: standard input is not a terminal, so the terminal cannot be asked")
	}
	old, err := term.MakeRaw(fd)
	if err != nil {
		return Replies{}, fmt.Errorf("doctor: putting the terminal in raw mode: %w", err)
	}
	h := FromEnv(env)
	// The background query goes first, directly (Queries passes it through
	// tmux): the chat's Bubble Tea asks it so, and doctor reports the theme.
	if _, err := io.WriteString(out, BackgroundQuery+Queries(h)); err != nil {
		_ = term.Restore(fd, old)
		return Replies{}, fmt.Errorf("doctor: writing the queries: %w", err)
	}
	raw, readErr := readReplies(ctx, in, QueryTimeout)
	_ = term.Restore(fd, old)
	var r Replies
	r.Feed(raw)
	if ws, err := ReadWinsize(in.Fd()); err == nil {
		r.SetWinsize(ws)
	}
	return r, writeReport(out, h, r, readErr)
}

// drainQuiet is how long the terminal must stay silent after the DA1
// sentinel before doctor stops reading. Inside tmux, tmux answers DA1 itself
// at once while the outer terminal's answers to the passed-through queries
// (XTVERSION: "ESC P>|XTerm(379) ESC \\") come after it; left unread they
// reach the shell as typed text once doctor exits.
const drainQuiet = 150 * time.Millisecond

// replySource is the terminal as readReplies reads it: wait until it has
// bytes (or d passes), then read them.
type replySource interface {
	wait(d time.Duration) (bool, error)
	Read(p []byte) (int, error)
}

// fileSource is a terminal's file descriptor.
type fileSource struct{ *os.File }

func (f fileSource) wait(d time.Duration) (bool, error) { return waitReadable(f.File, d) }

// readReplies reads from in until a DA1 reply arrives or the timeout ends,
// then drains what follows until the terminal is quiet for drainQuiet
// (within the same timeout), so no late reply is left for the shell.
func readReplies(ctx context.Context, in *os.File, timeout time.Duration) (string, error) {
	return readFrom(ctx, fileSource{in}, timeout)
}

func readFrom(ctx context.Context, in replySource, timeout time.Duration) (string, error) {
	deadline := time.Now().Add(timeout)
	var got strings.Builder
	buf := make([]byte, 4096)
	answered := false
	for ctx.Err() == nil {
		left := time.Until(deadline)
		if left <= 0 {
			return got.String(), nil
		}
		if answered {
			left = min(left, drainQuiet)
		}
		ready, err := in.wait(left)
		if err != nil {
			return got.String(), err
		}
		if !ready {
			if answered {
				return got.String(), nil // quiet after the sentinel: all in
			}
			continue
		}
		n, err := in.Read(buf)
		got.Write(buf[:n])
		if err != nil {
			return got.String(), fmt.Errorf("reading replies: %w", err)
		}
		if !answered {
			var probe Replies
			probe.Feed(got.String())
			answered = probe.Answered
		}
	}
	return got.String(), ctx.Err()
}

// writeReport prints the decision in a few lines a user can paste into a
// bug report.
func writeReport(out io.Writer, h Hints, r Replies, readErr error) error {
	d := Decide(h, r, Auto)
	var b strings.Builder
	b.WriteString("\r\nimages:\r\n")
	fmt.Fprintf(&b, "  protocol      %s (%s)\r\n", d.Protocol, d.Reason)
	fmt.Fprintf(&b, "  terminal      %s\r\n", d.Terminal)
	fmt.Fprintf(&b, "  cell size     %d×%d px (%s)\r\n", d.CellW, d.CellH, d.CellSource)
	colors := "unknown"
	if d.SixelColors > 0 {
		colors = fmt.Sprint(d.SixelColors)
	}
	fmt.Fprintf(&b, "  colours       half-blocks %s; sixel registers %s\r\n", d.BlockMode, colors)
	fmt.Fprintf(&b, "  tmux          %s\r\n", tmuxState(d, r))
	answered := "yes"
	if !r.Answered {
		answered = "no (no DA1 reply within " + QueryTimeout.String() + ")"
	}
	fmt.Fprintf(&b, "  replies       %s\r\n", answered)
	if readErr != nil {
		fmt.Fprintf(&b, "  warning       %v\r\n", readErr)
	}
	_, err := io.WriteString(out, b.String())
	return err
}

// tmuxState says whether tmux is in the way and whether images pass it.
func tmuxState(d Decision, r Replies) string {
	switch {
	case !d.Tmux:
		return "not running inside tmux"
	case d.Passthrough && r.Version != "":
		return "inside " + orUnknown(r.TmuxVersion) + "; passthrough works (" + r.Version + " answered through it)"
	case d.Passthrough:
		return "inside " + orUnknown(r.TmuxVersion) + "; images need `set -g allow-passthrough on` (no answer came through)"
	}
	return "inside " + orUnknown(r.TmuxVersion) + "; " + d.Protocol.String() + " needs no passthrough"
}

func orUnknown(s string) string {
	if s == "" {
		return "tmux"
	}
	return s
}
