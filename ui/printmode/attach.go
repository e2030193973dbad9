package printmode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	"parley/media/audio"
	"parley/media/files"
	"parley/media/filetype"
	"parley/media/imaging"
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

// attach stores each file as an attachment through Store.Attach, which
// reads its type from the bytes: an image, audio, a PDF, a text file or a
// video (anything else is refused with its name and type). pages (--pages)
// applies to every PDF and tail (--tail) to every text file; one given when
// no file is of that kind is an error rather than silently ignored.
func attach(ctx context.Context, store *session.Store, docs *session.DocTools, files []File, pages string, tail int) ([]session.Part, error) {
	if len(files) == 0 {
		if pages != "" || tail > 0 {
			return nil, errors.New("--pages and --tail choose what of an attached PDF or text file is sent: attach one with -a")
		}
		return nil, nil
	}
	if store == nil {
		return nil, errors.New("attachments need a store (internal error: print mode opens an ephemeral one for --no-save)")
	}
	parts := make([]session.Part, 0, len(files))
	var pdfs, texts int
	for _, f := range files {
		var opt session.AttachOptions
		switch kindOf(f) {
		case filetype.PDF:
			opt.Pages, pdfs = pages, pdfs+1
		case filetype.Text:
			opt.Tail, texts = tail, texts+1
		}
		p, err := attachOne(ctx, store, docs, f, opt)
		if err != nil {
			return nil, err
		}
		parts = append(parts, p)
	}
	switch {
	case pages != "" && pdfs == 0:
		return nil, fmt.Errorf("--pages %s: no attached file is a PDF", pages)
	case tail > 0 && texts == 0:
		return nil, fmt.Errorf("--tail %d: no attached file is a text file", tail)
	}
	return parts, nil
}

// attachOne is Store.Attach, except that text in a file named as an image
// or audio file (notes.png holding "hello") is refused by that check
// ("notes.png: not an image (starts with "hello")") rather than sent as
// text: the name says the user meant a picture, and nothing may change
// silently on the way.
func attachOne(ctx context.Context, store *session.Store, docs *session.DocTools, f File, opt session.AttachOptions) (session.Part, error) {
	if kindOf(f) == filetype.Text {
		switch strings.ToLower(filepath.Ext(f.Name)) {
		case ".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".heic", ".heif", ".avif":
			return store.AddImage(f.Data, f.Name)
		case ".wav", ".mp3", ".ogg", ".oga", ".opus", ".flac":
			return store.AddAudio(f.Data, f.Name)
		}
	}
	return store.Attach(ctx, f.Data, f.Name, docs, opt)
}

// kindOf is the document kind of f for --pages and --tail: Unknown for
// audio and images (which Store.Attach recognises first) and for what it
// will refuse.
func kindOf(f File) filetype.Kind {
	if _, ok := audio.Sniff(f.Data); ok {
		return filetype.Unknown
	}
	if _, err := imaging.Sniff(f.Data); err == nil {
		return filetype.Unknown
	}
	typ, err := filetype.Detect(f.Data, f.Name)
	if err != nil {
		return filetype.Unknown
	}
	return typ.Kind
}
