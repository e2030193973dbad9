package transcript

import (
	"fmt"
	"strings"

	"parley/session"
	"parley/ui/common"
)

// ImageCaption is the text of the line under an image, and the whole chip
// when the image is not drawn: "▣ " and its name, size in pixels and bytes
// (or what made it), then why it is missing when why is not empty. status
// is the owning message's: a partial stage left by a generation that
// stopped says so rather than "generating image…" forever. It is unstyled;
// img's text fields are sanitized already.
func ImageCaption(img session.Image, status session.Status, why string) string {
	var b strings.Builder
	b.WriteString("▣ ")
	if img.Generated {
		generatedCaption(&b, img, status)
	} else {
		name := img.Name
		if name == "" {
			name = "image"
		}
		b.WriteString(name)
		if img.Width > 0 && img.Height > 0 {
			fmt.Fprintf(&b, " · %d×%d", img.Width, img.Height)
		}
		if img.Bytes > 0 {
			b.WriteString(" · " + common.HumanBytes(img.Bytes))
		}
	}
	if why != "" {
		b.WriteString(" · " + why)
	}
	return b.String()
}

// generatedCaption names a model's picture: "generated image · 1024×1024
// · openai/gpt-image-1", "generating image…" while it is a partial stage,
// and "cancelled · partial image" (failed, interrupted) for the last stage
// of a generation that stopped before its final image. The separators
// match the other captions ("ref.jpg · 640×480").
func generatedCaption(b *strings.Builder, img session.Image, status session.Status) {
	switch {
	case img.Partial && stoppedWord(status) != "":
		b.WriteString(stoppedWord(status) + " · partial image")
	case img.Partial:
		b.WriteString("generating image…")
	default:
		b.WriteString("generated image")
	}
	if img.Width > 0 && img.Height > 0 {
		fmt.Fprintf(b, " · %d×%d", img.Width, img.Height)
	}
	if img.GeneratedBy != "" {
		b.WriteString(" · " + img.GeneratedBy)
	}
}

// stoppedWord is how a caption names a message that ended without its
// final image, or "" for one still streaming or done.
func stoppedWord(status session.Status) string {
	switch status {
	case session.StatusCancelled:
		return "cancelled"
	case session.StatusError:
		return "failed"
	case session.StatusInterrupted:
		return "interrupted"
	}
	return ""
}
