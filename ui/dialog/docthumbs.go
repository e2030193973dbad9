package dialog

import (
	"context"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/session"
)

// This file is the document inspect dialog's page thumbnails: the first
// pages of a PDF drawn by the transcript's image pipeline, side by side,
// and where the dialog's box sits so the pipeline can place them.

// Thumbnails of the first thumbPages pages, drawn at thumbEdge pixels
// and at most thumbRows rows high.
const (
	thumbPages   = 3
	thumbEdge    = 384
	thumbRows    = 10
	thumbGap     = 2
	thumbTimeout = time.Minute
)

// DocSource is where the dialog's thumbnails come from: the store keeps
// the rendered pages (Store.PagePreview), Docs renders them, Images draws
// them. A nil Store or Images shows none.
type DocSource struct {
	Store  *session.Store
	Docs   *session.DocTools
	Images Images
}

// docThumbsMsg brings the thumbnails of document chip id.
type docThumbsMsg struct {
	id     int
	thumbs []session.Image
}

func (docThumbsMsg) dialogMsg() {}

// thumbsCmd renders the first pages of a PDF, in a Cmd; pages that fail
// are left out (the dialog's text says what is sent either way).
func (d *DocInspect) thumbsCmd() tea.Cmd {
	src, doc, id := d.src, d.doc, d.id
	if !doc.IsPDF() || src.Store == nil || src.Images == nil {
		return nil
	}
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(context.Background(), thumbTimeout)
		defer cancel()
		var out []session.Image
		for n := 1; n <= min(thumbPages, doc.Pages); n++ {
			if img, err := src.Store.PagePreview(ctx, src.Docs, doc, n, thumbEdge); err == nil {
				out = append(out, img)
			}
		}
		return docThumbsMsg{id: id, thumbs: out}
	}
}

// docGeom is the dialog laid out on a width×height area: its lines
// (padded to inner), where the thumbnails' rows start among them, the
// thumbnails' slots (screen cells) and the box's place.
type docGeom struct {
	lines           []string
	thumbAt, rows   int
	slots           []Slot
	inner           int
	framed          bool
	top, left, edge int // the box's top-left cell; its left border and padding
}

// geometry lays the dialog out: the text above and below, the thumbnails
// between when there is room.
func (d *DocInspect) geometry(width, height int, head, tail []string) docGeom {
	st := d.styles
	fw, fh := st.Dialog.GetHorizontalFrameSize(), st.Dialog.GetVerticalFrameSize()
	g := docGeom{inner: max(min(width-fw, 76), 10)}
	type thumb struct {
		img        session.Image
		cols, rows int
	}
	var ts []thumb
	if n := len(d.thumbs); n > 0 && d.src.Images != nil {
		room := min(thumbRows, height-fh-len(head)-len(tail)-1)
		each := (g.inner - thumbGap*(n-1)) / n
		for _, img := range d.thumbs {
			if room < 3 || each < 4 {
				break
			}
			if c, r := d.src.Images.Size(img, each, room); c > 0 && r > 0 {
				ts = append(ts, thumb{img, c, r})
				g.rows = max(g.rows, r)
			}
		}
	}
	g.lines = append(g.lines, head...)
	if g.rows > 0 {
		g.lines = append(g.lines, "")
		g.thumbAt = len(g.lines)
		for range g.rows {
			g.lines = append(g.lines, "")
		}
	}
	g.lines = append(g.lines, tail...)
	for i, l := range g.lines {
		l = ansi.Truncate(l, g.inner, "…")
		g.lines[i] = l + strings.Repeat(" ", max(g.inner-ansi.StringWidth(l), 0))
	}
	g.framed = fw+g.inner <= width && len(g.lines)+fh <= height
	if !g.framed {
		g.rows = 0
		return g
	}
	g.top, g.left = (height-len(g.lines)-fh)/2, (width-g.inner-fw)/2
	g.edge = st.Dialog.GetBorderLeftSize() + st.Dialog.GetPaddingLeft()
	row := g.top + st.Dialog.GetBorderTopSize() + st.Dialog.GetPaddingTop() + g.thumbAt
	col := 0
	for _, t := range ts {
		g.slots = append(g.slots, Slot{Image: t.img, Cols: t.cols, Rows: t.rows, Row: row, Col: g.left + g.edge + col})
		col += t.cols + thumbGap
	}
	return g
}

// draw is the laid-out dialog: the thumbnails' rows filled in, the box
// placed at its cell.
func (d *DocInspect) draw(g docGeom, width, height int) string {
	for k := range g.rows {
		var b strings.Builder
		for i, sl := range g.slots {
			if i > 0 {
				b.WriteString(strings.Repeat(" ", thumbGap))
			}
			if k < sl.Rows {
				b.WriteString(d.src.Images.Row(sl, k))
			} else {
				b.WriteString(strings.Repeat(" ", sl.Cols))
			}
		}
		g.lines[g.thumbAt+k] = b.String() + strings.Repeat(" ", max(g.inner-ansi.StringWidth(b.String()), 0))
	}
	return placeBox(d.styles.Dialog.Render(strings.Join(g.lines, "\n")), g.top, g.left, height)
}

// placeBox puts a rendered box with its top-left corner at cell (top,
// left) of an area height rows tall: where the dialogs that show images
// computed their slots to be.
func placeBox(box string, top, left, height int) string {
	out := make([]string, height)
	pad := strings.Repeat(" ", left)
	for i, l := range strings.Split(box, "\n") {
		if r := top + i; r >= 0 && r < height {
			out[r] = pad + l
		}
	}
	return strings.Join(out, "\n")
}

// Slots are the thumbnails the dialog shows in width × height.
func (d *DocInspect) Slots(width, height int) []Slot {
	head, tail := d.text(width)
	return d.geometry(width, height, head, tail).slots
}
