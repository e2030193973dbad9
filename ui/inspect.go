package ui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/media/imaging"
	"parley/media/termimg"
	"parley/providers"
	"parley/session"
	"parley/themes"
)

// Half-block preview size bounds, in cells.
const (
	previewCols = 48
	previewRows = 12
)

// inspectMsg is a fitted image for the inspect dialog; gen tells a stale
// fit (from before a detail toggle) from the current one.
type inspectMsg struct {
	id, gen int
	fit     session.FittedImage
	preview string // half-block rendering of the fitted image, "" if none
	err     error
}

// inspectDialog shows what the model will see of an image chip: the
// fitted image's facts beside the original's, a half-block preview, and
// OpenAI's detail switch.
type inspectDialog struct {
	styles *themes.Styles
	a      *attachment // the chip; the detail toggle writes a.image.Detail
	model  string
	caps   providers.Caps
	known  bool
	store  *session.Store
	gen    int
	fit    *session.FittedImage
	prev   string
	err    string
	// changed is called after the detail changed, so chips re-estimate.
	changed func()
}

// openInspect pushes the inspect dialog for chip a and starts its fit.
func (m *Model) openInspect(a *attachment) tea.Cmd {
	caps, known := m.currentCaps()
	d := &inspectDialog{styles: m.styles, a: a, model: m.opts.Model, caps: caps, known: known,
		store: m.opts.Store, changed: m.refreshChips}
	m.dialogs.push(d)
	return d.fitCmd()
}

// fitCmd fits the image for the model in a Cmd: fitting may decode and
// encode a large image.
func (d *inspectDialog) fitCmd() tea.Cmd {
	d.gen++
	d.fit, d.prev, d.err = nil, "", ""
	store, img, caps, id, gen := d.store, *d.a.image, d.caps, d.a.id, d.gen
	return func() tea.Msg {
		if store == nil {
			return inspectMsg{id: id, gen: gen, err: errNoStore(img.Name)}
		}
		f, err := store.FittedImage(img, caps)
		if err != nil {
			return inspectMsg{id: id, gen: gen, err: err}
		}
		return inspectMsg{id: id, gen: gen, fit: f, preview: halfBlockPreview(f)}
	}
}

// halfBlockPreview draws the fitted image in at most previewCols×previewRows
// cells; formats parley cannot decode (HEIC) get none.
func halfBlockPreview(f session.FittedImage) string {
	img, _, err := imaging.Decode(f.Data)
	if err != nil {
		return ""
	}
	b := img.Bounds()
	cols, rows := termimg.FitCells(b.Dx(), b.Dy(), previewCols, previewRows, 0, 0)
	return termimg.HalfBlocks(img, cols, rows, termimg.TrueColor)
}

// detailSwitch reports whether the model takes OpenAI's per-image detail.
func (d *inspectDialog) detailSwitch() bool {
	return d.caps.ImageTokens == providers.TokensOpenAITiles || d.caps.ImageTokens == providers.TokensOpenAIPatches
}

// Update takes the fit and the keys: esc/enter/q close, d toggles detail.
func (d *inspectDialog) Update(msg tea.Msg) (dialogAction, tea.Cmd) {
	switch msg := msg.(type) {
	case inspectMsg:
		if msg.id != d.a.id || msg.gen != d.gen {
			return dialogKeep, nil
		}
		if msg.err != nil {
			d.err = firstLine(msg.err.Error())
			return dialogKeep, nil
		}
		d.fit, d.prev = &msg.fit, msg.preview
	case tea.KeyPressMsg:
		switch msg.String() {
		case "esc", "enter", "q":
			return dialogClose, nil
		case "d":
			if !d.detailSwitch() {
				return dialogKeep, nil
			}
			if d.a.image.Detail == "low" {
				d.a.image.Detail = "high"
			} else {
				d.a.image.Detail = "low"
			}
			if d.changed != nil {
				d.changed()
			}
			return dialogKeep, d.fitCmd()
		}
	}
	return dialogKeep, nil
}

// View draws the facts (and preview) in a box.
func (d *inspectDialog) View(width, height int) string {
	st := d.styles
	frame := st.Dialog.GetHorizontalFrameSize()
	inner := max(min(width-frame, 80), 10)
	lines := []string{st.DialogTitle.Render(d.a.name()) + st.Muted.Render(" · what "+d.model+" sees"), ""}
	lines = append(lines, d.facts()...)
	if d.prev != "" && height >= previewRows+len(lines)+6 {
		lines = append(lines, "")
		lines = append(lines, strings.Split(d.prev, "\n")...)
	}
	hint := "esc close"
	if d.detailSwitch() {
		hint = "d detail high/low · " + hint
	}
	lines = append(lines, "", st.Muted.Render(hint))
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, inner, "…")
	}
	box := strings.Join(lines, "\n")
	if frame+lipgloss.Width(box) <= width && lipgloss.Height(box)+2 <= height {
		box = st.Dialog.Render(box)
	}
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, clipLines(box, height))
}

// facts are the label: value lines of the dialog.
func (d *inspectDialog) facts() []string {
	st := d.styles
	img := d.a.image
	row := func(k, v string) string { return st.HelpKey.Render(fmt.Sprintf("%-10s", k)) + " " + v }
	orig := fmt.Sprintf("%s · %s", sizeText(img.Width, img.Height), formatName(img.MIME)) + " · " + byteSize(img.Bytes)
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
		sent := fmt.Sprintf("%s · %s · %s", sizeText(f.Width, f.Height), formatName(f.MIME), byteSize(f.Bytes))
		if d.known && f.Width > 0 {
			sent += " · " + approxTokens(providers.EstimateImageTokens(d.caps, f.Width, f.Height, img.Detail))
		}
		if f.Reused {
			sent += " · the original, unchanged"
		}
		out = append(out, row("sent", sent))
	}
	out = append(out, row("original", orig))
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

// formatName is "PNG" for image/png.
func formatName(mime string) string {
	_, sub, ok := strings.Cut(mime, "/")
	if !ok {
		return mime
	}
	return strings.ToUpper(sub)
}

// byteSize is a human size: 812 B, 41 KB, 2.4 MB.
func byteSize(n int64) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%d KB", (n+512)>>10)
	}
	return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
}
