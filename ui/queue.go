package ui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/media/sanitize"
	"parley/themes"
	"parley/ui/common"
	"parley/ui/stream"
)

// Sending while a reply streams (the queue is ui/stream's Queue):
//
//   - Enter while a reply streams queues the message: the composer
//     empties and the message shows as pending under the reply; it is sent
//     when the reply ends by itself (done or failed). Attachments in the
//     tray stay there and go with it.
//   - Esc while the reply streams stops the reply, as always; the queued
//     message is then held: not sent on its own.
//   - With a message waiting, ↑ in an empty composer (before the chips)
//     and Esc when no reply streams take it back to the composer; Enter
//     in an empty composer sends a held one.

// queueTyped queues text typed while a reply streams.
func queueTyped(m *Model, text string) tea.Cmd {
	if strings.TrimSpace(text) == "" {
		return nil
	}
	if !m.queue.Put(text) {
		m.tray.SetNotice("one message is queued already: ↑ in an empty composer takes it back", true)
		m.layout()
		return nil
	}
	m.composer.Reset()
	m.layout()
	return nil
}

// takeBack puts the waiting message back into an empty composer.
func takeBack(m *Model) bool {
	if _, _, ok := m.queue.Pending(); !ok || !m.composer.Empty() {
		return false
	}
	text, _ := m.queue.Take()
	m.composer.SetValue(text)
	m.tray.SetNotice("the queued message is back in the composer", false)
	m.layout()
	return true
}

// sendHeld sends a held message on Enter in an empty composer.
func sendHeld(m *Model) (tea.Cmd, bool) {
	if _, held, ok := m.queue.Pending(); !ok || !held || !m.composer.Empty() || m.stream.Busy() {
		return nil, false
	}
	text, _ := m.queue.Take()
	return m.sendTyped(text), true
}

// sendDue is the Cmd that sends the queued message once the reply has
// ended by itself, after then (the branch's reload) has run.
func sendDue(m *Model, then tea.Cmd) tea.Cmd {
	text, ok := m.queue.Due()
	if !ok {
		return then
	}
	m.layout()
	return tea.Sequence(then, func() tea.Msg { return submitMsg{text: text} })
}

// queueLines is the pending message's line under the transcript, if one
// waits.
func queueLines(q *stream.Queue, width int, st *themes.Styles) []string {
	text, held, ok := q.Pending()
	if !ok {
		return nil
	}
	how := "sent when the reply ends · ↑ takes it back"
	if held {
		how = "held: enter sends it · esc or ↑ takes it back"
	}
	first := common.FirstLine(sanitize.String(text))
	line := st.Muted.Render("⧗ queued: ") + first + st.Muted.Render(" · "+how)
	return []string{ansi.Truncate(line, max(width, 1), "…")}
}
