package imaging

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math"
	"strings"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
	"golang.org/x/image/webp"
)

// Limits applied by Inspect and everything built on it. They protect the
// process from decompression bombs: a 100 MP NRGBA image is already 400 MB.
const (
	MaxPixels    = 100_000_000
	MaxFileBytes = 50 << 20
)

// Info describes an image from its header alone.
type Info struct {
	Format Format
	MIME   string
	// Width and Height are the size as displayed, i.e. after the EXIF
	// orientation is applied (a portrait phone photo stored 4032×3024 with
	// orientation 6 reports 3024×4032). Zero for HEIC/AVIF, whose headers
	// are not parsed.
	Width, Height int
	// Orientation is the EXIF orientation (1–8); 1 when absent or invalid.
	Orientation int
	// Frames is the number of frames of a GIF; 1 for everything else.
	Frames int
	// HasAlpha reports whether the header declares transparency (alpha
	// channel, tRNS chunk, transparent palette entry). It is a cheap hint:
	// an image with an alpha channel that is fully opaque still reports true.
	HasAlpha bool
	// BitDepth is the bits per colour channel the header declares: 16 for
	// 16-bit PNG and TIFF, else 8 (0 for HEIC/AVIF, which are not parsed).
	BitDepth int
	// Bytes is the size of the encoded data.
	Bytes int64
}

// Animated reports whether the image has more than one frame.
func (i Info) Animated() bool { return i.Frames > 1 }

// storedSize is the size of the pixel grid as encoded, before orientation.
func (i Info) storedSize() (w, h int) {
	if i.Orientation >= 5 {
		return i.Height, i.Width
	}
	return i.Width, i.Height
}

// Inspect reads the header of data and checks the limits without decoding
// any pixels, so a decompression bomb is refused in microseconds. HEIC and
// AVIF come back with their format and byte size but no dimensions.
func Inspect(data []byte) (Info, error) {
	f, err := Sniff(data)
	if err != nil {
		return Info{}, err
	}
	info := Info{Format: f, MIME: f.MIME(), Orientation: 1, Frames: 1, Bytes: int64(len(data))}
	if len(data) > MaxFileBytes {
		return info, errorf(ErrTooLarge, "image is %s, the limit is %d MB", formatMB(int64(len(data))), MaxFileBytes>>20)
	}
	if f == HEIC || f == AVIF {
		return info, nil
	}
	cfg, err := decodeConfig(f, data)
	if err != nil {
		return info, corrupt(f, err)
	}
	if cfg.Width <= 0 || cfg.Height <= 0 {
		return info, errorf(ErrCorrupt, "image data is truncated or corrupt (%s: zero width or height)", f)
	}
	if int64(cfg.Width)*int64(cfg.Height) > MaxPixels {
		return info, errorf(ErrTooLarge, "image is %d×%d, the limit is %d MP", cfg.Width, cfg.Height, MaxPixels/1_000_000)
	}
	info.Width, info.Height = cfg.Width, cfg.Height
	info.HasAlpha = modelHasAlpha(cfg.ColorModel)
	info.BitDepth = bitDepth(cfg.ColorModel)
	switch f {
	case JPEG:
		info.Orientation = jpegOrientation(data)
	case TIFF:
		info.Orientation = tiffOrientation(data)
	case PNG:
		info.HasAlpha = pngHasAlpha(data)
	case GIF:
		info.Frames, info.HasAlpha = gifScan(data)
	}
	if info.Orientation >= 5 {
		info.Width, info.Height = info.Height, info.Width
	}
	return info, nil
}

// decodeConfig reads only the header of data.
func decodeConfig(f Format, data []byte) (image.Config, error) {
	r := bytes.NewReader(data)
	switch f {
	case PNG:
		return png.DecodeConfig(r)
	case JPEG:
		return jpeg.DecodeConfig(r)
	case GIF:
		return gif.DecodeConfig(r)
	case WebP:
		return webp.DecodeConfig(r)
	case BMP:
		return bmp.DecodeConfig(r)
	case TIFF:
		return tiff.DecodeConfig(r)
	}
	return image.Config{}, fmt.Errorf("%s: no decoder", f)
}

// corrupt turns a decoder error into the user-facing corrupt-data error,
// making sure the decoder's name leads the detail ("png: unexpected EOF").
func corrupt(f Format, err error) error {
	detail := err.Error()
	if !strings.HasPrefix(detail, string(f)+":") && !strings.HasPrefix(detail, "vp8") {
		detail = string(f) + ": " + detail
	}
	return errorf(ErrCorrupt, "image data is truncated or corrupt (%s)", detail)
}

// modelHasAlpha guesses transparency from a header's colour model.
func modelHasAlpha(m color.Model) bool {
	switch m {
	case color.NRGBAModel, color.NRGBA64Model, color.AlphaModel, color.Alpha16Model, color.NYCbCrAModel:
		return true
	}
	if p, ok := m.(color.Palette); ok {
		for _, c := range p {
			if _, _, _, a := c.RGBA(); a != 0xffff {
				return true
			}
		}
	}
	return false
}

// formatMB renders a byte count in MB (2^20), rounding up to a tenth so an
// over-limit size never prints as the limit itself ("50.1 MB", "61 MB").
func formatMB(n int64) string {
	mb := math.Ceil(float64(n)/(1<<20)*10) / 10
	if mb == math.Trunc(mb) || mb >= 100 {
		return fmt.Sprintf("%.0f MB", math.Ceil(mb))
	}
	return fmt.Sprintf("%.1f MB", mb)
}
