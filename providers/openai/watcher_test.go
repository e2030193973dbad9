package openai

import (
	"context"
	"io"
	"net/http"
	"parley/providers/providertest"
	"strings"
	"testing"
	"testing/iotest"
)

func TestDoneWatcher(t *testing.T) {
	chunk := "data: " + content(`says data: [DONE] inside`) + "\n\n"
	cases := []struct {
		body string
		want bool
	}{
		{chunk + "data: [DONE]\n\n", true},
		{"data: [DONE]\n\n", true},
		{chunk + "data:[DONE]\n\n", true},
		{chunk + "\r\ndata: [DONE]\r\n\r\n", true},
		{chunk, false}, // "[DONE]" inside a JSON string is not the end
		{chunk + "data: [DON", false},
	}
	for _, c := range cases {
		// Every read size, so the marker is split at every position.
		for size := 1; size <= len(c.body); size++ {
			state := &callState{}
			w := newDoneWatcher(io.NopCloser(iotest.HalfReader(strings.NewReader(c.body))), state)
			buf := make([]byte, size)
			var got strings.Builder
			for {
				n, err := w.Read(buf)
				got.Write(buf[:n])
				if err != nil {
					break
				}
			}
			if got.String() != c.body {
				t.Fatalf("watcher changed the body")
			}
			if state.sawDone != c.want {
				t.Errorf("body %q read %d at a time: sawDone = %v, want %v", c.body, size, state.sawDone, c.want)
				break
			}
		}
	}
}

func TestDoneWatcherDoesNotAllocate(t *testing.T) {
	state := &callState{}
	data := []byte(strings.Repeat("data: "+content("tok")+"\n\n", 4))
	w := newDoneWatcher(io.NopCloser(strings.NewReader("")), state)
	if a := testing.AllocsPerRun(100, func() { w.scan(data) }); a != 0 {
		t.Errorf("scan allocates %v times per read", a)
	}
}

// BenchmarkStream measures the adapter and SDK cost per streamed token: a
// 2,000-chunk reply from a local server through the real SDK.
func BenchmarkStream(b *testing.B) {
	const tokens = 2000
	var body strings.Builder
	body.WriteString("data: " + roleChunk() + "\n\n")
	for range tokens {
		body.WriteString("data: " + content("tok ") + "\n\n")
	}
	body.WriteString("data: " + finishChunk("stop") + "\n\ndata: " + usageChunk(5, tokens) + "\n\ndata: [DONE]\n\n")
	reply := body.String()
	f := newFake(b, func(w http.ResponseWriter, r *http.Request, n int) {
		startSSE(w)
		io.WriteString(w, reply)
	})
	p, err := New(f.settings())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		r := providertest.Collect(b, p.Stream(context.Background(), textRequest("q")))
		if r.Err != nil || len(r.Text) != 4*tokens {
			b.Fatalf("text %d bytes, err %v", len(r.Text), r.Err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*tokens), "ns/token")
}
