package providertest

import (
	"bytes"
	"encoding/base64"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"
)

// EncodePNG encodes img as PNG, failing the test on error.
func EncodePNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatalf("encode PNG: %v", err)
	}
	return buf.Bytes()
}

// SolidPNG is a w×h PNG of one colour: tiny, and easy to tell apart by
// colour on screen.
func SolidPNG(t testing.TB, w, h int, c color.RGBA) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	return EncodePNG(t, img)
}

// NoisePNG is a w×h PNG that does not compress to nothing, so decoding
// it costs what a real photo's does; images with different seeds are
// different pictures.
func NoisePNG(t testing.TB, w, h int, seed uint32) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	seed = seed*2654435761 + 1
	for y := range h {
		for x := range w {
			seed = seed*1664525 + 1013904223
			img.SetRGBA(x, y, color.RGBA{uint8(x), uint8(y), uint8(seed >> 24), 255})
		}
	}
	return EncodePNG(t, img)
}

// Gradient is a w×h opaque image of many colours, like a photo, whose
// pixels depend on seed, so images of one size with different seeds are
// different pictures.
func Gradient(w, h int, seed uint8) *image.NRGBA {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, color.NRGBA{R: uint8(x*7) + seed, G: uint8(y*5) ^ seed, B: uint8(x+y) + seed*3, A: 255})
		}
	}
	return img
}

// GradientPNG is Gradient(w, h, seed) as a PNG.
func GradientPNG(t testing.TB, w, h int, seed uint8) []byte {
	t.Helper()
	return EncodePNG(t, Gradient(w, h, seed))
}

// GradientJPEG is Gradient(w, h, seed) as a JPEG of the given quality
// (1–100).
func GradientJPEG(t testing.TB, w, h int, seed uint8, quality int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, Gradient(w, h, seed), &jpeg.Options{Quality: quality}); err != nil {
		t.Fatalf("encode JPEG: %v", err)
	}
	return buf.Bytes()
}

// ScreenshotPNG draws a w×h "screenshot": white, with rows of dark
// glyph-like blocks, as a two-colour paletted PNG (what screenshot tools
// write for flat UI). Few colours keep it a PNG when fitted.
func ScreenshotPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.White, color.RGBA{30, 30, 30, 255}})
	for y := range h {
		if y%24 >= 14 { // line spacing
			continue
		}
		row := img.Pix[y*img.Stride : y*img.Stride+w]
		for x := range row {
			if (x/9)%5 != 4 && (x*7+y*3)%11 < 6 { // words of glyphs
				row[x] = 1
			}
		}
	}
	return EncodePNG(t, img)
}

// BombPNG is a valid 1×1 PNG whose header (with a correct CRC) claims
// w×h pixels: decoding it would allocate w·h·4 bytes.
func BombPNG(t testing.TB, w, h uint32) []byte {
	t.Helper()
	data := GradientPNG(t, 1, 1, 0)
	// 8-byte signature, then IHDR: length(4) "IHDR"(4) width(4) height(4) ... CRC.
	binary.BigEndian.PutUint32(data[16:20], w)
	binary.BigEndian.PutUint32(data[20:24], h)
	binary.BigEndian.PutUint32(data[29:33], crc32.ChecksumIEEE(data[12:29]))
	return data
}

// ImageSize decodes only the header of an encoded image.
func ImageSize(t testing.TB, data []byte) (w, h int, format string) {
	t.Helper()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode image header: %v", err)
	}
	return cfg.Width, cfg.Height, format
}

// DecodeDataURL returns the MIME type and bytes of a base64 data: URL, as
// the OpenAI and Ollama wire formats carry images.
func DecodeDataURL(t testing.TB, url string) (mime string, data []byte) {
	t.Helper()
	head, b64, ok := strings.Cut(url, ";base64,")
	if !ok || !strings.HasPrefix(head, "data:") {
		t.Fatalf("not a base64 data URL: %.60s", url)
	}
	data, err := base64.StdEncoding.DecodeString(b64)
	if err != nil {
		t.Fatalf("data URL: %v", err)
	}
	return strings.TrimPrefix(head, "data:"), data
}
