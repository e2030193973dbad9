package dialog

import (
	"os"
	"path/filepath"
	"strings"

	"parley/ui/common"

	"charm.land/bubbles/v2/filepicker"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/themes"
)

// FilePicker is the Bubbles file picker over the image and audio files
// of a directory, starting in the working directory.
type FilePicker struct {
	noImages
	styles *themes.Styles
	keys   FilePickKeyMap
	fp     filepicker.Model
	// isMedia is the root's sniff of a chosen file (attach.go).
	isMedia func(path string) bool
	err     string
}

// NewFilePicker is the picker in the working directory, listing about
// height rows until its View is given the real size. isMedia tells a
// file parley can attach by its bytes (the name does not decide).
func NewFilePicker(st *themes.Styles, height int, isMedia func(path string) bool) *FilePicker {
	fp := filepicker.New()
	// No extension filter: any file may be an image or audio (an
	// extension-less screenshot); storing it sniffs the bytes and says
	// clearly what is wrong with anything else.
	fp.AllowedTypes = nil
	fp.ShowPermissions = false
	fp.AutoHeight = false
	if wd, err := os.Getwd(); err == nil {
		fp.CurrentDirectory = wd
	}
	fp.SetHeight(max(height-8, 3))
	s := filepicker.DefaultStyles()
	s.Cursor = st.Accent
	s.Selected = st.Accent
	s.Directory = st.UserLabel
	s.File = st.Text
	s.DisabledFile = st.Muted
	s.FileSize = st.Muted
	s.EmptyDirectory = st.Muted.SetString("no files here")
	fp.Styles = s
	return &FilePicker{styles: st, keys: DefaultFilePickKeyMap(), fp: fp, isMedia: isMedia}
}

// Init starts reading the directory.
func (d *FilePicker) Init() tea.Cmd { return wrap(d.fp.Init()) }

// Update passes everything to the picker; esc closes (the picker's own
// back key is left/backspace), a chosen file closes it and is attached.
func (d *FilePicker) Update(msg tea.Msg) (Action, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, d.keys.Close) {
		return ActionClose{}, nil
	}
	var cmd tea.Cmd
	d.fp, cmd = d.fp.Update(msg)
	if ok, path := d.fp.DidSelectFile(msg); ok {
		if d.isMedia != nil && !d.isMedia(path) {
			// The bytes decide, not the name; the picker stays open.
			d.err = filepath.Base(path) + " is not an image or audio file"
			return nil, wrap(cmd)
		}
		return ActionAttachFile{Path: path}, nil
	}
	return nil, wrap(cmd)
}

// View draws the directory, the list and the hints in a box.
func (d *FilePicker) View(width, height int) string {
	st := d.styles
	frame := st.Dialog.GetHorizontalFrameSize()
	inner := max(min(width-frame, 90), 10)
	d.fp.SetHeight(max(height-9, 1))
	lines := []string{st.DialogTitle.Render("Attach a file") + st.Muted.Render("  "+d.fp.CurrentDirectory), ""}
	lines = append(lines, strings.Split(strings.TrimRight(d.fp.View(), "\n"), "\n")...)
	if d.err != "" {
		lines = append(lines, st.ErrorLine.Render(d.err))
	}
	lines = append(lines, "", st.Muted.Render("enter open/attach · ← back · ↑/↓ move · esc close"))
	for i, l := range lines {
		lines[i] = ansi.Truncate(l, inner, "…")
	}
	box := strings.Join(lines, "\n")
	if frame+lipgloss.Width(box) <= width && lipgloss.Height(box)+2 <= height {
		box = st.Dialog.Render(box)
	}
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, common.ClipLines(box, height))
}
