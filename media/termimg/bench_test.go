package termimg

import (
	"bytes"
	"image"
	"testing"

	"github.com/mattn/go-sixel"
)

// Issue 5 budget: ≤ 15 ms for an 800×450 screenshot.
func BenchmarkSixel800x450(b *testing.B) {
	img := screenshotLike(800, 450)
	b.ReportAllocs()
	for b.Loop() {
		Sixel(img, 800, 450)
	}
}

// A photo has thousands of colour bins: the per-image palette's worst case.
func BenchmarkSixelPhoto800x450(b *testing.B) {
	img := photoLike(800, 450)
	b.ReportAllocs()
	for b.Loop() {
		Sixel(img, 800, 450)
	}
}

// Noise fills most of the 65,536 colour bins: the median cut's worst case
// (it rescanned every box on every split: 62 ms here before, on 2 cores).
func BenchmarkSixelNoise800x800(b *testing.B) {
	img := image.NewRGBA(image.Rect(0, 0, 800, 800))
	seed := uint32(1)
	for i := range img.Pix {
		seed = seed*1664525 + 1013904223
		img.Pix[i] = uint8(seed >> 24)
	}
	b.ReportAllocs()
	for b.Loop() {
		NewSixelFrame(img, 800, 800)
	}
}

// Re-encoding the visible rows of an already mapped frame while scrolling.
func BenchmarkSixelFrameEncodeRows(b *testing.B) {
	frame := NewSixelFrame(screenshotLike(800, 450), 800, 450)
	b.ReportAllocs()
	for b.Loop() {
		frame.EncodeRows(3, 15, 19)
	}
}

// go-sixel's own palette search, for comparison with the fixed palette.
func BenchmarkSixelAdaptivePalette800x450(b *testing.B) {
	img := screenshotLike(800, 450)
	for b.Loop() {
		var buf bytes.Buffer
		_ = sixel.NewEncoder(&buf).Encode(img)
	}
}

// Issue 5 budget: ≤ 2 ms for 120×34 cells.
func BenchmarkHalfBlocks120x34(b *testing.B) {
	img := screenshotLike(800, 450)
	b.ReportAllocs()
	for b.Loop() {
		HalfBlocks(img, 120, 34, TrueColor)
	}
}

func BenchmarkKittyPlaceholders80x20(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		KittyPlaceholders(0x123456, 80, 20)
	}
}

// A 200 KB PNG: the chunked upload of a large picture.
func BenchmarkKittyTransmit200K(b *testing.B) {
	png := randomBytes(200 << 10)
	b.ReportAllocs()
	for b.Loop() {
		KittyTransmit(0x123456, png, 80, 20, false)
	}
}

func BenchmarkKittyTransmit200KTmux(b *testing.B) {
	png := randomBytes(200 << 10)
	b.ReportAllocs()
	for b.Loop() {
		KittyTransmit(0x123456, png, 80, 20, true)
	}
}

func BenchmarkITerm2200K(b *testing.B) {
	png := randomBytes(200 << 10)
	b.ReportAllocs()
	for b.Loop() {
		ITerm2(png, 80, 20)
	}
}
