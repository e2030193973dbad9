package speak

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
	"time"

	"parley/media/audio"
	"parley/media/vad"
)

// levels sends a scripted level per 50 ms window: dB values, each held
// for n windows.
func levels(script ...any) <-chan audio.Level {
	ch := make(chan audio.Level, 1000)
	for i := 0; i < len(script); i += 2 {
		for range script[i+1].(int) {
			ch <- audio.Level{RMS: vad.FromDB(script[i].(float64))}
		}
	}
	close(ch)
	return ch
}

func TestListenerFindsATurn(t *testing.T) {
	l := NewListener(vad.Config{}, 50*time.Millisecond, nil)
	ch := levels(-70.0, 12, -20.0, 20, -70.0, 30) // quiet, 1 s of speech, quiet
	ev, err := l.Next(context.Background(), ch)
	if err != nil || ev.Kind != vad.SpeechStart || ev.At != 600*time.Millisecond || !l.Speaking() {
		t.Fatalf("first event %+v %v", ev, err)
	}
	ev, err = l.Next(context.Background(), ch)
	if err != nil || ev.Kind != vad.SpeechEnd || ev.At != 1600*time.Millisecond {
		t.Fatalf("second event %+v %v", ev, err)
	}
	if _, err := l.Next(context.Background(), ch); !errors.Is(err, ErrMicClosed) {
		t.Errorf("after the recording: %v", err)
	}
}

// TestListenerBargeIn: the reply's echo (quieter than what plays) is not a
// turn; the user speaking louder than it is.
func TestListenerBargeIn(t *testing.T) {
	var playing atomic.Uint64
	play := func() float64 { return float64(playing.Load()) / 1000 }
	l := NewListener(vad.Config{}, 50*time.Millisecond, play)
	playing.Store(uint64(vad.FromDB(-12) * 1000))
	ch := levels(-70.0, 12, -22.0, 40, -8.0, 10) // quiet, echo, the user
	ev, err := l.Next(context.Background(), ch)
	if err != nil || ev.Kind != vad.SpeechStart || ev.At != 2600*time.Millisecond {
		t.Fatalf("barge-in %+v %v, want a start at 2.6 s (after the echo)", ev, err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := l.Next(ctx, make(chan audio.Level)); !errors.Is(err, context.Canceled) {
		t.Errorf("canceled: %v", err)
	}
}

// Add takes levels one at a time (voice mode draws each): calibrating for
// the first half second, then the start of speech.
func TestListenerAddCalibratesThenStarts(t *testing.T) {
	l := NewListener(vad.Config{}, 50*time.Millisecond, nil)
	for i := range 9 {
		if _, ok := l.Add(audio.Level{RMS: vad.FromDB(-70)}); ok || !l.Calibrating() {
			t.Fatalf("level %d: an event, or calibration over (%v) before 500 ms", i, l.Calibrating())
		}
	}
	l.Add(audio.Level{RMS: vad.FromDB(-70)})
	if l.Calibrating() {
		t.Fatal("still calibrating after 500 ms")
	}
	var ev vad.Event
	ok := false
	for range 10 {
		if ev, ok = l.Add(audio.Level{RMS: vad.FromDB(-20)}); ok {
			break
		}
	}
	if !ok || ev.Kind != vad.SpeechStart {
		t.Fatalf("no start of speech: %+v", ev)
	}
}
