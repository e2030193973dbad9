package main

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"parley/providers/speech/speechtest"

	"parley/providers/providertest"
)

// speechConfig is a config whose [speech] backend is the fake server.
func speechConfig(t *testing.T, dir string, srv *speechtest.Server) string {
	t.Helper()
	cfg := filepath.Join(dir, "config.toml")
	body := "[providers.tts]\ntype = \"openai\"\nbase_url = \"" + srv.URL + "/v1\"\napi_key = \"tts-key\"\n\n" +
		"[speech]\nprovider = \"tts\"\nvoice = \"nova\"\n"
	if err := os.WriteFile(cfg, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return cfg
}

// wantSpeech checks that the WAV at path holds exactly the fake server's
// audio for sentences, in order.
func wantSpeech(t *testing.T, path string, sentences ...string) {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("no speech file: %v", err)
	}
	w := providertest.ParseWAV(t, b)
	if w.Rate != speechtest.Rate || w.Channels != 1 || w.Bits != 16 {
		t.Errorf("WAV %+v, want %d Hz mono 16-bit", w, speechtest.Rate)
	}
	var want []byte
	for _, s := range sentences {
		want = append(want, speechtest.Bytes(speechtest.PCMFor(s))...)
	}
	if !bytes.HasSuffix(b, want) || w.DataBytes != len(want) {
		t.Errorf("WAV data %d bytes, want the %d bytes the server sent for %q", w.DataBytes, len(want), sentences)
	}
}

// TestPrintModeSpeakTo: -p --speak-to FILE prints the reply and writes its
// speech, sentence by sentence with markup stripped, to a WAV file; no
// sound device is needed.
func TestPrintModeSpeakTo(t *testing.T) {
	chat := newFakeOpenAI(t, "test-key", 0, "Hello **there**. ", "A second ", "sentence.")
	srv := speechtest.NewOpenAI(t)
	sb := newSandbox(t)
	cfg := speechConfig(t, sb.home, srv)
	out := filepath.Join(sb.home, "reply.wav")
	code, stdout, errOut := runPrint(t, sb.env("OPENAI_API_KEY=test-key"), "", "-p", "--config", cfg,
		"--base-url", chat.URL(), "--data-dir", sb.data, "-m", "openai/gpt-test", "--speak-to", out, "greet me")
	if code != 0 || stdout != "Hello **there**. A second sentence.\n" || errOut != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, errOut)
	}
	if got, want := srv.Texts(), []string{"Hello there.", "A second sentence."}; !slices.Equal(got, want) {
		t.Errorf("spoken %q, want %q", got, want)
	}
	for _, r := range srv.Requests() {
		if r.Voice != "nova" || r.Header.Get("Authorization") != "Bearer tts-key" {
			t.Errorf("speech request voice %q auth %q", r.Voice, r.Header.Get("Authorization"))
		}
	}
	wantSpeech(t, out, "Hello there.", "A second sentence.")
}

// TestSpeakToRefusals: an .mp3 is refused before anything is sent, and
// so is speech with no backend key; parley say writes a file.
func TestSpeakToRefusals(t *testing.T) {
	chat := newFakeOpenAI(t, "test-key", 0, "never")
	srv := speechtest.NewOpenAI(t)
	sb := newSandbox(t)
	cfg := speechConfig(t, sb.home, srv)
	mp3 := filepath.Join(sb.home, "reply.mp3")
	code, _, errOut := runPrint(t, sb.env("OPENAI_API_KEY=test-key"), "", "-p", "--config", cfg,
		"--base-url", chat.URL(), "--data-dir", sb.data, "-m", "openai/gpt-test", "--speak-to", mp3, "hi")
	if code != 1 || !strings.Contains(errOut, "cannot write MP3") || strings.Count(errOut, "\n") != 1 || chat.requestCount() != 0 {
		t.Errorf(".mp3: exit %d, stderr %q, %d chat requests; want a refusal before sending", code, errOut, chat.requestCount())
	}
	if _, err := os.Stat(mp3); err == nil {
		t.Error("a refused .mp3 was created")
	}
	// The chat needs no key (a provider of the config, pointed elsewhere);
	// the speech backend, OpenAI's own, does.
	local := filepath.Join(sb.home, "local.toml")
	os.WriteFile(local, []byte("[providers.local]\ntype = \"openai\"\nbase_url = \""+chat.URL()+"\"\n"), 0o600)
	code, _, errOut = runPrint(t, sb.env(), "", "-p", "--config", local,
		"--data-dir", sb.data, "-m", "local/gpt-test", "--speak", "hi")
	if code != 1 || !strings.HasPrefix(errOut, "parley: speech: ") || strings.Count(errOut, "\n") != 1 || chat.requestCount() != 0 {
		t.Errorf("--speak without a speech key: exit %d, stderr %q", code, errOut)
	}
	// With a key but no sound device: one line, before anything is sent.
	code, _, errOut = runPrint(t, sb.env("OPENAI_API_KEY=test-key", "PARLEY_AUDIO_BACKEND=alsa", "ALSA_CONFIG_PATH=/nonexistent"), "",
		"-p", "--base-url", chat.URL(), "--data-dir", sb.data, "-m", "openai/gpt-test", "--speak", "hi")
	if code != 1 || !strings.Contains(errOut, "no audio output found") || chat.requestCount() != 0 {
		t.Errorf("--speak without a speaker: exit %d, stderr %q", code, errOut)
	}

	said := filepath.Join(sb.home, "said.wav")
	code, stdout, errOut := runPrint(t, sb.env(), "", "say", "--config", cfg, "--speak-to", said, "Good", "*morning*.")
	if code != 0 || stdout != said+"\n" || errOut != "" {
		t.Fatalf("say: exit %d, %q, %q", code, stdout, errOut)
	}
	wantSpeech(t, said, "Good morning.")
}

// TestVoices lists the backend and its voices; a compatible server that
// lists none says what to set instead.
func TestVoices(t *testing.T) {
	sb := newSandbox(t)
	code, out, errOut := runPrint(t, sb.env("OPENAI_API_KEY=k"), "", "voices")
	if code != 0 || !strings.Contains(out, "gpt-4o-mini-tts") || !strings.Contains(out, "  alloy") {
		t.Errorf("voices: exit %d, stderr %q\n%s", code, errOut, out)
	}
	cfg := speechConfig(t, sb.home, speechtest.NewOpenAI(t))
	code, _, errOut = runPrint(t, sb.env(), "", "voices", "--config", cfg)
	if code != 1 || !strings.Contains(errOut, "set speech.voice") {
		t.Errorf("voices of a server without a list: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runPrint(t, sb.env(), "", "voices"); code != 1 || !strings.HasPrefix(errOut, "parley: speech: ") {
		t.Errorf("voices without a key: exit %d, %q", code, errOut)
	}
}
