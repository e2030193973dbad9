// Package imagegentest holds the fake image backend that session and ui
// tests share. It sits beside providers/providertest rather than in it
// because it needs the imagegen types, and imagegen's own tests import
// providertest.
package imagegentest

import (
	"context"
	"iter"
	"sync"

	"parley/providers"
	"parley/providers/imagegen"
	"parley/providers/providertest"
)

// Generator is a scripted imagegen.Generator that records its requests.
// By default it yields Events in order, then Err if set. It panics if it is
// made to yield after the consumer stopped (providertest.Guard).
type Generator struct {
	// Events are yielded in order.
	Events []imagegen.Event
	// Err, if set, is yielded after the events.
	Err error
	// Step, if set, must deliver a token before every event but the first,
	// so a test sees each stage before the next comes; a cancelled context
	// ends the generation with its error.
	Step chan struct{}
	// Script, if set, replaces all of the above: it yields the whole
	// generation. Steps builds one from a list.
	Script func(ctx context.Context, yield func(imagegen.Event, error) bool)

	mu   sync.Mutex
	reqs []imagegen.Request
}

// Generate records req and returns the scripted generation.
func (g *Generator) Generate(ctx context.Context, req imagegen.Request) iter.Seq2[imagegen.Event, error] {
	g.mu.Lock()
	g.reqs = append(g.reqs, req)
	g.mu.Unlock()
	return func(yield func(imagegen.Event, error) bool) {
		guarded := providertest.Guard(yield, nil)
		if g.Script != nil {
			g.Script(ctx, guarded)
			return
		}
		g.play(ctx, guarded)
	}
}

// play yields Events, waiting on Step between them, then Err.
func (g *Generator) play(ctx context.Context, yield func(imagegen.Event, error) bool) {
	for i, ev := range g.Events {
		if i > 0 && g.Step != nil {
			select {
			case <-g.Step:
			case <-ctx.Done():
				yield(imagegen.Event{}, ctx.Err())
				return
			}
		}
		if !yield(ev, nil) {
			return
		}
	}
	if g.Err != nil {
		yield(imagegen.Event{}, g.Err)
	}
}

// Requests returns a copy of the requests Generate was given, in order.
func (g *Generator) Requests() []imagegen.Request {
	g.mu.Lock()
	defer g.mu.Unlock()
	return append([]imagegen.Request(nil), g.reqs...)
}

// Steps makes a Generator.Script from a list (providertest.StepsOf): an
// imagegen.Event is yielded, an error is yielded and ends the generation,
// a func(context.Context) error runs in between (to wait for a cancel,
// say) and ends the generation with its error if any.
func Steps(items ...any) func(context.Context, func(imagegen.Event, error) bool) {
	return providertest.StepsOf[imagegen.Event](items...)
}

// Stage is a stage event of kind carrying a PNG at index.
func Stage(kind imagegen.Kind, index int, png []byte) imagegen.Event {
	return imagegen.Event{Kind: kind, Index: index, Image: providers.Image{MIME: "image/png", Data: png, Index: index}}
}

// Stages are two partial images and the final one, as the OpenAI Images
// stream gives them.
func Stages(partial1, partial2, final []byte) []imagegen.Event {
	return []imagegen.Event{
		Stage(imagegen.Partial, 0, partial1),
		Stage(imagegen.Partial, 1, partial2),
		Stage(imagegen.Final, 0, final),
	}
}

// WaitCancel blocks a Steps generation until the context is cancelled, as
// a server still drawing would, and ends it with the cancel error.
func WaitCancel(ctx context.Context) error {
	<-ctx.Done()
	return providers.Canceled(ctx.Err())
}
