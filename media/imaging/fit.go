package imaging

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"math"
	"strings"
)

// FitSpec is what one model accepts. Zero numeric fields mean "no limit".
type FitSpec struct {
	// Formats are the accepted MIME types ("image/png", "image/jpeg"…).
	// Empty means any format parley can read is accepted as is.
	Formats []string
	// MaxEdge bounds the long edge in pixels (Anthropic 1568, OpenAI 2048).
	MaxEdge int
	// MaxShortSide bounds the short side after MaxEdge (OpenAI high detail:
	// 768).
	MaxShortSide int
	// MaxPixels bounds width×height (Anthropic ≈ 1.15 MP).
	MaxPixels int
	// MaxBytes bounds the encoded size.
	MaxBytes int64
}

// Fitted is an image ready to send to one model.
type Fitted struct {
	// Data is the encoded image. When neither Resized nor Reencoded is set
	// it is the caller's input slice itself (bit-exact, not copied).
	Data          []byte
	MIME          string
	Width, Height int
	Orig          Info
	Resized       bool
	Reencoded     bool
	// Notes names every lossy change made (none when Data is the input):
	// see Describe.
	Notes []Note
}

// minEdge is the smallest long edge Fit shrinks to when chasing MaxBytes;
// below it the image is useless and the caller gets ErrUnfittable.
const minEdge = 32

// Fit returns data fitted to spec: the original untouched when it already
// satisfies every limit and needs no EXIF rotation; otherwise decoded,
// oriented, downscaled (aspect kept, Catmull-Rom) and re-encoded. Output is
// PNG for screenshots, graphics and transparent images (PNG/GIF source,
// alpha, or few colours) and JPEG for photos; transparent images that must
// become JPEG are flattened on white. Over MaxBytes, JPEG steps quality
// 90→50 and then shrinks; PNG tries best compression and then shrinks,
// staying PNG: a screenshot's text stays crisp at a smaller size, where
// JPEG would smear it. Each shrink step is estimated from how far over
// the budget the last try was (between 0.5 and 0.9 of the edge).
// An animated GIF becomes its first frame. data is never modified. Every
// lossy change is named in Fitted.Notes.
func Fit(data []byte, spec FitSpec) (Fitted, error) {
	info, err := Inspect(data)
	if err != nil {
		return Fitted{}, err
	}
	out := Fitted{Orig: info, MIME: info.MIME, Width: info.Width, Height: info.Height}
	fitsBytes := spec.MaxBytes <= 0 || info.Bytes <= spec.MaxBytes
	if info.Format == HEIC || info.Format == AVIF {
		if spec.accepts(info.Format) && fitsBytes {
			out.Data = data
			return out, nil
		}
		_, err := decodeRaw(data, info) // the format-specific "cannot decode" error
		return Fitted{}, err
	}
	tw, th := spec.TargetSize(info.Width, info.Height)
	if spec.accepts(info.Format) && fitsBytes && !info.Animated() && info.Orientation == 1 &&
		tw == info.Width && th == info.Height {
		out.Data = data
		return out, nil
	}
	raw, err := decodeRaw(data, info)
	if err != nil {
		return Fitted{}, err
	}
	img := scaleOriented(raw, info, tw, th)
	seen := info
	seen.HasAlpha = info.HasAlpha && !img.Opaque() // an alpha channel of opaque pixels loses nothing
	f, err := spec.chooseFormat(info, img)
	if err != nil {
		return Fitted{}, err
	}
	enc, img, f, err := spec.encode(img, f)
	if err != nil {
		return Fitted{}, err
	}
	out.Data, out.MIME = enc, f.MIME()
	out.Width, out.Height = img.Rect.Dx(), img.Rect.Dy()
	out.Resized = out.Width != info.Width || out.Height != info.Height
	out.Reencoded = true
	out.Notes = Describe(seen, out.MIME, out.Width, out.Height)
	return out, nil
}

// accepts reports whether f is among the accepted MIME types.
func (s FitSpec) accepts(f Format) bool {
	if len(s.Formats) == 0 {
		return true
	}
	for _, m := range s.Formats {
		if g, ok := FormatForMIME(m); ok && g == f {
			return true
		}
	}
	return false
}

// TargetSize is the size Fit scales a w×h image (as displayed) to under s,
// before any shrinking to meet MaxBytes: the largest size with the same
// aspect within MaxEdge, MaxShortSide and MaxPixels, rounded down, then
// trimmed a pixel at a time until every limit holds. It is exported so that
// callers that show a size without decoding (session's chips) get exactly
// the size Fit produces.
func (s FitSpec) TargetSize(w, h int) (int, int) {
	scale := 1.0
	long, short := max(w, h), min(w, h)
	if s.MaxEdge > 0 && long > s.MaxEdge {
		scale = min(scale, float64(s.MaxEdge)/float64(long))
	}
	if s.MaxShortSide > 0 && short > s.MaxShortSide {
		scale = min(scale, float64(s.MaxShortSide)/float64(short))
	}
	if s.MaxPixels > 0 && w*h > s.MaxPixels {
		scale = min(scale, math.Sqrt(float64(s.MaxPixels)/float64(w*h)))
	}
	if scale >= 1 {
		return w, h
	}
	// The epsilon keeps 1568.0000001-style products from rounding down a
	// pixel; the loop below then enforces the limits exactly.
	tw := max(1, int(float64(w)*scale+1e-6))
	th := max(1, int(float64(h)*scale+1e-6))
	for !s.sizeOK(tw, th) && (tw > 1 || th > 1) {
		if tw >= th {
			tw--
		} else {
			th--
		}
	}
	return tw, th
}

func (s FitSpec) sizeOK(w, h int) bool {
	return (s.MaxEdge <= 0 || max(w, h) <= s.MaxEdge) &&
		(s.MaxShortSide <= 0 || min(w, h) <= s.MaxShortSide) &&
		(s.MaxPixels <= 0 || w*h <= s.MaxPixels)
}

// chooseFormat picks PNG for graphics (PNG/GIF source, alpha, few colours)
// and JPEG for photos, falling back to whichever of the two is accepted.
func (s FitSpec) chooseFormat(info Info, img *image.RGBA) (Format, error) {
	pngOK, jpegOK := s.accepts(PNG), s.accepts(JPEG)
	graphic := info.Format == PNG || info.Format == GIF || !img.Opaque() || fewColours(img)
	switch {
	case graphic && pngOK:
		return PNG, nil
	case jpegOK:
		return JPEG, nil
	case pngOK:
		return PNG, nil
	}
	return "", errorf(ErrUnfittable, "the model accepts only %s; parley can write PNG and JPEG",
		strings.Join(s.Formats, ", "))
}

// encode encodes img as f within MaxBytes, lowering JPEG quality and then
// shrinking as described on Fit. It returns the bytes, the image actually
// encoded and the format used.
func (s FitSpec) encode(img *image.RGBA, f Format) ([]byte, *image.RGBA, Format, error) {
	for {
		var last []byte
		if f == JPEG {
			src := flattenOnWhite(img)
			for q := 90; q >= 50; q -= 5 {
				b, err := encodeJPEG(src, q)
				if err != nil {
					return nil, nil, "", err
				}
				if s.bytesOK(b) {
					return b, img, f, nil
				}
				last = b
			}
		} else {
			for _, level := range []png.CompressionLevel{png.DefaultCompression, png.BestCompression} {
				b, err := encodePNG(img, level)
				if err != nil {
					return nil, nil, "", err
				}
				if s.bytesOK(b) {
					return b, img, f, nil
				}
				last = b
			}
		}
		k := shrinkFactor(int64(len(last)), s.MaxBytes)
		w, h := img.Rect.Dx(), img.Rect.Dy()
		nw, nh := max(1, int(float64(w)*k)), max(1, int(float64(h)*k))
		if max(nw, nh) < minEdge {
			return nil, nil, "", errorf(ErrUnfittable, "image cannot be made smaller than %d bytes", s.MaxBytes)
		}
		img = scale(img, nw, nh)
	}
}

// shrinkFactor is the edge scale for the next try of an image that encoded
// to size bytes against a budget of limit: bytes grow about with the
// area, so the square root of the ratio, a little under it so one step
// usually suffices, kept between 0.5 (never throw away too much at once)
// and 0.9 (always make progress).
func shrinkFactor(size, limit int64) float64 {
	if size <= 0 || limit <= 0 {
		return 0.8
	}
	return min(max(math.Sqrt(float64(limit)/float64(size))*0.95, 0.5), 0.9)
}

func (s FitSpec) bytesOK(b []byte) bool {
	return s.MaxBytes <= 0 || int64(len(b)) <= s.MaxBytes
}

func encodeJPEG(img image.Image, quality int) ([]byte, error) {
	var buf bytes.Buffer
	err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality})
	return buf.Bytes(), err
}

func encodePNG(img image.Image, level png.CompressionLevel) ([]byte, error) {
	var buf bytes.Buffer
	enc := png.Encoder{CompressionLevel: level}
	err := enc.Encode(&buf, img)
	return buf.Bytes(), err
}
