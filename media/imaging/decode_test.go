package imaging

import (
	"bytes"
	"errors"
	"image"
	"image/color"
	"runtime"
	"strings"
	"testing"
)

// near reports whether two colours are within tol per channel (JPEG is lossy).
func near(a, b color.Color, tol int) bool {
	ar, ag, ab, aa := a.RGBA()
	br, bg, bb, ba := b.RGBA()
	d := func(x, y uint32) bool {
		v := int(x>>8) - int(y>>8)
		return v <= tol && v >= -tol
	}
	return d(ar, br) && d(ag, bg) && d(ab, bb) && d(aa, ba)
}

func TestSniff(t *testing.T) {
	img := solid(4, 4, red)
	cases := []struct {
		name string
		data []byte
		want Format
		err  string
	}{
		{"png", mustPNG(t, img), PNG, ""},
		{"jpeg", mustJPEG(t, img, 90), JPEG, ""},
		{"gif", animatedGIF(t), GIF, ""},
		{"webp", losslessWebP(2, 2, func(x, y int) bool { return true }), WebP, ""},
		{"bmp", mustBMP(t, img), BMP, ""},
		{"tiff", mustTIFF(t, img), TIFF, ""},
		{"heic", heicHeader, HEIC, ""},
		{"avif", []byte("\x00\x00\x00\x1cftypavif\x00\x00\x00\x00avifmif1miaf"), AVIF, ""},
		{"empty", nil, "", "file is empty"},
		{"text named .png", []byte("hello world, not a picture"), "", `not an image (starts with "hello wo")`},
		{"text starting with BM", []byte("BMW owners manual, chapter one"), "", `not an image (starts with "BMW owne")`},
		{"escape bytes shown as hex", []byte("\x1b[31mred"), "", "not an image (starts with 1b 5b 33 31 6d 72 65 64)"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got, err := Sniff(c.data)
			if c.err != "" {
				if err == nil || err.Error() != c.err {
					t.Fatalf("err = %v, want %q", err, c.err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("Sniff = %q, %v; want %q", got, err, c.want)
			}
		})
	}
	if _, err := Sniff(nil); !errors.Is(err, ErrEmpty) {
		t.Errorf("empty: %v does not match ErrEmpty", err)
	}
	if _, err := Sniff([]byte("plain text")); !errors.Is(err, ErrNotImage) {
		t.Errorf("text: %v does not match ErrNotImage", err)
	}
}

func TestDecodeCorpus(t *testing.T) {
	marked := solid(16, 8, blue)
	fillBlock(marked, 0, 0, 8, red)
	webpData := losslessWebP(16, 8, func(x, y int) bool { return x < 8 })
	cases := []struct {
		name string
		data []byte
		tol  int
	}{
		{"png", mustPNG(t, marked), 0},
		{"jpeg", mustJPEG(t, marked, 95), 24},
		{"bmp", mustBMP(t, marked), 0},
		{"tiff", mustTIFF(t, marked), 0},
		{"webp", webpData, 0},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			img, info, err := Decode(c.data)
			if err != nil {
				t.Fatal(err)
			}
			if info.Width != 16 || info.Height != 8 || img.Bounds() != image.Rect(0, 0, 16, 8) {
				t.Fatalf("size: info %d×%d, bounds %v", info.Width, info.Height, img.Bounds())
			}
			if _, ok := img.(*image.RGBA); !ok {
				t.Fatalf("Decode returned %T, want *image.RGBA", img)
			}
			if !near(img.At(2, 2), red, c.tol) || !near(img.At(13, 5), blue, c.tol) {
				t.Fatalf("pixels: %v at (2,2), %v at (13,5)", img.At(2, 2), img.At(13, 5))
			}
		})
	}
}

func TestExifOrientations(t *testing.T) {
	const w, h = 64, 32 // stored size; 5–8 display as 32×64
	// Where the upright image's top-left (red) and top-right (green)
	// markers sit in the stored pixels for each orientation.
	stored := map[int][2]image.Point{
		1: {{0, 0}, {w - 1, 0}},
		2: {{w - 1, 0}, {0, 0}},
		3: {{w - 1, h - 1}, {0, h - 1}},
		4: {{0, h - 1}, {w - 1, h - 1}},
		5: {{0, 0}, {0, h - 1}},
		6: {{0, h - 1}, {0, 0}},
		7: {{w - 1, h - 1}, {w - 1, 0}},
		8: {{w - 1, 0}, {w - 1, h - 1}},
	}
	for o := 1; o <= 8; o++ {
		m := solid(w, h, white)
		block := func(p image.Point, c color.RGBA) { // 8×8 block at that corner
			fillBlock(m, min(p.X, w-8), min(p.Y, h-8), 8, c)
		}
		block(stored[o][0], red)
		block(stored[o][1], green)
		data := withExif(mustJPEG(t, m, 95), o, o%2 == 0)
		img, info, err := Decode(data)
		if err != nil {
			t.Fatalf("orientation %d: %v", o, err)
		}
		if info.Orientation != o {
			t.Fatalf("orientation %d: Inspect read %d", o, info.Orientation)
		}
		dw, dh := w, h
		if o >= 5 {
			dw, dh = h, w
		}
		if b := img.Bounds(); b.Dx() != dw || b.Dy() != dh || info.Width != dw || info.Height != dh {
			t.Fatalf("orientation %d: bounds %v, info %d×%d, want %d×%d", o, b, info.Width, info.Height, dw, dh)
		}
		if !near(img.At(3, 3), red, 40) || !near(img.At(dw-4, 3), green, 40) || !near(img.At(dw/2, dh-4), white, 40) {
			t.Errorf("orientation %d: top-left %v, top-right %v, bottom %v", o, img.At(3, 3), img.At(dw-4, 3), img.At(dw/2, dh-4))
		}
	}
}

func TestCMYKJPEG(t *testing.T) {
	inks := []color.CMYK{{0, 255, 255, 0}, {255, 0, 255, 0}, {0, 0, 0, 200}, {0, 0, 0, 0}}
	data := cmykJPEG(t, 32, 16, func(x, y int) color.CMYK { return inks[x/8] })
	img, info, err := Decode(data)
	if err != nil {
		t.Fatal(err)
	}
	if info.Format != JPEG || info.Width != 32 || info.Height != 16 {
		t.Fatalf("info = %+v", info)
	}
	for i, ink := range inks {
		r, g, b := color.CMYKToRGB(ink.C, ink.M, ink.Y, ink.K)
		want := color.RGBA{r, g, b, 255}
		if got := img.At(8*i+4, 8); !near(got, want, 8) {
			t.Errorf("ink %v: got %v, want %v", ink, got, want)
		}
	}
}

func TestSixteenBitPNG(t *testing.T) {
	m := image.NewNRGBA64(image.Rect(0, 0, 4, 4))
	for y := 0; y < 4; y++ {
		for x := 0; x < 4; x++ {
			m.SetNRGBA64(x, y, color.NRGBA64{0xffff, 0x8080, 0x0101, 0xffff})
		}
	}
	m.SetNRGBA64(0, 0, color.NRGBA64{0xffff, 0, 0, 0x8000}) // half-transparent red
	img, info, err := Decode(mustPNG(t, m))
	if err != nil {
		t.Fatal(err)
	}
	if !info.HasAlpha {
		t.Error("16-bit RGBA PNG should report alpha")
	}
	if got := color.NRGBAModel.Convert(img.At(2, 2)).(color.NRGBA); got != (color.NRGBA{255, 128, 1, 255}) {
		t.Errorf("opaque pixel = %v", got)
	}
	if got := color.NRGBAModel.Convert(img.At(0, 0)).(color.NRGBA); !near(got, color.NRGBA{255, 0, 0, 128}, 2) {
		t.Errorf("translucent pixel = %v", got)
	}
}

func TestAnimatedGIF(t *testing.T) {
	img, info, err := Decode(animatedGIF(t))
	if err != nil {
		t.Fatal(err)
	}
	if info.Frames != 2 || !info.Animated() {
		t.Errorf("Frames = %d, want 2", info.Frames)
	}
	if got := img.At(4, 4); !near(got, red, 0) {
		t.Errorf("first frame pixel = %v, want red", got)
	}
}

func TestInspectAlphaAndFrames(t *testing.T) {
	translucent := solid(4, 4, red)
	translucent.SetRGBA(0, 0, color.RGBA{})
	cases := []struct {
		name   string
		data   []byte
		alpha  bool
		frames int
	}{
		{"opaque png", mustPNG(t, solid(4, 4, red)), false, 1},
		{"alpha png", mustPNG(t, translucent), true, 1},
		{"opaque paletted png", mustPNG(t, paletted(4, 4)), false, 1},
		{"jpeg", mustJPEG(t, solid(4, 4, red), 80), false, 1},
		{"gif", animatedGIF(t), false, 2},
	}
	for _, c := range cases {
		info, err := Inspect(c.data)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if info.HasAlpha != c.alpha || info.Frames != c.frames || info.Bytes != int64(len(c.data)) {
			t.Errorf("%s: %+v, want alpha %v frames %d", c.name, info, c.alpha, c.frames)
		}
	}
}

func TestTruncatedPNG(t *testing.T) {
	data := mustPNG(t, photo(64, 64, 1))
	_, _, err := Decode(data[:len(data)/2])
	if !errors.Is(err, ErrCorrupt) || !strings.HasPrefix(err.Error(), "image data is truncated or corrupt (png: ") {
		t.Fatalf("err = %v", err)
	}
}

func TestDecompressionBombRefused(t *testing.T) {
	bomb := bombPNG(50000, 50000)
	const want = "image is 50000×50000, the limit is 100 MP"
	if _, err := Inspect(bomb); !errors.Is(err, ErrTooLarge) || err.Error() != want {
		t.Fatalf("Inspect err = %v, want %q", err, want)
	}
	if _, _, err := Decode(bomb); err == nil || err.Error() != want {
		t.Fatalf("Decode err = %v", err)
	}
	if _, err := Fit(bomb, FitSpec{MaxEdge: 1568}); !errors.Is(err, ErrTooLarge) {
		t.Fatalf("Fit err = %v", err)
	}
	// 100 refusals must allocate next to nothing: decoding even one row of
	// the bomb would take 200 kB, the whole image 10 GB.
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < 100; i++ {
		_, _, _ = Decode(bomb)
	}
	runtime.ReadMemStats(&after)
	if per := (after.TotalAlloc - before.TotalAlloc) / 100; per > 64<<10 {
		t.Errorf("refusing the bomb allocated %d bytes per call", per)
	}
}

func TestFileSizeLimit(t *testing.T) {
	big := make([]byte, 61<<20)
	copy(big, mustPNG(t, solid(4, 4, red)))
	_, err := Inspect(big)
	if !errors.Is(err, ErrTooLarge) || err.Error() != "image is 61 MB, the limit is 50 MB" {
		t.Fatalf("err = %v", err)
	}
	_, err = Inspect(big[:MaxFileBytes+1])
	if err == nil || err.Error() != "image is 50.1 MB, the limit is 50 MB" {
		t.Fatalf("err = %v", err)
	}
}

func TestHEIC(t *testing.T) {
	info, err := Inspect(heicHeader)
	if err != nil || info.Format != HEIC || info.MIME != "image/heic" || info.Width != 0 {
		t.Fatalf("Inspect = %+v, %v", info, err)
	}
	_, _, err = Decode(heicHeader)
	if !errors.Is(err, ErrHEICUnsupported) || err.Error() != "HEIC cannot be decoded here; convert it to PNG or JPEG" {
		t.Fatalf("Decode err = %v", err)
	}
	f, err := Fit(heicHeader, FitSpec{Formats: []string{"image/png", "image/heic"}, MaxEdge: 768})
	if err != nil || !bytes.Equal(f.Data, heicHeader) || f.MIME != "image/heic" || f.Reencoded {
		t.Fatalf("Fit to a HEIC model = %+v, %v", f, err)
	}
	if _, err := Fit(heicHeader, FitSpec{Formats: []string{"image/png"}}); !errors.Is(err, ErrHEICUnsupported) {
		t.Fatalf("Fit to a non-HEIC model err = %v", err)
	}
}

func TestMalformedHeadersDoNotPanic(t *testing.T) {
	jpg := withExif(mustJPEG(t, solid(8, 8, red), 80), 6, false)
	gifData := animatedGIF(t)
	for _, data := range [][]byte{jpg, gifData, mustPNG(t, solid(8, 8, red))} {
		for n := 0; n < len(data); n++ {
			_, _ = Inspect(data[:n])
			_ = jpegOrientation(data[:n])
			_, _ = gifScan(data[:n])
			_ = pngHasAlpha(data[:n])
		}
	}
	if o := tiffOrientation([]byte("II*\x00\xff\xff\xff\x7f")); o != 1 {
		t.Errorf("bad IFD offset gave orientation %d", o)
	}
}
