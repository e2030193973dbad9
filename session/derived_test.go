package session

import (
	"bytes"
	"errors"
	"testing"

	"parley/media/imaging"
	"parley/providers"
	"parley/providers/providertest"
)

func TestFittedImageCachedOnce(t *testing.T) {
	s := openTest(t)
	orig := providertest.ScreenshotPNG(t, 1200, 900)
	img, err := s.AddImage(orig, "shot.png")
	if err != nil {
		t.Fatal(err)
	}
	derivations := 0
	s.onDerive = func() { derivations++ }
	caps := providers.Caps{Images: true, ImageFormats: []string{"image/png", "image/jpeg"}, MaxImageEdge: 600}

	first, err := s.FittedImage(img, caps)
	if err != nil {
		t.Fatal(err)
	}
	second, err := s.FittedImage(img, caps)
	if err != nil {
		t.Fatal(err)
	}
	if derivations != 1 {
		t.Errorf("fitted %d times, want once", derivations)
	}
	if !bytes.Equal(first.Data, second.Data) || first.Width != 600 || first.Height != 450 || first.Reused || second.Reused {
		t.Errorf("fits differ or wrong: %dx%d reused %v / %dx%d reused %v", first.Width, first.Height, first.Reused,
			second.Width, second.Height, second.Reused)
	}
	if w, h, _ := providertest.ImageSize(t, second.Data); w != 600 || h != 450 {
		t.Errorf("cached copy decodes as %dx%d", w, h)
	}
	if n := count(t, s, `SELECT count(*) FROM derived WHERE src_sha = ?`, img.Blob); n != 1 {
		t.Errorf("%d derived rows, want 1", n)
	}
	if got, err := s.Blob(img.Blob); err != nil || !bytes.Equal(got, orig) {
		t.Errorf("original changed (%v)", err)
	}
	// Another model's limits derive another copy; the cache survives a reopen.
	s = reopen(t, s)
	s.onDerive = func() { derivations++ }
	if _, err := s.FittedImage(img, caps); err != nil || derivations != 1 {
		t.Errorf("after reopen: %d derivations, %v", derivations, err)
	}
	caps.MaxImageEdge = 300
	if f, err := s.FittedImage(img, caps); err != nil || derivations != 2 || f.Width != 300 {
		t.Errorf("other limits: %d derivations, width %d, %v", derivations, f.Width, err)
	}
}

func TestFittedImageSmallIsReused(t *testing.T) {
	s := openTest(t)
	orig := providertest.GradientPNG(t, 64, 48, 3)
	img, _ := s.AddImage(orig, "small.png")
	f, err := s.FittedImage(img, providers.CapsFor("anthropic", "", "claude-sonnet-4-5"))
	if err != nil || !f.Reused || !bytes.Equal(f.Data, orig) || f.MIME != "image/png" {
		t.Errorf("small image: reused %v mime %s, %v", f.Reused, f.MIME, err)
	}
	// Zero caps: as stored, no fitting at all.
	if f, err := s.FittedImage(img, providers.Caps{}); err != nil || !f.Reused || !bytes.Equal(f.Data, orig) {
		t.Errorf("zero caps: %+v, %v", f.Reused, err)
	}
}

func TestFittedImageAnthropicScreenshot(t *testing.T) {
	s := openTest(t)
	img, err := s.AddImage(providertest.ScreenshotPNG(t, 4000, 3000), "screen.png")
	if err != nil {
		t.Fatal(err)
	}
	caps := providers.CapsFor("anthropic", "", "claude-sonnet-4-5")
	f, err := s.FittedImage(img, caps)
	if err != nil {
		t.Fatal(err)
	}
	w, h, format := providertest.ImageSize(t, f.Data)
	if max(w, h) > 1568 || len(f.Data) > 5<<20 || w != f.Width || h != f.Height || format != "png" {
		t.Errorf("fitted %s %dx%d (reported %dx%d), %d bytes", format, w, h, f.Width, f.Height, len(f.Data))
	}
	if w*h > caps.MaxImagePixels {
		t.Errorf("fitted %dx%d exceeds %d pixels", w, h, caps.MaxImagePixels)
	}
	cw, ch, tokens := ImageTokens(img, caps)
	if cw != w || ch != h || tokens != providers.EstimateImageTokens(caps, w, h, "") || tokens == 0 {
		t.Errorf("chip says %dx%d ≈%d tok, sent %dx%d", cw, ch, tokens, w, h)
	}
}

func TestFittedImageOpenAITiles(t *testing.T) {
	s := openTest(t)
	img, _ := s.AddImage(providertest.ScreenshotPNG(t, 2400, 1600), "wide.png")
	caps := providers.CapsFor("openai", "", "gpt-4o")
	f, err := s.FittedImage(img, caps)
	if err != nil {
		t.Fatal(err)
	}
	w, h, _ := providertest.ImageSize(t, f.Data)
	if max(w, h) > 2048 || min(w, h) > 768 || w != 1152 || h != 768 {
		t.Errorf("fitted %dx%d, want 1152x768", w, h)
	}
	// Detail low: the model sees 512 px, so no more is sent.
	img.Detail = "low"
	f, err = s.FittedImage(img, caps)
	if w, h, _ := providertest.ImageSize(t, f.Data); err != nil || max(w, h) != 512 {
		t.Errorf("low detail fitted %dx%d, %v", w, h, err)
	}
	if _, _, tok := ImageTokens(img, caps); tok != 85 {
		t.Errorf("low detail tokens %d, want 85", tok)
	}
}

// TestImageTokensMatchFit checks that the chip's size (computed without
// decoding) is the size media/imaging produces, across token methods.
func TestImageTokensMatchFit(t *testing.T) {
	s := openTest(t)
	capsList := map[string]providers.Caps{
		"edge":    {Images: true, MaxImageEdge: 333},
		"pixels":  {Images: true, MaxImagePixels: 100_003},
		"tiles":   providers.CapsFor("openai", "", "gpt-4o"),
		"patches": {Images: true, MaxImagePixels: 200_000, ImageTokens: providers.TokensOpenAIPatches, PatchFactor: 1},
		"gemini":  {Images: true, MaxImageEdge: 500, ImageTokens: providers.TokensGemini},
	}
	sizes := [][2]int{{997, 613}, {613, 997}, {1200, 1199}, {1000, 10}, {301, 299}}
	for name, caps := range capsList {
		for _, sz := range sizes {
			img, err := s.AddImage(providertest.GradientPNG(t, sz[0], sz[1], uint8(sz[0])), "p.png")
			if err != nil {
				t.Fatal(err)
			}
			f, err := s.FittedImage(img, caps)
			if err != nil {
				t.Fatalf("%s %v: %v", name, sz, err)
			}
			w, h, _ := ImageTokens(img, caps)
			gw, gh, _ := providertest.ImageSize(t, f.Data)
			if w != gw || h != gh || f.Width != gw || f.Height != gh {
				t.Errorf("%s %v: chip %dx%d, fitted %dx%d, sent %dx%d", name, sz, w, h, f.Width, f.Height, gw, gh)
			}
			// And it is FitSize's answer, to within rounding.
			fw, fh := providers.FitSize(caps, sz[0], sz[1])
			if abs(fw-w) > 1 || abs(fh-h) > 1 {
				t.Errorf("%s %v: chip %dx%d, FitSize %dx%d", name, sz, w, h, fw, fh)
			}
		}
	}
}

func abs(n int) int { return max(n, -n) }

func TestFittedImageHEIC(t *testing.T) {
	s := openTest(t)
	img, _ := s.AddImage(heicStub(), "photo.heic")
	_, err := s.FittedImage(img, providers.CapsFor("anthropic", "", "claude-sonnet-4-5"))
	if !errors.Is(err, ErrImageFormat) || err.Error() != "HEIC is not supported by this model; convert it to PNG or JPEG" {
		t.Errorf("HEIC to Claude: %v", err)
	}
	f, err := s.FittedImage(img, providers.CapsFor("gemini", "", "gemini-2.5-flash"))
	if err != nil || !f.Reused || !bytes.Equal(f.Data, heicStub()) || f.MIME != "image/heic" {
		t.Errorf("HEIC to Gemini: %+v, %v", f.MIME, err)
	}
	if w, h, tok := ImageTokens(img, providers.CapsFor("gemini", "", "gemini-2.5-flash")); w != 0 || h != 0 || tok != 0 {
		t.Errorf("HEIC chip %dx%d %d tok, want unknown", w, h, tok)
	}
}

func TestFittedImageUnfittable(t *testing.T) {
	s := openTest(t)
	img, _ := s.AddImage(providertest.GradientPNG(t, 64, 64, 0), "a.png")
	_, err := s.FittedImage(img, providers.Caps{Images: true, ImageFormats: []string{"image/webp"}})
	if !errors.Is(err, imaging.ErrUnfittable) {
		t.Errorf("webp-only model: %v", err)
	}
}

// TestMigrateV1ToV2 opens a database left at schema 1 by an older parley.
func TestMigrateV1ToV2(t *testing.T) {
	s := openAtVersion(t, 1, `INSERT INTO conversations(title, created_at, updated_at) VALUES ('old', 1, 1)`)
	if n := count(t, s, `SELECT count(*) FROM derived`); n != 0 {
		t.Errorf("derived rows %d", n)
	}
	if c, err := s.LatestConversation(); err != nil || c.Title != "old" {
		t.Errorf("old conversation: %+v, %v", c, err)
	}
}

// BenchmarkFittedImage compares a cache hit with a fresh fit (decode,
// scale, encode, store) of a 1200×900 screenshot for a 600-px model.
func BenchmarkFittedImage(b *testing.B) {
	s := openTest(b)
	img, err := s.AddImage(providertest.ScreenshotPNG(b, 1200, 900), "shot.png")
	if err != nil {
		b.Fatal(err)
	}
	caps := providers.Caps{Images: true, ImageFormats: []string{"image/png"}, MaxImageEdge: 600}
	b.Run("cached", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.FittedImage(img, caps); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("fresh", func(b *testing.B) {
		for b.Loop() {
			if _, err := s.db.Exec(`DELETE FROM derived`); err != nil {
				b.Fatal(err)
			}
			if _, err := s.FittedImage(img, caps); err != nil {
				b.Fatal(err)
			}
		}
	})
}
