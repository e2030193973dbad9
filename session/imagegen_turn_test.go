package session

import (
	"bytes"
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"

	"parley/providers"
	"parley/providers/imagegen"
	"parley/providers/imagegen/imagegentest"
	"parley/providers/providertest"
)

func backend(g imagegen.Generator) ImageBackend {
	return ImageBackend{Generator: g, Provider: "openai", Model: "gpt-image-1", Size: "1024x1024", Partials: 2}
}

// imageEvents returns the images of the TurnImage events, in order.
func imageEvents(evs []TurnEvent) []Image {
	var out []Image
	for _, ev := range evs {
		if ev.Kind == TurnImage {
			out = append(out, *ev.Image)
		}
	}
	return out
}

func TestGenerateImageStagesReplaceInPlace(t *testing.T) {
	s := openTest(t)
	p0, p1, fin := providertest.GradientPNG(t, 16, 16, 1), providertest.GradientPNG(t, 32, 32, 2), providertest.GradientPNG(t, 64, 64, 3)
	g := &imagegentest.Generator{Script: imagegentest.Steps(imagegentest.Stage(imagegen.Partial, 0, p0), imagegentest.Stage(imagegen.Partial, 1, p1), imagegentest.Stage(imagegen.Final, 0, fin))}
	evs := collect(t, GenerateImage(context.Background(), s, 0, backend(g), "a red fox", nil))

	want := []TurnEventKind{TurnUserSaved, TurnStarted, TurnImage, TurnImage, TurnImage, TurnFinished}
	if !reflect.DeepEqual(kinds(evs), want) {
		t.Fatalf("events %v, want %v", kinds(evs), want)
	}
	if want := []imagegen.Request{{Model: "gpt-image-1", Prompt: "a red fox", Size: "1024x1024", Partials: 2, Input: []providers.ImagePart{}}}; !reflect.DeepEqual(g.Requests(), want) {
		t.Errorf("backend asked %+v, want %+v", g.Requests(), want)
	}
	for i, img := range imageEvents(evs) {
		stageBytes := [][]byte{p0, p1, fin}[i]
		if got, err := s.Blob(img.Blob); err != nil || !bytes.Equal(got, stageBytes) {
			t.Errorf("stage %d: blob is not its bytes (%v)", i, err)
		}
		if img.Partial != (i < 2) || img.Prompt != "a red fox" || img.GeneratedBy != "openai/gpt-image-1" {
			t.Errorf("stage %d: %+v", i, img)
		}
	}
	fe := evs[len(evs)-1]
	if fe.Err != nil || fe.Message.Status != StatusDone {
		t.Fatalf("finished %v %+v", fe.Err, fe.Message)
	}
	c, _ := s.LatestConversation()
	if len(c.Messages) != 2 || c.Title != "a red fox" || c.Messages[0].Text() != "a red fox" || c.Messages[0].Role != RoleUser {
		t.Fatalf("conversation %q %+v", c.Title, c.Messages)
	}
	a := c.Messages[1]
	if a.Provider != "openai" || a.Model != "gpt-image-1" || a.Status != StatusDone || len(a.Parts) != 1 {
		t.Fatalf("assistant %+v", a)
	}
	img := a.Parts[0].(Image)
	wantImg := Image{Blob: img.Blob, MIME: "image/png", Name: "generated-1.png", Width: 64, Height: 64,
		Bytes: int64(len(fin)), Frames: 1, Generated: true, Prompt: "a red fox", GeneratedBy: "openai/gpt-image-1"}
	if img != wantImg {
		t.Errorf("stored image %+v, want %+v", img, wantImg)
	}
	if got, _ := s.Blob(img.Blob); !bytes.Equal(got, fin) {
		t.Error("stored image is not byte-identical to the final image")
	}
}

func TestGenerateImageTextAndRevisedPrompt(t *testing.T) {
	s := openTest(t)
	fin := providertest.GradientPNG(t, 8, 8, 4)
	g := &imagegentest.Generator{Script: imagegentest.Steps(imagegen.Event{Kind: imagegen.Revised, Text: "a *red* fox, photoreal"}, imagegen.Event{Kind: imagegen.Text, Text: "Here you are"}, imagegentest.Stage(imagegen.Final, 0, fin))}
	b := ImageBackend{Generator: g, Label: "gemini/flash-image"}
	evs := collect(t, GenerateImage(context.Background(), s, 0, b, "a fox", nil))
	want := []TurnEventKind{TurnUserSaved, TurnStarted, TurnDelta, TurnDelta, TurnImage, TurnFinished}
	if !reflect.DeepEqual(kinds(evs), want) {
		t.Fatalf("events %v, want %v", kinds(evs), want)
	}
	m := storedLast(t, s)
	if m.Provider != "gemini" || m.Model != "gemini/flash-image" || len(m.Parts) != 3 {
		t.Fatalf("assistant %s %s %#v", m.Provider, m.Model, m.Parts)
	}
	if m.Parts[0] != (Text{Text: `*revised prompt: a \*red\* fox, photoreal*`}) || m.Parts[1] != (Text{Text: "Here you are"}) {
		t.Errorf("text parts %#v", m.Parts[:2])
	}
	if img := m.Parts[2].(Image); img.Prompt != "a fox" || img.Partial || img.GeneratedBy != "gemini/flash-image" {
		t.Errorf("image %+v: Prompt must stay what was asked", img)
	}
}

func TestGenerateImageRefusalKeepsPrompt(t *testing.T) {
	s := openTest(t)
	refusal := providers.Errorf(providers.ErrBadRequest, 400, nil, "openai/gpt-image-1 refused the prompt: rejected by the safety system")
	g := &imagegentest.Generator{Script: imagegentest.Steps(refusal)}
	evs := collect(t, GenerateImage(context.Background(), s, 0, backend(g), "something forbidden", nil))
	fe := evs[len(evs)-1]
	if !errors.Is(fe.Err, refusal) || fe.Message == nil || fe.Message.Status != StatusError ||
		!strings.Contains(fe.Message.Error, "rejected by the safety system") {
		t.Fatalf("finished %v %+v", fe.Err, fe.Message)
	}
	c, _ := s.LatestConversation()
	if len(c.Messages) != 2 || c.Messages[0].Text() != "something forbidden" {
		t.Fatalf("the prompt was not kept: %+v", c.Messages)
	}
	if a := c.Messages[1]; a.Status != StatusError || a.Error != fe.Message.Error || len(a.Parts) != 0 {
		t.Errorf("stored assistant %+v", a)
	}
}

func TestGenerateImageCancelKeepsPartial(t *testing.T) {
	s := openTest(t)
	p0 := providertest.GradientPNG(t, 16, 16, 5)
	g := &imagegentest.Generator{Script: imagegentest.Steps(imagegentest.Stage(imagegen.Partial, 0, p0), imagegentest.WaitCancel)}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var evs []TurnEvent
	for ev := range GenerateImage(ctx, s, 0, backend(g), "a slow fox", nil) {
		evs = append(evs, ev)
		if ev.Kind == TurnImage {
			cancel()
		}
	}
	fe := evs[len(evs)-1]
	if fe.Kind != TurnFinished || fe.Message.Status != StatusCancelled {
		t.Fatalf("last event %+v", fe)
	}
	m := storedLast(t, s)
	if m.Status != StatusCancelled || len(m.Parts) != 1 || !m.Parts[0].(Image).Partial {
		t.Fatalf("stored %s %#v", m.Status, m.Parts)
	}
	if got, _ := s.Blob(m.Parts[0].(Image).Blob); !bytes.Equal(got, p0) {
		t.Error("the partial stage shown was not kept")
	}
}

func TestGenerateImageEditSendsInput(t *testing.T) {
	s := openTest(t)
	src := providertest.GradientPNG(t, 20, 10, 6)
	in, err := s.AddImage(src, "fox.png")
	if err != nil {
		t.Fatal(err)
	}
	g := &imagegentest.Generator{Script: imagegentest.Steps(imagegentest.Stage(imagegen.Final, 0, providertest.GradientPNG(t, 20, 10, 7)))}
	collect(t, GenerateImage(context.Background(), s, 0, backend(g), "make it winter", []Image{in}))
	if len(g.Requests()) != 1 || len(g.Requests()[0].Input) != 1 || !bytes.Equal(g.Requests()[0].Input[0].Data, src) ||
		g.Requests()[0].Input[0].MIME != "image/png" {
		t.Fatalf("backend got %+v", g.Requests())
	}
	c, _ := s.LatestConversation()
	u := c.Messages[0]
	if len(u.Parts) != 2 || u.Parts[0] != (Text{Text: "make it winter", PromptFor: "openai/gpt-image-1"}) || u.Parts[1] != in {
		t.Errorf("user message %#v", u.Parts)
	}
}

func TestGenerateImageRefusedBeforeStoring(t *testing.T) {
	s := openTest(t)
	g := &imagegentest.Generator{Script: imagegentest.Steps(imagegentest.Stage(imagegen.Final, 0, providertest.GradientPNG(t, 4, 4, 0)))}
	cases := []struct {
		name   string
		store  *Store
		b      ImageBackend
		prompt string
		input  []Image
		want   string
	}{
		{"blank prompt", s, backend(g), "  \n", nil, "no prompt"},
		{"no backend", s, ImageBackend{}, "a fox", nil, "no image backend"},
		{"no store", nil, backend(g), "a fox", nil, "need a store"},
		{"missing input", s, backend(g), "a fox", []Image{{Blob: strings.Repeat("a", 64), Name: "gone.png"}}, "cannot send gone.png"},
	}
	for _, tc := range cases {
		evs := collect(t, GenerateImage(context.Background(), tc.store, 0, tc.b, tc.prompt, tc.input))
		var re *RefusalError
		if len(evs) != 1 || evs[0].Message != nil || !errors.As(evs[0].Err, &re) || !strings.Contains(re.Error(), tc.want) {
			t.Errorf("%s: events %+v", tc.name, evs)
		}
	}
	if len(g.Requests()) != 0 || count(t, s, `SELECT count(*) FROM messages`) != 0 {
		t.Errorf("something was sent (%d) or stored", len(g.Requests()))
	}
}

func TestGenerateImageWithoutFinal(t *testing.T) {
	s := openTest(t)
	g := &imagegentest.Generator{Script: imagegentest.Steps(imagegentest.Stage(imagegen.Partial, 0, providertest.GradientPNG(t, 4, 4, 1)))}
	evs := collect(t, GenerateImage(context.Background(), s, 0, backend(g), "a fox", nil))
	fe := evs[len(evs)-1]
	if providers.KindOf(fe.Err) != providers.ErrIncomplete || fe.Message.Status != StatusError ||
		!strings.Contains(fe.Message.Error, "without an image") {
		t.Errorf("finished %v %+v", fe.Err, fe.Message)
	}
}
