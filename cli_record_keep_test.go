package main

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
)

// keptRecording matches print mode's line naming the kept voice note.
var keptRecording = regexp.MustCompile(`(?m)^parley: the recording is kept at (\S+\.wav); send it again with -a (\S+)$`)

// failingTranscription is a server whose chat endpoint is f's and whose
// transcription endpoint refuses every file with an OpenAI error body.
func failingTranscription(t *testing.T, f *mediaFake) (url string, calls *atomic.Int32) {
	calls = new(atomic.Int32)
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/chat/completions", f.chat.serve)
	mux.HandleFunc("/v1/audio/transcriptions", func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusBadRequest)
		w.Write([]byte(`{"error":{"message":"Audio file is too short","type":"invalid_request_error","param":"file","code":"audio_too_short"}}`))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL + "/v1", calls
}

// TestPrintModeRecordKeptWhenTranscriptionFails: the transcription service
// refuses the note; parley exits 1 with the reason, keeps the WAV in
// DATADIR/recordings and says so; sending that file again with -a works
// and sends the very same bytes.
func TestPrintModeRecordKeptWhenTranscriptionFails(t *testing.T) {
	f := newMediaFake(t, "Paris")
	f.transcript = "what is the capital of France"
	bad, calls := failingTranscription(t, f)
	sb := newSandbox(t)
	env := sb.env("OPENAI_API_KEY=test-key", nullAudio)
	code, out, errOut := runPrint(t, env, "",
		"-p", "--base-url", bad, "--data-dir", sb.data, "-m", "gpt-test", "--record", "300ms")
	if code != 1 || out != "" || !strings.Contains(errOut, "too short") {
		t.Fatalf("exit %d stdout %q stderr %q; want exit 1 with the service's reason", code, out, errOut)
	}
	if calls.Load() == 0 || f.chatRequests() != 0 {
		t.Fatalf("transcription calls %d, chat requests %d: want the note refused before the model", calls.Load(), f.chatRequests())
	}
	m := keptRecording.FindStringSubmatch(errOut)
	if m == nil || m[1] != m[2] {
		t.Fatalf("stderr %q does not say where the recording is kept", errOut)
	}
	path := m[1]
	if filepath.Dir(path) != filepath.Join(sb.data, "recordings") {
		t.Errorf("kept at %s, want it under %s", path, filepath.Join(sb.data, "recordings"))
	}
	wav, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	checkVoiceWAV(t, wav, 300)

	code, out, errOut = runPrint(t, env, "",
		"-p", "--base-url", f.URL(), "--data-dir", sb.data, "-m", "gpt-test", "-a", path)
	if code != 0 || out != "Paris\n" {
		t.Fatalf("resend: exit %d stdout %q stderr %q", code, out, errOut)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.transcribed) != 1 || !bytes.Equal(f.transcribed[0].file, wav) {
		t.Errorf("the resent note reached the transcription service %d times, or not byte for byte", len(f.transcribed))
	}
}

// TestPrintModeRecordNoSaveKeptInTemp: with --no-save the data directory is
// not written to; the note is kept in $TMPDIR instead.
func TestPrintModeRecordNoSaveKeptInTemp(t *testing.T) {
	f := newMediaFake(t, "never")
	bad, _ := failingTranscription(t, f)
	sb := newSandbox(t)
	tmp := t.TempDir()
	code, _, errOut := runPrint(t, sb.env("OPENAI_API_KEY=test-key", nullAudio, "TMPDIR="+tmp), "",
		"-p", "--no-save", "--base-url", bad, "--data-dir", sb.data, "-m", "gpt-test", "--record", "200ms", "hi")
	if code != 1 {
		t.Fatalf("exit %d stderr %q", code, errOut)
	}
	m := keptRecording.FindStringSubmatch(errOut)
	if m == nil || filepath.Dir(m[1]) != tmp {
		t.Fatalf("stderr %q: want the recording kept in %s", errOut, tmp)
	}
	wav, err := os.ReadFile(m[1])
	if err != nil {
		t.Fatal(err)
	}
	checkVoiceWAV(t, wav, 200)
	if _, err := os.Stat(filepath.Join(sb.data, "recordings")); !os.IsNotExist(err) {
		t.Errorf("--no-save wrote into the data directory (%v)", err)
	}
}
