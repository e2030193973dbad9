package ui

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/media/clipboard"
	"parley/providers"
	"parley/providers/providertest"
	"parley/session"
	"parley/session/catalog"
	"parley/ui/chat"
	"parley/ui/clip"
	"parley/ui/composer"
	"parley/ui/convo"
	"parley/ui/dialog"
	"parley/ui/images"
	"parley/ui/tray"
)

// featureMsg reports the messages of the pickers, attachments and inspect
// dialog, which the runner feeds back to Update.
func featureMsg(msg tea.Msg) bool {
	switch msg.(type) {
	case tray.Msg, dialog.Msg, images.Msg, composer.Msg, clip.Copied, convo.Msg, chat.Msg:
		return true
	}
	return strings.HasSuffix(reflect.TypeOf(msg).PkgPath(), "bubbles/v2/filepicker")
}

// pngBytes encodes a w×h PNG with a little structure (not one flat colour).
func pngBytes(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.Set(x, y, color.RGBA{uint8(x / 8), uint8(y / 8), 90, 255})
		}
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// writeFile writes data to dir/name and returns the path.
func writeFile(t testing.TB, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func openStore(t testing.TB) *session.Store {
	t.Helper()
	st, err := session.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	return st
}

// gpt4o is gpt-4o's table entry: the OpenAI tile method, whose worked
// example is 1024×1024 → 768×768 → 4 tiles → 85 + 4·170 = 765 tokens.
func gpt4o() providers.Caps { return providers.LookupCaps(providers.ProtocolOpenAI, "gpt-4o") }

// textOnlyCaps is a model that takes no images (set, so it is enforced).
func textOnlyCaps() providers.Caps { return providers.Caps{Tools: true, ContextWindow: 8000} }

// factory records the models turns were made for; every turn stores in st
// and gets the caps capsOf gives.
type factory struct {
	mu     sync.Mutex
	models []string
	p      providers.Provider
	st     *session.Store
	capsOf func(string) providers.Caps
}

func (f *factory) turn(model string) (*session.Turn, error) {
	f.mu.Lock()
	f.models = append(f.models, model)
	f.mu.Unlock()
	caps := f.capsOf(model)
	return &session.Turn{Store: f.st, Provider: f.p, Model: model, Caps: &caps}, nil
}

func (f *factory) calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.models...)
}

// attachModel is a model with a store, gpt-4o caps for every model but
// "fake/text-only", and the given provider.
func attachModel(t testing.TB, p *providertest.Provider, opts Options) (*Model, *runner, *factory) {
	t.Helper()
	capsOf := func(model string) providers.Caps {
		if strings.HasSuffix(model, "text-only") {
			return textOnlyCaps()
		}
		return gpt4o()
	}
	f := &factory{p: p, st: openStore(t), capsOf: capsOf}
	opts.Store, opts.Turns = f.st, f.turn
	if opts.Caps == nil {
		opts.Caps = capsOf
	}
	m := newTestModel(t, p, opts)
	return m, newRunner(t, m), f
}

func catalogFixture() []catalog.Provider {
	return []catalog.Provider{
		{Name: "openai", Type: "openai", Usable: true, Status: "key set (from OPENAI_API_KEY)", Models: []catalog.Model{
			{ID: "gpt-4o", Caps: gpt4o(), Listed: true},
			{ID: "gpt-4o-mini", Caps: providers.LookupCaps(providers.ProtocolOpenAI, "gpt-4o-mini"), Listed: true},
		}},
		{Name: "anthropic", Type: "anthropic", Status: "no key: set ANTHROPIC_API_KEY", Models: []catalog.Model{
			{ID: "claude-sonnet-4-5", Caps: providers.LookupCaps(providers.ProtocolAnthropic, "claude-sonnet-4-5")},
		}},
		{Name: "local", Type: "ollama", Usable: true, Status: "reachable", Models: []catalog.Model{
			{ID: "llama3.2", Listed: true},
		}},
	}
}

func TestPickerFiltersAndSwitchesModelKeepingConversation(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("an answer")}
	m, r, f := attachModel(t, p, Options{Model: "openai/gpt-4o",
		Models: func(context.Context) ([]catalog.Provider, error) { return catalogFixture(), nil }})
	r.send(submitMsg{text: "one"})
	r.until("first reply", func() bool { return !m.chat.Busy() })
	conv := m.chat.ConvID()
	if conv == 0 {
		t.Fatal("the first turn stored no conversation")
	}

	r.press('p', tea.ModCtrl)
	d, ok := m.dialogs.Top().(*dialog.Picker)
	if !ok {
		t.Fatalf("ctrl+p opened %T, want the model picker", m.dialogs.Top())
	}
	if !strings.Contains(plainView(m), "loading models") && d.Loading() {
		t.Errorf("picker shows no loading line while the list loads:\n%s", plainView(m))
	}
	r.until("the model list", func() bool { return !d.Loading() })
	view := plainView(m)
	for _, want := range []string{"openai/gpt-4o", "openai/gpt-4o-mini", "local/llama3.2", "no key: set ANTHROPIC_API_KEY", "images"} {
		if !strings.Contains(view, want) {
			t.Errorf("picker lacks %q:\n%s", want, view)
		}
	}
	r.typeText("MINI")
	view = plainView(m)
	if !strings.Contains(view, "openai/gpt-4o-mini") || strings.Contains(view, "llama3.2") || strings.Contains(view, "claude") {
		t.Errorf("filter MINI shows the wrong lines:\n%s", view)
	}
	r.press(tea.KeyEnter, 0)
	r.until("the switch", func() bool { return m.opts.Model == "openai/gpt-4o-mini" })
	if m.dialogs.Top() != nil {
		t.Error("the picker stayed open after enter")
	}
	if !strings.Contains(m.status.View(80), "openai/gpt-4o-mini") {
		t.Errorf("status bar does not name the new model: %q", m.status.View(80))
	}

	r.send(submitMsg{text: "two"})
	r.until("second reply", func() bool { return !m.chat.Busy() })
	if got := f.calls(); !reflect.DeepEqual(got, []string{"openai/gpt-4o", "openai/gpt-4o-mini"}) {
		t.Errorf("turns made for %v, want the new model for the second turn", got)
	}
	if m.chat.ConvID() != conv {
		t.Errorf("conversation %d after the switch, want %d kept", m.chat.ConvID(), conv)
	}
	reqs := p.Requests()
	if len(reqs) != 2 || len(reqs[1].Messages) != 3 {
		t.Fatalf("second request has %d messages, want the history plus the new one", len(reqs[len(reqs)-1].Messages))
	}
	if got := reqs[1].Messages[0].Parts[0].(providers.TextPart).Text; got != "one" {
		t.Errorf("history starts with %q, want the first question", got)
	}
	stored, err := f.st.Conversation(conv)
	if err != nil || len(stored.Messages) != 4 {
		t.Fatalf("stored conversation: %v, %d messages, want 4 in one conversation", err, len(stored.Messages))
	}
}

// chipLabels is the tray's chip texts.
func chipLabels(m *Model) []string {
	var out []string
	for _, a := range m.tray.Chips() {
		out = append(out, a.Label())
	}
	return out
}

func TestCtrlVPastesImageTextOrSaysWhatToInstall(t *testing.T) {
	shot := pngBytes(t, 1024, 1024)
	var content clipboard.Content
	var readErr error
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{Clipboard: func(ctx context.Context) (clipboard.Content, error) {
		if _, ok := ctx.Deadline(); !ok {
			return clipboard.Content{}, errors.New("clipboard read without a timeout")
		}
		return content, readErr
	}})
	r.typeText("what is this?")

	content = clipboard.Content{Image: shot, MIME: "image/png"}
	r.press('v', tea.ModCtrl)
	r.until("the pasted image", func() bool { return m.tray.Len() == 1 })
	want := "clipboard.png 1024×1024 → 768×768 · ≈765 tok"
	if got := m.tray.Chips()[0].Label(); got != want {
		t.Errorf("chip = %q, want %q", got, want)
	}
	if !strings.Contains(plainView(m), want) {
		t.Errorf("the tray is not on screen:\n%s", plainView(m))
	}
	if got := m.composer.Value(); got != "what is this?" {
		t.Errorf("composer = %q, the typed text must stay", got)
	}

	content = clipboard.Content{Text: " pasted words"}
	r.press('v', tea.ModCtrl)
	r.until("the pasted text", func() bool { return strings.HasSuffix(m.composer.Value(), "pasted words") })
	if notice(m) != "" || strings.Contains(plainView(m), "reading the clipboard") {
		t.Errorf("pasting text left the notice %q on screen", notice(m))
	}

	content, readErr = clipboard.Content{}, fmt.Errorf("%w: install wl-clipboard (Wayland) or xclip (X11)", clipboard.ErrNoTool)
	r.press('v', tea.ModCtrl)
	r.until("the notice", func() bool { return noticeErr(m) })
	if !strings.Contains(plainView(m), "install wl-clipboard (Wayland) or xclip (X11)") {
		t.Errorf("no-tool notice not shown:\n%s", plainView(m))
	}
	if m.tray.Len() != 1 || m.composer.Value() != "what is this? pasted words" {
		t.Errorf("a failed paste lost something: %d chips, composer %q", m.tray.Len(), m.composer.Value())
	}
}

func TestPastedPathsBecomeChipsOtherTextStays(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "my shot.png", pngBytes(t, 300, 200))
	b := writeFile(t, dir, "b.png", pngBytes(t, 64, 64))
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{})

	r.send(tea.PasteMsg{Content: "'" + a + "' file://" + b})
	r.until("two chips", func() bool { return m.tray.Len() == 2 })
	if got := chipLabels(m); !strings.HasPrefix(got[0], "my shot.png 300×200 · ≈") || !strings.HasPrefix(got[1], "b.png 64×64") {
		t.Errorf("chips = %q", got)
	}
	if m.composer.Value() != "" {
		t.Errorf("pasted paths also went into the composer: %q", m.composer.Value())
	}

	missing := filepath.Join(dir, "gone.png")
	r.send(tea.PasteMsg{Content: missing})
	if got := m.composer.Value(); got != missing || m.tray.Len() != 2 {
		t.Errorf("a path that does not exist should stay text: composer %q, %d chips", got, m.tray.Len())
	}
}

func TestTypedPathsAttachOnEnterAndBadFilesSayWhy(t *testing.T) {
	dir := t.TempDir()
	good := writeFile(t, dir, "good.png", pngBytes(t, 40, 30))
	fake := writeFile(t, dir, "notes.png", []byte("hello, this is text"))
	p := &providertest.Provider{Events: providertest.Reply("x")}
	m, r, _ := attachModel(t, p, Options{})

	r.typeText(good)
	r.press(tea.KeyEnter, 0)
	r.until("the typed path's chip", func() bool { return m.tray.Len() == 1 })
	if m.composer.Value() != "" || m.chat.Busy() {
		t.Errorf("typed path: composer %q, sent %v", m.composer.Value(), m.chat.Busy())
	}

	r.typeText(fake)
	r.press(tea.KeyEnter, 0)
	r.until("the refusal", func() bool { return noticeErr(m) })
	if !strings.Contains(plainView(m), `notes.png: not an image (starts with "hello, t")`) {
		t.Errorf("bad file notice:\n%s", plainView(m))
	}
	if m.composer.Value() != fake || m.tray.Len() != 1 {
		t.Errorf("a failed attach lost the typed text or added a chip: %q, %d", m.composer.Value(), m.tray.Len())
	}
	if len(p.Requests()) != 0 {
		t.Error("attaching sent a message")
	}
}

// TestSmokeAttach runs the real program with a store, a model list and
// gpt-4o caps, for a manual check of the picker and tray in tmux:
//
//	go test -c -o /tmp/ui.test ./ui
//	tmux new-session -d -x 100 -y 30 'PARLEY_UI_SMOKE=attach /tmp/ui.test -test.run TestSmokeAttach'
func TestSmokeAttach(t *testing.T) {
	if os.Getenv("PARLEY_UI_SMOKE") != "attach" {
		t.Skip("set PARLEY_UI_SMOKE=attach and run in a terminal")
	}
	p := &providertest.Provider{Events: providertest.Reply("I see ", "an image.")}
	st := openStore(t)
	err := Run(t.Context(), Options{
		Model: "openai/gpt-4o", Store: st,
		Turns: func(model string) (*session.Turn, error) {
			c := gpt4o()
			return &session.Turn{Store: st, Provider: p, Model: model, Caps: &c}, nil
		},
		Models:  func(context.Context) ([]catalog.Provider, error) { return catalogFixture(), nil },
		Caps:    func(string) providers.Caps { return gpt4o() },
		Version: "smoke",
	})
	if err != nil {
		t.Fatal(err)
	}
}
