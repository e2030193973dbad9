package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parley/media/pdf/pdftest"
	"parley/session"
)

// sharePDFCache points the sandbox's PDFium cache at the one the test
// binaries share, so the run does not compile PDFium again (4–10 s).
func sharePDFCache(t *testing.T, dataDir string) {
	t.Helper()
	cache := pdftest.CacheDir()
	if err := os.MkdirAll(cache, 0o700); err != nil {
		t.Fatal(err)
	}
	link := session.PDFCacheDir(dataDir)
	if err := os.MkdirAll(filepath.Dir(link), 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(cache, link); err != nil {
		t.Fatal(err)
	}
}

// TestPrintModePages: -a spec.pdf --pages 2-3 sends a PDF of those pages
// to a model that reads PDFs, after a line naming them.
func TestPrintModePages(t *testing.T) {
	f := newMediaFake(t, "read")
	sb := newSandbox(t)
	sharePDFCache(t, sb.data)
	spec := filepath.Join(sb.home, "spec.pdf")
	os.WriteFile(spec, pdftest.Pages(5), 0o600)
	code, out, errOut := runPrint(t, sb.env("OPENAI_API_KEY=test-key"), "", "-p", "--base-url", f.URL(),
		"--data-dir", sb.data, "-m", "gpt-4o", "-a", spec, "--pages", "2-3", "summarize")
	if code != 0 || out != "read\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	parts := f.userParts(t, 0)
	var texts []string
	files := 0
	for _, p := range parts {
		switch p.Type {
		case "text":
			texts = append(texts, p.Text)
		case "file":
			files++
		}
	}
	if files != 1 || !strings.Contains(strings.Join(texts, "|"), "[spec.pdf: pages 2–3 of 5, as a PDF of those pages]") {
		t.Errorf("sent texts %q and %d files; want pages 2–3 named and one PDF", texts, files)
	}
}

// TestPrintModeTail: --tail N sends a text file's last N lines, in a
// fence after its name; --pages and --tail with nothing they apply to
// are refused before anything is sent.
func TestPrintModeTail(t *testing.T) {
	f := newMediaFake(t, "seen")
	sb := newSandbox(t)
	logf := filepath.Join(sb.home, "build.log")
	os.WriteFile(logf, []byte("line one\nline two\nline three\nline four\n"), 0o600)
	env := sb.env("OPENAI_API_KEY=test-key")
	code, out, errOut := runPrint(t, env, "", "-p", "--base-url", f.URL(), "--data-dir", sb.data,
		"-m", "gpt-4o", "-a", logf, "--tail", "2", "why did it fail?")
	if code != 0 || out != "seen\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	var sent strings.Builder
	for _, p := range f.userParts(t, 0) {
		sent.WriteString(p.Text)
	}
	if s := sent.String(); !strings.Contains(s, "line three\nline four") || strings.Contains(s, "line two") {
		t.Errorf("sent %q, want the last two lines only", s)
	}
	png := pngFile(t, sb.home, "shot.png", 8, 8)
	for _, args := range [][]string{{"--pages", "1-2", "-a", png}, {"--tail", "3"}, {"-a", logf, "--pages", "1"}} {
		code, _, errOut := runPrint(t, env, "", append([]string{"-p", "--base-url", f.URL(), "--data-dir", sb.data, "-m", "gpt-4o"},
			append(args, "q")...)...)
		if code != 1 || !strings.HasPrefix(errOut, "parley: ") || strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d, stderr %q; want one line and exit 1", args, code, errOut)
		}
	}
	if n := f.chatRequests(); n != 1 {
		t.Errorf("%d chat requests, want only the first run's", n)
	}
}
