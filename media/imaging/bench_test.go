package imaging

import "testing"

// BenchmarkInspectBomb: a PNG header claiming 50000×50000 must be refused
// from the header alone — microseconds and a few hundred bytes, not 10 GB.
func BenchmarkInspectBomb(b *testing.B) {
	bomb := bombPNG(50000, 50000)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Inspect(bomb); err == nil {
			b.Fatal("bomb accepted")
		}
	}
}

func benchFit(b *testing.B, data []byte, spec FitSpec) {
	b.ReportAllocs()
	b.SetBytes(int64(len(data)))
	for b.Loop() {
		if _, err := Fit(data, spec); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFitScreenshotAnthropic fits a 4000×3000 PNG screenshot to
// 1568 px / 1.15 MP / 5 MB.
func BenchmarkFitScreenshotAnthropic(b *testing.B) {
	benchFit(b, mustPNG(b, screenshot(4000, 3000)), anthropicSpec)
}

// BenchmarkFitScreenshotOpenAI fits the same screenshot to 2048² then a
// 768 px short side.
func BenchmarkFitScreenshotOpenAI(b *testing.B) {
	benchFit(b, mustPNG(b, screenshot(4000, 3000)), openAISpec)
}

// BenchmarkFitPhoto12MP fits a 4032×3024 camera JPEG for Anthropic.
func BenchmarkFitPhoto12MP(b *testing.B) {
	benchFit(b, mustJPEG(b, photo(4032, 3024, 9), 90), anthropicSpec)
}

// BenchmarkScale compares the final resampling step alone (12 MP → 1.15 MP)
// with and without the 2×2 box pre-reduction.
func BenchmarkScale(b *testing.B) {
	src := photo(4000, 3000, 7)
	b.Run("halve+catmullrom", func(b *testing.B) {
		for b.Loop() {
			scale(src, 1238, 928)
		}
	})
	b.Run("catmullrom-only", func(b *testing.B) {
		for b.Loop() {
			catmullRom(src, 1238, 928)
		}
	})
}
