package printmode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"

	"parley/media/audio"
	"parley/media/files"
	"parley/session"
)

// MaxFileBytes is the largest file -a reads. The store refuses images over
// 50 MB and audio over 100 MB with a precise message; this only keeps a
// mistaken -a /dev/zero or a huge file from being read into memory first.
const MaxFileBytes = session.MaxAudioBytes

// File is one attachment for print mode: a display name and its bytes.
type File struct {
	Name string
	Data []byte
	// Recorded marks a voice note recorded by this run (--record): it
	// exists nowhere else, so a run that fails writes it to a file the user
	// can send again rather than losing it (see Run).
	Recorded bool
}

// ReadFiles reads the -a/--attach arguments. "-" (or /dev/stdin) reads
// stdin (once: a second is refused, stdin being empty by then); anything
// else must be a regular file, so a FIFO, socket or device is refused
// before it is opened and cannot block. Every read stops at MaxFileBytes
// and when ctx is done (SIGINT, SIGTERM). Errors are one line naming the
// file; nothing is partly read.
func ReadFiles(ctx context.Context, paths []string, stdin io.Reader) ([]File, error) {
	out := make([]File, 0, len(paths))
	usedStdin := false
	for _, p := range paths {
		if files.IsStdin(p) {
			if usedStdin {
				return nil, fmt.Errorf("-a %s: stdin can be attached only once", p)
			}
			usedStdin = true
			data, err := files.ReadAllLimit(ctx, stdin, MaxFileBytes)
			if err != nil {
				return nil, fmt.Errorf("-a %s: stdin: %w", p, err)
			}
			out = append(out, File{Name: "stdin", Data: data})
			continue
		}
		data, err := files.ReadFileLimit(ctx, p, MaxFileBytes)
		if err != nil {
			return nil, fmt.Errorf("-a %w", err)
		}
		out = append(out, File{Name: filepath.Base(p), Data: data})
	}
	return out, nil
}

// attach stores each file as an attachment, sniffing audio (WAV, MP3, Ogg,
// FLAC) from its bytes and taking everything else as an image, whose check
// says what is wrong with a file that is neither.
func attach(store *session.Store, files []File) ([]session.Part, error) {
	if len(files) == 0 {
		return nil, nil
	}
	if store == nil {
		return nil, errors.New("attachments need a store (internal error: print mode opens an ephemeral one for --no-save)")
	}
	parts := make([]session.Part, 0, len(files))
	for _, f := range files {
		var p session.Part
		var err error
		if _, isAudio := audio.Sniff(f.Data); isAudio {
			p, err = store.AddAudio(f.Data, f.Name)
		} else {
			p, err = store.AddImage(f.Data, f.Name)
		}
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	return parts, nil
}
