package session

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/binary"
	"errors"
	"hash/crc32"
	"image"
	"image/color"
	_ "image/jpeg" // DecodeConfig of fitted JPEGs
	"image/png"
	"math"
	"sync"
	"testing"

	"parley/media/audio"
	"parley/providers"
)

// screenshotPNG draws a w×h "screenshot": white, with rows of dark
// glyph-like blocks, as a two-colour paletted PNG (what screenshot tools
// write for flat UI). Few colours keep it a PNG when fitted.
func screenshotPNG(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewPaletted(image.Rect(0, 0, w, h), color.Palette{color.White, color.RGBA{30, 30, 30, 255}})
	for y := 0; y < h; y++ {
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
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// photoPNG is a small RGBA gradient (many colours) with a marker colour.
func photoPNG(t testing.TB, w, h int, seed uint8) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x) + seed, uint8(y), uint8(x + y), 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// bombPNG is a valid 1×1 PNG whose header (with a correct CRC) claims
// w×h pixels: decoding it would allocate w·h·4 bytes.
func bombPNG(t testing.TB, w, h uint32) []byte {
	t.Helper()
	data := photoPNG(t, 1, 1, 0)
	// 8-byte signature, then IHDR: length(4) "IHDR"(4) width(4) height(4) ... CRC.
	binary.BigEndian.PutUint32(data[16:20], w)
	binary.BigEndian.PutUint32(data[20:24], h)
	binary.BigEndian.PutUint32(data[29:33], crc32.ChecksumIEEE(data[12:29]))
	return data
}

// toneWAV is secs seconds of a 440 Hz tone at 16 kHz mono, fading in.
func toneWAV(secs float64) []byte {
	n := int(secs * 16000)
	pcm := make([]int16, n)
	for i := range pcm {
		amp := float64(i) / float64(n)
		pcm[i] = int16(amp * 20000 * math.Sin(2*math.Pi*440*float64(i)/16000))
	}
	return audio.EncodeWAV(pcm, 16000, 1)
}

// heicStub starts like a HEIC file (ftyp box, brand heic); parley never
// decodes HEIC, so the rest does not matter.
func heicStub() []byte {
	b := []byte("\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic")
	return append(b, bytes.Repeat([]byte{0x42}, 64)...)
}

// imageSize decodes only the header of an encoded image.
func imageSize(t testing.TB, data []byte) (w, h int, format string) {
	t.Helper()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("decode fitted image: %v", err)
	}
	return cfg.Width, cfg.Height, format
}

// fakeTranscriber records its calls and answers text or err.
type fakeTranscriber struct {
	mu    sync.Mutex
	text  string
	err   error
	calls int
	got   []byte
	mime  string
}

func (f *fakeTranscriber) Transcribe(_ context.Context, audio []byte, mime string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls++
	f.got, f.mime = bytes.Clone(audio), mime
	return f.text, f.err
}

// count returns a single integer from the store's database.
func count(t testing.TB, s *Store, query string, args ...any) int {
	t.Helper()
	var n int
	if err := s.db.QueryRow(query, args...).Scan(&n); err != nil && !errors.Is(err, sql.ErrNoRows) {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// capsPtr returns a pointer to c, for Turn.Caps.
func capsPtr(c providers.Caps) *providers.Caps { return &c }
