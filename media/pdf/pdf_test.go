package pdf

import (
	"context"
	"errors"
	"image"
	"image/color"
	"slices"
	"strings"
	"sync"
	"testing"

	"parley/media/pdf/pdftest"
)

// renderer is shared by the tests of this package: one PDFium instance.
var shared = sync.OnceValue(func() *Renderer { return NewRenderer(pdftest.CacheDir()) })

func open(t testing.TB, data []byte) *Doc {
	t.Helper()
	d, err := shared().Open(context.Background(), data)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(d.Close)
	return d
}

func TestTextPDF(t *testing.T) {
	d := open(t, pdftest.Text("Hello parley\nsecond line"))
	if d.Pages != 1 {
		t.Fatalf("pages = %d", d.Pages)
	}
	text, err := d.Text(0)
	if err != nil || text != "Hello parley\nsecond line" {
		t.Fatalf("text = %q, %v", text, err)
	}
	img, err := d.Render(0, 800, 0)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 618 || b.Dy() != 800 {
		t.Fatalf("rendered %v, want 618×800 (Letter fitted to 800)", b)
	}
	// White paper, and some dark ink where the text is.
	if c := img.RGBAAt(5, 5); c != (color.RGBA{255, 255, 255, 255}) {
		t.Fatalf("corner = %v, want white", c)
	}
	if !hasInk(img.Pix) {
		t.Fatal("no dark pixel: the text was not drawn")
	}
	if _, err := d.Text(1); err == nil || !strings.Contains(err.Error(), "outside the document (1–1)") {
		t.Fatalf("page 2 of 1: %v", err)
	}
}

func hasInk(pix []byte) bool {
	for i := 0; i+3 < len(pix); i += 4 {
		if pix[i] < 100 && pix[i+1] < 100 && pix[i+2] < 100 {
			return true
		}
	}
	return false
}

func TestScannedPDFHasNoText(t *testing.T) {
	d := open(t, pdftest.Scanned())
	text, err := d.Text(0)
	if err != nil || text != "" {
		t.Fatalf("text = %q, %v", text, err)
	}
	img, err := d.Render(0, 400, 0)
	if err != nil || !hasInk(img.Pix) {
		t.Fatalf("scan not drawn: %v", err)
	}
}

func TestBadPDFs(t *testing.T) {
	ctx := context.Background()
	good := pdftest.Pages(3)
	cases := map[string]struct {
		data []byte
		want error
	}{
		"encrypted": {pdftest.Encrypted(), ErrEncrypted},
		"truncated": {good[:len(good)/3], ErrCorrupt},
		"garbage":   {[]byte("%PDF-1.4\n<html><body>not really</body></html>"), ErrCorrupt},
	}
	for name, c := range cases {
		_, err := shared().Open(ctx, c.data)
		if !errors.Is(err, c.want) {
			t.Errorf("%s: got %v, want %v", name, err, c.want)
		}
	}
}

func TestHugePageIsBoundedByPixels(t *testing.T) {
	d := open(t, pdftest.Huge(20000, 20000))
	w, h, err := d.PageSize(0)
	if err != nil || w != 20000 || h != 20000 {
		t.Fatalf("size %gx%g %v", w, h, err)
	}
	img, err := d.Render(0, 0, 1_000_000)
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx()*b.Dy() > 1_000_000 || b.Dx() != 1000 {
		t.Fatalf("rendered %v, want 1000×1000", b)
	}
	// Without any bound from the caller, MaxPixels still holds.
	if w, h, _ := RenderSize(20000, 20000, 0, 0); w*h > MaxPixels {
		t.Fatalf("unbounded render %dx%d", w, h)
	}
	// A tiny page is not blown up past 2 px per point.
	if w, h, _ := RenderSize(100, 50, 4000, 0); w != 200 || h != 100 {
		t.Fatalf("small page %dx%d", w, h)
	}
	if _, _, err := RenderSize(0, 10, 100, 0); !errors.Is(err, ErrCorrupt) {
		t.Fatalf("zero page: %v", err)
	}
}

func TestManyPages(t *testing.T) {
	d := open(t, pdftest.Pages(2000))
	if d.Pages != 2000 {
		t.Fatalf("pages = %d", d.Pages)
	}
	text, err := d.Text(1999)
	if err != nil || text != "Page 2000 of 2000" {
		t.Fatalf("last page text %q %v", text, err)
	}
	pages, omitted, err := Select("", d.Pages, 0)
	if err != nil || len(pages) != DefaultMaxPages || omitted != 1980 || pages[19] != 20 {
		t.Fatalf("select: %v %d %v", pages, omitted, err)
	}
}

func TestParseRange(t *testing.T) {
	good := map[string][]int{
		"1-5":     {1, 2, 3, 4, 5},
		"2,4-6":   {2, 4, 5, 6},
		" 3 ":     {3},
		"9-":      {9, 10},
		"":        {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
		"all":     {1, 2, 3, 4, 5, 6, 7, 8, 9, 10},
		"5,1-2,5": {5, 1, 2},
	}
	for spec, want := range good {
		got, err := ParseRange(spec, 10)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("%q: %v %v, want %v", spec, got, err, want)
		}
	}
	bad := map[string]string{
		"5-2":  `"5-2" runs backwards`,
		"0":    "pages count from 1",
		"x":    `"x" is not a page number`,
		"11":   "page 11 is past the end (the document has 10 pages)",
		"1,,2": "empty piece",
		"3-12": "page 12 is past the end",
		"-3":   `"" is not a page number`,
	}
	for spec, want := range bad {
		if _, err := ParseRange(spec, 10); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: %v, want %q", spec, err, want)
		}
	}
}

func TestStartHonoursContextAndClose(t *testing.T) {
	r := NewRenderer(pdftest.CacheDir())
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if err := r.Start(ctx); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled start: %v", err)
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if err := r.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := r.Open(context.Background(), pdftest.Text("x")); !errors.Is(err, ErrClosed) {
		t.Fatalf("open after close: %v", err)
	}
}

// BenchmarkRenderPage1 renders page 1 of a text PDF at the size sent to an
// Anthropic-sized image (1568-px long edge, 1.15 MP), after warm-up.
func BenchmarkRenderPage1(b *testing.B) {
	d := open(b, pdftest.Text(strings.Repeat("The quick brown fox jumps over the lazy dog.\n", 30)))
	for b.Loop() {
		if _, err := d.Render(0, 1568, 1_150_000); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkColdStart compiles PDFium without a cache: the first start on
// a new machine.
func BenchmarkColdStart(b *testing.B) {
	for b.Loop() {
		r := NewRenderer("")
		if err := r.Start(context.Background()); err != nil {
			b.Fatal(err)
		}
		_ = r.Close()
	}
}

// BenchmarkCachedStart starts PDFium from the compilation cache.
func BenchmarkCachedStart(b *testing.B) {
	dir := b.TempDir()
	warm := NewRenderer(dir)
	if err := warm.Start(context.Background()); err != nil {
		b.Fatal(err)
	}
	_ = warm.Close()
	for b.Loop() {
		r := NewRenderer(dir)
		if err := r.Start(context.Background()); err != nil {
			b.Fatal(err)
		}
		_ = r.Close()
	}
}

func TestExtractPages(t *testing.T) {
	d := open(t, pdftest.Pages(6))
	sub, err := d.Extract([]int{2, 4, 5})
	if err != nil {
		t.Fatal(err)
	}
	e := open(t, sub)
	if e.Pages != 3 {
		t.Fatalf("extracted %d pages", e.Pages)
	}
	for i, want := range []string{"Page 2 of 6", "Page 4 of 6", "Page 5 of 6"} {
		if text, _ := e.Text(i); text != want {
			t.Fatalf("page %d: %q, want %q", i+1, text, want)
		}
	}
	if _, err := d.Extract([]int{7}); err == nil {
		t.Fatal("page 7 of 6 extracted")
	}
}

func TestCompact(t *testing.T) {
	d := open(t, pdftest.Text("gray text"))
	img, err := d.Render(0, 200, 0)
	if err != nil {
		t.Fatal(err)
	}
	g, ok := Compact(img).(*image.Gray)
	if !ok || g.Bounds() != img.Bounds() || g.GrayAt(3, 3).Y != 255 {
		t.Fatalf("text page not made gray: %T", Compact(img))
	}
	img.Pix[1] = 0 // one pixel with colour
	if _, ok := Compact(img).(*image.RGBA); !ok {
		t.Fatal("a colour page was made gray")
	}
}

func TestPassword(t *testing.T) {
	ctx := context.Background()
	data := pdftest.WithPassword("top secret", "hunter2")
	if _, err := shared().Open(ctx, data); !errors.Is(err, ErrEncrypted) {
		t.Fatalf("no password: %v", err)
	}
	if _, err := shared().OpenWithPassword(ctx, data, "wrong"); !errors.Is(err, ErrWrongPassword) {
		t.Fatalf("wrong password: %v", err)
	}
	d, err := shared().OpenWithPassword(ctx, data, "hunter2")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	if text, _ := d.Text(0); text != "top secret" {
		t.Fatalf("text %q", text)
	}
	clear, err := d.Decrypted()
	if err != nil {
		t.Fatal(err)
	}
	e := open(t, clear)
	if text, _ := e.Text(0); text != "top secret" {
		t.Fatalf("decrypted copy says %q", text)
	}
}

func TestCompiledReportsTheCache(t *testing.T) {
	if NewRenderer("").Compiled() || NewRenderer(t.TempDir()).Compiled() {
		t.Error("no cache, or an empty one, reported as compiled")
	}
	// The shared renderer has started from (or filled) the tests' cache.
	if err := shared().Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !NewRenderer(pdftest.CacheDir()).Compiled() {
		t.Error("the filled cache is not reported as compiled")
	}
}
