package session

import (
	"bytes"
	"context"
	"reflect"
	"strings"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

func imageEvent(kind providers.EventKind, index int, data []byte) providers.Event {
	return providers.Event{Kind: kind, Image: &providers.Image{MIME: "image/png", Data: data, Index: index}}
}

func TestTurnGeneratedImagesInOrder(t *testing.T) {
	s := openTest(t)
	partial := providertest.GradientPNG(t, 16, 16, 1)
	final := providertest.GradientPNG(t, 64, 64, 2)
	fp := &providertest.Provider{Script: providertest.Steps(providertest.Text("Here "), providertest.Text("it is:"), imageEvent(providers.EventImagePartial, 0, partial), imageEvent(providers.EventImage, 0, final), providertest.Text("Enjoy."), providertest.Done("stop"))}
	turn := &Turn{Store: s, Provider: fp, Model: "gemini-2.5-flash-image", Checkpoint: 1 << 40}
	evs := collect(t, turn.Run(context.Background(), 0, nil, userText("draw a cat")))

	var imgs []Image
	for _, ev := range evs {
		if ev.Kind == TurnImage {
			imgs = append(imgs, *ev.Image)
		}
	}
	if len(imgs) != 2 || !imgs[0].Partial || imgs[1].Partial || imgs[0].Width != 16 || imgs[1].Width != 64 {
		t.Fatalf("TurnImage events %+v", imgs)
	}
	fin := evs[len(evs)-1]
	if fin.Err != nil {
		t.Fatal(fin.Err)
	}
	for where, m := range map[string]Message{"final event": *fin.Message, "store": storedLast(t, s)} {
		if len(m.Parts) != 3 {
			t.Fatalf("%s: parts %#v", where, m.Parts)
		}
		img, ok := m.Parts[1].(Image)
		want := Image{Blob: img.Blob, MIME: "image/png", Name: "generated-1.png", Width: 64, Height: 64,
			Bytes: int64(len(final)), Frames: 1, Generated: true, GeneratedBy: "fake/gemini-2.5-flash-image"}
		if m.Parts[0] != (Text{Text: "Here it is:"}) || !ok || img != want || m.Parts[2] != (Text{Text: "Enjoy."}) {
			t.Errorf("%s: parts %#v", where, m.Parts)
		}
		if got, err := s.Blob(img.Blob); err != nil || !bytes.Equal(got, final) {
			t.Errorf("%s: stored image is not the final bytes (%v)", where, err)
		}
	}
	if fin.Message.Text() != "Here it is:Enjoy." {
		t.Errorf("text %q", fin.Message.Text())
	}
}

func TestTurnGeneratedImagesTwoAndCancelled(t *testing.T) {
	s := openTest(t)
	a0, a1, b0 := providertest.GradientPNG(t, 8, 8, 1), providertest.GradientPNG(t, 8, 8, 2), providertest.GradientPNG(t, 9, 9, 3)
	// Two images interleaved; the stream fails before image 1 is final: its
	// last partial stage is kept, where it stood.
	fail := providers.Errorf(providers.ErrConnection, 0, nil, "connection lost")
	fp := &providertest.Provider{Script: providertest.Steps(imageEvent(providers.EventImagePartial, 0, a0), imageEvent(providers.EventImagePartial, 1, b0), imageEvent(providers.EventImage, 0, a1), providertest.Text("two pictures"), fail)}
	turn := &Turn{Store: s, Provider: fp, Model: "m"}
	collect(t, turn.Run(context.Background(), 0, nil, userText("two")))
	m := storedLast(t, s)
	if m.Status != StatusError || len(m.Parts) != 3 {
		t.Fatalf("stored %s %#v", m.Status, m.Parts)
	}
	first, second := m.Parts[0].(Image), m.Parts[1].(Image)
	if first.Partial || !second.Partial || m.Parts[2] != (Text{Text: "two pictures"}) {
		t.Errorf("parts %#v", m.Parts)
	}
	if got, _ := s.Blob(first.Blob); !bytes.Equal(got, a1) {
		t.Error("image 0 is not its final stage")
	}
	if got, _ := s.Blob(second.Blob); !bytes.Equal(got, b0) {
		t.Error("image 1 is not its partial stage")
	}
}

// TestTurnGeneratedImageSentAsNote: providers take no images in the
// assistant role, so a generated image goes back as a note saying what
// was drawn, where it stood among the reply's text.
func TestTurnGeneratedImageSentAsNote(t *testing.T) {
	s := openTest(t)
	fp := &providertest.Provider{Script: providertest.Steps(imageEvent(providers.EventImage, 0, providertest.GradientPNG(t, 8, 8, 0)), providertest.Text("a cat"), providertest.Done("stop"))}
	turn := &Turn{Store: s, Provider: fp, Model: "m"}
	collect(t, turn.Run(context.Background(), 0, nil, userText("draw")))
	c, _ := s.LatestConversation()
	fp2 := &providertest.Provider{Script: providertest.Steps(providertest.Done("stop"))}
	turn.Provider = fp2
	collect(t, turn.Run(context.Background(), c.ID, c.Messages, userText("nice")))
	want := []providers.Message{
		{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "draw"}}},
		{Role: providers.RoleAssistant, Parts: []providers.Part{
			providers.TextPart{Text: "[generated image 8×8 by fake/m]"}, providers.TextPart{Text: "a cat"}}},
		{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "nice"}}},
	}
	if !reflect.DeepEqual(fp2.LastRequest().Messages, want) {
		t.Errorf("request %+v", fp2.LastRequest().Messages)
	}
}

func TestPartsRoundTrip(t *testing.T) {
	s := openTest(t)
	img, _ := s.AddImage(providertest.GradientPNG(t, 20, 10, 0), "a.png")
	img.Detail = "high"
	gen := Image{Blob: img.Blob, MIME: "image/png", Name: "generated-1.png", Width: 20, Height: 10, Bytes: 5,
		Frames: 1, Generated: true, Prompt: "a red fox", GeneratedBy: "gpt-image-1", Partial: true}
	a, _ := s.AddAudio(providertest.ToneWAV(250), "v.wav")
	a.Transcript = "hi there"
	c, _ := s.CreateConversation("t")
	m := &Message{ConversationID: c.ID, Role: RoleUser, Status: StatusDone,
		Parts: []Part{Text{Text: "x"}, img, a, gen}}
	if err := s.AppendMessage(m); err != nil {
		t.Fatal(err)
	}
	got, err := s.Conversation(c.ID)
	if err != nil {
		t.Fatal(err)
	}
	parts := got.Messages[0].Parts
	if len(parts) != 4 || parts[0] != (Text{Text: "x"}) || parts[1] != img || parts[3] != gen {
		t.Errorf("parts %#v", parts)
	}
	ga := parts[2].(Audio)
	if ga.Blob != a.Blob || ga.MIME != a.MIME || ga.Name != a.Name || ga.Duration != a.Duration ||
		ga.Transcript != a.Transcript || len(ga.Waveform) != len(a.Waveform) {
		t.Errorf("audio %+v, want %+v", ga, a)
	}
	for i := range ga.Waveform {
		if d := ga.Waveform[i] - a.Waveform[i]; d > 1.0/255 || d < -1.0/255 {
			t.Errorf("waveform[%d] = %.3f, want %.3f", i, ga.Waveform[i], a.Waveform[i])
		}
	}
	// A part naming a blob that was never stored is refused by the schema.
	bad := &Message{ConversationID: c.ID, Role: RoleUser, Status: StatusDone,
		Parts: []Part{Image{Blob: strings.Repeat("0", 64)}}}
	if s.AppendMessage(bad) == nil {
		t.Error("image part with a missing blob was stored")
	}
	if err := s.AppendMessage(&Message{ConversationID: c.ID, Role: RoleUser, Status: StatusDone,
		Parts: []Part{Image{Blob: "../../etc"}}}); err == nil {
		t.Error("image part with a malformed blob was stored")
	}
}
