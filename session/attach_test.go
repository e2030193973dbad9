package session

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"parley/media/imaging"
	"parley/providers/providertest"
)

func TestAddImage(t *testing.T) {
	s := openTest(t)
	data := providertest.GradientPNG(t, 40, 30, 7)
	img, err := s.AddImage(data, "/home/me/Pictures/sh\x1b[31mot.png")
	if err != nil {
		t.Fatal(err)
	}
	want := Image{Blob: img.Blob, MIME: "image/png", Name: "shot.png", Width: 40, Height: 30,
		Bytes: int64(len(data)), Frames: 1}
	if img != want || img.Blob == "" {
		t.Errorf("AddImage = %+v, want %+v", img, want)
	}
	got, err := s.Blob(img.Blob)
	if err != nil || !bytes.Equal(got, data) {
		t.Errorf("stored original differs (%v)", err)
	}
	// Named by the sniffed type when there is no name; Windows paths are
	// base-named too.
	if img, _ := s.AddImage(data, ""); img.Name != "image.png" {
		t.Errorf("unnamed image called %q", img.Name)
	}
	if img, _ := s.AddImage(data, `C:\Users\me\a.png`); img.Name != "a.png" {
		t.Errorf("windows path named %q", img.Name)
	}
}

func TestAddImageRefusals(t *testing.T) {
	s := openTest(t)
	cases := []struct {
		name, file string
		data       []byte
		sentinel   error
		msg        string
	}{
		{"text named png", "notes.png", []byte("hello world, this is text"), imaging.ErrNotImage,
			`notes.png: not an image (starts with "hello wo")`},
		{"empty", "empty.png", nil, imaging.ErrEmpty, "empty.png: file is empty"},
		{"bomb", "bomb.png", providertest.BombPNG(t, 50000, 50000), imaging.ErrTooLarge,
			"bomb.png: image is 50000×50000, the limit is 100 MP"},
		{"truncated", "cut.png", providertest.GradientPNG(t, 20, 20, 1)[:40], imaging.ErrCorrupt, "cut.png: image data is truncated or corrupt"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := s.AddImage(c.data, c.file)
			if !errors.Is(err, c.sentinel) || !strings.HasPrefix(err.Error(), c.msg) {
				t.Errorf("err = %v, want %q (%v)", err, c.msg, c.sentinel)
			}
		})
	}
	if n := count(t, s, `SELECT count(*) FROM blobs`); n != 0 {
		t.Errorf("%d blobs stored for refused images", n)
	}
}

func TestAddImageHEIC(t *testing.T) {
	s := openTest(t)
	img, err := s.AddImage(heicStub(), "IMG_0001.HEIC")
	if err != nil {
		t.Fatal(err)
	}
	if img.MIME != "image/heic" || img.Width != 0 || img.Height != 0 {
		t.Errorf("HEIC attachment %+v", img)
	}
}

func TestAddAudio(t *testing.T) {
	s := openTest(t)
	wav := providertest.ToneWAV(1500)
	a, err := s.AddAudio(wav, "voice.wav")
	if err != nil {
		t.Fatal(err)
	}
	if a.MIME != "audio/wav" || a.Name != "voice.wav" || a.Duration != 1500*time.Millisecond || len(a.Waveform) != 48 {
		t.Errorf("AddAudio = %+v", a)
	}
	// The tone fades in: the waveform must rise.
	if !(a.Waveform[0] < 0.1 && a.Waveform[47] > 0.5) {
		t.Errorf("waveform does not follow the fade-in: first %.2f last %.2f", a.Waveform[0], a.Waveform[47])
	}
	if got, _ := s.Blob(a.Blob); !bytes.Equal(got, wav) {
		t.Error("stored recording differs")
	}
	// A real encode (an ID3 tag and zeros no longer pass CheckHeaders) is
	// measured by decoding it.
	mp3, err := os.ReadFile(filepath.Join("..", "media", "audio", "testdata", "tone.mp3"))
	if err != nil {
		t.Fatal(err)
	}
	if a, err := s.AddAudio(mp3, ""); err != nil || a.MIME != "audio/mpeg" || a.Duration <= 0 || a.Name != "audio.mp3" {
		t.Errorf("mp3: %+v, %v", a, err)
	}
}

func TestAddAudioRefusals(t *testing.T) {
	s := openTest(t)
	for _, c := range []struct {
		data []byte
		msg  string
	}{
		{nil, "x.wav: file is empty"},
		{[]byte("just some text"), `x.wav: not an audio file (starts with "just som")`},
		{[]byte{0, 1, 2, 0xff}, "x.wav: not an audio file (starts with bytes 00 01 02 ff)"},
		{providertest.ToneWAV(100)[:30], "x.wav: decode wav"},
	} {
		if _, err := s.AddAudio(c.data, "x.wav"); err == nil || !strings.HasPrefix(err.Error(), c.msg) {
			t.Errorf("AddAudio(%q) = %v, want %q", c.data[:min(len(c.data), 8)], err, c.msg)
		}
	}
}

func TestOpenEphemeral(t *testing.T) {
	s, err := OpenEphemeral()
	if err != nil {
		t.Fatal(err)
	}
	dir := s.Dir()
	img, err := s.AddImage(providertest.GradientPNG(t, 8, 8, 0), "a.png")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(s.BlobPath(img.Blob)); err != nil {
		t.Fatalf("blob not on disk: %v", err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !os.IsNotExist(err) {
		t.Errorf("ephemeral directory %s still there after Close (%v)", dir, err)
	}
}
