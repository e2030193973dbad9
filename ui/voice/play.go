package voice

import (
	"context"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/media/audio"
	"parley/session"
	"parley/ui/common"
)

// playTick is how often the progress of a playing note is redrawn.
const playTick = 250 * time.Millisecond

// Player plays one voice note at a time. R names a note the way the root
// finds it again (a tray chip, an audio part of a transcript entry); the
// Player only compares names. Use NewPlayer.
type Player[R comparable] struct {
	opts     AudioOptions
	store    *session.Store
	player   *audio.Player // made on first use
	gen      int
	ref      R // what plays, when playing
	playing  bool
	view     common.PlayView
	starting bool // Play runs in a Cmd
	cancel   context.CancelFunc
}

// NewPlayer plays notes from store with opts' output device.
func NewPlayer[R comparable](opts AudioOptions, store *session.Store) *Player[R] {
	return &Player[R]{opts: opts, store: store}
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

func (playStartedMsg) voiceMsg() {}
func (playTickMsg) voiceMsg()    {}
func (playDoneMsg) voiceMsg()    {}

// PlayOutcome is what a playback change means for the rest of the UI.
type PlayOutcome[R comparable] struct {
	// Notice, when SetNotice, replaces the tray's notice line.
	Notice    string
	IsErr     bool
	SetNotice bool
	// Redraw lists the notes whose progress changed: show ViewOf each.
	Redraw []R
}

// Playing is the note that plays (or is starting), ok false for none.
func (p *Player[R]) Playing() (ref R, ok bool) { return p.ref, p.playing }

// Starting reports whether a note is still being opened.
func (p *Player[R]) Starting() bool { return p.starting }

// Paused reports whether the playing note is paused.
func (p *Player[R]) Paused() bool { return p.playing && p.view.Paused }

// ViewOf is what note ref shows of its playback (nothing unless it plays).
func (p *Player[R]) ViewOf(ref R) common.PlayView {
	if p.playing && p.ref == ref {
		return p.view
	}
	return common.PlayView{}
}

// Toggle plays ref's note au, or pauses or resumes it when it is the one
// playing. Another note that plays is stopped first. Only WAV plays.
func (p *Player[R]) Toggle(ctx context.Context, ref R, au session.Audio) (PlayOutcome[R], tea.Cmd) {
	if p.starting {
		return PlayOutcome[R]{}, nil
	}
	if p.playing && p.ref == ref {
		if p.view.Paused {
			p.player.Resume()
		} else {
			p.player.Pause()
		}
		p.view.Paused = !p.view.Paused
		return PlayOutcome[R]{Redraw: []R{ref}}, nil
	}
	switch {
	case au.MIME != audio.MIMEWAV:
		return PlayOutcome[R]{Notice: "only WAV voice notes can be played here; " + au.Name + " is " + common.FormatName(au.MIME),
			IsErr: true, SetNotice: true}, nil
	case p.store == nil:
		return PlayOutcome[R]{Notice: "cannot play: parley has no data directory holding the note", IsErr: true, SetNotice: true}, nil
	}
	out := p.Stop()
	if p.player == nil {
		p.player = audio.NewPlayer(audio.Options{Backends: p.opts.Backends, DeviceName: p.opts.OutputDevice})
	}
	ctx, cancel := context.WithCancel(ctx)
	p.gen++
	p.ref, p.playing, p.cancel, p.starting = ref, true, cancel, true
	p.view = common.PlayView{On: true, Dur: au.Duration}
	out.Redraw = append(out.Redraw, ref)
	player, store, gen, sha := p.player, p.store, p.gen, au.Blob
	return out, func() tea.Msg {
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

// UpdatePlay takes playback's messages; those of a note no longer
// playing change nothing. It reports false for the recording's messages.
func (p *Player[R]) UpdatePlay(msg Msg) (PlayOutcome[R], tea.Cmd, bool) {
	switch msg := msg.(type) {
	case playStartedMsg:
		out, cmd := p.started(msg)
		return out, cmd, true
	case playTickMsg:
		out, cmd := p.tick(msg)
		return out, cmd, true
	case playDoneMsg:
		if msg.gen == p.gen {
			return p.Stop(), nil, true
		}
		return PlayOutcome[R]{}, nil, true
	}
	return PlayOutcome[R]{}, nil, false
}

// started starts the progress ticks and the wait for the end.
func (p *Player[R]) started(msg playStartedMsg) (PlayOutcome[R], tea.Cmd) {
	if msg.gen != p.gen || !p.starting {
		return PlayOutcome[R]{}, nil
	}
	p.starting = false
	if msg.err != nil {
		out := p.Stop()
		out.Notice, out.IsErr, out.SetNotice = common.FirstLine(msg.err.Error()), true, true
		return out, nil
	}
	p.view.Dur = msg.dur
	done, gen := msg.done, msg.gen
	return PlayOutcome[R]{Redraw: []R{p.ref}}, tea.Batch(playTickCmd(gen), func() tea.Msg {
		<-done
		return playDoneMsg{gen: gen}
	})
}

func playTickCmd(gen int) tea.Cmd {
	return tea.Tick(playTick, func(time.Time) tea.Msg { return playTickMsg{gen: gen} })
}

// tick redraws the progress while the note plays.
func (p *Player[R]) tick(msg playTickMsg) (PlayOutcome[R], tea.Cmd) {
	if msg.gen != p.gen || !p.playing || p.starting {
		return PlayOutcome[R]{}, nil
	}
	var out PlayOutcome[R]
	if pos := p.player.Position(); pos != p.view.Pos {
		p.view.Pos = pos
		out.Redraw = []R{p.ref}
	}
	return out, playTickCmd(msg.gen)
}

// Stop stops what plays: cancelling the context ends the playback on the
// player's own goroutine, so the UI never waits for the device.
func (p *Player[R]) Stop() PlayOutcome[R] {
	if p.cancel != nil {
		p.cancel()
	}
	if !p.playing {
		return PlayOutcome[R]{}
	}
	ref := p.ref
	var zero R
	p.view = common.PlayView{}
	p.ref, p.playing, p.cancel, p.starting = zero, false, nil, false
	p.gen++
	return PlayOutcome[R]{Redraw: []R{ref}}
}
