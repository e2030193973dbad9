package tray

import (
	"fmt"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"parley/themes"
	"parley/ui/common"
)

// maxTrayLines is the most lines the chips take; more chips are counted
// ("+3 more") rather than pushing the transcript off the screen.
const maxTrayLines = 3

// maxTranscriptLines bounds the transcript lines under the chips.
const maxTranscriptLines = 3

func (t *Tray) draw(width int, st *themes.Styles) []string {
	var out []string
	if len(t.items) > 0 {
		out = t.chipLines(width, st)
		out = append(out, t.transcriptLines(width, st)...)
	}
	notice, style := t.notice, st.Muted
	if t.noticeErr {
		style = st.ErrorLine
	}
	if notice == "" && t.Selected() != nil {
		notice = "←/→ choose · del remove · enter inspect · ↓/esc back to the message"
		if t.Selected().audio != nil {
			notice = "←/→ choose · space play/pause · enter edit transcript · del remove · ↓/esc back"
		}
	}
	if notice == "" {
		return out
	}
	// A long message may take a second line on a narrow screen, not more.
	wrapped := strings.Split(ansi.Wordwrap(notice, max(width, 1), " /"), "\n")
	if len(wrapped) > 2 {
		wrapped = []string{wrapped[0], strings.Join(wrapped[1:], " ")}
	}
	for _, l := range wrapped {
		out = append(out, style.Render(ansi.Truncate(l, max(width, 1), "…")))
	}
	return out
}

// chipLines flows the chips into at most maxTrayLines lines.
func (t *Tray) chipLines(width int, st *themes.Styles) []string {
	var lines []string
	cur, curW := "", 0
	for i, a := range t.items {
		text := a.label
		if i < 9 {
			text = fmt.Sprintf("%d %s", i+1, text)
		}
		text = ansi.Truncate(" "+text+" ", max(width, 1), "…")
		style := st.HeaderMeta
		switch {
		case i == t.sel:
			style = st.Selection.Foreground(st.Palette.Accent)
		case a.refused:
			style = st.ErrorLine
		}
		w := ansi.StringWidth(text)
		if curW > 0 && curW+1+w > width {
			lines = append(lines, cur)
			cur, curW = "", 0
		}
		if len(lines) == maxTrayLines {
			more := fmt.Sprintf(" +%d more", len(t.items)-i)
			lines[maxTrayLines-1] = ansi.Truncate(lines[maxTrayLines-1], max(width-len(more), 1), "") + st.Muted.Render(more)
			return lines
		}
		if curW > 0 {
			cur += " "
			curW++
		}
		cur += style.Render(text)
		curW += w
	}
	return append(lines, cur)
}

// transcriptLines are the lines under the chips: each voice note's
// transcript, or that it is being made, or why it could not be.
func (t *Tray) transcriptLines(width int, st *themes.Styles) []string {
	var out []string
	for i, a := range t.items {
		if a.audio == nil || a.voice == nil || len(out) == maxTranscriptLines {
			continue
		}
		prefix := "  ↳ "
		if i < 9 {
			prefix = "  " + string(rune('1'+i)) + " ↳ "
		}
		var line string
		switch v := a.voice; {
		case v.transcribing:
			line = st.Muted.Render(prefix + "transcribing…")
		case a.audio.Transcript != "":
			line = st.Muted.Render(prefix + "“" + common.OneLine(a.audio.Transcript) + "”")
		case v.err != "":
			line = st.ErrorLine.Render(prefix + "✗ " + v.err)
		default:
			continue
		}
		out = append(out, ansi.Truncate(line, max(width, 1), "…"))
	}
	return out
}
