package imagegentest

import (
	"context"
	"errors"
	"testing"

	"parley/providers/imagegen"
	"parley/providers/providertest"
)

func TestGeneratorStepsThroughStages(t *testing.T) {
	step := make(chan struct{}, 2)
	g := &Generator{Events: Stages([]byte("p0"), []byte("p1"), []byte("f")), Step: step, Err: errors.New("late")}
	var got []imagegen.Event
	var err error
	for ev, e := range g.Generate(t.Context(), imagegen.Request{Prompt: "fox"}) {
		if e != nil {
			err = e
			continue
		}
		got = append(got, ev)
		step <- struct{}{} // release the next stage only now
	}
	if len(got) != 3 || got[1].Kind != imagegen.Partial || got[1].Image.Index != 1 || got[2].Kind != imagegen.Final ||
		err == nil || err.Error() != "late" {
		t.Fatalf("events %+v, err %v", got, err)
	}
	if r := g.Requests(); len(r) != 1 || r[0].Prompt != "fox" {
		t.Errorf("requests = %+v", r)
	}
}

func TestStepsWaitCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	g := &Generator{Script: Steps(Stage(imagegen.Partial, 0, []byte("p")), WaitCancel)}
	var n int
	var err error
	for _, e := range g.Generate(ctx, imagegen.Request{}) {
		if e != nil {
			err = e
			continue
		}
		n++
		cancel()
	}
	if n != 1 || !errors.Is(err, context.Canceled) {
		t.Errorf("%d events, err %v", n, err)
	}
	evs, err := providertest.Drain(t, (&Generator{Script: Steps(errors.New("x"))}).Generate(t.Context(), imagegen.Request{}))
	if len(evs) != 0 || err == nil {
		t.Errorf("error step: %v, %v", evs, err)
	}
}
