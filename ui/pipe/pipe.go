// Package pipe is parley's print mode: one turn, the reply streamed to
// stdout as plain text, errors to stderr. It runs the same session.Turn as
// the TUI; nothing about the turn itself lives here.
package pipe

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"parley/media/sanitize"
	"parley/session"
)

// Options is one print-mode run.
type Options struct {
	// Turn sends the prompt; its Store is nil for --no-save.
	Turn *session.Turn
	// Conversation is the conversation to continue (--continue, --resume),
	// or nil to start a new one.
	Conversation *session.Conversation
	// Prompt is the user's message; it may be empty when Files are given.
	Prompt string
	// Files are attachments (-a, --record): images and audio, sniffed from
	// their bytes and stored through Turn.Store before anything is sent.
	// With Files, Turn.Store must not be nil (--no-save uses
	// session.OpenEphemeral).
	Files []File
}

// Run sends opts.Prompt with opts.Files, writes the reply to stdout as it streams and
// returns the process exit code: 0 when the reply finished, 1 otherwise. A
// partial reply is still printed, then the error goes to stderr as
// "parley: MESSAGE". Everything written is sanitized: model text and error
// bodies are untrusted and stdout may be a terminal.
func Run(ctx context.Context, opts Options, stdout, stderr io.Writer) int {
	fail := func(err error) int {
		fmt.Fprintf(stderr, "parley: %s\n", errLine(err))
		return 1
	}
	if opts.Turn == nil {
		return fail(errors.New("no model to send to"))
	}
	parts, err := message(opts)
	if err != nil {
		return fail(err)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	var convID int64
	var history []session.Message
	if c := opts.Conversation; c != nil {
		convID, history = c.ID, c.Messages
	}
	out := newCoalescer(stdout, flushDelay, cancel)
	var filter sanitize.Filter
	var final *session.TurnEvent
	for ev := range opts.Turn.Run(ctx, convID, history, parts) {
		switch ev.Kind {
		case session.TurnDelta:
			if out.write(filter.Write(ev.Text)) != nil {
				cancel() // stdout is gone: stop paying for tokens nobody reads
			}
		case session.TurnFinished:
			final = &ev
		}
	}
	out.write(filter.Flush())
	if out.wrote && out.last != '\n' {
		out.write("\n")
	}
	werr := out.close()
	switch {
	case final == nil:
		return fail(errors.New("the turn ended without a result"))
	case final.Err != nil:
		return fail(final.Err)
	case final.Message != nil && final.Message.Status != session.StatusDone:
		return fail(fmt.Errorf("reply %s", final.Message.Status))
	case werr != nil:
		return fail(fmt.Errorf("writing the reply: %w", werr))
	}
	return 0
}

// message builds the user message: the attachments, stored first (an
// attachment that cannot be read fails the run before anything is sent),
// then the prompt text.
func message(opts Options) ([]session.Part, error) {
	hasText := strings.TrimSpace(opts.Prompt) != ""
	if !hasText && len(opts.Files) == 0 {
		return nil, errors.New("nothing to send: give a PROMPT, pipe text on stdin, or attach a file with -a")
	}
	parts, err := attach(opts.Turn.Store, opts.Files)
	if err != nil {
		return nil, err
	}
	if hasText {
		parts = append(parts, session.Text{Text: opts.Prompt})
	}
	return parts, nil
}

// errLine turns an error into one safe line: error bodies come from the
// network and may hold escape sequences or several lines.
func errLine(err error) string {
	msg := sanitize.String(err.Error())
	msg = strings.Join(strings.Fields(msg), " ")
	if msg == "" {
		return "unknown error"
	}
	return msg
}
