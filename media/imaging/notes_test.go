package imaging

import (
	"bytes"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/png"
	"slices"
	"testing"
)

func kinds(ns []Note) []NoteKind {
	var k []NoteKind
	for _, n := range ns {
		k = append(k, n.Kind)
	}
	return k
}

func encodedPNG(t *testing.T, img image.Image) []byte {
	t.Helper()
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestFitNotesEveryLossyChange(t *testing.T) {
	// An animated GIF of 24 frames: first frame only, and say so.
	anim := &gif.GIF{}
	for i := range 24 {
		fr := image.NewPaletted(image.Rect(0, 0, 40, 30), palette.Plan9)
		fr.SetColorIndex(i, i, uint8(i))
		anim.Image, anim.Delay = append(anim.Image, fr), append(anim.Delay, 5)
	}
	var gb bytes.Buffer
	if err := gif.EncodeAll(&gb, anim); err != nil {
		t.Fatal(err)
	}
	f, err := Fit(gb.Bytes(), FitSpec{Formats: []string{"image/png", "image/jpeg", "image/gif"}})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Notes) == 0 || f.Notes[0].Text != "animated (24 frames): sending the first frame" {
		t.Errorf("animated GIF notes: %q", f.Notes)
	}

	// A 16-bit RGBA image with real transparency, for a JPEG-only model
	// with a smaller edge: converted, 16→8 bit, flattened, scaled.
	deep := image.NewNRGBA64(image.Rect(0, 0, 200, 100))
	for x := range 200 {
		deep.SetNRGBA64(x, x%100, color.NRGBA64{R: 0xffff, A: uint16(x * 300)})
	}
	f, err = Fit(encodedPNG(t, deep), FitSpec{Formats: []string{"image/jpeg"}, MaxEdge: 100})
	if err != nil {
		t.Fatal(err)
	}
	want := []NoteKind{NoteConverted, NoteBitDepth, NoteAlpha, NoteScaled}
	if !slices.Equal(kinds(f.Notes), want) {
		t.Errorf("16-bit RGBA to JPEG: %q", f.Notes)
	}
	if f.Notes[0].Text != "converted PNG to JPEG" || f.Notes[3].Text != "scaled down from 200×100 to 100×50" {
		t.Errorf("texts: %q", f.Notes)
	}

	// Sent as is: no notes at all.
	small := encodedPNG(t, image.NewRGBA(image.Rect(0, 0, 10, 10)))
	if f, err := Fit(small, FitSpec{Formats: []string{"image/png"}}); err != nil || f.Notes != nil {
		t.Errorf("untouched image: %v %q", err, f.Notes)
	}

	// Describe from the header alone matches what Fit said.
	info, _ := Inspect(gb.Bytes())
	if d := Describe(info, "image/png", 40, 30); len(d) != 2 || d[1].Text != "converted GIF to PNG" {
		t.Errorf("Describe: %q", d)
	}
}
