package ui

import (
	"strings"

	"charm.land/bubbles/v2/textarea"
	tea "charm.land/bubbletea/v2"

	"parley/themes"
)

// maxComposerLines is the tallest the composer grows before it scrolls.
const maxComposerLines = 8

// composer is the multi-line message editor. Enter is not its business:
// the root decides whether Enter sends; the composer only inserts newlines
// on shift+enter and ctrl+j.
type composer struct {
	ta     textarea.Model
	styles *themes.Styles
	width  int
	// view memoizes View: the screen is redrawn for every streamed frame
	// while the composer rarely changes, and drawing a textarea is costly.
	// Every change gets a fresh cache, so copies never share a stale one.
	view *viewCache
}

// viewCache holds a rendered view until the state it was drawn from
// changes.
type viewCache struct {
	ok bool
	s  string
}

func newComposer(keys keyMap, st *themes.Styles) composer {
	ta := textarea.New()
	ta.KeyMap = composerKeys(keys)
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
	c := composer{ta: ta, styles: st, view: &viewCache{}}
	c.applyStyles()
	return c
}

// Update edits the text; the box follows the text's height by itself.
func (c composer) Update(msg tea.Msg) (composer, tea.Cmd) {
	var cmd tea.Cmd
	c.ta, cmd = c.ta.Update(msg)
	c.view = &viewCache{}
	return c, cmd
}

// View is the bordered editor.
func (c composer) View() string {
	if c.view.ok {
		return c.view.s
	}
	c.view.s, c.view.ok = c.draw(), true
	return c.view.s
}

func (c composer) draw() string {
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
func (c composer) Height() int {
	if c.width < 3 {
		return c.ta.Height()
	}
	return c.ta.Height() + 2
}

// Value is the text as typed.
func (c composer) Value() string { return c.ta.Value() }

// Empty reports whether there is nothing but white space to send.
func (c composer) Empty() bool { return strings.TrimSpace(c.ta.Value()) == "" }

// Reset clears the text after it was sent.
func (c *composer) Reset() {
	c.ta.Reset()
	c.view = &viewCache{}
}

// SetValue replaces the text.
func (c *composer) SetValue(s string) {
	c.ta.SetValue(s)
	c.view = &viewCache{}
}

// setSize fits the composer to the screen width and allows it at most a
// third of the screen height.
func (c *composer) setSize(w, screenH int) {
	c.width = w
	inner := w
	if w >= 3 {
		inner = w - 2
	}
	c.ta.MaxHeight = min(maxComposerLines, max(screenH/3, 1))
	c.ta.SetWidth(max(inner, 1)) // also recomputes the height
	c.view = &viewCache{}
}

// setStyles applies a new theme.
func (c *composer) setStyles(st *themes.Styles) {
	c.styles = st
	c.applyStyles()
}

func (c *composer) applyStyles() {
	s := textarea.DefaultStyles(c.styles.Palette.Dark)
	for _, state := range []*textarea.StyleState{&s.Focused, &s.Blurred} {
		state.Text = c.styles.Text
		state.Placeholder = c.styles.Placeholder
		state.Prompt = c.styles.Prompt
		state.CursorLine = c.styles.CursorLine
		state.Selection = c.styles.Selection
	}
	s.Cursor.Color = c.styles.Palette.Accent
	c.ta.SetStyles(s)
	c.view = &viewCache{}
}
