package printmode

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parley/media/audio"
	"parley/providers"
	"parley/session"
)

func testPNG(t *testing.T, w, h int) []byte {
	t.Helper()
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	for y := range h {
		for x := range w {
			img.SetNRGBA(x, y, color.NRGBA{R: uint8(x * 9), G: uint8(y * 5), B: 90, A: 255})
		}
	}
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestReadFiles(t *testing.T) {
	dir := t.TempDir()
	shot := filepath.Join(dir, "shot.png")
	os.WriteFile(shot, []byte("png bytes"), 0o644)
	files, err := ReadFiles(context.Background(), []string{shot, "-"}, strings.NewReader("stdin bytes"))
	if err != nil {
		t.Fatal(err)
	}
	if len(files) != 2 || files[0].Name != "shot.png" || string(files[0].Data) != "png bytes" ||
		files[1].Name != "stdin" || string(files[1].Data) != "stdin bytes" {
		t.Errorf("ReadFiles = %+v", files)
	}
	for _, tc := range []struct {
		paths []string
		want  string
	}{
		{[]string{filepath.Join(dir, "nope.png")}, "nope.png: no such file or directory"},
		{[]string{dir}, "is a directory, not a regular file"},
		{[]string{"-", "-"}, "stdin can be attached only once"},
	} {
		if _, err := ReadFiles(context.Background(), tc.paths, strings.NewReader("")); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ReadFiles(%v) = %v, want %q", tc.paths, err, tc.want)
		}
	}
}

// TestRunSendsAttachments: an image and a voice note are stored and sent
// (with Caps nil, as stored) before the prompt text.
func TestRunSendsAttachments(t *testing.T) {
	store, err := session.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	img := testPNG(t, 20, 10)
	wav := audio.EncodeWAV(make([]int16, 1600), 16000, 1)
	p := fake(reply{chunks: []string{"ok"}})
	code, out, errOut := run(t, Options{Turn: &session.Turn{Store: store, Provider: p, Model: "m"},
		Prompt: "look and listen", Files: []File{{Name: "a.png", Data: img}, {Name: "note.wav", Data: wav}}})
	if code != 0 || out != "ok\n" {
		t.Fatalf("Run = %d %q %q", code, out, errOut)
	}
	parts := p.LastRequest().Messages[len(p.LastRequest().Messages)-1].Parts
	if len(parts) != 3 {
		t.Fatalf("sent %d parts, want image, audio, text: %#v", len(parts), parts)
	}
	if ip, ok := parts[0].(providers.ImagePart); !ok || !bytes.Equal(ip.Data, img) {
		t.Errorf("part 0 = %T, want the PNG as it is", parts[0])
	}
	if ap, ok := parts[1].(providers.AudioPart); !ok || !bytes.Equal(ap.Data, wav) || ap.MIME != audio.MIMEWAV {
		t.Errorf("part 1 = %T, want the WAV", parts[1])
	}
	if tp, ok := parts[2].(providers.TextPart); !ok || tp.Text != "look and listen" {
		t.Errorf("part 2 = %#v", parts[2])
	}
	c, err := store.LatestConversation()
	if err != nil || len(c.Messages[0].Parts) != 3 {
		t.Fatalf("stored: %v %+v", err, c)
	}
	if a, ok := c.Messages[0].Parts[1].(session.Audio); !ok || a.Duration.Milliseconds() != 100 {
		t.Errorf("stored voice note = %#v, want 100 ms", c.Messages[0].Parts[1])
	}
}

// TestRunAttachmentsWithoutStore: --no-save runs attachments through an
// ephemeral store; the caller's Turn keeps its nil Store; no prompt text
// is needed.
func TestRunAttachmentsWithoutStore(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	p := fake(reply{chunks: []string{"a picture"}})
	turn := &session.Turn{Provider: p, Model: "m"}
	code, out, errOut := run(t, Options{Turn: turn, Files: []File{{Name: "a.png", Data: testPNG(t, 8, 8)}}})
	if code != 0 || out != "a picture\n" {
		t.Fatalf("Run = %d %q %q", code, out, errOut)
	}
	if turn.Store != nil {
		t.Error("Run changed the caller's Turn")
	}
	if parts := p.LastRequest().Messages[0].Parts; len(parts) != 1 {
		t.Errorf("sent %#v, want the image alone", parts)
	}
	if left, _ := os.ReadDir(os.Getenv("TMPDIR")); len(left) != 0 {
		t.Errorf("the ephemeral store was left behind: %v", left)
	}
}

// TestRunBadAttachmentSendsNothing: one unreadable file fails the run with
// its reason; the provider is never called.
func TestRunBadAttachmentSendsNothing(t *testing.T) {
	store, err := session.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	p := fake(reply{chunks: []string{"x"}})
	code, out, errOut := run(t, Options{Turn: &session.Turn{Store: store, Provider: p, Model: "m"}, Prompt: "hi",
		Files: []File{{Name: "a.png", Data: testPNG(t, 4, 4)}, {Name: "blob.bin", Data: []byte("bin\x00ary")}}})
	if code != 1 || out != "" || !strings.HasPrefix(errOut, "parley: blob.bin: not a text file: ") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("Run = %d %q %q", code, out, errOut)
	}
	if p.LastRequest().Model != "" {
		t.Error("the provider was called")
	}
	if _, err := store.LatestConversation(); err == nil {
		t.Error("a conversation was stored")
	}
}
