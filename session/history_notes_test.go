package session

import (
	"context"
	"errors"
	"reflect"
	"testing"

	"parley/providers"
	"parley/providers/imagegen"
	"parley/providers/imagegen/imagegentest"
	"parley/providers/providertest"
)

// userMsg and asstMsg are request messages of plain text parts.
func userMsg(texts ...string) providers.Message {
	return providers.Message{Role: providers.RoleUser, Parts: textParts(texts)}
}

func asstMsg(texts ...string) providers.Message {
	return providers.Message{Role: providers.RoleAssistant, Parts: textParts(texts)}
}

func textParts(texts []string) []providers.Part {
	out := make([]providers.Part, len(texts))
	for i, s := range texts {
		out[i] = providers.TextPart{Text: s}
	}
	return out
}

// chatAfter sends "next" to a chat model after the stored conversation and
// returns the messages of its request.
func chatAfter(t *testing.T, s *Store, next string) []providers.Message {
	t.Helper()
	c, err := s.LatestConversation()
	if err != nil {
		t.Fatal(err)
	}
	fp := &providertest.Provider{Script: providertest.Steps(providertest.Done("stop"))}
	turn := &Turn{Store: s, Provider: fp, Model: "gpt-4o"}
	collect(t, turn.Run(context.Background(), c.ID, c.Messages, userText(next)))
	return fp.LastRequest().Messages
}

// TestImagePromptsReachChatAsNotes: /image prompts are not the user's
// words to the chat model and must not merge into one "a cat a dog"
// message; the chat model learns what was drawn, by whom, and what
// failed.
func TestImagePromptsReachChatAsNotes(t *testing.T) {
	s := openTest(t)
	ok := &imagegentest.Generator{Script: imagegentest.Steps(imagegentest.Stage(imagegen.Partial, 0, providertest.GradientPNG(t, 16, 16, 1)), imagegentest.Stage(imagegen.Final, 0, providertest.GradientPNG(t, 64, 48, 2)))}
	collect(t, GenerateImage(context.Background(), s, 0, backend(ok), "a cat", nil))
	c, _ := s.LatestConversation()
	refused := &imagegentest.Generator{Script: imagegentest.Steps(providers.Errorf(providers.ErrBadRequest, 400, nil, "rejected by the safety system (400)"))}
	collect(t, GenerateImage(context.Background(), s, c.ID, backend(refused), "a dog", nil))

	// The marker survives the store, and search still finds the prompt.
	c, _ = s.LatestConversation()
	if u := c.Messages[0].Parts[0]; u != (Text{Text: "a cat", PromptFor: "openai/gpt-image-1"}) {
		t.Fatalf("stored prompt %#v", u)
	}
	if hits, err := s.Search("cat", 5); err != nil || len(hits) != 1 {
		t.Errorf("search for the prompt: %d hits, %v", len(hits), err)
	}

	got := chatAfter(t, s, "which one did you like?")
	want := []providers.Message{
		userMsg("[asked openai/gpt-image-1 to draw: a cat]"),
		asstMsg("[generated image 64×48 by openai/gpt-image-1]"),
		userMsg("[asked openai/gpt-image-1 to draw: a dog]"),
		asstMsg("[openai/gpt-image-1 did not draw it: rejected by the safety system (400)]"),
		userMsg("which one did you like?"),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("request\n%+v\nwant\n%+v", got, want)
	}
}

// TestCancelledDrawingReachesChatAsUnfinished: a generation cancelled
// after a partial stage keeps that stage (Partial) in a cancelled message,
// and the chat model is told it was not finished.
func TestCancelledDrawingReachesChatAsUnfinished(t *testing.T) {
	s := openTest(t)
	g := &imagegentest.Generator{Script: imagegentest.Steps(imagegentest.Stage(imagegen.Partial, 0, providertest.GradientPNG(t, 16, 16, 5)), imagegentest.WaitCancel)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	for ev := range GenerateImage(ctx, s, 0, backend(g), "a slow fox", nil) {
		if ev.Kind == TurnImage {
			cancel()
		}
	}
	m := storedLast(t, s)
	if img, ok := m.Parts[0].(Image); m.Status != StatusCancelled || m.Error != "cancelled" || !ok || !img.Partial {
		t.Fatalf("stored %s %q %#v", m.Status, m.Error, m.Parts)
	}
	got := chatAfter(t, s, "try again?")
	want := []providers.Message{
		userMsg("[asked openai/gpt-image-1 to draw: a slow fox]"),
		asstMsg("[unfinished image 16×16 by openai/gpt-image-1: cancelled]"),
		userMsg("try again?"),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("request\n%+v\nwant\n%+v", got, want)
	}
}

// TestSeamImageReachesChatAsNote: a picture drawn across the seam stays in
// the history the chat model sees, as a note after the hand-off line.
func TestSeamImageReachesChatAsNote(t *testing.T) {
	s := openTest(t)
	g := &imagegentest.Generator{Script: imagegentest.Steps(imagegentest.Stage(imagegen.Final, 0, providertest.GradientPNG(t, 64, 48, 3)))}
	p := &providertest.Provider{ProviderName: "openai", Rounds: []func(context.Context, func(providers.Event, error) bool){
		providertest.Steps(toolCall("call_1", ImageToolName, `{"prompt":"a fox"}`), toolsDone()),
		providertest.Steps(providertest.Text("Here it is."), providertest.Done("stop")),
	}}
	collect(t, seamTurn(s, p, g).Run(context.Background(), 0, nil, userText("draw a fox")))
	got := chatAfter(t, s, "bluer")
	want := []providers.Message{
		userMsg("draw a fox"),
		asstMsg(`*openai/gpt-4o asked openai/gpt-image-1 to draw: a fox*`,
			"[generated image 64×48 by openai/gpt-image-1]", "Here it is."),
		userMsg("bluer"),
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("request\n%+v\nwant\n%+v", got, want)
	}
}

// TestCancelledChatImageKeepsPartial: a chat reply cancelled while its
// picture forms keeps the last stage, marked Partial, in a cancelled
// message, in the store as in the final event.
func TestCancelledChatImageKeepsPartial(t *testing.T) {
	s := openTest(t)
	partial := providertest.GradientPNG(t, 16, 16, 9)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	fp := &providertest.Provider{Script: func(ctx context.Context, yield func(providers.Event, error) bool) {
		if yield(providertest.Text("Drawing: "), nil) && yield(imageEvent(providers.EventImagePartial, 0, partial), nil) {
			<-ctx.Done()
			yield(providers.Event{}, providers.Canceled(ctx.Err()))
		}
	}}
	turn := &Turn{Store: s, Provider: fp, Model: "gemini-2.5-flash-image",
		Caps: capsPtr(providers.Caps{ImageOutput: true})}
	var fin TurnEvent
	for ev := range turn.Run(ctx, 0, nil, userText("draw")) {
		if ev.Kind == TurnImage {
			cancel()
		}
		fin = ev
	}
	if !fp.LastRequest().ImageOutput {
		t.Error("a model with ImageOutput caps must ask for images (Request.ImageOutput)")
	}
	if fin.Kind != TurnFinished || !errors.Is(fin.Err, context.Canceled) {
		t.Fatalf("last event %+v", fin)
	}
	for where, m := range map[string]Message{"final event": *fin.Message, "store": storedLast(t, s)} {
		img, ok := m.Parts[len(m.Parts)-1].(Image)
		if m.Status != StatusCancelled || len(m.Parts) != 2 || !ok || !img.Partial || m.Parts[0] != (Text{Text: "Drawing: "}) {
			t.Errorf("%s: %s %#v", where, m.Status, m.Parts)
		}
	}
}

// TestImageOutputFollowsCaps: only a model known to draw asks for images.
func TestImageOutputFollowsCaps(t *testing.T) {
	for name, c := range map[string]*providers.Caps{"unknown": nil, "chat": capsPtr(providers.Caps{Tools: true})} {
		fp := &providertest.Provider{Script: providertest.Steps(providertest.Done("stop"))}
		turn := &Turn{Provider: fp, Model: "m", Caps: c}
		collect(t, turn.Run(context.Background(), 0, nil, userText("hi")))
		if fp.LastRequest().ImageOutput {
			t.Errorf("%s caps: ImageOutput set", name)
		}
	}
}

// TestFullNameNotDoubled: a model ID that already names its provider
// (OpenRouter's "openai/gpt-4o" on a provider named "openai") is not
// prefixed twice.
func TestFullNameNotDoubled(t *testing.T) {
	cases := map[string]*Turn{
		"openai/gpt-4o": {Provider: &providertest.Provider{ProviderName: "openai"}, Model: "openai/gpt-4o"},
		"fake/gpt-4o":   {Provider: &providertest.Provider{}, Model: "gpt-4o"},
		"this model":    {Provider: &providertest.Provider{}},
	}
	for want, turn := range cases {
		if got := turn.fullName(); got != want {
			t.Errorf("fullName = %q, want %q", got, want)
		}
	}
}
