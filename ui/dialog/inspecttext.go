package dialog

import (
	"bytes"
	"fmt"
	"strings"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/media/sanitize"
	"parley/session"
	"parley/themes"
	"parley/ui/common"
)

// previewLines is the most lines of a text chip the inspect dialog reads:
// more than any screen shows, and a bounded read of a 1 MB paste.
const previewLines = 200

// textPreviewMsg is the first lines of a text chip's stored bytes.
type textPreviewMsg struct {
	blob  string
	lines []string
	err   error
}

func (textPreviewMsg) dialogMsg() {}

// InspectText shows what the model is sent of a text chip (a large
// paste): the facts and its first lines, which fit the screen.
type InspectText struct {
	noImages
	styles *themes.Styles
	keys   InspectKeyMap
	doc    session.Document
	model  string
	store  *session.Store
	lines  []string
	loaded bool
	err    string
}

// NewInspectText is the inspect dialog for text doc, sent to model;
// store reads its bytes (nil: only the facts are shown).
func NewInspectText(st *themes.Styles, doc session.Document, model string, store *session.Store) *InspectText {
	return &InspectText{styles: st, keys: DefaultInspectKeyMap(), doc: doc, model: model, store: store}
}

// Init reads the first lines in a Cmd: the blob is on disk.
func (d *InspectText) Init() tea.Cmd {
	store, blob := d.store, d.doc.Blob
	return func() tea.Msg {
		if store == nil {
			return textPreviewMsg{blob: blob, err: fmt.Errorf("the text is not kept: %s", noStoreText)}
		}
		data, err := store.Blob(blob)
		if err != nil {
			return textPreviewMsg{blob: blob, err: err}
		}
		return textPreviewMsg{blob: blob, lines: firstLines(data, previewLines)}
	}
}

// firstLines is data's first n lines, made safe for the screen: tabs as
// spaces, terminal controls (escapes, bidi overrides) removed.
func firstLines(data []byte, n int) []string {
	var out []string
	for len(data) > 0 && len(out) < n {
		line := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			line, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		out = append(out, sanitize.String(strings.ReplaceAll(string(line), "\t", "    ")))
	}
	return out
}

// Update takes the preview and closes on esc, enter or q.
func (d *InspectText) Update(msg tea.Msg) (Action, tea.Cmd) {
	switch msg := msg.(type) {
	case textPreviewMsg:
		if msg.blob == d.doc.Blob {
			d.lines, d.loaded = msg.lines, true
			if msg.err != nil {
				d.err = common.FirstLine(msg.err.Error())
			}
		}
	case tea.KeyPressMsg:
		if key.Matches(msg, d.keys.Close) {
			return ActionClose{}, nil
		}
	}
	return nil, nil
}

// View draws the facts and as many first lines as fit, in a box centred
// in width × height.
func (d *InspectText) View(width, height int) string {
	st := d.styles
	frame := st.Dialog.GetHorizontalFrameSize()
	inner := max(min(width-frame, 100), 10)
	head := []string{
		st.DialogTitle.Render(ansi.Truncate(sanitize.String(d.doc.Name)+" · what "+sanitize.String(d.model)+" is sent", inner, "…")),
		"",
		st.Muted.Render(ansi.Truncate(fmt.Sprintf("sent as text · %s lines · %s · %s", common.Thousands(d.doc.Lines),
			common.HumanBytes(d.doc.Bytes), common.ApproxTokens(session.TextTokens(d.doc.Bytes))), inner, "…")),
		"",
	}
	switch {
	case d.err != "":
		head = append(head, st.ErrorLine.Render(ansi.Truncate(d.err, inner, "…")))
	case !d.loaded:
		head = append(head, st.Muted.Render("reading…"))
	}
	foot := []string{"", st.Muted.Render("esc close")}
	room := max(height-2-len(head)-len(foot)-1, 1) // the box's border, and the "more" line
	shown := d.lines[:min(len(d.lines), room)]
	body := make([]string, 0, len(shown)+1)
	for _, l := range shown {
		body = append(body, st.Text.Render(ansi.Truncate(l, inner, "…")))
	}
	if more := d.doc.Lines - len(shown); d.loaded && d.err == "" && more > 0 {
		body = append(body, st.Muted.Render(fmt.Sprintf("… %s more lines", common.Thousands(more))))
	}
	lines := append(append(head, body...), foot...)
	out := strings.Join(lines, "\n")
	if frame+lipgloss.Width(out) <= width && len(lines)+2 <= height {
		out = st.Dialog.Render(out)
	}
	return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, common.ClipLines(out, height))
}
