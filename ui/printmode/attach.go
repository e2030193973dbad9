package printmode

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"parley/media/audio"
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

// ReadFiles reads the -a/--attach arguments. "-" reads stdin (once: a second
// "-" is refused, stdin being empty by then). Errors are one line naming the
// file; nothing is partly read.
func ReadFiles(paths []string, stdin io.Reader) ([]File, error) {
	files := make([]File, 0, len(paths))
	usedStdin := false
	for _, p := range paths {
		if p == "-" {
			if usedStdin {
				return nil, errors.New("-a -: stdin can be attached only once")
			}
			usedStdin = true
			data, err := readLimited(stdin, "stdin")
			if err != nil {
				return nil, err
			}
			files = append(files, File{Name: "stdin", Data: data})
			continue
		}
		f, err := readFile(p)
		if err != nil {
			return nil, err
		}
		files = append(files, f)
	}
	return files, nil
}

// readFile reads one attachment from disk.
func readFile(path string) (File, error) {
	name := filepath.Base(path)
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return File{}, fmt.Errorf("-a %s: %w", path, pathReason(err))
	case fi.IsDir():
		return File{}, fmt.Errorf("-a %s: is a directory, not a file", path)
	}
	f, err := os.Open(path)
	if err != nil {
		return File{}, fmt.Errorf("-a %s: %w", path, pathReason(err))
	}
	defer f.Close()
	data, err := readLimited(f, path)
	if err != nil {
		return File{}, err
	}
	return File{Name: name, Data: data}, nil
}

// readLimited reads r whole, refusing more than MaxFileBytes.
func readLimited(r io.Reader, what string) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxFileBytes+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("-a %s: %w", what, pathReason(err))
	case len(data) > MaxFileBytes:
		return nil, fmt.Errorf("-a %s: file is over %d MB, the limit", what, MaxFileBytes>>20)
	}
	return data, nil
}

// pathReason drops the path an *os.PathError repeats ("open x: no such
// file" becomes "no such file or directory"): the caller names the file.
func pathReason(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
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
