package ui

import (
	"fmt"
	"slices"
	"strings"

	"parley/ui/common"

	"github.com/charmbracelet/x/ansi"

	"parley/media/sanitize"
	"parley/providers"
	"parley/session"
	"parley/themes"
)

// maxTrayLines is the most lines the chips take; more chips are counted
// ("+3 more") rather than pushing the transcript off the screen.
const maxTrayLines = 3

// attachment is one chip of the tray: a stored image or audio clip waiting
// to be sent. Exactly one of image and audio is set.
type attachment struct {
	id    int // unique in the tray's life; set by tray.add
	image *session.Image
	voice *voiceNote // a voice note's playback and transcript (voice.go); may be nil
	audio *session.Audio
	// label is the chip's text for the current model and refused marks a
	// chip the model cannot take; both are set by refreshChips.
	label   string
	refused bool
}

// part is what the attachment sends.
func (a *attachment) part() session.Part {
	if a.image != nil {
		return *a.image
	}
	return *a.audio
}

// name is the attachment's display name (the store made it safe).
func (a *attachment) name() string {
	if a.image != nil {
		return a.image.Name
	}
	return a.audio.Name
}

// tray holds the attachments above the composer and the notice line: a
// one-line message about the last attach, paste or command.
type tray struct {
	items     []*attachment
	sel       int // the selected chip, or -1 when the composer has the keys
	nextID    int
	notice    string
	noticeErr bool
	// gen counts changes; the rendered lines are kept until it, the width
	// or the theme changes (View runs on every streamed frame).
	gen   int
	cache trayCache
}

type trayCache struct {
	gen, width int
	theme      string
	lines      []string
	ok         bool
}

func newTray() tray { return tray{sel: -1} }

// add appends a chip.
func (t *tray) add(a attachment) {
	t.nextID++
	a.id = t.nextID
	t.items = append(t.items, &a)
	t.gen++
}

// remove drops chip i and keeps a sensible selection.
func (t *tray) remove(i int) {
	if i < 0 || i >= len(t.items) {
		return
	}
	t.items = slices.Delete(t.items, i, i+1)
	if t.sel >= len(t.items) {
		t.sel = len(t.items) - 1
	}
	t.gen++
}

// removeIDs drops the chips that were sent (their turn saved the message).
func (t *tray) removeIDs(ids []int) {
	if len(ids) == 0 {
		return
	}
	t.items = slices.DeleteFunc(t.items, func(a *attachment) bool { return slices.Contains(ids, a.id) })
	if t.sel >= len(t.items) {
		t.sel = len(t.items) - 1
	}
	t.gen++
}

// selected is the selected chip, or nil.
func (t *tray) selected() *attachment {
	if t.sel < 0 || t.sel >= len(t.items) {
		return nil
	}
	return t.items[t.sel]
}

// selectChip selects chip i (clamped); -1 gives the keys back.
func (t *tray) selectChip(i int) {
	t.sel = max(min(i, len(t.items)-1), -1)
	t.gen++
}

// setNotice shows one line above the composer; "" clears it.
func (t *tray) setNotice(s string, isErr bool) {
	s = common.FirstLine(sanitize.String(s))
	if s == t.notice && isErr == t.noticeErr {
		return
	}
	t.notice, t.noticeErr = s, isErr
	t.gen++
}

// clearOnSend ends the notice when the user sends a message (Enter).
//
// Notices are transient: each reports on the user's previous action, a
// confirmation ("transcript saved", "copied PATH") or an error ("no
// microphone found: …", "unknown command /x"), and once the next message
// is sent it would describe something already over. Only a user action
// ends one, never an event (a reply finishing, a transcript arriving), so
// an error stays until the user has seen it and moved on; a notice the
// send itself sets (its refusal) comes after this and stays. The one kept
// is a progress line for work still running ("reading the clipboard…"),
// which that work's result replaces.
func (t *tray) clearOnSend() {
	if t.notice != clipboardNotice {
		t.setNotice("", false)
	}
}

// ids lists the chips' IDs, in order.
func (t *tray) ids() []int {
	out := make([]int, len(t.items))
	for i, a := range t.items {
		out[i] = a.id
	}
	return out
}

// parts is what the chips send, in order.
func (t *tray) parts() []session.Part {
	out := make([]session.Part, 0, len(t.items))
	for _, a := range t.items {
		out = append(out, a.part())
	}
	return out
}

// lines renders the chips and the notice line for width.
func (t *tray) lines(width int, st *themes.Styles) []string {
	c := &t.cache
	if c.ok && c.gen == t.gen && c.width == width && c.theme == st.Palette.Name {
		return c.lines
	}
	*c = trayCache{gen: t.gen, width: width, theme: st.Palette.Name, ok: true, lines: t.draw(width, st)}
	return c.lines
}

func (t *tray) draw(width int, st *themes.Styles) []string {
	var out []string
	if len(t.items) > 0 {
		out = t.chipLines(width, st)
		out = append(out, t.transcriptLines(width, st)...) // voice.go
	}
	notice, style := t.notice, st.Muted
	if t.noticeErr {
		style = st.ErrorLine
	}
	if notice == "" && t.selected() != nil {
		notice = "←/→ choose · del remove · enter inspect · ↓/esc back to the message"
		if t.selected().audio != nil {
			notice = "←/→ choose · space play/pause · enter edit transcript · del remove · ↓/esc back"
		}
	}
	if notice == "" {
		return out
	}
	// A long message may take a second line on a narrow screen, not more.
	wrapped := strings.Split(ansi.Wordwrap(notice, max(width, 1), " /"), "\n")
	if len(wrapped) > 2 {
		wrapped = []string{wrapped[0], strings.Join(wrapped[1:], " ")}
	}
	for _, l := range wrapped {
		out = append(out, style.Render(ansi.Truncate(l, max(width, 1), "…")))
	}
	return out
}

// chipLines flows the chips into at most maxTrayLines lines.
func (t *tray) chipLines(width int, st *themes.Styles) []string {
	var lines []string
	cur, curW := "", 0
	for i, a := range t.items {
		text := a.label
		if i < 9 {
			text = fmt.Sprintf("%d %s", i+1, text)
		}
		text = ansi.Truncate(" "+text+" ", max(width, 1), "…")
		style := st.HeaderMeta
		switch {
		case i == t.sel:
			style = st.Selection.Foreground(st.Palette.Accent)
		case a.refused:
			style = st.ErrorLine
		}
		w := ansi.StringWidth(text)
		if curW > 0 && curW+1+w > width {
			lines = append(lines, cur)
			cur, curW = "", 0
		}
		if len(lines) == maxTrayLines {
			more := fmt.Sprintf(" +%d more", len(t.items)-i)
			lines[maxTrayLines-1] = ansi.Truncate(lines[maxTrayLines-1], max(width-len(more), 1), "") + st.Muted.Render(more)
			return lines
		}
		if curW > 0 {
			cur += " "
			curW++
		}
		cur += style.Render(text)
		curW += w
	}
	return append(lines, cur)
}

// chipLabel is what a chip says about a for the current model: "shot.png
// 2880×1800 → 1568×980 · ≈2.0k tok". known is false when the model's
// capabilities are not known; then only the original's facts are shown.
// refused reports that the model cannot take the attachment at all.
func chipLabel(a *attachment, caps providers.Caps, known bool, model string) (label string, refused bool) {
	if a.audio != nil {
		return voiceLabel(a, caps, known), false // voice.go
	}
	img := a.image
	var b strings.Builder
	b.WriteString(img.Name)
	if img.Width <= 0 || img.Height <= 0 {
		// HEIC/AVIF: no size is known; it passes through or is refused.
		format := strings.ToUpper(strings.TrimPrefix(img.MIME, "image/"))
		b.WriteString(" · " + format)
		if known && !acceptsAsIs(caps, img.MIME) {
			b.WriteString(" · not supported by " + model)
			return b.String(), true
		}
		return b.String(), false
	}
	fmt.Fprintf(&b, " %d×%d", img.Width, img.Height)
	if known && !caps.Images {
		b.WriteString(" · " + model + " takes no images")
		return b.String(), true
	}
	if known {
		w, h, tok := session.ImageTokens(*img, caps)
		if w != img.Width || h != img.Height {
			fmt.Fprintf(&b, " → %d×%d", w, h)
		}
		b.WriteString(" · " + common.ApproxTokens(tok))
	}
	if img.Frames > 1 {
		b.WriteString(" · GIF, first frame")
	}
	if img.Detail == "low" {
		b.WriteString(" · low detail")
	}
	return b.String(), false
}

// acceptsAsIs reports whether a model takes an image parley cannot decode
// (HEIC, AVIF) as it is. HEIC files are HEIF; models list either name.
func acceptsAsIs(c providers.Caps, mime string) bool {
	if mime == "image/heic" || mime == "image/heif" {
		return c.AcceptsImage("image/heic") || c.AcceptsImage("image/heif")
	}
	return c.AcceptsImage(mime)
}

func audioLabel(a *session.Audio, caps providers.Caps, known bool) string {
	s := a.Name
	if a.Duration > 0 {
		s += " " + common.Clock(a.Duration)
	}
	s += " · audio"
	if known && !caps.AcceptsAudio(a.MIME) {
		s += " · sent as transcript"
	}
	return s
}

// currentCaps are the capabilities of the model in use; known is false
// when nothing says what they are.
func (m *Model) currentCaps() (caps providers.Caps, known bool) {
	if m.opts.Caps != nil {
		return m.opts.Caps(m.opts.Model), true
	}
	if m.picked != nil && m.picked.name == m.opts.Model {
		return m.picked.caps, true
	}
	return providers.Caps{}, false
}

// refreshChips recomputes every chip's label for the current model.
func (m *Model) refreshChips() {
	caps, known := m.currentCaps()
	for _, a := range m.tray.items {
		a.label, a.refused = chipLabel(a, caps, known, m.opts.Model)
	}
	m.tray.gen++
}

// trayHeight is the lines the tray takes at the current width.
func (m *Model) trayHeight() int { return len(m.trayLines()) }
