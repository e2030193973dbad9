package ui

import (
	"math"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/session"
)

// imageViewer shows one image fitted to the whole terminal.
type imageViewer struct {
	img session.Image
}

// handleImageKey takes the image keys (layer 4 of handleKey): with an
// empty composer, tab/shift+tab move the selection over the transcript's images
// and voice notes (mediasel.go) and enter or o opens a selected image;
// esc drops the selection.
func (m *Model) handleImageKey(msg tea.KeyPressMsg) (tea.Cmd, bool) {
	s := m.img
	if m.dialogs.IsOpen() || !m.composer.Empty() || m.tray.Selected() != nil {
		// A selected tray chip owns enter (inspect); typing owns the rest.
		return nil, false
	}
	switch {
	case key.Matches(msg, m.keys.ImageNext):
		m.moveMediaSelection(+1) // mediasel.go: images and voice notes
	case key.Matches(msg, m.keys.ImagePrev):
		m.moveMediaSelection(-1)
	case s.sel.ok && key.Matches(msg, m.keys.ImageOpen):
		if img, ok := s.selected(); ok {
			s.viewer = &imageViewer{img: img}
		}
	case s.sel.ok && m.isImageAction(msg): // s, c, a (imageactions.go)
		return m.imageAction(msg), true
	case s.sel.ok && !m.stream.Busy() && key.Matches(msg, m.keys.Deselect):
		s.sel = imageRef{}
	default:
		// Typing a message ends the selection; space is a selected voice
		// note's play key (ui/voice) and keeps it.
		if msg.Text != "" && !(m.voice.HasSelection() && key.Matches(msg, m.keys.Voice.PlayPause)) {
			m.clearMediaSelection()
		}
		return nil, false
	}
	return nil, true
}

// selected is the selected image part.
func (s *imageState) selected() (session.Image, bool) {
	if !s.sel.ok {
		return session.Image{}, false
	}
	imgs := imageParts(s.sel.e.msg)
	if s.sel.i >= len(imgs) {
		return session.Image{}, false
	}
	return imgs[s.sel.i], true
}

// reveal scrolls so the image's top is in view, unless it is visible.
func reveal(t *entryList, d *drawCtx, r imageRef) {
	for _, sl := range visibleSlots(t, d) {
		if sl.ref.e == r.e && sl.ref.i == r.i && sl.count > 0 && sl.first == 0 {
			return
		}
	}
	for i, e := range t.Entries() {
		if e != r.e {
			continue
		}
		e.height(t.Width(), d) // lays the entry out, so its blocks are known
		if r.i < len(e.blocks) {
			t.ShowAt(i, e.blocks[r.i].line-1)
		}
		return
	}
}

// viewerFit fits the image into the box, scaling small images up too: the
// viewer is for looking closely.
func viewerFit(imgW, imgH, maxCols, maxRows, cw, ch int) (cols, rows int) {
	if imgW <= 0 || imgH <= 0 || maxCols <= 0 || maxRows <= 0 {
		return 0, 0
	}
	scale := math.Min(float64(maxCols*cw)/float64(imgW), float64(maxRows*ch)/float64(imgH))
	cols = int(math.Round(float64(imgW) * scale / float64(cw)))
	rows = int(math.Round(float64(imgH) * scale / float64(ch)))
	return min(max(cols, 1), maxCols), min(max(rows, 1), maxRows)
}

// viewerSlots is the viewer's one image, centred above the hint line.
func (s *imageState) viewerSlots(width, height int) []slot {
	v := s.viewer
	if v == nil || height < 3 {
		return nil
	}
	b := imgBlock{img: v.img}
	// fit's checks (protocol, known size, no failure) say whether it can
	// be drawn at all.
	if c, _ := s.fit(v.img, width+imageIndent); c > 0 {
		cw, ch := s.cell()
		b.cols, b.rows = viewerFit(v.img.Width, v.img.Height, width, height-2, cw, ch)
	}
	return []slot{{b: b, row: (height - 1 - b.rows) / 2, col: (width - b.cols) / 2,
		count: b.rows, caption: -1}}
}

// viewerView draws the viewer: the image (or its chip) centred, and a hint
// on the last row.
func (m *Model) viewerView() tea.View {
	s := m.img
	lines := make([]string, m.height)
	for _, sl := range s.viewerSlots(m.width, m.height) {
		pad := strings.Repeat(" ", max(sl.col, 0))
		for k := range sl.count {
			lines[sl.row+k] = pad + s.rowText(sl, k)
		}
		if sl.count == 0 {
			lines[m.height/2] = "  " + s.caption(m.draw, sl.b.img, false)
		}
	}
	hint := s.caption(m.draw, s.viewer.img, false) + m.styles.Muted.Render(" · esc close")
	lines[m.height-1] = ansi.Truncate(hint, m.width, "…")
	v := tea.NewView(strings.Join(lines, "\n"))
	v.AltScreen = true
	v.MouseMode = tea.MouseModeCellMotion
	v.KeyboardEnhancements = tea.KeyboardEnhancements{}
	v.WindowTitle = m.windowTitle()
	return v
}
