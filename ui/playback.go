package ui

import (
	"context"
	"time"

	"parley/ui/common"
	"parley/ui/tray"

	tea "charm.land/bubbletea/v2"

	"parley/media/audio"
	"parley/session"
)

// playTick is how often the progress of a playing note is redrawn.
const playTick = 250 * time.Millisecond

// voiceRef names a voice note: a tray chip (chip > 0) or the i-th audio
// part of a transcript entry.
type voiceRef struct {
	chip int
	e    *entry
	i    int
	ok   bool
}

// playState is the one note that plays (only one at a time) and the
// selected note of the transcript.
type playState struct {
	player   *audio.Player // made on first use
	gen      int
	ref      voiceRef // what plays; ref.ok false: nothing
	view     tray.PlayView
	starting bool // Play runs in a Cmd
	cancel   context.CancelFunc
	sel      voiceRef // the transcript's selected voice note
}

// Messages of playback's Cmds.
type (
	playStartedMsg struct {
		gen  int
		err  error
		dur  time.Duration
		done <-chan struct{}
	}
	playTickMsg struct{ gen int }
	playDoneMsg struct{ gen int }
)

// togglePlay plays ref's note, or pauses or resumes it when it is the one
// playing. Another note that plays is stopped first.
func (m *Model) togglePlay(ref voiceRef, au session.Audio) tea.Cmd {
	p := &m.voice.play
	if p.starting {
		return nil
	}
	if p.ref.ok && sameRef(p.ref, ref) {
		if p.view.Paused {
			p.player.Resume()
		} else {
			p.player.Pause()
		}
		p.view.Paused = !p.view.Paused
		m.showPlay()
		return nil
	}
	switch {
	case au.MIME != audio.MIMEWAV:
		m.tray.SetNotice("only WAV voice notes can be played here; "+au.Name+" is "+formatName(au.MIME), true)
		m.layout()
		return nil
	case m.opts.Store == nil:
		m.tray.SetNotice("cannot play: parley has no data directory holding the note", true)
		m.layout()
		return nil
	}
	m.stopPlay()
	if p.player == nil {
		o := m.opts.Audio
		p.player = audio.NewPlayer(audio.Options{Backends: o.Backends, DeviceName: o.OutputDevice})
	}
	ctx, cancel := context.WithCancel(m.ctx)
	p.gen++
	p.ref, p.cancel, p.starting = ref, cancel, true
	p.view = tray.PlayView{On: true, Dur: au.Duration}
	m.showPlay()
	player, store, gen, sha := p.player, m.opts.Store, p.gen, au.Blob
	return func() tea.Msg {
		data, err := store.Blob(sha)
		if err == nil {
			err = player.Play(ctx, data)
		}
		if err != nil {
			return playStartedMsg{gen: gen, err: err}
		}
		return playStartedMsg{gen: gen, dur: player.Duration(), done: player.Done()}
	}
}

// sameRef reports whether a and b name the same note.
func sameRef(a, b voiceRef) bool { return a.chip == b.chip && a.e == b.e && a.i == b.i }

// handlePlayStarted starts the progress ticks and the wait for the end.
func (m *Model) handlePlayStarted(msg playStartedMsg) tea.Cmd {
	p := &m.voice.play
	if msg.gen != p.gen || !p.starting {
		return nil
	}
	p.starting = false
	if msg.err != nil {
		m.stopPlay()
		m.tray.SetNotice(common.FirstLine(msg.err.Error()), true)
		m.layout()
		return nil
	}
	p.view.Dur = msg.dur
	m.showPlay()
	done, gen := msg.done, msg.gen
	return tea.Batch(playTickCmd(gen), func() tea.Msg {
		<-done
		return playDoneMsg{gen: gen}
	})
}

func playTickCmd(gen int) tea.Cmd {
	return tea.Tick(playTick, func(time.Time) tea.Msg { return playTickMsg{gen: gen} })
}

// handlePlayTick redraws the progress while the note plays.
func (m *Model) handlePlayTick(msg playTickMsg) tea.Cmd {
	p := &m.voice.play
	if msg.gen != p.gen || !p.ref.ok || p.starting {
		return nil
	}
	if pos := p.player.Position(); pos != p.view.Pos {
		p.view.Pos = pos
		m.showPlay()
	}
	return playTickCmd(msg.gen)
}

// handlePlayDone puts the note back to idle once it played out.
func (m *Model) handlePlayDone(msg playDoneMsg) {
	if msg.gen == m.voice.play.gen {
		m.stopPlay()
	}
}

// stopPlay stops what plays: cancelling the context ends the playback
// on the player's own goroutine, so the UI never waits for the device.
func (m *Model) stopPlay() {
	p := &m.voice.play
	if p.cancel != nil {
		p.cancel()
	}
	if !p.ref.ok {
		return
	}
	p.view = tray.PlayView{}
	m.showPlay()
	p.ref, p.cancel, p.starting = voiceRef{}, nil, false
	p.gen++
}

// showPlay puts the playback state on the note's chip or transcript entry.
func (m *Model) showPlay() {
	p := &m.voice.play
	switch r := p.ref; {
	case !r.ok:
	case r.chip > 0:
		if m.tray.ShowPlay(r.chip, p.view) {
			m.refreshChips()
			m.layout() // the label's length may move chips to another line
		}
	default:
		r.e.invalidate()
	}
}

// stopVoice ends recording and playback on quit, without waiting.
func (m *Model) stopVoice() {
	m.rec.Close()
	m.stopPlay()
}
