package speak

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"parley/media/audio"
)

// ErrNoMP3 refuses --speak-to FILE.mp3: no pure-Go MP3 encoder is
// available to parley (none is served by the module proxy it builds
// from), and a cgo LAME binding would add a C dependency for one flag.
var ErrNoMP3 = errors.New("parley cannot write MP3 (it has no MP3 encoder): write a .wav file, and convert it if needed, e.g. ffmpeg -i reply.wav reply.mp3")

// FileSink is a Sink that writes the speech into a WAV file instead of
// playing it; it needs no sound device. The file appears under its name
// only when Close(true) succeeds, so a failed run leaves no half file.
type FileSink struct {
	path string
	tmp  *os.File
	w    *audio.WAVWriter
}

// CreateFile starts a FileSink for path. The type comes from the
// extension: .wav; .mp3 is refused with ErrNoMP3; anything else is an
// error naming the file.
func CreateFile(path string) (*FileSink, error) {
	switch ext := strings.ToLower(filepath.Ext(path)); ext {
	case ".wav", ".wave":
	case ".mp3":
		return nil, fmt.Errorf("%s: %w", path, ErrNoMP3)
	default:
		return nil, fmt.Errorf("%s: cannot tell the audio type from %q: name a .wav file", path, ext)
	}
	dir := filepath.Dir(path)
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory: name a .wav file", path)
	}
	tmp, err := os.CreateTemp(dir, ".parley-speech-*.wav")
	if err != nil {
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	w, err := audio.NewWAVWriter(tmp, audio.SpeechRate, 1)
	if err != nil {
		tmp.Close()
		os.Remove(tmp.Name())
		return nil, fmt.Errorf("write %s: %w", path, err)
	}
	return &FileSink{path: path, tmp: tmp, w: w}, nil
}

// Write appends samples to the file.
func (f *FileSink) Write(_ context.Context, pcm []int16) error { return f.w.Write(pcm) }

// Drain has nothing to wait for: a file is written at once.
func (f *FileSink) Drain(context.Context) error { return nil }

// Clear does nothing: what is written stays (Close(false) drops the file).
func (f *FileSink) Clear() {}

// Rate is the file's sample rate.
func (f *FileSink) Rate() int { return audio.SpeechRate }

// Close finishes the file. With keep it is renamed to its path; without,
// or when finishing fails, it is removed.
func (f *FileSink) Close(keep bool) error {
	err := f.w.Close()
	if cerr := f.tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil && keep {
		if err = os.Rename(f.tmp.Name(), f.path); err == nil {
			return nil
		}
	}
	os.Remove(f.tmp.Name())
	if err != nil {
		return fmt.Errorf("write %s: %w", f.path, err)
	}
	return nil
}
