package session

import (
	"fmt"
	"strings"
	"time"

	"parley/media/imaging"
	"parley/providers"
)

// image applies a generated image (a partial stage or the final one) to
// the reply: its bytes are stored as a blob exactly as they came, and the
// image joins the message's parts after the text so far, or replaces the
// earlier stage of the same image (same Index) in place. Text that comes
// after it starts a new Text part, so the parts stay in the order the
// model produced them. The final image is saved at once; a partial one
// waits for the next checkpoint. It re-emits TurnImage; false means the
// consumer stopped.
func (r *turnRun) image(ev providers.Event) bool {
	if ev.Image == nil || len(ev.Image.Data) == 0 {
		return true
	}
	final := ev.Kind == providers.EventImage
	img := r.generated(ev.Image, !final)
	if s := r.t.Store; s != nil {
		sha, err := s.PutBlob(ev.Image.Data)
		if err != nil {
			if final {
				r.failed = fmt.Errorf("storing the generated image failed: %w", err)
				return true
			}
			return true // a lost preview stage is replaced by the next one
		}
		img.Blob = sha
	}
	r.placeImage(ev.Image.Index, img)
	if final {
		_ = r.save(false) // a lasting failure surfaces at the final save
		r.lastSave = time.Now()
	} else {
		r.checkpoint()
	}
	return r.yield(TurnEvent{Kind: TurnImage, Image: &img})
}

// generated describes a generated image from its bytes. The provider's
// MIME type is kept if the bytes cannot be read (they are stored anyway:
// bit-exact is the promise).
func (r *turnRun) generated(g *providers.Image, partial bool) Image {
	img := Image{MIME: g.MIME, Bytes: int64(len(g.Data)), Generated: true,
		GeneratedBy: r.t.Model, Partial: partial}
	if info, err := imaging.Inspect(g.Data); err == nil {
		img.MIME, img.Width, img.Height, img.Frames = info.MIME, info.Width, info.Height, info.Frames
	}
	ext := "png"
	if f, ok := imaging.FormatForMIME(img.MIME); ok {
		ext = string(f)
	} else if i := strings.LastIndexByte(img.MIME, '/'); i >= 0 && i < len(img.MIME)-1 {
		ext = img.MIME[i+1:]
	}
	img.Name = fmt.Sprintf("generated-%d.%s", g.Index+1, ext)
	return img
}

// placeImage adds img as a new part, closing the text part being streamed,
// or replaces the earlier stage of the same image where it stands.
func (r *turnRun) placeImage(index int, img Image) {
	if pos, ok := r.images[index]; ok {
		r.parts[pos] = img
		return
	}
	if r.text.Len() > 0 {
		r.parts = append(r.parts, Text{Text: r.text.String()})
		r.text.Reset()
	}
	if r.images == nil {
		r.images = map[int]int{}
	}
	r.images[index] = len(r.parts)
	r.parts = append(r.parts, img)
}
