package chat

import (
	"context"
	"errors"
	"iter"
	"slices"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/session"
	"parley/ui/convo"
	"parley/ui/transcript"
)

func TestStartStreamsAReplyAndReportsOutward(t *testing.T) {
	h := newHarness(t, nil)
	out := h.apply(h.c.Start(hi(), script(replyEvents("Hello there"))))
	if !out.Clear || out.ClearText != "hi" || !out.UnselectChip || !out.Started || !h.c.Busy() {
		t.Fatalf("start: %+v busy %v", out, h.c.Busy())
	}
	h.until("the reply's end", func() bool { return !h.c.Busy() })
	last := h.c.Last()
	if last.Text() != "Hello there" || last.Message().Status != session.StatusDone || h.c.ConvID() != 1 {
		t.Fatalf("reply %q status %s conversation %d", last.Text(), last.Message().Status, h.c.ConvID())
	}
	if h.status.title != "hi" || !slices.Contains(h.status.calls, "begin") || !slices.Contains(h.status.calls, "finish done") {
		t.Errorf("status title %q calls %v", h.status.title, h.status.calls)
	}
	if h.speech.written.String() != "Hello there" || !slices.Contains(h.speech.ended, int64(2)) {
		t.Errorf("read aloud %q, ended %v", h.speech.written.String(), h.speech.ended)
	}
	var removed []int
	finished := false
	for _, o := range h.outs {
		removed = append(removed, o.RemoveChips...)
		finished = finished || o.Finished
	}
	if !slices.Equal(removed, []int{7}) || !finished {
		t.Errorf("chips removed %v (want the sent one), finished %v", removed, finished)
	}
	if !strings.Contains(plain(h.c), "Hello there") {
		t.Errorf("the reply is not shown:\n%s", plain(h.c))
	}
}

func TestRefusedTurnGivesTheTextBack(t *testing.T) {
	h := newHarness(t, nil)
	h.status.title = "before"
	refusal := []session.TurnEvent{{Kind: session.TurnFinished, Err: errors.New("fake/m cannot read images")}}
	h.apply(h.c.Start(hi(), script(refusal)))
	h.until("the refusal", func() bool { return !h.c.Busy() })
	got := h.outs[len(h.outs)-1]
	if got.GiveBack != "hi" || !got.SetNotice || !got.IsErr || !strings.Contains(got.Notice, "cannot read images") {
		t.Errorf("refusal outcome %+v", got)
	}
	if h.c.Len() != 0 || h.status.title != "before" || len(got.RemoveChips) != 0 {
		t.Errorf("refused turn left %d entries, title %q, removed chips %v", h.c.Len(), h.status.title, got.RemoveChips)
	}
}

func TestStopMarksTheReplyCancelledAndHoldsTheQueue(t *testing.T) {
	h := newHarness(t, nil)
	hold := func(ctx context.Context) iter.Seq[session.TurnEvent] {
		return func(yield func(session.TurnEvent) bool) {
			yield(session.TurnEvent{Kind: session.TurnDelta, Text: "part"})
			<-ctx.Done()
			yield(session.TurnEvent{Kind: session.TurnFinished, Err: ctx.Err()})
		}
	}
	h.apply(h.c.Start(hi(), hold))
	h.until("text", func() bool { return strings.Contains(h.c.Last().Text(), "part") })
	if out := h.c.Queue("next one"); !out.Clear || out.ClearText != "next one" {
		t.Fatalf("queue: %+v", out)
	}
	if out := h.c.Queue("another"); !out.IsErr {
		t.Errorf("a second queued message was taken: %+v", out)
	}
	out := h.c.Esc(true)
	if h.c.Busy() || h.c.Last().Message().Status != session.StatusCancelled || out.SetNotice {
		t.Fatalf("esc: busy %v, status %s, %+v", h.c.Busy(), h.c.Last().Message().Status, out)
	}
	if !strings.Contains(strings.Join(h.c.QueueLines(80), "\n"), "held: enter sends it") {
		t.Errorf("queue line after stop: %q", h.c.QueueLines(80))
	}
	if _, ok := h.c.Held(false); ok {
		t.Error("a held message was sent from a composer that is not empty")
	}
	if text, ok := h.c.Held(true); !ok || text != "next one" {
		t.Errorf("held %q %v", text, ok)
	}
}

func TestQueuedMessageIsDueWhenTheReplyEnds(t *testing.T) {
	h := newHarness(t, nil)
	h.apply(h.c.Start(hi(), script(replyEvents("ok"))))
	h.c.Queue("then this")
	h.until("the queued message", func() bool {
		for _, o := range h.outs {
			if o.SubmitSet && o.Submit == "then this" {
				return true
			}
		}
		return false
	})
	if _, _, ok := h.c.queue.Pending(); ok {
		t.Error("the due message is still pending")
	}
}

func TestTakeBackAndCancelEdit(t *testing.T) {
	h := newHarness(t, nil)
	if _, ok := h.c.TakeBack(true); ok {
		t.Fatal("took back a message that was never queued")
	}
	h.apply(h.c.Start(hi(), script(replyEvents("ok"))))
	h.c.Queue("wait")
	h.c.Stop()
	if _, ok := h.c.TakeBack(false); ok {
		t.Error("took back into a composer with text")
	}
	out, ok := h.c.TakeBack(true)
	if !ok || !out.SetCompose || out.Compose != "wait" {
		t.Errorf("take back: %v %+v", ok, out)
	}
	h.c.editing = &session.Draft{ConversationID: 1, MessageID: 1}
	if out := h.c.Esc(true); !strings.Contains(out.Notice, "edit cancelled") || h.c.editing != nil {
		t.Errorf("esc while editing: %+v", out)
	}
}

func TestLoopRefusesWithoutAStoreOrWhileStreaming(t *testing.T) {
	h := newHarness(t, nil)
	for name, out := range map[string]Outcome{"retry": h.c.Retry(nil, "fake/m", nil), "edit": h.c.Edit(), "branch": h.c.Branch("next")} {
		if !out.IsErr || !strings.Contains(out.Notice, "history is off") {
			t.Errorf("%s without a store: %+v", name, out)
		}
	}
}

func TestBranchArgument(t *testing.T) {
	h := newHarness(t, nil)
	h.c.opts.Store = &session.Store{} // not read: the argument is refused first
	h.c.Load(&session.Conversation{ID: 1, Messages: []session.Message{*userMsg(1, "hi")}})
	if out := h.c.Branch(""); !strings.Contains(out.Notice, "no branches here") {
		t.Errorf("no branches: %+v", out)
	}
	e := h.c.Last()
	e.branch = session.Siblings{Index: 0, Count: 2, IDs: []int64{1, 3}}
	for arg, want := range map[string]string{"": "branch 1 of 2", "9": "/branch takes 1–2", "x": "/branch takes 1–2"} {
		if out := h.c.Branch(arg); !strings.Contains(out.Notice, want) {
			t.Errorf("/branch %q: %q, want %q", arg, out.Notice, want)
		}
	}
	if out := h.c.Branch("next"); out.Cmd == nil || out.SetNotice {
		t.Errorf("/branch next asks nothing of the store: %+v", out)
	}
}

func TestCopyAndReadAloudPickTheLastReply(t *testing.T) {
	h := newHarness(t, nil)
	if out := h.c.Copy(""); !strings.Contains(out.Notice, "nothing to copy") {
		t.Errorf("copy of nothing: %+v", out)
	}
	h.apply(h.c.Start(hi(), script(replyEvents("see:\n\n```\nx := 1\n```\n"))))
	h.until("the reply", func() bool { return !h.c.Busy() })
	if out := h.c.Copy("code 2"); !strings.Contains(out.Notice, "N is 1 to 1") {
		t.Errorf("copy code 2: %+v", out)
	}
	if out := h.c.Copy("code"); out.Cmd == nil || !strings.Contains(out.Notice, "copying code block 1 of 1 of the last reply") {
		t.Errorf("copy code: %+v", out)
	}
	h.c.ReadAloud()
	if len(h.speech.read) != 1 || !strings.Contains(h.speech.read[0], "x := 1") {
		t.Errorf("read aloud %q", h.speech.read)
	}
}

func TestShowPromptMakesChangesAndRemovesTheTopEntry(t *testing.T) {
	h := newHarness(t, nil)
	h.c.Notice("a notice", false)
	h.c.ShowPrompt(convo.Prompt{System: "Be brief."})
	if e := h.c.Entries()[0]; e.Kind() != transcript.KindSystem || e.Text() != "Be brief." || !strings.Contains(plain(h.c), "Be brief.") {
		t.Fatalf("top entry %v %q, drawn:\n%s", e.Kind(), e.Text(), plain(h.c))
	}
	h.c.ShowPrompt(convo.Prompt{System: "Be kind.", Persona: "friend"})
	if e := h.c.Entries()[0]; e.Text() != "persona friend · Be kind." || h.c.Len() != 2 {
		t.Errorf("changed prompt %q, %d entries", e.Text(), h.c.Len())
	}
	if v := plain(h.c); !strings.Contains(v, "Be kind.") || strings.Contains(v, "Be brief.") {
		t.Errorf("the changed prompt is drawn as:\n%s", v) // its lines are the new text's, not the cached old ones
	}
	h.c.ShowPrompt(convo.Prompt{})
	if h.c.Len() != 1 || h.c.Entries()[0].Kind() == transcript.KindSystem {
		t.Errorf("the prompt's entry stayed: %d entries", h.c.Len())
	}
}

func TestHistoryKeepsMessagesWithTextOrMedia(t *testing.T) {
	h := newHarness(t, nil)
	h.c.Load(&session.Conversation{ID: 1, Messages: []session.Message{
		{ID: 1, Role: session.RoleUser, Status: session.StatusDone, Parts: []session.Part{
			session.Text{Text: "look"}, session.Image{Name: "ref.jpg", MIME: "image/jpeg"},
			session.Audio{Name: "note.wav", MIME: "audio/wav"}}},
		{ID: 2, Role: session.RoleAssistant, Status: session.StatusDone, Parts: []session.Part{
			session.Image{Generated: true, MIME: "image/png"}}},
		{ID: 3, Role: session.RoleAssistant, Status: session.StatusError}, // nothing to send
	}})
	h.c.Notice("parley's own", false)
	got := history(h.c.Entries())
	if len(got) != 2 || len(got[0].Parts) != 3 || len(got[1].Parts) != 1 {
		t.Errorf("history %d messages (%v), want the two with text or media", len(got), got)
	}
	if !h.c.Entries()[2].retry {
		t.Error("a failed last reply does not say how to retry")
	}
}

func TestCanSend(t *testing.T) {
	h := newHarness(t, nil)
	for _, c := range []struct {
		text  string
		chips int
		want  bool
	}{{"", 0, false}, {"  \n", 0, false}, {"hi", 0, true}, {"", 1, true}} {
		if got := h.c.CanSend(c.text, c.chips); got != c.want {
			t.Errorf("CanSend(%q, %d) = %v", c.text, c.chips, got)
		}
	}
}

func TestMediaKeysSelectOpenAndAttachImages(t *testing.T) {
	h := newHarness(t, nil)
	img := session.Image{Name: "red.png", MIME: "image/png", Blob: "b1", Width: 8, Height: 8}
	h.c.Load(&session.Conversation{ID: 1, Messages: []session.Message{
		{ID: 1, Role: session.RoleAssistant, Status: session.StatusDone, Parts: []session.Part{img}}}})
	free := MediaFocus{ComposerEmpty: true}
	if _, ok := h.c.HandleMediaKey(tea.KeyPressMsg{Code: tea.KeyTab}, MediaFocus{ComposerEmpty: false}); ok {
		t.Fatal("tab with text in the composer moved the selection")
	}
	h.c.HandleMediaKey(tea.KeyPressMsg{Code: tea.KeyTab}, free)
	if sel, ok := h.c.SelectedImage(); !ok || sel.Blob != "b1" || !h.c.ImageSelected() {
		t.Fatalf("tab selected %v %v", sel, ok)
	}
	h.c.HandleMediaKey(tea.KeyPressMsg{Code: tea.KeyEnter}, free)
	if len(h.imgs.opened) != 1 {
		t.Errorf("enter opened %d images", len(h.imgs.opened))
	}
	out, _ := h.c.HandleMediaKey(tea.KeyPressMsg{Code: 'a', Text: "a"}, free)
	if len(out.Attach) != 1 || !out.Relabel || !strings.Contains(out.Notice, "attached red.png") {
		t.Errorf("a: %+v", out)
	}
	free.Attached = func(blob string) bool { return blob == "b1" }
	if out, _ := h.c.HandleMediaKey(tea.KeyPressMsg{Code: 'a', Text: "a"}, free); len(out.Attach) != 0 || !strings.Contains(out.Notice, "attached already") {
		t.Errorf("a twice: %+v", out)
	}
	if out, _ := h.c.HandleMediaKey(tea.KeyPressMsg{Code: 's', Text: "s"}, free); out.SaveImage == nil || out.SaveImage.Blob != "b1" {
		t.Errorf("s: %+v", out)
	}
	h.c.HandleMediaKey(tea.KeyPressMsg{Code: tea.KeyEscape}, free)
	if h.c.ImageSelected() {
		t.Error("esc kept the selection")
	}
}

// TestBranchReloadKeepsTheSystemPrompt: the conversation read again
// after a retry, an edit or a switch still shows its system prompt at the
// top (it used to vanish: the reset transcript dropped the entry, and
// the prompt's slot still pointed at it).
func TestBranchReloadKeepsTheSystemPrompt(t *testing.T) {
	h := newHarness(t, nil)
	conv := &session.Conversation{ID: 1, Messages: []session.Message{*userMsg(1, "hi")}}
	p := convo.Prompt{System: "Be brief."}
	h.c.Load(conv)
	h.c.ShowPrompt(p)
	out := h.c.Update(branchMsg{conv: conv})
	if out.Loaded != conv {
		t.Fatalf("reload did not report the conversation: %+v", out)
	}
	h.c.ShowPrompt(p) // what the root does with Loaded
	if e := h.c.Entries(); len(e) != 2 || e[0].Kind() != transcript.KindSystem || e[0].Text() != "Be brief." {
		t.Fatalf("after the reload: %d entries, first %v", len(e), e[0].Kind())
	}
}
