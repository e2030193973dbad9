package ui

import (
	"context"
	"errors"
	"fmt"
	"math"
	"strings"
	"time"

	"parley/ui/common"
	"parley/ui/tray"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
	"github.com/gen2brain/malgo"

	"parley/media/audio"
	"parley/session"
	"parley/themes"
)

// Recorder is what Ctrl+R records voice notes with; *audio.Recorder is one.
// Tests inject one on miniaudio's null backend, or one whose Start fails.
type Recorder interface {
	// Start opens the input device and begins recording; it fails with an
	// *audio.ErrNoMicrophone when there is nothing to record from.
	Start(ctx context.Context) error
	// Levels delivers the loudness every ~50 ms and is closed when the
	// recording ends, by Stop, Discard or by itself.
	Levels() <-chan audio.Level
	// Stop ends the recording and returns it; it may block up to ~2 s.
	Stop() (audio.Recording, error)
	// Discard ends the recording and drops it.
	Discard()
}

// AudioOptions configure voice notes; main wires them from [audio] in
// the config.
type AudioOptions struct {
	// Backends are the miniaudio backends tried in order; nil is the
	// platform's default list. Tests use audio.BackendNull.
	Backends []malgo.Backend
	// InputDevice and OutputDevice select devices by (part of) their name
	// or ID (audio.input_device, audio.output_device); "" is the default.
	InputDevice  string
	OutputDevice string
	// MaxDuration stops a recording by itself (audio.max_record); 0 is
	// audio.DefaultMaxDuration (10 minutes).
	MaxDuration time.Duration
	// NewRecorder makes the recorder of one voice note; nil means
	// audio.NewRecorder with the fields above.
	NewRecorder func() Recorder
}

// meterCells is how many recent levels the recording bar shows.
const meterCells = 24

// recPhase is where a recording is.
type recPhase uint8

const (
	recIdle     recPhase = iota
	recStarting          // Start runs in a Cmd
	recRunning           // levels flow
	recStopping          // Stop and storing run in a Cmd
)

// recState is the voice note being recorded. gen tells the messages of an
// abandoned recording (discarded, or replaced) from the current one's.
type recState struct {
	phase   recPhase
	gen     int
	rec     Recorder
	cancel  context.CancelFunc
	levels  <-chan audio.Level
	elapsed time.Duration // audio captured, from the levels' timestamps
	meter   []float64     // the last meterCells levels (0..1), oldest first
}

// Messages of the recording's Cmds.
type (
	recStartedMsg struct {
		gen    int
		err    error
		levels <-chan audio.Level
	}
	// recLevelMsg is one level; ok is false once Levels is closed.
	recLevelMsg struct {
		gen   int
		level audio.Level
		ok    bool
	}
	// recSavedMsg is the stopped recording, stored as an attachment.
	recSavedMsg struct {
		gen    int
		audio  session.Audio
		reason audio.StopReason
		err    error
	}
)

// newRecorder makes the recorder for one voice note.
func (m *Model) newRecorder() Recorder {
	o := m.opts.Audio
	if o.NewRecorder != nil {
		return o.NewRecorder()
	}
	return audio.NewRecorder(audio.Options{Backends: o.Backends, DeviceName: o.InputDevice, MaxDuration: o.MaxDuration})
}

// maxRecord is the longest a voice note may be.
func (m *Model) maxRecord() time.Duration {
	if d := m.opts.Audio.MaxDuration; d > 0 {
		return d
	}
	return audio.DefaultMaxDuration
}

// recording reports whether the recording bar is up.
func (m *Model) recording() bool { return m.voice.rec.phase != recIdle }

// startRecording opens the microphone in a Cmd (PulseAudio may take a
// moment to answer); the bar shows at once.
func (m *Model) startRecording() tea.Cmd {
	if m.opts.Store == nil {
		m.tray.SetNotice("cannot record: parley has no data directory to keep the voice note in", true)
		m.layout()
		return nil
	}
	r := &m.voice.rec
	ctx, cancel := context.WithCancel(m.ctx)
	r.gen++
	*r = recState{phase: recStarting, gen: r.gen, rec: m.newRecorder(), cancel: cancel}
	m.layout()
	rec, gen := r.rec, r.gen
	return func() tea.Msg {
		if err := rec.Start(ctx); err != nil {
			return recStartedMsg{gen: gen, err: err}
		}
		return recStartedMsg{gen: gen, levels: rec.Levels()}
	}
}

// pumpLevels waits for the next level. It blocks on the channel, so there
// is no polling; each level message issues the next wait.
func pumpLevels(gen int, ch <-chan audio.Level) tea.Cmd {
	return func() tea.Msg {
		l, ok := <-ch
		return recLevelMsg{gen: gen, level: l, ok: ok}
	}
}

// handleRecStarted shows a failed start as one line and keeps everything
// else; a start that comes after Esc is dropped at once.
func (m *Model) handleRecStarted(msg recStartedMsg) tea.Cmd {
	r := &m.voice.rec
	if msg.gen != r.gen || r.phase != recStarting {
		return nil
	}
	if msg.err != nil {
		r.cancel()
		*r = recState{gen: r.gen}
		m.tray.SetNotice(recordError(msg.err), true)
		m.layout()
		return nil
	}
	r.phase, r.levels = recRunning, msg.levels
	return pumpLevels(msg.gen, msg.levels)
}

// recordError is the one line a failed start shows.
func recordError(err error) string {
	var nm *audio.ErrNoMicrophone
	if errors.As(err, &nm) {
		return nm.Error()
	}
	return "cannot record: " + common.FirstLine(err.Error())
}

// handleRecLevel moves the meter; a closed channel means the recording
// ended by itself (maximum length, device lost): it is collected as if
// the user had stopped it.
func (m *Model) handleRecLevel(msg recLevelMsg) tea.Cmd {
	r := &m.voice.rec
	if msg.gen != r.gen {
		return nil
	}
	if !msg.ok {
		if r.phase == recRunning {
			return m.stopRecording()
		}
		return nil
	}
	r.elapsed = max(r.elapsed, msg.level.At)
	r.meter = append(r.meter, meterLevel(msg.level.RMS))
	if len(r.meter) > meterCells {
		r.meter = r.meter[len(r.meter)-meterCells:]
	}
	return pumpLevels(msg.gen, r.levels)
}

// meterLevel maps an RMS (0..1) to the meter's 0..1 on a 60 dB scale:
// speech sits in the upper half, silence at the bottom.
func meterLevel(rms float64) float64 {
	if rms <= 0 {
		return 0
	}
	db := 20 * math.Log10(rms)
	return min(max((db+60)/60, 0), 1)
}

// stopRecording stops and stores the note in a Cmd: Stop waits for the
// device to close (up to ~2 s), and the store writes the blob.
func (m *Model) stopRecording() tea.Cmd {
	r := &m.voice.rec
	if r.phase != recRunning {
		return nil
	}
	r.phase = recStopping
	rec, gen, store := r.rec, r.gen, m.opts.Store
	return func() tea.Msg {
		out, err := rec.Stop()
		if err != nil {
			return recSavedMsg{gen: gen, err: fmt.Errorf("recording failed: %w", err)}
		}
		if len(out.PCM) == 0 {
			return recSavedMsg{gen: gen, reason: out.Reason, err: errors.New("nothing was recorded (" + out.Reason.String() + ")")}
		}
		name := "voice-" + time.Now().Format("20060102-150405") + ".wav"
		a, err := store.AddAudio(out.WAV(), name)
		return recSavedMsg{gen: gen, audio: a, reason: out.Reason, err: err}
	}
}

// discardRecording drops the recording (Esc). Discard does not wait for
// the device; it still runs in a Cmd as it takes the recorder's locks.
func (m *Model) discardRecording() tea.Cmd {
	r := &m.voice.rec
	if r.phase == recIdle || r.phase == recStopping {
		return nil
	}
	rec, cancel := r.rec, r.cancel
	*r = recState{gen: r.gen + 1}
	m.tray.SetNotice("voice note discarded", false)
	m.layout()
	return func() tea.Msg {
		rec.Discard()
		cancel()
		return nil
	}
}

// handleRecSaved puts the note in the tray as a voice chip and says how
// it ended when it stopped by itself; then transcribes it if the model
// needs a transcript.
func (m *Model) handleRecSaved(msg recSavedMsg) tea.Cmd {
	r := &m.voice.rec
	if msg.gen != r.gen {
		return nil
	}
	r.cancel()
	*r = recState{gen: r.gen}
	defer m.layout()
	if msg.err != nil {
		m.tray.SetNotice(common.FirstLine(msg.err.Error()), true)
		return nil
	}
	m.tray.Add(tray.NewAudio(msg.audio, true))
	a := m.tray.Chips()[m.tray.Len()-1]
	switch msg.reason {
	case audio.StopMaxDuration:
		m.tray.SetNotice("maximum recording length ("+common.Clock(m.maxRecord())+") reached: the note is in the tray", true)
	case audio.StopDeviceLost:
		m.tray.SetNotice("input device lost: kept the "+common.Clock(msg.audio.Duration)+" recorded", true)
	default:
		m.tray.SetNotice("", false)
	}
	cmd := m.transcribeIfNeeded(a)
	m.refreshChips()
	return cmd
}

// stopRecorder ends a recording on quit. It only cancels the Start
// context: the recorder ends the capture on its own goroutine, while
// Discard could wait for a Start that is still opening the device.
func (m *Model) stopRecorder() {
	r := &m.voice.rec
	if r.phase == recIdle {
		return
	}
	if r.cancel != nil {
		r.cancel()
	}
	*r = recState{gen: r.gen + 1}
}

// trayLines is what sits above the composer: the chips and either the
// recording bar or the tray's notice line.
func (m *Model) trayLines() []string {
	if !m.recording() {
		return m.tray.View(m.width, m.styles)
	}
	return append(m.tray.ChipView(m.width, m.styles), m.recBar(m.width, m.styles))
}

// recBar is the recording bar: "● REC 0:07 ▁▂▅▇▅… max 10:00 · enter stop ·
// esc discard".
func (m *Model) recBar(width int, st *themes.Styles) string {
	r := &m.voice.rec
	var b strings.Builder
	switch r.phase {
	case recStarting:
		b.WriteString(st.ErrorMark.Render("●") + " starting the microphone…")
		b.WriteString(st.Muted.Render(" · esc cancel"))
	case recStopping:
		b.WriteString(st.Muted.Render("■ saving the voice note (" + common.Clock(r.elapsed) + ")…"))
	default:
		b.WriteString(st.ErrorMark.Render("● REC") + " " + common.Clock(r.elapsed) + " ")
		b.WriteString(st.Accent.Render(levelMeter(r.meter, meterCells)))
		b.WriteString(st.Muted.Render(" max " + common.Clock(m.maxRecord()) + " · enter/ctrl+r stop · esc discard"))
	}
	return ansi.Truncate(b.String(), max(width, 1), "…")
}

// levelMeter draws levels as a bar chart of cells; the left is padded
// with the lowest block until enough levels arrived.
func levelMeter(levels []float64, cells int) string {
	var b strings.Builder
	for range cells - len(levels) {
		b.WriteString(common.BlockFor(0))
	}
	for _, l := range levels[max(len(levels)-cells, 0):] {
		b.WriteString(common.BlockFor(l))
	}
	return b.String()
}
