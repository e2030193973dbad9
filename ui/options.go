package ui

import (
	"parley/session"
)

// TurnFactory returns a Turn for the given "provider/model" name, or an error
// that says exactly what to set (an env var or config key) when it cannot be
// used.
type TurnFactory func(model string) (*session.Turn, error)

// Options is everything the TUI needs, wired by main.
type Options struct {
	Store *session.Store // nil: nothing is saved
	Turns TurnFactory
	// Model is the "provider/model" in use at start.
	Model string
	// SetupHint, when not empty, is shown at start because no provider is
	// usable, e.g. "set OPENAI_API_KEY or point base_url at a local server".
	SetupHint string
	// Conversation is a conversation to resume, or nil for a new one.
	Conversation *session.Conversation
	// Prompt, when not empty, is sent as the first message.
	Prompt string
	// Theme is "dark", "light" or "" to follow the terminal's background.
	Theme string
	// Version is shown in the help view.
	Version string
}
