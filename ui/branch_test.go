package ui

import (
	"fmt"
	"net/http"
	"os"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/providers/openai"
	"parley/providers/providertest"
	"parley/session"
	"parley/ui/chat"
	"parley/ui/dialog"
)

// wireChat is a model whose turns go through the real OpenAI adapter to
// a fake server that answers request n with "answer n", storing in st.
type wireChat struct {
	m   *Model
	r   *runner
	srv *providertest.Server
	st  *session.Store
}

func newWireChat(t *testing.T, opts Options) *wireChat {
	t.Helper()
	srv := providertest.NewServer(t, func(w http.ResponseWriter, _ *http.Request, n int) {
		providertest.WriteChatReply(w, "gpt-4o", fmt.Sprintf("answer %d", n))
	})
	st := opts.Store
	if st == nil {
		st = openStore(t)
		opts.Store = st
	}
	p, err := openai.New(providers.Settings{Name: "openai", Type: "openai", APIKey: "sk-test", BaseURL: srv.URL + "/v1", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	opts.Model = "openai/gpt-4o"
	opts.Turns = func(model string) (*session.Turn, error) {
		caps := providers.LookupCaps(providers.ProtocolOpenAI, "gpt-4o")
		if opts.Caps != nil {
			caps = opts.Caps(model)
		}
		return &session.Turn{Store: st, Provider: p, Model: strings.TrimPrefix(model, "openai/"), Caps: &caps}, nil
	}
	m := newTestModel(t, nil, opts)
	return &wireChat{m: m, r: newRunner(t, m), srv: srv, st: st}
}

// say sends text and waits for the reply to end.
func (c *wireChat) say(text string) {
	c.r.typeText(text)
	c.r.press(tea.KeyEnter, 0)
	c.wait("the reply to " + text)
}

// wait waits until no reply streams and the transcript was read again.
func (c *wireChat) wait(what string) {
	n := c.srv.Count()
	c.r.until(what, func() bool {
		return !c.m.chat.Busy() && c.srv.Count() >= n && !strings.Contains(plainView(c.m), "⠋")
	})
}

// userTexts are the user messages' contents of request i, in order.
func userTexts(t *testing.T, req providertest.Request) []string {
	t.Helper()
	var out []string
	msgs, _ := req.JSON(t)["messages"].([]any)
	for _, x := range msgs {
		mm := x.(map[string]any)
		if mm["role"] != "user" {
			continue
		}
		switch c := mm["content"].(type) {
		case string:
			out = append(out, c)
		case []any:
			for _, p := range c {
				if s, ok := p.(map[string]any)["text"].(string); ok {
					out = append(out, s)
				}
			}
		}
	}
	return out
}

// roles are the roles of request req's messages, in order.
func roles(t *testing.T, req providertest.Request) []string {
	var out []string
	msgs, _ := req.JSON(t)["messages"].([]any)
	for _, x := range msgs {
		out = append(out, fmt.Sprint(x.(map[string]any)["role"]))
	}
	return out
}

// untilReloaded waits for the branch to be read again after a reply.
func (c *wireChat) untilReloaded(what string, ok func() bool) {
	c.r.until(what, func() bool { return !c.m.chat.Busy() && ok() })
}

// TestRetrySendsTheQuestionAgain: /retry resends the branch up to the last
// user message (no new user message), and the new reply shows ‹ 2/2 ›
// in place of the old one; alt+r does the same and makes 3/3.
func TestRetrySendsTheQuestionAgain(t *testing.T) {
	c := newWireChat(t, Options{})
	c.say("first question")
	c.say("second question")
	c.r.typeText("/retry")
	c.r.press(tea.KeyEnter, 0)
	c.untilReloaded("the retried reply with 2/2", func() bool { return strings.Contains(plainView(c.m), "‹ 2/2 ›") })
	reqs := c.srv.Requests()
	if len(reqs) != 3 {
		t.Fatalf("%d requests, want 3", len(reqs))
	}
	if got, want := userTexts(t, reqs[2]), []string{"first question", "second question"}; fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("retry sent users %q, want %q", got, want)
	}
	if got := roles(t, reqs[2]); fmt.Sprint(got) != "[user assistant user]" {
		t.Errorf("retry sent roles %v, want up to the last user message", got)
	}
	view := plainView(c.m)
	if strings.Contains(view, "answer 2") || !strings.Contains(view, "answer 3") || strings.Count(view, "second question") != 1 {
		t.Errorf("the transcript should show one reply to the question, the new one:\n%s", view)
	}
	c.r.press('r', tea.ModAlt)
	c.untilReloaded("the second retry with 3/3", func() bool { return strings.Contains(plainView(c.m), "‹ 3/3 ›") })
	conv, err := c.st.Conversation(c.m.chat.ConvID())
	if err != nil {
		t.Fatal(err)
	}
	if n := len(conv.AllMessages()); n != 6 {
		t.Errorf("the store holds %d messages, want 6 (nothing deleted)", n)
	}
}

// TestRetryWithNothingToRetry: before any message, /retry says so and
// sends nothing.
func TestRetryWithNothingToRetry(t *testing.T) {
	c := newWireChat(t, Options{})
	c.r.typeText("/retry")
	c.r.press(tea.KeyEnter, 0)
	if got := lastEntry(t, c.m).Text(); !strings.Contains(got, "nothing to retry") {
		t.Errorf("last entry %q, want a line saying there is nothing to retry", got)
	}
	if c.srv.Count() != 0 || c.m.chat.Busy() {
		t.Error("a retry with nothing to retry sent a request")
	}
}

// TestBranchSwitchesWhatIsShownAndSent: /branch 1 goes back to the first
// reply, and the next message continues that branch.
func TestBranchSwitchesWhatIsShownAndSent(t *testing.T) {
	c := newWireChat(t, Options{})
	c.say("question")
	c.r.typeText("/retry")
	c.r.press(tea.KeyEnter, 0)
	c.untilReloaded("2/2", func() bool { return strings.Contains(plainView(c.m), "‹ 2/2 ›") })
	c.r.typeText("/branch 1")
	c.r.press(tea.KeyEnter, 0)
	c.untilReloaded("branch 1/2", func() bool { return strings.Contains(plainView(c.m), "‹ 1/2 ›") })
	if v := plainView(c.m); !strings.Contains(v, "answer 1") || strings.Contains(v, "answer 2") {
		t.Fatalf("branch 1 should show the first reply:\n%s", v)
	}
	c.say("follow-up")
	reqs := c.srv.Requests()
	body := string(reqs[len(reqs)-1].Body)
	if !strings.Contains(body, "answer 1") || strings.Contains(body, "answer 2") {
		t.Errorf("the follow-up should send branch 1's reply only: %s", body)
	}
	// Selection: shift+↑ onto the reply, → switches to the other branch.
	c.r.press(tea.KeyUp, tea.ModShift) // the follow-up's reply
	c.r.press(tea.KeyUp, tea.ModShift) // the follow-up
	c.r.press(tea.KeyUp, tea.ModShift) // the branched reply
	if e, ok := c.m.chat.Selected(); !ok || e.Branch().Count != 2 {
		t.Fatalf("shift+↑ ×3 should select the reply with two branches (selected: %v)", ok)
	}
	c.r.press(tea.KeyRight, 0)
	c.untilReloaded("branch 2/2", func() bool { return strings.Contains(plainView(c.m), "‹ 2/2 ›") })
	if v := plainView(c.m); strings.Contains(v, "follow-up") || !strings.Contains(v, "▸ Assistant") {
		t.Errorf("branch 2 has no follow-up and keeps the selection:\n%s", v)
	}
}

// TestEditSendsTheEditedBranchOnly: /edit puts the last message of yours
// in the composer; sending it makes a sibling and sends only the branch
// before it plus the edited text.
func TestEditSendsTheEditedBranchOnly(t *testing.T) {
	c := newWireChat(t, Options{})
	c.say("one")
	c.say("two")
	c.r.press(tea.KeyUp, tea.ModShift) // the reply
	c.r.press(tea.KeyUp, tea.ModShift) // "two"
	c.r.typeText("e")
	c.r.until("the draft", func() bool { return c.m.composer.Value() == "two" })
	if !strings.Contains(notice(c.m), "new branch") {
		t.Errorf("notice %q, want it to say sending makes a new branch", notice(c.m))
	}
	c.r.typeText(" edited")
	c.r.press(tea.KeyEnter, 0)
	c.untilReloaded("the edited message with 2/2", func() bool { return strings.Contains(plainView(c.m), "‹ 2/2 ›") })
	reqs := c.srv.Requests()
	if got := userTexts(t, reqs[len(reqs)-1]); fmt.Sprint(got) != "[one two edited]" {
		t.Errorf("edit sent %q, want the branch before it and the edited text", got)
	}
	if v := plainView(c.m); strings.Contains(v, "answer 2") || !strings.Contains(v, "two edited") {
		t.Errorf("the transcript should show the new branch:\n%s", v)
	}
	c.r.typeText("/branch prev")
	c.r.press(tea.KeyEnter, 0)
	c.untilReloaded("the old branch", func() bool { return strings.Contains(plainView(c.m), "answer 2") })
}

// TestEditMissingAttachment: a message whose image blob is gone comes
// back with a clear line and its text still editable.
func TestEditMissingAttachment(t *testing.T) {
	c := newWireChat(t, Options{})
	conv, _ := c.st.CreateConversation("pic")
	sha, err := c.st.PutBlob(pngBytes(t, 8, 8))
	if err != nil {
		t.Fatal(err)
	}
	img := session.Image{Blob: sha, MIME: "image/png", Name: "cat.png", Width: 8, Height: 8}
	u := &session.Message{ConversationID: conv.ID, Role: session.RoleUser, Status: session.StatusDone,
		Parts: []session.Part{session.Text{Text: "what is this"}, img}}
	if err := c.st.AppendMessage(u); err != nil {
		t.Fatal(err)
	}
	path, _ := c.st.BlobFile(img.Blob)
	if err := os.Remove(path); err != nil {
		t.Fatal(err)
	}
	full, _ := c.st.Conversation(conv.ID)
	c.m.handleHistoryOpen(historyOpenMsg{conv: full})
	c.r.typeText("/edit")
	c.r.press(tea.KeyEnter, 0)
	c.r.until("the draft", func() bool { return c.m.composer.Value() == "what is this" })
	if !noticeErr(c.m) || !strings.Contains(notice(c.m), "cat.png") {
		t.Errorf("notice %q, want an error naming the missing cat.png", notice(c.m))
	}
	if c.m.tray.Len() != 0 {
		t.Errorf("the tray holds %d chips, want none (the image is gone)", c.m.tray.Len())
	}
}

// TestTrimmedContextIsSaid: a conversation too long for the window leaves
// the oldest turns out, keeps the system prompt and the last user
// message, and the transcript says how many were left out.
func TestTrimmedContextIsSaid(t *testing.T) {
	st := openStore(t)
	long := strings.Repeat("word ", 400) // ≈ 500 tokens each
	id := seedConversation(t, st, "long", long, long, long, long, long, long)
	if err := st.SetSystem(id, "be brief", ""); err != nil {
		t.Fatal(err)
	}
	conv, _ := st.Conversation(id)
	small := providers.Caps{ContextWindow: 2000}
	// The app passes a resumed conversation's stored prompt as System.
	c := newWireChat(t, Options{Store: st, Conversation: conv, System: conv.System,
		Caps: func(string) providers.Caps { return small }})
	c.say("the last question")
	req := c.srv.Requests()[0]
	rs := roles(t, req)
	if len(rs) == 0 || rs[0] != "system" && rs[0] != "developer" {
		t.Errorf("roles %v: the system prompt must stay first", rs)
	}
	if u := userTexts(t, req); len(u) == 0 || u[len(u)-1] != "the last question" || len(u) >= 4 {
		t.Errorf("users sent %d, last %q: want the oldest left out and the last question kept", len(u), u)
	}
	if v := plainView(c.m); !strings.Contains(v, "earlier messages not sent: the context of") {
		t.Errorf("no trimming notice:\n%s", v)
	}
}

// TestReplyCostInHeader: a priced model's reply shows its cost; an
// unpriced one shows none (never $0.00).
func TestReplyCostInHeader(t *testing.T) {
	price := func(provider, model string) (providers.Price, bool) {
		if model == "gpt-4o" {
			return providers.Price{Input: 2.5, Output: 10}, true
		}
		return providers.Price{}, false
	}
	c := newWireChat(t, Options{Price: price})
	c.say("hi")
	// 10 input tokens × $2.50/M + 1 output token × $10/M = $0.000035
	if e := lastEntry(t, c.m); e.Tags().Cost != "<$0.0001" {
		t.Errorf("cost tag %q, want <$0.0001", e.Tags().Cost)
	}
	c2 := newWireChat(t, Options{Price: func(string, string) (providers.Price, bool) { return providers.Price{}, false }})
	c2.say("hi")
	if v := plainView(c2.m); strings.Contains(v, "$") {
		t.Errorf("an unpriced reply shows a cost:\n%s", v)
	}
}

// TestCancelSaysHowToRetry: a stopped reply ends with the retry hint.
func TestCancelSaysHowToRetry(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("partial"), Hold: true}
	m := newTestModel(t, p, Options{})
	r := newRunner(t, m)
	r.typeText("hello")
	r.press(tea.KeyEnter, 0)
	r.until("the partial reply", func() bool { return strings.Contains(plainView(m), "partial") })
	r.press(tea.KeyEscape, 0)
	if v := plainView(m); !strings.Contains(v, chat.RetryHint) {
		t.Errorf("no retry hint after a cancel:\n%s", v)
	}
}

// TestHistoryOpenRestoresModel: a conversation opened from the history
// continues on the model Options.ResumeModel gives; the reason for a
// fallback is shown in the transcript.
func TestHistoryOpenRestoresModel(t *testing.T) {
	st := openStore(t)
	id := seedConversation(t, st, "old", "q", "a")
	for _, c := range []struct{ model, reason, want string }{
		{"fake/restored", "", "fake/restored"},
		{"fake/fallback", "this conversation used gone/m, but provider gone is no longer configured", "fake/fallback"},
		{"", "cannot restore this conversation's model: boom", "fake/test-model"},
	} {
		var asked *session.Conversation
		resume := func(conv *session.Conversation) (string, string) { asked = conv; return c.model, c.reason }
		m := newTestModel(t, &providertest.Provider{}, Options{Store: st, ResumeModel: resume})
		r := newRunner(t, m)
		r.run(m.handleAction(dialog.ActionOpenConversation{ID: id}))
		historyUntil(r, "the conversation", func() bool { return m.chat.ConvID() == id })
		if asked == nil || asked.ID != id {
			t.Fatalf("ResumeModel was not asked about conversation %d", id)
		}
		if m.opts.Model != c.want {
			t.Errorf("model %q, want %q", m.opts.Model, c.want)
		}
		if c.reason != "" && !strings.Contains(plainView(m), c.reason[:30]) {
			t.Errorf("the reason is not shown:\n%s", plainView(m))
		}
	}
}

// TestRetryAfterSwitchingModelCompares: /model then /retry asks the new
// model the same question; the old model's reply stays as branch 1.
func TestRetryAfterSwitchingModelCompares(t *testing.T) {
	c := newWireChat(t, Options{})
	c.say("which is faster?")
	c.r.typeText("/model openai/gpt-4.1")
	c.r.press(tea.KeyEnter, 0)
	c.r.press('r', tea.ModAlt)
	c.untilReloaded("2/2", func() bool { return strings.Contains(plainView(c.m), "‹ 2/2 ›") })
	reqs := c.srv.Requests()
	if got := reqs[1].JSON(t)["model"]; got != "gpt-4.1" {
		t.Errorf("the retry went to %v, want gpt-4.1", got)
	}
	if got := userTexts(t, reqs[1]); fmt.Sprint(got) != "[which is faster?]" {
		t.Errorf("the retry asked %q", got)
	}
	if v := plainView(c.m); !strings.Contains(v, "gpt-4.1") {
		t.Errorf("the new reply's header should name the new model:\n%s", v)
	}
}

// TestResumeNoticeShown: when -r or -c could not restore the
// conversation's model, the transcript says why at start.
func TestResumeNoticeShown(t *testing.T) {
	st := openStore(t)
	id := seedConversation(t, st, "old", "q", "a")
	conv, _ := st.Conversation(id)
	why := "this conversation used gone/m, but provider gone is no longer configured; continuing with fake/test-model"
	m := newTestModel(t, &providertest.Provider{}, Options{Store: st, Conversation: conv, ResumeNotice: why})
	if !strings.Contains(strings.Join(strings.Fields(plainView(m)), " "), "provider gone is no longer configured") {
		t.Errorf("no resume notice:\n%s", plainView(m))
	}
}
