package session

import (
	"context"
	"errors"
	"os"
	"slices"
	"strings"
	"testing"

	"parley/providers"

	"parley/providers/providertest"
)

// sentTexts flattens a request into "role: text" lines.
func sentTexts(req providers.Request) []string {
	var out []string
	for _, m := range req.Messages {
		var b strings.Builder
		for _, p := range m.Parts {
			if tp, ok := p.(providers.TextPart); ok {
				b.WriteString(tp.Text)
			}
		}
		out = append(out, string(m.Role)+": "+b.String())
	}
	return out
}

// replying is a provider that answers every request with reply.
func replying(reply string) *providertest.Provider {
	return &providertest.Provider{Script: func(_ context.Context, yield func(providers.Event, error) bool) {
		if yield(providertest.Text(reply), nil) {
			yield(providertest.Done("stop"), nil)
		}
	}}
}

// chat runs one Run and returns the conversation ID.
func chat(t *testing.T, turn *Turn, conv int64, msg string) int64 {
	t.Helper()
	var history []Message
	if conv != 0 {
		c, err := turn.Store.Conversation(conv)
		if err != nil {
			t.Fatal(err)
		}
		history = c.Messages
	}
	evs := collect(t, turn.Run(context.Background(), conv, history, userText(msg)))
	fin := evs[len(evs)-1]
	if fin.Err != nil {
		t.Fatalf("turn %q: %v", msg, fin.Err)
	}
	return fin.Message.ConversationID
}

func TestRetryMakesSiblingReply(t *testing.T) {
	s := openTest(t)
	fp := replying("first")
	turn := &Turn{Store: s, Provider: fp, Model: "m1"}
	conv := chat(t, turn, 0, "q1")
	conv = chat(t, turn, conv, "q2")

	fp2 := replying("second")
	retry := &Turn{Store: s, Provider: fp2, Model: "m2"}
	evs := collect(t, retry.Retry(context.Background(), conv))
	if got := kinds(evs); got[0] != TurnStarted {
		t.Errorf("a retry stores no user message: %v", got)
	}
	if want := []string{"user: q1", "assistant: first", "user: q2"}; !slices.Equal(sentTexts(fp2.LastRequest()), want) {
		t.Errorf("retry sent %q, want %q", sentTexts(fp2.LastRequest()), want)
	}
	c, err := s.Conversation(conv)
	if err != nil {
		t.Fatal(err)
	}
	last := c.Messages[len(c.Messages)-1]
	if last.Text() != "second" || last.Model != "m2" || len(c.Messages) != 4 {
		t.Errorf("branch after retry %q (%s)", texts(c.Messages), last.Model)
	}
	if sib := c.Siblings(last.ID); sib.Count != 2 || sib.Index != 1 {
		t.Errorf("the retry is reply 2/2: %+v", sib)
	}
	if c.Model != "m2" {
		t.Errorf("last model %q, want m2", c.Model)
	}
}

func TestRetryNothingToRetry(t *testing.T) {
	s := openTest(t)
	c, err := s.CreateConversation("empty")
	if err != nil {
		t.Fatal(err)
	}
	fp := replying("x")
	evs := collect(t, (&Turn{Store: s, Provider: fp, Model: "m"}).Retry(context.Background(), c.ID))
	if len(evs) != 1 || !errors.Is(evs[0].Err, ErrNothingToRetry) || fp.Calls() != 0 {
		t.Errorf("retry of an empty conversation: %+v, %d calls", evs, fp.Calls())
	}
}

func TestEditSendsNewBranchAndSwitchChangesWhatIsSent(t *testing.T) {
	s := openTest(t)
	fp := replying("ok")
	turn := &Turn{Store: s, Provider: fp, Model: "m"}
	conv := chat(t, turn, 0, "q1")
	conv = chat(t, turn, conv, "q2 with a typo")
	c, _ := s.Conversation(conv)
	q2 := c.Messages[2]

	d, err := s.EditDraft(conv, q2.ID)
	if err != nil || d.Text != "q2 with a typo" {
		t.Fatalf("draft %+v, %v", d, err)
	}
	d.Text = "q2 fixed"
	evs := collect(t, turn.Edit(context.Background(), conv, q2.ID, d.Parts()))
	if fin := evs[len(evs)-1]; fin.Err != nil {
		t.Fatal(fin.Err)
	}
	if want := []string{"user: q1", "assistant: ok", "user: q2 fixed"}; !slices.Equal(sentTexts(fp.LastRequest()), want) {
		t.Errorf("edit sent %q, want %q", sentTexts(fp.LastRequest()), want)
	}
	// Back on the old branch, the next message is sent after the old q2.
	old, err := s.SwitchBranch(conv, q2.ID)
	if err != nil {
		t.Fatal(err)
	}
	chat(t, turn, old.ID, "q3")
	if want := []string{"user: q1", "assistant: ok", "user: q2 with a typo", "assistant: ok", "user: q3"}; !slices.Equal(sentTexts(fp.LastRequest()), want) {
		t.Errorf("after switching back sent %q, want %q", sentTexts(fp.LastRequest()), want)
	}
	for _, bad := range []struct {
		id    int64
		parts []Part
	}{{c.Messages[1].ID, userText("x")}, {q2.ID, nil}} {
		evs := collect(t, turn.Edit(context.Background(), conv, bad.id, bad.parts))
		if len(evs) != 1 || evs[0].Err == nil {
			t.Errorf("edit of %d with %d parts: %+v", bad.id, len(bad.parts), evs)
		}
	}
	all, _ := s.Conversation(conv)
	if n := len(all.AllMessages()); n != 8 {
		t.Errorf("%d messages stored, want 8 (nothing deleted)", n)
	}
}

func TestEditDraftMissingBlobKeepsText(t *testing.T) {
	s := openTest(t)
	img, err := s.AddImage(providertest.GradientPNG(t, 32, 32, 1), "cat.png")
	if err != nil {
		t.Fatal(err)
	}
	keep, err := s.AddImage(providertest.GradientPNG(t, 32, 32, 2), "dog.png")
	if err != nil {
		t.Fatal(err)
	}
	c, _ := s.CreateConversation("x")
	m := Message{ConversationID: c.ID, Role: RoleUser, Status: StatusDone,
		Parts: []Part{Text{Text: "what is this?"}, img, keep}}
	if err := s.AppendMessage(&m); err != nil {
		t.Fatal(err)
	}
	if err := os.Remove(s.BlobPath(img.Blob)); err != nil {
		t.Fatal(err)
	}
	d, err := s.EditDraft(c.ID, m.ID)
	var missing *MissingAttachmentsError
	if !errors.As(err, &missing) || !strings.Contains(err.Error(), "cat.png") {
		t.Fatalf("missing blob: %v", err)
	}
	if d.Text != "what is this?" || len(d.Attachments) != 1 || d.Attachments[0].(Image).Name != "dog.png" {
		t.Errorf("draft keeps the text and the present attachment: %+v", d)
	}
}

func TestDeleteConversationRemovesOnlyUnreferencedBlobs(t *testing.T) {
	s := openTest(t)
	shared, _ := s.AddImage(providertest.GradientPNG(t, 64, 64, 3), "shared.png")
	own, _ := s.AddImage(providertest.GradientPNG(t, 900, 600, 4), "own.png")
	a, _ := s.CreateConversation("a")
	b, _ := s.CreateConversation("b")
	for _, m := range []*Message{
		{ConversationID: a.ID, Role: RoleUser, Status: StatusDone, Parts: []Part{shared, own}},
		{ConversationID: b.ID, Role: RoleUser, Status: StatusDone, Parts: []Part{shared}},
	} {
		if err := s.AppendMessage(m); err != nil {
			t.Fatal(err)
		}
	}
	fitted, err := s.FittedImage(own, providers.Caps{Images: true, ImageFormats: []string{"image/png"}, MaxImageEdge: 300})
	if err != nil || fitted.Reused {
		t.Fatalf("fit: %+v %v", fitted.Reused, err)
	}
	fittedSHA := s.derivedDst(t, own.Blob)
	if err := s.DeleteConversation(a.ID); err != nil {
		t.Fatal(err)
	}
	if _, ok := s.BlobFile(shared.Blob); !ok {
		t.Error("a blob another conversation uses was removed")
	}
	for _, sha := range []string{own.Blob, fittedSHA} {
		if _, ok := s.BlobFile(sha); ok {
			t.Errorf("blob %s nothing references is still on disk", sha[:8])
		}
		if n := count(t, s, `SELECT count(*) FROM blobs WHERE sha = ?`, sha); n != 0 {
			t.Errorf("blob row %s left", sha[:8])
		}
	}
	if _, err := s.Conversation(a.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("deleted conversation loads: %v", err)
	}
	if c, err := s.Conversation(b.ID); err != nil || len(c.Messages) != 1 {
		t.Errorf("other conversation: %v", err)
	}
}

// derivedDst is the fitted copy recorded for src.
func (s *Store) derivedDst(t *testing.T, src string) string {
	t.Helper()
	var dst string
	if err := s.db.QueryRow(`SELECT dst_sha FROM derived WHERE src_sha = ?`, src).Scan(&dst); err != nil {
		t.Fatal(err)
	}
	return dst
}

// TestDeletedByAnotherProcess: a second store on the same directory (as
// another parley process) deletes the conversation this one is streaming
// into; the next save says so with ErrConversationDeleted.
func TestDeletedByAnotherProcess(t *testing.T) {
	s := openTest(t)
	other, err := Open(s.Dir())
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	c, _ := s.CreateConversation("shown here")
	u := addMsg(t, s, c.ID, RoleUser, "hi")
	a := addMsg(t, s, c.ID, RoleAssistant, "partial")
	if err := other.DeleteConversation(c.ID); err != nil {
		t.Fatal(err)
	}
	a.Parts = []Part{Text{Text: "partial and more"}}
	if err := s.UpdateMessage(&a); !errors.Is(err, ErrConversationDeleted) {
		t.Errorf("update after delete: %v", err)
	}
	next := Message{ConversationID: c.ID, ParentID: u.ID, Role: RoleUser, Status: StatusDone, Parts: userText("again")}
	if err := s.AppendMessage(&next); !errors.Is(err, ErrConversationDeleted) || next.ID != 0 {
		t.Errorf("append after delete: %v (id %d)", err, next.ID)
	}
	fp := replying("x")
	evs := collect(t, (&Turn{Store: s, Provider: fp, Model: "m"}).Run(context.Background(), c.ID, nil, userText("hello?")))
	if fin := evs[len(evs)-1]; !errors.Is(fin.Err, ErrConversationDeleted) || fp.Calls() != 0 {
		t.Errorf("turn into a deleted conversation: %v, %d calls", fin.Err, fp.Calls())
	}
	if err := s.RenameConversation(c.ID, "new"); !errors.Is(err, ErrConversationDeleted) {
		t.Errorf("rename after delete: %v", err)
	}
}

func TestTitlesAndRename(t *testing.T) {
	long := "Explain how the garbage collector of Go decides when to run and what it costs in latency"
	if got := titleFrom(userText(long)); got != "Explain how the garbage collector of Go decides when to run…" {
		t.Errorf("long title %q", got)
	}
	if got := titleFrom(userText("\x1b[31mred\x1b[0m \u202eevil\u202c\tline\nsecond")); got != "[31mred[0m evil line" {
		t.Errorf("sanitized title %q", got)
	}
	s := openTest(t)
	c, _ := s.CreateConversation("x")
	if err := s.RenameConversation(c.ID, "  \x07 "); err == nil {
		t.Error("a blank title is accepted")
	}
	if err := s.RenameConversation(c.ID, "Go  GC\nnotes"); err != nil {
		t.Fatal(err)
	}
	if got, _ := s.Conversation(c.ID); got.Title != "Go GC notes" {
		t.Errorf("renamed %q", got.Title)
	}
}

func TestSystemPromptStoredAndSent(t *testing.T) {
	s := openTest(t)
	fp := replying("ok")
	turn := &Turn{Store: s, Provider: fp, Model: "m", System: "You are terse.", Persona: "terse"}
	conv := chat(t, turn, 0, "hi")
	c, _ := s.Conversation(conv)
	if c.System != "You are terse." || c.Persona != "terse" || fp.LastRequest().System != "You are terse." {
		t.Errorf("stored %q/%q, sent %q", c.System, c.Persona, fp.LastRequest().System)
	}
	// A retry without its own prompt sends the conversation's.
	fp2 := replying("ok")
	collect(t, (&Turn{Store: s, Provider: fp2, Model: "m"}).Retry(context.Background(), conv))
	if fp2.LastRequest().System != "You are terse." {
		t.Errorf("retry sent system %q", fp2.LastRequest().System)
	}
}

func TestTrimLeavesOldestOut(t *testing.T) {
	s := openTest(t)
	fp := replying(strings.Repeat("a", 400)) // ~100 tokens per reply
	turn := &Turn{Store: s, Provider: fp, Model: "small"}
	conv := 0
	for i := range 4 {
		conv = int(chat(t, turn, int64(conv), strings.Repeat(string(rune('p'+i)), 400)))
	}
	// 8 messages of ~104 tokens each; the window leaves room for ~5.
	caps := providers.Caps{ContextWindow: 600 + 100}
	// (No store: this send must not add to the conversation.)
	off := &Turn{Provider: fp, Model: "small", Caps: &caps, ReplyBudget: 100}
	c, _ := s.Conversation(int64(conv))
	// Off (the default), everything goes: only a caller that shows the
	// notice may leave turns out.
	collect(t, off.Run(context.Background(), int64(conv), c.Messages, userText("unsent question")))
	if n := len(fp.LastRequest().Messages); n != 9 {
		t.Errorf("FitContext off sent %d messages, want 9", n)
	}
	small := &Turn{Store: s, Provider: fp, Model: "small", Caps: &caps, ReplyBudget: 100,
		System: strings.Repeat("s", 40), FitContext: true}
	c, _ = s.Conversation(int64(conv))
	evs := collect(t, small.Run(context.Background(), int64(conv), c.Messages, userText("last question")))
	var notice string
	for _, ev := range evs {
		if ev.Kind == TurnNotice {
			notice = ev.Text
		}
	}
	if notice != "4 earlier messages not sent: the context of fake/small is full" {
		t.Errorf("notice %q", notice)
	}
	sent := sentTexts(fp.LastRequest())
	if len(sent) != 5 || !strings.HasPrefix(sent[0], "user: rrr") || sent[len(sent)-1] != "user: last question" {
		t.Errorf("sent %d messages: %q", len(sent), sent)
	}
	if fp.LastRequest().System != strings.Repeat("s", 40) {
		t.Error("the system prompt was left out")
	}
	if total := providers.EstimateTokens(caps, fp.LastRequest().System, fp.LastRequest().Messages); total > 600 {
		t.Errorf("request estimate %d over the budget 600", total)
	}
}
