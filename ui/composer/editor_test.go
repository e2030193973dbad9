package composer

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

// $VISUAL wins over $EDITOR and is split like a shell line; neither set is
// ErrNoEditor, whose text says what to set.
func TestEditorCommand(t *testing.T) {
	argv, err := EditorCommand(env(map[string]string{"VISUAL": `"my editor" --wait`, "EDITOR": "vi"}))
	if err != nil || !slices.Equal(argv, []string{"my editor", "--wait"}) {
		t.Fatalf("VISUAL: %q %v", argv, err)
	}
	if argv, _ := EditorCommand(env(map[string]string{"EDITOR": "vi"})); !slices.Equal(argv, []string{"vi"}) {
		t.Fatalf("EDITOR: %q", argv)
	}
	if _, err := EditorCommand(env(nil)); !errors.Is(err, ErrNoEditor) || !strings.Contains(err.Error(), "$EDITOR") {
		t.Fatalf("none: %v", err)
	}
	if _, err := EditorCommand(env(map[string]string{"EDITOR": `vi "unterminated`})); err == nil || !strings.Contains(err.Error(), "$EDITOR") {
		t.Fatalf("bad quoting: %v", err)
	}
}

// editorScript writes a fake editor: it appends to the file it is given
// and exits with code.
func editorScript(t *testing.T, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "ed")
	if err := os.WriteFile(p, []byte("#!/bin/sh\n"+body+"\n"), 0o755); err != nil {
		t.Fatal(err)
	}
	return p
}

// runEditorNow runs what tea.ExecProcess would: the editor, then the
// callback runEditor gives it.
func runEditorNow(t *testing.T, ready editorReadyMsg) editedMsg {
	t.Helper()
	err := exec.Command(ready.argv[0], append(ready.argv[1:], ready.path)...).Run()
	return editorDone(filepath.Base(ready.argv[0]), ready.path, err).(editedMsg)
}

// The draft goes to a private file, what the editor saved comes back
// (without the trailing newline); a failing editor leaves the draft.
func TestEditorRoundTrip(t *testing.T) {
	c := newModel()
	c.SetValue("draft")
	ed := editorScript(t, `printf ' more\n' >> "$1"`)
	ready := c.OpenEditor([]string{ed})().(editorReadyMsg)
	if ready.err != nil {
		t.Fatal(ready.err)
	}
	fi, err := os.Stat(ready.path)
	if err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("temp file %v mode %v", err, fi.Mode())
	}
	if _, _, cmd := c.Apply(ready); cmd == nil {
		t.Fatal("no ExecProcess Cmd")
	}
	notice, isErr, _ := c.Apply(runEditorNow(t, ready))
	if c.Value() != "draft more" || isErr || notice != "draft from ed" {
		t.Fatalf("after the editor: %q %q", c.Value(), notice)
	}
	if _, err := os.Stat(ready.path); !os.IsNotExist(err) {
		t.Errorf("temp file left behind: %v", err)
	}

	bad := editorScript(t, `echo junk > "$1"; exit 3`)
	ready = c.OpenEditor([]string{bad})().(editorReadyMsg)
	notice, isErr, _ = c.Apply(runEditorNow(t, ready))
	if c.Value() != "draft more" || !isErr || !strings.Contains(notice, "draft is unchanged") {
		t.Fatalf("failing editor: %q %q", c.Value(), notice)
	}
}
