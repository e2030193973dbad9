package speech

import (
	"context"
	"fmt"
	"net/http"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/media/audio"
	"parley/providers"
	speechapi "parley/providers/speech"
	"parley/providers/speech/speechtest"
	"parley/session"
	"parley/ui/internal/cmdtest"
)

// fakeSink plays instantly into memory; Level is what a test sets.
type fakeSink struct {
	mu     sync.Mutex
	pcm    []int16
	paused bool
	closed int
	level  float64
}

func (f *fakeSink) Write(_ context.Context, pcm []int16) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.pcm = append(f.pcm, pcm...)
	return nil
}
func (f *fakeSink) Drain(context.Context) error { return nil }
func (f *fakeSink) Clear()                      {}
func (f *fakeSink) Rate() int                   { return speechtest.Rate }
func (f *fakeSink) Pause()                      { f.mu.Lock(); f.paused = true; f.mu.Unlock() }
func (f *fakeSink) Resume()                     { f.mu.Lock(); f.paused = false; f.mu.Unlock() }
func (f *fakeSink) Paused() bool                { f.mu.Lock(); defer f.mu.Unlock(); return f.paused }
func (f *fakeSink) Level() float64              { return f.level }
func (f *fakeSink) Close()                      { f.mu.Lock(); f.closed++; f.mu.Unlock() }
func (f *fakeSink) samples() []int16            { f.mu.Lock(); defer f.mu.Unlock(); return slices.Clone(f.pcm) }

func openAI(t *testing.T, srv *speechtest.Server) func() (speechapi.Synthesizer, error) {
	return func() (speechapi.Synthesizer, error) {
		return speechapi.New(providers.Settings{Name: "tts", Type: "openai", BaseURL: srv.URL + "/v1", APIKey: "k"},
			speechapi.Options{Model: "tts-1", Voice: "nova"})
	}
}

func openStore(t *testing.T) *session.Store {
	st, err := session.Open(filepath.Join(t.TempDir(), "data"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// driver runs Cmds the way Bubble Tea would (cmdtest.Loop: each on its
// own goroutine, batches split) and feeds the Speaker's messages back to
// Update on the test's goroutine.
type driver struct {
	t    *testing.T
	s    *Speaker[string]
	loop *cmdtest.Loop
	out  []Result // the Results seen since until began
}

func newDriver(t *testing.T, s *Speaker[string]) *driver {
	d := &driver{t: t, s: s}
	d.loop = cmdtest.New(func(msg tea.Msg) {
		if msg, ok := msg.(Msg); ok {
			res, next := d.s.Update(msg)
			d.out = append(d.out, res)
			d.run(next)
		}
	})
	return d
}

func (d *driver) run(c tea.Cmd) { d.loop.Run(c) }

// until runs cmd, then processes messages until cond holds over the
// Results seen since; it returns them.
func (d *driver) until(cmd tea.Cmd, cond func([]Result) bool) []Result {
	d.t.Helper()
	d.out = nil
	d.run(cmd)
	d.loop.Until(d.t, 5*time.Second, "the speaker's results", func() bool { return cond(d.out) },
		func() string { return fmt.Sprintf("results %+v", d.out) })
	return d.out
}

// drive is until on a driver of its own, for a test with one Cmd chain.
func drive(t *testing.T, s *Speaker[string], cmd tea.Cmd, cond func([]Result) bool) []Result {
	t.Helper()
	return newDriver(t, s).until(cmd, cond)
}

func anyResult(f func(Result) bool) func([]Result) bool {
	return func(rs []Result) bool { return slices.ContainsFunc(rs, f) }
}

// A reply read while it streams: text written before the speaker opened
// and after, sentence by sentence in order, played into the sink, the
// audio kept with the message; the status label follows.
func TestReadsStreamingReplyAndKeepsIt(t *testing.T) {
	srv := speechtest.NewOpenAI(t)
	sink := &fakeSink{}
	st := openStore(t)
	conv, _ := st.CreateConversation("c")
	msg := &session.Message{ConversationID: conv.ID, Role: session.RoleAssistant, Status: session.StatusDone, Parts: []session.Part{session.Text{Text: "x"}}}
	if err := st.AppendMessage(msg); err != nil {
		t.Fatal(err)
	}
	s := New[string](DefaultKeyMap(), Backend{Synth: openAI(t, srv), Sink: func(int) (Sink, error) { return sink, nil }, Keep: st}, true)
	cmd := s.Begin(t.Context(), "reply")
	if !s.Active() || s.Label() != "🔊 starting speech" {
		t.Fatalf("after Begin: active %v label %q", s.Active(), s.Label())
	}
	s.Write("reply", "# Hello\n\nThis is **the first** sen")
	s.Write("other", "not this one. ")
	drive(t, s, cmd, func([]Result) bool { return s.cur != nil && s.cur.r != nil })
	s.Write("reply", "tence. And a second one!")
	s.End("reply", msg.ID)
	rs := drive(t, s, watch(s.cur.gen, s.cur.r, s.cur.sink), anyResult(func(r Result) bool { return r.Kept != nil }))
	want := []string{"Hello", "This is the first sentence.", "And a second one!"}
	if got := srv.Texts(); !slices.Equal(got, want) {
		t.Errorf("sentences sent %q, want %q", got, want)
	}
	var pcm []int16
	for _, w := range want {
		pcm = append(pcm, speechtest.PCMFor(w)...)
	}
	if !slices.Equal(sink.samples(), pcm) {
		t.Errorf("played %d samples, want the %d sent in order", len(sink.samples()), len(pcm))
	}
	kept := rs[len(rs)-1]
	if kept.KeptID != msg.ID || kept.Kept.MIME != "audio/wav" || kept.Kept.Duration != time.Duration(len(pcm))*time.Second/speechtest.Rate {
		t.Errorf("kept %+v", kept)
	}
	c, err := st.Conversation(conv.ID)
	if err != nil || c.Messages[0].Spoken == nil || c.Messages[0].Spoken.Blob != kept.Kept.Blob {
		t.Fatalf("stored speech: %+v %v", c.Messages[0].Spoken, err)
	}
	if s.Active() || s.Label() != "" || sink.closed == 0 {
		t.Errorf("after the reading: active %v label %q closed %d", s.Active(), s.Label(), sink.closed)
	}

	// Replaying the kept speech plays the same samples, synthesizing nothing.
	sink2 := &fakeSink{}
	s.be.Sink = func(int) (Sink, error) { return sink2, nil }
	drive(t, s, s.Replay(t.Context(), "reply", *kept.Kept), func([]Result) bool { return !s.Active() })
	if !slices.Equal(sink2.samples(), pcm) || len(srv.Texts()) != len(want) {
		t.Errorf("replay played %d samples (want %d), %d requests", len(sink2.samples()), len(pcm), len(srv.Texts()))
	}
}

// Without a backend, on a machine without a speaker, and when a request
// fails mid-reply: one line that says why, and auto-speak without a
// backend turns itself off.
func TestReadingFaults(t *testing.T) {
	s := New[string](DefaultKeyMap(), Backend{}, true)
	rs := drive(t, s, s.Begin(t.Context(), "r"), anyResult(func(r Result) bool { return r.SetNotice }))
	n := rs[len(rs)-1]
	if !n.IsErr || !strings.Contains(n.Notice, `add [speech] provider = "NAME"`) || !strings.Contains(n.Notice, "auto-speak is off") || s.Auto() || s.Active() {
		t.Errorf("not configured: %+v auto %v active %v", n, s.Auto(), s.Active())
	}

	srv := speechtest.NewOpenAI(t)
	noSpeaker := func(int) (Sink, error) { return nil, &audio.ErrNoSpeaker{Reason: "no sound server"} }
	s = New[string](DefaultKeyMap(), Backend{Synth: openAI(t, srv), Sink: noSpeaker}, false)
	rs = drive(t, s, s.Read(t.Context(), "r", 0, "Hello."), anyResult(func(r Result) bool { return r.SetNotice }))
	if n := rs[len(rs)-1]; !strings.Contains(n.Notice, "cannot read aloud: no audio output found: no sound server") || !strings.Contains(n.Notice, "text is unaffected") {
		t.Errorf("no speaker: %q", n.Notice)
	}

	srv = speechtest.NewOpenAI(t)
	srv.Fail = func(w http.ResponseWriter, n int, _ speechtest.Request) bool {
		if n != 2 {
			return false
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest) // not retried
		w.Write([]byte(`{"error":{"message":"input rejected by the voice model"}}`))
		return true
	}
	sink := &fakeSink{}
	s = New[string](DefaultKeyMap(), Backend{Synth: openAI(t, srv), Sink: func(int) (Sink, error) { return sink, nil }}, false)
	rs = drive(t, s, s.Read(t.Context(), "r", 0, "One. Two. Three."), anyResult(func(r Result) bool { return r.SetNotice }))
	if n := rs[len(rs)-1]; !strings.HasPrefix(n.Notice, "speech stopped: ") || !strings.Contains(n.Notice, "input rejected by the voice model") || s.Active() {
		t.Errorf("failure mid-reply: %q active %v", n.Notice, s.Active())
	}
	if len(sink.samples()) != len(speechtest.PCMFor("One.")) {
		t.Errorf("played %d samples before the failure, want the first sentence's %d", len(sink.samples()), len(speechtest.PCMFor("One.")))
	}
}

// Esc stops the reading and Space (empty composer) pauses and resumes
// it; with nothing read, neither is taken.
func TestStopAndPauseKeys(t *testing.T) {
	esc := tea.KeyPressMsg{Code: tea.KeyEscape}
	space := tea.KeyPressMsg{Code: tea.KeySpace, Text: " "}
	srv := speechtest.NewOpenAI(t)
	sink := &fakeSink{}
	s := New[string](DefaultKeyMap(), Backend{Synth: openAI(t, srv), Sink: func(int) (Sink, error) { return sink, nil }}, false)
	if _, _, ok := s.HandleKey(esc, true); ok {
		t.Fatal("esc taken with nothing read")
	}
	s.Begin(t.Context(), "r")
	drive(t, s, s.open(t.Context(), s.gen), func([]Result) bool { return s.cur.sink != nil })
	if _, _, ok := s.HandleKey(space, false); ok {
		t.Error("space taken while the composer has text")
	}
	if _, _, ok := s.HandleKey(space, true); !ok || !sink.Paused() || !strings.Contains(s.Label(), "paused") {
		t.Errorf("space: ok %v paused %v label %q", ok, sink.Paused(), s.Label())
	}
	s.HandleKey(space, true)
	if sink.Paused() {
		t.Error("second space did not resume")
	}
	_, cmd, ok := s.HandleKey(esc, true)
	if !ok || s.Active() || cmd == nil {
		t.Fatalf("esc: ok %v active %v", ok, s.Active())
	}
	cmd()
	if sink.closed == 0 {
		t.Error("the speaker was not closed")
	}
}
