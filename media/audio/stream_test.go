//go:build cgo

package audio

import (
	"context"
	"errors"
	"testing"
	"time"
)

func openNullStream(t *testing.T) *Stream {
	t.Helper()
	s, err := OpenStream(nullOpts(), SpeechRate)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

func ctxFor(t *testing.T) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// TestStreamPlaysPiecesThenDrains writes three "sentences" one after the
// other into one stream: all of it is played, and Drain returns after.
func TestStreamPlaysPiecesThenDrains(t *testing.T) {
	s := openNullStream(t)
	ctx := ctxFor(t)
	var total time.Duration
	for _, secs := range []float64{0.2, 0.3, 0.1} {
		if err := s.Write(ctx, tone(440, 0.5, SpeechRate, secs)); err != nil {
			t.Fatal(err)
		}
		total += time.Duration(secs * float64(time.Second))
	}
	if err := s.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if s.Played() != total || s.Queued() != 0 {
		t.Errorf("played %v of %v, queued %v", s.Played(), total, s.Queued())
	}
}

// TestStreamWriteIsBounded: writing far more than the queue holds blocks
// until the device has played enough, so memory stays at the queue's size.
func TestStreamWriteIsBounded(t *testing.T) {
	s := openNullStream(t)
	ctx := ctxFor(t)
	pcm := tone(440, 0.5, SpeechRate, 4)
	if err := s.Write(ctx, pcm); err != nil {
		t.Fatal(err)
	}
	queue := time.Duration(int64(streamQueueSize) * int64(time.Second) / SpeechRate)
	if played := s.Played(); played < 4*time.Second-queue {
		t.Errorf("Write returned with %v played of 4s: it queued more than %v", played, queue)
	}
}

func TestStreamPauseAndClose(t *testing.T) {
	s := openNullStream(t)
	ctx := ctxFor(t)
	if err := s.Write(ctx, tone(440, 0.5, SpeechRate, 2)); err != nil {
		t.Fatal(err)
	}
	s.Pause()
	// Wait until the pause has surely taken hold (a stale wake-up, a
	// callback already running, then one that saw it), then check that the
	// position holds still over two more.
	for range 3 {
		<-s.f.wake
	}
	p1 := s.Played()
	for range 2 {
		<-s.f.wake
	}
	if p2 := s.Played(); p2 != p1 {
		t.Errorf("position moved from %v to %v while paused", p1, p2)
	}
	s.Resume()
	done := make(chan error, 1)
	go func() { done <- s.Write(ctx, tone(440, 0.5, SpeechRate, 5)) }()
	s.Close()
	select {
	case err := <-done:
		if !errors.Is(err, ErrStreamClosed) {
			t.Errorf("Write after Close: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not unblock Write")
	}
	if err := s.Drain(ctx); !errors.Is(err, ErrStreamClosed) {
		t.Errorf("Drain after Close: %v", err)
	}
}

// TestStreamDeviceLost: a device that stops by itself ends the stream with
// ErrOutputLost, and a blocked writer returns instead of hanging.
func TestStreamDeviceLost(t *testing.T) {
	s := openNullStream(t)
	ctx := ctxFor(t)
	done := make(chan error, 1)
	go func() { done <- s.Write(ctx, tone(440, 0.5, SpeechRate, 10)) }()
	s.onStop() // what miniaudio calls when the device goes away
	select {
	case err := <-done:
		if !errors.Is(err, ErrOutputLost) {
			t.Errorf("Write on a lost device: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a lost device left Write hanging")
	}
	<-s.Done()
	if !errors.Is(s.Err(), ErrOutputLost) {
		t.Errorf("Err = %v", s.Err())
	}
	if err := s.Write(ctx, tone(440, 0.5, SpeechRate, 0.1)); !errors.Is(err, ErrOutputLost) {
		t.Errorf("a short Write after the loss: %v", err)
	}
}

func TestStreamLevelFollowsPlayback(t *testing.T) {
	s := openNullStream(t)
	ctx := ctxFor(t)
	if err := s.Write(ctx, tone(440, 0.5, SpeechRate, 1)); err != nil {
		t.Fatal(err)
	}
	for range 3 { // past a stale wake-up and a callback that began before Write
		<-s.f.wake
	}
	if l := s.Level(); l < 0.3 || l > 0.4 { // a 0.5 sine: rms ≈ 0.354
		t.Errorf("level while playing %.3f, want ≈0.35", l)
	}
	if err := s.Drain(ctx); err != nil {
		t.Fatal(err)
	}
	if l := s.Level(); l != 0 {
		t.Errorf("level after the end %.3f", l)
	}
}
