package ui

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/providers/providertest"
	"parley/session"
	"parley/session/config"
)

// storeModel is a model whose turns store in a fresh store and use p.
func storeModel(t *testing.T, p providers.Provider, opts Options) (*Model, *runner, *session.Store) {
	t.Helper()
	st := openStore(t)
	opts.Store = st
	opts.Turns = func(model string) (*session.Turn, error) {
		return &session.Turn{Store: st, Provider: p, Model: strings.TrimPrefix(model, "fake/")}, nil
	}
	m := newTestModel(t, p, opts)
	return m, newRunner(t, m), st
}

// converse types text, presses enter and waits for the reply to end.
func converse(t *testing.T, m *Model, r *runner, p *providertest.Provider, text string) {
	t.Helper()
	n := len(p.Requests())
	r.typeText(text)
	r.press(tea.KeyEnter, 0)
	r.until("the reply to "+text, func() bool { return !m.chat.Busy() && len(p.Requests()) == n+1 })
}

// typeCommand types a slash command and presses enter.
func typeCommand(r *runner, line string) {
	r.typeText(line)
	r.press(tea.KeyEnter, 0)
}

// messages runs cmd and the Cmds of its batches, returning every message
// (tea.SetClipboard's and tea.Raw's among them, which a runner drops).
func messages(cmd tea.Cmd) []tea.Msg {
	if cmd == nil {
		return nil
	}
	switch msg := cmd().(type) {
	case nil:
		return nil
	case tea.BatchMsg:
		var out []tea.Msg
		for _, c := range msg {
			out = append(out, messages(c)...)
		}
		return out
	default:
		return []tea.Msg{msg}
	}
}

// fakeXclip puts a fake xclip on PATH (in front of the system's) that
// saves what it is given to the returned file, and makes the session an
// X11 one.
func fakeXclip(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	out := filepath.Join(dir, "copied")
	if err := os.WriteFile(filepath.Join(dir, "xclip"), []byte("#!/bin/sh\ncat > '"+out+"'\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	t.Setenv("PATH", dir+string(os.PathListSeparator)+os.Getenv("PATH"))
	t.Setenv("DISPLAY", ":0")
	t.Setenv("WAYLAND_DISPLAY", "")
	t.Setenv("TMUX", "")
	return out
}

// personas is a config with two personas.
func personas() *config.Config {
	return &config.Config{Personas: map[string]config.Persona{
		"reviewer": {System: "You review Go code.", Model: "fake/review-model"},
		"terse":    {System: "Answer in one line."},
	}}
}
