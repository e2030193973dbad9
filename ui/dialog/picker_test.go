package dialog

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"parley/providers"
	"parley/session/catalog"
)

func pickerCatalog() []catalog.Provider {
	return []catalog.Provider{
		{Name: "openai", Usable: true, Status: "key set", Models: []catalog.Model{
			{ID: "gpt-4o", Caps: providers.LookupCaps(providers.ProtocolOpenAI, "gpt-4o"), Listed: true},
			{ID: "gpt-4o-mini", Caps: providers.LookupCaps(providers.ProtocolOpenAI, "gpt-4o-mini"), Listed: true},
		}},
		{Name: "anthropic", Status: "no key: set ANTHROPIC_API_KEY", Models: []catalog.Model{
			{ID: "claude-sonnet-4-5", Caps: providers.LookupCaps(providers.ProtocolAnthropic, "claude-sonnet-4-5")},
		}},
		{Name: "local", Usable: true, Status: "reachable", Models: []catalog.Model{{ID: "llama3.2", Listed: true}}},
	}
}

// loadedPicker is a picker whose Init has listed pickerCatalog.
func loadedPicker(t *testing.T) *Picker {
	t.Helper()
	d := NewPicker(context.Background(), func(context.Context) ([]catalog.Provider, error) { return pickerCatalog(), nil },
		testStyles(), "openai/gpt-4o")
	if !d.Loading() {
		t.Fatal("a new picker is not loading")
	}
	d.Update(run(t, d.Init()))
	if d.Loading() {
		t.Fatal("the list came but the picker still loads")
	}
	return d
}

// listed are the model names the picker shows, in order.
func listed(d *Picker) []string {
	var out []string
	for _, l := range strings.Split(plain(d.View(100, 30)), "\n") {
		f := strings.Fields(strings.Trim(l, "│ ›"))
		if len(f) > 0 && strings.Contains(f[0], "/") && !strings.HasPrefix(l, "│ Switch") {
			out = append(out, f[0])
		}
	}
	return out
}

func TestPickerFilterFuzzyTypedAndErrors(t *testing.T) {
	d := loadedPicker(t)
	if got := listed(d); fmt.Sprint(got) != "[openai/gpt-4o openai/gpt-4o-mini local/llama3.2 anthropic/claude-sonnet-4-5]" {
		t.Errorf("usable providers should come first, in catalog order: %v", got)
	}
	typeText(t, d, "g4m")
	if got := listed(d); fmt.Sprint(got) != "[openai/gpt-4o-mini]" {
		t.Errorf("fuzzy g4m = %v, want only gpt-4o-mini", got)
	}
	d.Update(press('u', tea.ModCtrl))
	typeText(t, d, "4o")
	if got := listed(d); len(got) != 2 || got[0] != "openai/gpt-4o" {
		t.Errorf("substring 4o = %v", got)
	}
	d.Update(press('u', tea.ModCtrl))
	d.Update(tea.PasteMsg{Content: "local/llava:13b"})
	if view := plain(d.View(100, 30)); !strings.Contains(view, "use as typed") {
		t.Fatalf("an unlisted provider/model should be offered as typed:\n%s", view)
	}
	action, _ := d.Update(press(tea.KeyEnter, 0))
	if c, ok := action.(ActionChooseModel); !ok || c.Entry.Name != "local/llava:13b" || !c.Entry.Typed {
		t.Fatalf("enter on the typed entry chose %#v", action)
	}

	e := NewPicker(context.Background(), func(context.Context) ([]catalog.Provider, error) {
		return nil, errors.New("listing failed: \x1b[31mboom\nsecond line")
	}, testStyles(), "x/y")
	e.Update(run(t, e.Init()))
	view := e.View(80, 20)
	if !strings.Contains(plain(view), "listing failed: boom") || strings.Contains(view, "second line") || strings.Contains(view, "\x1b[31mboom") {
		t.Errorf("list error not shown as one clean line:\n%s", view)
	}
	if a, _ := e.Update(press(tea.KeyEscape, 0)); a != (ActionClose{}) {
		t.Errorf("esc gave %#v", a)
	}
}

// Without a model list the picker says how to switch anyway.
func TestPickerWithoutList(t *testing.T) {
	d := NewPicker(context.Background(), nil, testStyles(), "x/y")
	d.Update(run(t, d.Init()))
	if view := flat(d.View(100, 20)); !strings.Contains(view, "no model list is available: type provider/model") {
		t.Errorf("no hint without a list:\n%s", view)
	}
	if a, _ := d.Update(press(tea.KeyEnter, 0)); a != nil {
		t.Errorf("enter on an empty list gave %#v", a)
	}
}

func TestValidModelName(t *testing.T) {
	for s, want := range map[string]bool{"a/b": true, "ollama/llava:13b": true, "a/": false, "/b": false, "ab": false, "a/b c": false} {
		if ValidModelName(s) != want {
			t.Errorf("ValidModelName(%q) = %v", s, !want)
		}
	}
}

// The model in use is listed even when its provider's list lacks it, marked
// as such and under the cursor (issue 15, item 21).
func TestPickerShowsCurrentModelMissingFromList(t *testing.T) {
	d := NewPicker(context.Background(), func(context.Context) ([]catalog.Provider, error) { return pickerCatalog(), nil },
		testStyles(), "openai/gpt-5-preview")
	d.Update(run(t, d.Init()))
	got := listed(d)
	if len(got) == 0 || got[0] != "openai/gpt-5-preview" {
		t.Fatalf("listed %q, want the model in use first", got)
	}
	view := plain(d.View(100, 30))
	if !strings.Contains(view, "openai/gpt-5-preview •") || !strings.Contains(view, "not in the provider's list") {
		t.Errorf("the model in use is not marked:\n%s", view)
	}
	action, _ := d.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if c, ok := action.(ActionChooseModel); !ok || c.Entry.Name != "openai/gpt-5-preview" {
		t.Errorf("enter chose %#v, want the model in use under the cursor", action)
	}
	// A model the list has is not added twice.
	if n := strings.Count(strings.Join(listed(loadedPicker(t)), " "), "openai/gpt-4o "); n != 1 {
		t.Errorf("openai/gpt-4o listed %d times", n)
	}
}
