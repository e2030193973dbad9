// Package audiotest holds checks shared by the real-audio tests of
// several packages. It is apart from pulsetest because media/audio's own
// tests use pulsetest, and this package imports media/audio.
package audiotest

import (
	"testing"
	"time"

	"parley/media/audio"
	"parley/media/audio/pulsetest"
)

// CheckInterrupted stops the speaker monitor's recording r and checks that
// first (PCM at audio.SpeechRate) sounded on it and last never did: the
// playback was stopped between them (barge-in). It waits half a second
// past what was recorded so a late sentence would be caught.
func CheckInterrupted(t testing.TB, r *pulsetest.Recording, first, last []int16) {
	t.Helper()
	r.WaitFor(t, r.Len()+500*time.Millisecond)
	heard, _, _, err := audio.DecodeWAV(r.Stop(t))
	if err != nil {
		t.Fatal(err)
	}
	c, lag := audio.BestCorrelation(heard, first)
	t.Logf("first sentence on the speaker: correlation %.3f at %.2fs", c, float64(lag)/audio.SpeechRate)
	if c < 0.9 {
		t.Errorf("the reply's first sentence correlates %.3f with the speaker's monitor, want ≥ 0.9", c)
	}
	if c, _ := audio.BestCorrelation(heard, last); c > 0.5 {
		t.Errorf("the last sentence was heard (correlation %.3f): barge-in did not stop playback", c)
	}
}
