//go:build cgo

package audio

import (
	"context"
	"errors"
	"testing"
	"time"
)

func waitDone(t *testing.T, ch <-chan struct{}, what string) {
	t.Helper()
	select {
	case <-ch:
	case <-time.After(20 * time.Second):
		t.Fatalf("%s: Done not closed", what)
	}
}

func TestNullPlayerPlaysToEnd(t *testing.T) {
	p := NewPlayer(nullOpts())
	if p.Done() != nil || p.Playing() || p.Position() != 0 {
		t.Fatal("idle player reports a sound")
	}
	// A stereo 44.1 kHz WAV: miniaudio converts, Duration counts frames.
	stereo := make([]int16, 2*int(0.3*44100))
	copy(stereo, tone(440, 0.5, 44100, 0.6))
	if err := p.Play(context.Background(), EncodeWAV(stereo, 44100, 2)); err != nil {
		t.Fatal(err)
	}
	if want := 300 * time.Millisecond; p.Duration() != want {
		t.Errorf("Duration = %v, want %v", p.Duration(), want)
	}
	if !p.Playing() {
		t.Error("not playing after Play")
	}
	waitDone(t, p.Done(), "play to end")
	if p.Position() != p.Duration() || p.Playing() {
		t.Errorf("after the end: position %v of %v, playing %v", p.Position(), p.Duration(), p.Playing())
	}
}

func TestNullPlayerPauseResume(t *testing.T) {
	p := NewPlayer(nullOpts())
	if err := p.PlayPCM(context.Background(), tone(440, 0.5, SampleRate, 1.5), SampleRate, 1); err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond)
	p.Pause()
	if !p.Paused() {
		t.Fatal("Paused() false after Pause")
	}
	time.Sleep(50 * time.Millisecond) // let a callback already running finish
	p1 := p.Position()
	time.Sleep(300 * time.Millisecond)
	p2 := p.Position()
	// Without the pause the position would move ~300 ms; allow one period.
	if p2-p1 > 30*time.Millisecond {
		t.Errorf("position moved %v while paused", p2-p1)
	}
	if p1 >= p.Duration() {
		t.Fatalf("sound ended before the pause took effect (%v)", p1)
	}
	p.Resume()
	waitDone(t, p.Done(), "after resume")
	if p.Position() != p.Duration() {
		t.Errorf("resumed sound ended at %v of %v", p.Position(), p.Duration())
	}
}

func TestNullPlayerStopAndReplace(t *testing.T) {
	p := NewPlayer(nullOpts())
	long := tone(440, 0.5, SampleRate, 5)
	if err := p.PlayPCM(context.Background(), long, SampleRate, 1); err != nil {
		t.Fatal(err)
	}
	first := p.Done()
	if err := p.PlayPCM(context.Background(), tone(880, 0.5, SampleRate, 0.2), SampleRate, 1); err != nil {
		t.Fatal(err)
	}
	waitDone(t, first, "replaced sound")
	if p.Duration() != 200*time.Millisecond {
		t.Errorf("Duration = %v after replacing", p.Duration())
	}
	waitDone(t, p.Done(), "second sound")

	if err := p.PlayPCM(context.Background(), long, SampleRate, 1); err != nil {
		t.Fatal(err)
	}
	p.Stop()
	waitDone(t, p.Done(), "stopped sound")
	if p.Position() >= p.Duration() {
		t.Errorf("stopped sound reports position %v of %v", p.Position(), p.Duration())
	}

	ctx, cancel := context.WithCancel(context.Background())
	if err := p.PlayPCM(ctx, long, SampleRate, 1); err != nil {
		t.Fatal(err)
	}
	cancel()
	waitDone(t, p.Done(), "canceled sound")
}

func TestPlayerBadInput(t *testing.T) {
	p := NewPlayer(nullOpts())
	err := p.Play(context.Background(), []byte("ID3\x04\x00\x00\x00\x00\x00\x00 an mp3"))
	if !errors.Is(err, ErrNotWAV) {
		t.Errorf("Play(mp3) = %v, want ErrNotWAV", err)
	}
	if err := p.PlayPCM(context.Background(), nil, SampleRate, 1); err == nil {
		t.Error("PlayPCM(nil) succeeded")
	}
	if err := p.PlayPCM(context.Background(), tone(440, 0.5, SampleRate, 0.1), 0, 1); err == nil {
		t.Error("PlayPCM at 0 Hz succeeded")
	}
	opts := nullOpts()
	opts.DeviceName = "no-such-speaker"
	err = NewPlayer(opts).PlayPCM(context.Background(), tone(440, 0.5, SampleRate, 0.1), SampleRate, 1)
	var ns *ErrNoSpeaker
	if !errors.As(err, &ns) || err.Error() != `no audio output found: no output device matches "no-such-speaker"` {
		t.Errorf("named missing speaker: %v", err)
	}
}
