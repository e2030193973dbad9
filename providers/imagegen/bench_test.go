package imagegen

import (
	"context"
	"crypto/rand"
	"net/http"
	"parley/providers/providertest"
	"testing"
)

// BenchmarkOpenAIStream measures reading a stream of two partial images and
// a final one of about 3 MB each (the size of a 1024² PNG), through the
// real SDK and a local server: SSE scanning, JSON and base64 decoding.
func BenchmarkOpenAIStream(b *testing.B) {
	img := make([]byte, 3<<20)
	rand.Read(img) // incompressible, like PNG data
	p0, p1, fin := providertest.ImagesPartial(img, 0, true), providertest.ImagesPartial(img, 1, true), providertest.ImagesCompleted(img, true)
	f := newFake(b, func(w http.ResponseWriter, r *http.Request, n int) {
		providertest.StartSSE(w)
		providertest.Event(w, providertest.ImagesPartialEvent, p0)
		providertest.Event(w, providertest.ImagesPartialEvent, p1)
		providertest.Event(w, providertest.ImagesCompletedEvent, fin)
	})
	g := newGen(b, openaiSettings(f))
	req := Request{Prompt: "a fox", Partials: 2}
	b.SetBytes(int64(len(p0) + len(p1) + len(fin)))
	b.ReportAllocs()
	for b.Loop() {
		n := 0
		for ev, err := range g.Generate(context.Background(), req) {
			if err != nil {
				b.Fatal(err)
			}
			n += len(ev.Image.Data)
		}
		if n != 3*len(img) {
			b.Fatalf("got %d image bytes, want %d", n, 3*len(img))
		}
	}
}
