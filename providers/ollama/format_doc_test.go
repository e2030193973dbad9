package ollama

import (
	"errors"
	"testing"

	"parley/providers"
)

// Ollama takes no documents: session sends page images and text instead,
// and a document that reaches the adapter is a bad request, not dropped.
func TestDocumentsRefused(t *testing.T) {
	for _, p := range []providers.Part{providers.DocumentPart{MIME: "application/pdf", Data: []byte("%PDF")}, providers.VideoPart{MIME: "video/mp4", Data: []byte{1}}} {
		_, err := toMessages(providers.Message{Role: providers.RoleUser, Parts: []providers.Part{p}})
		var pe *providers.Error
		if !errors.As(err, &pe) || pe.Kind != providers.ErrBadRequest {
			t.Errorf("%T: %v", p, err)
		}
	}
}
