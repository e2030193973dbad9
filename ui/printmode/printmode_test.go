package printmode

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"parley/providers"
	"parley/session"

	"parley/providers/providertest"
)

// reply is what a fake provider answers: text chunks, then usage and
// done, or err instead; wait paces it after each event
// (providertest.Provider.After).
type reply struct {
	chunks []string
	err    error
	wait   func(ctx context.Context, i int) error
}

// fake is the provider answering r.
func fake(r reply) *providertest.Provider {
	evs := providertest.TextEvents(r.chunks...)
	if r.err == nil {
		evs = append(evs, providertest.Usage(3, len(r.chunks)))
	}
	return &providertest.Provider{Events: evs, Err: r.err, After: r.wait}
}

func run(t *testing.T, opts Options) (code int, stdout, stderr string) {
	t.Helper()
	var out, errb bytes.Buffer
	code = Run(context.Background(), opts, &out, &errb)
	return code, out.String(), errb.String()
}

func TestRunStreamsReply(t *testing.T) {
	cases := []struct {
		name   string
		chunks []string
		want   string
	}{
		{"adds a final newline", []string{"Hel", "lo, ", "world."}, "Hello, world.\n"},
		{"keeps an existing one", []string{"# Title\n\n", "text\n"}, "# Title\n\ntext\n"},
		{"strips escapes split across chunks", []string{"red \x1b[3", "1mtext\x1b]0;ti", "tle\x07 ok\rend"}, "red text ok\nend\n"},
		{"unicode split mid-rune", []string{"caf\xc3", "\xa9 ✓"}, "café ✓\n"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			p := fake(reply{chunks: tc.chunks})
			code, out, errOut := run(t, Options{Turn: &session.Turn{Provider: p, Model: "m"}, Prompt: "hi"})
			if code != 0 || out != tc.want || errOut != "" {
				t.Errorf("Run = %d, stdout %q, stderr %q; want 0, %q, \"\"", code, out, errOut, tc.want)
			}
		})
	}
}

func TestRunFailureKeepsPartialReply(t *testing.T) {
	p := fake(reply{chunks: []string{"partial ", "answer"},
		err: providers.Errorf(providers.ErrConnection, 0, nil, "connection lost after 2 tokens\n\x1b[2Jdetails")})
	code, out, errOut := run(t, Options{Turn: &session.Turn{Provider: p, Model: "m"}, Prompt: "hi"})
	if code != 1 {
		t.Errorf("exit code %d, want 1", code)
	}
	if out != "partial answer\n" {
		t.Errorf("stdout %q, want the partial reply and a newline", out)
	}
	if errOut != "parley: connection lost after 2 tokens details\n" {
		t.Errorf("stderr %q, want one sanitized line", errOut)
	}
}

func TestRunRefusesEmptyPrompt(t *testing.T) {
	p := fake(reply{chunks: []string{"x"}})
	code, out, errOut := run(t, Options{Turn: &session.Turn{Provider: p}, Prompt: " \n"})
	if code != 1 || out != "" || !strings.HasPrefix(errOut, "parley: nothing to send") {
		t.Errorf("Run = %d %q %q", code, out, errOut)
	}
	if p.LastRequest().Model != "" || len(p.LastRequest().Messages) != 0 {
		t.Error("an empty prompt reached the provider")
	}
}

func TestRunSavesAndContinues(t *testing.T) {
	store, err := session.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	p := fake(reply{chunks: []string{"first reply"}})
	if code, _, errOut := run(t, Options{Turn: &session.Turn{Store: store, Provider: p, Model: "m"}, Prompt: "one"}); code != 0 {
		t.Fatalf("first turn failed: %s", errOut)
	}
	conv, err := store.LatestConversation()
	if err != nil {
		t.Fatal(err)
	}
	p = fake(reply{chunks: []string{"second reply"}})
	code, out, _ := run(t, Options{Turn: &session.Turn{Store: store, Provider: p, Model: "m"}, Conversation: conv, Prompt: "two"})
	if code != 0 || out != "second reply\n" {
		t.Fatalf("second turn = %d %q", code, out)
	}
	var sent []string
	for _, m := range p.LastRequest().Messages {
		for _, part := range m.Parts {
			sent = append(sent, string(m.Role)+":"+part.(providers.TextPart).Text)
		}
	}
	if want := "user:one|assistant:first reply|user:two"; strings.Join(sent, "|") != want {
		t.Errorf("sent %q, want %q", strings.Join(sent, "|"), want)
	}
	conv, err = store.Conversation(conv.ID)
	if err != nil || len(conv.Messages) != 4 {
		t.Fatalf("conversation after two turns: %v, %v", conv, err)
	}
	if last := conv.Messages[3]; last.Status != session.StatusDone || last.Text() != "second reply" {
		t.Errorf("last message %+v", last)
	}
}

// signalWriter reports when it has received want.
type signalWriter struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	want string
	seen chan struct{}
}

func (w *signalWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.buf.Write(p)
	if w.seen != nil && strings.Contains(w.buf.String(), w.want) {
		close(w.seen)
		w.seen = nil
	}
	return len(p), nil
}

// While the model pauses, text already received must reach stdout: the
// provider will not send more until the writer has seen the first chunk.
func TestRunFlushesDuringPauses(t *testing.T) {
	w := &signalWriter{want: "first", seen: make(chan struct{})}
	seen := w.seen
	p := fake(reply{chunks: []string{"first", " second"}, wait: func(ctx context.Context, i int) error {
		if i > 0 {
			return nil
		}
		select {
		case <-seen:
			return nil
		case <-time.After(10 * time.Second):
			return errors.New("the first chunk never reached stdout while the stream paused")
		}
	}})
	var errb bytes.Buffer
	code := Run(context.Background(), Options{Turn: &session.Turn{Provider: p, Model: "m"}, Prompt: "hi"}, w, &errb)
	if code != 0 || w.buf.String() != "first second\n" {
		t.Errorf("Run = %d, stdout %q, stderr %q", code, w.buf.String(), errb.String())
	}
}

type brokenWriter struct{}

func (brokenWriter) Write([]byte) (int, error) { return 0, syscall.EPIPE }

// A closed stdout stops the stream instead of paying for unread tokens.
func TestRunStopsWhenStdoutFails(t *testing.T) {
	stopped := make(chan struct{})
	chunks := make([]string, 100)
	for i := range chunks {
		chunks[i] = "token "
	}
	p := fake(reply{chunks: chunks, wait: func(ctx context.Context, i int) error {
		if i == 0 {
			// Let the flush timer hit the broken writer.
			select {
			case <-ctx.Done():
			case <-time.After(10 * time.Second):
			}
		}
		if ctx.Err() != nil {
			close(stopped)
			return ctx.Err()
		}
		return nil
	}})
	var errb bytes.Buffer
	code := Run(context.Background(), Options{Turn: &session.Turn{Provider: p, Model: "m"}, Prompt: "hi"}, brokenWriter{}, &errb)
	select {
	case <-stopped:
	default:
		t.Error("the stream was not cancelled after stdout failed")
	}
	if code != 1 || !strings.HasPrefix(errb.String(), "parley: ") {
		t.Errorf("Run = %d, stderr %q", code, errb.String())
	}
}

// BenchmarkPrintMode20k streams a 20,000-token markdown reply through print
// mode to io.Discard-like output and reports CPU time per reply.
func BenchmarkPrintMode20k(b *testing.B) { benchPrintMode(b, nil) }

// BenchmarkPrintMode20kSaved is the same with the reply saved to a store.
func BenchmarkPrintMode20kSaved(b *testing.B) {
	store, err := session.Open(b.TempDir())
	if err != nil {
		b.Fatal(err)
	}
	defer store.Close()
	benchPrintMode(b, store)
}

func benchPrintMode(b *testing.B, store *session.Store) {
	tokens := markdownTokens(20000)
	var sink countWriter
	var before, after syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &before)
	b.ResetTimer()
	for b.Loop() {
		p := fake(reply{chunks: tokens})
		turn := &session.Turn{Store: store, Provider: p, Model: "m"}
		if code := Run(context.Background(), Options{Turn: turn, Prompt: "go"}, &sink, &sink); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
	b.StopTimer()
	syscall.Getrusage(syscall.RUSAGE_SELF, &after)
	cpu := time.Duration(after.Utime.Nano() + after.Stime.Nano() - before.Utime.Nano() - before.Stime.Nano())
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(b.N), "cpu-ms/op")
	b.ReportMetric(float64(sink.writes)/float64(b.N), "writes/op")
}

// countWriter discards bytes and counts Write calls (syscalls, for stdout).
type countWriter struct {
	mu     sync.Mutex
	writes int
}

func (w *countWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	w.writes++
	w.mu.Unlock()
	return len(p), nil
}

// markdownTokens returns n token-sized pieces of a markdown reply with
// headings, lists and code blocks.
func markdownTokens(n int) []string {
	words := []string{"## ", "Section", "\n\n", "Some ", "**bold** ", "text ", "with ", "`code` ", "and ", "more", ".\n",
		"- ", "item ", "one\n", "```go\n", "func ", "main() ", "{}\n", "```\n", "\n"}
	out := make([]string, n)
	for i := range out {
		out[i] = words[i%len(words)]
	}
	return out
}

// A refusal another model would not make names the -m flag in print mode,
// not the TUI's Ctrl+P.
func TestErrLineRefusalHint(t *testing.T) {
	err := &session.RefusalError{Msg: "llama cannot read images", Switch: true}
	if got := errLine(err); got != "llama cannot read images; choose another with -m PROVIDER/MODEL" {
		t.Fatalf("errLine = %q", got)
	}
	if got := errLine(&session.RefusalError{Msg: "disk full"}); got != "disk full" {
		t.Fatalf("errLine = %q", got)
	}
}
