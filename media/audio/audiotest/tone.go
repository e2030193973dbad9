package audiotest

import (
	"math"
	"os"
	"path/filepath"
	"testing"
	"time"

	"parley/media/audio"
)

// ToneFile writes a 16 kHz mono WAV of a tone at hz lasting d into a
// temporary directory: what "the user" says into the virtual microphone.
// It returns the file's path and its samples, to correlate with what
// arrives.
func ToneFile(t testing.TB, hz float64, d time.Duration) (string, []int16) {
	t.Helper()
	pcm := make([]int16, int(d.Seconds()*audio.SampleRate))
	for i := range pcm {
		pcm[i] = int16(9000 * math.Sin(2*math.Pi*hz*float64(i)/audio.SampleRate))
	}
	p := filepath.Join(t.TempDir(), "said.wav")
	if err := os.WriteFile(p, audio.EncodeWAV(pcm, audio.SampleRate, 1), 0o600); err != nil {
		t.Fatal(err)
	}
	return p, pcm
}
