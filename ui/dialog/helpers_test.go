package dialog

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/themes"
)

func testStyles() *themes.Styles {
	st := themes.NewStyles(themes.Dark())
	return &st
}

// plain is v without styling.
func plain(v string) string { return ansi.Strip(v) }

// flat is v without styling, borders and line breaks: what a wrapped
// line says.
func flat(v string) string {
	v = strings.NewReplacer("│", " ", "╭", " ", "╮", " ", "╰", " ", "╯", " ", "─", " ").Replace(plain(v))
	return strings.Join(strings.Fields(v), " ")
}

// run runs cmd and returns its message; a nil Cmd gives nil. A tick is
// run too (tea.Tick waits its duration, 150 ms at most here).
func run(t *testing.T, cmd tea.Cmd) tea.Msg {
	t.Helper()
	if cmd == nil {
		return nil
	}
	done := make(chan tea.Msg, 1)
	go func() { done <- cmd() }()
	select {
	case msg := <-done:
		return msg
	case <-time.After(10 * time.Second):
		t.Fatal("a Cmd did not return")
		return nil
	}
}

func press(code rune, mod tea.KeyMod) tea.KeyPressMsg {
	k := tea.KeyPressMsg{Code: code, Mod: mod}
	if mod == 0 && code > ' ' && code < tea.KeyExtended {
		k.Text = string(code)
	}
	return k
}

// typeText types s into d, key by key, running what each key starts.
func typeText(t *testing.T, d Dialog, s string) (last tea.Cmd) {
	t.Helper()
	for _, r := range s {
		_, last = d.Update(press(r, 0))
	}
	return last
}
