package voice

import (
	"math"
	"strings"

	"github.com/charmbracelet/x/ansi"

	"parley/themes"
	"parley/ui/common"
)

// meterCells is how many recent levels the recording bar shows.
const meterCells = 24

// View is the recording bar: "● REC 0:07 ▁▂▅▇▅… max 10:00 · enter stop ·
// esc discard".
func (v *Recording) View(width int, st *themes.Styles) string {
	r := &v.r
	var b strings.Builder
	switch r.phase {
	case recStarting:
		b.WriteString(st.ErrorMark.Render("●") + " starting the microphone…")
		b.WriteString(st.Muted.Render(" · esc cancel"))
	case recStopping:
		b.WriteString(st.Muted.Render("■ saving the voice note (" + common.Clock(r.elapsed) + ")…"))
	default:
		b.WriteString(st.ErrorMark.Render("● REC") + " " + common.Clock(r.elapsed) + " ")
		b.WriteString(st.Accent.Render(levelMeter(r.meter, meterCells)))
		b.WriteString(st.Muted.Render(" max " + common.Clock(v.MaxDuration()) + " · enter/ctrl+r stop · esc discard"))
	}
	return ansi.Truncate(b.String(), max(width, 1), "…")
}

// meterLevel maps an RMS (0..1) to the meter's 0..1 on a 60 dB scale:
// speech sits in the upper half, silence at the bottom.
func meterLevel(rms float64) float64 {
	if rms <= 0 {
		return 0
	}
	db := 20 * math.Log10(rms)
	return min(max((db+60)/60, 0), 1)
}

// levelMeter draws levels as a bar chart of cells; the left is padded
// with the lowest block until enough levels arrived.
func levelMeter(levels []float64, cells int) string {
	var b strings.Builder
	for range cells - len(levels) {
		b.WriteString(common.BlockFor(0))
	}
	for _, l := range levels[max(len(levels)-cells, 0):] {
		b.WriteString(common.BlockFor(l))
	}
	return b.String()
}
