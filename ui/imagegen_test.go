package ui

import (
	"bytes"
	"context"
	"image/color"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/providers/imagegen"
	"parley/providers/imagegen/imagegentest"
	"parley/providers/providertest"
	"parley/session"
	"parley/ui/dialog"
)

var (
	red   = color.RGBA{255, 0, 0, 255}
	green = color.RGBA{0, 200, 0, 255}
	blue  = color.RGBA{0, 0, 255, 255}
)

// TestImageCommandStreamsStagesInPlace: /image shows each partial image
// as it comes, in the same block, then the final one, which is stored
// bit-exact.
func TestImageCommandStreamsStagesInPlace(t *testing.T) {
	st := openStore(t)
	p1, p2, final := providertest.SolidPNG(t, 16, 16, red), providertest.SolidPNG(t, 16, 16, green), providertest.SolidPNG(t, 32, 32, blue)
	g := &imagegentest.Generator{Events: imagegentest.Stages(p1, p2, final), Step: make(chan struct{})}
	m := newGenModel(t, st, &providertest.Provider{}, g, Options{})
	d := newGenDriver(t, m)
	d.typeText("/image a red square")
	d.press(tea.KeyEnter)

	reply := lastEntry(t, m)
	showing := func(data []byte) func() bool {
		return func() bool {
			b := imageBlocks(m, reply)
			return len(b) == 1 && b[0].Img.Blob == shaOf(data)
		}
	}
	d.until("partial 1", showing(p1))
	d.until("its half-block preview", func() bool { return strings.Contains(plainView(m), "▀") })
	if v := plainView(m); !strings.Contains(v, "generating image… · 16×16 · openai/gpt-image-1") {
		t.Errorf("no partial caption:\n%s", v)
	}
	if v := plainView(m); !strings.Contains(v, "drawing · stage 1") {
		t.Errorf("the status bar does not say a picture is being drawn:\n%s", v)
	}
	line := imageBlocks(m, reply)[0].Line
	g.Step <- struct{}{}
	d.until("partial 2 in place", showing(p2))
	if v := plainView(m); !strings.Contains(v, "drawing · stage 2") {
		t.Errorf("the status bar does not count the stages:\n%s", v)
	}
	if b := imageBlocks(m, reply); b[0].Line != line || !b[0].Img.Partial {
		t.Errorf("partial 2 block %+v, want the same place (line %d), partial", b[0], line)
	}
	g.Step <- struct{}{}
	d.until("the final image", func() bool { return !m.chat.Busy() && showing(final)() })

	b := imageBlocks(m, reply)
	if len(b) != 1 || b[0].Img.Partial || !b[0].Img.Generated || b[0].Img.Prompt != "a red square" {
		t.Fatalf("blocks %+v, want the final image only", b)
	}
	if v := plainView(m); !strings.Contains(v, "generated image · 32×32 · openai/gpt-image-1") ||
		strings.Contains(v, "generating") || m.composer.Value() != "" {
		t.Errorf("after the final image the view is:\n%s", v)
	}
	if reqs := g.Requests(); len(reqs) != 1 || reqs[0].Prompt != "a red square" || reqs[0].Model != "gpt-image-1" {
		t.Errorf("requests %+v", reqs)
	}
	conv, err := st.Conversation(m.chat.ConvID())
	if err != nil {
		t.Fatal(err)
	}
	if len(conv.Messages) != 2 || conv.Messages[0].Text() != "a red square" {
		t.Fatalf("stored %+v", conv.Messages)
	}
	imgs := session.PartsOf[session.Image](conv.Messages[1])
	if len(imgs) != 1 || imgs[0].Blob != shaOf(final) {
		t.Fatalf("stored images %+v, want the final one", imgs)
	}
	if data, err := st.Blob(imgs[0].Blob); err != nil || !bytes.Equal(data, final) {
		t.Errorf("stored bytes differ from the final image: %v", err)
	}
}

// TestImageCommandFailureKeepsPrompt: a refused generation shows the
// provider's reason; the prompt stays in the stored user message.
func TestImageCommandFailureKeepsPrompt(t *testing.T) {
	st := openStore(t)
	g := &imagegentest.Generator{Err: providers.Errorf(providers.ErrBadRequest, 400, nil,
		"Your request was rejected as a result of our safety system")}
	m := newGenModel(t, st, &providertest.Provider{}, g, Options{})
	d := newGenDriver(t, m)
	d.typeText("/image a forbidden thing")
	d.press(tea.KeyEnter)
	d.until("the failure", func() bool { return !m.chat.Busy() && m.chat.Len() == 2 })
	v := plainView(m)
	for _, want := range []string{"a forbidden thing", "rejected as a result of our safety system", "error"} {
		if !strings.Contains(v, want) {
			t.Errorf("view lacks %q:\n%s", want, v)
		}
	}
	conv, err := st.Conversation(m.chat.ConvID())
	if err != nil || len(conv.Messages) != 2 || conv.Messages[0].Text() != "a forbidden thing" ||
		conv.Messages[1].Status != session.StatusError {
		t.Fatalf("stored %+v (%v): want the prompt and the failed reply", conv, err)
	}
}

// TestImageCommandRefusedGivesCommandBack: when nothing can be stored the
// command goes back to the composer with the reason.
func TestImageCommandRefusedGivesCommandBack(t *testing.T) {
	g := &imagegentest.Generator{}
	m := newGenModel(t, nil, &providertest.Provider{}, g, Options{})
	d := newGenDriver(t, m)
	d.typeText("/image a cat")
	d.press(tea.KeyEnter)
	d.until("the refusal", func() bool { return !m.chat.Busy() && m.composer.Value() != "" })
	if m.composer.Value() != "/image a cat" || m.chat.Len() != 0 ||
		!strings.Contains(notice(m), "need a store") || len(g.Requests()) != 0 {
		t.Errorf("composer %q, entries %d, notice %q", m.composer.Value(), m.chat.Len(), notice(m))
	}
}

// TestImageCommandNoBackend says what to configure and keeps the command.
func TestImageCommandNoBackend(t *testing.T) {
	m := newGenModel(t, openStore(t), &providertest.Provider{}, nil, Options{ConfigPath: "/home/u/.config/parley/config.toml"})
	d := newGenDriver(t, m)
	d.typeText("/image a cat")
	d.press(tea.KeyEnter)
	want := "no image model configured: add [images] provider/model to /home/u/.config/parley/config.toml"
	if v := plainView(m); !strings.Contains(strings.Join(strings.Fields(v), " "), want) || m.composer.Value() != "/image a cat" {
		t.Errorf("composer %q, view:\n%s", m.composer.Value(), v)
	}
	m.composer.Reset()
	d.typeText("/image ") // no prompt: says how
	d.press(tea.KeyEnter)
	if !strings.Contains(notice(m), "/image takes a prompt") {
		t.Errorf("notice %q", notice(m))
	}
}

// seamProvider answers the first request with a generate_image call and
// the second (which carries the tool result) with text.
type seamProvider struct {
	providertest.Provider
}

func (s *seamProvider) Stream(ctx context.Context, req providers.Request) iter.Seq2[providers.Event, error] {
	n := len(s.Requests())
	s.Events = providertest.Reply("Here is your fox.")
	if n == 0 {
		s.Events = []providers.Event{
			{Kind: providers.EventText, Text: "Let me draw that."},
			{Kind: providers.EventToolCall, ToolCall: &providers.ToolCallPart{ID: "call_1", Name: session.ImageToolName,
				Arguments: `{"prompt":"a fox in the snow","size":"1024x1024"}`}},
		}
	}
	return s.Provider.Stream(ctx, req)
}

// TestSeamShowsHandoffAndImage: a chat model that cannot draw calls
// generate_image; the hand-off line, the picture and the rest of the
// reply appear in order, and the tool result goes back.
func TestSeamShowsHandoffAndImage(t *testing.T) {
	st := openStore(t)
	final := providertest.SolidPNG(t, 24, 24, blue)
	g := &imagegentest.Generator{Events: imagegentest.Stages(providertest.SolidPNG(t, 24, 24, red), providertest.SolidPNG(t, 24, 24, green), final)}
	backend := &session.ImageBackend{Generator: g, Provider: "openai", Model: "gpt-image-1"}
	p := &seamProvider{}
	opts := Options{Turns: func(string) (*session.Turn, error) {
		return &session.Turn{Store: st, Provider: p, Model: "chat-model",
			Caps: &providers.Caps{Tools: true}, Images: backend}, nil
	}}
	m := newGenModel(t, st, p, nil, opts)
	d := newGenDriver(t, m)
	d.typeText("draw me a fox")
	d.press(tea.KeyEnter)
	d.until("the reply", func() bool { return !m.chat.Busy() && m.chat.Len() == 2 })

	if reqs := g.Requests(); len(reqs) != 1 || reqs[0].Prompt != "a fox in the snow" {
		t.Fatalf("image requests %+v, want exactly the prompt the model asked for", reqs)
	}
	reqs := p.Requests()
	if len(reqs) != 2 || !hasToolResult(reqs[1]) {
		t.Fatalf("chat requests %d, want the tool result sent back", len(reqs))
	}
	inOrder(t, plainView(m), "Let me draw that.", "↪ fake/chat-model asked openai/gpt-image-1 to draw: a fox in the snow",
		"generated image · 24×24", "Here is your fox.")
	if b := imageBlocks(m, lastEntry(t, m)); len(b) != 1 || b[0].Img.Blob != shaOf(final) {
		t.Errorf("blocks %+v, want the final picture once", b)
	}
	// A reload lays the stored reply out the same way.
	conv, err := st.Conversation(m.chat.ConvID())
	if err != nil {
		t.Fatal(err)
	}
	again := newGenModel(t, st, p, nil, Options{Conversation: conv})
	inOrder(t, plainView(again), "Let me draw that.", "↪ fake/chat-model asked openai/gpt-image-1 to draw: a fox in the snow",
		"generated image · 24×24", "Here is your fox.")
}

// inOrder checks that every string is in v, each after the one before.
func inOrder(t *testing.T, v string, want ...string) {
	t.Helper()
	at := -1
	for _, w := range want {
		i := strings.Index(v, w)
		if i <= at {
			t.Fatalf("%q is missing or out of order (at %d, after %d):\n%s", w, i, at, v)
		}
		at = i
	}
}

func hasToolResult(req providers.Request) bool {
	for _, msg := range req.Messages {
		for _, part := range msg.Parts {
			if r, ok := part.(providers.ToolResultPart); ok && strings.HasPrefix(r.Content, "image generated") {
				return true
			}
		}
	}
	return false
}

// storedImageModel shows a stored conversation with one generated image
// and selects it.
func storedImageModel(t *testing.T, g *imagegentest.Generator) (*Model, *genDriver, *session.Store, []byte, session.Image) {
	t.Helper()
	st := openStore(t)
	data := providertest.SolidPNG(t, 40, 20, green)
	sha, err := st.PutBlob(data)
	if err != nil {
		t.Fatal(err)
	}
	img := session.Image{Blob: sha, MIME: "image/png", Name: "generated-1.png", Width: 40, Height: 20,
		Bytes: int64(len(data)), Generated: true, GeneratedBy: "openai/gpt-image-1", Prompt: "grass"}
	conv, err := st.CreateConversation("grass")
	if err != nil {
		t.Fatal(err)
	}
	for _, msg := range []session.Message{
		{ConversationID: conv.ID, Role: session.RoleUser, Status: session.StatusDone, Parts: text("grass")},
		{ConversationID: conv.ID, Role: session.RoleAssistant, Status: session.StatusDone, Parts: []session.Part{img}},
	} {
		if err := st.AppendMessage(&msg); err != nil {
			t.Fatal(err)
		}
	}
	if conv, err = st.Conversation(conv.ID); err != nil {
		t.Fatal(err)
	}
	var gen imagegen.Generator
	if g != nil {
		gen = g
	}
	m := newGenModel(t, st, &providertest.Provider{}, gen, Options{Conversation: conv})
	d := newGenDriver(t, m)
	d.press(tea.KeyTab)
	if !m.chat.ImageSelected() {
		t.Fatal("tab selected no image")
	}
	return m, d, st, data, img
}

// TestSaveSelectedImage: s asks for a path, writes the exact bytes, and
// overwrites an existing file only after a second Enter.
func TestSaveSelectedImage(t *testing.T) {
	m, d, _, data, img := storedImageModel(t, nil)
	d.typeText("s")
	sd, ok := m.dialogs.Top().(*dialog.Save)
	if !ok {
		t.Fatalf("no save dialog:\n%s", plainView(m))
	}
	if want := "path: ./parley-" + img.Blob[:12] + ".png"; !strings.Contains(plainView(m), want) {
		t.Errorf("default path is not %q:\n%s", want, plainView(m))
	}
	path := filepath.Join(t.TempDir(), "grass.png")
	if err := os.WriteFile(path, []byte("keep me"), 0o644); err != nil {
		t.Fatal(err)
	}
	d.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl}) // clear the field
	d.typeText(path)
	d.press(tea.KeyEnter)
	d.until("the overwrite question", func() bool { return strings.Contains(flatView(m), "exists: enter again to overwrite it") })
	if got, _ := os.ReadFile(path); string(got) != "keep me" {
		t.Fatalf("the existing file was touched before confirmation")
	}
	d.press(tea.KeyEnter)
	d.until("the dialog to close", func() bool { return m.dialogs.Top() == nil })
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("saved file differs from the image (%v)", err)
	}
	if !strings.Contains(notice(m), "saved "+path) {
		t.Errorf("notice %q", notice(m))
	}

	// A path in a missing directory: the error shows, the dialog stays.
	d.typeText("s")
	sd = m.dialogs.Top().(*dialog.Save)
	d.send(tea.KeyPressMsg{Code: 'u', Mod: tea.ModCtrl})
	d.typeText(filepath.Join(t.TempDir(), "no", "such", "dir.png"))
	d.press(tea.KeyEnter)
	d.until("the error", func() bool { return strings.Contains(flatView(m), "no such file") })
	if m.dialogs.Top() != sd {
		t.Errorf("the dialog closed on an error:\n%s", plainView(m))
	}
}

// TestAttachSelectedImage: a puts the image in the tray as a chip, and
// /image then sends it to the image model to edit.
func TestAttachSelectedImage(t *testing.T) {
	g := &imagegentest.Generator{Events: imagegentest.Stages(providertest.SolidPNG(t, 8, 8, red), providertest.SolidPNG(t, 8, 8, red), providertest.SolidPNG(t, 8, 8, blue))}
	m, d, _, data, img := storedImageModel(t, g)
	d.typeText("a")
	if m.tray.Len() != 1 || m.tray.Chips()[0].Image() == nil || m.tray.Chips()[0].Image().Blob != img.Blob {
		t.Fatalf("tray %+v, want the image", m.tray.Chips())
	}
	if v := plainView(m); !strings.Contains(v, "generated-1.png") || !strings.Contains(v, "attached generated-1.png") {
		t.Errorf("no chip in view:\n%s", v)
	}
	d.typeText("a") // once is enough
	if m.tray.Len() != 1 {
		t.Errorf("tray has %d chips", m.tray.Len())
	}
	d.press(tea.KeyEscape) // drops the image selection
	if m.chat.ImageSelected() {
		t.Fatal("esc kept the image selected")
	}
	d.typeText("/image make it blue")
	d.press(tea.KeyEnter)
	d.until("the edit", func() bool { return !m.chat.Busy() && m.chat.Len() == 4 })
	reqs := g.Requests()
	if len(reqs) != 1 || len(reqs[0].Input) != 1 || !bytes.Equal(reqs[0].Input[0].Data, data) {
		t.Fatalf("the image model got %d requests, want the attached image as input", len(reqs))
	}
	if m.tray.Len() != 0 {
		t.Errorf("the sent chip stayed in the tray")
	}
}

// TestImageCommandEscCancels: Esc stops a generation; the partial image
// on show stays, the reply is marked cancelled.
func TestImageCommandEscCancels(t *testing.T) {
	st := openStore(t)
	p1 := providertest.SolidPNG(t, 16, 16, red)
	g := &imagegentest.Generator{Events: imagegentest.Stages(p1, providertest.SolidPNG(t, 16, 16, green), providertest.SolidPNG(t, 16, 16, blue)), Step: make(chan struct{})}
	m := newGenModel(t, st, &providertest.Provider{}, g, Options{})
	d := newGenDriver(t, m)
	d.typeText("/image a slow picture")
	d.press(tea.KeyEnter)
	reply := lastEntry(t, m)
	d.until("partial 1", func() bool { b := imageBlocks(m, reply); return len(b) == 1 })
	d.press(tea.KeyEscape)
	if m.chat.Busy() || reply.Message().Status != session.StatusCancelled {
		t.Fatalf("after esc: active %v, status %s", m.chat.Busy(), reply.Message().Status)
	}
	if b := imageBlocks(m, reply); len(b) != 1 || b[0].Img.Blob != shaOf(p1) {
		t.Errorf("blocks %+v, want the partial kept", b)
	}
	m.chat.Wait(5 * time.Second) // the generation stores its cancelled end
	conv, err := st.Conversation(m.chat.ConvID())
	if err != nil || len(conv.Messages) != 2 || conv.Messages[1].Status != session.StatusCancelled {
		t.Fatalf("stored %+v (%v)", conv, err)
	}
}

// TestCopySelectedImagePath: c copies the image under
// DATADIR/exports/parley-<sha12>.png (a file with the right extension,
// byte-identical, separate from the blob) to the clipboard and shows it;
// pressing c again gives the same file without rewriting it.
func TestCopySelectedImagePath(t *testing.T) {
	m, d, st, data, img := storedImageModel(t, nil)
	d.typeText("c")
	d.until("the clipboard write", func() bool { return len(d.clipboard) > 0 })
	want := filepath.Join(st.Dir(), "exports", "parley-"+img.Blob[:12]+".png")
	if d.clipboard[0] != want || !strings.Contains(notice(m), want) {
		t.Fatalf("clipboard %q, notice %q, want %s", d.clipboard, notice(m), want)
	}
	if got, err := os.ReadFile(want); err != nil || !bytes.Equal(got, data) {
		t.Fatalf("the copied path is not the image: %v", err)
	}
	fi, err := os.Stat(want)
	if err != nil {
		t.Fatal(err)
	}
	blob, err := os.Stat(st.BlobPath(img.Blob))
	if err != nil || os.SameFile(fi, blob) {
		t.Errorf("the export is the blob itself (%v): editing it would change the history", err)
	}
	d.typeText("c")
	d.until("the second clipboard write", func() bool { return len(d.clipboard) > 1 })
	if fi2, err := os.Stat(want); err != nil || d.clipboard[1] != want || !os.SameFile(fi, fi2) || !fi2.ModTime().Equal(fi.ModTime()) {
		t.Errorf("the second c gave %q or rewrote the file (%v)", d.clipboard[1], err)
	}
	entries, _ := os.ReadDir(filepath.Dir(want))
	if len(entries) != 1 {
		t.Errorf("exports/ holds %d files, want the one export (no temporary left)", len(entries))
	}
}

// TestHelpScrollsWhenTall: in 80×24 the keys do not fit; the help shows
// the basics and the commands first and the rest after pgdown, nothing
// truncated.
func TestHelpScrollsWhenTall(t *testing.T) {
	m := newTestModel(t, &providertest.Provider{}, Options{})
	d := newGenDriver(t, m)
	d.typeText("?")
	first := plainView(m)
	if !strings.Contains(first, "/image   draw a picture") || strings.Contains(first, "save selected image") ||
		!strings.Contains(first, "↓/pgdown more") || strings.Contains(first, " … │") {
		t.Fatalf("first page:\n%s", first)
	}
	pages := first
	for range 10 { // past the last page: pgdown there changes nothing
		d.press(tea.KeyPgDown)
		pages += plainView(m)
	}
	last := plainView(m)
	for _, want := range []string{"s             save selected image", "a             attach it"} {
		if !strings.Contains(pages, want) {
			t.Errorf("no page has %q; the last:\n%s", want, last)
		}
	}
	if !strings.Contains(last, "↑/pgup back") || strings.Contains(last, "↓/pgdown more") {
		t.Errorf("the last page:\n%s", last)
	}
	d.press(tea.KeyEscape)
	if m.dialogs.Top() != nil {
		t.Error("esc did not close the help")
	}
}

// TestChatReplyWithImagesInOrder: a model that makes images itself
// (Gemini image models) streams text, a partial and the finished picture,
// then more text; the message shows them in that order, one image block.
func TestChatReplyWithImagesInOrder(t *testing.T) {
	st := openStore(t)
	partial, final := providertest.SolidPNG(t, 20, 10, red), providertest.SolidPNG(t, 20, 10, blue)
	p := &providertest.Provider{Events: []providers.Event{
		{Kind: providers.EventText, Text: "Here is a **flag**:"},
		{Kind: providers.EventImagePartial, Image: &providers.Image{MIME: "image/png", Data: partial}},
		{Kind: providers.EventImage, Image: &providers.Image{MIME: "image/png", Data: final}},
		{Kind: providers.EventText, Text: "Blue, as asked."},
	}}
	opts := Options{Turns: func(string) (*session.Turn, error) {
		return &session.Turn{Store: st, Provider: p, Model: "gemini-image"}, nil
	}}
	m := newGenModel(t, st, p, nil, opts)
	d := newGenDriver(t, m)
	d.typeText("a blue flag")
	d.press(tea.KeyEnter)
	d.until("the reply", func() bool { return !m.chat.Busy() && m.chat.Len() == 2 })
	inOrder(t, plainView(m), "Here is a flag:", "generated image · 20×10 · fake/gemini-image", "Blue, as asked.")
	if b := imageBlocks(m, lastEntry(t, m)); len(b) != 1 || b[0].Img.Blob != shaOf(final) || b[0].Img.Partial {
		t.Errorf("blocks %+v, want the final picture once", b)
	}
}
