//go:build cgo

package audio

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/gen2brain/malgo"
)

// nullOpts records from miniaudio's null backend: zeros at real speed.
func nullOpts() Options {
	return Options{Backends: []malgo.Backend{BackendNull}}
}

// recordFor records for about d on the null backend and returns the
// recording with the wall time between Start returning and Stop being called.
func recordFor(t *testing.T, r *Recorder, d time.Duration) (Recording, time.Duration) {
	t.Helper()
	if err := r.Start(context.Background()); err != nil {
		t.Fatalf("Start: %v", err)
	}
	began := time.Now()
	time.Sleep(d)
	wall := time.Since(began)
	rec, err := r.Stop()
	if err != nil {
		t.Fatalf("Stop: %v", err)
	}
	return rec, wall
}

func TestNullRecordingLength(t *testing.T) {
	r := NewRecorder(nullOpts())
	short, shortWall := recordFor(t, r, 200*time.Millisecond)
	long, longWall := recordFor(t, r, 600*time.Millisecond)

	for _, c := range []struct {
		rec  Recording
		wall time.Duration
	}{{short, shortWall}, {long, longWall}} {
		if c.rec.SampleRate != SampleRate || c.rec.Channels != 1 {
			t.Fatalf("format = %d Hz x%d, want 16000 Hz mono", c.rec.SampleRate, c.rec.Channels)
		}
		if c.rec.Reason != StopRequested {
			t.Errorf("reason = %v, want StopRequested", c.rec.Reason)
		}
		if c.rec.Duration != samplesToDuration(len(c.rec.PCM)) {
			t.Errorf("Duration %v does not match %d samples", c.rec.Duration, len(c.rec.PCM))
		}
		// Ratio against the measured window, generous both ways: the null
		// device runs at real speed but a loaded machine delays callbacks,
		// and Stop keeps the last callback's samples.
		ratio := float64(c.rec.Duration) / float64(c.wall)
		if ratio < 0.4 || ratio > 1.6 {
			t.Errorf("captured %v in a %v window (ratio %.2f)", c.rec.Duration, c.wall, ratio)
		}
		if rms := RMS(c.rec.PCM); rms != 0 {
			t.Errorf("null backend RMS = %v, want exact silence", rms)
		}
	}
	if float64(len(long.PCM)) < 1.5*float64(len(short.PCM)) {
		t.Errorf("600 ms recording has %d samples, 200 ms has %d: no growth", len(long.PCM), len(short.PCM))
	}
}

func TestNullLevels(t *testing.T) {
	r := NewRecorder(nullOpts())
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	var levels []Level
	timeout := time.After(10 * time.Second)
	for len(levels) < 5 {
		select {
		case l := <-r.Levels():
			levels = append(levels, l)
		case <-timeout:
			t.Fatalf("only %d levels in 10 s", len(levels))
		}
	}
	rec, err := r.Stop()
	if err != nil {
		t.Fatal(err)
	}
	for i, l := range levels {
		if l.RMS != 0 || l.Peak != 0 {
			t.Errorf("level %d = %+v, want zero on the null device", i, l)
		}
		// Each level closes one 50 ms window, so At is a multiple of it.
		if want := time.Duration(i+1) * DefaultLevelInterval; l.At != want {
			t.Errorf("level %d at %v, want %v", i, l.At, want)
		}
	}
	if rec.Duration < 5*DefaultLevelInterval {
		t.Errorf("recording %v shorter than the 5 levels seen", rec.Duration)
	}
	// Levels is closed once the recording ended (after draining).
	for range r.Levels() {
	}
}

func TestStopStartDiscard(t *testing.T) {
	r := NewRecorder(nullOpts())
	if _, err := r.Stop(); !errors.Is(err, ErrNotRecording) {
		t.Fatalf("Stop before Start = %v, want ErrNotRecording", err)
	}
	if r.Active() || r.Levels() != nil || r.Done() != nil {
		t.Fatal("idle recorder reports activity")
	}
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	if !r.Active() {
		t.Fatal("not active after Start")
	}
	if err := r.Start(context.Background()); err == nil {
		t.Fatal("second Start while recording succeeded")
	}
	done := r.Done()
	r.Discard()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Done not closed after Discard")
	}
	if r.Reason() != StopDiscarded || r.Active() {
		t.Fatalf("after Discard: reason %v active %v", r.Reason(), r.Active())
	}
	if _, err := r.Stop(); !errors.Is(err, ErrNotRecording) {
		t.Fatalf("Stop after Discard = %v, want ErrNotRecording", err)
	}
	rec, _ := recordFor(t, r, 150*time.Millisecond)
	if len(rec.PCM) == 0 {
		t.Fatal("recorder reused after Discard captured nothing")
	}
	if _, err := r.Stop(); !errors.Is(err, ErrNotRecording) {
		t.Fatalf("second Stop = %v, want ErrNotRecording", err)
	}
}

func TestMaxDurationStopsItself(t *testing.T) {
	opts := nullOpts()
	opts.MaxDuration = 250 * time.Millisecond
	r := NewRecorder(opts)
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.Done():
	case <-time.After(20 * time.Second):
		t.Fatal("recording did not stop at MaxDuration")
	}
	if r.Reason() != StopMaxDuration {
		t.Fatalf("reason = %v, want StopMaxDuration", r.Reason())
	}
	rec, err := r.Stop()
	if err != nil {
		t.Fatal(err)
	}
	if want := 250 * SampleRate / 1000; len(rec.PCM) != want {
		t.Errorf("kept %d samples, want exactly %d", len(rec.PCM), want)
	}
	if rec.Reason != StopMaxDuration || rec.Duration != 250*time.Millisecond {
		t.Errorf("recording = %v / %v", rec.Reason, rec.Duration)
	}
}

func TestCancelKeepsAudio(t *testing.T) {
	r := NewRecorder(nullOpts())
	ctx, cancel := context.WithCancel(context.Background())
	if err := r.Start(ctx); err != nil {
		t.Fatal(err)
	}
	for r.Elapsed() < 100*time.Millisecond {
		select {
		case <-r.Levels():
		case <-time.After(10 * time.Second):
			t.Fatal("no audio")
		}
	}
	cancel()
	<-r.Done()
	rec, err := r.Stop()
	if err != nil || rec.Reason != StopCanceled || rec.Duration < 100*time.Millisecond {
		t.Fatalf("after cancel: %v, reason %v, %v", err, rec.Reason, rec.Duration)
	}
}

// TestDeviceLostKeepsAudio drives the path miniaudio takes when a device
// stops without being asked (its stopped notification), on a real null
// device; TestRealDeviceLost does it by killing a real sound server.
func TestDeviceLostKeepsAudio(t *testing.T) {
	r := NewRecorder(nullOpts())
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	for r.Elapsed() < 100*time.Millisecond {
		<-r.Levels()
	}
	r.current().onStop()
	select {
	case <-r.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("device loss did not end the recording")
	}
	rec, err := r.Stop()
	if err != nil || rec.Reason != StopDeviceLost || rec.Duration < 100*time.Millisecond {
		t.Fatalf("after loss: %v, reason %v, %v", err, rec.Reason, rec.Duration)
	}
}

// TestStalledDeviceIsLost stops the null device behind the recorder's back
// (without a stopped notification, as when PulseAudio dies): the watchdog
// ends the recording as lost and keeps its audio.
func TestStalledDeviceIsLost(t *testing.T) {
	opts := nullOpts()
	opts.StallTimeout = 300 * time.Millisecond
	r := NewRecorder(opts)
	if err := r.Start(context.Background()); err != nil {
		t.Fatal(err)
	}
	for r.Elapsed() < 100*time.Millisecond {
		<-r.Levels()
	}
	c := r.current()
	c.stopping.Store(true) // swallow the notification our own Stop causes
	if err := c.dev.Stop(); err != nil {
		t.Fatal(err)
	}
	select {
	case <-r.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("stalled device did not end the recording")
	}
	rec, err := r.Stop()
	if err != nil || rec.Reason != StopDeviceLost || rec.Duration < 100*time.Millisecond {
		t.Fatalf("after stall: %v, reason %v, %v", err, rec.Reason, rec.Duration)
	}
}

func TestNoDeviceMatchesName(t *testing.T) {
	opts := nullOpts()
	opts.DeviceName = "no-such-microphone"
	err := NewRecorder(opts).Start(context.Background())
	var nm *ErrNoMicrophone
	if !errors.As(err, &nm) {
		t.Fatalf("err = %v, want *ErrNoMicrophone", err)
	}
	if want := `no microphone found: no input device matches "no-such-microphone"`; err.Error() != want {
		t.Errorf("err = %q, want %q", err, want)
	}
	opts.DeviceName = "null capture" // case-insensitive substring of "NULL Capture Device"
	r := NewRecorder(opts)
	rec, _ := recordFor(t, r, 100*time.Millisecond)
	if len(rec.PCM) == 0 {
		t.Error("named null device captured nothing")
	}
}

func TestListDevicesNull(t *testing.T) {
	in, out, err := ListDevices([]malgo.Backend{BackendNull})
	if err != nil {
		t.Fatal(err)
	}
	if len(in) != 1 || in[0].Name != "NULL Capture Device" || !in[0].IsDefault {
		t.Errorf("inputs = %+v", in)
	}
	if len(out) != 1 || out[0].Name != "NULL Playback Device" {
		t.Errorf("outputs = %+v", out)
	}
}

func TestCaptureCallbackDoesNotAllocate(t *testing.T) {
	c := newCapture(Options{MaxDuration: time.Minute}.withDefaults())
	in := make([]byte, 320) // one 10 ms callback of 160 samples
	for i := range in {
		in[i] = byte(i * 7)
	}
	// 151 callbacks fill the first 1 s chunk and move into the spare, and
	// emit ~30 levels: none of it may allocate on the audio thread.
	allocs := testing.AllocsPerRun(150, func() {
		c.onData(nil, in, 160)
		select {
		case <-c.levels:
		default:
		}
	})
	if allocs != 0 {
		t.Errorf("capture callback allocates %.2f times per call", allocs)
	}
	if c.total != 151*160 || len(c.chunks) != 1 || c.spare != nil {
		t.Errorf("total %d, %d full chunks, spare %v", c.total, len(c.chunks), c.spare != nil)
	}
	select {
	case <-c.refill:
	default:
		t.Error("using the spare did not ask for a refill")
	}
}
