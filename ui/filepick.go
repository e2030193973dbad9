package ui

import (
	"os"
	"path/filepath"
	"strings"

	"parley/ui/common"
	"parley/ui/tray"

	"charm.land/bubbles/v2/filepicker"
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/themes"
)

// filePickDialog is the Bubbles file picker over the image and audio
// files of a directory, starting in the working directory.
type filePickDialog struct {
	noImages
	styles *themes.Styles
	keys   filePickKeyMap
	fp     filepicker.Model
	err    string
}

// openFilePicker pushes the picker and starts reading the directory.
func (m *Model) openFilePicker() tea.Cmd {
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
	fp.SetHeight(max(m.transcript.Height()-8, 3))
	s := filepicker.DefaultStyles()
	s.Cursor = m.styles.Accent
	s.Selected = m.styles.Accent
	s.Directory = m.styles.UserLabel
	s.File = m.styles.Text
	s.DisabledFile = m.styles.Muted
	s.FileSize = m.styles.Muted
	s.EmptyDirectory = m.styles.Muted.SetString("no files here")
	fp.Styles = s
	d := &filePickDialog{styles: m.styles, keys: defaultFilePickKeys(), fp: fp}
	m.dialogs.push(d)
	return fp.Init()
}

// Update passes everything to the picker; esc closes (the picker's own
// back key is left/backspace), a chosen file closes it and is attached.
func (d *filePickDialog) Update(msg tea.Msg) (dialogAction, tea.Cmd) {
	if k, ok := msg.(tea.KeyPressMsg); ok && key.Matches(k, d.keys.Close) {
		return actionClose{}, nil
	}
	var cmd tea.Cmd
	d.fp, cmd = d.fp.Update(msg)
	if ok, path := d.fp.DidSelectFile(msg); ok {
		if !tray.IsMediaFile(path) {
			// The bytes decide, not the name; the picker stays open.
			d.err = filepath.Base(path) + " is not an image or audio file"
			return nil, cmd
		}
		return actionAttachFile{path: path}, nil
	}
	return nil, cmd
}

// View draws the directory, the list and the hints in a box.
func (d *filePickDialog) View(width, height int) string {
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
