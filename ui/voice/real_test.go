//go:build cgo

package voice

import (
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/media/audio"
	"parley/media/audio/audiotest"
	"parley/media/audio/pulsetest"
	"parley/session"
	"parley/ui/internal/cmdtest"
)

// driver runs a coordinator's Cmds on their own goroutines, as Bubble Tea
// does (cmdtest.Loop), and hands their messages to Update on the test's
// goroutine.
type driver struct {
	t    *testing.T
	n    *Notes[string]
	loop *cmdtest.Loop
	last Result[string]
}

func newDriver(t *testing.T, n *Notes[string]) *driver {
	d := &driver{t: t, n: n}
	d.loop = cmdtest.New(func(msg tea.Msg) {
		if msg, ok := msg.(Msg); ok {
			res, cmd := d.n.Update(msg)
			if res.SetNotice || res.Saved != nil {
				d.last = res
			}
			d.run(cmd)
		}
	})
	return d
}

func (d *driver) run(cmd tea.Cmd) { d.loop.Run(cmd) }

// until delivers messages until cond holds (bounded: the first data of
// an idle PulseAudio server may take 2 s).
func (d *driver) until(what string, cond func() bool) {
	d.t.Helper()
	d.loop.Until(d.t, 20*time.Second, what, cond, func() string { return "" })
}

// A note recorded through Notes from a private PulseAudio server's
// virtual microphone holds the tone played into it, and playing the note
// back (space on its chip) sounds it on the virtual speaker.
func TestRealRecordAndPlayNote(t *testing.T) {
	if testing.Short() {
		t.Skip("real audio test skipped in -short mode")
	}
	pa := pulsetest.Start(t, pulsetest.Options{Speaker: true}) // skips naming the packages without PulseAudio
	st := openStore(t)
	n := NewNotes[string](DefaultKeyMap(), AudioOptions{InputDevice: pulsetest.MicSource}, st)
	d := newDriver(t, n)

	_, cmd, _ := n.HandleKey(t.Context(), ctrlR(), Focus[string]{})
	d.run(cmd)
	d.until("the microphone", func() bool { return n.Running() || d.last.SetNotice })
	if !n.Running() {
		t.Fatalf("recording did not start: %s", d.last.Notice)
	}
	pa.WaitRecording(t, 1)
	path, src := audiotest.ToneFile(t, 440, time.Second)
	if err := pa.Play(path); err != nil {
		t.Fatal(err)
	}
	after := n.Elapsed()
	d.until("the tone's tail", func() bool { return n.Elapsed() >= after+1500*time.Millisecond })
	_, cmd, _ = n.HandleKey(t.Context(), enter(), Focus[string]{})
	d.run(cmd)
	d.until("the saved note", func() bool { return d.last.Saved != nil })
	note := *d.last.Saved
	data, err := st.Blob(note.Blob)
	if err != nil {
		t.Fatal(err)
	}
	got, _, _, err := audio.DecodeWAV(data)
	if err != nil {
		t.Fatal(err)
	}
	corr, lag := audio.BestCorrelation(got, src)
	t.Logf("recorded %v; correlation %.3f at lag %d", note.Duration, corr, lag)
	if corr < 0.9 {
		t.Fatalf("the note does not hold the tone (correlation %.3f)", corr)
	}

	speaker := pa.Record(t, pulsetest.RecordOptions{Rate: audio.SampleRate, Channels: 1, Latency: 20 * time.Millisecond})
	playNote(t, d, note)
	speaker.WaitFor(t, speaker.Len()+time.Second)
	heard, _, _, err := audio.DecodeWAV(speaker.Stop(t))
	if err != nil {
		t.Fatal(err)
	}
	if corr, _ := audio.BestCorrelation(heard, src); corr < 0.9 {
		t.Errorf("the speaker did not sound the note (correlation %.3f)", corr)
	}
}

// playNote plays note as the selected chip and waits until it ends.
func playNote(t *testing.T, d *driver, note session.Audio) {
	t.Helper()
	res, cmd, _ := d.n.HandleKey(t.Context(), space(), Focus[string]{Chip: "c1", ChipAudio: note})
	if res.SetNotice {
		t.Fatalf("space: %s", res.Notice)
	}
	d.run(cmd)
	d.until("playback", func() bool { return !d.n.Starting() })
	if _, on := d.n.Playing(); !on {
		t.Fatalf("playback did not start: %s", d.last.Notice)
	}
	d.until("the end of the note", func() bool { _, on := d.n.Playing(); return !on })
}
