package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/media/clipboard"
	"parley/providers"
	"parley/providers/providertest"
	"parley/ui/dialog"
)

// numberedLines is n lines "line 1 of N: …", ended by sep.
func numberedLines(n int, sep string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		fmt.Fprintf(&b, "line %d of %d: the quick brown fox%s", i, n, sep)
	}
	return b.String()
}

// A bracketed paste of 6,000 lines becomes a text chip, not composer text;
// the inspect dialog shows its first lines; sending gives the model all
// of it as one fenced block (issue 15, item 3: it was cut at line 5,000
// without a word).
func TestLargePasteBecomesTextChipSentWhole(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("read")}
	m, r, _ := attachModel(t, p, Options{})
	text := numberedLines(6000, "\r") // a terminal's paste ends lines with \r
	r.send(tea.PasteMsg{Content: text})
	r.until("the text chip", func() bool { return m.tray.Len() == 1 })
	c := m.tray.Chips()[0]
	if c.Document() == nil || !strings.HasPrefix(c.Label(), "pasted text · 6,000 lines · ≈") {
		t.Fatalf("chip %q (document %v), want pasted text · 6,000 lines", c.Label(), c.Document() != nil)
	}
	if m.composer.Value() != "" {
		t.Errorf("the paste went into the composer too: %d bytes", len(m.composer.Value()))
	}
	if n := notice(m); !strings.Contains(n, "6,000 lines") || noticeErr(m) {
		t.Errorf("notice %q, want one saying the paste is attached", n)
	}

	r.press(tea.KeyUp, 0)
	r.press(tea.KeyEnter, 0)
	if _, ok := m.dialogs.Top().(*dialog.InspectText); !ok {
		t.Fatalf("enter on the text chip opened %T", m.dialogs.Top())
	}
	r.until("the first lines", func() bool { return strings.Contains(plainView(m), "line 1 of 6000") })
	if v := plainView(m); !strings.Contains(v, "more lines") || strings.Contains(v, "line 6000 of 6000") {
		t.Errorf("inspect view does not show the start and what is left:\n%s", v)
	}
	r.press(tea.KeyEscape, 0)
	r.press(tea.KeyDown, 0) // back to the composer

	r.typeText("summarize")
	r.press(tea.KeyEnter, 0)
	r.until("the reply", func() bool { return !m.chat.Busy() && len(p.Requests()) == 1 })
	parts := p.Requests()[0].Messages[0].Parts
	var sent string
	for _, part := range parts {
		if tp, ok := part.(providers.TextPart); ok {
			sent += tp.Text + "\n"
		}
	}
	for _, want := range []string{"summarize", "pasted text:\n```", "line 1 of 6000:", "line 5001 of 6000:", "line 6000 of 6000:"} {
		if !strings.Contains(sent, want) {
			t.Errorf("request lacks %q", want)
		}
	}
	if strings.Contains(sent, "\r") {
		t.Error("the paste's \\r line ends reached the model")
	}
	if !strings.Contains(plainView(m), "▤ pasted text · 6,000 lines") {
		t.Errorf("the sent message does not show its text attachment:\n%s", plainView(m))
	}
}

// Ctrl+V with 2 MB of text: over files.max_text_size (1 MB by default) it
// says so and keeps nothing; under a larger limit it becomes a chip
// (issue 15, item 4: it did nothing and said nothing).
func TestLargeClipboardTextSaysWhyOrBecomesChip(t *testing.T) {
	text := numberedLines(50000, "\n") // ≈2 MB
	read := func(context.Context) (clipboard.Content, error) { return clipboard.Content{Text: text}, nil }
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{Clipboard: read})
	r.press('v', tea.ModCtrl)
	r.until("the refusal", func() bool { return noticeErr(m) })
	if n := notice(m); !strings.Contains(n, "nothing was pasted") || !strings.Contains(n, "files.max_text_size") || !strings.Contains(n, "50,000 lines") {
		t.Errorf("notice %q", n)
	}
	if m.tray.Len() != 0 || m.composer.Value() != "" {
		t.Errorf("a refused paste left %d chips and %d bytes of text", m.tray.Len(), len(m.composer.Value()))
	}

	m, r, _ = attachModel(t, &providertest.Provider{}, Options{Clipboard: read, MaxTextBytes: 4 << 20})
	r.press('v', tea.ModCtrl)
	r.until("the text chip", func() bool { return m.tray.Len() == 1 })
	if l := m.tray.Chips()[0].Label(); !strings.HasPrefix(l, "pasted text · 50,000 lines") {
		t.Errorf("chip %q", l)
	}
}

// Small pastes go into the composer, until together with what it holds
// they pass the limit: then the paste becomes a chip and the composer
// keeps its text.
func TestSmallPastesAddUpToAChip(t *testing.T) {
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{})
	chunk := numberedLines(150, "\n")
	r.send(tea.PasteMsg{Content: chunk})
	if m.tray.Len() != 0 || m.composer.Value() != chunk {
		t.Fatalf("a 150-line paste: %d chips, composer %d bytes", m.tray.Len(), len(m.composer.Value()))
	}
	r.send(tea.PasteMsg{Content: chunk})
	r.until("the second paste's chip", func() bool { return m.tray.Len() == 1 })
	if m.composer.Value() != chunk {
		t.Errorf("the composer's text changed: %d bytes", len(m.composer.Value()))
	}
}

// BenchmarkPaste10MB is a 10 MB bracketed paste from Update to its chip
// in the tray (stored: files.max_text_size raised to 16 MB), the issue's
// target being under a second.
func BenchmarkPaste10MB(b *testing.B) {
	text := numberedLines(10<<20/40, "\r")
	for b.Loop() {
		b.StopTimer()
		m, r, _ := attachModel(b, &providertest.Provider{}, Options{MaxTextBytes: 16 << 20})
		b.StartTimer()
		r.send(tea.PasteMsg{Content: text})
		r.until("the chip", func() bool { return m.tray.Len() == 1 })
	}
}
