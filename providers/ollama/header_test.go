package ollama

import (
	"testing"
	"time"

	"parley/providers"
)

// TestHeaderTimeoutCoversModelLoad: Ollama sends no headers until the model
// is loaded, so the adapter waits longer for them than for stream bytes,
// unless the settings say otherwise.
func TestHeaderTimeoutCoversModelLoad(t *testing.T) {
	for _, tc := range []struct{ set, want time.Duration }{
		{0, DefaultHeaderTimeout},
		{time.Second, time.Second},
	} {
		p, err := New(providers.Settings{Name: "ollama", Type: "ollama", HeaderTimeout: tc.set})
		if err != nil {
			t.Fatal(err)
		}
		s := p.(*Provider).settings
		if s.HeaderTimeout != tc.want || s.IdleTimeout != providers.DefaultIdleTimeout {
			t.Errorf("HeaderTimeout %v: got header %v idle %v, want %v and %v",
				tc.set, s.HeaderTimeout, s.IdleTimeout, tc.want, providers.DefaultIdleTimeout)
		}
	}
}
