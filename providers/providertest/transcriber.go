package providertest

import (
	"bytes"
	"context"
	"sync"
)

// Transcriber is a fake speech-to-text backend (session.Transcriber and
// the transcribe adapters' shape): it answers Text, or Err, and records
// every call.
type Transcriber struct {
	// Text is the transcript every call returns.
	Text string
	// Err, if set, is returned instead.
	Err error

	mu    sync.Mutex
	calls []Audio
}

// Audio is what one Transcribe call was given.
type Audio struct {
	Data []byte // a copy of the audio bytes
	MIME string // their MIME type, e.g. audio/wav
}

// Transcribe records a copy of audio and its MIME type and answers.
func (f *Transcriber) Transcribe(_ context.Context, audio []byte, mime string) (string, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, Audio{Data: bytes.Clone(audio), MIME: mime})
	return f.Text, f.Err
}

// Calls returns what each call was given, in order.
func (f *Transcriber) Calls() []Audio {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Audio(nil), f.calls...)
}

// Count is how many times Transcribe was called.
func (f *Transcriber) Count() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return len(f.calls)
}

// Last is the newest call's audio; the zero Audio if none.
func (f *Transcriber) Last() Audio {
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.calls) == 0 {
		return Audio{}
	}
	return f.calls[len(f.calls)-1]
}
