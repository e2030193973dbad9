package ui

import (
	"fmt"
	"reflect"
	"strings"
	"testing"

	"charm.land/bubbles/v2/help"
	"charm.land/bubbles/v2/key"

	"parley/ui/chat"
	"parley/ui/composer"
	"parley/ui/dialog"
	"parley/ui/images"
	"parley/ui/speech"
	"parley/ui/transcript"
	"parley/ui/voice"
)

// keyMapUnderTest is a KeyMap and the bindings it has no entry of its
// own for, each with the field whose help entry documents it.
type keyMapUnderTest struct {
	name   string
	km     help.KeyMap
	folded map[string]string
}

func allKeyMaps() []keyMapUnderTest {
	k := defaultKeys()
	return []keyMapUnderTest{
		{"root", k, map[string]string{
			"Deselect": "Stop", "SelectNext": "SelectPrev",
		}},
		{"voice", k.Voice, map[string]string{
			"VoiceNext": "VoicePrev", "EditTranscript": "PlayPause", "DiscardRecording": "StopRecord",
		}},
		{"speech", k.Speech, map[string]string{"Pause": "Stop"}},
		{"composer", k.Composer, map[string]string{"LineEnd": "LineStart"}},
		{"transcript", k.Transcript, nil},
		{"images", k.Images, map[string]string{"Prev": "Next"}},
		{"chip", k.Chip, nil},
		{"select", k.Select, map[string]string{"Down": "Up", "BranchNext": "BranchPrev"}},
		{"chat", chat.DefaultKeyMap(), nil},
		{"list", dialog.DefaultListKeyMap(), nil},
		{"help scroll", dialog.DefaultHelpScrollKeyMap(), nil},
		{"confirm", dialog.DefaultConfirmKeyMap(), nil},
		{"ask", dialog.DefaultAskKeyMap(), nil},
		{"history", dialog.DefaultHistoryKeyMap(), nil},
		{"inspect", dialog.DefaultInspectKeyMap(), nil},
		{"document inspect", dialog.DefaultDocInspectKeyMap(), nil},
		{"file picker", dialog.DefaultFilePickKeyMap(), nil},
	}
}

// bindings are the key.Binding fields of a KeyMap struct, by name.
func bindings(km any) map[string]key.Binding {
	out := map[string]key.Binding{}
	v := reflect.ValueOf(km)
	for i := range v.NumField() {
		if b, ok := v.Field(i).Interface().(key.Binding); ok {
			out[v.Type().Field(i).Name] = b
		}
	}
	return out
}

func sameBinding(a, b key.Binding) bool {
	return fmt.Sprint(a.Keys()) == fmt.Sprint(b.Keys()) && a.Help() == b.Help()
}

// shown is how a help entry writes a key: arrows as arrows, and a
// modifier's second key after a slash ("ctrl+a/e", "alt+↑/↓").
func shown(helpKey, k string) bool {
	arrows := strings.NewReplacer("up", "↑", "down", "↓", "left", "←", "right", "→")
	if strings.Contains(helpKey, k) || strings.Contains(helpKey, arrows.Replace(k)) {
		return true
	}
	if i := strings.LastIndex(k, "+"); i >= 0 {
		return strings.Contains(helpKey, "/"+arrows.Replace(k[i+1:]))
	}
	return false
}

// helpProblems lists each binding without a help entry and each help
// entry without a binding.
func helpProblems(t keyMapUnderTest) []string {
	var out []string
	fields := bindings(t.km)
	var entries []key.Binding
	for _, col := range t.km.FullHelp() {
		entries = append(entries, col...)
	}
	for _, e := range entries {
		h := e.Help()
		if len(e.Keys()) == 0 || h.Key == "" || h.Desc == "" {
			out = append(out, fmt.Sprintf("%s: help entry %q/%q has no keys or no text", t.name, h.Key, h.Desc))
			continue
		}
		isField := false
		for _, b := range fields {
			isField = isField || sameBinding(b, e)
		}
		if !isField && !strings.HasPrefix(e.Keys()[0], "/") && !t.isNested(e) {
			out = append(out, fmt.Sprintf("%s: help entry %q is no binding of the KeyMap", t.name, h.Key))
		}
	}
	for name, b := range fields {
		if len(b.Keys()) == 0 || b.Help().Key == "" {
			out = append(out, fmt.Sprintf("%s.%s: no keys or no help text", t.name, name))
			continue
		}
		listed := false
		for _, e := range entries {
			listed = listed || sameBinding(b, e)
		}
		if listed {
			continue
		}
		doc, ok := t.folded[name]
		if !ok {
			out = append(out, fmt.Sprintf("%s.%s (%v) has no help entry", t.name, name, b.Keys()))
			continue
		}
		for _, k := range b.Keys() {
			if !shown(fields[doc].Help().Key, k) {
				out = append(out, fmt.Sprintf("%s.%s: key %q is not in %s's entry %q", t.name, name, k, doc, fields[doc].Help().Key))
			}
		}
	}
	return out
}

// isNested reports whether e is a binding of a KeyMap the root's help
// includes (the composer's, the transcript's, the voice notes' and the images').
func (t keyMapUnderTest) isNested(e key.Binding) bool {
	if t.name != "root" && t.name != "chat" {
		return false
	}
	for _, km := range []any{composer.DefaultKeyMap(), transcript.DefaultKeyMap(), voice.DefaultKeyMap(), images.DefaultKeyMap(),
		speech.DefaultKeyMap(), transcript.DefaultSelectKeyMap()} {
		for _, b := range bindings(km) {
			if sameBinding(b, e) {
				return true
			}
		}
	}
	return false
}

// TestEveryBindingHasHelp: the ? help and the dialogs' hints are
// generated from these KeyMaps, so a key without an entry is a key nobody
// can find, and an entry without a binding is a promise nothing keeps.
func TestEveryBindingHasHelp(t *testing.T) {
	for _, km := range allKeyMaps() {
		for _, p := range helpProblems(km) {
			t.Error(p)
		}
	}
}

// undocumentedKeys is a KeyMap with a binding missing from its help.
type undocumentedKeys struct{ A, B key.Binding }

func (k undocumentedKeys) ShortHelp() []key.Binding  { return []key.Binding{k.A} }
func (k undocumentedKeys) FullHelp() [][]key.Binding { return [][]key.Binding{{k.A, key.NewBinding()}} }

// The check itself catches both kinds of drift.
func TestHelpCheckCatchesDrift(t *testing.T) {
	km := undocumentedKeys{
		A: key.NewBinding(key.WithKeys("x"), key.WithHelp("x", "do x")),
		B: key.NewBinding(key.WithKeys("y"), key.WithHelp("y", "do y")),
	}
	got := strings.Join(helpProblems(keyMapUnderTest{name: "fake", km: km}), "\n")
	if !strings.Contains(got, "fake.B") || !strings.Contains(got, "has no keys or no text") {
		t.Fatalf("drift not caught:\n%s", got)
	}
}

// TestChatKeysAreTheRootsBindings: the chat handles the keys the root's
// help lists under the root's names (keyMap.chatKeys), and they are the
// chat's own defaults, so the help and ui/chat cannot drift apart.
func TestChatKeysAreTheRootsBindings(t *testing.T) {
	got, want := defaultKeys().chatKeys(), chat.DefaultKeyMap()
	for name, b := range bindings(want) {
		if !sameBinding(bindings(got)[name], b) {
			t.Errorf("chat.%s: the root binds %v, ui/chat %v", name, bindings(got)[name].Keys(), b.Keys())
		}
	}
	for name, b := range bindings(want.Select) {
		if !sameBinding(bindings(got.Select)[name], b) {
			t.Errorf("chat.Select.%s differs", name)
		}
	}
	for name, b := range bindings(want.Media) {
		if !sameBinding(bindings(got.Media)[name], b) {
			t.Errorf("chat.Media.%s differs", name)
		}
	}
}
