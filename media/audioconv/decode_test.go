package audioconv

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

func fixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "..", "testdata", "audio", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// power is the Goertzel power of frequency f in channel ch of p.
func power(p PCM, ch int, f float64) float64 {
	k := 2 * math.Cos(2*math.Pi*f/float64(p.Rate))
	var s1, s2 float64
	for i := ch; i < len(p.Samples); i += p.Channels {
		s := float64(p.Samples[i]) + k*s1 - s2
		s2, s1 = s1, s
	}
	return s1*s1 + s2*s2 - k*s1*s2
}

// Each fixture is the same 0.5 s stereo tone, 440 Hz left and 660 Hz
// right: decoding must give back that sound, not just any samples.
func TestDecodeFixtures(t *testing.T) {
	cases := []struct {
		file, codec string
		rate, bits  int
	}{
		{"tone.ogg", "Ogg Vorbis", 44100, 16},
		{"tone.opus", "Ogg Opus", 48000, 16},
		{"tone.mp3", "MP3", 44100, 16},
		{"tone24.flac", "FLAC", 44100, 24},
	}
	for _, tc := range cases {
		p, codec, err := Decode(fixture(t, tc.file))
		if err != nil {
			t.Errorf("%s: %v", tc.file, err)
			continue
		}
		if codec != tc.codec || p.Rate != tc.rate || p.Channels != 2 || p.Bits != tc.bits {
			t.Errorf("%s: %s %d Hz ×%d %d-bit", tc.file, codec, p.Rate, p.Channels, p.Bits)
		}
		if d := p.Duration(); d < 450*time.Millisecond || d > 600*time.Millisecond {
			t.Errorf("%s: %v long, want ~0.5 s", tc.file, d)
		}
		l440, l660 := power(p, 0, 440), power(p, 0, 660)
		r440, r660 := power(p, 1, 440), power(p, 1, 660)
		if l440 < 100*l660 || r660 < 100*r440 {
			t.Errorf("%s: left 440/660 = %.3g/%.3g, right %.3g/%.3g: not the tone", tc.file, l440, l660, r440, r660)
		}
	}
}

func TestToWAVNotesEveryChange(t *testing.T) {
	c, err := ToWAV(fixture(t, "tone24.flac"), Target{Rate: 16000, Mono: true})
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"converted FLAC to WAV", "24-bit samples reduced to 16-bit", "mixed stereo down to mono",
		"resampled 44.1 kHz to 16 kHz"}
	if !slices.Equal(c.Notes, want) {
		t.Errorf("notes %q, want %q", c.Notes, want)
	}
	pcm, rate, ch, err := DecodeWAV(c.WAV)
	if err != nil || rate != 16000 || ch != 1 || len(pcm) < 7000 || len(pcm) > 8500 {
		t.Fatalf("WAV: %v, %d Hz ×%d, %d samples", err, rate, ch, len(pcm))
	}
	// Mixed down, both tones remain.
	m := PCM{Samples: pcm, Rate: rate, Channels: 1}
	if power(m, 0, 440) < 100*power(m, 0, 1000) || power(m, 0, 660) < 100*power(m, 0, 1000) {
		t.Error("mono mix lost a tone")
	}
	kept, err := ToWAV(fixture(t, "tone.ogg"), Target{})
	if err != nil || !slices.Equal(kept.Notes, []string{"converted Ogg Vorbis to WAV"}) || kept.Rate != 44100 || kept.Channels != 2 {
		t.Errorf("no target: %v %q %d ×%d", err, kept.Notes, kept.Rate, kept.Channels)
	}
}

// Damaged files fail with an error naming the codec; they never panic.
func TestDecodeDamaged(t *testing.T) {
	for _, name := range []string{"tone.ogg", "tone.opus", "tone.mp3", "tone24.flac"} {
		data := fixture(t, name)
		for _, cut := range []int{60, len(data) / 2} {
			_, codec, err := Decode(data[:cut])
			if err == nil {
				continue // a cut between packets decodes a shorter sound
			}
			if !strings.HasPrefix(err.Error(), codec+": ") {
				t.Errorf("%s cut at %d: %v", name, cut, err)
			}
		}
	}
	if _, _, err := Decode([]byte("not audio at all")); err == nil {
		t.Error("garbage decoded")
	}
}

func BenchmarkToWAVOpus16kMono(b *testing.B) {
	data := fixture(b, "tone.opus")
	for b.Loop() {
		if _, err := ToWAV(data, Target{Rate: 16000, Mono: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// Probe's headers agree with what Decode finds, so cached conversions get
// the same notes.
func TestProbeMatchesDecode(t *testing.T) {
	for _, name := range []string{"tone.ogg", "tone.opus", "tone.mp3", "tone24.flac"} {
		data := fixture(t, name)
		p, codec, err := Decode(data)
		if err != nil {
			t.Fatal(err)
		}
		info, err := Probe(data)
		want := Info{Codec: codec, Rate: p.Rate, Channels: p.Channels, Bits: p.Bits}
		if err != nil || info != want {
			t.Errorf("%s: Probe %+v %v, Decode %+v", name, info, err, want)
		}
		tg := Target{Rate: 16000, Mono: true}
		c, _ := ToWAV(data, tg)
		if !slices.Equal(Notes(info, tg), c.Notes) {
			t.Errorf("%s: notes %q vs %q", name, Notes(info, tg), c.Notes)
		}
	}
}
