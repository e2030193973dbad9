package main

import (
	"encoding/base64"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"parley/session"

	"parley/providers/providertest"
)

// nullAudio runs parley's recorder on miniaudio's null backend: a silent
// device delivering zeros at real speed (see cli.AudioBackendEnv).
const nullAudio = "PARLEY_AUDIO_BACKEND=null"

// checkVoiceWAV asserts b is a 16 kHz mono 16-bit PCM WAV of want ms.
func checkVoiceWAV(t *testing.T, b []byte, wantMS int) {
	t.Helper()
	w := providertest.ParseWAV(t, b)
	if w.Format != 1 || w.Channels != 1 || w.Rate != 16000 || w.Bits != 16 {
		t.Errorf("WAV format %d, %d channels, %d Hz, %d bits; want PCM mono 16 kHz 16-bit", w.Format, w.Channels, w.Rate, w.Bits)
	}
	if ms := w.DataBytes * 1000 / (2 * 16000); ms < wantMS*9/10 || ms > wantMS*11/10 {
		t.Errorf("recording is %d ms, want about %d", ms, wantMS)
	}
}

// TestPrintModeRecordToAudioModel records 300 ms and sends it to a model
// that takes audio: the server gets the note as input_audio wav, with the
// prompt as text.
func TestPrintModeRecordToAudioModel(t *testing.T) {
	f := newMediaFake(t, "I hear silence")
	sb := newSandbox(t)
	code, out, errOut := runPrint(t, sb.env("OPENAI_API_KEY=test-key", nullAudio), "",
		"-p", "--base-url", f.URL(), "--data-dir", sb.data, "-m", "gpt-4o-audio-preview",
		"--record", "300ms", "what", "do", "you", "hear?")
	if code != 0 || out != "I hear silence\n" {
		t.Fatalf("exit %d stdout %q stderr %q", code, out, errOut)
	}
	if errOut != "" {
		t.Errorf("stderr is not a terminal, yet got %q (the status line is for terminals only)", errOut)
	}
	parts := f.userParts(t, 0)
	if len(parts) != 2 || parts[0].Type != "input_audio" || parts[1].Text != "what do you hear?" {
		t.Fatalf("user content = %+v, want the voice note then the text", parts)
	}
	if parts[0].InputAudio.Format != "wav" {
		t.Errorf("input_audio format %q, want wav", parts[0].InputAudio.Format)
	}
	wav, err := base64.StdEncoding.DecodeString(parts[0].InputAudio.Data)
	if err != nil {
		t.Fatal(err)
	}
	checkVoiceWAV(t, wav, 300)
	f.mu.Lock()
	n := len(f.transcribed)
	f.mu.Unlock()
	if n != 0 {
		t.Errorf("an audio model's note was transcribed %d times", n)
	}
}

// TestPrintModeRecordTranscribedForTextModel: a text-only model gets the
// transcript made by the transcription endpoint, which receives the WAV
// once: a follow-up turn (--continue) reuses the stored transcript.
func TestPrintModeRecordTranscribedForTextModel(t *testing.T) {
	f := newMediaFake(t, "Paris")
	f.transcript = "what is the capital of France"
	sb := newSandbox(t)
	env := sb.env("OPENAI_API_KEY=test-key", nullAudio)
	code, out, errOut := runPrint(t, env, "",
		"-p", "--base-url", f.URL(), "--data-dir", sb.data, "-m", "gpt-test", "--record", "200ms")
	if code != 0 || out != "Paris\n" {
		t.Fatalf("exit %d stdout %q stderr %q", code, out, errOut)
	}
	text := f.chat.lastUserText(t, 0)
	if !strings.Contains(text, "what is the capital of France") {
		t.Errorf("the chat request has %q, want the transcript", text)
	}
	if strings.Contains(text, "RIFF") {
		t.Error("the WAV went to a text-only model")
	}
	f.mu.Lock()
	calls := append([]transcription(nil), f.transcribed...)
	f.mu.Unlock()
	if len(calls) != 1 {
		t.Fatalf("the transcription endpoint got %d requests, want 1", len(calls))
	}
	if calls[0].model != "gpt-4o-mini-transcribe" || !strings.HasSuffix(calls[0].filename, ".wav") {
		t.Errorf("transcription request: model %q file %q", calls[0].model, calls[0].filename)
	}
	checkVoiceWAV(t, calls[0].file, 200)

	// The next turn sends the history again: the transcript is reused.
	code, out, errOut = runPrint(t, env, "", "--base-url", f.URL(), "--data-dir", sb.data, "-m", "gpt-test", "-c", "and Spain?")
	if code != 0 || out != "Paris\n" {
		t.Fatalf("follow-up: exit %d stdout %q stderr %q", code, out, errOut)
	}
	f.mu.Lock()
	n := len(f.transcribed)
	f.mu.Unlock()
	if n != 1 {
		t.Errorf("the transcription endpoint got %d requests after a follow-up, want still 1", n)
	}
	msgs := latest(t, sb.data).Messages
	var note *session.Audio
	for _, p := range msgs[0].Parts {
		if a, ok := p.(session.Audio); ok {
			note = &a
		}
	}
	if note == nil || note.Transcript != f.transcript {
		t.Errorf("stored voice note = %+v, want its transcript kept", note)
	}
}

// TestPrintModeRecordWithoutTranscriptionKey: a text-only model on another
// provider than the (default openai) transcription service, with no OpenAI
// key, refuses the note with a line that says what to configure.
func TestPrintModeRecordWithoutTranscriptionKey(t *testing.T) {
	f := newMediaFake(t, "never")
	sb := newSandbox(t)
	cfg := filepath.Join(sb.home, "config.toml")
	os.WriteFile(cfg, []byte("[providers.local]\nbase_url = \""+f.URL()+"\"\n"), 0o600)
	code, _, errOut := runPrint(t, sb.env(nullAudio), "",
		"-p", "--config", cfg, "--data-dir", sb.data, "-m", "local/llama", "--record", "100ms", "hi")
	if code != 1 || !strings.Contains(errOut, "transcription") {
		t.Errorf("exit %d stderr %q: want a refusal naming [transcription]", code, errOut)
	}
	if n := f.chatRequests(); n != 0 {
		t.Errorf("the model got %d requests", n)
	}
}

// TestPrintModeRecordNoMicrophone: with no sound server the run fails with
// audio's one line, before anything is sent, and no library writes to the
// terminal.
func TestPrintModeRecordNoMicrophone(t *testing.T) {
	if _, err := os.Stat("/dev/snd"); err == nil {
		t.Skip("this machine has sound cards (/dev/snd): a microphone may really exist")
	}
	f := newMediaFake(t, "never")
	sb := newSandbox(t)
	dir := t.TempDir()
	code, out, errOut := runPrint(t, sb.env("OPENAI_API_KEY=test-key", "PULSE_SERVER=unix:"+dir+"/none", "XDG_RUNTIME_DIR="+dir), "",
		"-p", "--base-url", f.URL(), "--data-dir", sb.data, "-m", "gpt-4o-audio-preview", "--record", "1s")
	if code != 1 || out != "" || !strings.HasPrefix(errOut, "parley: no microphone found: ") || strings.Count(errOut, "\n") != 1 {
		t.Errorf("exit %d stdout %q stderr %q; want exit 1 and one line \"parley: no microphone found: …\"", code, out, errOut)
	}
	if n := f.chatRequests(); n != 0 {
		t.Errorf("the model got %d requests", n)
	}
}

// TestRecordZeroNeedsATerminal: --record 0 stops on Enter; without a
// terminal to press it on, it says to give a duration.
func TestRecordZeroNeedsATerminal(t *testing.T) {
	f := newMediaFake(t, "never")
	sb := newSandbox(t)
	// setsid-less exec.Cmd still has a controlling terminal when the test
	// runs in one; run parley without one so /dev/tty cannot be opened.
	code, _, errOut := runDetached(t, sb.env("OPENAI_API_KEY=test-key", nullAudio),
		"-p", "--base-url", f.URL(), "--data-dir", sb.data, "-m", "gpt-4o-audio-preview", "--record", "0")
	if code != 1 || !strings.Contains(errOut, "give a duration such as --record 5s") {
		t.Errorf("exit %d stderr %q", code, errOut)
	}
}
