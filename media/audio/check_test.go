package audio

import (
	"bytes"
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The testdata files are real encodes of a 0.3 s 440 Hz tone (sox, ffmpeg
// with libmp3lame and libvorbis, opusenc).
func TestCheckHeadersAcceptsRealFiles(t *testing.T) {
	for _, name := range []string{"tone.mp3", "tone.ogg", "tone.opus", "tone.flac"} {
		data, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		mime, ok := Sniff(data)
		if !ok {
			t.Fatalf("%s: not sniffed as audio", name)
		}
		if err := CheckHeaders(data, mime); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	wav := EncodeWAV(make([]int16, 1600), 16000, 1)
	if err := CheckHeaders(wav, MIMEWAV); err != nil {
		t.Errorf("wav: %v", err)
	}
}

func TestCheckHeadersRefusesGarbage(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	noise := make([]byte, 4096)
	for i := range noise {
		noise[i] = byte(rng.Uint32())
	}
	read := func(name string) []byte {
		b, err := os.ReadFile(filepath.Join("testdata", name))
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	ogg, flac := read("tone.ogg"), read("tone.flac")
	badCRC := bytes.Clone(ogg)
	badCRC[30] ^= 0xff
	badInfo := bytes.Clone(flac)
	copy(badInfo[8:], make([]byte, 34)) // STREAMINFO zeroed
	for _, tc := range []struct {
		name string
		data []byte
		want string
	}{
		// The case from the issue: an ID3 header and random bytes.
		{"id3 and noise", append([]byte("ID3\x03\x00\x00\x00\x00\x00\x0a0123456789"), noise...), "MP3: no MPEG audio frame"},
		{"id3 only", []byte("ID3\x03\x00\x00\x00\x00\x00\x0a0123456789"), "only an ID3 tag"},
		{"one frame then noise", append([]byte{0xff, 0xfb, 0x90, 0x00}, append(make([]byte, 413), 0x00, 0x01, 0x02, 0x03)...), "not followed by another"},
		{"ogg noise", append([]byte("OggS"), noise...), "Ogg:"},
		{"ogg bad crc", badCRC, "checksum does not match"},
		{"flac noise", append([]byte("fLaC"), noise...), "FLAC:"},
		{"flac zero streaminfo", badInfo, "STREAMINFO"},
	} {
		mime, ok := Sniff(tc.data)
		if !ok {
			t.Fatalf("%s: not sniffed", tc.name)
		}
		err := CheckHeaders(tc.data, mime)
		if !errors.Is(err, ErrCorrupt) || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: %v, want ErrCorrupt saying %q", tc.name, err, tc.want)
		}
	}
}
