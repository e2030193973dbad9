package session

import (
	"errors"
	"strings"
	"testing"
)

// TestStoredErrorNeverHoldsURLCredentials: a failure quoting the endpoint
// (Go's url.Error does, and so may a server) is stored in messages.error
// and shown; the userinfo and ?key= of --base-url must not be in either.
func TestStoredErrorNeverHoldsURLCredentials(t *testing.T) {
	s := openTest(t)
	fail := errors.New(`Post "http://user:hunter2@127.0.0.1:9/v1/chat/completions?key=k3y": dial tcp: connection refused`)
	turn := &Turn{Store: s, Provider: &fakeProvider{script: steps(text("partial"), fail)}, Model: "m"}
	evs := collect(t, turn.Run(t.Context(), 0, nil, userText("hi")))
	last := evs[len(evs)-1]
	stored := storedLast(t, s)
	for _, got := range []string{stored.Error, last.Message.Error} {
		if strings.Contains(got, "hunter2") || strings.Contains(got, "k3y") || !strings.Contains(got, "127.0.0.1:9") {
			t.Errorf("error %q: want the endpoint without its credentials", got)
		}
	}
}
