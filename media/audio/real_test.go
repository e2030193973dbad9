//go:build cgo

package audio

import (
	"context"
	"testing"
	"time"

	"parley/media/audio/pulsetest"
)

const speechText = "hello world this is a voice note"

// TestRealCapture records speech played into a private PulseAudio server's
// virtual microphone with the default backends and compares it with the
// source.
func TestRealCapture(t *testing.T) {
	pa := realAudio(t, pulsetest.Options{})
	_, path, src := speech(t, speechText)

	inputs, outputs, err := ListDevices(nil)
	if err != nil {
		t.Fatalf("ListDevices: %v", err)
	}
	t.Logf("inputs %+v, outputs %+v", inputs, outputs)
	if !hasDevice(inputs, "vmic.monitor") || !hasDevice(outputs, "vmic") {
		t.Errorf("the virtual microphone is not listed")
	}

	// Select it by (part of) its PulseAudio name, as audio.input_device does.
	r := NewRecorder(Options{DeviceName: "VMIC.monitor"})
	if err := r.Start(context.Background()); err != nil {
		t.Fatalf("Start on PulseAudio: %v", err)
	}
	pa.WaitRecording(t, 1)
	if err := pa.Play(path); err != nil {
		r.Discard()
		t.Fatal(err)
	}
	waitForSilenceAfterSound(t, r)
	rec, err := r.Stop()
	if err != nil {
		t.Fatal(err)
	}
	srcDur := samplesToDuration(len(src))
	t.Logf("recorded %v (%s), source %v", rec.Duration, rec.Reason, srcDur)
	if rec.Duration < srcDur {
		t.Fatalf("recording %v is shorter than the speech %v", rec.Duration, srcDur)
	}
	corr, lag := bestCorrelation(rec.PCM, src)
	if lag < 0 || lag+len(src) > len(rec.PCM) {
		t.Errorf("speech found at sample %d: part of it is missing from the recording", lag)
	} else {
		window := rec.PCM[lag : lag+len(src)]
		ratio := RMS(window) / RMS(src)
		t.Logf("RMS recorded %.4f, source %.4f (ratio %.3f), correlation %.4f at lag %d", RMS(window), RMS(src), ratio, corr, lag)
		if RMS(window) < 0.01 || ratio < 0.5 || ratio > 2 {
			t.Errorf("recorded RMS %.4f vs source %.4f: not the speech's loudness", RMS(window), RMS(src))
		}
	}
	if corr < 0.95 {
		t.Errorf("cross-correlation with the source = %.4f, want > 0.95", corr)
	}
}

func hasDevice(list []Device, id string) bool {
	for _, d := range list {
		if d.ID == id {
			return true
		}
	}
	return false
}

// waitForSilenceAfterSound reads levels until sound was heard and then
// 600 ms of silence followed (the tail of the speech has arrived); the first
// data may take up to 2 s on an idle PulseAudio server.
func waitForSilenceAfterSound(t *testing.T, r *Recorder) {
	t.Helper()
	deadline := time.After(15 * time.Second)
	heard := false
	var quietSince time.Duration
	for {
		select {
		case l, ok := <-r.Levels():
			if !ok {
				t.Fatalf("recording ended early: %v", r.Reason())
			}
			switch {
			case l.Peak > 0.01:
				heard, quietSince = true, 0
			case heard && quietSince == 0:
				quietSince = l.At
			case heard && l.At-quietSince >= 600*time.Millisecond:
				return
			}
		case <-deadline:
			t.Fatalf("no sound-then-silence within 15 s (heard=%v, elapsed %v)", heard, r.Elapsed())
		}
	}
}

// TestRealPlayback plays speech with Player into the private server's sink
// and records the sink's monitor with parec (independent of Recorder).
func TestRealPlayback(t *testing.T) {
	pa := realAudio(t, pulsetest.Options{})
	_, _, src := speech(t, speechText)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	rec := pa.Record(t, pulsetest.RecordOptions{Rate: SampleRate, Channels: 1, Latency: 20 * time.Millisecond})

	p := NewPlayer(Options{})
	if err := p.Play(ctx, EncodeWAV(src, SampleRate, 1)); err != nil {
		t.Fatalf("Play on PulseAudio: %v", err)
	}
	if p.Duration() != samplesToDuration(len(src)) {
		t.Errorf("Duration = %v, want %v", p.Duration(), samplesToDuration(len(src)))
	}
	select {
	case <-p.Done():
	case <-ctx.Done():
		t.Fatal("playback did not finish")
	}
	if p.Position() != p.Duration() {
		t.Errorf("finished at %v of %v", p.Position(), p.Duration())
	}
	// The tail has arrived once the recording holds a second more than it
	// did when the player finished.
	rec.WaitFor(t, rec.Len()+time.Second)
	got, rate, _, err := DecodeWAV(rec.Stop(t))
	if err != nil || rate != SampleRate {
		t.Fatalf("recording: %v at %d Hz", err, rate)
	}
	corr, lag := bestCorrelation(got, src)
	t.Logf("parec captured %v; correlation %.4f at lag %d; RMS %.4f vs %.4f",
		samplesToDuration(len(got)), corr, lag, RMS(got), RMS(src))
	if corr < 0.9 {
		offsets, corrs := chunkLags(got, src, lag, SampleRate/4)
		t.Logf("per 250 ms piece: offsets %v samples, correlations %.3f", offsets, corrs)
		// Inside the speech, away from its silent edges.
		from, to := max(0, lag+SampleRate/10), min(len(got), lag+len(src)-SampleRate/10)
		if from < to {
			n, at := longestZeroRun(got[from:to])
			t.Logf("longest exact silence inside the speech: %d samples at %d", n, from+at)
		}
		t.Errorf("what the player played correlates %.4f with the source, want > 0.9", corr)
	}
}

// TestRealDeviceLost kills the sound server mid-recording: the recording
// must end by itself with StopDeviceLost and keep what it captured.
func TestRealDeviceLost(t *testing.T) {
	pa := realAudio(t, pulsetest.Options{})
	_, path, _ := speech(t, speechText)
	r := NewRecorder(Options{})
	if err := r.Start(context.Background()); err != nil {
		t.Fatalf("Start on PulseAudio: %v", err)
	}
	pa.WaitRecording(t, 1)
	_ = pa.PlayAsync(path) // paplay dies with the server
	for r.Elapsed() < 300*time.Millisecond {
		select {
		case <-r.Levels():
		case <-time.After(10 * time.Second):
			t.Fatal("no audio arrived")
		}
	}
	pa.Pactl(t, "exit")
	select {
	case <-r.Done():
	case <-time.After(15 * time.Second):
		r.Discard()
		t.Fatal("recording did not notice the server going away")
	}
	rec, err := r.Stop()
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("kept %v, reason %v", rec.Duration, rec.Reason)
	if rec.Reason != StopDeviceLost {
		t.Errorf("reason = %v, want %v", rec.Reason, StopDeviceLost)
	}
	if rec.Duration < 300*time.Millisecond {
		t.Errorf("kept only %v of audio", rec.Duration)
	}
}
