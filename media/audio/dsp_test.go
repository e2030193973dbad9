package audio

import (
	"math"
	"slices"
	"testing"
	"time"

	"github.com/gen2brain/malgo"
)

func near(a, b, tol float64) bool { return math.Abs(a-b) <= tol }

func TestRMSAndPeak(t *testing.T) {
	sine := tone(1000, 0.5, SampleRate, 1)
	if r := RMS(sine); !near(r, 0.5/math.Sqrt2, 0.002) {
		t.Errorf("RMS(sine 0.5) = %.4f, want %.4f", r, 0.5/math.Sqrt2)
	}
	if p := Peak(sine); !near(p, 0.5, 0.001) {
		t.Errorf("Peak(sine 0.5) = %.4f", p)
	}
	if RMS(nil) != 0 || Peak(nil) != 0 || RMS(make([]int16, 100)) != 0 {
		t.Error("silence is not zero")
	}
	if p := Peak([]int16{-32768}); p != 1 {
		t.Errorf("Peak(-32768) = %v, want 1", p)
	}
}

func TestWaveform(t *testing.T) {
	pcm := append(make([]int16, 8000), tone(300, 0.8, SampleRate, 0.5)...)
	w := Waveform(pcm, 10)
	if len(w) != 10 {
		t.Fatalf("len = %d", len(w))
	}
	for i, v := range w {
		quiet := i < 5
		if quiet && v != 0 || !quiet && !near(v, 0.8, 0.01) {
			t.Errorf("bucket %d = %.3f", i, v)
		}
	}
	if len(Waveform([]int16{1, 2}, 10)) != 2 || Waveform(nil, 10) != nil || Waveform(pcm, 0) != nil {
		t.Error("degenerate waveform sizes wrong")
	}
}

func TestToMono(t *testing.T) {
	got := ToMono([]int16{100, 300, -100, -300, 32767, 32767}, 2)
	if !slices.Equal(got, []int16{200, -200, 32767}) {
		t.Errorf("ToMono = %v", got)
	}
}

// zeroCrossings counts sign changes, a frequency estimate.
func zeroCrossings(pcm []int16) int {
	n := 0
	for i := 1; i < len(pcm); i++ {
		if (pcm[i-1] < 0) != (pcm[i] < 0) {
			n++
		}
	}
	return n
}

func TestResample(t *testing.T) {
	in := tone(1000, 0.5, 48000, 1)
	out := Resample(in, 48000, 16000)
	if len(out) != 16000 {
		t.Fatalf("48k->16k gives %d samples for 1 s", len(out))
	}
	// 1 kHz for 1 s crosses zero ~2000 times at any rate.
	if z := zeroCrossings(out); z < 1990 || z > 2010 {
		t.Errorf("1 kHz tone has %d zero crossings after resampling", z)
	}
	if r := RMS(out[100 : len(out)-100]); !near(r, RMS(in), 0.01) {
		t.Errorf("RMS %.4f after resampling, %.4f before", r, RMS(in))
	}
	// 10 kHz cannot exist at 16 kHz: it must be filtered, not aliased to 6 kHz.
	if r := RMS(Resample(tone(10000, 0.5, 44100, 1), 44100, 16000)); r > 0.02 {
		t.Errorf("10 kHz tone leaks %.4f RMS through 44.1k->16k", r)
	}
	up := Resample(tone(500, 0.5, 8000, 0.5), 8000, 16000)
	if len(up) != 8000 || zeroCrossings(up) < 495 || zeroCrossings(up) > 505 {
		t.Errorf("8k->16k: %d samples, %d crossings", len(up), zeroCrossings(up))
	}
	if same := Resample(in, 48000, 48000); &same[0] != &in[0] {
		t.Error("same-rate resample copied")
	}
}

func TestLevelMeter(t *testing.T) {
	m := levelMeter{window: 800}
	sine := tone(400, 0.25, SampleRate, 0.2) // 4 windows
	var levels []Level
	for _, s := range sine {
		if l, ok := m.add(s); ok {
			levels = append(levels, l)
		}
	}
	if len(levels) != 4 {
		t.Fatalf("%d levels from 200 ms, want 4", len(levels))
	}
	for i, l := range levels {
		if !near(l.RMS, 0.25/math.Sqrt2, 0.003) || !near(l.Peak, 0.25, 0.002) {
			t.Errorf("window %d: %+v", i, l)
		}
	}
}

func TestSamplesToDuration(t *testing.T) {
	if d := samplesToDuration(24000); d != 1500*time.Millisecond {
		t.Errorf("24000 samples = %v", d)
	}
}

func BenchmarkCaptureCallback(b *testing.B) {
	c := newCapture(Options{MaxDuration: 1000 * time.Hour}.withDefaults())
	in := make([]byte, 320) // 10 ms at 16 kHz
	for i := range in {
		in[i] = byte(i)
	}
	b.SetBytes(int64(len(in)))
	b.ReportAllocs()
	for b.Loop() {
		c.onData(nil, in, 160)
		select {
		case <-c.levels:
		default:
		}
		if c.spare == nil { // stand in for refillLoop, as the benchmark has no device
			c.spare = make([]int16, 0, chunkSamples)
		}
	}
}

func BenchmarkEncodeWAV10s(b *testing.B) {
	pcm := tone(440, 0.5, SampleRate, 10)
	b.SetBytes(int64(2 * len(pcm)))
	for b.Loop() {
		EncodeWAV(pcm, SampleRate, 1)
	}
}

func BenchmarkDecodeWAV10s(b *testing.B) {
	wav := EncodeWAV(tone(440, 0.5, SampleRate, 10), SampleRate, 1)
	b.SetBytes(int64(len(wav)))
	for b.Loop() {
		if _, _, _, err := DecodeWAV(wav); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWaveform10min(b *testing.B) {
	pcm := tone(440, 0.5, SampleRate, 600)
	for b.Loop() {
		Waveform(pcm, 40)
	}
}

// With no backend named, parley never lands on miniaudio's null device:
// silence from it would look like a working microphone.
func TestDefaultBackendsExcludeNull(t *testing.T) {
	for _, b := range realBackends() {
		if b == BackendNull || b == malgo.BackendNull {
			t.Fatalf("default backends include %v", b)
		}
	}
}
