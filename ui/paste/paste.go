// Package paste guards the keys that follow a bracketed paste.
//
// A terminal brackets a paste with ESC[200~ … ESC[201~, and Bubble Tea
// turns what is between into one tea.PasteMsg. Pasted text that itself
// holds the end marker ("…\x1b[201~\rINJECTED") ends the paste early: the
// rest arrives as keys, its \r as Enter, and the real end marker follows
// as a stray paste end (Bubble Tea v2 delivers it as an empty PasteMsg and
// a PasteEndMsg with no PasteStartMsg before them). Acted on, that Enter
// would send the message the user only meant to paste.
//
// So for a moment after each paste ends (Window, far shorter than a
// person takes to press a key, far longer than a terminal takes to deliver
// the rest of one write) the Guard holds the keys back. When the moment
// passes (Settled) they are given back in order; unless another paste
// marker came meanwhile, which proves the paste was split: then the held
// keys, and any paste text after them, are pasted text, handed back as
// text with a notice, and no key of them is acted on.
package paste

import (
	"fmt"
	"strings"
	"time"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// Window is how long keys are held after a paste ends.
const Window = 80 * time.Millisecond

// Msg is the Guard's message: its window has passed.
type Msg interface{ pasteMsg() }

// settledMsg ends window gen.
type settledMsg struct{ gen int }

func (settledMsg) pasteMsg() {}

// item is one held input: a key, or the text of a paste that came while
// the window was open.
type item struct {
	key   tea.KeyPressMsg
	text  string
	paste bool
}

// Guard holds the keys that follow a paste. The zero value is ready.
type Guard struct {
	open  bool
	gen   int
	split bool
	held  []item
}

// Result is what a window's end gives back.
type Result struct {
	// Keys are the held keys, to act on in order (the paste was whole).
	Keys []tea.KeyPressMsg
	// Text is the split paste's rest, to insert as pasted text; "" when
	// the paste was whole.
	Text string
	// Notice says the paste looked split; "" when it did not.
	Notice string
}

// Open reports whether keys are being held.
func (g *Guard) Open() bool { return g.open }

// Start takes a tea.PasteStartMsg: a paste starting while the window is
// open means the last one was split.
func (g *Guard) Start() {
	if g.open {
		g.split = true
	}
}

// Paste takes a tea.PasteMsg. It reports true when the Guard keeps it:
// the window is open, so the paste's text belongs after the held keys (an
// empty one is a stray end marker's). Otherwise the caller handles it.
func (g *Guard) Paste(msg tea.PasteMsg) bool {
	if !g.open {
		return false
	}
	g.split = true
	if msg.Content != "" {
		g.held = append(g.held, item{text: msg.Content, paste: true})
	}
	return true
}

// End takes a tea.PasteEndMsg: it opens the window (or, open already, it
// marks the paste split) and returns the Cmd that ends it.
func (g *Guard) End() tea.Cmd {
	if g.open {
		g.split = true
		return nil
	}
	g.open, g.split, g.held = true, false, nil
	g.gen++
	gen := g.gen
	return tea.Tick(Window, func(time.Time) tea.Msg { return settledMsg{gen: gen} })
}

// Hold keeps k while the window is open and reports whether it did.
func (g *Guard) Hold(k tea.KeyPressMsg) bool {
	if !g.open {
		return false
	}
	g.held = append(g.held, item{key: k})
	return true
}

// Update ends the window msg names, giving back what it held.
func (g *Guard) Update(msg Msg) Result {
	m, ok := msg.(settledMsg)
	if !ok || !g.open || m.gen != g.gen {
		return Result{}
	}
	held, split := g.held, g.split
	g.open, g.split, g.held = false, false, nil
	if !split {
		keys := make([]tea.KeyPressMsg, len(held))
		for i, it := range held {
			keys[i] = it.key
		}
		return Result{Keys: keys}
	}
	text, dropped := asText(held)
	notice := "the paste looked split (a paste-end marker inside the pasted text): what followed it was kept as text, no key of it acted on"
	if dropped > 0 {
		notice += fmt.Sprintf("; %d key(s) in it that are not text were dropped", dropped)
	}
	return Result{Text: text, Notice: notice}
}

// textKeys are the keys a split paste's bytes decode to that stand for
// text: \r (Enter) and \t (Tab).
type textKeys struct{ newline, tab key.Binding }

func defaultTextKeys() textKeys {
	return textKeys{newline: key.NewBinding(key.WithKeys("enter")), tab: key.NewBinding(key.WithKeys("tab"))}
}

// asText is what held keys and pastes typed: a key's text, Enter as a
// line break, Tab as a tab. Keys that type nothing (arrows, ctrl+…) are
// counted, not guessed at.
func asText(held []item) (text string, dropped int) {
	k := defaultTextKeys()
	var b strings.Builder
	for _, it := range held {
		switch {
		case it.paste:
			b.WriteString(it.text)
		case it.key.Text != "":
			b.WriteString(it.key.Text)
		case key.Matches(it.key, k.newline):
			b.WriteByte('\n')
		case key.Matches(it.key, k.tab):
			b.WriteByte('\t')
		default:
			dropped++
		}
	}
	return b.String(), dropped
}
