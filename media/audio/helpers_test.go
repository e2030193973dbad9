package audio

import (
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"parley/media/audio/pulsetest"
)

// bestCorrelation is BestCorrelation, under the name the tests use.
func bestCorrelation(rec, src []int16) (float64, int) { return BestCorrelation(rec, src) }

// tone returns seconds of a sine at freq Hz and amplitude amp (0..1).
func tone(freq, amp float64, rate int, seconds float64) []int16 {
	out := make([]int16, int(seconds*float64(rate)))
	for i := range out {
		out[i] = int16(amp * 32767 * math.Sin(2*math.Pi*freq*float64(i)/float64(rate)))
	}
	return out
}

// requireCommands skips the test unless every command is on PATH.
func requireCommands(t *testing.T, names ...string) {
	t.Helper()
	for _, n := range names {
		if _, err := exec.LookPath(n); err != nil {
			t.Skipf("%s is not installed (apt-get install sox espeak-ng): skipping", n)
		}
	}
}

// realAudio starts the private PulseAudio rig for a real audio test, or
// skips it (in -short mode, or without PulseAudio or espeak-ng).
func realAudio(t *testing.T, opt pulsetest.Options) *pulsetest.Server {
	t.Helper()
	if testing.Short() {
		t.Skip("real audio test skipped in -short mode")
	}
	requireCommands(t, "espeak-ng")
	return pulsetest.Start(t, opt)
}

// speech makes a WAV of spoken text with espeak-ng and returns it with its
// samples converted to 16 kHz mono.
func speech(t *testing.T, text string) (wav []byte, path string, pcm16k []int16) {
	t.Helper()
	path = filepath.Join(t.TempDir(), "speech.wav")
	if out, err := exec.Command("espeak-ng", "-w", path, text).CombinedOutput(); err != nil {
		t.Fatalf("espeak-ng: %v: %s", err, out)
	}
	wav, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	pcm, rate, ch, err := DecodeWAV(wav)
	if err != nil {
		t.Fatalf("decode espeak-ng output: %v", err)
	}
	return wav, path, Resample(ToMono(pcm, ch), rate, SampleRate)
}

// chunkLags finds each chunk-long piece of src (that is not silence) in rec
// and returns, per piece, how far its best alignment is from where the
// whole source aligns (lag0). A capture that played smoothly has every
// offset near 0; a gap (the player underran, and the server played silence
// before the rest) shows as a step from one piece on.
func chunkLags(rec, src []int16, lag0, chunk int) (offsets []int, corrs []float64) {
	for start := 0; start+chunk <= len(src); start += chunk {
		piece := src[start : start+chunk]
		if RMS(piece) < 0.01 {
			continue
		}
		lo := max(0, lag0+start-chunk)
		hi := min(len(rec), lag0+start+2*chunk)
		if hi-lo < chunk {
			continue
		}
		c, l := bestCorrelation(rec[lo:hi], piece)
		offsets = append(offsets, lo+l-(lag0+start))
		corrs = append(corrs, c)
	}
	return offsets, corrs
}

// longestZeroRun returns the longest run of exact zeros in pcm and where it
// starts. A sound server that ran out of data plays exact silence; speech
// never holds exact zero for more than a few samples.
func longestZeroRun(pcm []int16) (length, at int) {
	run := 0
	for i, v := range pcm {
		if v != 0 {
			run = 0
			continue
		}
		run++
		if run > length {
			length, at = run, i-run+1
		}
	}
	return length, at
}
