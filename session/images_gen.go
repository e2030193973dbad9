package session

import (
	"fmt"
	"strings"
	"time"

	"parley/media/imaging"
	"parley/providers"
)

// image applies a generated image (a partial stage or the final one) from
// the chat model's own reply: the image joins the message's parts after
// the text so far, or replaces the earlier stage of the same image (same
// Index) in place. See showImage for storing and events; false means the
// consumer stopped.
func (r *turnRun) image(ev providers.Event) bool {
	if ev.Image == nil || len(ev.Image.Data) == 0 {
		return true
	}
	final := ev.Kind == providers.EventImage
	img := describeGenerated(ev.Image, r.t.fullName(), !final)
	pos, ok := r.images[ev.Image.Index]
	if !ok {
		pos = -1
	}
	pos, cont := r.showImage(ev.Image.Data, img, pos)
	if pos >= 0 {
		if r.images == nil {
			r.images = map[int]int{}
		}
		r.images[ev.Image.Index] = pos
	}
	return cont
}

// showImage stores a generated image's bytes as a blob exactly as they
// came and puts img at parts[pos], or (pos < 0) after the text so far,
// which closes the text part: text that comes after it starts a new Text
// part, so the parts stay in the order they were made. The final image is
// saved at once; a partial one waits for the next checkpoint. It re-emits
// TurnImage and returns the image's position (still pos if nothing was
// placed) and false if the consumer stopped. A final image that cannot be
// stored sets r.failed; a lost preview stage is replaced by the next one.
func (r *turnRun) showImage(data []byte, img Image, pos int) (int, bool) {
	if s := r.t.Store; s != nil {
		sha, err := s.PutBlob(data)
		if err != nil {
			if !img.Partial {
				r.failed = fmt.Errorf("storing the generated image failed: %w", err)
			}
			return pos, true
		}
		img.Blob = sha
	}
	pos = r.putPart(pos, img)
	if img.Partial {
		r.checkpoint()
	} else {
		_ = r.save(false) // a lasting failure surfaces at the final save
		r.lastSave = time.Now()
	}
	return pos, r.yield(TurnEvent{Kind: TurnImage, Image: &img})
}

// putPart replaces parts[pos] with p, or (pos < 0) closes the text part
// being streamed and appends p. It returns p's position.
func (r *turnRun) putPart(pos int, p Part) int {
	if pos >= 0 && pos < len(r.parts) {
		r.parts[pos] = p
		return pos
	}
	r.closeText()
	r.parts = append(r.parts, p)
	return len(r.parts) - 1
}

// closeText ends the text part being streamed, so what comes next starts
// a new part after it.
func (r *turnRun) closeText() {
	if r.text.Len() > 0 {
		r.parts = append(r.parts, Text{Text: r.text.String()})
		r.text.Reset()
	}
}

// describeGenerated describes a generated image from its bytes; by names
// the model that made it. The provider's MIME type is kept if the bytes
// cannot be read (they are stored anyway: bit-exact is the promise).
func describeGenerated(g *providers.Image, by string, partial bool) Image {
	img := Image{MIME: g.MIME, Bytes: int64(len(g.Data)), Generated: true,
		GeneratedBy: by, Partial: partial}
	if info, err := imaging.Inspect(g.Data); err == nil {
		img.MIME, img.Width, img.Height, img.Frames = info.MIME, info.Width, info.Height, info.Frames
	}
	img.Name = fmt.Sprintf("generated-%d.%s", g.Index+1, imageExt(img.MIME))
	return img
}

// imageExt is the file extension for an image MIME type ("png" when the
// type says nothing usable).
func imageExt(mime string) string {
	if f, ok := imaging.FormatForMIME(mime); ok {
		return string(f)
	}
	if i := strings.LastIndexByte(mime, '/'); i >= 0 && i < len(mime)-1 {
		return mime[i+1:]
	}
	return "png"
}
