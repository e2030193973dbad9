package session

import (
	"errors"
	"reflect"
	"slices"
	"testing"
)

// SwitchBranchOutline sets the leaf as SwitchBranch does and returns the
// outline ConversationOutline would read afterwards; a message that is
// not there changes nothing.
func TestSwitchBranchOutline(t *testing.T) {
	f := newBranchFixture(t)
	o, err := f.s.SwitchBranchOutline(f.conv, f.u2.ID, 1)
	if err != nil {
		t.Fatal(err)
	}
	want := checkOutline(t, f.s, f.conv, 1) // the branch as stored now, read again
	if !reflect.DeepEqual(o, want) {
		t.Errorf("switch's outline %+v\nread after it %+v", o, want)
	}
	if got := headerIDs(o.Branch); !slices.Equal(got, []int64{f.u1.ID, f.a1.ID, f.u2.ID, f.a2.ID}) {
		t.Errorf("branch %v after switching to u2", got)
	}
	if got := texts(o.Tail); !slices.Equal(got, []string{"a2"}) || o.Conversation.LeafID != f.a2.ID {
		t.Errorf("tail %q, leaf %d; want a2's", got, o.Conversation.LeafID)
	}
	if s := o.Conversation.Siblings(f.u2.ID); s.Count != 2 || s.Index != 0 {
		t.Errorf("u2's siblings from the outline %+v, want 1 of 2", s)
	}
	if _, err := f.s.SwitchBranchOutline(f.conv, 999, 1); !errors.Is(err, ErrNotFound) {
		t.Errorf("switching to a missing message: %v, want ErrNotFound", err)
	}
	if c, err := f.s.Conversation(f.conv); err != nil || c.LeafID != f.a2.ID {
		t.Errorf("after a failed switch the leaf is %d (%v), want a2's %d", c.LeafID, err, f.a2.ID)
	}
	if err := f.s.DeleteConversation(f.conv); err != nil {
		t.Fatal(err)
	}
	if _, err := f.s.SwitchBranchOutline(f.conv, f.u2e.ID, 1); !errors.Is(err, ErrNotFound) {
		t.Errorf("switching in a deleted conversation: %v, want ErrNotFound", err)
	}
}

// BenchmarkSwitchLong switches a branch of the 5,000-message
// conversation back and forth (message 250 and the edit beside it): the
// whole conversation read again (SwitchBranch) against the outline
// (SwitchBranchOutline, what ←/→ and /branch read now).
func BenchmarkSwitchLong(b *testing.B) {
	s := longStore(b, longMessages, longImages)
	o, err := s.ConversationOutline(1, 0)
	if err != nil {
		b.Fatal(err)
	}
	ids := o.Conversation.Siblings(o.Branch[250].ID).IDs
	if len(ids) != 2 {
		b.Fatalf("message 250 has %d siblings", len(ids))
	}
	for _, lazy := range []bool{true, false} {
		b.Run(map[bool]string{true: "outline", false: "whole"}[lazy], func(b *testing.B) {
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				var err error
				if lazy {
					_, err = s.SwitchBranchOutline(1, ids[i%2], longPage)
				} else {
					_, err = s.SwitchBranch(1, ids[i%2])
				}
				if err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
