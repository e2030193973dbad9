// Package printmode is parley's print mode: one turn, the reply streamed to
// stdout as plain text, errors to stderr. It runs the same session.Turn as
// the TUI; nothing about the turn itself lives here.
package printmode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"parley/media/sanitize"
	"parley/providers"
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
	// Attachments are blobs, so with Files and no Turn.Store (--no-save)
	// Run uses an ephemeral store (session.OpenEphemeral), deleted when it
	// returns.
	Files []File
	// Pages (--pages) is the page range of every attached PDF, Tail
	// (--tail) the last lines sent of every attached text file.
	Pages string
	Tail  int
	// OnText, if set, gets each delta of the reply's text (markdown, as
	// the model sent it) as it is printed: --speak reads it aloud.
	OnText func(string)
}

// Run sends opts.Prompt with opts.Files, writes the reply to stdout as it streams and
// returns the process exit code: 0 when the reply finished, 1 otherwise. A
// partial reply is still printed, then the error goes to stderr as
// "parley: MESSAGE". Everything written is sanitized: model text and error
// bodies are untrusted and stdout may be a terminal. When the run fails, a
// voice note recorded for it (File.Recorded) is written to a file and a
// second line says where (see keepRecordings).
func Run(ctx context.Context, opts Options, stdout, stderr io.Writer) int {
	fail := func(err error) int {
		fmt.Fprintf(stderr, "parley: %s\n", errLine(err))
		var store *session.Store
		if opts.Turn != nil {
			store = opts.Turn.Store // the user's, never the ephemeral one
		}
		keepRecordings(store, opts.Files, time.Now(), stderr)
		return 1
	}
	if opts.Turn == nil {
		return fail(errors.New("no model to send to"))
	}
	t, parts, done, err := prepare(ctx, opts)
	if err != nil {
		return fail(err)
	}
	defer done()
	writeNotices(ctx, t, opts.Conversation, parts, stderr)
	if err := stream(ctx, t, opts, parts, stdout, stderr); err != nil {
		return fail(err)
	}
	return 0
}

// stream runs the turn, writing the reply to stdout as it comes, and
// returns why it did not finish, if it did not. Each wait before a retry
// (a 429, a busy server) is one line on stderr, so a long Retry-After is
// not a silent hang.
func stream(ctx context.Context, t *session.Turn, opts Options, parts []session.Part, stdout, stderr io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	// Retries are announced from the request's goroutine, notices from
	// this one: sanitize.Writer is safe for both (and makes their names safe).
	errw := sanitize.NewWriter(stderr)
	defer errw.Flush()
	ctx = providers.WithRetryNotify(ctx, func(ri providers.RetryInfo) { fmt.Fprintln(errw, retryLine(ri)) })
	var convID int64
	var history []session.Message
	if conv := opts.Conversation; conv != nil {
		convID, history = conv.ID, conv.Messages
	}
	out := newCoalescer(stdout, flushDelay, cancel)
	var filter sanitize.Filter
	var final *session.TurnEvent
	for ev := range t.Run(ctx, convID, history, parts) {
		switch ev.Kind {
		case session.TurnDelta:
			if out.write(filter.Write(ev.Text)) != nil {
				cancel() // stdout is gone: stop paying for tokens nobody reads
			}
			if opts.OnText != nil {
				opts.OnText(ev.Text)
			}
		case session.TurnNotice:
			fmt.Fprintln(errw, "parley: "+oneLine(ev.Text))
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
		return errors.New("the turn ended without a result")
	case final.Err != nil:
		return final.Err
	case final.Message != nil && final.Message.Status != session.StatusDone:
		return fmt.Errorf("reply %s", final.Message.Status)
	case werr != nil:
		return fmt.Errorf("writing the reply: %w", werr)
	}
	return nil
}

// prepare builds the user message: the attachments, stored first (one that
// cannot be read fails the run before anything is sent), then the prompt
// text. Attachments are blobs, so without a store (--no-save) the Turn is
// copied onto an ephemeral one, which done deletes.
func prepare(ctx context.Context, opts Options) (t *session.Turn, parts []session.Part, done func(), err error) {
	hasText := strings.TrimSpace(opts.Prompt) != ""
	if !hasText && len(opts.Files) == 0 {
		return nil, nil, nil, errors.New("nothing to send: give a PROMPT, pipe text on stdin, or attach a file with -a")
	}
	t, done = opts.Turn, func() {}
	if len(opts.Files) > 0 && t.Store == nil {
		eph, err := session.OpenEphemeral()
		if err != nil {
			return nil, nil, nil, err
		}
		copied := *t // the caller's Turn stays as it was
		copied.Store, t = eph, &copied
		done = func() { eph.Close() }
	}
	if parts, err = attach(ctx, t.Store, t.Docs, opts.Files, opts.Pages, opts.Tail); err != nil {
		done()
		return nil, nil, nil, err
	}
	if hasText {
		parts = append(parts, session.Text{Text: opts.Prompt})
	}
	return t, parts, done, nil
}

// writeNotices writes one stderr line per change parley makes to an
// attachment on its way to the model ("parley: anim.gif: animated (24
// frames): sending the first frame"): nothing lossy happens silently. A
// message that cannot be prepared writes nothing here; the run then
// fails with Prepare's reason.
func writeNotices(ctx context.Context, t *session.Turn, conv *session.Conversation, parts []session.Part, stderr io.Writer) {
	var history []session.Message
	if conv != nil {
		history = conv.Messages
	}
	for _, n := range t.Notices(parts) { // documents: pages left out, a tail
		fmt.Fprintln(stderr, "parley: "+oneLine(n))
	}
	notices, err := t.PrepareNotices(ctx, history, parts)
	if err != nil {
		return
	}
	for _, n := range notices {
		fmt.Fprintln(stderr, n.Line())
	}
}

// retryLine is the stderr line for one wait before a retry: "parley: rate
// limited by OpenAI: retrying in 7 s" (a 429), or "parley: OpenAI is busy
// (HTTP 503): retrying in 2 s". The wait is rounded up to whole seconds.
func retryLine(ri providers.RetryInfo) string {
	secs := max(1, int((ri.After+time.Second-1)/time.Second))
	name := sanitize.String(providers.DisplayName(ri.Provider))
	if ri.Status == http.StatusTooManyRequests {
		return fmt.Sprintf("parley: rate limited by %s: retrying in %d s", name, secs)
	}
	return fmt.Sprintf("parley: %s is busy (HTTP %d): retrying in %d s", name, ri.Status, secs)
}

// errLine turns an error into one safe line: error bodies come from the
// network and may hold escape sequences or several lines.
func errLine(err error) string {
	if msg := oneLine(session.WithHint(err, "choose another with -m PROVIDER/MODEL")); msg != "" {
		return msg
	}
	return "unknown error"
}

// oneLine is s sanitized and folded onto one line.
func oneLine(s string) string { return strings.Join(strings.Fields(sanitize.String(s)), " ") }
