package termimg

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/kitty"
)

// Placeholder is the character kitty draws an image cell over (U+10EEEE).
const Placeholder = kitty.Placeholder

// MaxPlaceholderSpan is the largest number of rows or columns a kitty
// placeholder image can span: one diacritic per row and column index, and
// kitty's rowcolumn-diacritics table (kitty.Diacritic) has 297 of them.
// kitty does not export the table's length; TestDiacriticSpan pins it.
const MaxPlaceholderSpan = 297

// kittyQuiet asks for no OK or error replies: they would arrive as input.
// Keys are written in our own order (kitty.Options orders them its own
// way), so the bytes stay those the ui tests and goldens pin.
const kittyQuiet = "q=2"

// KittyTransmit returns the escapes that upload a PNG to the terminal as
// image id and create a virtual placement (U=1) of cols×rows cells for it;
// the image then appears wherever KittyPlaceholders text for id is drawn.
// The PNG goes as direct base64 data (t=d, f=100) in chunks of at most
// kitty.MaxChunkSize (4096) bytes (m=1 … m=0) so no escape exceeds the
// terminal's limit; q=2 silences the terminal's replies, which would
// otherwise arrive as input. With tmux set, every escape is wrapped in
// tmux's passthrough. Empty png gives "".
//
// Why not kitty.EncodeGraphics: it takes an image.Image and encodes the PNG
// itself (we already hold the scaled PNG), and its key order differs.
func KittyTransmit(id uint32, png []byte, cols, rows int, tmux bool) string {
	if len(png) == 0 || cols <= 0 || rows <= 0 {
		return ""
	}
	data := make([]byte, base64.StdEncoding.EncodedLen(len(png)))
	base64.StdEncoding.Encode(data, png)
	idKey := "i=" + strconv.FormatUint(uint64(id), 10)
	var b strings.Builder
	b.Grow(len(data) + (len(data)/kitty.MaxChunkSize+2)*48)
	for off := 0; off < len(data); off += kitty.MaxChunkSize {
		end := min(off+kitty.MaxChunkSize, len(data))
		more := "m=1"
		if end == len(data) {
			more = "m=0"
		}
		if off == 0 {
			writeGraphics(&b, data[off:end], tmux, "a="+string(kitty.Transmit),
				"f="+strconv.Itoa(kitty.PNG), "t="+string(kitty.Direct), idKey, kittyQuiet, more)
			continue
		}
		writeGraphics(&b, data[off:end], tmux, more, kittyQuiet)
	}
	writeGraphics(&b, nil, tmux, "a="+string(kitty.Put), "U=1", idKey,
		"c="+strconv.Itoa(cols), "r="+strconv.Itoa(rows), kittyQuiet)
	return b.String()
}

// KittyDelete returns the escape that deletes image id's placements and
// frees its data in the terminal (d=I), e.g. when a cache entry is evicted.
func KittyDelete(id uint32, tmux bool) string {
	var b strings.Builder
	// Upper case of kitty.DeleteID: delete and free the image data too.
	writeGraphics(&b, nil, tmux, "a="+string(kitty.Delete), "d="+strings.ToUpper(string(kitty.DeleteID)),
		"i="+strconv.FormatUint(uint64(id), 10), kittyQuiet)
	return b.String()
}

// writeGraphics writes one APC G escape (ansi.KittyGraphics), wrapped for
// tmux when asked.
func writeGraphics(b *strings.Builder, payload []byte, tmux bool, keys ...string) {
	seq := ansi.KittyGraphics(payload, keys...)
	if tmux {
		seq = ansi.TmuxPassthrough(seq)
	}
	b.WriteString(seq)
}

// KittyPlaceholders returns the text that shows image id (placed with
// KittyTransmit) in cols×rows cells: one string per row, each cell being
// U+10EEEE followed by its row and column diacritics (kitty.Diacritic), so
// any row can be drawn, clipped or scrolled independently. The image id is
// the foreground colour: 256-colour (38;5;id) for ids below 256, else
// 24-bit with the id's low three bytes; a non-zero high byte adds a third
// diacritic. Each row ends with an SGR reset. Sizes are capped at
// MaxPlaceholderSpan.
func KittyPlaceholders(id uint32, cols, rows int) []string {
	cols, rows = min(cols, MaxPlaceholderSpan), min(rows, MaxPlaceholderSpan)
	if cols <= 0 || rows <= 0 {
		return nil
	}
	var fg string
	if id < 256 {
		fg = "\x1b[38;5;" + strconv.Itoa(int(id)) + "m"
	} else {
		fg = "\x1b[38;2;" + strconv.Itoa(int(id>>16&0xff)) + ";" +
			strconv.Itoa(int(id>>8&0xff)) + ";" + strconv.Itoa(int(id&0xff)) + "m"
	}
	msb := int(id >> 24)
	lines := make([]string, rows)
	var b strings.Builder
	for r := range rows {
		b.Reset()
		b.Grow(len(fg) + cols*12 + 4)
		b.WriteString(fg)
		for c := range cols {
			b.WriteRune(kitty.Placeholder)
			b.WriteRune(kitty.Diacritic(r))
			b.WriteRune(kitty.Diacritic(c))
			if msb != 0 {
				b.WriteRune(kitty.Diacritic(msb))
			}
		}
		b.WriteString("\x1b[0m")
		lines[r] = b.String()
	}
	return lines
}
