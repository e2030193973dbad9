package printmode

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"time"

	"parley/session"
)

// RecordingsDir is the directory under the data directory where print mode
// keeps a voice note whose run failed.
const RecordingsDir = "recordings"

// keepRecordings writes each voice note recorded by this run to a file and
// says where, one line each: "parley: the recording is kept at PATH; send it
// again with -a PATH". A failed run (refused, transcription failed, network
// error, Ctrl+C mid-reply) must not lose what the user said; its blob alone
// is no use to them (unreferenced, or deleted with the --no-save ephemeral
// store).
//
// With a store the file goes to DATADIR/recordings/ (0700 directory, 0600
// file), next to the history. With --no-save nothing may go into the data
// directory, so it goes to the system's temporary directory instead
// (os.TempDir, $TMPDIR): kept past the process, not forever.
func keepRecordings(store *session.Store, files []File, now time.Time, stderr io.Writer) {
	for _, f := range files {
		if !f.Recorded {
			continue
		}
		path, err := keepRecording(store, f.Data, now)
		if err != nil {
			fmt.Fprintf(stderr, "parley: the recording could not be kept: %s\n", errLine(err))
			continue
		}
		fmt.Fprintf(stderr, "parley: the recording is kept at %s; send it again with -a %s\n", path, path)
	}
}

// keepRecording writes one WAV under a new name, voice-YYYYMMDD-HHMMSS.wav
// (parley-voice-… in the shared temporary directory), adding -2, -3… if a
// run in the same second already took the name. O_EXCL never overwrites a
// note, nor follows a link someone planted in /tmp.
func keepRecording(store *session.Store, wav []byte, now time.Time) (string, error) {
	dir, prefix := os.TempDir(), "parley-voice-"
	if store != nil {
		dir, prefix = filepath.Join(store.Dir(), RecordingsDir), "voice-"
		if err := os.MkdirAll(dir, 0o700); err != nil {
			return "", err
		}
	}
	base := prefix + now.Format("20060102-150405")
	for i := 1; i < 100; i++ {
		name := base + ".wav"
		if i > 1 {
			name = fmt.Sprintf("%s-%d.wav", base, i)
		}
		path := filepath.Join(dir, name)
		f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return "", err
		}
		_, err = f.Write(wav)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			os.Remove(path) // a half-written note would be resent as garbage
			return "", err
		}
		return path, nil
	}
	return "", fmt.Errorf("%s: too many recordings named %s*", dir, base)
}
