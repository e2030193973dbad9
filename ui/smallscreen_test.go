package ui

import (
	"context"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/providers"
	"parley/providers/providertest"
	"parley/session"
	"parley/session/catalog"
	"parley/ui/chat"
	"parley/ui/dialog"
)

// boxRows returns the rows of view that belong to the dialog box: from
// its top border ╭ to its bottom border ╰, failing if either is missing.
func boxRows(t *testing.T, view string) []string {
	t.Helper()
	lines := strings.Split(view, "\n")
	top, bottom := -1, -1
	for i, l := range lines {
		switch s := strings.TrimSpace(l); {
		case top < 0 && strings.HasPrefix(s, "╭"):
			top = i
		case top >= 0 && strings.HasPrefix(s, "╰"):
			bottom = i
		}
		if bottom >= 0 {
			break
		}
	}
	if top < 0 || bottom < 0 {
		t.Fatalf("no bordered box on screen:\n%s", view)
	}
	return lines[top : bottom+1]
}

// TestGoldenHelpSmall opens the help at 40×10: the first page shows keys
// (not a lone "…"), the box keeps its border and its width while it
// scrolls, and every page has a few rows of content.
func TestGoldenHelpSmall(t *testing.T) {
	m := goldenModel(t, 40, 10)
	m.opts.Version = "v0.1.0"
	r := newRunner(t, m)
	r.typeText("?")
	first := plainView(m)
	checkGolden(t, "help_40x10", first)
	if !strings.Contains(first, "enter") || !strings.Contains(first, "send") {
		t.Errorf("the help's first page shows no key:\n%s", first)
	}
	width := -1
	for page := 0; page < 8; page++ {
		box := boxRows(t, plainView(m))
		if len(box)-2 < 5 { // title or keys, plus the scroll hint
			t.Errorf("page %d has %d content rows:\n%s", page, len(box)-2, plainView(m))
		}
		for _, l := range box {
			if w := ansi.StringWidth(strings.TrimRight(l, " ")); width < 0 {
				width = w
			} else if w != width && strings.TrimSpace(l) != "" {
				t.Fatalf("page %d: box row %q is %d cells wide, want %d (the box changed width):\n%s", page, l, w, width, plainView(m))
			}
			if strings.TrimSpace(strings.Trim(strings.TrimSpace(l), "│╭╮╰╯─")) == "…" {
				t.Errorf("page %d has a row that is only an ellipsis:\n%s", page, plainView(m))
			}
		}
		r.press(tea.KeyPgDown, 0)
	}
}

// smallCatalog is a provider list long enough to scroll at 40×10.
func smallCatalog() []catalog.Provider {
	var models []catalog.Model
	for _, id := range []string{"gpt-4o-mini", "gpt-4o", "gpt-4.1", "gpt-5", "gpt-5-mini", "o3"} {
		models = append(models, catalog.Model{ID: id, Caps: providers.LookupCaps(providers.ProtocolOpenAI, id), Listed: true})
	}
	return []catalog.Provider{{Name: "openai", Type: "openai", Usable: true, Models: models}}
}

// TestGoldenPickerSmall opens the model picker at 40×10: it keeps its
// border, shows several models, and the filter line starts at the box's
// left edge instead of being centred on its own.
func TestGoldenPickerSmall(t *testing.T) {
	m := newTestModel(t, &providertest.Provider{}, Options{Model: "openai/gpt-4o-mini",
		Models: func(context.Context) ([]catalog.Provider, error) { return smallCatalog(), nil }})
	m.Update(tea.WindowSizeMsg{Width: 40, Height: 10})
	r := newRunner(t, m)
	r.press('p', tea.ModCtrl)
	d, ok := m.dialogs.Top().(*dialog.Picker)
	if !ok {
		t.Fatalf("ctrl+p opened %T", m.dialogs.Top())
	}
	r.until("the model list", func() bool { return !d.Loading() })
	r.typeText("gpt")
	view := plainView(m)
	checkGolden(t, "picker_40x10", view)
	box := boxRows(t, view)
	left := strings.Index(box[0], "╭")
	filter := -1
	listed := 0
	for _, l := range box {
		if strings.Contains(l, "› gpt") {
			filter = strings.Index(l, "›")
		}
		if strings.Contains(l, "openai/gpt") {
			listed++
		}
	}
	// "│ " is the border and its padding: the filter starts right after.
	if filter < 0 || ansi.StringWidth(box[1][:filter]) != ansi.StringWidth(box[0][:left])+2 {
		t.Errorf("the filter line is not at the box's left edge:\n%s", view)
	}
	if listed < 3 {
		t.Errorf("the picker lists %d models at 40×10, want at least 3:\n%s", listed, view)
	}
}

// TestEmptyHintEllipsis checks that a narrow screen cuts the start-up
// hint with an ellipsis instead of in the middle of a word.
func TestEmptyHintEllipsis(t *testing.T) {
	m := newTestModel(t, &providertest.Provider{}, Options{})
	m.Update(tea.WindowSizeMsg{Width: 40, Height: 10})
	first := strings.Split(plainView(m), "\n")[0]
	if ansi.StringWidth(first) > 40 || !strings.HasSuffix(strings.TrimRight(first, " "), "…") {
		t.Errorf("hint at 40 columns: %q, want it cut to 40 cells with …", first)
	}
}

// TestSwitchModelRefusedWhileStreaming: Ctrl+P, /model and a choice
// arriving from the picker are refused while a reply streams, with a
// notice saying what to do; after the reply stops they work again.
func TestSwitchModelRefusedWhileStreaming(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("partial"), Hold: true}
	m := newTestModel(t, p, Options{Model: "fake/test-model",
		Models: func(context.Context) ([]catalog.Provider, error) { return smallCatalog(), nil }})
	r := newRunner(t, m)
	r.send(submitMsg{text: "question"})
	r.until("streaming", func() bool { return strings.Contains(lastEntry(t, m).Text(), "partial") })

	r.press('p', tea.ModCtrl)
	if d := m.dialogs.Top(); d != nil {
		t.Errorf("ctrl+p opened %T while a reply streams", d)
	}
	if !strings.Contains(plainView(m), "stop the reply (Esc) or wait for it to finish") {
		t.Errorf("no notice says why the picker did not open:\n%s", plainView(m))
	}
	r.typeText("/model openai/gpt-4o")
	r.press(tea.KeyEnter, 0)
	r.run(m.handleAction(dialog.ActionChooseModel{Entry: dialog.ModelEntry{Name: "openai/o3", Usable: true}}))
	if m.opts.Model != "fake/test-model" || !strings.Contains(m.status.View(80), "fake/test-model") {
		t.Errorf("switched to %q (status %q) while a reply streams", m.opts.Model, m.status.View(80))
	}
	if strings.Contains(plainView(m), "switched to") {
		t.Errorf("a switch notice appeared under the streaming reply:\n%s", plainView(m))
	}

	r.press(tea.KeyEscape, 0)
	r.press('p', tea.ModCtrl)
	if _, ok := m.dialogs.Top().(*dialog.Picker); !ok {
		t.Fatalf("after Esc, ctrl+p opened %T, want the picker", m.dialogs.Top())
	}
	r.press(tea.KeyEscape, 0)
	r.typeText("/model openai/gpt-4o")
	r.press(tea.KeyEnter, 0)
	if m.opts.Model != "openai/gpt-4o" {
		t.Errorf("after the reply stopped, /model left %q", m.opts.Model)
	}
}

// TestStoppedReplyMarkedAtEndAndInStatus: after Esc the status bar says
// "cancelled" until the next send, and the reply ends with "— cancelled"
// (its header may have scrolled off); a failed reply says "error".
func TestStoppedReplyMarkedAtEndAndInStatus(t *testing.T) {
	long := strings.Repeat("a line of a long reply\n\n", 40)
	p := &providertest.Provider{Events: providertest.Reply(long), Hold: true}
	m := newTestModel(t, p, Options{})
	r := newRunner(t, m)
	r.send(submitMsg{text: "question"})
	reply := lastEntry(t, m)
	r.until("the reply", func() bool { return strings.Contains(reply.Text(), "long reply") })
	r.press(tea.KeyEscape, 0)

	view := plainView(m)
	lines := strings.Split(view, "\n")
	if status := lines[len(lines)-1]; !strings.Contains(status, "cancelled") || strings.Contains(status, "ready") {
		t.Errorf("status bar after Esc: %q, want cancelled", status)
	}
	if strings.Contains(lines[0], "Assistant") {
		t.Fatalf("precondition: the header should have scrolled off:\n%s", view)
	}
	if !strings.Contains(view, "— cancelled") {
		t.Errorf("no cancelled mark at the end of the stopped reply:\n%s", view)
	}
	rendered := m.chat.EntryLines(reply, 80)
	if got := strings.TrimSpace(ansi.Strip(rendered[len(rendered)-2])); got != "— cancelled · "+chat.RetryHint {
		t.Errorf("the reply's last line is %q, want the cancelled mark and how to retry", got)
	}
	r.until("the cancelled turn to end", func() bool { return m.chat.Draining() == 0 })

	p.Events, p.Hold = providertest.Reply("ok"), false
	p.Err = providers.Errorf(providers.ErrConnection, 0, nil, "connection lost after 1 tokens")
	r.send(submitMsg{text: "again"})
	if s := m.status.View(80); strings.Contains(s, "cancelled") {
		t.Errorf("status bar still says cancelled after the next send: %q", s)
	}
	r.until("the failed reply", func() bool { return !m.chat.Busy() })
	if s := ansi.Strip(m.status.View(80)); !strings.Contains(s, "error") || strings.Contains(s, "cancelled") {
		t.Errorf("status bar after a failed reply: %q, want error", s)
	}
	if e := lastEntry(t, m); e.Message().Status != session.StatusError {
		t.Errorf("failed reply status %s", e.Message().Status)
	}
	if strings.Contains(fmt.Sprint(m.chat.EntryLines(lastEntry(t, m), 80)), "— cancelled") {
		t.Error("a failed reply carries the cancelled mark")
	}
}
