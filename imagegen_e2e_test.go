package main

import (
	"fmt"
	"image/color"
	"os"
	"os/exec"
	"parley/providers/providertest"
	"path/filepath"
	"strings"
	"testing"
)

// captionRect finds an image in a text dump by its caption: the blank
// rows above the caption line, as (first row, rows).
func captionRect(t *testing.T, dump, caption string) (first, rows int) {
	t.Helper()
	data, err := os.ReadFile(dump)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	for i, l := range lines {
		if strings.Contains(l, caption) {
			j := i
			for j > 0 && strings.Trim(lines[j-1], " ▀") == "" {
				j--
			}
			return j, i - j
		}
	}
	t.Fatalf("no %q in the screen text:\n%s", caption, data)
	return 0, 0
}

// imageGenSandbox is a sandbox whose config sends chat and /image to the
// fake's OpenAI endpoints (gpt-image-1).
func imageGenSandbox(t *testing.T, f *mediaFake) sandbox {
	t.Helper()
	sb := newSandbox(t)
	cfgDir := filepath.Join(sb.home, "config", "parley")
	if err := os.MkdirAll(cfgDir, 0o755); err != nil {
		t.Fatal(err)
	}
	cfg := fmt.Sprintf("default_model = \"openai/gpt-4o-mini\"\n\n[providers.openai]\nbase_url = %q\n\n"+
		"[images]\nprovider = \"openai\"\nmodel = \"gpt-image-1\"\n", f.URL())
	if err := os.WriteFile(filepath.Join(cfgDir, "config.toml"), []byte(cfg), 0o644); err != nil {
		t.Fatal(err)
	}
	return sb
}

func isYellowOrGreen(c color.RGBA) bool { return c.G > 150 && c.B < 100 }

// TestE2EImageCommandInXterm: /image against a fake OpenAI Images server
// that streams two partial images (yellow, green) then the final one
// (red); in xterm VT340 the final picture's pixels are where the
// transcript reserved its cells.
func TestE2EImageCommandInXterm(t *testing.T) {
	needTermshot(t)
	f := newMediaFake(t, "unused")
	f.images = [][]byte{
		providertest.SolidPNG(t, 256, 256, color.RGBA{255, 255, 0, 255}),
		providertest.SolidPNG(t, 256, 256, color.RGBA{0, 200, 0, 255}),
		providertest.SolidPNG(t, 256, 256, color.RGBA{255, 0, 0, 255}),
	}
	sb := imageGenSandbox(t, f)
	dir := t.TempDir()
	shot, dump := filepath.Join(dir, "image.png"), filepath.Join(dir, "image.txt")
	args := []string{"--cols", "100", "--rows", "35", "--out", filepath.Join(dir, "final.png"), "--timeout", termshotTimeout}
	// Typing waits for the first screen: keys typed before the UI reads
	// them are lost (this test failed so about one run in four under
	// load). The final stage's caption is "generated image", a partial's
	// "generating image…": the renderer writes only the cells that
	// changed, so when a partial was drawn first the output holds
	// "generat" once and then only "ed image" — the wait is for that part.
	// The sleep after it is xterm painting what it has already received
	// (settle cannot tell that from the cursor's blink, and the status
	// bar's "ready" is written only where its cells changed, too).
	for _, s := range []string{waitFirstScreen, "text:/image a red square", "key:Return",
		"waitfor:ed image", "sleep:2", "shot:" + shot, "textdump:" + dump} {
		args = append(args, "--keys", s)
	}
	args = append(args, "--", binary, "--data-dir", sb.data, "--theme", "light")
	cmd := exec.Command(termshotPath, args...)
	cmd.Env = sb.env("OPENAI_API_KEY=test-key", "DISPLAY=")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("termshot: %v\n%s", err, out)
	}

	f.mu.Lock()
	reqs := f.imageReqs
	f.mu.Unlock()
	if len(reqs) != 1 || reqs[0]["prompt"] != "a red square" || reqs[0]["model"] != "gpt-image-1" || reqs[0]["stream"] != true {
		t.Fatalf("image requests %v", reqs)
	}
	checkDump(t, "imagegen_xterm", dump)
	first, rows := captionRect(t, dump, "generated image · 256×256 · openai/gpt-image-1")
	if rows < 3 {
		t.Fatalf("the image takes %d rows", rows)
	}
	cw, ch, border := cellGeometry(t, shot)
	x0, y0 := border+2*cw, border+first*ch
	pxH := rows * ch
	for _, p := range [][2]int{{x0 + 4, y0 + 3}, {x0 + pxH/2, y0 + pxH/2}, {x0 + 4, y0 + pxH - 3}} {
		c := pixel(t, shot, p[0], p[1])
		if isYellowOrGreen(c) {
			t.Errorf("(%d,%d) still shows a partial image: %v", p[0], p[1], c)
		} else if !isRed(c) {
			t.Errorf("(%d,%d) is %v, want the final image's red", p[0], p[1], c)
		}
	}
	// Left of the image's column the screen is background, not red: the
	// picture is where the cells were reserved, not anywhere.
	if c := pixel(t, shot, border+cw/2, y0+pxH/2); isRed(c) {
		t.Errorf("red left of the reserved cells at row %d: %v", first+rows/2, c)
	}
}
