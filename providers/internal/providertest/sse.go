package providertest

import (
	"fmt"
	"net/http"
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
