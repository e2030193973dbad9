package images

import "testing"

// TestReleaseOnceAfterTheLastEncode: the memory of a burst of decodes is
// released once, by the timer started when the pool went idle, and only
// if nothing started since; without new decodes there is nothing more to
// release.
func TestReleaseOnceAfterTheLastEncode(t *testing.T) {
	var r releaser
	if r.encoded(false) != nil {
		t.Fatal("a release timer started while jobs still ran")
	}
	if r.encoded(true) == nil {
		t.Fatal("no release timer when the pool went idle")
	}
	stale := releaseMsg{gen: r.gen}
	r.encoded(true) // another burst ended: its timer supersedes the first
	if r.handle(stale, true) != nil {
		t.Fatal("a superseded timer released")
	}
	if r.handle(releaseMsg{gen: r.gen}, false) != nil {
		t.Fatal("released while a job was queued or running")
	}
	if r.handle(releaseMsg{gen: r.gen}, true) == nil {
		t.Fatal("the latest timer on an idle pool did not release")
	}
	if r.handle(releaseMsg{gen: r.gen}, true) != nil {
		t.Fatal("released twice for one burst")
	}
	if off := (releaser{delay: -1}); off.encoded(true) != nil {
		t.Fatal("a release timer started with releases off")
	}
}
