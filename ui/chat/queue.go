package chat

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

// Queue queues text typed while a reply streams.
func (c *Chat) Queue(text string) Outcome {
	if strings.TrimSpace(text) == "" {
		return Outcome{}
	}
	if !c.queue.Put(text) {
		return say("one message is queued already: ↑ in an empty composer takes it back", true)
	}
	return Outcome{Clear: true, ClearText: text}
}

// TakeBack puts the waiting message back into the composer, which must
// be empty (composerEmpty); false when none waits.
func (c *Chat) TakeBack(composerEmpty bool) (Outcome, bool) {
	if _, _, ok := c.queue.Pending(); !ok || !composerEmpty {
		return Outcome{}, false
	}
	text, _ := c.queue.Take()
	out := say("the queued message is back in the composer", false)
	out.Compose, out.SetCompose = text, true
	return out, true
}

// Held is the held message Enter in an empty composer sends; false when
// none is held or a reply streams.
func (c *Chat) Held(composerEmpty bool) (string, bool) {
	if _, held, ok := c.queue.Pending(); !ok || !held || !composerEmpty || c.stream.Busy() {
		return "", false
	}
	return c.queue.Take()
}

// sendDue is the Cmd that sends the queued message once the reply has
// ended by itself, after then (the branch's reload) has run.
func (c *Chat) sendDue(then tea.Cmd) tea.Cmd {
	text, ok := c.queue.Due()
	if !ok {
		return then
	}
	return tea.Sequence(then, func() tea.Msg { return dueMsg{text: text} })
}

// QueueLines is the pending message's line under the transcript, if one
// waits.
func (c *Chat) QueueLines(width int) []string { return queueLines(&c.queue, width, c.draw.styles) }

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
