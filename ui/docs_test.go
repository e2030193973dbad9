package ui

import (
	"archive/zip"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"parley/media/pdf/pdftest"
	"parley/media/video/videotest"
	"parley/providers"
	"parley/providers/ollama"
	"parley/providers/openai"
	"parley/providers/providertest"
	"parley/session"
	"parley/ui/common"
	"parley/ui/dialog"
	"parley/ui/graphics"
)

// These tests attach documents in the chat as a user does (a pasted path,
// /attach), check the chip's label for the model, send, and check the
// exact part that arrives at the real adapter's fake server.

// docTools are the document tools with PDFium's compiled code in the
// tests' shared cache (about 150 ms to start from it).
func docTools(t testing.TB) *session.DocTools {
	t.Helper()
	d := session.NewDocTools(pdftest.CacheDir())
	t.Cleanup(func() { d.Close() })
	return d
}

// docModel is a chat on model (caps) through p, storing in a fresh store,
// with the document tools in Options and in every Turn, as session/app
// wires them.
func docModel(t *testing.T, p providers.Provider, model string, caps providers.Caps) (*Model, *runner, *session.Store) {
	t.Helper()
	st, docs := openStore(t), docTools(t)
	capsOf := func(name string) providers.Caps {
		if name == model {
			return caps
		}
		return providers.LookupCaps(providers.ProtocolOllama, "llava")
	}
	turns := func(name string) (*session.Turn, error) {
		c := capsOf(name)
		_, id, _ := strings.Cut(name, "/")
		return &session.Turn{Store: st, Provider: p, Model: id, Caps: &c, Docs: docs}, nil
	}
	m := newTestModel(t, p, Options{Store: st, Turns: turns, Caps: capsOf, Docs: docs, Model: model})
	r := newRunner(t, m)
	// A sent PDF's preview is rendered into the store in a Cmd that may
	// still run when the test has seen what it waited for: let it end
	// before the store's directory is removed.
	t.Cleanup(func() { r.loop.Settle(10 * time.Second) })
	return m, r, st
}

// planOf is what the chip must say: Turn.Plan for model.
func planOf(t *testing.T, st *session.Store, caps providers.Caps, part session.Part) session.SendPlan {
	t.Helper()
	return (&session.Turn{Store: st, Caps: &caps, Docs: docTools(t)}).Plan(part)
}

func TestPDFChipThenSendToOpenAIAsFilePart(t *testing.T) {
	srv := providertest.NewServer(t, func(w http.ResponseWriter, _ *http.Request, _ int) {
		providertest.WriteChatReply(w, "gpt-4o", "three pages")
	})
	p, err := openai.New(providers.Settings{Name: "openai", Type: "openai", APIKey: "sk-test", BaseURL: srv.URL + "/v1", MaxRetries: -1})
	if err != nil {
		t.Fatal(err)
	}
	caps := providers.LookupCaps(providers.ProtocolOpenAI, "gpt-4o")
	m, r, st := docModel(t, p, "openai/gpt-4o", caps)
	data := pdftest.Pages(3)
	path := writeFile(t, t.TempDir(), "spec.pdf", data)

	r.send(tea.PasteMsg{Content: path})
	r.until("the PDF chip", func() bool { return m.tray.Len() == 1 })
	chip := m.tray.Chips()[0]
	doc := chip.Document()
	if doc == nil || doc.Pages != 3 || !doc.HasText {
		t.Fatalf("chip part %#v", chip.Part())
	}
	plan := planOf(t, st, caps, *doc)
	want := "spec.pdf · 3 pages · " + common.HumanBytes(int64(len(data))) + " · native PDF · " + common.ApproxTokens(plan.Tokens)
	if chip.Label() != want || plan.Tokens == 0 {
		t.Errorf("chip = %q, want %q", chip.Label(), want)
	}

	r.typeText("what is this?")
	r.press(tea.KeyEnter, 0)
	r.until("the reply", func() bool { return !m.chat.Busy() && strings.Contains(plainView(m), "three pages") })
	reqs := srv.Requests()
	if len(reqs) != 1 {
		t.Fatalf("%d requests", len(reqs))
	}
	req := providertest.ParseChatRequest(t, reqs[0].Body)
	last := req.Messages[len(req.Messages)-1].Content
	var file []byte
	for _, c := range last {
		if c.Type == "file" && c.File.Filename == "spec.pdf" {
			b64, _ := strings.CutPrefix(c.File.FileData, "data:application/pdf;base64,")
			file, _ = base64.StdEncoding.DecodeString(b64)
		}
	}
	if !bytes.Equal(file, data) {
		t.Fatalf("the file part is not the PDF: %.400s", reqs[0].Body)
	}
	if m.tray.Len() != 0 {
		t.Errorf("the chip stayed after sending: %q", chipLabels(m))
	}
}

func TestPDFChipRendersPagesWithProgressThenSendsImagesToOllama(t *testing.T) {
	srv := providertest.NewServer(t, func(w http.ResponseWriter, r *http.Request, _ int) {
		if r.URL.Path == "/api/show" {
			providertest.WriteJSON(w, http.StatusOK, `{"model_info":{"llama.context_length":32768}}`)
			return
		}
		providertest.NDJSON(w,
			`{"model":"llava","created_at":"2023-08-04T08:52:19Z","message":{"role":"assistant","content":"six pages"},"done":false}`+"\n",
			`{"model":"llava","created_at":"2023-08-04T08:52:20Z","message":{"role":"assistant","content":""},"done":true,"done_reason":"stop"}`+"\n")
	})
	p, err := ollama.New(providers.Settings{Name: "ollama", Type: "ollama", BaseURL: srv.URL})
	if err != nil {
		t.Fatal(err)
	}
	caps := providers.LookupCaps(providers.ProtocolOllama, "llava")
	m, r, st := docModel(t, p, "ollama/llava", caps)
	path := writeFile(t, t.TempDir(), "deck.pdf", pdftest.Pages(6))

	r.typeText("/attach " + path)
	r.press(tea.KeyEnter, 0)
	r.until("the PDF chip", func() bool { return m.tray.Len() == 1 })
	chip := m.tray.Chips()[0]
	plan := planOf(t, st, caps, *chip.Document())
	if plan.Mode != session.SendPages || plan.Images != 6 {
		t.Fatalf("plan %+v", plan)
	}
	// The renders run in chunks of four pages, each chunk's message
	// moving the chip on: the runner delivers one message at a time.
	id := chip.ID()
	r.until("the first chunk", func() bool { done, _ := m.tray.Rendering(id); return done == 4 })
	if got := m.tray.ByID(id).Label(); !strings.HasSuffix(got, "6 page images + text · "+common.ApproxTokens(plan.Tokens)+" · rendering 4/6") {
		t.Errorf("chip while rendering = %q", got)
	}
	r.until("all pages", func() bool { done, total := m.tray.Rendering(id); return done == total && total == 6 })
	if got := m.tray.ByID(id).Label(); strings.Contains(got, "rendering") {
		t.Errorf("chip after rendering = %q", got)
	}

	r.typeText("summarise")
	r.press(tea.KeyEnter, 0)
	r.until("the reply", func() bool { return !m.chat.Busy() && strings.Contains(plainView(m), "six pages") })
	var body []byte
	for _, q := range srv.Requests() {
		if q.Path == "/api/chat" {
			body = q.Body
		}
	}
	var req struct {
		Messages []struct {
			Content string   `json:"content"`
			Images  [][]byte `json:"images"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(body, &req); err != nil || len(req.Messages) == 0 {
		t.Fatalf("chat request %.300s: %v", body, err)
	}
	last := req.Messages[len(req.Messages)-1]
	if len(last.Images) != 6 || !strings.Contains(last.Content, "[deck.pdf: pages 1–6 of 6, as page images, then their text layer]") {
		t.Fatalf("%d images, content %q", len(last.Images), last.Content)
	}
}

func TestDocChipRelabelsOnModelSwitch(t *testing.T) {
	caps := providers.LookupCaps(providers.ProtocolOpenAI, "gpt-4o")
	m, r, _ := docModel(t, &providertest.Provider{}, "openai/gpt-4o", caps)
	dir := t.TempDir()
	pdfPath := writeFile(t, dir, "spec.pdf", pdftest.Pages(2))
	txt := writeFile(t, dir, "main.go", []byte("package main\n\nfunc main() {}\n"))
	r.send(tea.PasteMsg{Content: pdfPath + " " + txt})
	r.until("two chips", func() bool { return m.tray.Len() == 2 })
	if got := chipLabels(m); !strings.Contains(got[0], "· native PDF ·") || got[1] != "main.go · 3 lines · ≈27 tok" {
		t.Errorf("chips on gpt-4o = %q", got)
	}
	r.typeText("/model ollama/llava")
	r.press(tea.KeyEnter, 0)
	r.until("the relabel", func() bool { return strings.Contains(chipLabels(m)[0], "2 page images + text") })
	if got := chipLabels(m)[1]; got != "main.go · 3 lines · ≈27 tok" {
		t.Errorf("text chip on llava = %q", got)
	}
}

// docx is a minimal Word file: a ZIP with word/document.xml.
func docx(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	z := zip.NewWriter(&b)
	for _, name := range []string{"[Content_Types].xml", "word/document.xml"} {
		w, err := z.Create(name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte("<x/>"))
	}
	if err := z.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func TestDocRefusalsAreOneLineAndKeepTheTypedText(t *testing.T) {
	dir := t.TempDir()
	cases := []struct{ name, want string }{
		{writeFile(t, dir, "report.docx", docx(t)), "report.docx: a Word document; save it as PDF"},
		{writeFile(t, dir, "broken.pdf", pdftest.Pages(2)[:300]), "broken.pdf: "},
		{writeFile(t, dir, "locked.pdf", pdftest.Encrypted()), "locked.pdf: the PDF is encrypted (password-protected); remove the password and attach it again"},
		{writeFile(t, dir, "bad.log", []byte("ok\xff\xfe line\n")), "bad.log: not a text file: invalid UTF-8 at byte 2; convert it to UTF-8"},
	}
	m, r, _ := docModel(t, &providertest.Provider{}, "openai/gpt-4o", providers.LookupCaps(providers.ProtocolOpenAI, "gpt-4o"))
	for _, c := range cases {
		typed := "/attach " + c.name
		r.typeText(typed)
		r.press(tea.KeyEnter, 0)
		r.until("the refusal of "+c.name, func() bool { return noticeErr(m) })
		if got := notice(m); !strings.HasPrefix(got, c.want) || strings.Contains(got, "\n") {
			t.Errorf("notice = %q, want %q…", got, c.want)
		}
		if m.tray.Len() != 0 || m.composer.Value() != typed {
			t.Errorf("%s: %d chips, composer %q (the typed text must stay)", c.name, m.tray.Len(), m.composer.Value())
		}
		m.composer.Reset()
		m.tray.SetNotice("", false)
	}
}

func TestSentDocumentsShowChipLinesFirstPageAndFirstLines(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("read them")}
	m, r, _ := docModel(t, p, "openai/gpt-4o", providers.LookupCaps(providers.ProtocolOpenAI, "gpt-4o"))
	dir := t.TempDir()
	pdfPath := writeFile(t, dir, "spec.pdf", pdftest.Pages(3))
	var log strings.Builder
	for i := range 9 {
		fmt.Fprintf(&log, "line %d \x1b[31mred\x1b[0m\n", i+1)
	}
	logPath := writeFile(t, dir, "app.log", []byte(log.String()))
	r.send(tea.PasteMsg{Content: pdfPath + " " + logPath})
	r.until("two chips", func() bool { return m.tray.Len() == 2 })
	r.typeText("look")
	r.press(tea.KeyEnter, 0)
	r.until("the reply", func() bool { return !m.chat.Busy() && strings.Contains(plainView(m), "read them") })
	user := m.chat.Entries()[0]
	r.until("the previews", func() bool { return m.chat.Previewed() == 2 })
	view := strings.Join(m.chat.EntryLines(user, 80), "\n")
	for _, want := range []string{"▤ spec.pdf · 3 pages · ", "▤ app.log · 9 lines", "line 1 red", "line 4 red", "… 5 more lines"} {
		if !strings.Contains(ansi.Strip(view), want) {
			t.Errorf("user entry lacks %q:\n%s", want, ansi.Strip(view))
		}
	}
	if strings.Contains(view, "\x1b[31m") || strings.Contains(ansi.Strip(view), "line 5 red") {
		t.Errorf("the preview is not sanitized or not collapsed:\n%q", view)
	}
	// The first page is an image block of the entry, drawn by ui/images.
	// 512 is ui/chat's previewEdge: page 1 drawn as a thumbnail.
	if b := m.chat.Blocks(user); len(b) != 1 || b[0].Img.Name != "spec.pdf p.1" || b[0].Img.Height != 512 {
		t.Fatalf("%d blocks (want the first page's)", len(b))
	}
}

// TestTextPreviewExpands: x on the selected message shows its text file
// whole (up to expandedLines), x again folds it; a message without one
// says so.
func TestTextPreviewExpands(t *testing.T) {
	p := &providertest.Provider{Events: providertest.Reply("read it")}
	m, r, _ := docModel(t, p, "openai/gpt-4o", providers.LookupCaps(providers.ProtocolOpenAI, "gpt-4o"))
	var log strings.Builder
	for i := range 9 {
		fmt.Fprintf(&log, "line %d\n", i+1)
	}
	r.send(tea.PasteMsg{Content: writeFile(t, t.TempDir(), "app.log", []byte(log.String()))})
	r.until("the chip", func() bool { return m.tray.Len() == 1 })
	r.typeText("look")
	r.press(tea.KeyEnter, 0)
	r.until("the reply", func() bool { return !m.chat.Busy() && strings.Contains(plainView(m), "read it") })
	r.until("the preview", func() bool { return m.chat.Previewed() == 1 })
	r.press(tea.KeyUp, tea.ModShift) // the reply
	r.press('x', 0)
	if n := notice(m); !strings.Contains(n, "no text file to expand") {
		t.Errorf("x on the reply: notice %q", n)
	}
	r.press(tea.KeyUp, tea.ModShift) // the message with the file
	r.press('x', 0)
	if v := plainView(m); !strings.Contains(v, "line 9") || strings.Contains(v, "more lines") {
		t.Errorf("expanded preview:\n%s", v)
	}
	r.press('x', 0)
	if v := plainView(m); strings.Contains(v, "line 9") || !strings.Contains(v, "… 5 more lines") {
		t.Errorf("folded preview:\n%s", v)
	}
}

func TestDocInspectSaysWhatIsSentAndSetsPagesAndTail(t *testing.T) {
	caps := providers.LookupCaps(providers.ProtocolOllama, "llava")
	m, r, _ := docModel(t, &providertest.Provider{}, "ollama/llava", caps)
	dir := t.TempDir()
	pdfPath := writeFile(t, dir, "deck.pdf", pdftest.Pages(8))
	var log strings.Builder
	for i := range 1000 {
		fmt.Fprintf(&log, "event %d\n", i)
	}
	logPath := writeFile(t, dir, "app.log", []byte(log.String()))
	r.send(tea.PasteMsg{Content: pdfPath + " " + logPath})
	r.until("two chips", func() bool { return m.tray.Len() == 2 })

	// The PDF chip: select it, enter opens the document inspect dialog.
	r.press(tea.KeyUp, 0)
	r.until("a selected chip", func() bool { return m.tray.Selected() != nil })
	m.tray.Select(0)
	r.press(tea.KeyEnter, 0)
	if _, ok := m.dialogs.Top().(*dialog.DocInspect); !ok {
		t.Fatalf("enter on a PDF chip opened %T", m.dialogs.Top())
	}
	if v := flatView(m); !strings.Contains(v, "sent to ollama/llava: 8 page images + text layer") || !strings.Contains(v, "pages:") {
		t.Errorf("inspect view:\n%s", plainView(m))
	}
	r.typeText("2-9")
	if v := flatView(m); !strings.Contains(v, "page 9 is past the end (the document has 8 pages)") {
		t.Errorf("a bad range is not explained:\n%s", plainView(m))
	}
	r.press(tea.KeyEnter, 0) // refused: the dialog stays
	if m.dialogs.Top() == nil {
		t.Fatal("enter applied an invalid range")
	}
	r.press(tea.KeyBackspace, 0)
	r.typeText("4")
	if v := flatView(m); !strings.Contains(v, "sent to ollama/llava: 3 page images + text layer") {
		t.Errorf("the plan does not follow the range:\n%s", plainView(m))
	}
	r.press(tea.KeyEnter, 0)
	r.until("the closed dialog", func() bool { return m.dialogs.Top() == nil })
	if d := m.tray.Chips()[0].Document(); d.PageRange != "2-4" || !strings.Contains(m.tray.Chips()[0].Label(), "pages 2-4 · 3 page images + text") {
		t.Errorf("chip after the range: %q", m.tray.Chips()[0].Label())
	}

	// The log chip: tab toggles sending its last lines only.
	m.tray.Select(1)
	r.press(tea.KeyEnter, 0)
	r.press(tea.KeyTab, 0)
	if v := flatView(m); !strings.Contains(v, "text · last 200 of 1000 lines") {
		t.Errorf("the tail toggle:\n%s", plainView(m))
	}
	r.press(tea.KeyEnter, 0)
	r.until("the closed dialog", func() bool { return m.dialogs.Top() == nil })
	if got := m.tray.Chips()[1].Label(); !strings.HasPrefix(got, "app.log · last 200 of 1,000 lines · ≈") {
		t.Errorf("log chip = %q", got)
	}
}

// mp4Header is the start of an MP4 file: enough for its type to be read
// from the bytes, which is all attaching does without ffmpeg.
func mp4Header() []byte {
	b := []byte("\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2")
	return append(b, make([]byte, 64)...)
}

func TestVideoWithoutFFmpegIsRefusedAtAttachForNonGemini(t *testing.T) {
	st := openStore(t)
	docs := &session.DocTools{VideoErr: errors.New("ffmpeg is not installed")}
	caps := func(name string) providers.Caps {
		if strings.HasPrefix(name, "gemini/") {
			return providers.LookupCaps(providers.ProtocolGemini, "gemini-2.5-flash")
		}
		return providers.LookupCaps(providers.ProtocolOpenAI, "gpt-4o")
	}
	p := &providertest.Provider{}
	m := newTestModel(t, p, Options{Store: st, Caps: caps, Docs: docs, Model: "openai/gpt-4o"})
	r := newRunner(t, m)
	path := writeFile(t, t.TempDir(), "clip.mp4", mp4Header())

	typed := "/attach " + path
	r.typeText(typed)
	r.press(tea.KeyEnter, 0)
	r.until("the refusal", func() bool { return noticeErr(m) })
	if got := notice(m); !strings.HasPrefix(got, "clip.mp4: openai/gpt-4o cannot watch video, and sending it keyframes needs ffmpeg: install the ffmpeg package") || m.tray.Len() != 0 || m.composer.Value() != typed {
		t.Errorf("notice %q, %d chips, composer %q", got, m.tray.Len(), m.composer.Value())
	}

	// Gemini watches it: the same file attaches, sent as it is.
	m.composer.Reset()
	r.typeText("/model gemini/gemini-2.5-flash")
	r.press(tea.KeyEnter, 0)
	r.typeText(typed)
	r.press(tea.KeyEnter, 0)
	r.until("the video chip", func() bool { return m.tray.Len() == 1 })
	if got := m.tray.Chips()[0].Label(); !strings.HasPrefix(got, "clip.mp4 · ") || !strings.Contains(got, "· native video · ≈") {
		t.Errorf("video chip on Gemini = %q", got)
	}
}

func TestVideoChipShowsLengthSizeAndWhatIsSent(t *testing.T) {
	clip := videotest.Clip(t, "clip.mp4", 2, true)
	// gpt-4o hears no audio: the audio track goes as its transcript.
	m, r, _ := docModel(t, &providertest.Provider{}, "openai/gpt-4o", providers.LookupCaps(providers.ProtocolOpenAI, "gpt-4o"))
	m.opts.Transcriber = &providertest.Transcriber{}
	r.send(tea.PasteMsg{Content: clip})
	r.until("the video chip", func() bool { return m.tray.Len() == 1 || noticeErr(m) })
	if m.tray.Len() != 1 {
		t.Fatalf("no chip: %s", notice(m))
	}
	got := m.tray.Chips()[0].Label()
	if !strings.HasPrefix(got, "clip.mp4 · 0:02 · 320×240 · ") || !strings.Contains(got, " · 8 keyframes + transcript · ≈") {
		t.Errorf("video chip = %q", got)
	}
}

func TestDocInspectShowsFirstPagesAsThumbnails(t *testing.T) {
	st, docs := openStore(t), docTools(t)
	caps := providers.LookupCaps(providers.ProtocolOpenAI, "gpt-4o")
	p := &providertest.Provider{}
	m := newTestModel(t, p, Options{Store: st, Docs: docs, Model: "openai/gpt-4o", ImageProtocol: graphics.Sixel,
		Caps: func(string) providers.Caps { return caps }})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 40})
	r := newRunner(t, m)
	r.send(tea.PasteMsg{Content: writeFile(t, t.TempDir(), "deck.pdf", pdftest.Pages(8))})
	r.until("the chip", func() bool { return m.tray.Len() == 1 })
	m.tray.Select(0)
	r.press(tea.KeyEnter, 0)
	d, ok := m.dialogs.Top().(*dialog.DocInspect)
	if !ok {
		t.Fatalf("enter opened %T", m.dialogs.Top())
	}
	r.until("the thumbnails", func() bool { return len(m.dialogs.Slots(m.width, dialogHeight(m.chat.Height(), m.height))) == 3 })
	slots := d.Slots(m.width, dialogHeight(m.chat.Height(), m.height))
	for i, s := range slots {
		if s.Image.Name != fmt.Sprintf("deck.pdf p.%d", i+1) || s.Rows < 3 || s.Cols < 4 || s.Row != slots[0].Row {
			t.Errorf("thumbnail %d: %+v", i, s)
		}
		if i > 0 && s.Col < slots[i-1].Col+slots[i-1].Cols {
			t.Errorf("thumbnail %d overlaps the one before: %+v", i, s)
		}
	}
	if v := flatView(m); !strings.Contains(v, "sent to openai/gpt-4o: native PDF · 8 pages") {
		t.Errorf("the dialog lost its text:\n%s", plainView(m))
	}
}
