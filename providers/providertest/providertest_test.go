package providertest

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"image"
	"image/color"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"parley/providers"
)

func TestProviderDefaultReply(t *testing.T) {
	p := &Provider{Events: Reply("Hel", "lo")}
	req := providers.Request{Model: "m"}
	r := Collect(t, p.Stream(t.Context(), req))
	if r.Err != nil || r.Text != "Hello" || r.Finish() != "stop" || r.Usage == nil || *r.Usage != (providers.Usage{InputTokens: 12, OutputTokens: 2}) {
		t.Fatalf("result = %+v", r)
	}
	want := []providers.EventKind{providers.EventText, providers.EventText, providers.EventUsage, providers.EventDone}
	if !reflect.DeepEqual(r.Kinds(), want) || r.Last().Kind != providers.EventDone {
		t.Errorf("kinds %v, want %v", r.Kinds(), want)
	}
	if p.Calls() != 1 || p.LastRequest().Model != "m" || len(p.Requests()) != 1 || p.Name() != "fake" {
		t.Errorf("calls %d, last %+v, name %q", p.Calls(), p.LastRequest(), p.Name())
	}
}

func TestProviderEndings(t *testing.T) {
	boom := errors.New("boom")
	r := Collect(t, (&Provider{Events: TextEvents("a"), Err: boom}).Stream(t.Context(), providers.Request{}))
	if !errors.Is(r.Err, boom) || r.Done != nil || r.Text != "a" {
		t.Errorf("Err ending: %+v", r)
	}
	ctx, cancel := context.WithCancel(t.Context())
	held := &Provider{Events: TextEvents("a"), Hold: true}
	r = Collect(t, held.Stream(ctx, providers.Request{}), func(providers.Event) { cancel() })
	if !errors.Is(r.Err, context.Canceled) || r.Text != "a" {
		t.Errorf("Hold ending: %+v", r)
	}
	paced := &Provider{Events: TextEvents("a", "b"), After: func(_ context.Context, i int) error {
		if i == 0 {
			return boom
		}
		return nil
	}}
	if r = Collect(t, paced.Stream(t.Context(), providers.Request{})); r.Text != "a" || !errors.Is(r.Err, boom) {
		t.Errorf("After error: %+v", r)
	}
}

func TestProviderStopsWhenConsumerStops(t *testing.T) {
	ran := false
	p := &Provider{Script: Steps(Text("a"), func() { ran = true }, Text("b"), Done("stop"))}
	for ev := range p.Stream(t.Context(), providers.Request{}) {
		if ev.Text == "b" {
			break
		}
	}
	if !ran {
		t.Error("the func step did not run")
	}
	// A script that ignores the consumer stopping must be caught.
	rogue := &Provider{Script: func(_ context.Context, yield func(providers.Event, error) bool) {
		yield(Text("a"), nil)
		yield(Text("b"), nil)
	}}
	defer func() {
		if recover() == nil {
			t.Error("yield after stop did not panic")
		}
	}()
	for range rogue.Stream(t.Context(), providers.Request{}) {
		break
	}
}

// Collect reports a stream that goes on after its end; run it under a
// recording TB so the failure is observed, not suffered.
func TestCollectChecksContract(t *testing.T) {
	rec := &recordingTB{TB: t}
	bad := func(yield func(providers.Event, error) bool) {
		_ = yield(Done("stop"), nil) && yield(Text("late"), nil)
	}
	Collect(rec, bad)
	if len(rec.errs) != 1 || !strings.Contains(rec.errs[0], "after it ended") {
		t.Errorf("errors = %q", rec.errs)
	}
	rec.errs = nil
	evs, err := Drain(rec, func(yield func(int, error) bool) {
		_ = yield(1, nil) && yield(0, errors.New("x")) && yield(2, nil)
	})
	if len(evs) != 1 || err == nil || len(rec.errs) != 1 {
		t.Errorf("Drain = %v, %v; errors %q", evs, err, rec.errs)
	}
}

type recordingTB struct {
	testing.TB
	errs []string
}

func (r *recordingTB) Errorf(format string, args ...any) {
	r.errs = append(r.errs, format)
}

func TestServerRecordsAndKeepsBody(t *testing.T) {
	var seen string
	s := NewServer(t, func(w http.ResponseWriter, r *http.Request, n int) {
		b := new(bytes.Buffer)
		b.ReadFrom(r.Body)
		seen = b.String()
		StartSSE(w)
		Data(w, "one")
		Event(w, "done", "{}")
	})
	resp, err := http.Post(s.URL+"/v1/x?k=1", "application/json", strings.NewReader(`{"a":1}`))
	if err != nil {
		t.Fatal(err)
	}
	b := new(bytes.Buffer)
	b.ReadFrom(resp.Body)
	resp.Body.Close()
	if b.String() != "data: one\n\nevent: done\ndata: {}\n\n" {
		t.Errorf("stream = %q", b.String())
	}
	reqs := s.Requests()
	if s.Count() != 1 || reqs[0].Path != "/v1/x" || reqs[0].Query != "k=1" || reqs[0].JSON(t)["a"] != 1.0 || seen != `{"a":1}` {
		t.Errorf("recorded %+v, handler read %q", reqs, seen)
	}
}

func TestFollowUp(t *testing.T) {
	base := providers.Request{Model: "m", Messages: []providers.Message{{Role: providers.RoleUser}}}
	req := FollowUp(base, "c1", `{"prompt":"x"}`, true, providers.TextPart{Text: "more"})
	if len(base.Messages) != 1 || len(req.Messages) != 3 || len(req.Tools) != 1 || req.Tools[0].Name != "generate_image" {
		t.Fatalf("follow-up = %+v", req)
	}
	res := req.Messages[2].Parts
	if tr, ok := res[0].(providers.ToolResultPart); !ok || !tr.IsError || tr.CallID != "c1" || len(res) != 2 {
		t.Errorf("result message = %+v", res)
	}
}

func TestImageFixtures(t *testing.T) {
	if w, h, f := ImageSize(t, GradientPNG(t, 7, 5, 1)); w != 7 || h != 5 || f != "png" {
		t.Errorf("gradient PNG %d×%d %s", w, h, f)
	}
	if bytes.Equal(GradientPNG(t, 4, 4, 1), GradientPNG(t, 4, 4, 2)) {
		t.Error("seeds give the same picture")
	}
	if w, h, f := ImageSize(t, GradientJPEG(t, 9, 3, 0, 80)); w != 9 || h != 3 || f != "jpeg" {
		t.Errorf("JPEG %d×%d %s", w, h, f)
	}
	if w, h, _ := ImageSize(t, BombPNG(t, 50000, 40000)); w != 50000 || h != 40000 {
		t.Errorf("bomb claims %d×%d", w, h)
	}
	img, _, err := image.Decode(bytes.NewReader(SolidPNG(t, 2, 2, color.RGBA{R: 200, A: 255})))
	if err != nil || color.RGBAModel.Convert(img.At(1, 1)) != (color.RGBA{R: 200, A: 255}) {
		t.Errorf("solid PNG pixel %v (%v)", img.At(1, 1), err)
	}
	if w, h, _ := ImageSize(t, ScreenshotPNG(t, 30, 20)); w != 30 || h != 20 {
		t.Errorf("screenshot %d×%d", w, h)
	}
	if mime, data := DecodeDataURL(t, "data:image/png;base64,aGk="); mime != "image/png" || string(data) != "hi" {
		t.Errorf("data URL = %q %q", mime, data)
	}
}

func TestToneWAV(t *testing.T) {
	info := ParseWAV(t, ToneWAV(250))
	want := WAVInfo{Format: 1, Channels: 1, Rate: ToneRate, Bits: 16, DataBytes: 2 * ToneRate / 4}
	if info != want {
		t.Errorf("WAV = %+v, want %+v", info, want)
	}
}

func TestTranscriber(t *testing.T) {
	f := &Transcriber{Text: "hi"}
	audio := []byte("wav")
	if text, err := f.Transcribe(t.Context(), audio, "audio/wav"); text != "hi" || err != nil {
		t.Fatalf("= %q, %v", text, err)
	}
	audio[0] = 'X' // the fake keeps its own copy
	if f.Count() != 1 || string(f.Last().Data) != "wav" || f.Calls()[0].MIME != "audio/wav" {
		t.Errorf("calls = %+v", f.Calls())
	}
}

func TestProviderRoundsAndStopped(t *testing.T) {
	p := &Provider{ProviderName: "openai", Rounds: []func(context.Context, func(providers.Event, error) bool){
		Steps(Text("one"), Done("tool_calls")),
		Steps(Text("two"), Text("more"), Done("stop")),
	}}
	if r := Collect(t, p.Stream(t.Context(), providers.Request{})); r.Text != "one" || r.Finish() != "tool_calls" {
		t.Errorf("round 1: %+v", r)
	}
	if p.Stopped() {
		t.Error("a stream drained to its end counts as stopped")
	}
	for range p.Stream(t.Context(), providers.Request{}) {
		break
	}
	if !p.Stopped() {
		t.Error("breaking out of round 2 was not seen")
	}
	if r := Collect(t, p.Stream(t.Context(), providers.Request{})); r.Err == nil || p.Calls() != 3 || p.Name() != "openai" {
		t.Errorf("a third request must fail: %+v, %d calls", r, p.Calls())
	}
}

func TestResultToolCalls(t *testing.T) {
	call := providers.ToolCallPart{ID: "c1", Name: "generate_image", Arguments: "{}"}
	p := &Provider{Events: []providers.Event{Text("x"), {Kind: providers.EventToolCall, ToolCall: &call}}}
	r := Collect(t, p.Stream(t.Context(), providers.Request{}))
	if calls := r.ToolCalls(); len(calls) != 1 || calls[0] != call {
		t.Errorf("tool calls = %+v", calls)
	}
}

// The chat chunks are valid JSON carrying what they were given (the openai
// adapter's tests run them through the real SDK).
func TestChatChunks(t *testing.T) {
	var c struct {
		Model   string
		Choices []struct {
			Delta        struct{ Content string }
			FinishReason *string `json:"finish_reason"`
		}
		Usage *struct {
			PromptTokens int `json:"prompt_tokens"`
		}
	}
	if err := json.Unmarshal([]byte(ChatText("m1", "a \"quoted\"\n")), &c); err != nil || c.Model != "m1" ||
		c.Choices[0].Delta.Content != "a \"quoted\"\n" || c.Choices[0].FinishReason != nil {
		t.Errorf("text chunk %+v (%v)", c, err)
	}
	if err := json.Unmarshal([]byte(ChatChunk("m", `{}`, "stop")), &c); err != nil || *c.Choices[0].FinishReason != "stop" {
		t.Errorf("finish chunk %+v (%v)", c, err)
	}
	if err := json.Unmarshal([]byte(ChatUsage("m", 7, 2)), &c); err != nil || c.Usage.PromptTokens != 7 {
		t.Errorf("usage chunk (%v)", err)
	}
	var e struct {
		Error struct{ Message, Code string }
	}
	if err := json.Unmarshal([]byte(ChatError("no", "x", "k")), &e); err != nil || e.Error.Message != "no" || e.Error.Code != "k" {
		t.Errorf("error body %+v (%v)", e, err)
	}
}

func TestImagesEvents(t *testing.T) {
	var p struct {
		Type  string
		B64   string `json:"b64_json"`
		Index int    `json:"partial_image_index"`
	}
	if err := json.Unmarshal([]byte(ImagesPartial([]byte("png"), 2, true)), &p); err != nil ||
		p.Type != ImagesPartialEvent || p.B64 != "cG5n" || p.Index != 2 {
		t.Errorf("partial %+v (%v)", p, err)
	}
	p.Type = ""
	if err := json.Unmarshal([]byte(ImagesCompleted([]byte("png"), false)), &p); err != nil || p.Type != "" || p.B64 != "cG5n" {
		t.Errorf("completed %+v (%v)", p, err)
	}
}

func TestSyncBuffer(t *testing.T) {
	var b SyncBuffer
	done := make(chan struct{})
	go func() {
		defer close(done)
		for range 100 {
			b.Write([]byte("x"))
		}
	}()
	for len(b.String()) < 100 { // reads race the writes: run with -race
		runtime.Gosched()
	}
	<-done
	if b.String() != strings.Repeat("x", 100) {
		t.Errorf("buffer = %q", b.String())
	}
}

// TestGoldenWritesThenCompares: -update writes the file; without it the
// same text passes and different text is an error naming the command.
func TestGoldenWritesThenCompares(t *testing.T) {
	path := filepath.Join(t.TempDir(), "sub", "screen.golden")
	rec := &recordingTB{TB: t}
	Golden(rec, path, "one\n", true, "rewrite-cmd")
	if data, err := os.ReadFile(path); err != nil || string(data) != "one\n" {
		t.Fatalf("written %q, %v", data, err)
	}
	Golden(rec, path, "one\n", false, "rewrite-cmd")
	if len(rec.errs) != 0 {
		t.Fatalf("the same text failed: %q", rec.errs)
	}
	Golden(rec, path, "two\n", false, "rewrite-cmd")
	if len(rec.errs) != 1 || !strings.Contains(rec.errs[0], "(%s rewrites it)") {
		t.Errorf("different text gave %q, want one error naming the command", rec.errs)
	}
}
