//go:build cgo

package speak

import (
	"context"
	"fmt"
	"testing"
	"time"

	"parley/media/audio"
	"parley/media/audio/pulsetest"
	"parley/providers/speech"
	"parley/providers/speech/speechtest"
)

// TestSpeakThroughVirtualSpeaker plays a reply read aloud through a private
// PulseAudio server's virtual speaker, records the speaker's monitor, and
// finds every sentence the fake server sent in the recording, in order.
func TestSpeakThroughVirtualSpeaker(t *testing.T) {
	if testing.Short() {
		t.Skip("real audio test skipped in -short mode")
	}
	t.Run("openai", func(t *testing.T) {
		pa := pulsetest.Start(t, pulsetest.Options{Speaker: true})
		srv := speechtest.NewOpenAI(t)
		speakAndRecord(t, pa, openAIBackend(t, srv))
	})
	t.Run("gemini", func(t *testing.T) {
		pa := pulsetest.Start(t, pulsetest.Options{Speaker: true})
		srv := speechtest.NewGemini(t)
		speakAndRecord(t, pa, backend(t, fmt.Sprintf("[speech]\nprovider = \"gemini\"\n[providers.gemini]\nbase_url = %q\napi_key = \"k\"\n", srv.URL)))
	})
}

// speakAndRecord reads the reply aloud with sy on the default output while
// recording its monitor, and finds each sentence's audio in the recording.
func speakAndRecord(t *testing.T, pa *pulsetest.Server, sy speech.Synthesizer) {
	stream, err := audio.OpenStream(audio.Options{}, audio.SpeechRate)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	rec := pa.Record(t, pulsetest.RecordOptions{Rate: audio.SpeechRate, Channels: 1})
	began := time.Now()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res := Say(ctx, sy, stream, reply, Options{})
	if res.Err != nil || res.Stopped {
		t.Fatalf("Say: err %v stopped %v", res.Err, res.Stopped)
	}
	// Wait until the recording holds all that was played plus the 2 s
	// blocks an idle null sink delivers in, then stop it.
	rec.WaitFor(t, max(res.Duration(), time.Since(began))+2500*time.Millisecond)
	got, rate, _, err := audio.DecodeWAV(rec.Stop(t))
	if err != nil || rate != audio.SpeechRate {
		t.Fatalf("recording: %v at %d Hz", err, rate)
	}
	last, end := -1, -1
	for _, s := range res.Sentences {
		src := speechtest.PCMFor(s)
		c, lag := audio.BestCorrelation(got, src)
		gap := time.Duration(0)
		if end >= 0 {
			gap = time.Duration(int64(lag-end) * int64(time.Second) / audio.SpeechRate)
		}
		t.Logf("%-26q correlation %.4f at %.3fs, gap before it %v", s, c, float64(lag)/audio.SpeechRate, gap)
		if c < 0.9 {
			t.Errorf("sentence %q correlates %.3f with the recording, want ≥ 0.9", s, c)
		}
		if lag <= last {
			t.Errorf("sentence %q found at sample %d, not after the previous one (%d)", s, lag, last)
		}
		// One stream, the next sentence requested while this one plays:
		// sentences follow each other without a gap. The bound is generous
		// for a loaded machine; an unloaded one measures 0 (±1 sample: the
		// server resamples to its own rate and back).
		if gap < -2*time.Millisecond || gap > 250*time.Millisecond {
			t.Errorf("gap of %v before %q", gap, s)
		}
		last, end = lag, lag+len(src)
	}
}
