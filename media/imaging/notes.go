package imaging

import (
	"fmt"
	"image/color"
	"strings"
)

// NoteKind classifies a lossy change made to an image on its way to a
// model, so a display can pick an icon or group them.
type NoteKind string

// The kinds of change Fit makes.
const (
	NoteFirstFrame   NoteKind = "first-frame"  // an animation cut to its first frame
	NoteConverted    NoteKind = "converted"    // another file format
	NoteBitDepth     NoteKind = "bit-depth"    // 16-bit channels to 8-bit
	NoteAlpha        NoteKind = "alpha"        // transparency flattened
	NoteScaled       NoteKind = "scaled"       // fewer pixels
	NoteRecompressed NoteKind = "recompressed" // JPEG encoded again (lossy)
)

// Note is one lossy change, as a phrase for the user: "animated (24
// frames): sending the first frame", "scaled down from 2880×1800 to
// 1385×866".
type Note struct {
	Kind NoteKind
	Text string
}

// String returns the phrase.
func (n Note) String() string { return n.Text }

// Describe lists the lossy changes that re-encoding an original of header
// orig as an image of MIME type mime and w×h pixels makes, as Fit does. Fit
// fills Fitted.Notes with it; callers that cached a fitted copy call it
// with the original's header (Inspect) and the copy's facts, and get the
// same notes without decoding. It is for re-encoded images only: an image
// sent as is has no notes. Transparency is judged from the header
// (Info.HasAlpha), which Fit narrows to images that really have
// see-through pixels.
func Describe(orig Info, mime string, w, h int) []Note {
	var out []Note
	add := func(k NoteKind, format string, a ...any) {
		out = append(out, Note{Kind: k, Text: fmt.Sprintf(format, a...)})
	}
	if orig.Animated() {
		add(NoteFirstFrame, "animated (%d frames): sending the first frame", orig.Frames)
	}
	to, _ := FormatForMIME(mime)
	if to != orig.Format {
		add(NoteConverted, "converted %s to %s", formatName(orig.Format), formatName(to))
	}
	if orig.BitDepth > 8 {
		add(NoteBitDepth, "%d-bit colour reduced to 8-bit", orig.BitDepth)
	}
	if orig.HasAlpha && to == JPEG {
		add(NoteAlpha, "transparency flattened on white")
	}
	if w < orig.Width || h < orig.Height {
		add(NoteScaled, "scaled down from %d×%d to %d×%d", orig.Width, orig.Height, w, h)
	}
	if to == JPEG && orig.Format == JPEG {
		add(NoteRecompressed, "JPEG compressed again")
	}
	return out
}

// formatName is how notes name a format: "PNG", "JPEG", "WebP".
func formatName(f Format) string {
	if f == WebP {
		return "WebP"
	}
	return strings.ToUpper(string(f))
}

// bitDepth is the bits per channel of a header's colour model.
func bitDepth(m color.Model) int {
	switch m {
	case color.RGBA64Model, color.NRGBA64Model, color.Gray16Model, color.Alpha16Model:
		return 16
	}
	return 8
}
