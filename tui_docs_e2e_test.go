package main

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"parley/media/pdf/pdftest"
	"parley/session"
)

// TestTUIPastedPDFPathBecomesChipAndIsSent: in a real terminal, pasting a
// PDF's path (bracketed paste, as a terminal does for a dropped file)
// makes a chip naming its pages, size, how gpt-4o gets it and ≈tokens;
// sending it puts the PDF itself in the request as a file part, the reply
// appears, and the sent message shows the document's chip line.
func TestTUIPastedPDFPathBecomesChipAndIsSent(t *testing.T) {
	f := newMediaFake(t, "It has ", "three pages.")
	sb := newSandbox(t)
	sharePDFCache(t, sb.data)
	spec := filepath.Join(sb.home, "spec.pdf")
	if err := os.WriteFile(spec, pdftest.Pages(3), 0o600); err != nil {
		t.Fatal(err)
	}
	tm := startTUI(t, sb.env("OPENAI_API_KEY=test-key"), "--data-dir", sb.data, "--base-url", f.URL(), "-m", "gpt-4o")
	tm.waitText("openai")
	tm.run("set-buffer", "-b", "drop", spec)
	tm.run("paste-buffer", "-p", "-d", "-b", "drop", "-t", "main")
	chip := regexp.MustCompile(`spec\.pdf · 3 pages · \d+ (B|KB) · native PDF · ≈[\d.]+k? tok`)
	tm.waitFor("the PDF chip", func(s string) bool { return chip.MatchString(s) })
	if s := tm.screen(); strings.Contains(s, spec) {
		t.Errorf("the pasted path went into the composer too:\n%s", s)
	}

	tm.run("send-keys", "-t", "main", "-l", "how many pages?")
	tm.run("send-keys", "-t", "main", "Enter")
	s := tm.waitFor("the reply", func(s string) bool {
		return strings.Contains(s, "It has three pages.") && strings.Contains(s, "│ ready │")
	})
	if !strings.Contains(s, "▤ spec.pdf · 3 pages") {
		t.Errorf("the sent message has no document chip line:\n%s", s)
	}
	var files, texts int
	for _, p := range f.chat.userParts(t, 0) {
		switch p.Type {
		case "file":
			files++
		case "text":
			texts++
		}
	}
	if files != 1 || texts == 0 {
		t.Errorf("the request had %d file parts and %d texts, want the PDF and the question", files, texts)
	}
	tm.quit()
	c := latest(t, sb.data)
	if len(c.Messages) != 2 {
		t.Fatalf("stored %d messages", len(c.Messages))
	}
	var doc session.Document
	for _, p := range c.Messages[0].Parts {
		if d, ok := p.(session.Document); ok {
			doc = d
		}
	}
	if doc.Name != "spec.pdf" || doc.Pages != 3 {
		t.Errorf("stored user parts %#v", c.Messages[0].Parts)
	}
}
