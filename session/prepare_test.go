package session

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"parley/providers"
	"parley/providers/providertest"
)

var errServerDown = errors.New("transcription server down")

func okScript() func(context.Context, func(providers.Event, error) bool) {
	return providertest.Steps(providertest.Text("seen"), providertest.Done("stop"))
}

// requestImages returns the image parts of a request, in order.
func requestImages(req providers.Request) []providers.ImagePart {
	var out []providers.ImagePart
	for _, m := range req.Messages {
		for _, p := range m.Parts {
			if ip, ok := p.(providers.ImagePart); ok {
				out = append(out, ip)
			}
		}
	}
	return out
}

func TestTurnSendsFittedImage(t *testing.T) {
	s := openTest(t)
	img, err := s.AddImage(providertest.ScreenshotPNG(t, 3000, 2000), "screen.png")
	if err != nil {
		t.Fatal(err)
	}
	fp := &providertest.Provider{Script: okScript()}
	turn := &Turn{Store: s, Provider: fp, Model: "claude-sonnet-4-5", Caps: capsPtr(providers.CapsFor("anthropic", "", "claude-sonnet-4-5"))}
	evs := collect(t, turn.Run(context.Background(), 0, nil, []Part{Text{Text: "what is wrong?"}, img}))
	if fin := evs[len(evs)-1]; fin.Err != nil {
		t.Fatal(fin.Err)
	}
	parts := fp.LastRequest().Messages[0].Parts
	if len(parts) != 2 || parts[0] != (providers.TextPart{Text: "what is wrong?"}) {
		t.Fatalf("request parts %v", parts)
	}
	ip := parts[1].(providers.ImagePart)
	w, h, _ := providertest.ImageSize(t, ip.Data)
	if max(w, h) > 1568 || w*h > 1_200_000 || ip.MIME != "image/png" || len(ip.Data) > 5<<20 {
		t.Errorf("sent %s %dx%d, %d bytes", ip.MIME, w, h, len(ip.Data))
	}
	// The stored message holds the original, not the fitted copy.
	if got := storedUser(t, s); len(got.Parts) != 2 || got.Parts[1] != img {
		t.Errorf("stored user parts %#v", got.Parts)
	}
	if c, _ := s.LatestConversation(); c.Title != "what is wrong?" {
		t.Errorf("title %q", c.Title)
	}
}

// storedUser returns the first message of the latest conversation.
func storedUser(t *testing.T, s *Store) Message {
	t.Helper()
	c, err := s.LatestConversation()
	if err != nil {
		t.Fatal(err)
	}
	return c.Messages[0]
}

func TestTurnRefusesImageForTextModel(t *testing.T) {
	s := openTest(t)
	img, _ := s.AddImage(providertest.GradientPNG(t, 32, 32, 0), "a.png")
	fp := &providertest.Provider{Script: okScript(), ProviderName: "openai"}
	turn := &Turn{Store: s, Provider: fp, Model: "gpt-4", Caps: capsPtr(providers.CapsFor("openai", "", "gpt-4"))}
	parts := []Part{Text{Text: "look"}, img}
	// The hint names the [models] override too: the built-in table may
	// not know that a local or new model sees (issue 15, item 21).
	if err := turn.Prepare(context.Background(), nil, parts); err == nil || err.Error() != "gpt-4 cannot read images" ||
		WithHint(err, "switch with Ctrl+P") != `gpt-4 cannot read images; switch with Ctrl+P, or if it can, set images = true under [models."openai/gpt-4"] in the config` {
		t.Errorf("Prepare = %v", err)
	}
	evs := collect(t, turn.Run(context.Background(), 0, nil, parts))
	var r *RefusalError
	if len(evs) != 1 || evs[0].Message != nil || !errors.As(evs[0].Err, &r) ||
		r.Msg != "gpt-4 cannot read images" || !r.Switch {
		t.Errorf("events %+v", evs)
	}
	if fp.Calls() != 0 || count(t, s, `SELECT count(*) FROM messages`) != 0 || count(t, s, `SELECT count(*) FROM conversations`) != 0 {
		t.Errorf("refused turn left traces: %d calls, %d messages", fp.Calls(), count(t, s, `SELECT count(*) FROM messages`))
	}
	if parts[1] != img {
		t.Error("the caller's attachment was changed")
	}
}

// An unknown model on a local server gets the zero Caps (text only) from
// the table: that is a real answer, not "unknown", so images are refused.
func TestTurnRefusesImageForUnknownLocalModel(t *testing.T) {
	s := openTest(t)
	img, _ := s.AddImage(providertest.GradientPNG(t, 32, 32, 0), "a.png")
	fp := &providertest.Provider{Script: okScript()}
	caps := providers.CapsFor("openai", "http://localhost:8080/v1", "my-local-model")
	turn := &Turn{Store: s, Provider: fp, Model: "my-local-model", Caps: &caps}
	err := turn.Prepare(context.Background(), nil, []Part{img})
	if err == nil || err.Error() != "my-local-model cannot read images" {
		t.Errorf("Prepare = %v", err)
	}
}

func TestTurnRefusesHEICForClaude(t *testing.T) {
	s := openTest(t)
	img, _ := s.AddImage(heicStub(), "p.heic")
	turn := &Turn{Store: s, Provider: &providertest.Provider{Script: okScript()}, Model: "claude-sonnet-4-5",
		Caps: capsPtr(providers.CapsFor("anthropic", "", "claude-sonnet-4-5"))}
	err := turn.Prepare(context.Background(), nil, []Part{img})
	if err == nil || err.Error() != "HEIC is not supported by claude-sonnet-4-5; convert it to PNG or JPEG" {
		t.Errorf("Prepare = %v", err)
	}
}

// TestTurnRefitsHistoryForNewModel: an image sent to Gemini is re-sent
// fitted for Claude, and as a note to a model that cannot see.
func TestTurnRefitsHistoryForNewModel(t *testing.T) {
	s := openTest(t)
	img, _ := s.AddImage(providertest.ScreenshotPNG(t, 2600, 1000), "wide.png")
	gem := &providertest.Provider{Script: okScript()}
	turn := &Turn{Store: s, Provider: gem, Model: "gemini-2.5-flash", Caps: capsPtr(providers.CapsFor("gemini", "", "gemini-2.5-flash"))}
	collect(t, turn.Run(context.Background(), 0, nil, []Part{Text{Text: "one"}, img}))
	if w, _, _ := providertest.ImageSize(t, requestImages(gem.LastRequest())[0].Data); w != 2600 {
		t.Errorf("Gemini got width %d, want the original 2600", w)
	}
	c, _ := s.LatestConversation()

	claude := &providertest.Provider{Script: okScript()}
	turn = &Turn{Store: s, Provider: claude, Model: "claude-sonnet-4-5", Caps: capsPtr(providers.CapsFor("anthropic", "", "claude-sonnet-4-5"))}
	collect(t, turn.Run(context.Background(), c.ID, c.Messages, userText("two")))
	imgs := requestImages(claude.LastRequest())
	if len(imgs) != 1 {
		t.Fatalf("Claude got %d images", len(imgs))
	}
	if w, h, _ := providertest.ImageSize(t, imgs[0].Data); w > 1568 || w*h > 1_200_000 {
		t.Errorf("history image sent to Claude at %dx%d", w, h)
	}

	c, _ = s.LatestConversation()
	blind := &providertest.Provider{Script: okScript()}
	turn = &Turn{Store: s, Provider: blind, Model: "gpt-4", Caps: capsPtr(providers.CapsFor("openai", "", "gpt-4"))}
	evs := collect(t, turn.Run(context.Background(), c.ID, c.Messages, userText("three")))
	if err := evs[len(evs)-1].Err; err != nil {
		t.Fatalf("text turn after an image was refused: %v", err)
	}
	first := blind.LastRequest().Messages[0].Parts
	if len(requestImages(blind.LastRequest())) != 0 || len(first) != 2 ||
		first[1] != (providers.TextPart{Text: "[image wide.png not shown: the model cannot read images]"}) {
		t.Errorf("text-only model got %v", first)
	}
}

func TestTurnSendsAudioToAudioModel(t *testing.T) {
	s := openTest(t)
	wav := providertest.ToneWAV(500)
	a, _ := s.AddAudio(wav, "note.wav")
	fp := &providertest.Provider{Script: okScript()}
	tr := &providertest.Transcriber{Text: "unused"}
	turn := &Turn{Store: s, Provider: fp, Model: "gpt-4o-audio-preview",
		Caps: capsPtr(providers.CapsFor("openai", "", "gpt-4o-audio-preview")), Transcriber: tr}
	collect(t, turn.Run(context.Background(), 0, nil, []Part{a}))
	parts := fp.LastRequest().Messages[0].Parts
	ap, ok := parts[0].(providers.AudioPart)
	if len(parts) != 1 || !ok || ap.MIME != "audio/wav" || !bytes.Equal(ap.Data, wav) {
		t.Errorf("request parts %T %v", parts[0], len(parts))
	}
	if tr.Count() != 0 {
		t.Errorf("transcriber called %d times for an audio model", tr.Count())
	}
}

func TestTurnTranscribesOnceForTextModel(t *testing.T) {
	s := openTest(t)
	wav := providertest.ToneWAV(500)
	a, _ := s.AddAudio(wav, "note.wav")
	tr := &providertest.Transcriber{Text: "  what time is it?\n"}
	caps := providers.CapsFor("anthropic", "", "claude-sonnet-4-5")
	fp := &providertest.Provider{Script: okScript()}
	turn := &Turn{Store: s, Provider: fp, Model: "claude-sonnet-4-5", Caps: &caps, Transcriber: tr}
	if err := turn.Prepare(context.Background(), nil, []Part{a}); err != nil || tr.Count() != 0 {
		t.Fatalf("Prepare = %v, %d transcriber calls (want none)", err, tr.Count())
	}
	evs := collect(t, turn.Run(context.Background(), 0, nil, []Part{a}))
	want := providers.TextPart{Text: "[voice note transcript] what time is it?"}
	if got := fp.LastRequest().Messages[0].Parts; len(got) != 1 || got[0] != want {
		t.Errorf("first request %v", got)
	}
	if u := evs[0].Message; evs[0].Kind != TurnUserSaved || u.Parts[0].(Audio).Transcript != "what time is it?" {
		t.Errorf("saved user message %+v", u)
	}
	if sa := storedUser(t, s).Parts[0].(Audio); sa.Transcript != "what time is it?" || sa.Blob != a.Blob {
		t.Errorf("stored audio %+v", sa)
	}
	if tr.Count() != 1 || !bytes.Equal(tr.Last().Data, wav) || tr.Last().MIME != "audio/wav" {
		t.Fatalf("transcriber: %d calls, mime %s", tr.Count(), tr.Last().MIME)
	}

	// Second turn, on another text model: the stored transcript is reused.
	c, _ := s.LatestConversation()
	fp2 := &providertest.Provider{Script: okScript()}
	turn = &Turn{Store: s, Provider: fp2, Model: "gpt-4", Caps: capsPtr(providers.CapsFor("openai", "", "gpt-4")), Transcriber: tr}
	collect(t, turn.Run(context.Background(), c.ID, c.Messages, userText("and the date?")))
	if got := fp2.LastRequest().Messages[0].Parts; got[0] != want {
		t.Errorf("second request %v", got)
	}
	// Even the caller's stale copy of the note (no transcript) and the same
	// recording attached again find the stored transcript.
	stale := []Message{{ID: c.Messages[0].ID, ConversationID: c.ID, Role: RoleUser, Status: StatusDone, Parts: []Part{a}}}
	fp3 := &providertest.Provider{Script: okScript()}
	turn.Provider = fp3
	evs = collect(t, turn.Run(context.Background(), c.ID, stale, []Part{a}))
	if err := evs[len(evs)-1].Err; err != nil || fp3.LastRequest().Messages[0].Parts[0] != want || fp3.LastRequest().Messages[0].Parts[1] != want {
		t.Errorf("third turn: %v, request %v", err, fp3.LastRequest().Messages)
	}
	if tr.Count() != 1 {
		t.Errorf("transcriber called %d times across three turns, want 1", tr.Count())
	}
}

func TestTurnTranscribesHistoryNote(t *testing.T) {
	s := openTest(t)
	a, _ := s.AddAudio(providertest.ToneWAV(300), "note.wav")
	// First sent to Gemini, which takes audio: no transcript is made.
	gem := &providertest.Provider{Script: okScript()}
	turn := &Turn{Store: s, Provider: gem, Model: "gemini-2.5-flash", Caps: capsPtr(providers.CapsFor("gemini", "", "gemini-2.5-flash"))}
	collect(t, turn.Run(context.Background(), 0, nil, []Part{a}))
	c, _ := s.LatestConversation()
	if c.Messages[0].Parts[0].(Audio).Transcript != "" {
		t.Fatal("transcript made for an audio model")
	}
	// Then Claude: the history note is transcribed and its message updated.
	tr := &providertest.Transcriber{Text: "hello"}
	fp := &providertest.Provider{Script: okScript()}
	turn = &Turn{Store: s, Provider: fp, Model: "claude-sonnet-4-5", Caps: capsPtr(providers.CapsFor("anthropic", "", "claude-sonnet-4-5")), Transcriber: tr}
	collect(t, turn.Run(context.Background(), c.ID, c.Messages, userText("again")))
	if got := fp.LastRequest().Messages[0].Parts[0]; got != (providers.TextPart{Text: "[voice note transcript] hello"}) {
		t.Errorf("history sent as %v", got)
	}
	if c.Messages[0].Parts[0].(Audio).Transcript != "" {
		t.Error("the caller's history was modified")
	}
	if sa := storedUser(t, s).Parts[0].(Audio); sa.Transcript != "hello" {
		t.Errorf("stored history note %+v", sa)
	}
}

func TestTurnTranscriptionFailurePersistsNothing(t *testing.T) {
	cases := map[string]struct {
		tr   Transcriber
		want string
	}{
		"failure": {&providertest.Transcriber{Err: errServerDown}, "transcribing note.wav failed: transcription server down"},
		"silence": {&providertest.Transcriber{Text: " "}, "transcribing note.wav found no speech"},
		"none":    {nil, "claude-sonnet-4-5 cannot take audio and no transcription service is configured ([transcription] in config)"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			s := openTest(t)
			a, _ := s.AddAudio(providertest.ToneWAV(200), "note.wav")
			fp := &providertest.Provider{Script: okScript()}
			turn := &Turn{Store: s, Provider: fp, Model: "claude-sonnet-4-5",
				Caps: capsPtr(providers.CapsFor("anthropic", "", "claude-sonnet-4-5")), Transcriber: c.tr}
			evs := collect(t, turn.Run(context.Background(), 0, nil, []Part{Text{Text: "listen"}, a}))
			var r *RefusalError
			if len(evs) != 1 || evs[0].Message != nil || !errors.As(evs[0].Err, &r) || r.Error() != c.want {
				t.Errorf("events %+v, want refusal %q", evs, c.want)
			}
			if name == "failure" && !errors.Is(evs[0].Err, errServerDown) {
				t.Error("the refusal does not wrap the cause")
			}
			if fp.Calls() != 0 || count(t, s, `SELECT count(*) FROM messages`) != 0 {
				t.Errorf("refused turn: %d provider calls, messages stored", fp.Calls())
			}
		})
	}
}

func TestTranscribeAudioForEditing(t *testing.T) {
	s := openTest(t)
	a, _ := s.AddAudio(providertest.ToneWAV(200), "note.wav")
	tr := &providertest.Transcriber{Text: "draft"}
	if err := TranscribeAudio(context.Background(), tr, s, &a); err != nil || a.Transcript != "draft" {
		t.Fatalf("TranscribeAudio: %q, %v", a.Transcript, err)
	}
	// The user edits it; the edit is what is sent and stored.
	a.Transcript = "edited"
	fp := &providertest.Provider{Script: okScript()}
	turn := &Turn{Store: s, Provider: fp, Model: "m", Caps: capsPtr(providers.CapsFor("anthropic", "", "claude-sonnet-4-5")), Transcriber: tr}
	collect(t, turn.Run(context.Background(), 0, nil, []Part{a}))
	if got := fp.LastRequest().Messages[0].Parts[0].(providers.TextPart).Text; !strings.HasSuffix(got, "] edited") || tr.Count() != 1 {
		t.Errorf("sent %q after %d calls", got, tr.Count())
	}
	if err := TranscribeAudio(context.Background(), nil, s, &Audio{Blob: a.Blob, Name: "x"}); err != nil {
		t.Errorf("stored transcript not found: %v", err)
	}
}
