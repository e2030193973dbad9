//go:build cgo

package main

import (
	"encoding/base64"
	"os"
	"strings"
	"testing"
	"time"

	"parley/media/audio"
	"parley/media/audio/audiotest"
	"parley/media/audio/pulsetest"
	"parley/providers/speech/speechtest"
	"parley/session"
)

// pulseVars are the variables that point parley at the rig's PulseAudio
// server (pa.Env minus the rest of this process's environment).
func pulseVars(pa *pulsetest.Server) []string {
	var out []string
	for _, kv := range pa.Env() {
		k, _, _ := strings.Cut(kv, "=")
		if k == "PULSE_SERVER" || k == "XDG_RUNTIME_DIR" {
			out = append(out, kv)
		}
	}
	return out
}

// appendFile appends text to the file at path.
func appendFile(t *testing.T, path, text string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err == nil {
		err = os.WriteFile(path, append(b, text...), 0o600)
	}
	if err != nil {
		t.Fatal(err)
	}
}

// sentTurn is the voice note the server got as request i's input_audio.
func sentTurn(t *testing.T, f *fakeOpenAI, i int) []int16 {
	t.Helper()
	for _, p := range f.userParts(t, i) {
		if p.Type != "input_audio" {
			continue
		}
		wav, err := base64.StdEncoding.DecodeString(p.InputAudio.Data)
		if err != nil {
			t.Fatal(err)
		}
		pcm, _, _, err := audio.DecodeWAV(wav)
		if err != nil {
			t.Fatal(err)
		}
		return pcm
	}
	t.Fatalf("request %d has no input_audio: %+v", i, f.userParts(t, i))
	return nil
}

// TestTUIVoiceModeEndToEnd runs the built binary in tmux on a private
// PulseAudio server: /voice listens on the virtual microphone; a tone
// played into it becomes a turn (the model gets it as input_audio that
// correlates with what was played); the reply is read aloud (its first
// sentence found on the virtual speaker's monitor); a second tone played
// during the reply stops the reading (its last sentence never sounds)
// and becomes the next turn.
func TestTUIVoiceModeEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("real audio test skipped in -short mode")
	}
	pa := pulsetest.Start(t, pulsetest.Options{Speaker: true}) // skips naming media/audio/pulsetest's packages
	srv := speechtest.NewOpenAI(t)
	sentences := []string{"This first sentence is what the speaker must sound. ", "Then a second one follows it closely. ",
		"A third keeps the reading going for a while. ", "A fourth, because barge-in needs some time. ",
		"A fifth sentence, and it is still talking. ", "And a sixth sentence to end the reply."}
	f := newFakeOpenAI(t, "test-key", 700*time.Millisecond, sentences...) // one sentence every 0.7 s
	sb := newSandbox(t)
	cfg := speechConfig(t, sb.home, srv)
	appendFile(t, cfg, "\n[voice]\nhangover = \"500ms\"\n")
	monitor := pa.Record(t, pulsetest.RecordOptions{Rate: audio.SpeechRate, Channels: 1, Latency: 20 * time.Millisecond})
	tm := startTUI(t, sb.env(append([]string{"OPENAI_API_KEY=test-key"}, pulseVars(pa)...)...),
		"--config", cfg, "--data-dir", sb.data, "--base-url", f.URL(), "-m", "gpt-4o-audio-preview")
	tm.waitText("gpt-4o-audio-preview")
	tm.run("send-keys", "-t", "main", "-l", "/voice")
	tm.run("send-keys", "-t", "main", "Enter")
	tm.waitFor("listening, the room measured", func(s string) bool {
		return strings.Contains(s, "voice mode · 🎙 listening") && !strings.Contains(s, "measuring")
	})

	first, said := audiotest.ToneFile(t, 330, 1200*time.Millisecond)
	if err := pa.Play(first); err != nil {
		t.Fatal(err)
	}
	tm.waitFor("the first turn", func(string) bool { return f.requestCount() == 1 })
	if c, _ := audio.BestCorrelation(sentTurn(t, f, 0), said); c < 0.9 {
		t.Errorf("the first turn correlates %.3f with what was said, want ≥ 0.9", c)
	}
	// Three sentences asked for: the first (0.8 s of audio) has sounded.
	tm.waitFor("the reading", func(string) bool { return len(srv.Texts()) >= 3 })
	second, said2 := audiotest.ToneFile(t, 520, 1200*time.Millisecond)
	played := pa.PlayAsync(second)
	tm.waitFor("the second turn", func(string) bool { return f.requestCount() == 2 })
	if err := <-played; err != nil {
		t.Fatal(err)
	}
	c1, _ := audio.BestCorrelation(sentTurn(t, f, 0), said)
	c2, _ := audio.BestCorrelation(sentTurn(t, f, 1), said2)
	t.Logf("turns sent: correlation %.3f and %.3f with what was said", c1, c2)
	if c := c2; c < 0.9 {
		t.Errorf("the second turn correlates %.3f with what was said, want ≥ 0.9", c)
	}

	audiotest.CheckInterrupted(t, monitor, speechtest.PCMFor(strings.TrimSpace(sentences[0])), speechtest.PCMFor(strings.TrimSpace(sentences[5])))
	tm.quit()
	conv := latest(t, sb.data)
	if len(conv.Messages) < 3 || conv.Messages[1].Status != session.StatusCancelled {
		t.Fatalf("stored %d messages (want the first reply cancelled by barge-in): %+v", len(conv.Messages), conv.Messages)
	}
	if _, ok := conv.Messages[0].Parts[0].(session.Audio); !ok {
		t.Errorf("the first turn is stored as %T, want a voice note", conv.Messages[0].Parts[0])
	}
}
