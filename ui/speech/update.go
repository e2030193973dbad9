package speech

import (
	"context"
	"errors"
	"fmt"

	tea "charm.land/bubbletea/v2"

	"parley/media/audio"
	"parley/media/sanitize"
	"parley/session"
	"parley/session/speak"
	"parley/ui/common"
)

// open is a reading's Cmd: the backend, the speaker, then the reading.
func (s *Speaker[R]) open(ctx context.Context, gen int) tea.Cmd {
	be := s.be
	return func() tea.Msg {
		synth, err := be.synth()
		if err != nil {
			return openedMsg{gen: gen, err: err}
		}
		sink, err := be.sink(audio.SpeechRate)
		if err != nil {
			return openedMsg{gen: gen, err: err}
		}
		return openedMsg{gen: gen, r: speak.Start(ctx, synth, sink, speak.Options{}), sink: sink}
	}
}

// watch waits for the reading's next progress, or its end; at the end
// it closes the speaker.
func watch(gen int, r *speak.Reader, sink Sink) tea.Cmd {
	return func() tea.Msg {
		select {
		case p, ok := <-r.Updates():
			if ok {
				return progressMsg{gen: gen, p: p}
			}
			<-r.Done()
		case <-r.Done():
		}
		res := r.Result()
		sink.Close()
		return doneMsg{gen: gen, res: res}
	}
}

// play is a replay's Cmd: the kept audio into the speaker, until it has
// played or the replay is stopped.
func play(ctx context.Context, gen int, sink Sink, pcm []int16) tea.Cmd {
	return func() tea.Msg {
		err := sink.Write(ctx, pcm)
		if err == nil {
			err = sink.Drain(ctx)
		}
		sink.Close()
		if ctx.Err() != nil {
			return doneMsg{gen: gen, res: speak.Result{Stopped: true}}
		}
		return doneMsg{gen: gen, res: speak.Result{Err: err}}
	}
}

// keep stores a reading's audio with message id.
func keep(k Keeper, id int64, res speak.Result) tea.Cmd {
	return func() tea.Msg {
		sp, ok, err := speak.Store(k, res)
		if err != nil || !ok {
			return keptMsg{id: id, err: err}
		}
		kept := session.Spoken{Blob: sp.SHA, MIME: sp.MIME, Duration: sp.Duration, Waveform: sp.Waveform}
		if err := k.SetSpoken(id, kept); err != nil {
			return keptMsg{id: id, err: err}
		}
		return keptMsg{id: id, sp: kept}
	}
}

// Update takes the Speaker's messages. Messages of a reading that was
// stopped or replaced only release what they opened.
func (s *Speaker[R]) Update(msg Msg) (Result, tea.Cmd) {
	if res, cmd, ok := s.updateVoice(msg); ok {
		return res, cmd
	}
	switch msg := msg.(type) {
	case openedMsg:
		return s.opened(msg)
	case progressMsg:
		c := s.cur
		if c == nil || c.gen != msg.gen {
			return Result{}, nil // the stopped reading's watch ends by itself
		}
		c.prog = msg.p
		if v := s.mode; v != nil && v.phase == Thinking && msg.p.Known > 0 {
			v.phase = Speaking
		}
		return Result{Changed: true}, watch(c.gen, c.r, c.sink)
	case doneMsg:
		return s.done(msg)
	case keptMsg:
		if msg.err != nil {
			return notice("the speech was read but not kept: "+msg.err.Error(), true), nil
		}
		if msg.sp.Blob == "" {
			return Result{}, nil // nothing to keep: nothing was spoken, or too long
		}
		return Result{KeptID: msg.id, Kept: &msg.sp}, nil
	}
	return Result{}, nil
}

// opened attaches the open reading, or says why it could not start.
func (s *Speaker[R]) opened(msg openedMsg) (Result, tea.Cmd) {
	c := s.cur
	if c == nil || c.gen != msg.gen {
		return Result{}, release(msg)
	}
	if msg.err != nil {
		s.cur = nil
		c.cancel()
		s.replied()
		line := "speech: " + msg.err.Error()
		var noSpeaker *audio.ErrNoSpeaker
		if errors.As(msg.err, &noSpeaker) {
			line = "cannot read aloud: " + msg.err.Error() + " (set audio.output_device, or check the sound server); the text is unaffected"
		}
		if c.auto && s.auto {
			s.auto = false
			line += " · auto-speak is off (/speak on)"
		}
		return notice(line, true), nil
	}
	c.sink = msg.sink
	if c.replay {
		return Result{Changed: true}, play(c.ctx, c.gen, c.sink, msg.pcm)
	}
	c.r = msg.r
	if c.pending.Len() > 0 {
		c.r.Write(c.pending.String())
		c.pending.Reset()
	}
	if c.ended {
		c.r.Close()
	}
	return Result{Changed: true}, watch(c.gen, c.r, c.sink)
}

// release closes what a stopped reading's open Cmd opened.
func release(msg openedMsg) tea.Cmd {
	if msg.r != nil {
		msg.r.Stop()
	}
	if sink := msg.sink; sink != nil {
		return func() tea.Msg { sink.Close(); return closedMsg{} }
	}
	return nil
}

// done ends the reading: a failure is one notice (the text went on), and
// the audio of a reply read to its end is kept.
func (s *Speaker[R]) done(msg doneMsg) (Result, tea.Cmd) {
	c := s.cur
	if c == nil || c.gen != msg.gen {
		return Result{}, nil
	}
	s.cur = nil
	c.cancel()
	s.replied()
	res := msg.res
	if res.Err != nil {
		return notice("speech stopped: "+common.FirstLine(sanitize.String(res.Err.Error()))+" (the text is unaffected)", true), nil
	}
	if c.replay || res.Stopped || c.id == 0 || s.be.Keep == nil {
		return Result{Changed: true}, nil
	}
	if res.Truncated {
		return notice(fmt.Sprintf("the speech was longer than %s: it played but is not kept", speak.DefaultMaxKeep), false), nil
	}
	return Result{Changed: true}, keep(s.be.Keep, c.id, res)
}

// replied is a reading's end in voice mode: listen for the next turn.
func (s *Speaker[R]) replied() {
	if v := s.mode; v != nil && (v.phase == Thinking || v.phase == Speaking) {
		v.phase = Listening
	}
}

func notice(line string, isErr bool) Result {
	return Result{Notice: line, IsErr: isErr, SetNotice: true, Changed: true}
}
