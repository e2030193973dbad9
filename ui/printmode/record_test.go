package printmode

import (
	"bytes"
	"context"
	"errors"
	"io"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/gen2brain/malgo"

	"parley/media/audio"

	"parley/providers/providertest"
)

// nullBackend is miniaudio's null backend: zeros at real speed.
var nullBackend = []malgo.Backend{audio.BackendNull}

// recordedMS decodes a note and returns its length.
func recordedMS(t *testing.T, f File) int {
	t.Helper()
	pcm, rate, channels, err := audio.DecodeWAV(f.Data)
	if err != nil {
		t.Fatalf("the note is not a WAV: %v", err)
	}
	if rate != audio.SampleRate || channels != 1 {
		t.Errorf("note is %d Hz × %d channels", rate, channels)
	}
	return len(pcm) * 1000 / rate
}

// TestRecordForDuration: the note is exactly the duration asked (the
// recorder counts samples), and the status line is drawn then erased.
func TestRecordForDuration(t *testing.T) {
	var status providertest.SyncBuffer
	f, err := Record(context.Background(), RecordOptions{
		Audio: audio.Options{Backends: nullBackend}, Duration: 400 * time.Millisecond, Status: &status})
	if err != nil {
		t.Fatal(err)
	}
	if ms := recordedMS(t, f); ms != 400 {
		t.Errorf("recorded %d ms, want 400", ms)
	}
	if f.Name != "voice-note.wav" {
		t.Errorf("name %q", f.Name)
	}
	s := status.String()
	if !strings.Contains(s, "recording… ") || !strings.HasSuffix(s, "\r\x1b[K") || strings.Contains(s, "Enter") {
		t.Errorf("status output %q: want \"recording… N.Ns\" lines, erased at the end", s)
	}
}

// TestRecordConfiguredLimit: audio.max_record shorter than the duration
// asked cuts the note, with a notice.
func TestRecordConfiguredLimit(t *testing.T) {
	var notice bytes.Buffer
	f, err := Record(context.Background(), RecordOptions{
		Audio:    audio.Options{Backends: nullBackend, MaxDuration: 150 * time.Millisecond},
		Duration: 10 * time.Second, Notice: &notice})
	if err != nil {
		t.Fatal(err)
	}
	if ms := recordedMS(t, f); ms != 150 {
		t.Errorf("recorded %d ms, want the 150 ms limit", ms)
	}
	if !strings.Contains(notice.String(), "audio.max_record") {
		t.Errorf("notice %q: want it to name audio.max_record", notice.String())
	}
}

// TestRecordUntilEnter: with duration 0 a line on Enter stops the note;
// what was captured until then is kept.
func TestRecordUntilEnter(t *testing.T) {
	r, w := io.Pipe()
	var status providertest.SyncBuffer
	done := make(chan struct{})
	var f File
	var err error
	go func() {
		defer close(done)
		f, err = Record(context.Background(), RecordOptions{
			Audio: audio.Options{Backends: nullBackend}, Enter: r, Status: &status})
	}()
	// Press Enter once the status line shows some audio was captured.
	someAudio := regexp.MustCompile(`recording… (0\.[1-9]|[1-9][0-9]*\.[0-9])s \(press Enter to stop\)`)
	for !someAudio.MatchString(status.String()) {
		select {
		case <-done:
			t.Fatalf("Record returned before Enter: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
	}
	io.WriteString(w, "\n")
	<-done
	if err != nil {
		t.Fatal(err)
	}
	if ms := recordedMS(t, f); ms <= 0 {
		t.Errorf("recorded %d ms", ms)
	}
	if s := status.String(); !strings.HasSuffix(s, "\r\x1b[K\x1b[A\r\x1b[K") {
		t.Errorf("status %q: after an echoed Enter both lines are erased", s)
	}
}

func TestRecordErrors(t *testing.T) {
	_, err := Record(context.Background(), RecordOptions{Audio: audio.Options{Backends: nullBackend}})
	if err == nil || !strings.Contains(err.Error(), "--record 5s") {
		t.Errorf("duration 0 without a terminal: %v", err)
	}
	_, err = Record(context.Background(), RecordOptions{
		Audio: audio.Options{Backends: nullBackend, DeviceName: "no-such-mic"}, Duration: time.Second})
	var nm *audio.ErrNoMicrophone
	if !errors.As(err, &nm) || !strings.Contains(err.Error(), `no microphone found: no input device matches "no-such-mic"`) {
		t.Errorf("unknown device: %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	go func() { time.Sleep(100 * time.Millisecond); cancel() }()
	_, err = Record(ctx, RecordOptions{Audio: audio.Options{Backends: nullBackend}, Duration: time.Minute})
	if err == nil || err.Error() != "recording cancelled" {
		t.Errorf("cancelled: %v", err)
	}
}
