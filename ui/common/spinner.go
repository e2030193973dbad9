package common

import (
	"charm.land/bubbles/v2/spinner"
	tea "charm.land/bubbletea/v2"
)

// Spinner is the one spinner every busy mark draws (the status bar, a
// streaming reply's header). Its tick loop runs only while something is
// busy: Start starts it unless it runs, and Update lets it die once
// nothing is.
type Spinner struct {
	m       spinner.Model
	running bool // a tick is in flight
}

// NewSpinner is the mini-dot spinner, not running.
func NewSpinner() Spinner { return Spinner{m: spinner.New(spinner.WithSpinner(spinner.MiniDot))} }

// Frame is the frame to draw now.
func (s *Spinner) Frame() string { return s.m.View() }

// Start starts the tick loop unless it runs.
func (s *Spinner) Start() tea.Cmd {
	if s.running {
		return nil
	}
	s.running = true
	return s.m.Tick
}

// Update advances the frame while busy; when not, the loop ends. changed
// reports a new frame to draw.
func (s *Spinner) Update(msg spinner.TickMsg, busy bool) (cmd tea.Cmd, changed bool) {
	if !busy {
		s.running = false
		return nil, false
	}
	s.m, cmd = s.m.Update(msg)
	return cmd, true
}
