package session

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"parley/media/filetype"
	"parley/media/pdf"
	"parley/media/pdf/pdftest"
	"parley/media/video"
	"parley/providers"

	"parley/providers/providertest"
)

// sharedRenderer is one PDFium instance for every test of the package:
// each instance costs CPU to start, and the tests run beside others.
var sharedRenderer = sync.OnceValue(func() *pdf.Renderer { return pdf.NewRenderer(pdftest.CacheDir()) })

// docTools are DocTools on the shared renderer (closing them leaves it
// open) with ffmpeg looked up on PATH.
func docTools(t testing.TB) *DocTools {
	t.Helper()
	d := &DocTools{PDF: sharedRenderer()}
	d.Video, d.VideoErr = video.Find()
	return d
}

func attach(t testing.TB, s *Store, d *DocTools, data []byte, name string, opt AttachOptions) (Part, error) {
	t.Helper()
	return s.Attach(context.Background(), data, name, d, opt)
}

func TestAttachKinds(t *testing.T) {
	s, d := openTest(t), docTools(t)
	p, err := attach(t, s, d, pdftest.Build([]pdftest.Page{{Text: "one"}, {Text: "two"}, {Text: "three"}}, pdftest.Options{}), "/tmp/report.pdf", AttachOptions{Pages: "2-3"})
	doc, ok := p.(Document)
	if err != nil || !ok || !doc.IsPDF() || doc.Pages != 3 || !doc.HasText || doc.PageRange != "2-3" || doc.Name != "report.pdf" {
		t.Fatalf("pdf: %#v %v", p, err)
	}
	p, err = attach(t, s, d, pdftest.Scanned(), "scan.pdf", AttachOptions{})
	if doc, ok := p.(Document); err != nil || !ok || doc.HasText || doc.Pages != 1 {
		t.Fatalf("scan: %#v %v", p, err)
	}
	p, err = attach(t, s, d, []byte("package main\n\nfunc main() {}\n"), "main.go", AttachOptions{})
	if doc, ok := p.(Document); err != nil || !ok || doc.IsPDF() || doc.Lines != 3 || doc.Lang != "go" {
		t.Fatalf("text: %#v %v", p, err)
	}
	if p, err := attach(t, s, d, providertest.ScreenshotPNG(t, 40, 30), "shot.png", AttachOptions{}); err != nil || p.(Image).Width != 40 {
		t.Fatalf("image: %#v %v", p, err)
	}
}

// Each bad file is refused in one line naming it, and nothing is stored.
func TestAttachRefusals(t *testing.T) {
	s, d := openTest(t), docTools(t)
	zipDocx := append([]byte("PK\x03\x04\x14\x00\x00\x00\x08\x00"), "....word/document.xml"...)
	good := pdftest.Pages(4)
	cases := []struct {
		name string
		data []byte
		opt  AttachOptions
		want string
		is   error
	}{
		{"report.docx", zipDocx, AttachOptions{}, "report.docx: a Word document; save it as PDF", filetype.ErrBinary},
		{"a.out", []byte("\x7fELF\x02\x01\x01\x00"), AttachOptions{}, "a.out: a Linux program (ELF executable)", filetype.ErrBinary},
		{"secret.pdf", pdftest.Encrypted(), AttachOptions{}, "secret.pdf: the PDF is encrypted (password-protected)", pdf.ErrEncrypted},
		{"cut.pdf", good[:len(good)/2], AttachOptions{}, "cut.pdf: the PDF is damaged or truncated", pdf.ErrCorrupt},
		{"login.pdf", []byte("<!DOCTYPE html><html><body>Sign in</body></html>"), AttachOptions{}, "login.pdf: not a PDF: the file is a web page (HTML)", filetype.ErrFakePDF},
		{"latin1.txt", []byte("caf\xe9"), AttachOptions{}, "latin1.txt: not a text file: invalid UTF-8 at byte 3", filetype.ErrNotText},
		{"nul.log", []byte("ok\x00"), AttachOptions{}, "nul.log: not a text file: a binary file (NUL byte at offset 2)", filetype.ErrNotText},
		{"r.pdf", good, AttachOptions{Pages: "3-9"}, "r.pdf: page 9 is past the end (the document has 4 pages)", nil},
		{"r.pdf", good, AttachOptions{Tail: 5}, "r.pdf: --tail applies to text files", nil},
		{"x.go", []byte("x"), AttachOptions{Pages: "1"}, "x.go: --pages applies to PDFs", nil},
		{"x.png", providertest.ScreenshotPNG(t, 8, 8), AttachOptions{Tail: 2}, "x.png: --pages and --tail apply to PDFs and text files; this is an image", nil},
	}
	for _, c := range cases {
		_, err := attach(t, s, d, c.data, c.name, c.opt)
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || c.is != nil && !errors.Is(err, c.is) {
			t.Errorf("%s: got %v, want %q", c.name, err, c.want)
		}
	}
	if n := count(t, s, `SELECT COUNT(*) FROM blobs`); n != 0 {
		t.Errorf("%d blobs stored for refused files", n)
	}
}

func TestAttachLongLog(t *testing.T) {
	s, d := openTest(t), docTools(t)
	d.MaxTextBytes = 64 << 10
	var log bytes.Buffer
	for i := 1; i <= 10000; i++ {
		fmt.Fprintf(&log, "2026-12-01 12:00:00 INFO line %d\n", i)
	}
	_, err := attach(t, s, d, log.Bytes(), "app.log", AttachOptions{})
	if err == nil || err.Error() != "app.log: the file is 341 KB, text files are sent up to 64 KB (files.max_text_size in config); send its end with --tail N" {
		t.Fatalf("got %v", err)
	}
	p, err := attach(t, s, d, log.Bytes(), "app.log", AttachOptions{Tail: 3})
	if err != nil {
		t.Fatal(err)
	}
	doc := p.(Document)
	data, _ := s.Blob(doc.Blob)
	if doc.TailOf != 10000 || doc.Lines != 3 || !strings.HasPrefix(string(data), "2026-12-01 12:00:00 INFO line 9998\n") {
		t.Fatalf("tail: %#v %q", doc, data)
	}
	turn := &Turn{Store: s, Model: "m", Caps: &providers.Caps{}, Docs: d}
	if plan := turn.Plan(doc); plan.Lines != 3 || plan.Summary != "text · last 3 of 10000 lines · ≈46 tokens" {
		t.Fatalf("plan %+v", plan)
	}
	// Under the cap, the whole file is stored and the tail applies when sending.
	p, err = attach(t, s, d, []byte("a\nb\nc\nd\n"), "small.log", AttachOptions{Tail: 2})
	if err != nil || p.(Document).Lines != 4 || p.(Document).Tail != 2 {
		t.Fatalf("small: %#v %v", p, err)
	}
	if f := fence(p.(Document), []byte("a\nb\nc\nd\n")); f != "small.log (last 2 of 4 lines):\n```log\nc\nd\n```" {
		t.Fatalf("fence %q", f)
	}
}

func TestFenceOutgrowsBackticks(t *testing.T) {
	d := Document{Name: "README.md", Lang: "markdown", Lines: 3}
	got := fence(d, []byte("# T\n```go\nx\n```\n"))
	if got != "README.md:\n````markdown\n# T\n```go\nx\n```\n````" {
		t.Fatalf("fence %q", got)
	}
}

func TestDocumentPartsRoundTrip(t *testing.T) {
	s, d := openTest(t), docTools(t)
	p, err := attach(t, s, d, pdftest.Pages(3), "r.pdf", AttachOptions{Pages: "2"})
	if err != nil {
		t.Fatal(err)
	}
	txt, _ := attach(t, s, d, []byte("x\ny\n"), "a.csv", AttachOptions{Tail: 1})
	vid := Video{Blob: p.(Document).Blob, MIME: "video/mp4", Name: "c.mp4", Bytes: 9, Duration: 1500e6, Width: 32, Height: 24, Transcript: "hello"}
	parts := []Part{Text{Text: "look"}, p, txt, vid}
	conv, err := s.CreateConversation("t")
	if err != nil {
		t.Fatal(err)
	}
	m := &Message{ConversationID: conv.ID, Role: RoleUser, Status: StatusDone, Parts: parts}
	if err := s.AppendMessage(m); err != nil {
		t.Fatal(err)
	}
	got := storedLast(t, s)
	if fmt.Sprintf("%#v", got.Parts) != fmt.Sprintf("%#v", parts) {
		t.Fatalf("stored\n%#v\nwant\n%#v", got.Parts, parts)
	}
	var md, js bytes.Buffer
	c, _ := s.Conversation(conv.ID)
	if err := Export(&md, c, FormatMarkdown, s.BlobFile); err != nil {
		t.Fatal(err)
	}
	if err := Export(&js, c, FormatJSON, s.BlobFile); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"[r.pdf · PDF, 3 pages, pages 2 chosen](<", "[a.csv · 2 lines](<", "[c.mp4 · video 0:02](<", "*Audio transcript:* hello"} {
		if !strings.Contains(md.String(), want) {
			t.Errorf("markdown lacks %q:\n%s", want, md.String())
		}
	}
	for _, want := range []string{`"type": "document"`, `"pages": 3`, `"page_range": "2"`, `"type": "video"`, `"lines": 2`} {
		if !strings.Contains(js.String(), want) {
			t.Errorf("JSON lacks %q", want)
		}
	}
}

func TestPlans(t *testing.T) {
	d := docTools(t)
	claude := providers.LookupCaps(providers.ProtocolAnthropic, "claude-sonnet-4-5")
	vision := providers.Caps{Images: true, ImageFormats: []string{"image/png", "image/jpeg"}, MaxImageEdge: 1024}
	text := providers.Caps{}
	big := Document{MIME: mimePDF, Name: "big.pdf", Pages: 2000, HasText: true, Bytes: 5 << 20}
	scan := Document{MIME: mimePDF, Name: "scan.pdf", Pages: 2, Bytes: 1000}
	plan := func(c providers.Caps, doc Document) SendPlan {
		return (&Turn{Model: "m1", Caps: &c, Docs: d}).Plan(doc)
	}
	p := plan(claude, big)
	if p.Mode != SendNative || len(p.Pages) != 100 || p.Omitted != 1900 ||
		p.Notice != "big.pdf: pages 1–100 of 2000 are sent, 1900 left out (m1 reads at most 100 pages of a PDF; choose pages with --pages or the inspect dialog)" {
		t.Fatalf("claude 2000 pages: %+v", p)
	}
	p = plan(vision, big)
	if p.Mode != SendPages || p.Images != 20 || p.Omitted != 1980 || !p.WithText || !strings.HasPrefix(p.Summary, "20 page images + text layer · ≈") ||
		!strings.HasPrefix(p.Notice, "big.pdf: pages 1–20 of 2000 are sent, 1980 left out") {
		t.Fatalf("vision 2000 pages: %+v", p)
	}
	big.PageRange = "2,4-6"
	if p = plan(vision, big); fmt.Sprint(p.Pages) != "[2 4 5 6]" || p.Notice != "" {
		t.Fatalf("range: %+v", p)
	}
	if p = plan(text, big); p.Mode != SendText || len(p.Pages) != 4 {
		t.Fatalf("text model: %+v", p)
	}
	p = plan(text, scan)
	var r *RefusalError
	if !errors.As(p.Err, &r) || !r.Switch || r.Msg != "scan.pdf has no text layer (a scanned PDF) and m1 reads neither PDFs nor images" {
		t.Fatalf("scan to text model: %+v", p)
	}
	if p = plan(vision, scan); p.Mode != SendPages || p.WithText || p.Images != 2 {
		t.Fatalf("scan to vision: %+v", p)
	}
	gem := providers.LookupCaps(providers.ProtocolGemini, "gemini-2.5-flash")
	huge := Document{MIME: mimePDF, Name: "huge.pdf", Pages: 10, Bytes: 40 << 20}
	if p = plan(gem, huge); p.Err == nil || p.Err.Error() != "huge.pdf is 40 MB; m1 reads PDFs of up to 14 MB: choose fewer pages (--pages, or the inspect dialog)" {
		t.Fatalf("gemini 40 MB: %+v", p)
	}
}

func TestNotices(t *testing.T) {
	vision := providers.Caps{Images: true, ImageFormats: []string{"image/png"}}
	turn := &Turn{Model: "m", Caps: &vision, Docs: docTools(t)}
	parts := []Part{Text{Text: "hi"}, Document{MIME: mimePDF, Name: "a.pdf", Pages: 25, HasText: true},
		Document{MIME: mimePDF, Name: "b.pdf", Pages: 3}}
	got := turn.Notices(parts)
	if len(got) != 1 || !strings.HasPrefix(got[0], "a.pdf: pages 1–20 of 25 are sent, 5 left out") {
		t.Fatalf("notices %q", got)
	}
}

func TestWithPagesAndTail(t *testing.T) {
	d := Document{MIME: mimePDF, Name: "a.pdf", Pages: 5}
	if got, err := d.WithPages(" 2-3 "); err != nil || got.PageRange != "2-3" {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := d.WithPages("6"); err == nil || err.Error() != "a.pdf: page 6 is past the end (the document has 5 pages)" {
		t.Fatalf("got %v", err)
	}
	if _, err := d.WithTail(3); err == nil {
		t.Fatal("tail on a PDF")
	}
	txt := Document{MIME: "text/plain", Name: "a.log", Lines: 9}
	if got, err := txt.WithTail(4); err != nil || got.Tail != 4 {
		t.Fatalf("%+v %v", got, err)
	}
	if _, err := txt.WithPages("1"); err == nil {
		t.Fatal("pages on a text file")
	}
}

// A 60 MB log is refused at the default cap with the way out.
func TestAttachSixtyMegabyteLog(t *testing.T) {
	s := openTest(t)
	log := bytes.Repeat([]byte("2026-12-01 12:00:00 INFO a log line of some length\n"), 60<<20/51)
	_, err := attach(t, s, docTools(t), log, "big.log", AttachOptions{})
	if err == nil || err.Error() != "big.log: the file is 60 MB, text files are sent up to 1 MB (files.max_text_size in config); send its end with --tail N" {
		t.Fatalf("got %v", err)
	}
}

// A page that claims 20000×20000 points is drawn within the pixel bound.
func TestHugePageIsBounded(t *testing.T) {
	s, d := openTest(t), docTools(t)
	p, err := attach(t, s, d, pdftest.Huge(20000, 20000), "huge.pdf", AttachOptions{})
	if err != nil {
		t.Fatal(err)
	}
	vision := providers.Caps{Images: true, ImageFormats: []string{"image/png"}}
	turn := &Turn{Store: s, Model: "m", Caps: &vision, Docs: d}
	if err := turn.Prepare(context.Background(), nil, []Part{p}); err != nil {
		t.Fatal(err)
	}
	if w, h := count(t, s, `SELECT MAX(width) FROM derived`), count(t, s, `SELECT MAX(height) FROM derived`); w != defaultPageEdge || h != defaultPageEdge {
		t.Fatalf("page drawn at %d×%d, want %d²", w, h, defaultPageEdge)
	}
}

// An encrypted PDF is refused until its password is given; the copy
// stored then opens without one.
func TestAttachWithPassword(t *testing.T) {
	s, d := openTest(t), docTools(t)
	data := pdftest.WithPassword("the plan", "hunter2")
	if _, err := attach(t, s, d, data, "locked.pdf", AttachOptions{}); !errors.Is(err, pdf.ErrEncrypted) {
		t.Fatalf("no password: %v", err)
	}
	if _, err := attach(t, s, d, data, "locked.pdf", AttachOptions{Password: "nope"}); err == nil ||
		err.Error() != "locked.pdf: the password does not open this PDF" {
		t.Fatalf("wrong password: %v", err)
	}
	p, err := attach(t, s, d, data, "locked.pdf", AttachOptions{Password: "hunter2"})
	if err != nil {
		t.Fatal(err)
	}
	doc := p.(Document)
	stored, _ := s.Blob(doc.Blob)
	o, err := d.PDF.Open(context.Background(), stored)
	if err != nil || !doc.Unlocked || !doc.HasText {
		t.Fatalf("stored copy: %+v %v", doc, err)
	}
	defer o.Close()
	if text, _ := o.Text(0); text != "the plan" {
		t.Fatalf("text %q", text)
	}
}
