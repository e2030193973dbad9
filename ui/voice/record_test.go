package voice

import (
	"context"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/media/audio"
	"parley/session"
	"parley/themes"
)

// script is a Recorder whose levels the test sends.
type script struct {
	levels  chan audio.Level
	startFn func() error
}

func (s *script) Start(context.Context) error {
	if s.startFn != nil {
		return s.startFn()
	}
	return nil
}
func (s *script) Levels() <-chan audio.Level     { return s.levels }
func (s *script) Stop() (audio.Recording, error) { return audio.Recording{}, nil }
func (s *script) Discard()                       {}

func bar(v *Recording) string {
	st := themes.NewStyles(themes.Dark())
	return ansi.Strip(v.View(80, &st))
}

func openStore(t *testing.T) *session.Store {
	st, err := session.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// started runs a recording up to its first level wait.
func started(t *testing.T, rec *script) (*Recording, tea.Cmd) {
	v := NewRecording(AudioOptions{NewRecorder: func() Recorder { return rec }}, openStore(t))
	out, cmd := v.Start(t.Context())
	if !out.Resized || !v.Active() || !strings.Contains(bar(&v), "starting the microphone") {
		t.Fatalf("start: %+v, bar %q", out, bar(&v))
	}
	_, next := v.Update(cmd().(Msg))
	if !v.Running() || next == nil {
		t.Fatal("not running after the device opened")
	}
	return &v, next
}

// Levels move the meter and the clock; a level of an abandoned
// recording changes nothing.
func TestLevelsMoveMeterStaleDropped(t *testing.T) {
	rec := &script{levels: make(chan audio.Level, 1)}
	v, next := started(t, rec)
	before := bar(v)
	rec.levels <- audio.Level{RMS: 0.5, Peak: 0.9, At: 65 * time.Second}
	_, next = v.Update(next().(Msg))
	after := bar(v)
	if !strings.Contains(after, "● REC 1:05") || !strings.Contains(after, "▇ max") || before == after {
		t.Errorf("meter did not move:\nbefore %s\nafter  %s", before, after)
	}
	stale := levelMsg{gen: v.r.gen - 1, level: audio.Level{RMS: 0, At: 99 * time.Second}, ok: true}
	if _, cmd := v.Update(stale); cmd != nil || bar(v) != after {
		t.Error("a stale level changed the bar")
	}
	out, cmd := v.Discard()
	if v.Active() || cmd == nil || out.Notice != "voice note discarded" {
		t.Errorf("discard: active %v, %+v", v.Active(), out)
	}
	_ = next
}

// A failed start says why in one line and ends the recording; with no
// store there is nothing to start.
func TestStartFailsOrRefuses(t *testing.T) {
	rec := &script{startFn: func() error {
		return &audio.ErrNoMicrophone{Reason: "no audio system available"}
	}}
	v := NewRecording(AudioOptions{NewRecorder: func() Recorder { return rec }}, openStore(t))
	_, cmd := v.Start(t.Context())
	out, _ := v.Update(cmd().(Msg))
	if v.Active() || !out.IsErr || !strings.Contains(out.Notice, "no audio system available") {
		t.Errorf("failed start: active %v, %+v", v.Active(), out)
	}
	none := NewRecording(AudioOptions{}, nil)
	out, cmd = none.Start(t.Context())
	if cmd != nil || none.Active() || !strings.Contains(out.Notice, "no data directory") {
		t.Errorf("no store: %+v", out)
	}
}

// A closed level channel is a recording that ended by itself: it is
// stopped and saved; nothing captured is an error, not a chip.
func TestEndsByItself(t *testing.T) {
	rec := &script{levels: make(chan audio.Level)}
	v, next := started(t, rec)
	close(rec.levels)
	_, stop := v.Update(next().(Msg))
	if stop == nil || !strings.Contains(bar(v), "saving the voice note") {
		t.Fatalf("no stop after the levels ended: %q", bar(v))
	}
	out, _ := v.Update(stop().(Msg))
	if v.Active() || out.Saved != nil || !out.IsErr || !strings.Contains(out.Notice, "nothing was recorded") {
		t.Errorf("empty recording: %+v", out)
	}
}
