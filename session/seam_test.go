package session

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"

	"parley/providers"
	"parley/providers/imagegen"
	"parley/providers/imagegen/imagegentest"
	"parley/providers/providertest"
)

func toolCall(id, name, args string) providers.Event {
	return providers.Event{Kind: providers.EventToolCall, ToolCall: &providers.ToolCallPart{ID: id, Name: name, Arguments: args}}
}

func toolsDone() providers.Event {
	return providers.Event{Kind: providers.EventDone, FinishReason: "tool_calls"}
}

// seamTurn is a turn with a chat model that calls tools but cannot draw.
func seamTurn(s *Store, p providers.Provider, g imagegen.Generator) *Turn {
	b := backend(g)
	return &Turn{Store: s, Provider: p, Model: "gpt-4o", Images: &b,
		Caps: capsPtr(providers.Caps{Images: true, ImageFormats: []string{"image/png"}, Tools: true})}
}

func TestSeamHandoffDrawsAndContinues(t *testing.T) {
	s := openTest(t)
	p0, p1, fin := providertest.GradientPNG(t, 16, 16, 1), providertest.GradientPNG(t, 32, 32, 2), providertest.GradientPNG(t, 64, 48, 3)
	g := &imagegentest.Generator{Script: imagegentest.Steps(imagegentest.Stage(imagegen.Partial, 0, p0), imagegentest.Stage(imagegen.Partial, 1, p1), imagegentest.Stage(imagegen.Final, 0, fin))}
	const prompt = "a red fox in fresh snow, *watercolour*"
	p := &providertest.Provider{ProviderName: "openai", Rounds: []func(context.Context, func(providers.Event, error) bool){
		providertest.Steps(providertest.Text("Sure, "), providertest.Usage(10, 5), toolCall("call_1", ImageToolName, `{"prompt":"a red fox in fresh snow, *watercolour*","size":"1536x1024"}`), toolsDone()),
		providertest.Steps(providertest.Text("Here it is."), providertest.Usage(30, 4), providertest.Done("stop")),
	}}
	evs := collect(t, seamTurn(s, p, g).Run(context.Background(), 0, nil, userText("draw me a fox")))

	want := []TurnEventKind{TurnUserSaved, TurnStarted, TurnDelta, TurnUsage, TurnHandoff,
		TurnImage, TurnImage, TurnImage, TurnDelta, TurnUsage, TurnFinished}
	if !reflect.DeepEqual(kinds(evs), want) {
		t.Fatalf("events %v, want %v", kinds(evs), want)
	}
	if h := evs[4]; h.Text != "openai/gpt-4o asked openai/gpt-image-1 to draw: "+prompt || h.Err != nil {
		t.Errorf("hand-off %q %v", h.Text, h.Err)
	}
	// The backend got exactly the prompt that crossed the seam.
	if want := []imagegen.Request{{Model: "gpt-image-1", Prompt: prompt, Size: "1536x1024", Partials: 2}}; !reflect.DeepEqual(g.Requests(), want) {
		t.Fatalf("backend asked %+v", g.Requests())
	}
	checkToolOffered(t, p.Requests()[0])

	// The follow-up carries the call and its result; the tool stays offered.
	if len(p.Requests()) != 2 {
		t.Fatalf("%d requests", len(p.Requests()))
	}
	wantMsgs := []providers.Message{
		{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "draw me a fox"}}},
		{Role: providers.RoleAssistant, Parts: []providers.Part{providers.TextPart{Text: "Sure, "},
			providers.ToolCallPart{ID: "call_1", Name: ImageToolName, Arguments: `{"prompt":"a red fox in fresh snow, *watercolour*","size":"1536x1024"}`}}},
		{Role: providers.RoleUser, Parts: []providers.Part{providers.ToolResultPart{CallID: "call_1", Name: ImageToolName,
			Content: "image generated: 64×48 PNG, shown to the user"}}},
	}
	if !reflect.DeepEqual(p.Requests()[1].Messages, wantMsgs) {
		t.Errorf("follow-up messages\n%#v\nwant\n%#v", p.Requests()[1].Messages, wantMsgs)
	}
	if len(p.Requests()[0].Messages) != 1 {
		t.Errorf("the first request changed after it was sent: %d messages", len(p.Requests()[0].Messages))
	}
	if len(p.Requests()[1].Tools) != 1 {
		t.Errorf("follow-up tools %+v", p.Requests()[1].Tools)
	}

	fe := evs[len(evs)-1]
	if fe.Err != nil || fe.Message.Status != StatusDone || fe.Message.Usage != (Usage{InputTokens: 40, OutputTokens: 9}) {
		t.Fatalf("finished %v %+v", fe.Err, fe.Message)
	}
	for where, m := range map[string]Message{"final event": *fe.Message, "store": storedLast(t, s)} {
		checkSeamParts(t, where, m, s, prompt, fin)
	}
}

// checkToolOffered checks the generate_image declaration of req.
func checkToolOffered(t *testing.T, req providers.Request) {
	t.Helper()
	if len(req.Tools) != 1 || req.Tools[0].Name != ImageToolName {
		t.Fatalf("tools offered %+v", req.Tools)
	}
	params := req.Tools[0].Parameters
	props := params["properties"].(map[string]any)
	size := props["size"].(map[string]any)
	if !reflect.DeepEqual(params["required"], []string{"prompt"}) || props["prompt"] == nil ||
		!reflect.DeepEqual(size["enum"], []string{"1024x1024", "1536x1024", "1024x1536"}) ||
		!strings.Contains(req.Tools[0].Description, "openai/gpt-image-1") {
		t.Errorf("tool declaration %+v", req.Tools[0])
	}
}

// checkSeamParts checks [Text, hand-off, final Image, Text].
func checkSeamParts(t *testing.T, where string, m Message, s *Store, prompt string, fin []byte) {
	t.Helper()
	if len(m.Parts) != 4 {
		t.Fatalf("%s: parts %#v", where, m.Parts)
	}
	handoff := Text{Text: `*openai/gpt-4o asked openai/gpt-image-1 to draw: a red fox in fresh snow, \*watercolour\**`}
	if m.Parts[0] != (Text{Text: "Sure, "}) || m.Parts[1] != handoff || m.Parts[3] != (Text{Text: "Here it is."}) {
		t.Errorf("%s: parts %#v", where, m.Parts)
	}
	img, ok := m.Parts[2].(Image)
	if !ok || img.Partial || !img.Generated || img.Prompt != prompt || img.GeneratedBy != "openai/gpt-image-1" ||
		img.Width != 64 || img.Height != 48 {
		t.Fatalf("%s: image %#v", where, m.Parts[2])
	}
	if got, err := s.Blob(img.Blob); err != nil || !bytes.Equal(got, fin) {
		t.Errorf("%s: stored image is not byte-identical to the final one (%v)", where, err)
	}
}

func TestSeamGenerationFailureGoesBack(t *testing.T) {
	s := openTest(t)
	refusal := providers.Errorf(providers.ErrBadRequest, 400, nil, "openai/gpt-image-1 refused the prompt: safety system")
	g := &imagegentest.Generator{Script: imagegentest.Steps(refusal)}
	p := &providertest.Provider{ProviderName: "openai", Rounds: []func(context.Context, func(providers.Event, error) bool){
		providertest.Steps(toolCall("c1", ImageToolName, `{"prompt":"a forbidden thing"}`), toolsDone()),
		providertest.Steps(providertest.Text("I could not draw that."), providertest.Done("stop")),
	}}
	evs := collect(t, seamTurn(s, p, g).Run(context.Background(), 0, nil, userText("draw it")))
	var handoffs []TurnEvent
	for _, ev := range evs {
		if ev.Kind == TurnHandoff {
			handoffs = append(handoffs, ev)
		}
	}
	if len(handoffs) != 2 || handoffs[0].Err != nil || handoffs[1].Err != refusal ||
		!strings.Contains(handoffs[1].Text, "could not draw it: openai/gpt-image-1 refused the prompt: safety system") {
		t.Fatalf("hand-off events %+v", handoffs)
	}
	if g.Requests()[0].Size != "1024x1024" {
		t.Errorf("size %q: the backend's default was not used", g.Requests()[0].Size)
	}
	res := p.Requests()[1].Messages[2].Parts[0].(providers.ToolResultPart)
	if !res.IsError || res.CallID != "c1" || !strings.Contains(res.Content, "safety system") {
		t.Errorf("tool result %+v", res)
	}
	m := storedLast(t, s)
	if m.Status != StatusDone || len(m.Parts) != 3 || !strings.Contains(m.Parts[1].(Text).Text, "could not draw it") ||
		m.Parts[2] != (Text{Text: "I could not draw that."}) {
		t.Errorf("stored %s %#v", m.Status, m.Parts)
	}
}

func TestSeamCancelDuringGeneration(t *testing.T) {
	s := openTest(t)
	p0 := providertest.GradientPNG(t, 16, 16, 9)
	g := &imagegentest.Generator{Script: imagegentest.Steps(imagegentest.Stage(imagegen.Partial, 0, p0), imagegentest.WaitCancel)}
	p := &providertest.Provider{ProviderName: "openai", Rounds: []func(context.Context, func(providers.Event, error) bool){
		providertest.Steps(providertest.Text("Drawing…"), toolCall("c1", ImageToolName, `{"prompt":"a fox"}`), toolsDone()),
	}}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var last TurnEvent
	for ev := range seamTurn(s, p, g).Run(ctx, 0, nil, userText("draw")) {
		last = ev
		if ev.Kind == TurnImage {
			cancel()
		}
	}
	if last.Kind != TurnFinished || last.Message.Status != StatusCancelled {
		t.Fatalf("last event %+v", last)
	}
	m := storedLast(t, s)
	if m.Status != StatusCancelled || len(m.Parts) != 3 || m.Parts[0] != (Text{Text: "Drawing…"}) || !m.Parts[2].(Image).Partial {
		t.Errorf("stored %s %#v", m.Status, m.Parts)
	}
	if len(p.Requests()) != 1 {
		t.Errorf("%d requests after the cancel", len(p.Requests()))
	}
}

func TestSeamBadCallsGetErrorResults(t *testing.T) {
	s := openTest(t)
	g := &imagegentest.Generator{Script: imagegentest.Steps(imagegentest.Stage(imagegen.Final, 0, providertest.GradientPNG(t, 4, 4, 0)))}
	p := &providertest.Provider{ProviderName: "openai", Rounds: []func(context.Context, func(providers.Event, error) bool){
		providertest.Steps(toolCall("a", "web_search", `{"q":"fox"}`), toolCall("b", ImageToolName, `{"prompt":"fox","size":"999x1"}`), toolCall("c", ImageToolName, `{"prompt":`), toolCall("d", ImageToolName, `{}`), toolsDone()),
		providertest.Steps(providertest.Text("ok"), providertest.Done("stop")),
	}}
	evs := collect(t, seamTurn(s, p, g).Run(context.Background(), 0, nil, userText("go")))
	if fe := evs[len(evs)-1]; fe.Err != nil || fe.Message.Status != StatusDone {
		t.Fatalf("finished %v %+v", fe.Err, fe.Message)
	}
	if len(g.Requests()) != 0 {
		t.Errorf("bad calls reached the backend: %+v", g.Requests())
	}
	results := p.Requests()[1].Messages[2].Parts
	wants := []string{`unknown tool "web_search"; the only tool is generate_image`, `size "999x1" is not one of`,
		"invalid arguments for generate_image", "generate_image needs a prompt"}
	if len(results) != len(wants) {
		t.Fatalf("results %+v", results)
	}
	for i, w := range wants {
		r := results[i].(providers.ToolResultPart)
		if !r.IsError || r.CallID != string(rune('a'+i)) || !strings.Contains(r.Content, w) {
			t.Errorf("result %d %+v, want %q", i, r, w)
		}
	}
	if m := storedLast(t, s); len(m.Parts) != 1 || m.Parts[0] != (Text{Text: "ok"}) {
		t.Errorf("stored %#v", m.Parts)
	}
}

func TestSeamRoundsBounded(t *testing.T) {
	s := openTest(t)
	g := &imagegentest.Generator{Script: imagegentest.Steps(imagegentest.Stage(imagegen.Final, 0, providertest.GradientPNG(t, 4, 4, 0)))}
	again := providertest.Steps(toolCall("x", ImageToolName, `{"prompt":"another fox"}`), toolsDone())
	p := &providertest.Provider{ProviderName: "openai", Rounds: []func(context.Context, func(providers.Event, error) bool){again, again, again, again}}
	evs := collect(t, seamTurn(s, p, g).Run(context.Background(), 0, nil, userText("foxes")))
	fe := evs[len(evs)-1]
	if len(p.Requests()) != maxToolRounds+1 || len(g.Requests()) != maxToolRounds {
		t.Fatalf("%d requests, %d drawings", len(p.Requests()), len(g.Requests()))
	}
	if fe.Message.Status != StatusError || !strings.Contains(fe.Message.Error, "kept calling tools") {
		t.Errorf("finished %+v", fe.Message)
	}
	if n := len(p.Requests()[maxToolRounds].Messages); n != 1+2*maxToolRounds {
		t.Errorf("last request has %d messages", n)
	}
}

func TestSeamOfferedOnlyWhenItFits(t *testing.T) {
	g := &imagegentest.Generator{Script: imagegentest.Steps()}
	b := backend(g)
	cases := []struct {
		name   string
		caps   *providers.Caps
		images *ImageBackend
		offer  bool
	}{
		{"chat model with tools", capsPtr(providers.Caps{Tools: true}), &b, true},
		{"no backend", capsPtr(providers.Caps{Tools: true}), nil, false},
		{"model draws itself", capsPtr(providers.Caps{Tools: true, ImageOutput: true}), &b, false},
		{"no function calling", capsPtr(providers.Caps{}), &b, false},
		{"caps unknown", nil, &b, false},
	}
	for _, tc := range cases {
		p := &providertest.Provider{Script: providertest.Steps(providertest.Done("stop"))}
		turn := &Turn{Provider: p, Model: "m", Caps: tc.caps, Images: tc.images}
		collect(t, turn.Run(context.Background(), 0, nil, userText("hi")))
		if got := len(p.LastRequest().Tools) == 1 && p.LastRequest().Tools[0].Name == ImageToolName; got != tc.offer || (!tc.offer && len(p.LastRequest().Tools) != 0) {
			t.Errorf("%s: tools %+v", tc.name, p.LastRequest().Tools)
		}
	}
}
