// Package composer is the message editor under the transcript: a
// textarea that grows with its text, Tab completion of whatever the root
// says the text may complete to, and the editing keys (its KeyMap). Enter
// is not its business: the root decides whether Enter sends.
package composer

import (
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"parley/themes"
)

// maxComposerLines is the tallest the composer grows before it scrolls.
const maxComposerLines = 8

// Model is the multi-line message editor. It inserts newlines on
// shift+enter and ctrl+j. Use New.
type Model struct {
	ta     textarea.Model
	styles *themes.Styles
	width  int
	// view memoizes View: the screen is redrawn for every streamed frame
	// while the composer rarely changes, and drawing a textarea is costly.
	// Every change gets a fresh cache, so copies never share a stale one.
	view *viewCache
	keys KeyMap
	// compl is the state of Tab: the matches of the last Tab and which
	// one is shown, so that pressing Tab again cycles.
	compl completion
	// hist is input history: what Up and Down recall (history.go).
	hist recall
	// full is set when the last key typed text or a line break the
	// textarea refused: it is at its limit and says nothing itself.
	full bool
}

// viewCache holds a rendered view until the state it was drawn from
// changes.
type viewCache struct {
	ok bool
	s  string
}

// New returns an empty, focused editor.
func New(keys KeyMap, st *themes.Styles) Model {
	ta := textarea.New()
	ta.KeyMap = keys.Textarea()
	ta.ShowLineNumbers = false
	ta.Prompt = ""
	ta.Placeholder = "Message… (enter to send, ? for help)"
	ta.CharLimit = 0
	// The box grows with the text up to MaxHeight rows and then scrolls;
	// MaxContentHeight keeps MaxHeight from limiting how much can be typed.
	ta.DynamicHeight = true
	ta.MinHeight = 1
	ta.MaxHeight = maxComposerLines
	ta.MaxContentHeight = 5000
	ta.SetHeight(1)
	ta.Focus()
	c := Model{ta: ta, styles: st, view: &viewCache{}, keys: keys, hist: recall{pos: -1}}
	c.applyStyles()
	return c
}

// Update edits the text; the box follows the text's height by itself.
// Up on the first line and Down on the last (or ctrl+Up/Down anywhere)
// step through input history; ctrl+u clears the whole draft.
func (c Model) Update(msg tea.Msg) (Model, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && c.historyKey(k) {
		return c, nil
	}
	var cmd tea.Cmd
	before := c.ta.Value()
	c.ta, cmd = c.ta.Update(msg)
	c.view = &viewCache{}
	k, typed := msg.(tea.KeyPressMsg)
	typed = typed && (k.Text != "" || key.Matches(k, c.keys.Newline))
	c.full = typed && c.ta.Value() == before
	return c, cmd
}

// historyKey handles the keys of input history and ClearDraft; it
// reports false for a key the textarea should have (↑ inside a
// multi-line text moves the cursor).
func (c *Model) historyKey(k tea.KeyPressMsg) bool {
	edge := k.Mod != 0 // ctrl+↑/↓ step from any line
	switch {
	case key.Matches(k, c.keys.ClearDraft):
		c.Reset()
		return true
	case key.Matches(k, c.keys.Older) && (edge || c.ta.Line() == 0):
		return c.Older()
	case key.Matches(k, c.keys.Newer) && (edge || c.ta.Line() == c.ta.LineCount()-1):
		return c.Newer()
	}
	return false
}

// Full reports that the last key's text did not go in: the editor is at
// its limit (5,000 rows), which the caller must say.
func (c Model) Full() bool { return c.full }

// View is the bordered editor.
func (c Model) View() string {
	if c.view.ok {
		return c.view.s
	}
	c.view.s, c.view.ok = c.draw(), true
	return c.view.s
}

func (c Model) draw() string {
	box := c.styles.ComposerFocused
	if !c.ta.Focused() {
		box = c.styles.ComposerBlurred
	}
	if c.width < 3 {
		// No room for a border: the bare editor is still usable.
		return c.ta.View()
	}
	return box.Render(c.ta.View())
}

// Height is the number of screen lines View takes.
func (c Model) Height() int {
	if c.width < 3 {
		return c.ta.Height()
	}
	return c.ta.Height() + 2
}

// Value is the text as typed.
func (c Model) Value() string { return c.ta.Value() }

// Empty reports whether there is nothing but white space to send.
func (c Model) Empty() bool { return strings.TrimSpace(c.ta.Value()) == "" }

// Reset clears the text after it was sent; a recall ends.
func (c *Model) Reset() {
	c.ta.Reset()
	c.hist.pos, c.hist.draft = -1, ""
	c.view = &viewCache{}
}

// SetValue replaces the text.
func (c *Model) SetValue(s string) {
	c.ta.SetValue(s)
	c.view = &viewCache{}
}

// InsertString types s at the cursor (pasted text). The textarea drops
// the lines past its limits (MaxContentHeight rows, 10,000 lines) without a
// word, so ok is false when s did not go in whole: the text is then left
// as it was, for the caller to put s elsewhere and say so.
func (c *Model) InsertString(s string) (ok bool) {
	// The textarea makes a line of each \r and each \n: one break of
	// \r\n would become two.
	s = strings.ReplaceAll(strings.ReplaceAll(s, "\r\n", "\n"), "\r", "\n")
	before, lines := c.ta.Value(), c.ta.LineCount()
	c.ta.InsertString(s)
	c.view = &viewCache{}
	if c.ta.LineCount() < lines+strings.Count(s, "\n") {
		c.ta.SetValue(before)
		return false
	}
	return true
}

// Focus gives the editor the cursor. The cursor does not blink, so the
// Cmd is nil (kept so a blinking cursor would need no change here).
func (c *Model) Focus() tea.Cmd {
	cmd := c.ta.Focus()
	c.view = &viewCache{}
	return cmd
}

// KeyMap is the editor's keys, for the help.
func (c Model) KeyMap() KeyMap { return c.keys }

// SetSize fits the composer to the screen width and allows it at most a
// third of the screen height.
func (c *Model) SetSize(w, screenH int) {
	c.width = w
	inner := w
	if w >= 3 {
		inner = w - 2
	}
	c.ta.MaxHeight = min(maxComposerLines, max(screenH/3, 1))
	c.ta.SetWidth(max(inner, 1)) // also recomputes the height
	c.view = &viewCache{}
}

// SetStyles applies a new theme.
func (c *Model) SetStyles(st *themes.Styles) {
	c.styles = st
	c.applyStyles()
}

func (c *Model) applyStyles() {
	s := textarea.DefaultStyles(c.styles.Palette.Dark)
	for _, state := range []*textarea.StyleState{&s.Focused, &s.Blurred} {
		state.Text = c.styles.Text
		state.Placeholder = c.styles.Placeholder
		state.Prompt = c.styles.Prompt
		state.CursorLine = c.styles.CursorLine
		state.Selection = c.styles.Selection
	}
	s.Cursor.Color = c.styles.Palette.Accent
	// A steady cursor: a blinking one is a tick loop (every 530 ms an
	// Update, a View and a frame written) that keeps an idle app awake.
	s.Cursor.Blink = false
	c.ta.SetStyles(s)
	c.view = &viewCache{}
}
