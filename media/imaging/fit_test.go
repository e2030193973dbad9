package imaging

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"math/rand/v2"
	"testing"
)

// Specs shaped like the providers' documented limits (PROVIDERS.md).
var (
	anthropicSpec = FitSpec{
		Formats:   []string{"image/jpeg", "image/png", "image/gif", "image/webp"},
		MaxEdge:   1568,
		MaxPixels: 1_150_000,
		MaxBytes:  5 << 20,
	}
	openAISpec = FitSpec{
		Formats:      []string{"image/png", "image/jpeg", "image/webp", "image/gif"},
		MaxEdge:      2048,
		MaxShortSide: 768,
		MaxBytes:     20 << 20,
	}
)

func TestFitScreenshotAnthropic(t *testing.T) {
	data := mustPNG(t, screenshot(4000, 3000))
	orig := bytes.Clone(data)
	f, err := Fit(data, anthropicSpec)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(data, orig) {
		t.Fatal("Fit modified its input")
	}
	if max(f.Width, f.Height) > 1568 || f.Width*f.Height > 1_150_000 || len(f.Data) > 5<<20 {
		t.Fatalf("fitted %d×%d, %d bytes", f.Width, f.Height, len(f.Data))
	}
	// Aspect kept within a pixel, and the size is as large as allowed.
	if d := f.Width*3 - f.Height*4; d < -4 || d > 4 || f.Width*f.Height < 1_100_000 {
		t.Errorf("fitted %d×%d: aspect or size off", f.Width, f.Height)
	}
	if f.MIME != "image/png" || !f.Resized || !f.Reencoded {
		t.Errorf("screenshot should stay PNG, resized: %+v", f)
	}
	img, info, err := Decode(f.Data)
	if err != nil || info.Width != f.Width || info.Height != f.Height {
		t.Fatalf("fitted data: %+v, %v", info, err)
	}
	// The dark title bar survives the downscale at the top.
	if !near(img.At(f.Width/2, 5), color.RGBA{40, 44, 52, 255}, 4) {
		t.Errorf("title bar pixel = %v", img.At(f.Width/2, 5))
	}
}

func TestFitScreenshotOpenAI(t *testing.T) {
	f, err := Fit(mustPNG(t, screenshot(4000, 3000)), openAISpec)
	if err != nil {
		t.Fatal(err)
	}
	if f.Width > 2048 || f.Height > 2048 || min(f.Width, f.Height) > 768 {
		t.Fatalf("fitted %d×%d", f.Width, f.Height)
	}
	if f.Width != 1024 || f.Height != 768 {
		t.Errorf("fitted %d×%d, want 1024×768", f.Width, f.Height)
	}
}

func TestFitAlreadyFittingIsBitExact(t *testing.T) {
	for _, data := range [][]byte{mustPNG(t, screenshot(800, 600)), mustJPEG(t, photo(640, 480, 2), 85)} {
		f, err := Fit(data, anthropicSpec)
		if err != nil {
			t.Fatal(err)
		}
		if f.Resized || f.Reencoded || &f.Data[0] != &data[0] || len(f.Data) != len(data) {
			t.Fatalf("expected the original back untouched: %+v", f)
		}
		if f.Width != f.Orig.Width || f.MIME != f.Orig.MIME {
			t.Errorf("facts differ: %+v", f)
		}
	}
}

func TestFitFormatNotAccepted(t *testing.T) {
	pngOnly := FitSpec{Formats: []string{"image/png", "image/jpeg"}}
	cases := []struct {
		name string
		data []byte
		mime string
	}{
		{"bmp screenshot", mustBMP(t, screenshot(300, 200)), "image/png"},
		{"tiff photo", mustTIFF(t, photo(300, 200, 3)), "image/jpeg"},
		{"webp graphic", losslessWebP(16, 16, func(x, y int) bool { return x < y }), "image/png"},
	}
	for _, c := range cases {
		f, err := Fit(c.data, pngOnly)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if !f.Reencoded || f.Resized || f.MIME != c.mime {
			t.Errorf("%s: %+v, want re-encoded %s", c.name, f, c.mime)
		}
		if got, _ := Sniff(f.Data); got.MIME() != c.mime {
			t.Errorf("%s: data is %s", c.name, got)
		}
	}
	_, err := Fit(mustBMP(t, solid(8, 8, red)), FitSpec{Formats: []string{"image/webp"}})
	if !errors.Is(err, ErrUnfittable) {
		t.Errorf("webp-only model: err = %v", err)
	}
}

func TestFitPhotoStepsJPEGQualityDown(t *testing.T) {
	src := mustJPEG(t, photo(800, 600, 4), 98)
	decoded, _, err := Decode(src)
	if err != nil {
		t.Fatal(err)
	}
	at := func(q int) int { return len(mustJPEG(t, decoded, q)) }
	// A budget that quality 90 misses but 70 meets.
	spec := FitSpec{Formats: []string{"image/jpeg"}, MaxBytes: int64(at(70))}
	if at(90) <= int(spec.MaxBytes) {
		t.Fatal("test image too compressible")
	}
	f, err := Fit(src, spec)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(f.Data)) > spec.MaxBytes || f.Resized || f.MIME != "image/jpeg" {
		t.Fatalf("got %d bytes (budget %d), %d×%d, %s", len(f.Data), spec.MaxBytes, f.Width, f.Height, f.MIME)
	}
	if len(f.Data) != at(70) {
		t.Errorf("expected the highest fitting quality (70): got %d bytes, q70 is %d", len(f.Data), at(70))
	}
	// Below what quality 50 can reach, the dimensions shrink instead.
	spec.MaxBytes = int64(at(50)) * 6 / 10
	f, err = Fit(src, spec)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(f.Data)) > spec.MaxBytes || !f.Resized || f.Width >= 800 || f.Width*3 != f.Height*4 && f.Width*3-f.Height*4 > 4 {
		t.Fatalf("shrunk to %d×%d, %d bytes (budget %d)", f.Width, f.Height, len(f.Data), spec.MaxBytes)
	}
}

func TestFitTransparentToJPEGFlattensOnWhite(t *testing.T) {
	m := solid(32, 32, red)
	fillBlock(m, 16, 16, 16, color.RGBA{})
	f, err := Fit(mustPNG(t, m), FitSpec{Formats: []string{"image/jpeg"}})
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := Decode(f.Data)
	if err != nil {
		t.Fatal(err)
	}
	if f.MIME != "image/jpeg" || !near(img.At(24, 24), white, 8) || !near(img.At(4, 4), red, 24) {
		t.Fatalf("%s: transparent area %v, red area %v", f.MIME, img.At(24, 24), img.At(4, 4))
	}
}

func TestFitAnimatedGIFBecomesFirstFramePNG(t *testing.T) {
	f, err := Fit(animatedGIF(t), anthropicSpec)
	if err != nil {
		t.Fatal(err)
	}
	img, _, err := Decode(f.Data)
	if err != nil || f.MIME != "image/png" || !f.Orig.Animated() || !near(img.At(1, 1), red, 0) {
		t.Fatalf("%+v, %v", f, err)
	}
}

func TestFitAppliesOrientation(t *testing.T) {
	m := solid(64, 32, white)
	fillBlock(m, 0, 24, 8, red) // orientation 6: stored bottom-left is top-left
	data := withExif(mustJPEG(t, m, 95), 6, false)
	f, err := Fit(data, anthropicSpec)
	if err != nil {
		t.Fatal(err)
	}
	img, info, err := Decode(f.Data)
	if err != nil || info.Orientation != 1 || f.Width != 32 || f.Height != 64 || !near(img.At(3, 3), red, 40) {
		t.Fatalf("%+v %v %v", f, info, err)
	}
	// Orientation plus downscale: the long (displayed vertical) edge is capped.
	big := withExif(mustJPEG(t, photo(2000, 1000, 5), 90), 8, true)
	f, err = Fit(big, FitSpec{MaxEdge: 500})
	if err != nil || f.Width != 250 || f.Height != 500 {
		t.Fatalf("%d×%d %v", f.Width, f.Height, err)
	}
}

func TestTargetSize(t *testing.T) {
	cases := []struct {
		spec       FitSpec
		w, h       int
		wantW, wan int
	}{
		{anthropicSpec, 4000, 3000, 1238, 928},
		{anthropicSpec, 1568, 100, 1568, 100},
		{anthropicSpec, 100, 5000, 31, 1568},
		{openAISpec, 4000, 3000, 1024, 768},
		{openAISpec, 5000, 500, 2048, 204},
		{FitSpec{}, 9000, 9000, 9000, 9000},
		{FitSpec{MaxEdge: 10}, 100000, 1, 10, 1},
	}
	for _, c := range cases {
		w, h := c.spec.TargetSize(c.w, c.h)
		if w != c.wantW || h != c.wan || !c.spec.sizeOK(w, h) {
			t.Errorf("%d×%d → %d×%d, want %d×%d", c.w, c.h, w, h, c.wantW, c.wan)
		}
	}
}

func TestHalveAveragesPremultiplied(t *testing.T) {
	m := image.NewRGBA(image.Rect(0, 0, 2, 2))
	copy(m.Pix, []byte{255, 0, 0, 255, 0, 0, 0, 0, 255, 0, 0, 255, 0, 0, 0, 0})
	got := halve(m).RGBAAt(0, 0)
	if got != (color.RGBA{128, 0, 0, 128}) {
		t.Errorf("halve = %v", got)
	}
}

// TestFitScreenshotOverBytesStaysPNG: an opaque PNG screenshot over the
// byte limit is downscaled and stays PNG (crisp text), never turned into
// JPEG; a photo over the limit still becomes JPEG.
func TestFitScreenshotOverBytesStaysPNG(t *testing.T) {
	src := mustPNG(t, textScreenshot(1200, 900))
	spec := anthropicSpec
	spec.MaxBytes = int64(len(src)) / 3
	f, err := Fit(src, spec)
	if err != nil {
		t.Fatal(err)
	}
	if f.MIME != "image/png" || !f.Resized || int64(len(f.Data)) > spec.MaxBytes {
		t.Fatalf("screenshot over the limit became %s %d×%d, %d bytes (budget %d); want a smaller PNG",
			f.MIME, f.Width, f.Height, len(f.Data), spec.MaxBytes)
	}
	// Resampled dense text compresses worse per pixel than the crisp
	// original, so PNG needs more than the area ratio; still a usable size.
	if f.Width < 1200/8 || f.Width*3-f.Height*4 > 4 || f.Width*3-f.Height*4 < -4 {
		t.Errorf("shrunk too far or lost the aspect: %d×%d", f.Width, f.Height)
	}
	img, _, err := Decode(f.Data)
	if err != nil {
		t.Fatal(err)
	}
	// Lossless: the title bar keeps its exact colour.
	if got := img.At(f.Width/2, 3); !near(got, color.RGBA{40, 44, 52, 255}, 0) {
		t.Errorf("title bar pixel = %v, want exactly (40,44,52)", got)
	}

	ph := mustJPEG(t, photo(800, 600, 7), 95)
	spec.MaxBytes = int64(len(ph)) / 2
	f, err = Fit(mustPNG(t, mustDecodeRGBA(t, ph)), FitSpec{Formats: spec.Formats, MaxBytes: spec.MaxBytes})
	if err != nil {
		t.Fatal(err)
	}
	if f.MIME != "image/png" {
		// A PNG source is a screenshot by the rule above; only a photo
		// source goes to JPEG.
		t.Errorf("PNG source became %s", f.MIME)
	}
	f, err = Fit(ph, FitSpec{Formats: spec.Formats, MaxBytes: spec.MaxBytes})
	if err != nil || f.MIME != "image/jpeg" || int64(len(f.Data)) > spec.MaxBytes {
		t.Errorf("photo over the limit: %s, %d bytes (budget %d), %v", f.MIME, len(f.Data), spec.MaxBytes, err)
	}
}

func mustDecodeRGBA(t *testing.T, data []byte) image.Image {
	t.Helper()
	img, _, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// textScreenshot is a screenshot whose "text" differs glyph by glyph (a
// seeded random 6×10 bitmap per 9×18 cell), so its PNG size grows with
// its area as a real one's does; screenshot()'s repeating pattern
// compresses to almost nothing at any size.
func textScreenshot(w, h int) *image.RGBA {
	m := screenshot(w, h)
	r := rand.New(rand.NewPCG(1, 2))
	for cy := 70; cy+18 <= h; cy += 18 {
		for cx := w/5 + 10; cx+9 <= w; cx += 9 {
			bits := r.Uint64()
			for y := range 10 {
				for x := range 6 {
					c := color.RGBA{245, 245, 245, 255}
					if bits>>(uint(y*6+x)%64)&1 == 1 {
						c = color.RGBA{30, 30, 30, 255}
					}
					m.SetRGBA(cx+x, cy+4+y, c)
				}
			}
		}
	}
	return m
}
