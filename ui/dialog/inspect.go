package dialog

import (
	"fmt"
	"strings"

	"parley/ui/common"

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
	blob    string // the fitted bytes' id in the image pipeline (Images.BlobID)
	tiles   session.TileChoice
	err     error
}

func (inspectMsg) dialogMsg() {}

// Chip is the image chip the inspect dialog shows (a *tray.Chip); the
// dialog only reads it, and asks the root to change it with actions.
type Chip interface {
	ID() int
	Name() string
	Image() *session.Image
}

// Images is the transcript's image pipeline as the inspect dialog draws
// the fitted image with it, so the image looks as it will in the chat.
type Images interface {
	// BlobID names fitted bytes for the pipeline; it is pure, as it
	// runs in a Cmd.
	BlobID(data []byte) string
	// PutBlob makes data drawable as blob id.
	PutBlob(id string, data []byte)
	// Size is img's size in cells scaled to fill at most maxCols ×
	// maxRows; 0×0 when it is not drawn (protocol none, no size).
	Size(img session.Image, maxCols, maxRows int) (cols, rows int)
	// Row is row k of the image in s as text (placeholders, blanks for a
	// placed image, or half-blocks).
	Row(s Slot, k int) string
}

// noStoreText is why an image cannot be fitted without a store.
const noStoreText = "parley has no data directory to keep it in"

// Inspect shows what the model will see of an image chip: the
// fitted image's facts beside the original's, the fitted image itself
// drawn inline by the transcript's image pipeline (sixel, kitty, iTerm2,
// with half-blocks as the instant preview or the fallback; facts only
// with `none`), and OpenAI's detail switch.
type Inspect struct {
	styles *themes.Styles
	keys   InspectKeyMap
	a      Chip // the chip (read only: the root changes it)
	model  string
	caps   providers.Caps
	known  bool
	store  *session.Store
	imgs   Images // nil draws no image
	gen    int
	fit    *session.FittedImage
	blob   string // Images.BlobID of fit.Data once fitted
	tiles  session.TileChoice
	err    string
}

// InspectFor is the model the image is fitted for: its name, its caps
// and whether the caps are known.
type InspectFor struct {
	Model string
	Caps  providers.Caps
	Known bool
}

// NewInspect is the inspect dialog for image chip a; store fits the
// image (nil: it cannot), imgs draws it (nil: facts only).
func NewInspect(st *themes.Styles, a Chip, model InspectFor, store *session.Store, imgs Images) *Inspect {
	return &Inspect{styles: st, keys: DefaultInspectKeyMap(), a: a, model: model.Model, caps: model.Caps,
		known: model.Known, store: store, imgs: imgs}
}

// Init starts the fit.
func (d *Inspect) Init() tea.Cmd { return d.fitCmd(d.a.Image().Detail) }

// fitCmd fits the image with detail for the model in a Cmd: fitting may
// decode and encode a large image. The detail is passed because the
// root sets it on the chip only after this Update.
func (d *Inspect) fitCmd(detail string) tea.Cmd {
	d.gen++
	d.fit, d.blob, d.err = nil, "", ""
	store, img, caps, id, gen, imgs := d.store, *d.a.Image(), d.caps, d.a.ID(), d.gen, d.imgs
	img.Detail = detail
	return func() tea.Msg {
		if store == nil {
			return inspectMsg{id: id, gen: gen, err: fmt.Errorf("cannot attach %s: %s", img.Name, noStoreText)}
		}
		f, err := store.FittedImage(img, caps)
		if err != nil {
			return inspectMsg{id: id, gen: gen, err: err}
		}
		// The whole-or-tiles comparison is cached like the fit; a failure
		// only leaves the choice out.
		tiles, _ := store.ImageTileChoice(img, caps)
		return inspectMsg{id: id, gen: gen, fit: f, blob: blobID(imgs, f.Data), tiles: tiles}
	}
}

// detailSwitch reports whether the model takes OpenAI's per-image detail.
func (d *Inspect) detailSwitch() bool {
	return d.caps.ImageTokens == providers.TokensOpenAITiles || d.caps.ImageTokens == providers.TokensOpenAIPatches
}

// Update takes the fit and the keys: esc/enter/q close, d toggles detail.
func (d *Inspect) Update(msg tea.Msg) (Action, tea.Cmd) {
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
			d.imgs.PutBlob(msg.blob, msg.fit.Data)
		}
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, d.keys.Close):
			return ActionClose{}, nil
		case key.Matches(msg, d.keys.Detail):
			if !d.detailSwitch() {
				return nil, nil
			}
			detail := "low"
			if d.a.Image().Detail == "low" {
				detail = "high"
			}
			return ActionSetDetail{ID: d.a.ID(), Detail: detail}, d.fitCmd(detail)
		case key.Matches(msg, d.keys.Tiles):
			if d.tiles.Tiles.Tiles == 0 {
				return nil, nil // whole is the only way: nothing to choose
			}
			mode := session.TilesOff
			if d.a.Image().Tiles == session.TilesOff {
				mode = ""
			}
			return ActionSetTiles{ID: d.a.ID(), Mode: mode}, nil
		}
	}
	return nil, nil
}

// View draws the facts and the fitted image in a box, centred on the
// width×height area the dialog gets (which starts at the top of the
// screen, so these are screen cells: the root places sixel and iTerm2
// images at the Slot it reports).
func (d *Inspect) View(width, height int) string {
	g := d.geometry(width, height)
	lines := append([]string(nil), g.head...)
	if g.img.rows > 0 {
		sl := g.slot()
		pad := strings.Repeat(" ", g.imgPad)
		right := strings.Repeat(" ", max(g.inner-g.imgPad-g.img.cols, 0))
		for k := range g.img.rows {
			lines = append(lines, pad+d.imgs.Row(sl, k)+right)
		}
	}
	lines = append(lines, g.tail...)
	if !g.framed {
		return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, common.ClipLines(strings.Join(lines, "\n"), height))
	}
	return placeBox(d.styles.Dialog.Render(strings.Join(lines, "\n")), g.top, g.left, height)
}

// inspectGeom is the dialog's layout on a width×height area: the text
// lines above and below the image, padded to inner cells, the image's
// size in cells and where it sits.
type inspectGeom struct {
	head, tail []string
	inner      int
	img        block // rows 0: no image drawn
	imgPad     int   // columns left of the image inside the box
	framed     bool  // the box border fits
	top, left  int   // the box's top-left screen cell
	inset      int   // the box's left border and padding
	imgRow     int   // the image's first screen row
}

// block is the fitted image as drawn: cols × rows cells.
type block struct {
	img        session.Image
	cols, rows int
}

// slot is the image's place for the image pipeline.
func (g inspectGeom) slot() Slot {
	return Slot{Image: g.img.img, Cols: g.img.cols, Rows: g.img.rows, Row: g.imgRow, Col: g.left + g.inset + g.imgPad}
}

// blobID is imgs.BlobID, or "" without a pipeline (nothing is drawn).
func blobID(imgs Images, data []byte) string {
	if imgs == nil {
		return ""
	}
	return imgs.BlobID(data)
}

// geometry lays the dialog out. The image takes what the facts, the title
// and the hint leave of the area (the image is scaled to fill it, as the
// viewer does); the box widens to the image.
func (d *Inspect) geometry(width, height int) inspectGeom {
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
		g.inner = max(g.inner, b.cols)
		g.imgPad = (g.inner - b.cols) / 2
	}
	for _, part := range [][]string{g.head, g.tail} {
		for i, l := range part {
			l = ansi.Truncate(l, g.inner, "…")
			part[i] = l + strings.Repeat(" ", max(g.inner-ansi.StringWidth(l), 0))
		}
	}
	h := len(g.head) + g.img.rows + len(g.tail)
	g.framed = fw+g.inner <= width && h+fh <= height
	if !g.framed {
		g.img = block{} // no room for the image either
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
func (d *Inspect) imageBlock(maxCols, maxRows int) (block, bool) {
	if d.fit == nil || d.imgs == nil || d.blob == "" || maxRows < 3 || maxCols < 4 {
		return block{}, false
	}
	img := session.Image{Blob: d.blob, MIME: d.fit.MIME, Width: d.fit.Width, Height: d.fit.Height}
	cols, rows := d.imgs.Size(img, maxCols, maxRows)
	return block{img: img, cols: cols, rows: rows}, cols > 0 && rows > 0
}

// Slots is the fitted image the dialog shows in width × height, or
// nothing.
func (d *Inspect) Slots(width, height int) []Slot {
	g := d.geometry(width, height)
	if g.img.rows == 0 {
		return nil
	}
	return []Slot{g.slot()}
}

// facts are the label: value lines of the dialog.
func (d *Inspect) facts() []string {
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

// Fitted reports whether the fit has come back, as an image or an error.
func (d *Inspect) Fitted() bool { return d.fit != nil || d.err != "" }
