package tray

import (
	"fmt"
	"strings"

	"parley/media/audioconv"

	"parley/providers"
	"parley/session"
	"parley/ui/common"
)

// chipWaveBuckets is how many levels a voice chip's waveform shows.
const chipWaveBuckets = 12

// chipLabel is what a chip says about a for the current model: "shot.png
// 2880×1800 → 1568×980 · ≈2.0k tok". known is false when the model's
// capabilities are not known; then only the original's facts are shown.
// refused reports that the model cannot take the attachment at all.
func chipLabel(a *Chip, caps providers.Caps, known bool, model string) (label string, refused bool) {
	if a.audio != nil {
		return voiceLabel(a, caps, known), false
	}
	if a.doc != nil {
		return a.doc.label(known, model)
	}
	img := a.image
	var b strings.Builder
	b.WriteString(img.Name)
	if img.Width <= 0 || img.Height <= 0 {
		// HEIC/AVIF: no size is known; it passes through or is refused.
		format := strings.ToUpper(strings.TrimPrefix(img.MIME, "image/"))
		b.WriteString(" · " + format)
		if known && !acceptsAsIs(caps, img.MIME) {
			b.WriteString(" · not supported by " + model)
			return b.String(), true
		}
		return b.String(), false
	}
	fmt.Fprintf(&b, " %d×%d", img.Width, img.Height)
	if known && !caps.Images {
		// The built-in table may not know a local or new model: say how
		// to tell parley otherwise.
		b.WriteString(" · " + model + " takes no images (if it does: [models] images = true)")
		return b.String(), true
	}
	if known {
		w, h, tok := session.ImageTokens(*img, caps)
		if w != img.Width || h != img.Height {
			fmt.Fprintf(&b, " → %d×%d", w, h)
		}
		b.WriteString(" · " + common.ApproxTokens(tok))
	}
	switch {
	case known && a.changesFor == model:
		for _, c := range a.changes {
			b.WriteString(" · " + c)
		}
	case img.Frames > 1:
		b.WriteString(" · GIF, first frame")
	}
	if img.Detail == "low" {
		b.WriteString(" · low detail")
	}
	return b.String(), false
}

// acceptsAsIs reports whether a model takes an image parley cannot decode
// (HEIC, AVIF) as it is. HEIC files are HEIF; models list either name.
func acceptsAsIs(c providers.Caps, mime string) bool {
	if mime == "image/heic" || mime == "image/heif" {
		return c.AcceptsImage("image/heic") || c.AcceptsImage("image/heif")
	}
	return c.AcceptsImage(mime)
}

func audioLabel(a *session.Audio, caps providers.Caps, known bool) string {
	s := a.Name
	if a.Duration > 0 {
		s += " " + common.Clock(a.Duration)
	}
	s += " · audio"
	if r := audioRoute(caps, known, a.MIME); r != "" {
		s += " · sent " + r
	}
	return s
}

// audioRoute says how audio of mime reaches the model when not as it is:
// "converted to WAV" for a model that hears WAV but not this format (parley
// decodes every audio format it sniffs), else "as transcript"; "" when the
// model takes it as it is or its capabilities are unknown.
func audioRoute(caps providers.Caps, known bool, mime string) string {
	switch {
	case !known || caps.AcceptsAudio(mime):
		return ""
	case caps.AcceptsAudio(audioconv.MIMEWAV) && decodable(mime):
		return "converted to WAV"
	}
	return "as transcript"
}

// decodable reports whether media/audioconv decodes audio of mime.
func decodable(mime string) bool {
	switch mime {
	case audioconv.MIMEWAV, audioconv.MIMEMP3, audioconv.MIMEOGG, audioconv.MIMEFLAC:
		return true
	}
	return false
}

// voiceLabel is an audio chip's text: "⏵ 0:07 ▁▃▅▇▅▃" for a recorded note,
// the file's name and length for other audio, with the progress in front
// while it plays ("▶ 0:03/0:07").
func voiceLabel(a *Chip, caps providers.Caps, known bool) string {
	au, v := a.audio, a.voice
	if v == nil {
		return audioLabel(au, caps, known)
	}
	head := "⏵ " + common.Clock(au.Duration)
	if v.play.On {
		head = v.play.Progress()
	}
	if !v.recorded {
		return head + " " + audioLabel(au, caps, known)
	}
	s := head + " " + common.Sparkline(au.Waveform, chipWaveBuckets)
	if r := audioRoute(caps, known, au.MIME); r != "" {
		s += " · " + r
	}
	return s
}
