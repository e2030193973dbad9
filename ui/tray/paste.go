package tray

import (
	"fmt"
	"strings"
	"unicode/utf8"

	tea "charm.land/bubbletea/v2"

	"parley/session"
	"parley/ui/common"
)

// This file turns large pasted text (a bracketed paste or Ctrl+V's
// clipboard text) into a text chip instead of pouring it into the
// composer: a textarea holding thousands of lines is slow to edit and
// draw, and it cuts what exceeds its limits without a word.

// Past either of these a paste becomes a text chip.
const (
	// PasteMaxLines is the most lines a paste may bring into the composer.
	PasteMaxLines = 200
	// PasteMaxBytes is the most bytes a paste may bring into the composer.
	PasteMaxBytes = 16 << 10
)

// PastedTextName names a text chip made from a paste; the model reads it
// as the fenced block's heading.
const PastedTextName = "pasted text"

// LargeText reports whether text is too large for the composer: more than
// PasteMaxLines lines or PasteMaxBytes bytes. It does not allocate, so a
// 10 MB paste costs one pass over its bytes.
func LargeText(text string) bool {
	return len(text) > PasteMaxBytes || lineCount(text) > PasteMaxLines
}

// lineCount counts lines ended by \n, \r\n or a lone \r (terminals send
// \r for the line breaks of a paste), plus an unended last line.
func lineCount(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case '\n':
			n++
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				i++
			}
			n++
		}
	}
	if s != "" && s[len(s)-1] != '\n' && s[len(s)-1] != '\r' {
		n++
	}
	return n
}

// normalizeText makes pasted text what a text file would hold: \n line
// breaks (a terminal's paste ends lines with \r) and valid UTF-8. Bytes
// that are not UTF-8 become U+FFFD, so the count of what was pasted stays
// visible.
func normalizeText(s string) string {
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	return s
}

// PasteText returns the Cmd that stores text as a text chip (LargeText
// said the composer is no place for it). maxBytes is the largest text sent
// whole (files.max_text_size; 0: session.DefaultMaxTextBytes): a larger
// paste is refused in one line naming both sizes, and nothing is kept.
func PasteText(store *session.Store, text string, maxBytes int64) tea.Cmd {
	return func() tea.Msg { return storeText(store, text, maxBytes) }
}

// storeText stores pasted text as a Document.
func storeText(store *session.Store, text string, maxBytes int64) attachedMsg {
	if maxBytes <= 0 {
		maxBytes = session.DefaultMaxTextBytes
	}
	if store == nil {
		return attachedMsg{errs: []string{ErrNoStore(PastedTextName).Error()}}
	}
	text = normalizeText(text)
	if int64(len(text)) > maxBytes {
		return attachedMsg{errs: []string{fmt.Sprintf(
			"nothing was pasted: the text is %s (%s lines), text is sent up to %s (files.max_text_size in the config); save it to a file and attach its part",
			common.HumanBytes(int64(len(text))), common.Thousands(lineCount(text)), common.HumanBytes(maxBytes))}}
	}
	d, err := store.AddTextFile([]byte(text), PastedTextName, "", maxBytes, 0)
	if err != nil {
		return attachedMsg{errs: []string{err.Error()}}
	}
	return attachedMsg{items: []Chip{NewDocument(d)}, note: fmt.Sprintf(
		"the paste (%s lines) is attached as text: ↑ then enter shows it", common.Thousands(d.Lines))}
}
