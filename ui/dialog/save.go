package dialog

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"parley/ui/common"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"parley/media/imaging"
	"parley/session"
	"parley/themes"
)

// savedMsg is the outcome of writing an image to a file. exists means
// the file was there already and was left alone.
type savedMsg struct {
	path   string
	bytes  int
	exists bool
	err    error
}

func (savedMsg) dialogMsg() {}

// orphaned is how a write that ends after its dialog was cancelled is
// still told: the notice line says where it went or why it failed. A
// refused overwrite wrote nothing, so it is dropped.
func (m savedMsg) orphaned() Action {
	switch {
	case m.err != nil:
		return ActionSaveFailed{Err: m.err}
	case !m.exists:
		return ActionSaved{Path: m.path, Bytes: m.bytes}
	}
	return nil
}

// Save asks where to save an image. Enter writes the image's
// original bytes; an existing file is overwritten only after a second
// Enter on the same path. Esc cancels.
type Save struct {
	noImages
	img    session.Image
	load   func(sha string) ([]byte, error)
	in     textinput.Model
	styles *themes.Styles
	keys   ConfirmKeyMap
	// confirm is the path that exists and is overwritten by the next
	// Enter; any edit of the path forgets it.
	confirm string
	busy    bool // a write is running
	err     string
}

// NewSave is the save dialog for img, whose original bytes load reads
// (nil: they were not kept).
func NewSave(img session.Image, load func(string) ([]byte, error), st *themes.Styles) *Save {
	in := textinput.New()
	in.Prompt = "path: "
	in.SetValue(defaultSaveName(img))
	in.CursorEnd()
	in.Focus()
	return &Save{img: img, load: load, in: in, styles: st, keys: DefaultConfirmKeyMap()}
}

// defaultSaveName is ./parley-<first 12 digits of the blob>.<ext>, the
// name `parley image` writes too.
func defaultSaveName(img session.Image) string {
	id := img.Blob
	if len(id) > 12 {
		id = id[:12]
	}
	ext := "png"
	if f, ok := imaging.FormatForMIME(img.MIME); ok {
		ext = string(f)
		if f == imaging.JPEG {
			ext = "jpg"
		}
	}
	return "./parley-" + id + "." + ext
}

// Init is nothing: the path field is focused already.
func (d *Save) Init() tea.Cmd { return nil }

// Update writes on enter, cancels on esc, takes the write's outcome and
// edits the path otherwise.
func (d *Save) Update(msg tea.Msg) (Action, tea.Cmd) {
	switch msg := msg.(type) {
	case savedMsg:
		if msg.err == nil && !msg.exists {
			return ActionSaved{Path: msg.path, Bytes: msg.bytes}, nil
		}
		d.saved(msg)
		return nil, nil
	case tea.KeyPressMsg:
		switch {
		case key.Matches(msg, d.keys.Cancel):
			return ActionClose{}, nil
		case key.Matches(msg, d.keys.Save):
			return nil, d.submit()
		}
	}
	before := d.in.Value()
	var cmd tea.Cmd
	d.in, cmd = d.in.Update(msg)
	if d.in.Value() != before {
		d.confirm, d.err = "", ""
	}
	return nil, cmd
}

// submit starts the write of the typed path.
func (d *Save) submit() tea.Cmd {
	path := common.ExpandHome(strings.TrimSpace(d.in.Value()))
	switch {
	case d.busy:
		return nil
	case path == "":
		d.err = "type the path to save the image to"
		return nil
	}
	d.busy, d.err = true, ""
	return saveImage(d.load, d.img.Blob, path, filepath.Base(defaultSaveName(d.img)), path == d.confirm)
}

// saved shows a failed or refused write; a successful one closes the
// dialog (Update returns ActionSaved).
func (d *Save) saved(msg savedMsg) {
	d.busy = false
	switch {
	case msg.exists:
		// The path may have been a directory: show the file meant.
		d.in.SetValue(msg.path)
		d.in.CursorEnd()
		d.confirm = msg.path
		d.err = msg.path + " exists: enter again to overwrite it"
	case msg.err != nil:
		d.err = common.FirstLine(msg.err.Error())
	}
}

// View draws the path field in a box centred in width × height.
func (d *Save) View(width, height int) string {
	frame := d.styles.Dialog.GetHorizontalFrameSize()
	inner := max(min(width-frame, 76), 10)
	d.in.SetWidth(max(inner-lipgloss.Width(d.in.Prompt)-1, 1))
	title := d.styles.DialogTitle.Render("Save image")
	hint := d.styles.Muted.Render("enter save · esc cancel")
	body := title + "\n\n" + d.in.View() + "\n\n"
	if d.err != "" {
		body += d.styles.ErrorLine.Width(inner).Render(d.err) + "\n"
	}
	body += hint
	if frame+lipgloss.Width(body) <= width && lipgloss.Height(body)+2 <= height {
		body = d.styles.Dialog.Render(body)
	}
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, common.ClipLines(body, height))
}

// saveImage returns the Cmd that writes blob's bytes, exactly as stored,
// to path (a directory gets name inside it), readable by the user only.
// Without overwrite an existing file is never touched: the file is
// created exclusively, so nothing can appear between a check and the
// write.
func saveImage(load func(string) ([]byte, error), blob, path, name string, overwrite bool) tea.Cmd {
	return func() tea.Msg {
		if fi, err := os.Stat(path); err == nil && fi.IsDir() {
			path = filepath.Join(path, name)
		}
		if load == nil {
			return savedMsg{path: path, err: errors.New("no history store: this image's bytes were not kept")}
		}
		data, err := load(blob)
		if err != nil {
			return savedMsg{path: path, err: fmt.Errorf("reading the image: %w", err)}
		}
		flags := os.O_WRONLY | os.O_CREATE | os.O_EXCL
		if overwrite {
			flags = os.O_WRONLY | os.O_CREATE | os.O_TRUNC
		}
		// Private like the store it comes from: the image may be a
		// screenshot of anything.
		f, err := os.OpenFile(path, flags, 0o600)
		if errors.Is(err, fs.ErrExist) {
			return savedMsg{path: path, exists: true}
		}
		if err != nil {
			return savedMsg{path: path, err: err}
		}
		_, err = f.Write(data)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return savedMsg{path: path, err: fmt.Errorf("writing %s: %w", path, err)}
		}
		return savedMsg{path: path, bytes: len(data)}
	}
}
