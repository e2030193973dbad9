package imaging

// The test corpus is generated here, not checked in: every image is built
// from stdlib / x/image encoders, or assembled byte by byte where no encoder
// exists (CMYK JPEG, lossless WebP, EXIF segments, the IHDR bomb).

import (
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"image"
	"image/color"
	"image/color/palette"
	"image/gif"
	"image/jpeg"
	"image/png"
	"math/rand/v2"
	"testing"

	"golang.org/x/image/bmp"
	"golang.org/x/image/tiff"
)

var (
	red   = color.RGBA{255, 0, 0, 255}
	green = color.RGBA{0, 255, 0, 255}
	blue  = color.RGBA{0, 0, 255, 255}
	white = color.RGBA{255, 255, 255, 255}
)

func mustPNG(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func mustJPEG(t testing.TB, img image.Image, q int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: q}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// solid returns a w×h image of colour c.
func solid(w, h int, c color.RGBA) *image.RGBA {
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for i := 0; i < len(m.Pix); i += 4 {
		m.Pix[i], m.Pix[i+1], m.Pix[i+2], m.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	return m
}

// fillBlock paints a size×size block whose top-left corner is (x, y).
func fillBlock(m *image.RGBA, x, y, size int, c color.RGBA) {
	for dy := 0; dy < size; dy++ {
		for dx := 0; dx < size; dx++ {
			m.SetRGBA(x+dx, y+dy, c)
		}
	}
}

// withExif inserts an APP1 Exif segment carrying IFD0 Orientation=o right
// after the SOI marker of a JPEG. bigEndian picks the "MM" byte order.
func withExif(jpg []byte, o int, bigEndian bool) []byte {
	var bo binary.AppendByteOrder = binary.LittleEndian
	tiffHdr := []byte("II*\x00")
	if bigEndian {
		bo, tiffHdr = binary.BigEndian, []byte("MM\x00*")
	}
	t := append([]byte{}, tiffHdr...)
	t = bo.AppendUint32(t, 8) // IFD0 offset
	t = bo.AppendUint16(t, 2) // two entries: a decoy tag, then Orientation
	t = bo.AppendUint16(t, 0x010f)
	t = bo.AppendUint16(t, 2) // ASCII
	t = bo.AppendUint32(t, 4)
	t = append(t, 'A', 'c', 'm', 0)
	t = bo.AppendUint16(t, 0x0112)
	t = bo.AppendUint16(t, 3) // SHORT
	t = bo.AppendUint32(t, 1)
	t = bo.AppendUint16(t, uint16(o))
	t = append(t, 0, 0)
	t = bo.AppendUint32(t, 0) // no next IFD
	payload := append([]byte("Exif\x00\x00"), t...)
	seg := []byte{0xff, 0xe1}
	seg = binary.BigEndian.AppendUint16(seg, uint16(len(payload)+2))
	seg = append(seg, payload...)
	out := append([]byte{}, jpg[:2]...)
	out = append(out, seg...)
	return append(out, jpg[2:]...)
}

// cmykJPEG builds a 4-component Adobe CMYK JPEG (no encoder writes one).
// Each ink plane is encoded by the stdlib as a grayscale JPEG; their
// identical quantisation and Huffman tables are reused, and each plane's
// entropy-coded data becomes one non-interleaved scan of a baseline frame
// with four components. The APP14 Adobe segment with transform 0 marks the
// data as CMYK, stored inverted as Adobe does (255 = no ink).
func cmykJPEG(t testing.TB, w, h int, ink func(x, y int) color.CMYK) []byte {
	t.Helper()
	type parts struct{ dqt, dht, scan []byte }
	var planes [4]parts
	for c := 0; c < 4; c++ {
		g := image.NewGray(image.Rect(0, 0, w, h))
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				k := ink(x, y)
				v := [4]uint8{k.C, k.M, k.Y, k.K}[c]
				g.SetGray(x, y, color.Gray{255 - v})
			}
		}
		planes[c] = splitGrayJPEG(t, mustJPEG(t, g, 100))
	}
	out := []byte{0xff, 0xd8, 0xff, 0xee, 0, 14}
	out = append(out, "Adobe\x00\x64\x00\x00\x00\x00\x00"...) // version 100, flags 0, transform 0
	out = append(out, planes[0].dqt...)
	out = append(out, planes[0].dht...)
	out = append(out, 0xff, 0xc0, 0, 8+3*4, 8)
	out = binary.BigEndian.AppendUint16(out, uint16(h))
	out = binary.BigEndian.AppendUint16(out, uint16(w))
	out = append(out, 4)
	for c := 1; c <= 4; c++ {
		out = append(out, byte(c), 0x11, 0)
	}
	for c, p := range planes {
		out = append(out, 0xff, 0xda, 0, 8, 1, byte(c+1), 0x00, 0, 63, 0)
		out = append(out, p.scan...)
	}
	return append(out, 0xff, 0xd9)
}

// splitGrayJPEG pulls the DQT and DHT segments and the entropy-coded scan
// data out of a stdlib grayscale JPEG.
func splitGrayJPEG(t testing.TB, j []byte) (p struct{ dqt, dht, scan []byte }) {
	t.Helper()
	off := 2
	for off+4 <= len(j) {
		marker := j[off+1]
		n := int(binary.BigEndian.Uint16(j[off+2:]))
		seg := j[off : off+2+n]
		switch marker {
		case 0xdb:
			p.dqt = append(p.dqt, seg...)
		case 0xc4:
			p.dht = append(p.dht, seg...)
		case 0xda:
			p.scan = j[off+2+n : len(j)-2] // up to EOI
			return p
		}
		off += 2 + n
	}
	t.Fatal("no SOS in grayscale JPEG")
	return p
}

// bitWriter packs bits least-significant first, as VP8L expects.
type bitWriter struct {
	buf []byte
	acc uint64
	n   uint
}

func (w *bitWriter) write(v uint64, n uint) {
	w.acc |= v << w.n
	w.n += n
	for w.n >= 8 {
		w.buf = append(w.buf, byte(w.acc))
		w.acc >>= 8
		w.n -= 8
	}
}

func (w *bitWriter) bytes() []byte {
	if w.n > 0 {
		return append(w.buf, byte(w.acc))
	}
	return w.buf
}

// losslessWebP hand-encodes a VP8L image whose pixels are opaque red
// (isRed) or opaque blue: no transforms, no colour cache, and "simple"
// prefix codes — green, alpha and distance have one symbol (0 bits per
// pixel), red and blue have two (0 and 255, one bit each).
func losslessWebP(w, h int, isRed func(x, y int) bool) []byte {
	var b bitWriter
	b.write(0x2f, 8)
	b.write(uint64(w-1), 14)
	b.write(uint64(h-1), 14)
	b.write(0, 1) // alpha hint
	b.write(0, 3) // version
	b.write(0, 1) // no transform
	b.write(0, 1) // no colour cache
	b.write(0, 1) // no meta prefix codes
	oneSymbol := func(sym uint64) {
		b.write(1, 1) // simple
		b.write(0, 1) // one symbol
		if sym < 2 {
			b.write(0, 1)
			b.write(sym, 1)
		} else {
			b.write(1, 1)
			b.write(sym, 8)
		}
	}
	twoSymbols := func() { // 0 → bit 0, 255 → bit 1
		b.write(1, 1)
		b.write(1, 1)
		b.write(1, 1)
		b.write(0, 8)
		b.write(255, 8)
	}
	oneSymbol(0)   // green
	twoSymbols()   // red
	twoSymbols()   // blue
	oneSymbol(255) // alpha
	oneSymbol(0)   // distance
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			if isRed(x, y) {
				b.write(1, 1) // red 255
				b.write(0, 1) // blue 0
			} else {
				b.write(0, 1)
				b.write(1, 1)
			}
		}
	}
	payload := b.bytes()
	if len(payload)%2 == 1 {
		payload = append(payload, 0)
	}
	out := []byte("RIFF")
	out = binary.LittleEndian.AppendUint32(out, uint32(4+8+len(payload)))
	out = append(out, "WEBPVP8L"...)
	out = binary.LittleEndian.AppendUint32(out, uint32(len(payload)))
	return append(out, payload...)
}

// pngChunk encodes one PNG chunk with its CRC.
func pngChunk(typ string, data []byte) []byte {
	out := binary.BigEndian.AppendUint32(nil, uint32(len(data)))
	out = append(out, typ...)
	out = append(out, data...)
	return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(append([]byte(typ), data...)))
}

// bombPNG is a valid PNG header claiming w×h RGBA pixels, with a token IDAT.
func bombPNG(w, h int) []byte {
	ihdr := binary.BigEndian.AppendUint32(nil, uint32(w))
	ihdr = binary.BigEndian.AppendUint32(ihdr, uint32(h))
	ihdr = append(ihdr, 8, 6, 0, 0, 0)
	out := []byte("\x89PNG\r\n\x1a\n")
	out = append(out, pngChunk("IHDR", ihdr)...)
	out = append(out, pngChunk("IDAT", []byte{0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01})...)
	return append(out, pngChunk("IEND", nil)...)
}

// animatedGIF has two 8×8 frames: red, then blue.
func animatedGIF(t testing.TB) []byte {
	t.Helper()
	pal := color.Palette{red, blue}
	a := &gif.GIF{}
	for _, idx := range []uint8{0, 1} {
		f := image.NewPaletted(image.Rect(0, 0, 8, 8), pal)
		for i := range f.Pix {
			f.Pix[i] = idx
		}
		a.Image = append(a.Image, f)
		a.Delay = append(a.Delay, 10)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, a); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// screenshot draws a UI-like image: flat panels, a title bar and rows of
// "text" glyph blocks with anti-aliased edges — few colours, sharp detail.
func screenshot(w, h int) *image.RGBA {
	m := solid(w, h, color.RGBA{245, 245, 245, 255})
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			switch {
			case y < 60:
				m.SetRGBA(x, y, color.RGBA{40, 44, 52, 255})
			case x < w/5:
				m.SetRGBA(x, y, color.RGBA{230, 232, 235, 255})
			case y%40 >= 12 && y%40 < 28 && (x/9)%7 != 6 && x%9 < 6:
				shade := uint8(30 + 40*((x+y)%3)) // anti-aliasing greys
				m.SetRGBA(x, y, color.RGBA{shade, shade, shade, 255})
			}
		}
	}
	return m
}

// photo is smooth gradients plus deterministic noise, which JPEG handles
// well and PNG does not: the "photo" side of the format heuristic.
func photo(w, h int, seed uint64) *image.RGBA {
	r := rand.New(rand.NewPCG(seed, seed))
	m := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			n := r.IntN(40)
			m.SetRGBA(x, y, color.RGBA{uint8((x*255/w + n) % 256), uint8((y*255/h + n) % 256), uint8((x + y + n) % 256), 255})
		}
	}
	return m
}

func mustBMP(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := bmp.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func mustTIFF(t testing.TB, img image.Image) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := tiff.Encode(&buf, img, nil); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// paletted returns a Plan9-palette image, used to check GIF transparency
// detection stays false for opaque palettes.
func paletted(w, h int) *image.Paletted {
	return image.NewPaletted(image.Rect(0, 0, w, h), palette.Plan9)
}

// heicHeader is the start of a HEIC file: an ftyp box, brand heic.
var heicHeader = []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic\x00\x00\x00\x00meta")
