package dialog

import (
	"strconv"
	"strings"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"

	"parley/media/sanitize"
	"parley/session"
	"parley/themes"
	"parley/ui/common"
)

// defaultTail is the line count the tail toggle offers for a log.
const defaultTail = 200

// DocInspectKeyMap is the document inspect dialog's: apply the pages or
// tail typed, toggle sending only a log's end, close.
type DocInspectKeyMap struct {
	Apply, Tail, Close key.Binding
}

// DefaultDocInspectKeyMap is enter applies, tab toggles the tail, esc
// closes.
func DefaultDocInspectKeyMap() DocInspectKeyMap {
	return DocInspectKeyMap{
		Apply: key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "apply")),
		Tail:  key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "last lines only (text files)")),
		Close: key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "close")),
	}
}

// ShortHelp is apply, tail and close (help.KeyMap).
func (k DocInspectKeyMap) ShortHelp() []key.Binding { return []key.Binding{k.Apply, k.Tail, k.Close} }

// FullHelp is apply, tail and close (help.KeyMap).
func (k DocInspectKeyMap) FullHelp() [][]key.Binding { return [][]key.Binding{k.ShortHelp()} }

// DocInspect shows what exactly a document chip sends to the model in use
// (the document itself, N page images and the text layer, or text only;
// what a cap leaves out) and edits it: a PDF's page range ("1-5",
// "2,4-6", "7-"), a text file's last lines. The plan is redone on every
// edit, so the dialog always says what Enter would make the chip send.
type DocInspect struct {
	styles *themes.Styles
	keys   DocInspectKeyMap
	id     int
	doc    session.Document
	model  string
	plan   func(session.Part) session.SendPlan
	in     textinput.Model
	// edited is doc with the typed range or tail; err says why the text
	// typed is not one.
	edited session.Document
	err    string
	// src renders and draws thumbs, the first pages (docthumbs.go).
	src    DocSource
	thumbs []session.Image
}

// NewDocInspect is the dialog for document chip id holding doc, planned
// for model by plan (nil: the model's caps are unknown); src draws its
// first pages.
func NewDocInspect(st *themes.Styles, id int, doc session.Document, model string, plan func(session.Part) session.SendPlan, src DocSource) *DocInspect {
	in := textinput.New()
	in.Prompt = "pages: "
	in.Placeholder = "all"
	value := doc.PageRange
	if !doc.IsPDF() {
		in.Prompt = "last lines: "
		if doc.Tail > 0 {
			value = strconv.Itoa(doc.Tail)
		}
	}
	in.SetValue(value)
	in.CursorEnd()
	in.Focus()
	d := &DocInspect{styles: st, keys: DefaultDocInspectKeyMap(), id: id, doc: doc, model: model, plan: plan, in: in, src: src}
	d.reparse()
	return d
}

// Init renders a PDF's first pages for the thumbnails.
func (d *DocInspect) Init() tea.Cmd { return d.thumbsCmd() }

// Update applies on enter (when what is typed is valid), toggles the tail
// on tab, closes on esc and edits the field otherwise.
func (d *DocInspect) Update(msg tea.Msg) (Action, tea.Cmd) {
	if m, ok := msg.(docThumbsMsg); ok {
		if m.id == d.id {
			d.thumbs = m.thumbs
		}
		return nil, nil
	}
	if k, ok := msg.(tea.KeyPressMsg); ok {
		switch {
		case key.Matches(k, d.keys.Close):
			return ActionClose{}, nil
		case key.Matches(k, d.keys.Apply):
			if d.err != "" {
				return nil, nil
			}
			return ActionSetDocument{ID: d.id, Doc: d.edited}, nil
		case key.Matches(k, d.keys.Tail):
			if !d.doc.IsPDF() {
				next := strconv.Itoa(defaultTail)
				if strings.TrimSpace(d.in.Value()) != "" {
					next = "" // back to the whole file
				}
				d.in.SetValue(next)
				d.in.CursorEnd()
				d.reparse()
			}
			return nil, nil
		}
	}
	var cmd tea.Cmd
	d.in, cmd = d.in.Update(msg)
	d.reparse()
	return nil, cmd
}

// reparse checks what is typed against the document (a page past the
// end, a backwards range, a line count that is not a number).
func (d *DocInspect) reparse() {
	v := strings.TrimSpace(d.in.Value())
	var err error
	if d.doc.IsPDF() {
		if v == "all" {
			v = ""
		}
		d.edited, err = d.doc.WithPages(v)
	} else {
		n := 0
		if v != "" {
			if n, err = strconv.Atoi(v); err != nil || n < 0 {
				d.err = "last lines: type a number of lines, or nothing for the whole file"
				return
			}
		}
		d.edited, err = d.doc.WithTail(n)
	}
	d.err = ""
	if err != nil {
		d.err = common.FirstLine(sanitize.String(err.Error()))
	}
}

// Edited is the document as Enter would set it.
func (d *DocInspect) Edited() session.Document { return d.edited }

// View draws the facts, what is sent, the first pages, the field and the
// hints in a box.
func (d *DocInspect) View(width, height int) string {
	head, tail := d.text(width)
	g := d.geometry(width, height, head, tail)
	if !g.framed {
		return lipgloss.Place(width, height, lipgloss.Center, lipgloss.Center, common.ClipLines(strings.Join(g.lines, "\n"), height))
	}
	return d.draw(g, width, height)
}

// text is the dialog's lines above and below the thumbnails.
func (d *DocInspect) text(width int) (head, tail []string) {
	st := d.styles
	inner := max(min(width-st.Dialog.GetHorizontalFrameSize(), 76), 10)
	d.in.SetWidth(max(inner-lipgloss.Width(d.in.Prompt)-1, 1))
	head = []string{st.DialogTitle.Render("Inspect " + sanitize.String(d.doc.Name)), ""}
	head = append(head, strings.Split(st.Text.Width(inner).Render(d.sends()), "\n")...)
	if d.err != "" {
		head = append(head, strings.Split(st.ErrorLine.Width(inner).Render(d.err), "\n")...)
	}
	hint := "enter apply · esc close"
	if !d.doc.IsPDF() {
		hint = "enter apply · tab last " + strconv.Itoa(defaultTail) + " lines / all · esc close"
	}
	return head, []string{"", d.in.View(), "", st.Muted.Render(hint)}
}

// sends says what the edited document sends to the model: the plan's
// summary and notice, or its refusal.
func (d *DocInspect) sends() string {
	if d.plan == nil {
		return "the capabilities of " + d.model + " are not known: the file is sent as it is"
	}
	p := d.plan(d.edited)
	if p.Err != nil {
		return "cannot go to " + d.model + ": " + common.FirstLine(p.Err.Error())
	}
	s := "sent to " + d.model + ": " + p.Summary
	if p.Notice != "" {
		s += "\n" + p.Notice
	}
	return sanitize.String(s)
}
