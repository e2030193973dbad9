package dialog

import (
	"errors"
	"testing"

	tea "charm.land/bubbletea/v2"
)

// fakeDialog counts what it gets and returns the action it is told to.
type fakeDialog struct {
	noImages
	name   string
	got    []tea.Msg
	action Action
}

func (d *fakeDialog) Init() tea.Cmd { return func() tea.Msg { return d.name } }
func (d *fakeDialog) Update(msg tea.Msg) (Action, tea.Cmd) {
	d.got = append(d.got, msg)
	return d.action, nil
}
func (d *fakeDialog) View(int, int) string { return d.name }

// The overlay: the top dialog gets the messages; a closing action pops
// it and shows the one below; the inspect dialog's setting actions keep
// it open.
func TestOverlayStack(t *testing.T) {
	var o Overlay
	if o.IsOpen() || o.Top() != nil || o.View(10, 5) != "" {
		t.Fatal("a new overlay is not empty")
	}
	under, top := &fakeDialog{name: "under"}, &fakeDialog{name: "top"}
	if msg := run(t, o.Open(under)); msg != "under" {
		t.Fatalf("Open returned the Cmd of %v, want the dialog's Init", msg)
	}
	o.Open(top)
	if o.View(10, 5) != "top" {
		t.Fatalf("view %q, want the top dialog", o.View(10, 5))
	}
	top.action = ActionSetDetail{ID: 1, Detail: "low"}
	if a, _ := o.Update(press('d', 0)); a != top.action || o.Top() != top {
		t.Fatalf("a setting action %v closed the dialog (top %v)", a, o.Top())
	}
	top.action = ActionClose{}
	o.Update(press('q', 0))
	if o.Top() != under || len(under.got) != 0 || len(top.got) != 2 {
		t.Fatalf("after close: top %v, under got %d, top got %d", o.Top(), len(under.got), len(top.got))
	}
	// A bubbles message the dialog's Cmds wrapped arrives unwrapped.
	o.Update(wrapped{msg: "listing"})
	if len(under.got) != 1 || under.got[0] != "listing" {
		t.Fatalf("wrapped message reached the dialog as %v", under.got)
	}
	o.Close()
	o.Close() // closing an empty overlay is harmless
	if o.IsOpen() {
		t.Fatal("the overlay is still open")
	}
}

// A write that ends after its dialog was cancelled still reports; other
// results for a closed dialog are dropped.
func TestOverlayOrphans(t *testing.T) {
	var o Overlay
	if a, _ := o.Update(savedMsg{path: "/tmp/x.png", bytes: 3}); a != (ActionSaved{Path: "/tmp/x.png", Bytes: 3}) {
		t.Errorf("a finished write after close gave %#v", a)
	}
	boom := errors.New("disk full")
	if a, _ := o.Update(savedMsg{path: "/tmp/x.png", err: boom}); a != (ActionSaveFailed{Err: boom}) {
		t.Errorf("a failed write after close gave %#v", a)
	}
	if a, _ := o.Update(savedMsg{path: "/tmp/x.png", exists: true}); a != nil {
		t.Errorf("a refused overwrite after close gave %#v, want nothing (nothing was written)", a)
	}
	if a, _ := o.Update(modelsMsg{}); a != nil {
		t.Errorf("a model list after close gave %#v", a)
	}
}

// wrap keeps a batch a batch, each message wrapped.
func TestWrapBatch(t *testing.T) {
	cmd := wrap(tea.Batch(func() tea.Msg { return 1 }, func() tea.Msg { return 2 }))
	batch, ok := run(t, cmd).(tea.BatchMsg)
	if !ok || len(batch) != 2 {
		t.Fatalf("wrap of a batch gave %T", run(t, cmd))
	}
	for i, c := range batch {
		if w, ok := run(t, c).(wrapped); !ok || w.msg != i+1 {
			t.Errorf("batch item %d gave %#v", i, run(t, c))
		}
	}
	if wrap(nil) != nil {
		t.Error("wrap(nil) is a Cmd")
	}
}
