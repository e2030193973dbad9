package chat

import (
	"context"
	"iter"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/session"
	"parley/themes"
	"parley/ui/common"
	"parley/ui/images"
	"parley/ui/internal/cmdtest"
	"parley/ui/stream"
	"parley/ui/transcript"
)

// fakeStatus records the status bar's transitions the chat drives.
type fakeStatus struct {
	title string
	calls []string
}

func (s *fakeStatus) BeginTurn()               { s.calls = append(s.calls, "begin") }
func (s *fakeStatus) Thinking()                { s.calls = append(s.calls, "thinking") }
func (s *fakeStatus) Streaming()               { s.calls = append(s.calls, "streaming") }
func (s *fakeStatus) Rate(float64)             {}
func (s *fakeStatus) Drawing(bool)             { s.calls = append(s.calls, "drawing") }
func (s *fakeStatus) Usage(session.Usage)      { s.calls = append(s.calls, "usage") }
func (s *fakeStatus) Finish(st session.Status) { s.calls = append(s.calls, "finish "+string(st)) }
func (s *fakeStatus) Refused(prev string)      { s.title = prev; s.calls = append(s.calls, "refused") }
func (s *fakeStatus) Title() string            { return s.title }
func (s *fakeStatus) SetTitle(t string)        { s.title = t }

// fakeSpeaker records what the chat asks of reading aloud.
type fakeSpeaker struct {
	auto    bool
	written strings.Builder
	read    []string
	ended   []int64
	stops   int
}

func (s *fakeSpeaker) Read(_ context.Context, _ *Entry, id int64, text string) tea.Cmd {
	s.read = append(s.read, text)
	return nil
}
func (s *fakeSpeaker) Replay(context.Context, *Entry, session.Spoken) tea.Cmd {
	s.read = append(s.read, "replay")
	return nil
}
func (s *fakeSpeaker) Stop() tea.Cmd                         { s.stops++; return nil }
func (s *fakeSpeaker) Auto() bool                            { return s.auto }
func (s *fakeSpeaker) Begin(context.Context, *Entry) tea.Cmd { return nil }
func (s *fakeSpeaker) Write(_ *Entry, delta string)          { s.written.WriteString(delta) }
func (s *fakeSpeaker) End(_ *Entry, id int64)                { s.ended = append(s.ended, id) }

// fakeImages lays every image out as 10×3 cells and opens nothing.
type fakeImages struct{ opened []session.Image }

func (fakeImages) Fit(session.Image, int) (int, int) { return 10, 3 }
func (fakeImages) Caption(img session.Image, _ session.Status, _ bool) string {
	return "▣ " + img.Name
}
func (fakeImages) EntrySlots(out []images.Slot, bs *images.Blocks, row, _ int) []images.Slot {
	for i := range bs.Len() {
		out = append(out, images.Slot{B: bs.At(i), Row: row + bs.At(i).Line, Ref: images.Ref{Blocks: bs, I: i}})
	}
	return out
}
func (fakeImages) NearSlots(out []images.Slot, bs *images.Blocks) []images.Slot {
	return fakeImages{}.EntrySlots(out, bs, -1, 0)
}
func (f *fakeImages) Open(img session.Image) { f.opened = append(f.opened, img) }

// fakeVoices is a voice-note selection without audio.
type fakeVoices struct{ sel VoiceRef }

func (fakeVoices) ViewOf(VoiceRef) common.PlayView      { return common.PlayView{} }
func (v *fakeVoices) Selected() (VoiceRef, bool)        { return v.sel, v.sel.ok }
func (v *fakeVoices) Select(r VoiceRef) (prev VoiceRef) { prev, v.sel = v.sel, r; return prev }
func (v *fakeVoices) HasSelection() bool                { return v.sel.ok }

// harness is a chat with fakes, and a loop that runs its Cmds the way
// Bubble Tea would, feeding their messages back to Update.
type harness struct {
	t      *testing.T
	c      *Chat
	status *fakeStatus
	speech *fakeSpeaker
	imgs   *fakeImages
	voice  *fakeVoices
	loop   *cmdtest.Loop
	outs   []Outcome // every outcome, in order
}

func newHarness(t *testing.T, store *session.Store) *harness {
	t.Helper()
	pal, _ := themes.Auto("", "")
	st := themes.NewStyles(pal)
	h := &harness{t: t, status: &fakeStatus{}, speech: &fakeSpeaker{}, imgs: &fakeImages{}, voice: &fakeVoices{}}
	h.loop = cmdtest.New(func(msg tea.Msg) {
		switch msg.(type) {
		case stream.Msg, Msg:
			h.apply(h.c.Update(msg))
		}
	})
	h.c = New(Options{Store: store, Styles: &st, Markdown: common.NewMarkdown(pal), Keys: DefaultKeyMap(),
		Scroll: transcript.DefaultKeyMap(), Status: h.status, Speech: h.speech, Images: h.imgs, Voice: h.voice})
	h.c.SetSize(80, 20)
	h.c.SetFrame(time.Millisecond)
	t.Cleanup(func() {
		h.c.Stop()
		h.c.Wait(5 * time.Second)
	})
	return h
}

// apply records out and runs its Cmd.
func (h *harness) apply(out Outcome) Outcome {
	h.outs = append(h.outs, out)
	h.loop.Run(out.Cmd)
	return out
}

// until feeds messages to the chat until cond holds.
func (h *harness) until(what string, cond func() bool) {
	h.t.Helper()
	h.loop.Until(h.t, 30*time.Second, what, cond, func() string { return plain(h.c) })
}

// script is a turn that yields events, then finishes with final (and
// err), as session.Turn would.
func script(events []session.TurnEvent) stream.Run {
	return func(ctx context.Context) iter.Seq[session.TurnEvent] {
		return func(yield func(session.TurnEvent) bool) {
			for _, ev := range events {
				if !yield(ev) {
					return
				}
			}
		}
	}
}

// userMsg is a stored user message of text.
func userMsg(id int64, text string) *session.Message {
	return &session.Message{ID: id, ConversationID: 1, Role: session.RoleUser, Status: session.StatusDone,
		Parts: []session.Part{session.Text{Text: text}}}
}

// replyEvents are a stored turn that answers text.
func replyEvents(text string) []session.TurnEvent {
	final := &session.Message{ID: 2, ConversationID: 1, Role: session.RoleAssistant, Status: session.StatusDone,
		Parts: []session.Part{session.Text{Text: text}}}
	return []session.TurnEvent{
		{Kind: session.TurnUserSaved, Message: userMsg(1, "hi")},
		{Kind: session.TurnStarted, Message: &session.Message{ID: 2, ConversationID: 1, Role: session.RoleAssistant, Status: session.StatusStreaming}},
		{Kind: session.TurnDelta, Text: text},
		{Kind: session.TurnFinished, Message: final},
	}
}

// hi is the outgoing message "hi" carrying chip 7.
func hi() Outgoing {
	return Outgoing{Parts: []session.Part{session.Text{Text: "hi"}}, Model: "fake/m", Title: "hi", Text: "hi", Chips: []int{7}}
}

// plain is the chat's visible lines without styling.
func plain(c *Chat) string {
	var b strings.Builder
	for _, l := range c.Lines() {
		b.WriteString(strings.TrimRight(ansi.Strip(l), " "))
		b.WriteByte('\n')
	}
	return b.String()
}
