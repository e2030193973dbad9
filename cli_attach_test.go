package main

import (
	"bytes"
	"errors"
	"image"
	_ "image/jpeg"
	_ "image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parley/session"

	"parley/providers/providertest"
)

// TestPrintModeAttachImageArrivesFitted sends a 3000×1000 screenshot to an
// OpenAI model with -a: the server gets the prompt and the image fitted to
// OpenAI's limits (within 2048², short side ≤ 768), aspect kept; the
// stored message keeps the original.
func TestPrintModeAttachImageArrivesFitted(t *testing.T) {
	f := newMediaFake(t, "a chart")
	sb := newSandbox(t)
	shot := pngFile(t, sb.home, "shot.png", 3000, 1000)
	code, out, errOut := runPrint(t, sb.env("OPENAI_API_KEY=test-key"), "",
		"-p", "--base-url", f.URL(), "--data-dir", sb.data, "-m", "gpt-4o", "-a", shot, "what", "is", "this?")
	if code != 0 || out != "a chart\n" {
		t.Fatalf("exit %d stdout %q stderr %q", code, out, errOut)
	}
	parts := f.userParts(t, 0)
	if len(parts) != 2 || parts[0].Type != "image_url" || parts[1].Type != "text" || parts[1].Text != "what is this?" {
		t.Fatalf("user content = %+v, want the image then the text", parts)
	}
	mime, data := providertest.DecodeDataURL(t, parts[0].ImageURL.URL)
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || "image/"+format != mime {
		t.Fatalf("sent image: %v (format %q, MIME %q)", err, format, mime)
	}
	if cfg.Width > 2048 || cfg.Height > 768 || cfg.Width < 1000 {
		t.Errorf("sent %d×%d: want it fitted within 2048² with short side ≤ 768", cfg.Width, cfg.Height)
	}
	if ratio := float64(cfg.Width) / float64(cfg.Height); ratio < 2.9 || ratio > 3.1 {
		t.Errorf("sent %d×%d: aspect ratio %.2f, want 3", cfg.Width, cfg.Height, ratio)
	}
	msgs := latest(t, sb.data).Messages
	var stored []session.Image
	for _, p := range msgs[0].Parts {
		if img, ok := p.(session.Image); ok {
			stored = append(stored, img)
		}
	}
	if len(stored) != 1 || stored[0].Width != 3000 || stored[0].Height != 1000 || stored[0].Name != "shot.png" {
		t.Errorf("stored image parts = %+v, want the 3000×1000 original", stored)
	}
}

// TestPrintModeAttachStdinNoSave attaches an image piped on stdin, with no
// prompt text, under --no-save: it is sent, and nothing is left behind.
func TestPrintModeAttachStdinNoSave(t *testing.T) {
	f := newMediaFake(t, "a gradient")
	sb := newSandbox(t)
	png := noisyPNG(t, 64, 32)
	tmp := t.TempDir() // the child's TMPDIR, where its ephemeral store lives
	code, out, errOut := runPrint(t, sb.env("OPENAI_API_KEY=test-key", "TMPDIR="+tmp), string(png),
		"-p", "--no-save", "--base-url", f.URL(), "--data-dir", sb.data, "-m", "gpt-4o", "-a", "-")
	if code != 0 || out != "a gradient\n" {
		t.Fatalf("exit %d stdout %q stderr %q", code, out, errOut)
	}
	parts := f.userParts(t, 0)
	if len(parts) != 1 || parts[0].Type != "image_url" {
		t.Fatalf("user content = %+v, want the image alone", parts)
	}
	if _, data := providertest.DecodeDataURL(t, parts[0].ImageURL.URL); !bytes.Equal(data, png) {
		t.Error("a small PNG that fits must be sent as it is")
	}
	if _, err := os.Stat(filepath.Join(sb.data, session.DBFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("--no-save created the database (%v)", err)
	}
	if left, _ := os.ReadDir(tmp); len(left) != 0 {
		t.Errorf("the ephemeral store was left behind in TMPDIR: %v", left)
	}
}

// TestPrintModeAttachErrors: a bad attachment is one clear line, exit 1,
// and nothing reaches the model or the store.
func TestPrintModeAttachErrors(t *testing.T) {
	f := newMediaFake(t, "never")
	sb := newSandbox(t)
	notes := filepath.Join(sb.home, "notes.png")
	os.WriteFile(notes, []byte("hello, this is text"), 0o644)
	empty := filepath.Join(sb.home, "empty.png")
	os.WriteFile(empty, nil, 0o644)
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"-a", filepath.Join(sb.home, "missing.png")}, "missing.png: no such file or directory"},
		{[]string{"-a", notes}, `notes.png: not an image (starts with "hello, t")`},
		{[]string{"-a", empty}, "empty.png: file is empty"},
		{[]string{"-a", sb.home}, "is a directory"},
		{[]string{"-a", "-", "-a", "-"}, "stdin can be attached only once"},
	}
	for _, tc := range cases {
		args := append([]string{"-p", "--base-url", f.URL(), "--data-dir", sb.data, "-m", "gpt-4o"}, tc.args...)
		code, out, errOut := runPrint(t, sb.env("OPENAI_API_KEY=test-key"), "", append(args, "look")...)
		if code != 1 || out != "" || !strings.HasPrefix(errOut, "parley: ") || !strings.Contains(errOut, tc.want) ||
			strings.Count(errOut, "\n") != 1 {
			t.Errorf("%v: exit %d stdout %q stderr %q; want exit 1 and one line with %q", tc.args, code, out, errOut, tc.want)
		}
	}
	if n := f.chatRequests(); n != 0 {
		t.Errorf("the server got %d requests from failed attachments", n)
	}
	if st, err := session.Open(sb.data); err == nil {
		defer st.Close()
		if _, err := st.LatestConversation(); !errors.Is(err, session.ErrNotFound) {
			t.Errorf("a failed attachment left a conversation (%v)", err)
		}
	}
}

// TestPrintModeTextOnlyModelRefusesImage: a model that cannot see gets a
// refusal naming it, before anything is sent.
func TestPrintModeTextOnlyModelRefusesImage(t *testing.T) {
	f := newMediaFake(t, "never")
	sb := newSandbox(t)
	shot := pngFile(t, sb.home, "shot.png", 40, 30)
	code, _, errOut := runPrint(t, sb.env("OPENAI_API_KEY=test-key"), "",
		"-p", "--base-url", f.URL(), "--data-dir", sb.data, "-m", "my-local-model", "-a", shot, "look")
	if code != 1 || !strings.Contains(errOut, "my-local-model") || !strings.Contains(errOut, "image") {
		t.Errorf("exit %d stderr %q: want a refusal naming the model", code, errOut)
	}
	if n := f.chatRequests(); n != 0 {
		t.Errorf("the server got %d requests", n)
	}
}
