package session

import (
	"context"
	"errors"
	"iter"
	"reflect"
	"strings"
	"testing"
	"time"

	"parley/providers"
	"parley/providers/providertest"
)

// collect runs the turn and checks the one contract every run keeps:
// TurnFinished comes exactly once, last.
func collect(t *testing.T, seq iter.Seq[TurnEvent]) []TurnEvent {
	t.Helper()
	var evs []TurnEvent
	for ev := range seq {
		evs = append(evs, ev)
	}
	for i, ev := range evs {
		if (ev.Kind == TurnFinished) != (i == len(evs)-1) {
			t.Fatalf("TurnFinished at %d of %d events: %+v", i, len(evs), evs)
		}
	}
	if len(evs) == 0 {
		t.Fatal("no events")
	}
	return evs
}

func kinds(evs []TurnEvent) []TurnEventKind {
	out := make([]TurnEventKind, len(evs))
	for i, ev := range evs {
		out[i] = ev.Kind
	}
	return out
}

func userText(s string) []Part { return []Part{Text{Text: s}} }

// stored loads the only conversation and returns its last message.
func storedLast(t *testing.T, s *Store) Message {
	t.Helper()
	c, err := s.LatestConversation()
	if err != nil {
		t.Fatal(err)
	}
	return c.Messages[len(c.Messages)-1]
}

func TestTurnDone(t *testing.T) {
	s := openTest(t)
	fp := &providertest.Provider{Script: providertest.Steps(providertest.Text("Hel"), providers.Event{Kind: providers.EventReasoning, Text: "hmm"}, providertest.Text("lo"), providers.Event{Kind: providers.EventUsage, Usage: providers.Usage{InputTokens: 5, OutputTokens: 2}}, providertest.Done("stop"))}
	turn := &Turn{Store: s, Provider: fp, Model: "m1", System: "be brief"}
	evs := collect(t, turn.Run(context.Background(), 0, nil, userText("Hello there\nsecond line")))

	want := []TurnEventKind{TurnUserSaved, TurnStarted, TurnDelta, TurnReasoning, TurnDelta, TurnUsage, TurnFinished}
	if !reflect.DeepEqual(kinds(evs), want) {
		t.Fatalf("event kinds %v, want %v", kinds(evs), want)
	}
	if u := evs[0].Message; u.ID == 0 || u.ConversationID == 0 || u.Text() != "Hello there\nsecond line" {
		t.Errorf("TurnUserSaved message %+v", u)
	}
	if st := evs[1].Message; st.ID == 0 || st.Status != StatusStreaming || st.Provider != "fake" || st.Model != "m1" {
		t.Errorf("TurnStarted message %+v", st)
	}
	if evs[3].Text != "hmm" || evs[5].Usage != (Usage{InputTokens: 5, OutputTokens: 2}) {
		t.Errorf("reasoning/usage events: %+v %+v", evs[3], evs[5])
	}
	fin := evs[len(evs)-1]
	if fin.Err != nil || fin.Message.Status != StatusDone || fin.Message.Text() != "Hello" || fin.Message.Usage != (Usage{InputTokens: 5, OutputTokens: 2}) {
		t.Errorf("TurnFinished %+v err %v", fin.Message, fin.Err)
	}
	c, err := s.Conversation(evs[0].Message.ConversationID)
	if err != nil || len(c.Messages) != 2 || c.Title != "Hello there" {
		t.Fatalf("stored conversation %+v, %v", c, err)
	}
	a := c.Messages[1]
	if a.ID != fin.Message.ID || a.Status != StatusDone || a.Text() != "Hello" || a.Usage != (Usage{InputTokens: 5, OutputTokens: 2}) ||
		a.Provider != "fake" || a.Model != "m1" || a.Error != "" {
		t.Errorf("stored reply %+v", a)
	}
	wantReq := providers.Request{Model: "m1", System: "be brief", Messages: []providers.Message{
		{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "Hello there\nsecond line"}}}}}
	if !reflect.DeepEqual(fp.LastRequest(), wantReq) {
		t.Errorf("request %+v, want %+v", fp.LastRequest(), wantReq)
	}
}

func TestTurnErrorMidStream(t *testing.T) {
	s := openTest(t)
	fail := providers.Errorf(providers.ErrConnection, 0, nil, "connection lost after 2 tokens\n  (eof)")
	turn := &Turn{Store: s, Provider: &providertest.Provider{Script: providertest.Steps(providertest.Text("partial "), providertest.Text("reply"), fail)}, Model: "m"}
	evs := collect(t, turn.Run(context.Background(), 0, nil, userText("q")))
	fin := evs[len(evs)-1]
	if providers.KindOf(fin.Err) != providers.ErrConnection {
		t.Errorf("Err = %v, want the connection error", fin.Err)
	}
	for _, m := range []Message{*fin.Message, storedLast(t, s)} {
		if m.Status != StatusError || m.Text() != "partial reply" || m.Error != "connection lost after 2 tokens (eof)" {
			t.Errorf("message: status %q text %q error %q", m.Status, m.Text(), m.Error)
		}
	}
}

func TestTurnStreamWithoutDone(t *testing.T) {
	s := openTest(t)
	turn := &Turn{Store: s, Provider: &providertest.Provider{Script: providertest.Steps(providertest.Text("abc"))}}
	evs := collect(t, turn.Run(context.Background(), 0, nil, userText("q")))
	fin := evs[len(evs)-1]
	if providers.KindOf(fin.Err) != providers.ErrIncomplete {
		t.Errorf("Err = %v, want ErrIncomplete", fin.Err)
	}
	if m := storedLast(t, s); m.Status != StatusError || m.Text() != "abc" || m.Error != "stream ended without finishing" {
		t.Errorf("stored: status %q text %q error %q", m.Status, m.Text(), m.Error)
	}
}

func TestTurnCancel(t *testing.T) {
	cases := map[string]func(cancel func()) []any{
		// A real adapter: the cancel ends the stream with an error.
		"adapter reports": func(cancel func()) []any {
			return []any{providertest.Text("kept"), cancel, providers.Errorf(providers.ErrCanceled, 0, context.Canceled, "cancelled")}
		},
		// A careless adapter keeps going; the Turn must stop anyway.
		"adapter ignores": func(cancel func()) []any {
			return []any{providertest.Text("kept"), cancel, providertest.Text(" dropped"), providertest.Done("stop")}
		},
	}
	for name, script := range cases {
		t.Run(name, func(t *testing.T) {
			s := openTest(t)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			turn := &Turn{Store: s, Provider: &providertest.Provider{Script: providertest.Steps(script(cancel)...)}}
			evs := collect(t, turn.Run(ctx, 0, nil, userText("q")))
			fin := evs[len(evs)-1]
			if !errors.Is(fin.Err, context.Canceled) {
				t.Errorf("Err = %v, want context.Canceled", fin.Err)
			}
			for _, m := range []Message{*fin.Message, storedLast(t, s)} {
				if m.Status != StatusCancelled || m.Text() != "kept" || m.Error != "cancelled" {
					t.Errorf("message: status %q text %q error %q", m.Status, m.Text(), m.Error)
				}
			}
		})
	}
}

func TestTurnCheckpoints(t *testing.T) {
	s := openTest(t)
	var checked int
	pieces := []string{"one ", "two ", "three"}
	script := func(_ context.Context, yield func(providers.Event, error) bool) {
		var sofar string
		for _, p := range pieces {
			if !yield(providertest.Text(p), nil) {
				return
			}
			sofar += p
			// Between events the partial text must already be on disk.
			if m := storedLast(t, s); m.Status != StatusStreaming || m.Text() != sofar {
				t.Errorf("after %q stored status %q text %q, want streaming %q", p, m.Status, m.Text(), sofar)
			}
			checked++
		}
		yield(providertest.Done("stop"), nil)
	}
	turn := &Turn{Store: s, Provider: &providertest.Provider{Script: script}, Checkpoint: time.Nanosecond}
	collect(t, turn.Run(context.Background(), 0, nil, userText("q")))
	if checked != len(pieces) {
		t.Fatalf("checked %d times", checked)
	}
	if m := storedLast(t, s); m.Status != StatusDone || m.Text() != "one two three" {
		t.Errorf("final: %q %q", m.Status, m.Text())
	}
}

func TestTurnCheckpointNotDue(t *testing.T) {
	s := openTest(t)
	script := func(_ context.Context, yield func(providers.Event, error) bool) {
		yield(providertest.Text("early"), nil)
		// An hour has not passed: nothing but the empty start is saved.
		if m := storedLast(t, s); m.Text() != "" || m.Status != StatusStreaming {
			t.Errorf("saved before the checkpoint was due: %q %q", m.Status, m.Text())
		}
		yield(providertest.Done("stop"), nil)
	}
	turn := &Turn{Store: s, Provider: &providertest.Provider{Script: script}, Checkpoint: time.Hour}
	collect(t, turn.Run(context.Background(), 0, nil, userText("q")))
	if m := storedLast(t, s); m.Text() != "early" {
		t.Errorf("final save missing: %q", m.Text())
	}
}

func TestTurnNilStore(t *testing.T) {
	turn := &Turn{Provider: &providertest.Provider{Script: providertest.Steps(providertest.Text("a"), providertest.Text("b"), providertest.Done("stop"))}, Model: "m"}
	evs := collect(t, turn.Run(context.Background(), 0, nil, userText("q")))
	want := []TurnEventKind{TurnUserSaved, TurnStarted, TurnDelta, TurnDelta, TurnFinished}
	if !reflect.DeepEqual(kinds(evs), want) {
		t.Fatalf("kinds %v, want %v", kinds(evs), want)
	}
	fin := evs[len(evs)-1]
	if fin.Err != nil || fin.Message.ID != 0 || fin.Message.ConversationID != 0 ||
		fin.Message.Status != StatusDone || fin.Message.Text() != "ab" {
		t.Errorf("finished %+v, %v", fin.Message, fin.Err)
	}
	if evs[0].Message.ID != 0 || evs[0].Message.CreatedAt.IsZero() {
		t.Errorf("user message %+v", evs[0].Message)
	}
}

func TestTurnConsumerStops(t *testing.T) {
	for _, stopAt := range []TurnEventKind{TurnStarted, TurnDelta} {
		s := openTest(t)
		fp := &providertest.Provider{Script: providertest.Steps(providertest.Text("first"), providertest.Text(" second"), providertest.Done("stop"))}
		turn := &Turn{Store: s, Provider: fp}
		for ev := range turn.Run(context.Background(), 0, nil, userText("q")) {
			if ev.Kind == TurnFinished {
				t.Fatalf("stop at %v: got TurnFinished after breaking", stopAt)
			}
			if ev.Kind == stopAt {
				break
			}
		}
		wantText := map[TurnEventKind]string{TurnStarted: "", TurnDelta: "first"}[stopAt]
		if m := storedLast(t, s); m.Status != StatusCancelled || m.Text() != wantText {
			t.Errorf("stop at %v: stored %q %q, want cancelled %q", stopAt, m.Status, m.Text(), wantText)
		}
		if stopAt == TurnDelta && !fp.Stopped() {
			t.Errorf("provider was not told to stop")
		}
		if stopAt == TurnStarted && fp.Calls() != 0 {
			t.Errorf("provider called after the consumer left")
		}
	}
}

func TestTurnHistoryAndExistingConversation(t *testing.T) {
	s := openTest(t)
	c, _ := s.CreateConversation("kept title")
	history := []Message{
		{Role: RoleUser, Status: StatusDone, Parts: userText("q1")},
		{Role: RoleAssistant, Status: StatusDone, Parts: userText("a1")},
		{Role: RoleUser, Status: StatusDone, Parts: userText("q2")},
		{Role: RoleAssistant, Status: StatusError, Error: "boom"}, // nothing to send
		{Role: RoleUser, Status: StatusDone, Parts: userText("q3")},
		{Role: RoleAssistant, Status: StatusCancelled, Parts: userText("half")},
	}
	before := fmtMessages(history)
	fp := &providertest.Provider{Script: providertest.Steps(providertest.Text("ok"), providertest.Done("stop"))}
	turn := &Turn{Store: s, Provider: fp}
	evs := collect(t, turn.Run(context.Background(), c.ID, history, userText("q4")))
	if evs[0].Message.ConversationID != c.ID {
		t.Errorf("user message went to conversation %d", evs[0].Message.ConversationID)
	}
	tp := func(s string) providers.Part { return providers.TextPart{Text: s} }
	want := []providers.Message{
		{Role: providers.RoleUser, Parts: []providers.Part{tp("q1")}},
		{Role: providers.RoleAssistant, Parts: []providers.Part{tp("a1")}},
		{Role: providers.RoleUser, Parts: []providers.Part{tp("q2"), tp("q3")}},
		{Role: providers.RoleAssistant, Parts: []providers.Part{tp("half")}},
		{Role: providers.RoleUser, Parts: []providers.Part{tp("q4")}},
	}
	if !reflect.DeepEqual(fp.LastRequest().Messages, want) {
		t.Errorf("request messages\n got %+v\nwant %+v", fp.LastRequest().Messages, want)
	}
	if fmtMessages(history) != before {
		t.Errorf("history was modified")
	}
	got, _ := s.Conversation(c.ID)
	if got.Title != "kept title" || len(got.Messages) != 2 {
		t.Errorf("conversation %q with %d messages", got.Title, len(got.Messages))
	}
}

func fmtMessages(ms []Message) string {
	var b strings.Builder
	for _, m := range ms {
		b.WriteString(string(m.Role) + ":" + m.Text() + ";")
	}
	return b.String()
}

func TestTurnMissingConversation(t *testing.T) {
	s := openTest(t)
	fp := &providertest.Provider{Script: providertest.Steps(providertest.Text("never"), providertest.Done("stop"))}
	evs := collect(t, (&Turn{Store: s, Provider: fp}).Run(context.Background(), 999, nil, userText("q")))
	if len(evs) != 1 || evs[0].Message != nil || !errors.Is(evs[0].Err, ErrNotFound) {
		t.Errorf("events %+v, want one TurnFinished with ErrNotFound", evs)
	}
	if fp.Calls() != 0 {
		t.Errorf("provider called without a saved user message")
	}
}

func TestTitleFrom(t *testing.T) {
	long := "Please explain how the quick brown fox jumps over the lazy dog in detail"
	cases := []struct {
		parts []Part
		want  string
	}{
		{userText("  \n\n  Hello   world  \nsecond"), "Hello world"},
		{nil, "New conversation"},
		{userText(" \n "), "New conversation"},
		{[]Part{Text{Text: ""}, Text{Text: "from the second part"}}, "from the second part"},
		{userText(long), "Please explain how the quick brown fox jumps over the lazy…"},
		{userText(strings.Repeat("x", 100)), strings.Repeat("x", 59) + "…"},
		{userText(strings.Repeat("é", 60)), strings.Repeat("é", 60)},
	}
	for _, c := range cases {
		got := titleFrom(c.parts)
		if got != c.want {
			t.Errorf("titleFrom(%q) = %q, want %q", fmtMessages([]Message{{Parts: c.parts}}), got, c.want)
		}
		if n := len([]rune(got)); n > maxTitleLen {
			t.Errorf("title %q has %d runes", got, n)
		}
	}
}
