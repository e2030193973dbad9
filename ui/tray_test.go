package ui

import (
	"bytes"
	"image/png"
	"path/filepath"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/media/audio"
	"parley/providers"
	"parley/providers/providertest"
	"parley/session"
	"parley/ui/dialog"
)

// attachN puts files into the tray through a paste and waits for them.
func attachN(t *testing.T, m *Model, r *runner, files ...string) {
	t.Helper()
	want := m.tray.Len() + len(files)
	r.send(tea.PasteMsg{Content: strings.Join(files, "\n")})
	r.until("the chips", func() bool { return m.tray.Len() == want })
}

func TestAttachCommandWithTabCompletion(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "shot.png", pngBytes(t, 50, 40))
	writeFile(t, dir, "shot2.png", pngBytes(t, 20, 10))
	writeFile(t, dir, "shots.txt", []byte("offered too: text attaches"))
	writeFile(t, dir, "shelf/inner.png", pngBytes(t, 8, 8))
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{})

	r.typeText("/att")
	r.press(tea.KeyTab, 0)
	if got := m.composer.Value(); got != "/attach " {
		t.Fatalf("tab after /att = %q, want %q", got, "/attach ")
	}
	r.typeText(dir + "/sh")
	var seen []string
	for range 4 {
		r.press(tea.KeyTab, 0)
		seen = append(seen, strings.TrimPrefix(m.composer.Value(), "/attach "+dir+"/"))
	}
	if want := []string{"shelf/", "shot.png", "shot2.png", "shots.txt"}; strings.Join(seen, ",") != strings.Join(want, ",") {
		t.Errorf("tab cycled through %q, want %q (directories and files)", seen, want)
	}
	r.press(tea.KeyTab, 0) // shelf/, wrapping
	r.press(tea.KeyTab, 0) // shot.png
	r.press(tea.KeyEnter, 0)
	r.until("the attached file", func() bool { return m.tray.Len() == 1 })
	if got := m.tray.Chips()[0].Label(); !strings.HasPrefix(got, "shot.png 50×40") {
		t.Errorf("chip = %q", got)
	}
	if m.composer.Value() != "" {
		t.Errorf("composer after /attach = %q, want empty", m.composer.Value())
	}

	r.typeText("/attach " + filepath.Join(dir, "nope.png"))
	r.press(tea.KeyEnter, 0)
	if !strings.HasSuffix(notice(m), "nope.png: no such file") || !noticeErr(m) || m.tray.Len() != 1 {
		t.Errorf("a missing file is not reported:\n%s", plainView(m))
	}
}

func TestChipSelectionAndDelete(t *testing.T) {
	dir := t.TempDir()
	a := writeFile(t, dir, "a.png", pngBytes(t, 10, 10))
	b := writeFile(t, dir, "b.png", pngBytes(t, 12, 12))
	c := writeFile(t, dir, "c.png", pngBytes(t, 14, 14))
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{})
	attachN(t, m, r, a, b, c)

	r.press(tea.KeyUp, 0)
	if m.tray.SelectedIndex() != 2 {
		t.Fatalf("up from an empty composer selected %d, want the last chip", m.tray.SelectedIndex())
	}
	r.press(tea.KeyLeft, 0)
	r.press(tea.KeyDelete, 0)
	if got := names(m); got != "a.png,c.png" {
		t.Errorf("after left+del: %s, want b.png removed", got)
	}
	r.press('1', tea.ModAlt)
	if m.tray.SelectedIndex() != 0 {
		t.Errorf("alt+1 selected %d", m.tray.SelectedIndex())
	}
	r.press(tea.KeyBackspace, 0)
	if got := names(m); got != "c.png" {
		t.Errorf("after alt+1, backspace: %s", got)
	}
	r.press(tea.KeyEscape, 0)
	if m.tray.Selected() != nil {
		t.Error("esc did not give the keys back to the composer")
	}
	r.typeText("x")
	r.press(tea.KeyUp, 0)
	if m.tray.Selected() != nil || m.composer.Value() != "x" {
		t.Error("up with text in the composer selected a chip")
	}
	r.press(tea.KeyBackspace, 0) // edits the text, not the tray
	if m.tray.Len() != 1 || m.composer.Value() != "" {
		t.Errorf("backspace in the composer: %d chips, text %q", m.tray.Len(), m.composer.Value())
	}
}

func names(m *Model) string {
	var out []string
	for _, a := range m.tray.Chips() {
		out = append(out, a.Name())
	}
	return strings.Join(out, ",")
}

func TestRefusedTurnKeepsChipsAndText(t *testing.T) {
	dir := t.TempDir()
	img := writeFile(t, dir, "err.png", pngBytes(t, 100, 80))
	p := &providertest.Provider{Events: providertest.Reply("seen")}
	m, r, f := attachModel(t, p, Options{Model: "fake/text-only"})
	attachN(t, m, r, img)
	if got := m.tray.Chips()[0].Label(); got != "err.png 100×80 · fake/text-only takes no images (if it does: [models] images = true)" || !m.tray.Chips()[0].Refused() {
		t.Errorf("chip for a text-only model = %q", got)
	}

	r.typeText("what is wrong?")
	r.press(tea.KeyEnter, 0)
	r.until("the refusal", func() bool { return !m.chat.Busy() })
	view := plainView(m)
	if !strings.Contains(view, "text-only cannot read images; switch with Ctrl+P") {
		t.Errorf("refusal not shown:\n%s", view)
	}
	if m.composer.Value() != "what is wrong?" || m.tray.Len() != 1 {
		t.Errorf("refused turn lost input: composer %q, %d chips", m.composer.Value(), m.tray.Len())
	}
	if m.chat.Len() != 0 || len(p.Requests()) != 0 || m.chat.ConvID() != 0 {
		t.Errorf("refused turn left %d entries, %d requests, conversation %d", m.chat.Len(), len(p.Requests()), m.chat.ConvID())
	}
	if m.status.Title() != "" {
		t.Errorf("refused turn left the title %q", m.status.Title())
	}

	// With something else in the transcript (a notice), the unsent text
	// must not stay as the title either.
	m.chat.Notice("an earlier notice", true)
	r.press(tea.KeyEnter, 0)
	r.until("the second refusal", func() bool { return !m.chat.Busy() })
	if m.status.Title() != "" || strings.Contains(windowTitle(m.status.Title()), "what is wrong") {
		t.Errorf("after a refused send the title is %q (window %q), want the previous (none)", m.status.Title(), windowTitle(m.status.Title()))
	}

	// Switching to a model that sees sends the same message with the image.
	r.run(m.handleAction(dialog.ActionChooseModel{Entry: dialog.ModelEntry{Name: "fake/vision", Usable: true, Typed: true}}))
	if got := m.tray.Chips()[0].Label(); got != "err.png 100×80 · ≈255 tok" {
		t.Errorf("chip after the switch = %q", got)
	}
	r.press(tea.KeyEnter, 0)
	r.until("the reply", func() bool { return !m.chat.Busy() && len(p.Requests()) == 1 })
	if m.tray.Len() != 0 || m.composer.Value() != "" {
		t.Errorf("after a stored turn: %d chips, composer %q, want both cleared", m.tray.Len(), m.composer.Value())
	}
	parts := p.Requests()[0].Messages[0].Parts
	if len(parts) != 2 {
		t.Fatalf("request parts = %#v, want text and image", parts)
	}
	ip, ok := parts[1].(providers.ImagePart)
	if !ok || ip.MIME != "image/png" {
		t.Fatalf("second part = %#v, want a PNG image", parts[1])
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader(ip.Data)); err != nil || cfg.Width != 100 || cfg.Height != 80 {
		t.Errorf("sent image %v %dx%d, want the 100×80 PNG", err, cfg.Width, cfg.Height)
	}
	if got := f.calls(); len(got) != 3 || got[2] != "fake/vision" {
		t.Errorf("factory calls %v", got)
	}
	if !strings.Contains(plainView(m), "▣ err.png · 100×80") {
		t.Errorf("the transcript does not list the image:\n%s", plainView(m))
	}
}

func TestLargeImageFittedOnSendAndReSentOnFollowUp(t *testing.T) {
	dir := t.TempDir()
	img := writeFile(t, dir, "big.png", pngBytes(t, 1024, 1024))
	p := &providertest.Provider{Events: providertest.Reply("ok")}
	m, r, _ := attachModel(t, p, Options{})
	attachN(t, m, r, img)
	r.typeText("look")
	r.press(tea.KeyEnter, 0)
	r.until("first reply", func() bool { return !m.chat.Busy() })
	r.send(submitMsg{text: "and again"})
	r.until("second reply", func() bool { return !m.chat.Busy() && len(p.Requests()) == 2 })
	for i, req := range p.Requests() {
		ip, ok := req.Messages[0].Parts[1].(providers.ImagePart)
		if !ok {
			t.Fatalf("request %d: first message parts %#v, want the image", i, req.Messages[0].Parts)
		}
		cfg, err := png.DecodeConfig(bytes.NewReader(ip.Data))
		if err != nil || cfg.Width != 768 || cfg.Height != 768 {
			t.Errorf("request %d: image %v %d×%d, want fitted to 768×768 for gpt-4o", i, err, cfg.Width, cfg.Height)
		}
	}
}

func TestChipsReestimateOnModelSwitch(t *testing.T) {
	dir := t.TempDir()
	img := writeFile(t, dir, "shot.png", pngBytes(t, 1024, 1024))
	caps := map[string]providers.Caps{
		"openai/gpt-4o":   providers.LookupCaps(providers.ProtocolOpenAI, "gpt-4o"),
		"gemini/flash":    providers.LookupCaps(providers.ProtocolGemini, "gemini-2.5-flash"),
		"local/text-only": {ContextWindow: 4096},
	}
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{Model: "openai/gpt-4o",
		Caps: func(model string) providers.Caps { return caps[model] }})
	attachN(t, m, r, img)
	want := map[string]string{
		"openai/gpt-4o":   "shot.png 1024×1024 → 768×768 · ≈765 tok",
		"gemini/flash":    "shot.png 1024×1024 · ≈1.0k tok", // 4 tiles of 768 px · 258
		"local/text-only": "shot.png 1024×1024 · local/text-only takes no images (if it does: [models] images = true)",
	}
	for _, model := range []string{"gemini/flash", "local/text-only", "openai/gpt-4o"} {
		r.run(m.handleAction(dialog.ActionChooseModel{Entry: dialog.ModelEntry{Name: model, Usable: true}}))
		if got := m.tray.Chips()[0].Label(); got != want[model] {
			t.Errorf("%s: chip %q, want %q", model, got, want[model])
		}
	}
}

func TestInspectShowsFittedAndOriginalAndTogglesDetail(t *testing.T) {
	dir := t.TempDir()
	img := writeFile(t, dir, "shot.png", pngBytes(t, 1024, 1024))
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{Model: "openai/gpt-4o"})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 40})
	attachN(t, m, r, img)

	r.press(tea.KeyUp, 0)
	r.press(tea.KeyEnter, 0)
	d, ok := m.dialogs.Top().(*dialog.Inspect)
	if !ok {
		t.Fatalf("enter on a chip opened %T", m.dialogs.Top())
	}
	r.until("the fit", func() bool { return d.Fitted() })
	// Detection has not decided: the pipeline's half-block preview draws
	// the fitted image, filling most of the dialog (it was 12 rows).
	r.until("the preview", func() bool { return strings.Contains(plainView(m), "▀") })
	view := plainView(m)
	if n := strings.Count(view, "▀"); n < 20*20 {
		t.Errorf("the preview has %d half-block cells, want most of the dialog:\n%s", n, view)
	}
	for _, want := range []string{"shot.png · what openai/gpt-4o sees", "768×768 · PNG", "≈765 tok", "1024×1024 · PNG", "high (default)", "▀"} {
		if !strings.Contains(view, want) {
			t.Errorf("inspect lacks %q:\n%s", want, view)
		}
	}
	r.typeText("d")
	r.until("the refit", func() bool { return d.Fitted() })
	view = plainView(m)
	if !strings.Contains(view, "≈85 tok") || !strings.Contains(view, "512×512") || !strings.Contains(view, "detail     low") {
		t.Errorf("detail low not applied:\n%s", view)
	}
	if m.tray.Chips()[0].Image().Detail != "low" || !strings.Contains(m.tray.Chips()[0].Label(), "≈85 tok · low detail") {
		t.Errorf("chip after the toggle: detail %q, label %q", m.tray.Chips()[0].Image().Detail, m.tray.Chips()[0].Label())
	}
	r.press(tea.KeyEscape, 0)
	if m.dialogs.Top() != nil {
		t.Error("esc did not close the inspect dialog")
	}

	m.tray.Select(-1)
	r.typeText("/inspect")
	r.press(tea.KeyEnter, 0)
	d, ok = m.dialogs.Top().(*dialog.Inspect)
	if !ok {
		t.Fatalf("/inspect opened %T", m.dialogs.Top())
	}
	// The dialog fits the image in a Cmd that writes the store's fit
	// cache: wait for it, or it races the temp dir's removal.
	r.until("the fit of /inspect", func() bool { return d.Fitted() })
}

func TestCommandsUnknownNewHelpAndSlashEscape(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("hi")}
	m, r, _ := attachModel(t, p, Options{})
	r.typeText("/frobnicate now")
	r.press(tea.KeyEnter, 0)
	if !strings.Contains(plainView(m), "unknown command /frobnicate") || m.composer.Value() != "/frobnicate now" {
		t.Errorf("unknown command: composer %q\n%s", m.composer.Value(), plainView(m))
	}
	if len(p.Requests()) != 0 {
		t.Error("an unknown command was sent as a message")
	}

	m.composer.Reset()
	r.typeText("//etc is a dir")
	r.press(tea.KeyEnter, 0)
	r.until("the reply", func() bool { return !m.chat.Busy() && len(p.Requests()) == 1 })
	if got := p.Requests()[0].Messages[0].Parts[0].(providers.TextPart).Text; got != "/etc is a dir" {
		t.Errorf("// sent %q", got)
	}
	if m.chat.ConvID() == 0 {
		t.Fatal("no conversation stored")
	}

	r.typeText("/new")
	r.press(tea.KeyEnter, 0)
	if m.chat.ConvID() != 0 || m.chat.Len() != 0 || m.status.Title() != "" {
		t.Errorf("/new kept conversation %d with %d entries", m.chat.ConvID(), m.chat.Len())
	}
	r.send(submitMsg{text: "fresh"})
	r.until("the reply", func() bool { return !m.chat.Busy() && len(p.Requests()) == 2 })
	if n := len(p.Requests()[1].Messages); n != 1 {
		t.Errorf("after /new the request has %d messages, want only the new one", n)
	}

	r.typeText("/help")
	r.press(tea.KeyEnter, 0)
	if _, ok := m.dialogs.Top().(*dialog.Help); !ok || !strings.Contains(plainView(m), "/attach") {
		t.Errorf("/help did not open the help with the commands:\n%s", plainView(m))
	}
}

func TestStartupAttachmentsGoWithThePrompt(t *testing.T) {
	dir := t.TempDir()
	img := writeFile(t, dir, "cli.png", pngBytes(t, 30, 20))
	p := &providertest.Provider{Events: providertest.Reply("seen it")}
	m, r, _ := attachModel(t, p, Options{Attachments: []string{img}, Prompt: "describe"})
	r.run(m.Init())
	r.until("the reply", func() bool { return len(p.Requests()) == 1 && !m.chat.Busy() })
	parts := p.Requests()[0].Messages[0].Parts
	if len(parts) != 2 || parts[0].(providers.TextPart).Text != "describe" {
		t.Fatalf("start-up request parts %#v, want the prompt and the image", parts)
	}
	if _, ok := parts[1].(providers.ImagePart); !ok {
		t.Errorf("second part %T, want the image", parts[1])
	}
	if m.tray.Len() != 0 {
		t.Error("start-up attachments stayed in the tray after sending")
	}
}

func TestFilePickerAttachesChosenFile(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, dir, "pick.png", pngBytes(t, 16, 16))
	t.Chdir(dir)
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{})
	r.press('t', tea.ModCtrl)
	d, ok := m.dialogs.Top().(*dialog.FilePicker)
	if !ok {
		t.Fatalf("ctrl+t opened %T", m.dialogs.Top())
	}
	r.until("the listing", func() bool { return strings.Contains(plainView(m), "pick.png") })
	_ = d
	r.press(tea.KeyEnter, 0)
	r.until("the chip", func() bool { return m.tray.Len() == 1 })
	if m.dialogs.Top() != nil || m.tray.Chips()[0].Name() != "pick.png" {
		t.Errorf("picker open %v, chip %q", m.dialogs.Top() != nil, m.tray.Chips()[0].Name())
	}
}

func TestTranscriptListsMediaParts(t *testing.T) {
	conv := &session.Conversation{ID: 3, Messages: []session.Message{
		{Role: session.RoleUser, Status: session.StatusDone, Parts: []session.Part{
			session.Text{Text: "draw a cat"},
			session.Image{Name: "ref.jpg", MIME: "image/jpeg", Width: 640, Height: 480, Bytes: 48_000},
			session.Audio{Name: "note.wav", MIME: "audio/wav", Duration: 12_400_000_000},
		}},
		{Role: session.RoleAssistant, Status: session.StatusDone, Provider: "openai", Model: "gpt-image-1", Parts: []session.Part{
			session.Image{Generated: true, MIME: "image/png", Width: 1024, Height: 1024, Bytes: 1_500_000},
		}},
	}}
	m := newTestModel(t, &providertest.Provider{}, Options{Conversation: conv})
	view := plainView(m)
	// Images are drawn by imageblock.go (a caption chip without graphics);
	// audio chips come from mediaparts.go.
	for _, want := range []string{"▣ ref.jpg · 640×480", "♪ note.wav · 0:12 · WAV", "· 1024×1024"} {
		if !strings.Contains(view, want) {
			t.Errorf("transcript lacks %q:\n%s", want, view)
		}
	}
	// What the next turn sends of them is ui/chat's
	// TestHistoryKeepsMessagesWithTextOrMedia.
}

func TestDroppedWavBecomesAudioChip(t *testing.T) {
	dir := t.TempDir()
	wav := writeFile(t, dir, "note.wav", audio.EncodeWAV(make([]int16, 16000*2), 16000, 1))
	m, r, _ := attachModel(t, &providertest.Provider{}, Options{Model: "fake/text-only"})
	attachN(t, m, r, wav)
	a := m.tray.Chips()[0]
	if a.Audio() == nil || a.Label() != "note.wav 0:02 · audio · sent as transcript" || a.Refused() {
		t.Errorf("audio chip: audio %v, label %q", a.Audio() != nil, a.Label())
	}
	if parts := m.tray.Message("listen"); len(parts) != 2 || parts[1].(session.Audio).MIME != "audio/wav" {
		t.Errorf("outgoing parts %#v", parts)
	}
}
