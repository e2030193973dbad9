package ui

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"parley/media/sanitize"
	"parley/session"
	"parley/themes"
)

// replyState is what the status bar says about the current reply.
type replyState uint8

const (
	stateIdle      replyState = iota
	stateWaiting              // sent, no token yet
	stateReasoning            // the model is thinking, no reply text yet
	stateStreaming            // reply text is arriving
	stateDrawing              // a picture is being drawn: stages are arriving
)

// statusBar is the bottom line: model, reply state, usage and title. It is
// a plain value: the root sets its fields and View draws them.
type statusBar struct {
	styles   *themes.Styles
	memo     *statusMemo
	model    string
	state    replyState
	spin     string
	tps      float64 // tokens per second of the streaming reply
	usage    session.Usage
	hasUsage bool
	failed   bool // the last reply ended in an error
	// cancelled: the last reply was stopped (Esc). Like failed, it stays
	// until the next send, so a stop whose header has scrolled away is
	// still visible.
	cancelled bool
	// stage counts the partial pictures of the generation in progress.
	stage int
	title string
}

// statusMemo keeps the last drawn bar: it is redrawn only when what it
// shows changes, not on every streamed frame.
type statusMemo struct {
	key   statusBar // styles and memo zeroed
	width int
	s     string
}

// setTitle shows a conversation title (untrusted: it may come from the
// model or an imported file).
func (s *statusBar) setTitle(t string) {
	s.title = firstLine(sanitize.String(t))
}

// View draws the bar exactly width cells wide.
func (s statusBar) View(width int) string {
	if width <= 0 {
		return ""
	}
	key := s
	key.styles, key.memo = nil, nil
	if s.memo != nil && s.memo.key == key && s.memo.width == width {
		return s.memo.s
	}
	out := s.draw(width)
	if s.memo != nil {
		*s.memo = statusMemo{key: key, width: width, s: out}
	}
	return out
}

func (s statusBar) draw(width int) string {
	st := s.styles
	sep := st.StatusSep.Render(" │ ")
	parts := []string{st.StatusModel.Render(" " + s.model)}
	if state := s.stateText(); state != "" {
		parts = append(parts, state)
	}
	if s.hasUsage {
		parts = append(parts, st.StatusUsage.Render(
			fmt.Sprintf("in %d · out %d tokens", s.usage.InputTokens, s.usage.OutputTokens)))
	}
	if s.title != "" {
		parts = append(parts, st.StatusTitle.Render(s.title))
	}
	line := ansi.Truncate(strings.Join(parts, sep), width, "…")
	if pad := width - ansi.StringWidth(line); pad > 0 {
		line += st.StatusBar.Render(strings.Repeat(" ", pad))
	}
	return line
}

// beginTurn resets the bar for a new turn: waiting, and no usage until the
// new turn reports its own (the last turn's tokens would read as this
// one's, a cancelled reply's above all).
func (s *statusBar) beginTurn() {
	s.state, s.tps, s.failed, s.cancelled = stateWaiting, 0, false, false
	s.hasUsage, s.stage = false, 0
}

func (s statusBar) stateText() string {
	st := s.styles
	switch s.state {
	case stateWaiting:
		return st.StatusState.Render(s.spin + " waiting")
	case stateReasoning:
		return st.StatusState.Render(s.spin + " thinking")
	case stateStreaming:
		if s.tps > 0 {
			return st.StatusState.Render(fmt.Sprintf("%s %.0f tok/s", s.spin, s.tps))
		}
		return st.StatusState.Render(s.spin + " streaming")
	case stateDrawing:
		if s.stage > 0 {
			return st.StatusState.Render(fmt.Sprintf("%s drawing · stage %d", s.spin, s.stage))
		}
		return st.StatusState.Render(s.spin + " drawing")
	}
	switch {
	case s.failed:
		return st.StatusError.Render("error")
	case s.cancelled:
		return st.Cancelled.Inherit(st.StatusState).Render("cancelled")
	}
	return st.StatusState.Render("ready")
}
