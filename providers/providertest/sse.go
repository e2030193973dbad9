package providertest

import (
	"fmt"
	"io"
	"net/http"
	"testing"
)

// StartSSE sends the headers of a 200 event stream.
func StartSSE(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
}

// Data writes each payload as a `data:` event (a data line, then a blank
// line), flushing after each so the client sees them one by one.
func Data(w http.ResponseWriter, payloads ...string) {
	for _, d := range payloads {
		fmt.Fprintf(w, "data: %s\n\n", d)
		w.(http.Flusher).Flush()
	}
}

// Event writes one named event (`event:` then `data:`) and flushes.
func Event(w http.ResponseWriter, name, data string) {
	fmt.Fprintf(w, "event: %s\ndata: %s\n\n", name, data)
	w.(http.Flusher).Flush()
}

// NDJSON sends a 200 application/x-ndjson reply of lines (each ending in
// its own newline), flushing after each, as Ollama streams.
func NDJSON(w http.ResponseWriter, lines ...string) {
	w.Header().Set("Content-Type", "application/x-ndjson")
	for _, l := range lines {
		io.WriteString(w, l)
		w.(http.Flusher).Flush()
	}
}

// WriteJSON sends status with a JSON body: the error replies of every API.
func WriteJSON(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	io.WriteString(w, body)
}

// Drop flushes what was written, then sends raw (if any) as one more chunk
// of the chunked reply and cuts the TCP connection without the final
// zero-length chunk: what a dropped connection looks like to the client.
func Drop(t testing.TB, w http.ResponseWriter, raw string) {
	w.(http.Flusher).Flush()
	conn, buf, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	if raw != "" {
		fmt.Fprintf(buf, "%x\r\n%s\r\n", len(raw), raw)
	}
	buf.Flush()
	conn.Close()
}
