package ui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/session"
)

// Without a key the status bar says which env var to set, not "ready";
// sending says why in the notice line, keeps the text, and adds no second
// "parley" entry under the set-up hint however often Enter is pressed
// (issue 15, item 20).
func TestNoKeyStatusSaysWhatToSetAndSendAddsNoHeader(t *testing.T) {
	missing := &providers.MissingKeyError{Provider: "openai", Sources: []string{"OPENAI_API_KEY"},
		Hint: "openai has no key: set OPENAI_API_KEY, or providers.openai.api_key_cmd in config.toml"}
	m := newTestModel(t, nil, Options{Model: "openai/gpt-4o-mini", SetupHint: "no provider is usable: set OPENAI_API_KEY",
		Turns: func(string) (*session.Turn, error) { return nil, missing }})
	r := newRunner(t, m)
	r.run(m.Init())
	r.until("the status bar names the missing key", func() bool {
		return strings.Contains(plainView(m), "no key: set OPENAI_API_KEY")
	})
	if bar := m.status.View(80); strings.Contains(bar, "ready") {
		t.Errorf("status bar says ready without a key: %q", bar)
	}
	r.typeText("hello")
	r.press(tea.KeyEnter, 0)
	r.press(tea.KeyEnter, 0)
	view := plainView(m)
	n := 0
	for _, l := range strings.Split(view, "\n") {
		if strings.HasPrefix(strings.TrimSpace(l), "parley") {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d parley headers after two sends, want the set-up hint's only:\n%s", n, view)
	}
	if !strings.Contains(view, "providers.openai.api_key_cmd") {
		t.Errorf("the send does not say what to set:\n%s", view)
	}
	if m.composer.Value() != "hello" || m.chat.Busy() {
		t.Errorf("composer %q busy %v, want the text kept and nothing sent", m.composer.Value(), m.chat.Busy())
	}
}
