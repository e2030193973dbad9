package audio

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestEncodeWAVHeader(t *testing.T) {
	pcm := []int16{0, 1, -1, 32767, -32768}
	b := EncodeWAV(pcm, 16000, 1)
	le := binary.LittleEndian
	if len(b) != 44+10 {
		t.Fatalf("len = %d, want 54", len(b))
	}
	checks := []struct {
		name      string
		got, want any
	}{
		{"RIFF", string(b[0:4]), "RIFF"},
		{"riff size", le.Uint32(b[4:8]), uint32(36 + 10)},
		{"WAVE", string(b[8:12]), "WAVE"},
		{"fmt id", string(b[12:16]), "fmt "},
		{"fmt size", le.Uint32(b[16:20]), uint32(16)},
		{"format tag", le.Uint16(b[20:22]), uint16(1)},
		{"channels", le.Uint16(b[22:24]), uint16(1)},
		{"sample rate", le.Uint32(b[24:28]), uint32(16000)},
		{"byte rate", le.Uint32(b[28:32]), uint32(32000)},
		{"block align", le.Uint16(b[32:34]), uint16(2)},
		{"bits", le.Uint16(b[34:36]), uint16(16)},
		{"data id", string(b[36:40]), "data"},
		{"data size", le.Uint32(b[40:44]), uint32(10)},
		{"sample 3", int16(le.Uint16(b[50:52])), int16(32767)},
		{"sample 4", int16(le.Uint16(b[52:54])), int16(-32768)},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %v, want %v", c.name, c.got, c.want)
		}
	}
	st := EncodeWAV(make([]int16, 8), 44100, 2)
	if le.Uint32(st[28:32]) != 44100*4 || le.Uint16(st[32:34]) != 4 || le.Uint16(st[22:24]) != 2 {
		t.Error("stereo byte rate / block align / channels wrong")
	}
}

func TestWAVRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	pcm := make([]int16, 2*4410)
	for i := range pcm {
		pcm[i] = int16(rng.IntN(65536) - 32768)
	}
	got, rate, ch, err := DecodeWAV(EncodeWAV(pcm, 44100, 2))
	if err != nil || rate != 44100 || ch != 2 || !slices.Equal(got, pcm) {
		t.Fatalf("round trip: err %v, %d Hz x%d, equal %v", err, rate, ch, slices.Equal(got, pcm))
	}
	rec := Recording{PCM: pcm[:1600], SampleRate: SampleRate, Channels: 1}
	got, rate, ch, err = DecodeWAV(rec.WAV())
	if err != nil || rate != SampleRate || ch != 1 || !slices.Equal(got, pcm[:1600]) {
		t.Fatalf("Recording.WAV round trip: %v", err)
	}
	if got, _, _, err := DecodeWAV(EncodeWAV(nil, 16000, 1)); err != nil || len(got) != 0 {
		t.Fatalf("empty WAV: %v, %d samples", err, len(got))
	}
}

// rawWAV builds a WAV with an arbitrary fmt chunk and extra chunks before
// the data, to exercise what EncodeWAV never writes.
func rawWAV(tag, channels uint16, rate uint32, bits uint16, extensible bool, data []byte, extra ...[]byte) []byte {
	le := binary.LittleEndian
	var fmtc bytes.Buffer
	realTag := tag
	if extensible {
		tag = 0xFFFE // WAVE_FORMAT_EXTENSIBLE
	}
	for _, v := range []any{tag, channels, rate, rate * uint32(channels) * uint32(bits/8), channels * bits / 8, bits} {
		_ = binary.Write(&fmtc, le, v)
	}
	if extensible {
		_ = binary.Write(&fmtc, le, uint16(22)) // cbSize
		_ = binary.Write(&fmtc, le, bits)       // valid bits
		_ = binary.Write(&fmtc, le, uint32(0))  // channel mask
		_ = binary.Write(&fmtc, le, realTag)    // sub-format GUID starts with the tag
		fmtc.Write(make([]byte, 14))
	}
	var body bytes.Buffer
	body.WriteString("WAVE")
	chunk := func(id string, b []byte) {
		body.WriteString(id)
		_ = binary.Write(&body, le, uint32(len(b)))
		body.Write(b)
		if len(b)%2 == 1 {
			body.WriteByte(0)
		}
	}
	chunk("fmt ", fmtc.Bytes())
	for _, e := range extra {
		chunk("LIST", e)
	}
	chunk("data", data)
	out := []byte("RIFF")
	out = le.AppendUint32(out, uint32(body.Len()))
	return append(out, body.Bytes()...)
}

func TestDecodeWAVSampleFormats(t *testing.T) {
	le := binary.LittleEndian
	want := []int16{0, 16384, -16384, 32767, -32768}
	cases := []struct {
		name string
		wav  []byte
		want []int16 // nil: want
	}{
		// 8 bits has no 32767: 255 is 127/128 of full scale.
		{"8-bit unsigned", rawWAV(1, 1, 8000, 8, false, []byte{128, 192, 64, 255, 0}), []int16{0, 16384, -16384, 32512, -32768}},
		{"24-bit", rawWAV(1, 1, 8000, 24, false, []byte{
			0, 0, 0, 0x00, 0x00, 0x40, 0x00, 0x00, 0xC0, 0xFF, 0xFF, 0x7F, 0x00, 0x00, 0x80}), nil},
		{"32-bit", rawWAV(1, 1, 8000, 32, false, le.AppendUint32(le.AppendUint32(le.AppendUint32(
			le.AppendUint32(le.AppendUint32(nil, 0), 0x40000000), 0xC0000000), 0x7FFFFFFF), 0x80000000)), nil},
		{"float32 extensible", rawWAV(3, 1, 8000, 32, true, floats32(0, 0.5, -0.5, 1.5, -1)), nil},
		{"16-bit with odd LIST chunk", rawWAV(1, 1, 8000, 16, false,
			le.AppendUint16(le.AppendUint16(le.AppendUint16(le.AppendUint16(le.AppendUint16(nil, 0), 16384), 0xC000), 32767), 0x8000),
			[]byte("odd")), nil},
	}
	for _, c := range cases {
		got, rate, ch, err := DecodeWAV(c.wav)
		if err != nil || rate != 8000 || ch != 1 {
			t.Errorf("%s: err %v, %d Hz x%d", c.name, err, rate, ch)
			continue
		}
		w := want
		if c.want != nil {
			w = c.want
		}
		if !slices.Equal(got, w) {
			t.Errorf("%s: samples %v, want %v", c.name, got, w)
		}
	}
}

func floats32(v ...float32) []byte {
	var b []byte
	for _, f := range v {
		b = binary.LittleEndian.AppendUint32(b, math.Float32bits(f))
	}
	return b
}

func TestDecodeWAVErrors(t *testing.T) {
	cases := []struct {
		name, want string
		data       []byte
	}{
		{"text", "not a WAV file", []byte("hello, this is text")},
		{"mp3", "not a WAV file", []byte("ID3\x04\x00\x00\x00\x00\x00\x00")},
		{"empty", "not a WAV file", nil},
		{"no fmt", "missing fmt chunk", []byte("RIFF\x0c\x00\x00\x00WAVEdata\x00\x00\x00\x00")},
		{"no data", "missing data chunk", rawWAV(1, 1, 8000, 16, false, nil)[:36]},
		{"mp3 in wav", "unsupported encoding (format tag 0x55)", rawWAV(0x55, 1, 8000, 16, false, nil)},
		{"12-bit", "unsupported sample size 12 bits", rawWAV(1, 1, 8000, 12, false, []byte{1, 2})},
		{"zero channels", "zero channels", rawWAV(1, 0, 8000, 16, false, nil)},
		{"truncated fmt", `chunk "fmt " is truncated`, []byte("RIFF\x20\x00\x00\x00WAVEfmt \x10\x00\x00\x00\x01\x00")},
	}
	for _, c := range cases {
		_, _, _, err := DecodeWAV(c.data)
		if err == nil || !strings.Contains(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: err = %v, want one line containing %q", c.name, err, c.want)
		}
	}
	if _, _, _, err := DecodeWAV([]byte("not audio at all")); !errors.Is(err, ErrNotWAV) {
		t.Errorf("errors.Is(ErrNotWAV) false for %v", err)
	}
}

func TestDecodeWAVUnsizedDataChunk(t *testing.T) {
	// Streams written live leave the data size at 0xFFFFFFFF.
	b := EncodeWAV([]int16{1, 2, 3}, 16000, 1)
	binary.LittleEndian.PutUint32(b[40:44], 0xFFFFFFFF)
	got, _, _, err := DecodeWAV(b)
	if err != nil || !slices.Equal(got, []int16{1, 2, 3}) {
		t.Fatalf("unsized data chunk: %v %v", got, err)
	}
}

// TestDecodeSoxFormats converts speech made by espeak-ng with sox to other
// sample formats and checks DecodeWAV reads the same sound from each.
func TestDecodeSoxFormats(t *testing.T) {
	requireCommands(t, "sox", "espeak-ng")
	wav, path, _ := speech(t, "one two three")
	ref, rate, _, err := DecodeWAV(wav)
	if err != nil {
		t.Fatal(err)
	}
	for _, args := range [][]string{{"-b", "24"}, {"-b", "32"}, {"-e", "floating-point", "-b", "32"}, {"-b", "8"}, {"-c", "2"}} {
		out := filepath.Join(t.TempDir(), "out.wav")
		cmd := append(append([]string{path}, args...), out)
		if b, err := exec.Command("sox", cmd...).CombinedOutput(); err != nil {
			t.Fatalf("sox %v: %v: %s", args, err, b)
		}
		data, _ := os.ReadFile(out)
		got, r, ch, err := DecodeWAV(data)
		if err != nil || r != rate {
			t.Errorf("sox %v: %v (rate %d)", args, err, r)
			continue
		}
		got = ToMono(got, ch)
		if c, lag := bestCorrelation(got, ref); c < 0.99 || lag != 0 {
			t.Errorf("sox %v: correlation %.4f at lag %d with the 16-bit original", args, c, lag)
		}
		if mime, ok := Sniff(data); !ok || mime != MIMEWAV {
			t.Errorf("sox %v: Sniff = %q %v", args, mime, ok)
		}
	}
}

func TestSniff(t *testing.T) {
	cases := []struct {
		name, want string
		data       []byte
	}{
		{"wav", MIMEWAV, EncodeWAV([]int16{1}, 16000, 1)},
		{"flac", MIMEFLAC, []byte("fLaC\x00\x00\x00\x22")},
		{"ogg", MIMEOGG, []byte("OggS\x00\x02\x00\x00")},
		{"mp3 id3", MIMEMP3, []byte("ID3\x04\x00\x00\x00\x00\x00\x21rest")},
		{"mp3 frame", MIMEMP3, []byte{0xFF, 0xFB, 0x90, 0x64}},      // MPEG-1 layer III 128 kbit/s 44.1 kHz
		{"mp3 mpeg2", MIMEMP3, []byte{0xFF, 0xF3, 0x48, 0xC4}},      // MPEG-2 layer III
		{"sync, reserved version", "", []byte{0xFF, 0xEB, 0x90, 0}}, // version 01 is reserved
		{"sync, bad bitrate", "", []byte{0xFF, 0xFB, 0xF0, 0}},
		{"all ones", "", []byte{0xFF, 0xFF, 0xFF, 0xFF}},
		{"png", "", []byte("\x89PNG\r\n\x1a\n")},
		{"riff avi", "", []byte("RIFF\x00\x00\x00\x00AVI ")},
		{"text", "", []byte("hello")},
		{"empty", "", nil},
	}
	for _, c := range cases {
		mime, ok := Sniff(c.data)
		if mime != c.want || ok != (c.want != "") {
			t.Errorf("%s: Sniff = %q %v, want %q", c.name, mime, ok, c.want)
		}
	}
}

// TestSniffRealFiles sniffs FLAC and Ogg files made by sox, when sox can.
func TestSniffRealFiles(t *testing.T) {
	requireCommands(t, "sox")
	dir := t.TempDir()
	src := filepath.Join(dir, "in.wav")
	if err := os.WriteFile(src, EncodeWAV(tone(440, 0.3, 16000, 0.2), 16000, 1), 0o600); err != nil {
		t.Fatal(err)
	}
	for ext, want := range map[string]string{"flac": MIMEFLAC, "ogg": MIMEOGG, "mp3": MIMEMP3} {
		out := filepath.Join(dir, "out."+ext)
		if b, err := exec.Command("sox", src, out).CombinedOutput(); err != nil {
			t.Logf("sox cannot write %s here: %s", ext, strings.TrimSpace(string(b)))
			continue
		}
		data, _ := os.ReadFile(out)
		if mime, ok := Sniff(data); !ok || mime != want {
			t.Errorf("%s from sox: Sniff = %q %v, want %q", ext, mime, ok, want)
		}
	}
}

func FuzzDecodeWAV(f *testing.F) {
	f.Add(EncodeWAV([]int16{1, -2, 3}, 16000, 1))
	f.Add(rawWAV(3, 2, 8000, 32, true, floats32(0.1, 0.2)))
	f.Add(rawWAV(1, 1, 8000, 24, false, []byte{1, 2, 3, 4}, []byte("x")))
	f.Fuzz(func(t *testing.T, data []byte) {
		pcm, rate, ch, err := DecodeWAV(data)
		if err != nil {
			if strings.Contains(err.Error(), "\n") {
				t.Fatalf("multi-line error %q", err)
			}
			return
		}
		if rate <= 0 || ch <= 0 || len(pcm)%ch != 0 {
			t.Fatalf("decoded %d samples at %d Hz x%d", len(pcm), rate, ch)
		}
	})
}
