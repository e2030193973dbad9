package audio

import (
	"encoding/binary"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

func samplesOf(out []byte) []int16 {
	s := make([]int16, len(out)/2)
	for i := range s {
		s[i] = int16(binary.LittleEndian.Uint16(out[2*i:]))
	}
	return s
}

// TestFeederPlaysInOrderAcrossWrap writes more than the ring holds in
// pieces and reads it back through the callback: every sample arrives, in
// order, and the ring never holds more than its size.
func TestFeederPlaysInOrderAcrossWrap(t *testing.T) {
	q := newRing(1000) // rounds up to 1024
	f := newFeeder(q)
	src := make([]int16, 5000)
	for i := range src {
		src[i] = int16(i%3000 + 1)
	}
	var got []int16
	out := make([]byte, 2*240)
	for rest := src; len(rest) > 0 || q.queued() > 0; {
		rest = rest[q.write(rest):]
		if q.queued() > len(q.buf) {
			t.Fatalf("ring holds %d of %d", q.queued(), len(q.buf))
		}
		f.fill(out)
		got = append(got, samplesOf(out)...)
	}
	if !slices.Equal(got[:len(src)], src) {
		t.Fatal("samples lost or reordered across the ring's wrap")
	}
	if f.played.Load() != int64(len(src)) {
		t.Errorf("played %d of %d", f.played.Load(), len(src))
	}
}

func TestFeederUnderrunFadesPauseAndFlush(t *testing.T) {
	q := newRing(4096)
	f := newFeeder(q)
	full := slices.Repeat([]int16{20000}, 100)
	q.write(full)
	out := make([]byte, 2*200)
	f.fill(out)
	s := samplesOf(out)
	// 100 samples of sound, then a ramp down instead of a jump to zero.
	if s[99] != 20000 || s[100] == 0 || s[100] >= 20000 || s[100+fadeSamples] != 0 {
		t.Errorf("underrun: s[99]=%d s[100]=%d s[100+fade]=%d", s[99], s[100], s[100+fadeSamples])
	}
	for i := 101; i < 100+fadeSamples; i++ {
		if s[i] > s[i-1] {
			t.Fatalf("fade not monotonic at %d", i)
		}
	}
	if f.idle.Load() != 100 {
		t.Errorf("idle = %d after 100 samples of silence", f.idle.Load())
	}
	if l := f.Level(); l < 0.3 || l > 0.5 { // 20000/32768 over half the period: rms ≈ 0.43
		t.Errorf("level %.3f", l)
	}
	q.write(full)
	f.paused.Store(true)
	f.fill(out)
	if q.queued() != 100 || f.Level() != 0 {
		t.Errorf("paused: queued %d level %v", q.queued(), f.Level())
	}
	f.paused.Store(false)
	f.flush.Store(true)
	f.fill(out)
	if q.queued() != 0 || samplesOf(out)[0] != 0 {
		t.Error("Clear did not drop the queued audio")
	}
}

func TestPlaybackCallbackDoesNotAllocate(t *testing.T) {
	q := newRing(streamQueueSize)
	f := newFeeder(q)
	pcm := tone(440, 0.5, SpeechRate, 1)
	out := make([]byte, 2*2400) // one 100 ms period at 24 kHz
	allocs := testing.AllocsPerRun(200, func() {
		q.write(pcm[:2400])
		f.fill(out)
		select {
		case <-f.wake:
		default:
		}
	})
	if allocs != 0 {
		t.Errorf("playback callback allocates %.2f times per call", allocs)
	}
}

func BenchmarkPlaybackCallback(b *testing.B) {
	q := newRing(streamQueueSize)
	f := newFeeder(q)
	pcm := tone(440, 0.5, SpeechRate, 0.1)
	out := make([]byte, 2*len(pcm)) // 100 ms at 24 kHz
	b.SetBytes(int64(len(out)))
	b.ReportAllocs()
	for b.Loop() {
		q.write(pcm)
		f.fill(out)
		select {
		case <-f.wake:
		default:
		}
	}
}

func TestResamplerChunksMatchWhole(t *testing.T) {
	src := tone(300, 0.5, 22050, 0.5)
	whole := NewResampler(22050, SpeechRate).Process(src)
	whole = slices.Clone(whole)
	r := NewResampler(22050, SpeechRate)
	var chunked []int16
	for i := 0; i < len(src); i += 333 {
		chunked = append(chunked, r.Process(src[i:min(i+333, len(src))])...)
	}
	if len(chunked) != len(whole) || !slices.Equal(chunked, whole) {
		t.Fatalf("chunked %d samples, whole %d; equal %v", len(chunked), len(whole), slices.Equal(chunked, whole))
	}
	if want := len(src) * SpeechRate / 22050; len(whole) < want-2 || len(whole) > want+2 {
		t.Errorf("%d samples out, want ≈%d", len(whole), want)
	}
	// The tone keeps its pitch: compare with a 300 Hz tone made at 24 kHz.
	ref := tone(300, 0.5, SpeechRate, 0.5)
	if c, _ := bestCorrelation(whole, ref[:len(whole)-100]); c < 0.99 {
		t.Errorf("resampled tone correlates %.3f with the reference", c)
	}
}

func TestWAVWriterStreams(t *testing.T) {
	path := filepath.Join(t.TempDir(), "out.wav")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWAVWriter(f, SpeechRate, 1)
	if err != nil {
		t.Fatal(err)
	}
	src := tone(440, 0.5, SpeechRate, 0.3)
	for i := 0; i < len(src); i += 1000 {
		if err := w.Write(src[i:min(i+1000, len(src))]); err != nil {
			t.Fatal(err)
		}
	}
	if err := w.Close(); err != nil || f.Close() != nil {
		t.Fatal(err)
	}
	data, _ := os.ReadFile(path)
	pcm, rate, ch, err := DecodeWAV(data)
	if err != nil || rate != SpeechRate || ch != 1 || !slices.Equal(pcm, src) {
		t.Fatalf("decoded %d samples at %d Hz ×%d (err %v), want the %d written", len(pcm), rate, ch, err, len(src))
	}
	if w.Samples() != int64(len(src)) {
		t.Errorf("Samples = %d", w.Samples())
	}
}
