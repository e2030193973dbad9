package dialog

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"unicode/utf8"

	"parley/ui/common"

	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/media/sanitize"
	"parley/providers"
	"parley/session/catalog"
	"parley/themes"
)

// ModelEntry is one line of the model picker: a "provider/model" with
// whether its provider can be used and what the model takes.
type ModelEntry struct {
	Name   string // "provider/model"
	Usable bool
	Status string // the provider's status line, shown when not usable
	Caps   providers.Caps
	Typed  bool // not from the list: the user typed the name
	// Unlisted marks the model in use when its provider's list lacks it
	// (a name typed with /model or -m, an alias the server resolves): it
	// is still shown, so the picker never hides what is in use.
	Unlisted bool
}

// ListModels lists the providers and their models (Options.Models).
type ListModels func(ctx context.Context) ([]catalog.Provider, error)

// modelsMsg carries the provider catalog to the picker.
type modelsMsg struct {
	entries []ModelEntry
	err     error
}

func (modelsMsg) dialogMsg() {}

// Init returns the Cmd that lists the models.
func (d *Picker) Init() tea.Cmd {
	list, ctx, current := d.list, d.ctx, d.current
	return func() tea.Msg {
		if list == nil {
			return modelsMsg{err: errors.New("no model list is available: type provider/model and press enter")}
		}
		provs, err := list(ctx)
		return modelsMsg{entries: withCurrent(flattenCatalog(provs), provs, current), err: err}
	}
}

// flattenCatalog turns the catalog into picker lines, usable providers
// first (in catalog order).
func flattenCatalog(provs []catalog.Provider) []ModelEntry {
	var usable, other []ModelEntry
	for _, p := range provs {
		for _, md := range p.Models {
			e := ModelEntry{Name: p.Name + "/" + md.ID, Usable: p.Usable, Status: p.Status, Caps: md.Caps}
			if p.Usable {
				usable = append(usable, e)
			} else {
				other = append(other, e)
			}
		}
	}
	return append(usable, other...)
}

// withCurrent adds the model in use, marked Unlisted, when the entries
// lack it; its provider's usability comes from the catalog.
func withCurrent(entries []ModelEntry, provs []catalog.Provider, current string) []ModelEntry {
	if current == "" || slices.ContainsFunc(entries, func(e ModelEntry) bool { return e.Name == current }) {
		return entries
	}
	e := ModelEntry{Name: current, Usable: true, Unlisted: true}
	prov, _, _ := strings.Cut(current, "/")
	for _, p := range provs {
		if p.Name == prov {
			e.Usable, e.Status = p.Usable, p.Status
		}
	}
	return append([]ModelEntry{e}, entries...)
}

// Picker lets the user filter the models and choose one.
type Picker struct {
	noImages
	list    ListModels
	ctx     context.Context
	styles  *themes.Styles
	keys    ListKeyMap
	current string
	filter  string
	all     []ModelEntry
	shown   []ModelEntry
	cursor  int
	loading bool
	err     string
}

// NewPicker is the picker for switching from the model current; Init
// lists the models with list (nil: the user can only type a name).
func NewPicker(ctx context.Context, list ListModels, st *themes.Styles, current string) *Picker {
	d := &Picker{list: list, ctx: ctx, styles: st, keys: DefaultListKeyMap(), current: current, loading: true}
	d.refilter()
	return d
}

// Update handles the model list arriving and the keys.
func (d *Picker) Update(msg tea.Msg) (Action, tea.Cmd) {
	switch msg := msg.(type) {
	case modelsMsg:
		d.loading = false
		d.all = msg.entries
		if msg.err != nil {
			d.err = common.FirstLine(sanitize.String(msg.err.Error()))
		}
		d.refilter()
		d.cursor = max(slices.IndexFunc(d.shown, func(e ModelEntry) bool { return e.Name == d.current }), 0)
	case tea.PasteMsg:
		d.setFilter(d.filter + strings.ReplaceAll(msg.Content, "\n", " "))
	case tea.KeyPressMsg:
		return d.key(msg)
	}
	return nil, nil
}

func (d *Picker) key(msg tea.KeyPressMsg) (Action, tea.Cmd) {
	k := d.keys
	switch {
	case key.Matches(msg, k.Close):
		return ActionClose{}, nil
	case key.Matches(msg, k.Choose):
		if d.cursor < 0 || d.cursor >= len(d.shown) {
			return nil, nil
		}
		return ActionChooseModel{Entry: d.shown[d.cursor]}, nil
	}
	cursor, filter, edited := listKey(k, msg, d.cursor, len(d.shown), d.filter)
	d.cursor = cursor
	if edited {
		d.setFilter(filter)
	}
	return nil, nil
}

func (d *Picker) setFilter(s string) {
	d.filter = sanitize.String(s)
	d.refilter()
	d.cursor = 0
}

// refilter keeps the entries matching the filter, substring matches before
// fuzzy (in-order letters) ones. A filter that names a model not in the
// list ("ollama/llava:13b") is offered as typed.
func (d *Picker) refilter() {
	f := strings.ToLower(strings.TrimSpace(d.filter))
	var sub, fuzzy []ModelEntry
	exact := false
	for _, e := range d.all {
		name := strings.ToLower(e.Name)
		exact = exact || name == f
		switch {
		case strings.Contains(name, f):
			sub = append(sub, e)
		case subsequence(name, f):
			fuzzy = append(fuzzy, e)
		}
	}
	d.shown = append(sub, fuzzy...)
	if typed := strings.TrimSpace(d.filter); !exact && ValidModelName(typed) {
		d.shown = append(d.shown, ModelEntry{Name: typed, Usable: true, Typed: true})
	}
	d.cursor = min(d.cursor, max(len(d.shown)-1, 0))
}

// ValidModelName reports whether s looks like "provider/model".
func ValidModelName(s string) bool {
	p, m, ok := strings.Cut(s, "/")
	return ok && p != "" && m != "" && !strings.ContainsAny(s, " \t")
}

// subsequence reports whether the letters of f appear in s in order.
func subsequence(s, f string) bool {
	for _, r := range f {
		i := strings.IndexRune(s, r)
		if i < 0 {
			return false
		}
		s = s[i+utf8.RuneLen(r):]
	}
	return true
}

// View draws the filter, the list around the cursor and the key hints in
// a box of fixed width. On a short screen the blank lines around the list
// go first, so the list keeps a few rows and the box its border.
func (d *Picker) View(width, height int) string {
	st := d.styles
	inner := max(min(width-st.Dialog.GetHorizontalFrameSize(), 100), 10)
	input := d.filter + st.Accent.Render("▏")
	if d.filter == "" {
		input += st.Muted.Render("type to filter, or a provider/model")
	}
	head := []string{
		st.DialogTitle.Render("Switch model") + st.Muted.Render("  now: "+d.current),
		st.Accent.Render("› ") + input,
	}
	return listDialog(st, head, d.rows, inner, width, height,
		"enter switch (the conversation continues) · ↑/↓ move · esc close",
		"enter switch · ↑/↓ move · esc close")
}

// rows draws at most n list lines, scrolled so the cursor is visible.
func (d *Picker) rows(width, n int) []string {
	st := d.styles
	out := errorLine(st, d.err)
	switch {
	case d.loading:
		out = append(out, st.Muted.Render("loading models…"))
	case len(d.shown) == 0:
		out = append(out, st.Muted.Render("no model matches"))
	}
	return listRows(out, d.cursor, len(d.shown), n, func(i int, sel bool) string { return d.row(d.shown[i], sel, width) })
}

func (d *Picker) row(e ModelEntry, sel bool, width int) string {
	st := d.styles
	mark := cursorMark(st, sel)
	name := e.Name
	if e.Name == d.current {
		name += " •"
	}
	nameStyle := st.Text
	if !e.Usable {
		nameStyle = st.Muted
	}
	var info string
	switch {
	case e.Typed:
		info = "use as typed"
	case !e.Usable:
		info = "✗ " + e.Status
	case e.Unlisted:
		info = "in use · not in the provider's list"
	default:
		info = capsChips(e.Caps)
	}
	pad := max(min(width/2, 44)-ansi.StringWidth(name), 1)
	line := mark + nameStyle.Render(name) + strings.Repeat(" ", pad) + st.Muted.Render(info)
	if sel {
		line = st.Selection.Render(ansi.Truncate(line, width, "…"))
	}
	return line
}

// capsChips is the compact capability summary of a picker line.
func capsChips(c providers.Caps) string {
	var out []string
	if c.Images {
		out = append(out, "images")
	}
	if c.Audio {
		out = append(out, "audio")
	}
	if c.ImageOutput {
		out = append(out, "makes images")
	}
	if c.ContextWindow > 0 {
		out = append(out, fmt.Sprintf("%dk ctx", c.ContextWindow/1000))
	}
	if len(out) == 0 {
		return "text"
	}
	return strings.Join(out, " · ")
}

// Loading reports whether the model list is still on its way.
func (d *Picker) Loading() bool { return d.loading }
