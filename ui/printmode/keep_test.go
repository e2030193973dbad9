package printmode

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"parley/media/audio"
	"parley/providers"
	"parley/session"
)

// keptLine matches the second line of a failed run with a recording.
var keptLine = regexp.MustCompile(`(?m)^parley: the recording is kept at (\S+\.wav); send it again with -a (\S+)\n`)

// keptPath returns the path a failed run's stderr names, checking the two
// mentions agree.
func keptPath(t *testing.T, stderr string) string {
	t.Helper()
	m := keptLine.FindStringSubmatch(stderr)
	if m == nil {
		t.Fatalf("stderr %q does not say where the recording is kept", stderr)
	}
	if m[1] != m[2] {
		t.Errorf("kept at %q but resend with %q", m[1], m[2])
	}
	return m[1]
}

// TestFailedRunKeepsRecording: a turn that fails after a recording writes
// the WAV into DATADIR/recordings, byte for byte, 0600, and says where
// after the reason. A plain -a file is not copied (it is on disk already).
func TestFailedRunKeepsRecording(t *testing.T) {
	store, err := session.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	wav := audio.EncodeWAV(make([]int16, 3200), 16000, 1)
	p := fake(reply{err: &providers.Error{Kind: providers.ErrServer, Message: "overloaded"}})
	code, _, errOut := run(t, Options{Turn: &session.Turn{Store: store, Provider: p, Model: "m"},
		Files: []File{{Name: "voice-note.wav", Data: wav, Recorded: true}, {Name: "old.wav", Data: wav}}})
	if code != 1 || !strings.HasPrefix(errOut, "parley: ") || !strings.Contains(errOut, "overloaded") {
		t.Fatalf("Run = %d, stderr %q; want exit 1 with the reason first", code, errOut)
	}
	if strings.Count(errOut, "\n") != 2 {
		t.Errorf("stderr %q: want the reason and one kept line (the -a file is not copied)", errOut)
	}
	path := keptPath(t, errOut)
	if dir := filepath.Join(store.Dir(), RecordingsDir); filepath.Dir(path) != dir {
		t.Errorf("kept in %s, want %s", filepath.Dir(path), dir)
	}
	if !regexp.MustCompile(`^voice-\d{8}-\d{6}\.wav$`).MatchString(filepath.Base(path)) {
		t.Errorf("kept as %s, want voice-YYYYMMDD-HHMMSS.wav", filepath.Base(path))
	}
	got, err := os.ReadFile(path)
	if err != nil || !bytes.Equal(got, wav) {
		t.Fatalf("kept file: %v, %d bytes, want the %d bytes recorded", err, len(got), len(wav))
	}
	if fi, _ := os.Stat(path); fi.Mode().Perm() != 0o600 {
		t.Errorf("kept file mode %v, want 0600 (a voice is private)", fi.Mode().Perm())
	}
}

// TestFailedRunNoSaveKeepsRecordingInTemp: with --no-save (no store) the
// note goes to the temporary directory, not the data directory, and two
// failures in the same second do not overwrite each other.
func TestFailedRunNoSaveKeepsRecordingInTemp(t *testing.T) {
	tmp := t.TempDir()
	t.Setenv("TMPDIR", tmp)
	a := audio.EncodeWAV(make([]int16, 1600), 16000, 1)
	b := audio.EncodeWAV(make([]int16, 800), 16000, 1)
	now := time.Date(2025, 3, 4, 5, 6, 7, 0, time.UTC)
	var errb bytes.Buffer
	keepRecordings(nil, []File{{Name: "voice-note.wav", Data: a, Recorded: true}}, now, &errb)
	keepRecordings(nil, []File{{Name: "voice-note.wav", Data: b, Recorded: true}}, now, &errb)
	lines := keptLine.FindAllStringSubmatch(errb.String(), -1)
	if len(lines) != 2 {
		t.Fatalf("stderr %q, want two kept lines", errb.String())
	}
	want := []string{filepath.Join(tmp, "parley-voice-20250304-050607.wav"), filepath.Join(tmp, "parley-voice-20250304-050607-2.wav")}
	for i, data := range [][]byte{a, b} {
		if lines[i][1] != want[i] {
			t.Errorf("kept at %s, want %s", lines[i][1], want[i])
		}
		if got, err := os.ReadFile(lines[i][1]); err != nil || !bytes.Equal(got, data) {
			t.Errorf("kept file %d: %v, %d bytes, want %d", i, err, len(got), len(data))
		}
	}
}

// TestFailedRunEphemeralStoreStillKeeps: --no-save with an attachment runs
// on an ephemeral store that Run deletes; the note is kept outside it.
func TestFailedRunEphemeralStoreStillKeeps(t *testing.T) {
	t.Setenv("TMPDIR", t.TempDir())
	wav := audio.EncodeWAV(make([]int16, 1600), 16000, 1)
	p := fake(reply{err: &providers.Error{Kind: providers.ErrAuth, Message: "bad key"}})
	code, _, errOut := run(t, Options{Turn: &session.Turn{Provider: p, Model: "m"},
		Files: []File{{Name: "voice-note.wav", Data: wav, Recorded: true}}})
	if code != 1 {
		t.Fatalf("Run = %d, stderr %q", code, errOut)
	}
	if got, err := os.ReadFile(keptPath(t, errOut)); err != nil || !bytes.Equal(got, wav) {
		t.Errorf("kept file: %v, %d bytes, want %d", err, len(got), len(wav))
	}
}

// TestSuccessfulRunKeepsNothing: a note that was sent lives in the history;
// no extra file, no extra line.
func TestSuccessfulRunKeepsNothing(t *testing.T) {
	store, err := session.Open(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	defer store.Close()
	wav := audio.EncodeWAV(make([]int16, 1600), 16000, 1)
	p := fake(reply{chunks: []string{"heard"}})
	turn := &session.Turn{Store: store, Provider: p, Model: "m", Caps: &providers.Caps{Audio: true, AudioFormats: []string{"audio/wav"}}}
	code, _, errOut := run(t, Options{Turn: turn, Files: []File{{Name: "voice-note.wav", Data: wav, Recorded: true}}})
	if code != 0 || errOut != "" {
		t.Fatalf("Run = %d, stderr %q", code, errOut)
	}
	if _, err := os.Stat(filepath.Join(store.Dir(), RecordingsDir)); !os.IsNotExist(err) {
		t.Errorf("recordings/ exists after a successful run (%v)", err)
	}
}
