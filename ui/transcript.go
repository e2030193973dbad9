package ui

import (
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"parley/session"
)

// wheelLines is how far one mouse wheel step scrolls.
const wheelLines = 3

// transcript shows the conversation. It renders only the entries that are
// visible: while following it walks back from the last entry until the
// screen is full; otherwise it starts from an anchor (an entry and a line
// inside it), so no position depends on the height of entries above it and
// a long history is never laid out as a whole.
type transcript struct {
	entries []*entry
	width   int
	height  int
	draw    *drawCtx
	keys    keyMap

	follow  bool // stick to the bottom: a streaming reply stays in view
	top     int  // anchor entry when not following
	topLine int  // first visible line of the anchor entry
}

func newTranscript(d *drawCtx, keys keyMap) transcript {
	return transcript{draw: d, keys: keys, follow: true}
}

// Update scrolls on keys and the mouse wheel.
func (t transcript) Update(msg tea.Msg) (transcript, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, t.keys.PageUp):
			t.scrollUp(max(t.height-1, 1))
		case key.Matches(msg, t.keys.PageDown):
			t.scrollDown(max(t.height-1, 1))
		case key.Matches(msg, t.keys.Top):
			t.follow, t.top, t.topLine = false, 0, 0
			t.settle()
		case key.Matches(msg, t.keys.Bottom):
			t.follow = true
		}
	case tea.MouseWheelMsg:
		switch msg.Mouse().Button {
		case tea.MouseWheelUp:
			t.scrollUp(wheelLines)
		case tea.MouseWheelDown:
			t.scrollDown(wheelLines)
		}
	}
	return t, nil
}

// add appends an entry. A new entry does not move a reader who scrolled up.
func (t *transcript) add(e *entry) { t.entries = append(t.entries, e) }

// last is the newest entry, or nil.
func (t *transcript) last() *entry {
	if len(t.entries) == 0 {
		return nil
	}
	return t.entries[len(t.entries)-1]
}

// setSize changes the size; cached lines are per width, so nothing else
// needs to be invalidated.
func (t *transcript) setSize(w, h int) {
	t.width, t.height = max(w, 1), max(h, 0)
	t.clampAnchor()
}

// invalidate drops every entry's render cache (the theme changed).
func (t *transcript) invalidate() {
	for _, e := range t.entries {
		e.invalidate()
	}
}

func (t *transcript) h(i int) int { return t.entries[i].height(t.width, t.draw) }

// anchorFromBottom sets the anchor to the top of the following view.
func (t *transcript) anchorFromBottom() {
	need := t.height
	for i := len(t.entries) - 1; i >= 0; i-- {
		n := t.h(i)
		if n >= need {
			t.top, t.topLine = i, n-need
			return
		}
		need -= n
	}
	t.top, t.topLine = 0, 0
}

func (t *transcript) scrollUp(n int) {
	if len(t.entries) == 0 {
		return
	}
	if t.follow {
		t.anchorFromBottom()
		t.follow = false
	}
	for t.topLine < n {
		n -= t.topLine
		if t.top == 0 {
			t.topLine = 0
			return
		}
		t.top--
		t.topLine = t.h(t.top)
	}
	t.topLine -= n
}

func (t *transcript) scrollDown(n int) {
	if t.follow || len(t.entries) == 0 {
		return
	}
	t.topLine += n
	for t.top < len(t.entries)-1 {
		h := t.h(t.top)
		if t.topLine < h {
			break
		}
		t.topLine -= h
		t.top++
	}
	t.settle()
}

// settle resumes following when the anchor shows the end of the transcript:
// scrolling back to the bottom means "follow again".
func (t *transcript) settle() {
	t.clampAnchor()
	if t.follow {
		return
	}
	seen := -t.topLine
	for i := t.top; i < len(t.entries); i++ {
		seen += t.h(i)
		if seen > t.height {
			return
		}
	}
	t.follow = true
}

// clampAnchor keeps the anchor inside the transcript after a resize.
func (t *transcript) clampAnchor() {
	if t.follow {
		return
	}
	if t.top >= len(t.entries) {
		t.follow = true
		return
	}
	if h := t.h(t.top); t.topLine >= h {
		t.topLine = max(h-1, 0)
	}
}

// View returns exactly height lines.
func (t transcript) View() string { return strings.Join(t.Lines(), "\n") }

// Lines is View before joining, so the root can join the whole screen in
// one allocation.
func (t transcript) Lines() []string {
	if t.height <= 0 {
		return nil
	}
	var lines []string
	if t.follow {
		lines = t.bottomLines()
	} else {
		lines = t.linesFrom(t.top, t.topLine)
	}
	for len(lines) < t.height {
		lines = append(lines, "")
	}
	t.draw.imgs.overlay(&t, lines) // images over their reserved rows
	return lines
}

// bottomLines collects the last height lines, walking back from the end.
func (t transcript) bottomLines() []string {
	need := t.height
	first := len(t.entries)
	skip := 0 // lines of entries[first] above the view
	for first > 0 && need > 0 {
		first--
		n := t.h(first)
		if n >= need {
			skip = n - need
			need = 0
			break
		}
		need -= n
	}
	if need > 0 {
		// Everything fits: show it from the top.
		return t.linesFrom(0, 0)
	}
	return t.linesFrom(first, skip)
}

// linesFrom collects up to height lines starting at line skip of entry i.
func (t transcript) linesFrom(i, skip int) []string {
	out := make([]string, 0, t.height)
	for ; i < len(t.entries) && len(out) < t.height; i++ {
		n := t.h(i)
		if skip >= n {
			skip -= n
			continue
		}
		to := min(n, skip+t.height-len(out))
		out = append(out, t.entries[i].linesIn(t.width, skip, to, t.draw)...)
		skip = 0
	}
	return out
}

// history is the conversation to send with the next message: every user
// and assistant message with text or media, in order; notices are parley's own.
func (t *transcript) history() []session.Message {
	var out []session.Message
	for _, e := range t.entries {
		if e.kind != entryMessage || e.streaming() {
			continue
		}
		text, media := e.text(), mediaParts(e.msg.Parts)
		if text == "" && len(media) == 0 {
			continue
		}
		m := e.msg
		m.Parts = nil
		if text != "" {
			m.Parts = []session.Part{session.Text{Text: text}}
		}
		m.Parts = append(m.Parts, media...) // images are re-sent, fitted per model
		out = append(out, m)
	}
	return out
}
