package main

import (
	"bytes"
	"errors"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parley/session"
)

// TestImageCommandWritesFinalImage: parley image streams two partial
// images then the final one; the file written is byte for byte the final
// picture, a valid PNG; the prompt and picture are kept in the history.
func TestImageCommandWritesFinalImage(t *testing.T) {
	f := newMediaFake(t)
	final := noisyPNG(t, 96, 64)
	f.images = [][]byte{noisyPNG(t, 24, 16), noisyPNG(t, 48, 32), final}
	sb := newSandbox(t)
	out := filepath.Join(sb.home, "fox.png")
	code, stdout, errOut := runPrint(t, sb.env("OPENAI_API_KEY=test-key"), "",
		"image", "--base-url", f.URL(), "--data-dir", sb.data, "--size", "1536x1024", "a", "red", "fox", "-o", out)
	if code != 0 || stdout != out+"\n" {
		t.Fatalf("exit %d stdout %q stderr %q; want 0 and the path", code, stdout, errOut)
	}
	got, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, final) {
		t.Errorf("the file (%d bytes) is not the final image (%d bytes)", len(got), len(final))
	}
	if cfg, err := png.DecodeConfig(bytes.NewReader(got)); err != nil || cfg.Width != 96 || cfg.Height != 64 {
		t.Errorf("not the 96×64 PNG: %v %+v", err, cfg)
	}
	f.mu.Lock()
	req := f.imageReqs[0]
	f.mu.Unlock()
	if req["prompt"] != "a red fox" || req["model"] != "gpt-image-1" || req["size"] != "1536x1024" || req["stream"] != true {
		t.Errorf("image request = %v", req)
	}
	c := latest(t, sb.data)
	if len(c.Messages) != 2 || c.Messages[0].Text() != "a red fox" {
		t.Fatalf("history = %+v, want the prompt and the picture", c.Messages)
	}
	var kept []session.Image
	for _, p := range c.Messages[1].Parts {
		if img, ok := p.(session.Image); ok {
			kept = append(kept, img)
		}
	}
	if len(kept) != 1 || kept[0].Partial || !kept[0].Generated || kept[0].Width != 96 {
		t.Errorf("stored images = %+v, want the final one only", kept)
	}
}

// TestImageCommandDefaultNameNoSave: without -o the picture goes to
// ./parley-<id>.png in the current directory; --no-save keeps no history.
func TestImageCommandDefaultNameNoSave(t *testing.T) {
	f := newMediaFake(t)
	f.images = [][]byte{noisyPNG(t, 10, 10), noisyPNG(t, 30, 20)}
	sb := newSandbox(t)
	dir := t.TempDir()
	// -o DIR puts the default name inside DIR.
	code, stdout, errOut := runPrint(t, sb.env("OPENAI_API_KEY=test-key", "TMPDIR="+t.TempDir()), "",
		"image", "--no-save", "--base-url", f.URL(), "--data-dir", sb.data, "-o", dir, "a boat")
	if code != 0 {
		t.Fatalf("exit %d stderr %q", code, errOut)
	}
	path := strings.TrimSpace(stdout)
	if filepath.Dir(path) != dir || !strings.HasPrefix(filepath.Base(path), "parley-") || filepath.Ext(path) != ".png" {
		t.Errorf("wrote %q, want %s/parley-<id>.png", path, dir)
	}
	if got, err := os.ReadFile(path); err != nil || !bytes.Equal(got, f.images[1]) {
		t.Errorf("file: %v", err)
	}
	if _, err := os.Stat(filepath.Join(sb.data, session.DBFile)); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("--no-save created the database (%v)", err)
	}
}

// TestImageCommandRefusal: a 400 refusal exits non-zero with the
// provider's reason; no file is written.
func TestImageCommandRefusal(t *testing.T) {
	f := newMediaFake(t)
	f.imageStatus, f.imageErr = 400, "Your request was rejected by the safety system."
	sb := newSandbox(t)
	out := filepath.Join(sb.home, "x.png")
	code, stdout, errOut := runPrint(t, sb.env("OPENAI_API_KEY=test-key"), "",
		"image", "--base-url", f.URL(), "--data-dir", sb.data, "-o", out, "something")
	if code == 0 || stdout != "" || !strings.HasPrefix(errOut, "parley: ") || !strings.Contains(errOut, "rejected by the safety system") {
		t.Errorf("exit %d stdout %q stderr %q; want failure with the reason", code, stdout, errOut)
	}
	if _, err := os.Stat(out); !errors.Is(err, os.ErrNotExist) {
		t.Error("a refused generation wrote a file")
	}
	// The prompt is kept, with the reason.
	c := latest(t, sb.data)
	if len(c.Messages) != 2 || c.Messages[0].Text() != "something" || c.Messages[1].Status != session.StatusError {
		t.Errorf("history = %+v", c.Messages)
	}
}

func TestImageCommandFlags(t *testing.T) {
	sb := newSandbox(t)
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"image"}, "image needs a PROMPT"},
		{[]string{"-o", "x.png", "hi"}, "parley takes no -o: that flag is for parley export and parley image"},
		{[]string{"image", "--record", "1s", "x"}, "parley image takes no --record: that flag is for parley"},
		{[]string{"--image-protocol", "svg", "hi"}, `invalid argument "svg" for "--image-protocol" flag: want auto, kitty`},
		{[]string{"--record", "soon", "hi"}, "want a duration such as 5s"},
		{[]string{"devices", "x"}, "devices takes no arguments"},
	} {
		code, _, errOut := runPrint(t, sb.env(), "", tc.args...)
		if code != 2 || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d stderr %q, want 2 and %q", tc.args, code, errOut, tc.want)
		}
	}
	code, out, _ := runPrint(t, sb.env(), "", "--help")
	for _, s := range []string{"--attach", "--record", "--image-protocol", "image PROMPT...", "devices", "doctor"} {
		if code != 0 || !strings.Contains(out, s) {
			t.Errorf("--help lacks %s", s)
		}
	}
	code, out, _ = runPrint(t, sb.env(), "", "image", "--help")
	for _, s := range []string{"--output", "--size", "--attach", "--no-save"} {
		if code != 0 || !strings.Contains(out, s) {
			t.Errorf("image --help lacks %s", s)
		}
	}
}

// TestDevicesCommand lists the null backend's devices with the defaults
// marked, and with no sound server says so in one line.
func TestDevicesCommand(t *testing.T) {
	sb := newSandbox(t)
	code, out, errOut := runPrint(t, sb.env(nullAudio), "", "devices")
	if code != 0 || !strings.Contains(out, "inputs (microphones):\n  * NULL Capture Device  (default)\n") ||
		!strings.Contains(out, "outputs (speakers):\n  * NULL Playback Device  (default)\n") {
		t.Errorf("exit %d stdout %q stderr %q", code, out, errOut)
	}
	if _, err := os.Stat("/dev/snd"); err == nil {
		t.Skip("this machine has sound cards: cannot check the no-sound-server case")
	}
	dir := t.TempDir()
	code, out, errOut = runPrint(t, sb.env("PULSE_SERVER=unix:"+dir+"/none", "XDG_RUNTIME_DIR="+dir), "", "devices")
	if code != 1 || out != "" || !strings.HasPrefix(errOut, "parley: no sound") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("no sound server: exit %d stdout %q stderr %q; want one line", code, out, errOut)
	}
}
