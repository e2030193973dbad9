package ui

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"parley/ui/common"
	"parley/ui/tray"

	tea "charm.land/bubbletea/v2"

	"parley/media/audio"
	"parley/media/clipboard"
	"parley/media/imaging"
	"parley/media/paths"
	"parley/session"
)

// clipboardTimeout bounds one Ctrl+V: the clipboard package runs each tool
// with its own timeout, and may try a few tools in turn.
const clipboardTimeout = 6 * time.Second

// maxAttachBytes is the largest file read for an attachment. The store
// refuses images over 50 MB itself; this only keeps a huge file (a video
// dragged in by mistake) from being read into memory at all.
const maxAttachBytes = session.MaxAudioBytes

// clipboardNotice is shown while Ctrl+V reads the clipboard.
const clipboardNotice = "reading the clipboard…"

// attachExts returns the usual extensions of image and audio files. They
// are only a cheap first filter for Tab completion; whether a file can be
// attached is decided by its bytes (isMediaFile).
func attachExts() []string {
	return []string{".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".heic", ".heif", ".avif",
		".wav", ".mp3", ".ogg", ".oga", ".opus", ".flac"}
}

// sniffLen is how much of a file is read to tell its type: every magic
// number imaging.Sniff and audio.Sniff look at (ISO-BMFF brands, ID3
// headers, MPEG frame syncs) sits in the first few hundred bytes.
const sniffLen = 512

// attachedMsg is the outcome of storing attachments, from files, the
// clipboard or a paste. Every field is optional.
type attachedMsg struct {
	items []tray.Chip // stored, in order
	errs  []string    // one line per failure
	// text is clipboard text for the composer (it held no image).
	text string
	// typed is the composer text that named the files; it is cleared once
	// every file was attached, and kept when any failed.
	typed string
	// prompt is sent once the start-up attachments are in the tray.
	prompt string
}

// hasAttachExt reports whether name has an image or audio extension.
func hasAttachExt(name string) bool {
	return slices.Contains(attachExts(), strings.ToLower(filepath.Ext(name)))
}

// attachable reports whether path is an existing regular file whose first
// bytes are an image or audio file, whatever its name: what pasted or
// typed text must consist of to become attachments instead of text, so a
// dropped screenshot without an extension attaches. A file whose name
// claims an image or audio type but whose bytes are not one is attachable
// too: storing it refuses it with the reason ("notes.png: not an image
// (starts with …)") rather than sending the path to the model as text.
func attachable(path string) bool {
	if isMediaFile(path) {
		return true
	}
	if !hasAttachExt(path) {
		return false
	}
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}

// isMediaFile sniffs the first sniffLen bytes of a regular file. The
// Stat comes first so a FIFO or device named in pasted text is never
// opened (opening a FIFO blocks).
func isMediaFile(path string) bool {
	fi, err := os.Stat(path)
	if err != nil || !fi.Mode().IsRegular() || fi.Size() == 0 {
		return false
	}
	f, err := os.Open(path)
	if err != nil {
		return false
	}
	defer f.Close()
	head := make([]byte, sniffLen)
	n, _ := io.ReadFull(f, head)
	head = head[:n]
	if _, ok := audio.Sniff(head); ok {
		return true
	}
	_, err = imaging.Sniff(head)
	return err == nil
}

// pastedPaths returns the files s consists of, or nil when s is text.
func pastedPaths(s string) []string {
	p, _ := paths.ParsePaste(s, attachable)
	return p
}

// attachFiles returns the Cmd that stores files as attachments.
func (m *Model) attachFiles(files []string, typed string) tea.Cmd {
	store := m.opts.Store
	return func() tea.Msg {
		msg := attachedMsg{typed: typed}
		for _, f := range files {
			a, err := storeFile(store, f)
			if err != nil {
				msg.errs = append(msg.errs, err.Error())
				continue
			}
			msg.items = append(msg.items, a)
		}
		return msg
	}
}

// storeFile reads one file and stores it as an image or audio attachment.
func storeFile(store *session.Store, path string) (tray.Chip, error) {
	name := filepath.Base(path)
	if store == nil {
		return tray.Chip{}, errNoStore(name)
	}
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return tray.Chip{}, fmt.Errorf("%s: %w", name, unwrapPath(err))
	case fi.IsDir():
		return tray.Chip{}, fmt.Errorf("%s is a directory, not a file", name)
	case fi.Size() > maxAttachBytes:
		return tray.Chip{}, fmt.Errorf("%s: file is %d MB, the limit is %d MB", name, fi.Size()>>20, maxAttachBytes>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return tray.Chip{}, fmt.Errorf("%s: %w", name, unwrapPath(err))
	}
	return storeBytes(store, data, name)
}

// storeBytes stores data as audio when it sniffs as audio, else as an
// image (whose check says what is wrong with anything else).
func storeBytes(store *session.Store, data []byte, name string) (tray.Chip, error) {
	if store == nil {
		return tray.Chip{}, errNoStore(name)
	}
	if _, ok := audio.Sniff(data); ok {
		a, err := store.AddAudio(data, name)
		if err != nil {
			return tray.Chip{}, err
		}
		return tray.NewAudio(a, false), nil
	}
	img, err := store.AddImage(data, name)
	if err != nil {
		return tray.Chip{}, err
	}
	return tray.NewImage(img), nil
}

func errNoStore(name string) error {
	return fmt.Errorf("cannot attach %s: parley has no data directory to keep it in", name)
}

// unwrapPath drops the *PathError wrapper: the name is already in front.
func unwrapPath(err error) error {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// pasteClipboard returns the Cmd that reads the clipboard for Ctrl+V: an
// image is stored as an attachment; text that is all paths of attachable
// files attaches them; other text goes to the composer.
func (m *Model) pasteClipboard() tea.Cmd {
	read := m.opts.Clipboard
	if read == nil {
		read = func(ctx context.Context) (clipboard.Content, error) {
			return clipboard.Read(ctx, clipboard.SystemEnv())
		}
	}
	store, parent := m.opts.Store, m.ctx
	return func() tea.Msg {
		ctx, cancel := context.WithTimeout(parent, clipboardTimeout)
		defer cancel()
		c, err := read(ctx)
		switch {
		case err != nil:
			line := common.FirstLine(err.Error())
			if !strings.Contains(line, "clipboard") {
				line = "clipboard: " + line
			}
			return attachedMsg{errs: []string{line}}
		case len(c.Image) > 0:
			a, err := storeBytes(store, c.Image, clipboardName(c.MIME))
			if err != nil {
				return attachedMsg{errs: []string{err.Error()}}
			}
			return attachedMsg{items: []tray.Chip{a}}
		}
		if files := pastedPaths(c.Text); files != nil {
			msg := attachedMsg{}
			for _, f := range files {
				if a, err := storeFile(store, f); err != nil {
					msg.errs = append(msg.errs, err.Error())
				} else {
					msg.items = append(msg.items, a)
				}
			}
			return msg
		}
		return attachedMsg{text: c.Text}
	}
}

// clipboardName names a pasted image after its type.
func clipboardName(mime string) string {
	ext := strings.TrimPrefix(mime, "image/")
	if ext == "" || strings.ContainsAny(ext, "/;+ ") {
		ext = "png"
	}
	return "clipboard." + ext
}

// handleAttached puts stored attachments in the tray, shows failures in
// the notice line, inserts clipboard text, and sends a start-up prompt.
func (m *Model) handleAttached(msg attachedMsg) tea.Cmd {
	for _, a := range msg.items {
		m.tray.Add(a)
	}
	m.refreshChips()
	switch {
	case len(msg.errs) > 0:
		m.tray.SetNotice(strings.Join(msg.errs, "; "), true)
	case len(msg.items) > 0 || msg.text != "" || m.tray.Progress():
		// Done: the "reading the clipboard…" line must not outlive the
		// read, whatever the clipboard held.
		m.tray.SetNotice("", false)
	}
	if msg.typed != "" && len(msg.errs) == 0 && m.composer.Value() == msg.typed {
		m.composer.Reset()
	}
	if msg.text != "" {
		m.composer.InsertString(msg.text)
	}
	m.layout()
	if msg.prompt != "" {
		return m.handleSubmit(msg.prompt)
	}
	return m.chipChanges()
}

// startAttachments attaches Options.Attachments at start; the start-up
// prompt, if any, waits for them so it is sent with them.
func (m *Model) startAttachments(prompt string) tea.Cmd {
	cmd := m.attachFiles(m.opts.Attachments, "")
	return func() tea.Msg {
		msg := cmd().(attachedMsg)
		msg.prompt = prompt
		return msg
	}
}
