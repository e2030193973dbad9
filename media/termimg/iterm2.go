package termimg

import (
	"encoding/base64"
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/iterm2"
)

// ITerm2 returns an iTerm2 inline image (OSC 1337 File=…) that shows data —
// any format the terminal decodes, normally PNG — in a cols×rows cell box
// with its aspect ratio kept. The sequence ends with BEL, the terminator
// iTerm2's documentation uses and WezTerm accepts; BEL also needs no
// escaping inside a tmux passthrough. Bubble Tea drops OSC sequences from
// View(), so the caller writes this with tea.Raw at the reserved cells.
// doNotMoveCursor=1 (iTerm2 3.5, WezTerm) keeps the cursor from moving past
// the image, which could scroll the screen; older versions ignore the key,
// and the caller saves and restores the cursor anyway.
// Empty data or size gives "".
//
// The framing is ansi.ITerm2 and the sizes iterm2.Cells; the arguments are
// written here rather than by iterm2.File because File puts inline=1 after
// the sizes and leaves out preserveAspectRatio=1 (the default), which would
// change the bytes the ui tests pin.
func ITerm2(data []byte, cols, rows int) string {
	if len(data) == 0 || cols <= 0 || rows <= 0 {
		return ""
	}
	var b strings.Builder
	b.Grow(base64.StdEncoding.EncodedLen(len(data)) + 96)
	b.WriteString("File=inline=1;size=")
	b.WriteString(strconv.Itoa(len(data)))
	b.WriteString(";width=")
	b.WriteString(iterm2.Cells(cols))
	b.WriteString(";height=")
	b.WriteString(iterm2.Cells(rows))
	b.WriteString(";preserveAspectRatio=1;doNotMoveCursor=1:")
	enc := base64.NewEncoder(base64.StdEncoding, &b)
	_, _ = enc.Write(data) // strings.Builder never fails
	_ = enc.Close()
	return ansi.ITerm2(b.String())
}

// TmuxPassthrough wraps one escape sequence in tmux's DCS passthrough
// (ESC Ptmux; … ESC \) with every ESC doubled, so tmux forwards it to the
// outer terminal (ansi.TmuxPassthrough). tmux needs
// `set -g allow-passthrough on`.
func TmuxPassthrough(seq string) string {
	return ansi.TmuxPassthrough(seq)
}
