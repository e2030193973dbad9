package transcript

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"parley/session"
	"parley/themes"
)

// Kind says what an entry of the transcript shows.
type Kind uint8

const (
	// KindMessage is a user or assistant message.
	KindMessage Kind = iota
	// KindNotice is a note from parley (a setup hint).
	KindNotice
	// KindFailure is a note from parley about a failure.
	KindFailure
	// KindSystem is the conversation's system prompt, shown dim at its
	// top; it is not a message (the turn sends it natively).
	KindSystem
)

// Tags are what a message's header shows besides who wrote it and its
// status: its place among its branches, what the reply cost, and whether
// it is the selected message.
type Tags struct {
	Branch   int    // 1-based position among its siblings
	Branches int    // how many siblings; "‹ Branch/Branches ›" shows when > 1
	Cost     string // the reply's cost, "" when unknown (nothing is shown)
	Selected bool   // the message is selected (SelectMessage)
}

// Header is an entry's first line at width w: who wrote it ("You",
// "Assistant · provider/model", "parley"), its branch position, its status
// mark and its cost, spin being the spinner's frame for a streaming reply.
// msg's text fields are sanitized already.
func Header(kind Kind, msg session.Message, tags Tags, w int, st *themes.Styles, spin string) string {
	var b strings.Builder
	if tags.Selected {
		b.WriteString(st.Accent.Render("▸ "))
	}
	switch {
	case kind == KindSystem:
		b.WriteString(st.Muted.Render("System prompt"))
	case kind != KindMessage:
		b.WriteString(st.SystemLabel.Render("parley"))
	case msg.Role == session.RoleUser:
		b.WriteString(st.UserLabel.Render("You"))
	default:
		b.WriteString(st.AssistantLabel.Render("Assistant"))
		if name := modelName(msg); name != "" {
			b.WriteString(st.HeaderMeta.Render(" · " + name))
		}
	}
	if tags.Branches > 1 {
		b.WriteString(st.HeaderMeta.Render(fmt.Sprintf(" · ‹ %d/%d ›", tags.Branch, tags.Branches)))
	}
	if mark := statusMark(msg.Status, st, spin); mark != "" {
		b.WriteString(st.HeaderMeta.Render(" · "))
		b.WriteString(mark)
	}
	if tags.Cost != "" {
		b.WriteString(st.HeaderMeta.Render(" · " + tags.Cost))
	}
	return ansi.Truncate(b.String(), max(w, 1), "…")
}

func statusMark(s session.Status, st *themes.Styles, spin string) string {
	switch s {
	case session.StatusStreaming:
		return st.Streaming.Render(spin)
	case session.StatusCancelled:
		return st.Cancelled.Render("cancelled")
	case session.StatusInterrupted:
		return st.Interrupted.Render("interrupted")
	case session.StatusError:
		return st.ErrorMark.Render("error")
	}
	return ""
}

// modelName is "provider/model" unless the model already names it.
func modelName(m session.Message) string {
	if m.Provider == "" || strings.HasPrefix(m.Model, m.Provider+"/") {
		return m.Model
	}
	return m.Provider + "/" + m.Model
}

// EstimateHeight guesses the lines a message of header h takes at width
// w before it is loaded, each image taking imageRows: the header line and
// the blank line after it, and its text wrapped at the body's width with
// a third more for paragraph breaks, list items and code fences. It sizes
// a placeholder, so the scroll position is near right before the message
// is read from the store; drawing it corrects the guess.
func EstimateHeight(h session.MessageHeader, w, imageRows int) int {
	body := max(w-4, 1) // the body's indent and margin
	text := 0
	if h.TextBytes > 0 {
		text = (h.TextBytes*4/3 + body - 1) / body
	}
	return 2 + text + h.Images*max(imageRows, 1)
}
