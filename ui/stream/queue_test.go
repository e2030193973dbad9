package stream

import "testing"

func TestQueue(t *testing.T) {
	var q Queue
	if _, ok := q.Due(); ok {
		t.Fatal("an empty queue is due")
	}
	if !q.Put("next") || q.Put("another") {
		t.Fatal("want one message at a time")
	}
	if text, held, ok := q.Pending(); text != "next" || held || !ok {
		t.Fatalf("Pending = %q %v %v", text, held, ok)
	}
	q.Hold()
	if _, ok := q.Due(); ok {
		t.Fatal("a held message is sent when the reply ends")
	}
	if text, ok := q.Take(); text != "next" || !ok {
		t.Fatalf("Take = %q %v", text, ok)
	}
	if _, _, ok := q.Pending(); ok {
		t.Fatal("Take left the message")
	}
	q.Put("again")
	if text, ok := q.Due(); text != "again" || !ok {
		t.Fatalf("Due = %q %v", text, ok)
	}
	q.Hold() // nothing waits: holding nothing keeps nothing
	if _, held, ok := q.Pending(); held || ok {
		t.Fatal("Hold on an empty queue made a message")
	}
}
