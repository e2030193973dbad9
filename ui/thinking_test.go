package ui

import (
	"context"
	"iter"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/providers/providertest"
	"parley/ui/status"
)

// chanProvider streams whatever the test sends on ch, then EventDone when
// ch is closed: the test decides what is on screen between events.
type chanProvider struct{ ch chan providers.Event }

func (c *chanProvider) Name() string { return "fake" }

func (c *chanProvider) Stream(ctx context.Context, _ providers.Request) iter.Seq2[providers.Event, error] {
	return func(yield func(providers.Event, error) bool) {
		for {
			select {
			case ev, ok := <-c.ch:
				if !ok {
					yield(providers.Event{Kind: providers.EventDone, FinishReason: "stop"}, nil)
					return
				}
				if !yield(ev, nil) {
					return
				}
			case <-ctx.Done():
				yield(providers.Event{}, ctx.Err())
				return
			}
		}
	}
}

// lineAfterHeader is the plain line right under the assistant's header.
func lineAfterHeader(t *testing.T, m *Model) string {
	t.Helper()
	lines := strings.Split(plainView(m), "\n")
	for i, l := range lines {
		if strings.Contains(l, "Assistant · ") && i+1 < len(lines) {
			return strings.TrimSpace(lines[i+1])
		}
	}
	t.Fatalf("no assistant header:\n%s", plainView(m))
	return ""
}

func TestReasoningLineThenReply(t *testing.T) {
	p := &chanProvider{ch: make(chan providers.Event, 16)}
	m := newTestModel(t, p, Options{})
	r := newRunner(t, m)
	r.typeText("why is the sky blue")
	r.press(tea.KeyEnter, 0)

	long := strings.Repeat("the sun's light hits the air, ", 6)
	p.ch <- providers.Event{Kind: providers.EventReasoning, Text: long + "so\nshort "}
	p.ch <- providers.Event{Kind: providers.EventReasoning, Text: "\x1b]0;pwned\x07wavelengths   scatter more"}
	r.until("the reasoning line", func() bool { return strings.Contains(plainView(m), "scatter more") })
	got := lineAfterHeader(t, m)
	if !strings.HasPrefix(got, "thinking: …") || !strings.HasSuffix(got, "so short wavelengths scatter more") {
		t.Fatalf("reasoning line %q: want \"thinking: …\" and the newest text on one line", got)
	}
	view := m.View().Content
	if strings.Contains(view, "pwned") || strings.Contains(view, "\x1b]0;") {
		t.Fatal("an escape sequence in the reasoning reached the screen")
	}
	if n := strings.Count(plainView(m), "thinking: "); n != 1 {
		t.Fatalf("%d reasoning lines, want one:\n%s", n, plainView(m))
	}
	if m.status.State() != status.Reasoning {
		t.Fatalf("status is not thinking: %v", m.status.State())
	}

	p.ch <- providers.Event{Kind: providers.EventText, Text: "Because of Rayleigh "}
	r.until("the reply text", func() bool { return strings.Contains(plainView(m), "Because of Rayleigh") })
	if v := plainView(m); strings.Contains(v, "thinking: ") || strings.Contains(v, "scatter more") {
		t.Fatalf("the reasoning line stayed once the reply started:\n%s", v)
	}
	p.ch <- providers.Event{Kind: providers.EventReasoning, Text: "late thought"}
	p.ch <- providers.Event{Kind: providers.EventText, Text: "scattering."}
	close(p.ch)
	r.until("the end of the reply", func() bool { return !m.chat.Busy() })
	got = lineAfterHeader(t, m)
	if !regexp.MustCompile(`^thought for (<1s|\d+s|\d+m \d+s)$`).MatchString(got) {
		t.Fatalf("collapsed line %q, want \"thought for Ns\"", got)
	}
	v := plainView(m)
	if !strings.Contains(v, "Because of Rayleigh scattering.") || strings.Contains(v, "late thought") {
		t.Fatalf("after the reply:\n%s", v)
	}
	if e := lastEntry(t, m); strings.Contains(e.Text(), "thought") || strings.Contains(e.Text(), "wavelengths") {
		t.Fatalf("reasoning got into the reply's text: %q", e.Text())
	}
}

func TestNoReasoningNoLine(t *testing.T) {
	m := newTestModel(t, &providertest.Provider{Events: providertest.Reply("plain ", "reply")}, Options{})
	r := newRunner(t, m)
	r.typeText("hi")
	r.press(tea.KeyEnter, 0)
	r.until("the reply", func() bool { return !m.chat.Busy() })
	if got := lineAfterHeader(t, m); got != "plain reply" {
		t.Fatalf("line under the header %q, want the reply", got)
	}
}
