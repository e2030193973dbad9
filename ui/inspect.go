package ui

import (
	"fmt"
	"strings"

	"parley/ui/common"
	"parley/ui/images"
	"parley/ui/tray"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/providers"
	"parley/session"
	"parley/themes"

	"parley/media/sanitize"
)

// inspectMsg is a fitted image for the inspect dialog; gen tells a stale
// fit (from before a detail toggle) from the current one.
type inspectMsg struct {
	id, gen int
	fit     session.FittedImage
	blob    string // the fitted bytes' id in the image pipeline (images.MemBlobID)
	tiles   session.TileChoice
	err     error
}

// inspectDialog shows what the model will see of an image chip: the
// fitted image's facts beside the original's, the fitted image itself
// drawn inline by the transcript's image pipeline (sixel, kitty, iTerm2,
// with half-blocks as the instant preview or the fallback; facts only
// with `none`), and OpenAI's detail switch.
type inspectDialog struct {
	styles *themes.Styles
	keys   inspectKeyMap
	a      *tray.Chip // the chip (read only: setDetail changes it)
	model  string
	caps   providers.Caps
	known  bool
	store  *session.Store
	imgs   *images.Images // the transcript's image pipeline; nil draws no image
	gen    int
	fit    *session.FittedImage
	blob   string // images.MemBlobID of fit.Data once fitted
	tiles  session.TileChoice
	err    string
	// setDetail sets the chip's detail and re-estimates the chips.
	setDetail func(id int, detail string)
	// setTiles sets the chip's whole-or-tiles choice (session.TilesOff or "").
	setTiles func(id int, mode string)
}

// openInspect pushes the inspect dialog for chip a and starts its fit.
func (m *Model) openInspect(a *tray.Chip) tea.Cmd {
	caps, known := m.currentCaps()
	d := &inspectDialog{styles: m.styles, keys: defaultInspectKeys(), a: a, model: m.opts.Model, caps: caps, known: known,
		store: m.opts.Store, imgs: m.img, setDetail: m.setDetail, setTiles: m.tray.SetTiles}
	m.dialogs.push(d)
	return d.fitCmd()
}

// fitCmd fits the image for the model in a Cmd: fitting may decode and
// encode a large image.
func (d *inspectDialog) fitCmd() tea.Cmd {
	d.gen++
	d.fit, d.blob, d.err = nil, "", ""
	store, img, caps, id, gen := d.store, *d.a.Image(), d.caps, d.a.ID(), d.gen
	return func() tea.Msg {
		if store == nil {
			return inspectMsg{id: id, gen: gen, err: errNoStore(img.Name)}
		}
		f, err := store.FittedImage(img, caps)
		if err != nil {
			return inspectMsg{id: id, gen: gen, err: err}
		}
		// The whole-or-tiles comparison is cached like the fit; a failure
		// only leaves the choice out.
		tiles, _ := store.ImageTileChoice(img, caps)
		return inspectMsg{id: id, gen: gen, fit: f, blob: images.MemBlobID(f.Data), tiles: tiles}
	}
}

// detailSwitch reports whether the model takes OpenAI's per-image detail.
func (d *inspectDialog) detailSwitch() bool {
	return d.caps.ImageTokens == providers.TokensOpenAITiles || d.caps.ImageTokens == providers.TokensOpenAIPatches
}

// Update takes the fit and the keys: esc/enter/q close, d toggles detail.
func (d *inspectDialog) Update(msg tea.Msg) (dialogAction, tea.Cmd) {
	switch msg := msg.(type) {
	case inspectMsg:
		if msg.id != d.a.ID() || msg.gen != d.gen {
			return nil, nil
		}
		if msg.err != nil {
			d.err = common.FirstLine(msg.err.Error())
			return nil, nil
		}
		d.fit, d.blob, d.tiles = &msg.fit, msg.blob, msg.tiles
		if d.imgs != nil {
			d.imgs.PutMemBlob(msg.blob, msg.fit.Data)
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, d.keys.Close):
			return actionClose{}, nil
		case key.Matches(msg, d.keys.Detail):
			if !d.detailSwitch() {
				return nil, nil
			}
			detail := "low"
			if d.a.Image().Detail == "low" {
				detail = "high"
			}
			if d.setDetail != nil {
				d.setDetail(d.a.ID(), detail)
			}
			return nil, d.fitCmd()
		case key.Matches(msg, d.keys.Tiles):
			if d.tiles.Tiles.Tiles == 0 || d.setTiles == nil {
				return nil, nil // whole is the only way: nothing to choose
			}
			mode := session.TilesOff
			if d.a.Image().Tiles == session.TilesOff {
				mode = ""
			}
			d.setTiles(d.a.ID(), mode)
		}
	}
	return nil, nil
}

// View draws the facts and the fitted image in a box, centred on the
// width×height area the dialog gets (which starts at the top of the
// screen, so these are screen cells: syncImages places sixel and iTerm2
// images at inspectGeom.slot).
func (d *inspectDialog) View(width, height int) string {
	g := d.geometry(width, height)
	lines := append([]string(nil), g.head...)
	if g.img.Rows > 0 {
		sl := g.slot()
		pad := strings.Repeat(" ", g.imgPad)
		right := strings.Repeat(" ", max(g.inner-g.imgPad-g.img.Cols, 0))
		for k := range g.img.Rows {
			lines = append(lines, pad+d.imgs.RowText(sl, k)+right)
		}
	}
	lines = append(lines, g.tail...)
	if !g.framed {
		return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, common.ClipLines(strings.Join(lines, "\n"), height))
	}
	box := strings.Split(d.styles.Dialog.Render(strings.Join(lines, "\n")), "\n")
	out := make([]string, height)
	pad := strings.Repeat(" ", g.left)
	for i, l := range box {
		if r := g.top + i; r >= 0 && r < height {
			out[r] = pad + l
		}
	}
	return strings.Join(out, "\n")
}

// inspectGeom is the dialog's layout on a width×height area: the text
// lines above and below the image, padded to inner cells, the image's
// size in cells and where it sits.
type inspectGeom struct {
	head, tail []string
	inner      int
	img        images.Block // Rows 0: no image drawn
	imgPad     int          // columns left of the image inside the box
	framed     bool         // the box border fits
	top, left  int          // the box's top-left screen cell
	inset      int          // the box's left border and padding
	imgRow     int          // the image's first screen row
}

// slot is the image's place for the image pipeline.
func (g inspectGeom) slot() images.Slot {
	return images.Slot{B: g.img, Row: g.imgRow, Col: g.left + g.inset + g.imgPad, Count: g.img.Rows, Caption: -1}
}

// geometry lays the dialog out. The image takes what the facts, the title
// and the hint leave of the area (the image is scaled to fill it, as the
// viewer does); the box widens to the image.
func (d *inspectDialog) geometry(width, height int) inspectGeom {
	st := d.styles
	fw, fh := st.Dialog.GetHorizontalFrameSize(), st.Dialog.GetVerticalFrameSize()
	g := inspectGeom{inner: max(min(width-fw, 80), 10)}
	g.head = append([]string{st.DialogTitle.Render(d.a.Name()) + st.Muted.Render(" · what "+d.model+" sees"), ""}, d.facts()...)
	hint := "esc close"
	if d.detailSwitch() {
		hint = "d detail high/low · " + hint
	}
	g.tail = []string{"", st.Muted.Render(hint)}
	if b, ok := d.imageBlock(width-fw, height-fh-len(g.head)-len(g.tail)-1); ok {
		g.img = b
		g.head = append(g.head, "")
		g.inner = max(g.inner, b.Cols)
		g.imgPad = (g.inner - b.Cols) / 2
	}
	for _, part := range [][]string{g.head, g.tail} {
		for i, l := range part {
			l = ansi.Truncate(l, g.inner, "…")
			part[i] = l + strings.Repeat(" ", max(g.inner-ansi.StringWidth(l), 0))
		}
	}
	h := len(g.head) + g.img.Rows + len(g.tail)
	g.framed = fw+g.inner <= width && h+fh <= height
	if !g.framed {
		g.img = images.Block{} // no room for the image either
		return g
	}
	g.top, g.left = (height-h-fh)/2, (width-g.inner-fw)/2
	g.imgRow = g.top + st.Dialog.GetBorderTopSize() + st.Dialog.GetPaddingTop() + len(g.head)
	g.inset = st.Dialog.GetBorderLeftSize() + st.Dialog.GetPaddingLeft()
	return g
}

// imageBlock sizes the fitted image for at most maxCols×maxRows cells,
// or reports false when it is not drawn (not fitted yet, protocol none,
// no room, or it cannot be decoded).
func (d *inspectDialog) imageBlock(maxCols, maxRows int) (images.Block, bool) {
	if d.fit == nil || d.imgs == nil || d.blob == "" || maxRows < 3 || maxCols < 4 {
		return images.Block{}, false
	}
	img := session.Image{Blob: d.blob, MIME: d.fit.MIME, Width: d.fit.Width, Height: d.fit.Height}
	return d.imgs.FitBox(img, maxCols, maxRows)
}

// Slots is the fitted image the dialog shows in width × height, or
// nothing.
func (d *inspectDialog) Slots(width, height int) []images.Slot {
	g := d.geometry(width, height)
	if g.img.Rows == 0 {
		return nil
	}
	return []images.Slot{g.slot()}
}

// dialogHeight is the height View gives an open dialog: the transcript's
// rows, or the whole screen but the status line when that is too short.
func (m *Model) dialogHeight() int {
	if th := m.transcript.Height(); th >= minDialogRows {
		return th
	}
	return m.height - 1
}

// facts are the label: value lines of the dialog.
func (d *inspectDialog) facts() []string {
	st := d.styles
	img := d.a.Image()
	row := func(k, v string) string { return st.HelpKey.Render(fmt.Sprintf("%-10s", k)) + " " + v }
	orig := fmt.Sprintf("%s · %s", sizeText(img.Width, img.Height), common.FormatName(img.MIME)) + " · " + common.HumanBytes(img.Bytes)
	if img.Frames > 1 {
		orig += fmt.Sprintf(" · %d frames (the first is sent)", img.Frames)
	}
	var out []string
	switch {
	case d.err != "":
		out = append(out, row("sent", st.ErrorLine.Render("✗ "+d.err)))
	case d.fit == nil:
		out = append(out, row("sent", st.Muted.Render("fitting for "+d.model+"…")))
	default:
		f := d.fit
		sent := fmt.Sprintf("%s · %s · %s", sizeText(f.Width, f.Height), common.FormatName(f.MIME), common.HumanBytes(f.Bytes))
		if d.known && f.Width > 0 {
			sent += " · " + common.ApproxTokens(providers.EstimateImageTokens(d.caps, f.Width, f.Height, img.Detail))
		}
		if f.Reused {
			sent += " · the original, unchanged"
		}
		out = append(out, row("sent", sent))
		// Every lossy step from the original to what is sent, each named
		// (nothing changes silently).
		for i, n := range f.Notes {
			k := ""
			if i == 0 {
				k = "changes"
			}
			out = append(out, row(k, sanitize.String(n.Text)))
		}
	}
	out = append(out, row("original", orig))
	if r := d.caps.MediaResolution; d.known && r != "" {
		out = append(out, row("resolution", fmt.Sprintf("media_resolution %s (set per model in [models.%q])", r, d.model)))
	}
	if tl := d.tiles.Tiles; tl.Tiles > 0 {
		wh := d.tiles.Whole
		chosen := fmt.Sprintf("sent as %d tiles (t: send whole)", tl.Tiles)
		if img.Tiles == session.TilesOff {
			chosen = "sent whole (t: send as tiles)"
		}
		out = append(out, row("tiles", fmt.Sprintf("whole: text %.0f px high · %s  |  %d tiles of ≤%d×%d: text %.0f px · %s",
			wh.XHeight, common.ApproxTokens(wh.Tokens), tl.Tiles, tl.Width, tl.Height, tl.XHeight, common.ApproxTokens(tl.Tokens))),
			row("", chosen))
	}
	if d.detailSwitch() {
		detail := img.Detail
		if detail == "" {
			detail = "high (default)"
		}
		out = append(out, row("detail", detail))
	}
	if !d.known {
		out = append(out, st.Muted.Render("the model's limits are unknown: sent as stored"))
	}
	return out
}

// sizeText is "W×H", or "size unknown" for formats whose header parley
// does not read (HEIC).
func sizeText(w, h int) string {
	if w <= 0 || h <= 0 {
		return "size unknown"
	}
	return fmt.Sprintf("%d×%d", w, h)
}
