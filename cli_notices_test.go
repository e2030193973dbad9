package main

import (
	"bytes"
	"image"
	"image/color"
	"image/gif"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parley/providers/providertest"
)

// animatedGIF encodes a GIF of n frames.
func animatedGIF(t *testing.T, n int) []byte {
	t.Helper()
	anim := &gif.GIF{}
	for i := range n {
		frame := image.NewPaletted(image.Rect(0, 0, 32, 32), color.Palette{color.Black, color.White})
		frame.SetColorIndex(i%32, i%32, 1)
		anim.Image = append(anim.Image, frame)
		anim.Delay = append(anim.Delay, 10)
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, anim); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// countImages is how many image parts the last user message of chat
// request i holds.
func countImages(t *testing.T, f *mediaFake, i int) int {
	n := 0
	for _, p := range f.userParts(t, i) {
		if p.Type == "image_url" {
			n++
		}
	}
	return n
}

// TestPrintModeNamesLossyChanges: an animated GIF loses its later frames on
// the way to the model, and print mode says so on stderr, one line, before
// the reply.
func TestPrintModeNamesLossyChanges(t *testing.T) {
	f := newMediaFake(t, "a frame")
	sb := newSandbox(t)
	anim := filepath.Join(sb.home, "anim.gif")
	if err := os.WriteFile(anim, animatedGIF(t, 24), 0o600); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runPrint(t, sb.env("OPENAI_API_KEY=test-key"), "",
		"-p", "--base-url", f.URL(), "--data-dir", sb.data, "-m", "gpt-4o", "-a", anim, "what moves?")
	if code != 0 || out != "a frame\n" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	lines := strings.Split(strings.TrimSuffix(errOut, "\n"), "\n")
	if lines[0] != "parley: anim.gif: animated (24 frames): sending the first frame" {
		t.Errorf("stderr %q, want the dropped frames named first", errOut)
	}
	for _, l := range lines {
		if !strings.HasPrefix(l, "parley: anim.gif: ") {
			t.Errorf("stderr line %q is not a notice about anim.gif", l)
		}
	}
	if n := countImages(t, f, 0); n != 1 {
		t.Errorf("sent %d images, want 1", n)
	}
}

// TestPrintModeImageTiles: --image-tiles auto sends a text-heavy
// screenshot that fitting would blur as tiles, and says so; off (the
// default) sends it whole. The model's limits are Claude Sonnet's, set
// through a [models] override.
func TestPrintModeImageTiles(t *testing.T) {
	f := newMediaFake(t, "read")
	sb := newSandbox(t)
	cfg := filepath.Join(sb.home, "config.toml")
	os.WriteFile(cfg, []byte("[models.\"openai/gpt-4o\"]\nmax_image_edge = 1568\nmax_image_pixels = 1200000\n"), 0o600)
	shot := filepath.Join(sb.home, "shot.png")
	os.WriteFile(shot, providertest.ScreenshotPNG(t, 2880, 1800), 0o600)
	for i, mode := range []string{"off", "auto"} {
		code, _, errOut := runPrint(t, sb.env("OPENAI_API_KEY=test-key"), "", "-p", "--config", cfg,
			"--base-url", f.URL(), "--data-dir", sb.data, "-m", "gpt-4o", "--image-tiles", mode, "-a", shot, "read it")
		if code != 0 {
			t.Fatalf("%s: exit %d, stderr %q", mode, code, errOut)
		}
		n := countImages(t, f, i)
		switch mode {
		case "off":
			if n != 1 || strings.Contains(errOut, "tiles") {
				t.Errorf("off: sent %d images, stderr %q; want it whole", n, errOut)
			}
		case "auto":
			if n < 2 || !strings.Contains(errOut, "parley: shot.png: ") || !strings.Contains(errOut, "tiles") {
				t.Errorf("auto: sent %d images, stderr %q; want tiles, named", n, errOut)
			}
		}
	}
	if code, _, errOut := runPrint(t, sb.env(), "", "-p", "--image-tiles", "maybe", "x"); code != 2 ||
		!strings.Contains(errOut, "want auto or off") {
		t.Errorf("--image-tiles maybe: exit %d, %q", code, errOut)
	}
}

// TestModelsCaps: parley models --caps prints the model's table entry with
// its source and date, then the config's override.
func TestModelsCaps(t *testing.T) {
	sb := newSandbox(t)
	cfg := filepath.Join(sb.home, "config.toml")
	os.WriteFile(cfg, []byte("[models.\"anthropic/claude-sonnet-4-5\"]\ncontext_window = 1000000\n"), 0o600)
	code, out, errOut := runPrint(t, sb.env(), "", "models", "--config", cfg, "--caps", "anthropic/claude-sonnet-4-5")
	if code != 0 || !strings.HasPrefix(out, "anthropic/claude-sonnet-4-5\n") || !strings.Contains(out, "source") ||
		!strings.Contains(out, "(checked 20") || !strings.Contains(out, "override") || !strings.Contains(out, "1000000") {
		t.Errorf("exit %d, stderr %q, stdout\n%s", code, errOut, out)
	}
	if code, _, errOut := runPrint(t, sb.env(), "", "models", "--config", cfg, "--caps", "nope"); code != 1 ||
		!strings.Contains(errOut, "want PROVIDER/MODEL") {
		t.Errorf("--caps nope: exit %d, %q", code, errOut)
	}
}

// TestPrintModeFitsContext: a follow-up whose history no longer fits the
// model's context leaves the oldest turns out and says so on stderr; the
// question itself is sent.
func TestPrintModeFitsContext(t *testing.T) {
	f := newMediaFake(t, "ok")
	sb := newSandbox(t)
	cfg := filepath.Join(sb.home, "config.toml")
	os.WriteFile(cfg, []byte("[models.\"openai/gpt-test\"]\ncontext_window = 400\n"), 0o600)
	args := []string{"-p", "--config", cfg, "--base-url", f.URL(), "--data-dir", sb.data, "-m", "gpt-test"}
	env := sb.env("OPENAI_API_KEY=test-key")
	if code, _, errOut := runPrint(t, env, "", append(args, strings.Repeat("long words ", 200))...); code != 0 || errOut != "" {
		t.Fatalf("first turn: exit %d, %q", code, errOut)
	}
	code, out, errOut := runPrint(t, env, "", append(args, "-c", "and now?")...)
	if code != 0 || out != "ok\n" || errOut != "parley: 2 earlier messages not sent: the context of openai/gpt-test is full\n" {
		t.Errorf("exit %d, stdout %q, stderr %q; want the trim named", code, out, errOut)
	}
	f.chat.mu.Lock()
	sent := len(f.chat.requests[1].Messages)
	f.chat.mu.Unlock()
	if sent != 1 {
		t.Errorf("the follow-up sent %d messages, want the question alone", sent)
	}
}
