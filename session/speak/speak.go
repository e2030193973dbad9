// Package speak reads a reply aloud while it streams: the markdown deltas
// are cut into speakable sentences (media/prose), each sentence is
// synthesized in order by a speech backend (providers/speech), and the
// audio is played through one continuous sink (media/audio.Stream, or a
// file). The next sentence is requested while the current one plays, so
// the sink does not run dry between sentences, and at most two sentences'
// responses are open at a time, so memory stays bounded however long the
// reply.
//
// A failed speech request ends the speech, not the reply: Result.Err is
// the one line to show, and the text goes on. The audio is collected (up
// to Options.MaxKeep) into a WAV to store with the message.
package speak

import (
	"context"
	"errors"
	"io"
	"sync"
	"time"

	"parley/media/audio"
	"parley/media/prose"
	"parley/providers/speech"
)

// DefaultMaxKeep bounds the audio kept for storage: ten minutes is about
// 29 MB at 24 kHz. Longer speech plays but is not stored.
const DefaultMaxKeep = 10 * time.Minute

// Sink is where speech plays. *audio.Stream is one; FileSink writes a file.
type Sink interface {
	// Write queues samples at Rate, blocking while the sink is full.
	Write(ctx context.Context, pcm []int16) error
	// Drain waits until everything written has been played.
	Drain(ctx context.Context) error
	// Clear drops what is queued and not yet played.
	Clear()
	// Rate is the sink's sample rate in Hz.
	Rate() int
}

// Options tune a Reader.
type Options struct {
	// MaxKeep bounds the audio collected for Result.WAV (0 = DefaultMaxKeep;
	// negative: keep none).
	MaxKeep time.Duration
}

// Progress is where the reading is, for a status bar.
type Progress struct {
	Spoken   int    // sentences played to the sink so far
	Known    int    // sentences found in the text so far
	Current  string // the sentence playing now ("" between sentences)
	TextDone bool   // the reply's text is complete
}

// Result is how a reading ended.
type Result struct {
	// Sentences are the sentences sent to the backend, in order.
	Sentences []string
	// Err is why speech stopped early (a *providers.Error line, or the
	// sink's error such as audio.ErrOutputLost); nil when everything was
	// spoken or the reading was stopped.
	Err error
	// Stopped is true when Stop or the context ended the reading.
	Stopped bool
	// PCM is the audio played, mono at Rate; nil when longer than MaxKeep
	// (Truncated) or nothing was spoken.
	PCM       []int16
	Rate      int
	Truncated bool
}

// WAV encodes the kept audio as a WAV file for the blob store; nil when
// none was kept.
func (r Result) WAV() []byte {
	if len(r.PCM) == 0 {
		return nil
	}
	return audio.EncodeWAV(r.PCM, r.Rate, 1)
}

// Duration is the length of the kept audio.
func (r Result) Duration() time.Duration {
	if r.Rate == 0 {
		return 0
	}
	return time.Duration(int64(len(r.PCM)) * int64(time.Second) / int64(r.Rate))
}

// Reader reads one reply aloud. Write and Close feed it text from any
// goroutine without blocking; the reading runs on goroutines of its own.
type Reader struct {
	synth speech.Synthesizer
	sink  Sink
	ctx   context.Context
	stop  context.CancelFunc

	mu       sync.Mutex
	split    prose.Splitter
	queue    []string // sentences not yet requested
	closed   bool     // no more text
	progress Progress
	res      Result
	maxKeep  int // samples; <0 keep none

	more    chan struct{} // text arrived or closed (1-buffered)
	updates chan Progress // coalesced progress (1-buffered)
	done    chan struct{}
}

// Start begins a reading of text still to come through synth into sink.
// Canceling ctx stops it, as Stop does.
func Start(ctx context.Context, synth speech.Synthesizer, sink Sink, opts Options) *Reader {
	ctx, cancel := context.WithCancel(ctx)
	keep := opts.MaxKeep
	if keep == 0 {
		keep = DefaultMaxKeep
	}
	r := &Reader{
		synth: synth, sink: sink, ctx: ctx, stop: cancel,
		maxKeep: int(int64(keep) * int64(sink.Rate()) / int64(time.Second)),
		more:    make(chan struct{}, 1),
		updates: make(chan Progress, 1),
		done:    make(chan struct{}),
	}
	r.res.Rate = sink.Rate()
	audios := make(chan *speech.Audio) // unbuffered: one requested ahead of the one playing
	fail := make(chan error, 1)
	go r.request(audios, fail)
	go r.play(audios, fail)
	return r
}

// Write adds a delta of the reply's markdown.
func (r *Reader) Write(delta string) {
	r.mu.Lock()
	if !r.closed {
		r.enqueue(r.split.Write(delta))
	}
	r.mu.Unlock()
}

// Close says the reply's text is complete; the reading ends after the
// last sentence has played.
func (r *Reader) Close() {
	r.mu.Lock()
	if !r.closed {
		r.enqueue(r.split.Flush())
		r.closed = true
		r.progress.TextDone = true
		r.notify()
	}
	r.mu.Unlock()
}

// enqueue adds sentences to the queue and wakes the requester. Called with mu.
func (r *Reader) enqueue(sentences []string) {
	if len(sentences) == 0 {
		return
	}
	r.queue = append(r.queue, sentences...)
	r.progress.Known += len(sentences)
	r.notify()
	select {
	case r.more <- struct{}{}:
	default:
	}
}

// Stop ends the reading now: what is queued in the sink is dropped.
func (r *Reader) Stop() { r.stop() }

// Done is closed when the reading has ended.
func (r *Reader) Done() <-chan struct{} { return r.done }

// Updates delivers the latest Progress whenever it changes (coalesced:
// a slow receiver sees the newest).
func (r *Reader) Updates() <-chan Progress { return r.updates }

// Progress is where the reading is now.
func (r *Reader) Progress() Progress {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.progress
}

// Result waits for the reading to end and returns how it ended.
func (r *Reader) Result() Result {
	<-r.done
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.res
}

// notify offers the newest progress without blocking. Called with mu.
func (r *Reader) notify() {
	select {
	case <-r.updates:
	default:
	}
	select {
	case r.updates <- r.progress:
	default:
	}
}

// next waits for the next sentence; ok is false when the text is done and
// every sentence has been taken, or the reading was stopped.
func (r *Reader) next() (string, bool) {
	for {
		r.mu.Lock()
		if len(r.queue) > 0 {
			s := r.queue[0]
			r.queue = r.queue[1:]
			r.res.Sentences = append(r.res.Sentences, s)
			r.mu.Unlock()
			return s, true
		}
		closed := r.closed
		r.mu.Unlock()
		if closed {
			return "", false
		}
		select {
		case <-r.more:
		case <-r.ctx.Done():
			return "", false
		}
	}
}

// request synthesizes sentences in order and hands their audio to play.
// The send blocks until play takes it, so one response is opened ahead of
// the one playing.
func (r *Reader) request(audios chan<- *speech.Audio, fail chan<- error) {
	defer close(audios)
	for {
		text, ok := r.next()
		if !ok {
			return
		}
		a, err := r.synth.Synthesize(r.ctx, text)
		if err != nil {
			if r.ctx.Err() == nil {
				fail <- err
			}
			return
		}
		select {
		case audios <- a:
		case <-r.ctx.Done():
			a.Close()
			return
		}
	}
}

// play streams each sentence's audio into the sink, then drains it.
func (r *Reader) play(audios <-chan *speech.Audio, fail <-chan error) {
	defer close(r.done)
	defer r.stop()
	var err error
	for a := range audios {
		err = r.playOne(a)
		a.Close()
		if err != nil {
			break
		}
	}
	if err == nil {
		select {
		case err = <-fail:
		default:
		}
	}
	// Let what reached the sink play out, after a failure too: the
	// sentence before a failed request is heard to its end.
	if r.ctx.Err() == nil {
		if derr := r.sink.Drain(r.ctx); err == nil {
			err = derr
		}
	}
	r.finish(err)
	for a := range audios { // a request that raced the end
		a.Close()
	}
}

// playOne copies one sentence's audio into the sink.
func (r *Reader) playOne(a *speech.Audio) error {
	r.mu.Lock()
	r.progress.Current = r.res.Sentences[r.progress.Spoken]
	r.notify()
	r.mu.Unlock()
	var rs *audio.Resampler
	if a.Rate != r.sink.Rate() {
		rs = audio.NewResampler(a.Rate, r.sink.Rate())
	}
	buf := make([]int16, 4800)
	for {
		n, err := a.ReadPCM(buf)
		if n > 0 {
			pcm := buf[:n]
			if rs != nil {
				pcm = rs.Process(pcm)
			}
			if werr := r.sink.Write(r.ctx, pcm); werr != nil {
				return werr
			}
			r.keep(pcm)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return err
		}
	}
	r.mu.Lock()
	r.progress.Spoken++
	r.progress.Current = ""
	r.notify()
	r.mu.Unlock()
	return nil
}

// keep collects played audio for the stored WAV, up to maxKeep.
func (r *Reader) keep(pcm []int16) {
	r.mu.Lock()
	defer r.mu.Unlock()
	switch {
	case r.maxKeep < 0 || r.res.Truncated:
	case len(r.res.PCM)+len(pcm) > r.maxKeep:
		r.res.PCM, r.res.Truncated = nil, true
	default:
		r.res.PCM = append(r.res.PCM, pcm...)
	}
}

// finish records how the reading ended.
func (r *Reader) finish(err error) {
	stopped := r.ctx.Err() != nil
	if stopped {
		r.sink.Clear()
		err = nil
	}
	r.mu.Lock()
	r.res.Err, r.res.Stopped = err, stopped
	r.progress.Current = ""
	r.notify()
	r.mu.Unlock()
}
