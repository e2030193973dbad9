package termimg

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// kittyChunk is the largest base64 payload per kitty graphics escape.
const kittyChunk = 4096

// Placeholder is the character kitty draws an image cell over (U+10EEEE).
const Placeholder = '\U0010EEEE'

// KittyTransmit returns the escapes that upload a PNG to the terminal as
// image id and create a virtual placement (U=1) of cols×rows cells for it;
// the image then appears wherever KittyPlaceholders text for id is drawn.
// The PNG goes as direct base64 data (t=d, f=100) in chunks of at most 4096
// bytes (m=1 … m=0) so no escape exceeds the terminal's limit; q=2 silences
// the terminal's replies, which would otherwise arrive as input. With tmux
// set, every escape is wrapped in tmux's passthrough. Empty png gives "".
func KittyTransmit(id uint32, png []byte, cols, rows int, tmux bool) string {
	if len(png) == 0 || cols <= 0 || rows <= 0 {
		return ""
	}
	data := base64.StdEncoding.EncodeToString(png)
	var b strings.Builder
	b.Grow(len(data) + (len(data)/kittyChunk+2)*48)
	for off := 0; off < len(data); off += kittyChunk {
		end := min(off+kittyChunk, len(data))
		more := "1"
		if end == len(data) {
			more = "0"
		}
		ctrl := "m=" + more + ",q=2"
		if off == 0 {
			ctrl = "a=t,f=100,t=d,i=" + strconv.FormatUint(uint64(id), 10) + ",q=2,m=" + more
		}
		writeAPC(&b, ctrl+";"+data[off:end], tmux)
	}
	writeAPC(&b, "a=p,U=1,i="+strconv.FormatUint(uint64(id), 10)+
		",c="+strconv.Itoa(cols)+",r="+strconv.Itoa(rows)+",q=2", tmux)
	return b.String()
}

// KittyDelete returns the escape that deletes image id's placements and
// frees its data in the terminal (d=I), e.g. when a cache entry is evicted.
func KittyDelete(id uint32, tmux bool) string {
	var b strings.Builder
	writeAPC(&b, "a=d,d=I,i="+strconv.FormatUint(uint64(id), 10)+",q=2", tmux)
	return b.String()
}

// writeAPC writes ESC _ G body ESC \, wrapped for tmux when asked.
func writeAPC(b *strings.Builder, body string, tmux bool) {
	seq := "\x1b_G" + body + "\x1b\\"
	if tmux {
		seq = TmuxPassthrough(seq)
	}
	b.WriteString(seq)
}

// KittyPlaceholders returns the text that shows image id (placed with
// KittyTransmit) in cols×rows cells: one string per row, each cell being
// U+10EEEE followed by its row and column diacritics, so any row can be
// drawn, clipped or scrolled independently. The image id is the foreground
// colour: 256-colour (38;5;id) for ids below 256, else 24-bit with the id's
// low three bytes; a non-zero high byte adds a third diacritic. Each row
// ends with an SGR reset. Sizes are capped at MaxPlaceholderSpan.
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
	msb := id >> 24
	lines := make([]string, rows)
	var b strings.Builder
	for r := range rows {
		b.Reset()
		b.Grow(len(fg) + cols*12 + 4)
		b.WriteString(fg)
		for c := range cols {
			b.WriteRune(Placeholder)
			b.WriteRune(diacritics[r])
			b.WriteRune(diacritics[c])
			if msb != 0 {
				b.WriteRune(diacritics[msb])
			}
		}
		b.WriteString("\x1b[0m")
		lines[r] = b.String()
	}
	return lines
}
