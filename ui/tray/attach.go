package tray

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/media/audio"
	"parley/media/clipboard"
	"parley/media/imaging"
	"parley/media/paths"
	"parley/providers"
	"parley/session"
	"parley/ui/common"
)

// This file makes chips from files, the clipboard and pasted paths: the
// Cmds that read and store them, and the messages that bring them back.

// clipboardTimeout bounds one Ctrl+V: the clipboard package runs each tool
// with its own timeout, and may try a few tools in turn.
const clipboardTimeout = 6 * time.Second

// maxAttachBytes is the largest file read for an attachment: the largest
// the store takes (a video). It refuses images, audio, PDFs and text over
// their own limits itself; this only keeps a huge file (a disk image
// dragged in by mistake) from being read into memory at all.
const maxAttachBytes = session.MaxVideoBytes

// attachTimeout bounds storing one file: PDFium's first start (seconds
// when its compiled code is not cached yet) and ffprobe on a video.
const attachTimeout = 2 * time.Minute

// ClipboardNotice is shown while Ctrl+V reads the clipboard.
const ClipboardNotice = "reading the clipboard…"

// Msg is the tray's messages: stored attachments and what fitting a chip
// for the model changes. The root routes them to Update unopened.
type Msg interface{ trayMsg() }

// attachedMsg is the outcome of storing attachments, from files, the
// clipboard or a paste. Every field is optional.
type attachedMsg struct {
	items []Chip   // stored, in order
	errs  []string // one line per failure
	// text is clipboard text for the composer (it held no image).
	text string
	// typed is the composer text that named the files; it is cleared once
	// every file was attached, and kept when any failed.
	typed string
	// prompt is sent once the start-up attachments are in the tray.
	prompt string
	// note is the notice to show when all went well ("the paste is
	// attached as text").
	note string
}

// chipChangesMsg is what fitting image chip id for model changes.
type chipChangesMsg struct {
	id      int
	model   string
	changes []string
}

func (attachedMsg) trayMsg()    {}
func (chipChangesMsg) trayMsg() {}

// Outcome is what a tray key or message asks of the root. Every field is
// optional.
type Outcome struct {
	// Inspect is the image or document chip to open the inspect dialog on.
	Inspect *Chip
	// Text is clipboard text for the composer.
	Text string
	// Typed is the composer text that named the stored files: the root
	// clears the composer if it still holds it.
	Typed string
	// Prompt is sent now that the start-up attachments are in.
	Prompt string
	// Relabel is set when chips were added or changed: the root relabels
	// them for the model in use.
	Relabel bool
	// Fit asks the root to fit the image chips for the model (Fit).
	Fit bool
	// Layout is set when the tray's height may have changed.
	Layout bool
	// Next is a Cmd to run: the next chunk of a PDF chip's page renders.
	Next tea.Cmd
}

// mediaExts returns the usual extensions of image and audio files: a file
// named so that its bytes are not an image or audio file is refused by the
// image check (storeBytes) rather than sent as text.
func mediaExts() []string {
	return []string{".png", ".jpg", ".jpeg", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".heic", ".heif", ".avif",
		".wav", ".mp3", ".ogg", ".oga", ".opus", ".flac"}
}

// HasMediaExt reports whether name has an image or audio extension.
func HasMediaExt(name string) bool {
	return slices.Contains(mediaExts(), strings.ToLower(filepath.Ext(name)))
}

// Attachable reports whether path is an existing regular file that is
// not empty: what pasted or typed text must consist of to become
// attachments instead of text. Any file qualifies, whatever its name or
// type: storing it reads the type from the bytes and refuses what cannot
// be sent with the reason ("report.docx: a Word document; save it as
// PDF", "notes.png: not an image (starts with …)") rather than sending
// the path to the model as text. The Stat never opens the file, so a FIFO
// or device named in pasted text cannot block.
func Attachable(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular() && fi.Size() > 0
}

// maxPathsPaste bounds the text read as a list of paths: a thousand
// dropped files fit; a 10 MB paste is text, and is not split into words
// to find out.
const maxPathsPaste = 64 << 10

// PastedPaths returns the files s consists of, or nil when s is text.
func PastedPaths(s string) []string {
	if len(s) > maxPathsPaste {
		return nil
	}
	p, _ := paths.ParsePaste(s, Attachable)
	return p
}

// Attach returns the Cmd that stores files as attachments (docs reads
// PDFs and videos; nil refuses them); typed is the composer text that
// named them (Outcome.Typed).
func Attach(store *session.Store, docs *session.DocTools, files []string, typed string) tea.Cmd {
	return func() tea.Msg {
		msg := storeFiles(store, docs, files)
		msg.typed = typed
		return msg
	}
}

// StartAttachments stores the start-up attachments; the start-up prompt,
// if any, waits for them so it is sent with them (Outcome.Prompt).
func StartAttachments(store *session.Store, docs *session.DocTools, files []string, prompt string) tea.Cmd {
	return func() tea.Msg {
		msg := storeFiles(store, docs, files)
		msg.prompt = prompt
		return msg
	}
}

// storeFiles stores each file, collecting the chips and the failures.
func storeFiles(store *session.Store, docs *session.DocTools, files []string) attachedMsg {
	var msg attachedMsg
	for _, f := range files {
		a, err := storeFile(store, docs, f)
		if err != nil {
			msg.errs = append(msg.errs, err.Error())
			continue
		}
		msg.items = append(msg.items, a)
	}
	return msg
}

// storeFile reads one file and stores it as an attachment of the type its
// bytes say.
func storeFile(store *session.Store, docs *session.DocTools, path string) (Chip, error) {
	name := filepath.Base(path)
	if store == nil {
		return Chip{}, ErrNoStore(name)
	}
	fi, err := os.Stat(path)
	switch {
	case err != nil:
		return Chip{}, fmt.Errorf("%s: %w", name, unwrapPath(err))
	case fi.IsDir():
		return Chip{}, fmt.Errorf("%s is a directory, not a file", name)
	case fi.Size() > maxAttachBytes:
		return Chip{}, fmt.Errorf("%s: file is %d MB, the limit is %d MB", name, fi.Size()>>20, maxAttachBytes>>20)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return Chip{}, fmt.Errorf("%s: %w", name, unwrapPath(err))
	}
	return storeBytes(store, docs, data, name)
}

// storeBytes stores data as audio when it sniffs as audio, as an image
// when it sniffs as one or its name says it is one (whose check then says
// what is wrong: "notes.png: not an image (starts with …)", rather than
// sending a file the user meant as a picture as text), else through
// Store.Attach: a PDF, a text file or a video, and a specific refusal for
// anything else.
func storeBytes(store *session.Store, docs *session.DocTools, data []byte, name string) (Chip, error) {
	if store == nil {
		return Chip{}, ErrNoStore(name)
	}
	if _, ok := audio.Sniff(data); ok {
		a, err := store.AddAudio(data, name)
		if err != nil {
			return Chip{}, err
		}
		return NewAudio(a, false), nil
	}
	if _, err := imaging.Sniff(data); err == nil || HasMediaExt(name) {
		img, err := store.AddImage(data, name)
		if err != nil {
			return Chip{}, err
		}
		return NewImage(img), nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), attachTimeout)
	defer cancel()
	p, err := store.Attach(ctx, data, name, docs, session.AttachOptions{})
	if err != nil {
		return Chip{}, err
	}
	return FromPart(p), nil
}

// ErrNoStore is why name cannot be attached without a data directory.
func ErrNoStore(name string) error {
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

// ClipboardReader reads the clipboard; nil reads the system's.
type ClipboardReader func(ctx context.Context) (clipboard.Content, error)

// Paste shows the progress line and returns the Cmd that reads the
// clipboard for Ctrl+V: an image is stored as an attachment; text that is
// all paths of attachable files attaches them; text too large for the
// composer (LargeText) becomes a text chip, up to maxText bytes; other
// text goes to the composer (Outcome.Text).
func (t *Tray) Paste(parent context.Context, read ClipboardReader, store *session.Store, docs *session.DocTools, maxText int64) tea.Cmd {
	t.SetProgress(ClipboardNotice)
	if read == nil {
		read = func(ctx context.Context) (clipboard.Content, error) {
			return clipboard.Read(ctx, clipboard.SystemEnv())
		}
	}
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
			a, err := storeBytes(store, docs, c.Image, clipboardName(c.MIME))
			if err != nil {
				return attachedMsg{errs: []string{err.Error()}}
			}
			return attachedMsg{items: []Chip{a}}
		}
		if files := PastedPaths(c.Text); files != nil {
			return storeFiles(store, docs, files)
		}
		if LargeText(c.Text) {
			return storeText(store, c.Text, maxText)
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

// Update takes the tray's messages: stored attachments become chips and
// failures go to the notice line; a fitted chip names its changes.
func (t *Tray) Update(msg Msg) Outcome {
	switch msg := msg.(type) {
	case attachedMsg:
		return t.attached(msg)
	case chipChangesMsg:
		t.SetChanges(msg.id, msg.model, msg.changes)
		return Outcome{Layout: true}
	case renderedMsg:
		return t.rendered(msg)
	}
	return Outcome{}
}

// attached puts stored attachments in the tray and shows failures.
func (t *Tray) attached(msg attachedMsg) Outcome {
	for _, a := range msg.items {
		if a.doc != nil {
			a.doc.fresh = true
		}
		t.Add(a)
	}
	switch {
	case len(msg.errs) > 0:
		t.SetNotice(strings.Join(msg.errs, "; "), true)
	case msg.note != "":
		t.SetNotice(msg.note, false)
	case len(msg.items) > 0 || msg.text != "" || t.Progress():
		// Done: the "reading the clipboard…" line must not outlive the
		// read, whatever the clipboard held.
		t.SetNotice("", false)
	}
	out := Outcome{Text: msg.text, Prompt: msg.prompt, Relabel: true, Layout: true, Fit: msg.prompt == ""}
	if len(msg.errs) == 0 {
		out.Typed = msg.typed
	}
	return out
}

// Fit returns the Cmds that fit each image chip for model, whose caps
// are caps (known is false when nothing says what they are): a fit may
// decode and encode a large image, and is cached in the store's derived
// table, so sending reuses it. Each reports its lossy steps, which the
// chip then names; scaling is left out, as the chip already shows
// "W×H → w×h".
func (t *Tray) Fit(store *session.Store, caps providers.Caps, known bool, model string) tea.Cmd {
	if !known || store == nil || !caps.Images {
		return nil
	}
	var cmds []tea.Cmd
	for _, c := range t.items {
		img := c.Image()
		if img == nil || img.Width <= 0 {
			continue
		}
		id, im := c.ID(), *img
		cmds = append(cmds, func() tea.Msg {
			f, err := store.FittedImage(im, caps)
			if err != nil {
				return nil // sending says why; the chip keeps its label
			}
			var changes []string
			for _, n := range f.Notes {
				if n.Kind != string(imaging.NoteScaled) {
					changes = append(changes, n.Text)
				}
			}
			return chipChangesMsg{id: id, model: model, changes: changes}
		})
	}
	return tea.Batch(cmds...)
}
