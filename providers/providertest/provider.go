package providertest

import (
	"context"
	"fmt"
	"iter"
	"sync"
	"time"

	"parley/providers"
)

// Provider is a scripted providers.Provider. By default it yields Events in
// order and then ends the reply with EventDone (finish reason "stop"). The
// fields change that; set them before the first Stream. It records every
// request it is given, and panics if it is ever made to yield after the
// consumer stopped (a broken consumer would hide that).
type Provider struct {
	// ProviderName is what Name returns; empty means "fake".
	ProviderName string
	// Events are yielded in order.
	Events []providers.Event
	// Delay, if non-zero, passes before each event, like a real model's
	// pace; a cancelled context ends the stream with its error.
	Delay time.Duration
	// After, if set, runs after event i was consumed and may block, so a
	// test paces the stream; an error it returns ends the stream.
	After func(ctx context.Context, i int) error
	// Hold makes the stream wait, after the events, until ctx is done and
	// then end with ctx's error: a model that is still thinking.
	Hold bool
	// Err, if set (and Hold is not), ends the stream after the events
	// instead of EventDone.
	Err error
	// Script, if set, replaces all of the above: it yields the whole reply.
	// Steps builds one from a list.
	Script func(ctx context.Context, yield func(providers.Event, error) bool)
	// Rounds, if set, replaces all of the above for a conversation of
	// several requests (tool rounds): Stream call n (from 0) is answered
	// by Rounds[n]; a call beyond them ends at once with an error.
	Rounds []func(ctx context.Context, yield func(providers.Event, error) bool)

	mu      sync.Mutex
	reqs    []providers.Request
	stopped bool
}

// Name returns ProviderName, or "fake".
func (p *Provider) Name() string {
	if p.ProviderName == "" {
		return "fake"
	}
	return p.ProviderName
}

// Stream records req and returns the scripted reply.
func (p *Provider) Stream(ctx context.Context, req providers.Request) iter.Seq2[providers.Event, error] {
	p.mu.Lock()
	p.reqs = append(p.reqs, req)
	n := len(p.reqs) - 1
	p.mu.Unlock()
	return func(yield func(providers.Event, error) bool) {
		guarded := Guard(yield, func() {
			p.mu.Lock()
			p.stopped = true
			p.mu.Unlock()
		})
		switch {
		case p.Rounds != nil && n >= len(p.Rounds):
			guarded(providers.Event{}, fmt.Errorf("providertest.Provider: unexpected request %d of %d rounds", n+1, len(p.Rounds)))
		case p.Rounds != nil:
			p.Rounds[n](ctx, guarded)
		case p.Script != nil:
			p.Script(ctx, guarded)
		default:
			p.play(ctx, guarded)
		}
	}
}

// play yields Events with Delay and After, then the ending.
func (p *Provider) play(ctx context.Context, yield func(providers.Event, error) bool) {
	for i, ev := range p.Events {
		if p.Delay > 0 {
			select {
			case <-time.After(p.Delay):
			case <-ctx.Done():
				yield(providers.Event{}, fmt.Errorf("stream: %w", ctx.Err()))
				return
			}
		}
		if !yield(ev, nil) {
			return
		}
		if p.After != nil {
			if err := p.After(ctx, i); err != nil {
				yield(providers.Event{}, err)
				return
			}
		}
	}
	switch {
	case p.Hold:
		<-ctx.Done()
		yield(providers.Event{}, fmt.Errorf("stream: %w", ctx.Err()))
	case p.Err != nil:
		yield(providers.Event{}, p.Err)
	default:
		yield(Done("stop"), nil)
	}
}

// Requests returns a copy of the requests Stream was given, in order.
func (p *Provider) Requests() []providers.Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]providers.Request(nil), p.reqs...)
}

// Calls is how many times Stream was called.
func (p *Provider) Calls() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.reqs)
}

// Stopped reports whether a consumer ever stopped one of the streams
// early (by breaking out of the loop), as a cancelled turn must.
func (p *Provider) Stopped() bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.stopped
}

// LastRequest is the newest request Stream was given; the zero Request if
// none.
func (p *Provider) LastRequest() providers.Request {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.reqs) == 0 {
		return providers.Request{}
	}
	return p.reqs[len(p.reqs)-1]
}

// Steps makes a Provider.Script from a list: a providers.Event is yielded,
// an error is yielded and ends the reply, a func() runs in between (to
// signal or wait), a func(context.Context) error runs and ends the reply
// with its error if any. The reply also ends when the consumer stops. Steps
// adds no EventDone: list it (Done) where the reply should have one.
func Steps(items ...any) func(context.Context, func(providers.Event, error) bool) {
	return StepsOf[providers.Event](items...)
}

// StepsOf is Steps for a stream of any event type E (imagegen.Event, say):
// an E is yielded, an error ends the stream, a func() or a
// func(context.Context) error runs in between. An item of another type
// panics: a typo in a script must not pass silently.
func StepsOf[E any](items ...any) func(context.Context, func(E, error) bool) {
	return func(ctx context.Context, yield func(E, error) bool) {
		var zero E
		for _, it := range items {
			switch it := it.(type) {
			case E:
				if !yield(it, nil) {
					return
				}
			case error:
				yield(zero, it)
				return
			case func():
				it()
			case func(context.Context) error:
				if err := it(ctx); err != nil {
					yield(zero, err)
					return
				}
			default:
				panic(fmt.Sprintf("providertest.StepsOf: unknown step %T", it))
			}
		}
	}
}

// Guard wraps a stream's yield so that a fake which yields again after
// the consumer stopped panics (a broken fake would hide consumer bugs);
// onStop, if set, runs once when the consumer stops.
func Guard[E any](yield func(E, error) bool, onStop func()) func(E, error) bool {
	stopped := false
	return func(ev E, err error) bool {
		if stopped {
			panic("fake stream yielded after the consumer stopped")
		}
		if stopped = !yield(ev, err); stopped && onStop != nil {
			onStop()
		}
		return !stopped
	}
}

// Text is a text event.
func Text(s string) providers.Event { return providers.Event{Kind: providers.EventText, Text: s} }

// Done is the EventDone that ends a reply with reason.
func Done(reason string) providers.Event {
	return providers.Event{Kind: providers.EventDone, FinishReason: reason}
}

// Usage is a usage event.
func Usage(in, out int) providers.Event {
	return providers.Event{Kind: providers.EventUsage, Usage: providers.Usage{InputTokens: in, OutputTokens: out}}
}

// TextEvents is one text event per piece.
func TextEvents(pieces ...string) []providers.Event {
	evs := make([]providers.Event, 0, len(pieces)+1)
	for _, s := range pieces {
		evs = append(evs, Text(s))
	}
	return evs
}

// Reply is a reply's events without its EventDone: one text event per
// piece, then the usage of a 12-token prompt and one token per piece.
func Reply(pieces ...string) []providers.Event {
	return append(TextEvents(pieces...), Usage(12, len(pieces)))
}
