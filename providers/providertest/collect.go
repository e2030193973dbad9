package providertest

import (
	"iter"
	"strings"
	"testing"

	"parley/providers"
)

// Result is everything a stream yielded, as Collect gathered it.
type Result struct {
	// Text and Reasoning join the text and reasoning deltas.
	Text, Reasoning string
	// Events are all events, in order (never an error).
	Events []providers.Event
	// Usage is the last usage event's, nil if there was none.
	Usage *providers.Usage
	// Done is the EventDone, nil if the stream did not finish.
	Done *providers.Event
	// Err is the error the stream ended with, nil if none.
	Err error
}

// Kinds lists the events' kinds in order.
func (r Result) Kinds() []providers.EventKind {
	out := make([]providers.EventKind, len(r.Events))
	for i, ev := range r.Events {
		out[i] = ev.Kind
	}
	return out
}

// ToolCalls lists the tool calls the stream made, in order.
func (r Result) ToolCalls() []providers.ToolCallPart {
	var calls []providers.ToolCallPart
	for _, ev := range r.Events {
		if ev.Kind == providers.EventToolCall && ev.ToolCall != nil {
			calls = append(calls, *ev.ToolCall)
		}
	}
	return calls
}

// Last is the last event, the zero Event if there was none.
func (r Result) Last() providers.Event {
	if len(r.Events) == 0 {
		return providers.Event{}
	}
	return r.Events[len(r.Events)-1]
}

// Finish is the EventDone's finish reason, "" if the stream did not finish.
func (r Result) Finish() string {
	if r.Done == nil {
		return ""
	}
	return r.Done.FinishReason
}

// Collect drains a stream (a Provider's Stream) into a Result. onEvent, if
// given, runs after each event (a test cancelling mid-stream uses it). It
// checks the stream contract every adapter keeps: nothing after EventDone
// or after an error, and at most one of each.
func Collect(t testing.TB, seq iter.Seq2[providers.Event, error], onEvent ...func(providers.Event)) Result {
	t.Helper()
	var r Result
	var text, reasoning strings.Builder
	for ev, err := range seq {
		if r.Done != nil || r.Err != nil {
			t.Errorf("stream yielded %+v / %v after it ended (done %v, err %v)", ev, err, r.Done != nil, r.Err)
		}
		if err != nil {
			r.Err = err
			continue
		}
		r.Events = append(r.Events, ev)
		switch ev.Kind {
		case providers.EventText:
			text.WriteString(ev.Text)
		case providers.EventReasoning:
			reasoning.WriteString(ev.Text)
		case providers.EventUsage:
			u := ev.Usage
			r.Usage = &u
		case providers.EventDone:
			d := ev
			r.Done = &d
		}
		for _, f := range onEvent {
			f(ev)
		}
	}
	r.Text, r.Reasoning = text.String(), reasoning.String()
	return r
}

// Drain runs any stream to its end and returns its events and the error
// it ended with. It knows nothing of providers.Event, so it serves
// imagegen.Generator streams too. Like Collect it checks that nothing
// comes after an error.
func Drain[E any](t testing.TB, seq iter.Seq2[E, error]) ([]E, error) {
	t.Helper()
	var evs []E
	var end error
	for ev, err := range seq {
		if end != nil {
			t.Errorf("stream yielded %+v / %v after its error %v", ev, err, end)
			continue
		}
		if err != nil {
			end = err
			continue
		}
		evs = append(evs, ev)
	}
	return evs, end
}
