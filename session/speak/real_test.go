//go:build cgo

package speak

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"parley/media/audio"
	"parley/providers/speech"
	"parley/providers/speech/speechtest"
)

const vspkEnv = "PARLEY_SPEAK_IN_VSPK"

// TestSpeakThroughVirtualSpeaker plays a reply read aloud through a private
// PulseAudio server's virtual speaker, records the speaker's monitor, and
// finds every sentence the fake server sent in the recording, in order.
func TestSpeakThroughVirtualSpeaker(t *testing.T) {
	if testing.Short() {
		t.Skip("real audio test skipped in -short mode")
	}
	for _, c := range []string{"pulseaudio", "pactl", "parec"} {
		if _, err := exec.LookPath(c); err != nil {
			t.Skipf("%s not installed", c)
		}
	}
	vm := sharedTool(t, "virtual-mic")
	inner := "TestSpeakThroughVirtualSpeakerInner"
	cmd := exec.Command(vm, "--speaker", "--", os.Args[0], "-test.run=^"+inner+"$", "-test.count=1", "-test.v")
	cmd.Env = append(os.Environ(), vspkEnv+"=1")
	out, err := cmd.CombinedOutput()
	t.Logf("inner test output:\n%s", out)
	if err != nil || !strings.Contains(string(out), "--- PASS: "+inner) {
		t.Fatalf("%s under virtual-mic --speaker: %v", inner, err)
	}
}

func TestSpeakThroughVirtualSpeakerInner(t *testing.T) {
	if os.Getenv(vspkEnv) != "1" {
		t.Skip("inner test: runs under virtual-mic from its outer test")
	}
	t.Run("openai", func(t *testing.T) {
		srv := speechtest.NewOpenAI(t)
		speakAndRecord(t, openAIBackend(t, srv))
	})
	t.Run("gemini", func(t *testing.T) {
		srv := speechtest.NewGemini(t)
		speakAndRecord(t, backend(t, fmt.Sprintf("[speech]\nprovider = \"gemini\"\n[providers.gemini]\nbase_url = %q\napi_key = \"k\"\n", srv.URL)))
	})
}

// speakAndRecord reads the reply aloud with sy on the default output while
// recording its monitor, and finds each sentence's audio in the recording.
func speakAndRecord(t *testing.T, sy speech.Synthesizer) {
	stream, err := audio.OpenStream(audio.Options{}, audio.SpeechRate)
	if err != nil {
		t.Fatal(err)
	}
	defer stream.Close()
	path := filepath.Join(t.TempDir(), "monitor.wav")
	rec := exec.Command("parec", "--device="+os.Getenv("VSPK_MONITOR"), "--file-format=wav",
		"--rate=24000", "--channels=1", "--format=s16le", path)
	if err := rec.Start(); err != nil {
		t.Fatal(err)
	}
	defer rec.Process.Kill()
	time.Sleep(500 * time.Millisecond) // the rig's note: let the idle monitor settle before playing

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	res := Say(ctx, sy, stream, reply, Options{})
	if res.Err != nil || res.Stopped {
		t.Fatalf("Say: err %v stopped %v", res.Err, res.Stopped)
	}
	// Wait until the recording holds all that was played plus the 2 s
	// blocks an idle null sink delivers in, then stop it.
	want := int64(44 + 2*audio.SpeechRate*(res.Duration()+2500*time.Millisecond)/time.Second)
	waitFileSize(t, path, want)
	_ = rec.Process.Signal(os.Interrupt)
	_ = rec.Wait()

	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	got, rate, _, err := audio.DecodeWAV(data)
	if err != nil || rate != audio.SpeechRate {
		t.Fatalf("recording: %v at %d Hz", err, rate)
	}
	last, end := -1, -1
	for _, s := range res.Sentences {
		src := speechtest.PCMFor(s)
		c, lag := audio.BestCorrelation(got, src)
		gap := time.Duration(0)
		if end >= 0 {
			gap = time.Duration(int64(lag-end) * int64(time.Second) / audio.SpeechRate)
		}
		t.Logf("%-26q correlation %.4f at %.3fs, gap before it %v", s, c, float64(lag)/audio.SpeechRate, gap)
		if c < 0.9 {
			t.Errorf("sentence %q correlates %.3f with the recording, want ≥ 0.9", s, c)
		}
		if lag <= last {
			t.Errorf("sentence %q found at sample %d, not after the previous one (%d)", s, lag, last)
		}
		// One stream, the next sentence requested while this one plays:
		// sentences follow each other without a gap. The bound is generous
		// for a loaded machine; an unloaded one measures 0 (±1 sample: the
		// server resamples to its own rate and back).
		if gap < -2*time.Millisecond || gap > 250*time.Millisecond {
			t.Errorf("gap of %v before %q", gap, s)
		}
		last, end = lag, lag+len(src)
	}
}

// waitFileSize waits (bounded) until the file at path has at least n bytes.
func waitFileSize(t *testing.T, path string, n int64) {
	t.Helper()
	tick := time.NewTicker(100 * time.Millisecond)
	defer tick.Stop()
	deadline := time.After(60 * time.Second)
	for {
		if fi, err := os.Stat(path); err == nil && fi.Size() >= n {
			return
		}
		select {
		case <-tick.C:
		case <-deadline:
			t.Fatalf("the recording did not reach %d bytes", n)
		}
	}
}

// sharedTool finds a script of ../shared/tools next to the module root
// (PARLEY_SHARED_TOOLS overrides the directory), or skips.
func sharedTool(t *testing.T, name string) string {
	t.Helper()
	dir := os.Getenv("PARLEY_SHARED_TOOLS")
	if dir == "" {
		wd, _ := os.Getwd()
		for root := wd; ; root = filepath.Dir(root) {
			if _, err := os.Stat(filepath.Join(root, "go.mod")); err == nil {
				dir = filepath.Join(root, "..", "shared", "tools")
				break
			}
			if filepath.Dir(root) == root {
				t.Skip("module root not found: cannot locate ../shared/tools")
			}
		}
	}
	path := filepath.Join(dir, name)
	if _, err := os.Stat(path); err != nil {
		t.Skipf("%s not found", path)
	}
	return path
}
