// Package imaging identifies, inspects, decodes and fits images for the
// models parley talks to. It works on plain bytes: it never looks at a file
// name or extension, never touches the file system and imports nothing else
// of parley, so the session and UI layers can call it from anywhere.
//
// The pipeline is Sniff (magic bytes) → Inspect (header only: size, limits,
// EXIF orientation, frame count; no pixels allocated) → Decode (pixels,
// oriented) → Fit (downscale and re-encode for one model's limits).
package imaging

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
)

// Format is an image container format recognised from its magic bytes.
type Format string

// The formats Sniff recognises. HEIC and AVIF are recognised so that they can
// be passed through to models that accept them, but they cannot be decoded.
const (
	PNG  Format = "png"
	JPEG Format = "jpeg"
	GIF  Format = "gif"
	WebP Format = "webp"
	BMP  Format = "bmp"
	TIFF Format = "tiff"
	HEIC Format = "heic"
	AVIF Format = "avif"
)

// MIME returns the media type of f, as model APIs spell it.
func (f Format) MIME() string {
	switch f {
	case "":
		return ""
	case HEIC:
		return "image/heic"
	}
	return "image/" + string(f)
}

// FormatForMIME returns the format whose MIME type is mime ("image/jpg" is
// accepted as a common misspelling); ok is false when there is none.
func FormatForMIME(mime string) (f Format, ok bool) {
	m := strings.ToLower(strings.TrimSpace(mime))
	switch m {
	case "image/jpg", "image/pjpeg":
		return JPEG, true
	case "image/heif", "image/heic-sequence", "image/heif-sequence":
		return HEIC, true
	}
	for _, f := range []Format{PNG, JPEG, GIF, WebP, BMP, TIFF, HEIC, AVIF} {
		if f.MIME() == m {
			return f, true
		}
	}
	return "", false
}

// Sentinel errors. Every error returned by this package matches exactly one
// of them with errors.Is, and carries a specific one-line message for the
// user.
var (
	ErrEmpty           = errors.New("file is empty")
	ErrNotImage        = errors.New("not an image")
	ErrTooLarge        = errors.New("image exceeds the size limits")
	ErrCorrupt         = errors.New("image data is truncated or corrupt")
	ErrHEICUnsupported = errors.New("HEIC cannot be decoded here; convert it to PNG or JPEG")
	ErrUnfittable      = errors.New("image cannot be fitted to the model's limits")
)

// kindError is an error with its own message that still matches a sentinel.
type kindError struct {
	kind error
	msg  string
}

func (e *kindError) Error() string        { return e.msg }
func (e *kindError) Is(target error) bool { return target == e.kind }

func errorf(kind error, format string, args ...any) error {
	return &kindError{kind: kind, msg: fmt.Sprintf(format, args...)}
}

// heifBrands are the ISO-BMFF brands that mark a HEIF/HEIC still image or
// sequence. "mif1"/"msf1" are the generic HEIF brands; AVIF files use them
// too, so AVIF brands are checked first.
var heifBrands = []string{"heic", "heix", "hevc", "hevx", "heim", "heis", "hevm", "hevs", "mif1", "msf1", "mif2"}

// Sniff identifies the format of data from its magic bytes alone.
func Sniff(data []byte) (Format, error) {
	if len(data) == 0 {
		return "", ErrEmpty
	}
	switch {
	case bytes.HasPrefix(data, []byte("\x89PNG\r\n\x1a\n")):
		return PNG, nil
	case bytes.HasPrefix(data, []byte{0xff, 0xd8, 0xff}):
		return JPEG, nil
	case bytes.HasPrefix(data, []byte("GIF87a")), bytes.HasPrefix(data, []byte("GIF89a")):
		return GIF, nil
	case len(data) >= 12 && string(data[:4]) == "RIFF" && string(data[8:12]) == "WEBP":
		return WebP, nil
	case bytes.HasPrefix(data, []byte("BM")) && len(data) >= 26 && bmpHeaderSize(data):
		return BMP, nil
	case bytes.HasPrefix(data, []byte("II*\x00")), bytes.HasPrefix(data, []byte("MM\x00*")):
		return TIFF, nil
	}
	if f, ok := sniffISOBMFF(data); ok {
		return f, nil
	}
	return "", errorf(ErrNotImage, "not an image (starts with %s)", describePrefix(data))
}

// bmpHeaderSize checks the DIB header size field, which has only a few
// legal values, so that text starting with "BM" is not taken for a bitmap.
func bmpHeaderSize(data []byte) bool {
	switch binary.LittleEndian.Uint32(data[14:18]) {
	case 12, 40, 52, 56, 64, 108, 124:
		return true
	}
	return false
}

// sniffISOBMFF recognises HEIF/HEIC and AVIF from the leading ftyp box:
// size(4) "ftyp" major(4) minor(4) compatible brands(4 each).
func sniffISOBMFF(data []byte) (Format, bool) {
	if len(data) < 16 || string(data[4:8]) != "ftyp" {
		return "", false
	}
	size := int(binary.BigEndian.Uint32(data[:4]))
	if size < 16 || size > len(data) {
		size = min(len(data), 256)
	}
	var brands []string
	brands = append(brands, string(data[8:12]))
	for off := 16; off+4 <= size; off += 4 {
		brands = append(brands, string(data[off:off+4]))
	}
	for _, b := range brands {
		if b == "avif" || b == "avis" {
			return AVIF, true
		}
	}
	for _, b := range brands {
		for _, h := range heifBrands {
			if b == h {
				return HEIC, true
			}
		}
	}
	return "", false
}

// describePrefix shows the first bytes of unknown data safely: as quoted
// printable ASCII when they are all printable, else as hex. Never raw bytes,
// which could carry terminal escape sequences.
func describePrefix(data []byte) string {
	p := data[:min(len(data), 8)]
	printable := true
	for _, c := range p {
		if c < 0x20 || c > 0x7e {
			printable = false
			break
		}
	}
	if printable {
		return fmt.Sprintf("%q", string(p))
	}
	return fmt.Sprintf("% x", p)
}
