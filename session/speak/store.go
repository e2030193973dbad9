package speak

import (
	"context"
	"fmt"
	"time"

	"parley/media/audio"
	"parley/providers/speech"
	"parley/session/config"
)

// BlobStore keeps bytes by content; *session.Store is one.
type BlobStore interface {
	PutBlob(data []byte) (sha string, err error)
}

// Spoken is a reading's audio as stored with its message.
type Spoken struct {
	SHA      string // the WAV blob
	MIME     string // "audio/wav"
	Duration time.Duration
	Waveform []float64 // peaks for a compact display, like voice notes have
}

// waveformBuckets matches the voice-note chips' waveform resolution.
const waveformBuckets = 48

// Store puts a reading's audio into the blob store so replaying it is
// instant and costs nothing. ok is false when there is nothing to store:
// nothing was spoken, or the audio passed Options.MaxKeep (Truncated).
func Store(blobs BlobStore, res Result) (s Spoken, ok bool, err error) {
	wav := res.WAV()
	if wav == nil {
		return Spoken{}, false, nil
	}
	sha, err := blobs.PutBlob(wav)
	if err != nil {
		return Spoken{}, false, fmt.Errorf("store the spoken audio: %w", err)
	}
	return Spoken{SHA: sha, MIME: "audio/wav", Duration: res.Duration(),
		Waveform: audio.Waveform(res.PCM, waveformBuckets)}, true, nil
}

// ListVoices is `parley voices`: the configured backend's description and
// the voices it offers. Without a backend with a key, the error says what
// to set.
func ListVoices(ctx context.Context, c *config.Config) (string, []speech.Voice, error) {
	sy, err := Backend(c)
	if err != nil {
		return "", nil, err
	}
	v, err := sy.Voices(ctx)
	return sy.Describe(), v, err
}
