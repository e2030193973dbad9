package stream

// Queue is the message typed while a reply streams (Enter queues it):
// sent when the reply ends by itself, held when the reply is stopped or
// refused, until Enter sends it or it is taken back to the composer. One
// message waits at a time. The zero value is empty.
type Queue struct {
	text string
	has  bool
	held bool
}

// Put queues text; it reports false, queuing nothing, when a message
// waits already.
func (q *Queue) Put(text string) bool {
	if q.has {
		return false
	}
	q.text, q.has, q.held = text, true, false
	return true
}

// Pending is the waiting message; held says it waits for Enter rather
// than for the reply to end.
func (q *Queue) Pending() (text string, held, ok bool) { return q.text, q.held, q.has }

// Hold keeps the waiting message from being sent when the reply ends
// (the user stopped the reply: sending on would surprise them).
func (q *Queue) Hold() { q.held = q.has }

// Take empties the queue and returns what waited.
func (q *Queue) Take() (string, bool) {
	text, ok := q.text, q.has
	*q = Queue{}
	return text, ok
}

// Due takes the waiting message when the reply has ended by itself and
// it is not held: that is the moment it is sent.
func (q *Queue) Due() (string, bool) {
	if !q.has || q.held {
		return "", false
	}
	return q.Take()
}
