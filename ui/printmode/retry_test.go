package printmode

import (
	"testing"
	"time"

	"parley/providers"
)

func TestRetryLine(t *testing.T) {
	for _, tc := range []struct {
		ri   providers.RetryInfo
		want string
	}{
		{providers.RetryInfo{Provider: "openai", Status: 429, After: 7 * time.Second}, "parley: rate limited by OpenAI: retrying in 7 s"},
		{providers.RetryInfo{Provider: "anthropic", Status: 529, After: 1500 * time.Millisecond}, "parley: Anthropic is busy (HTTP 529): retrying in 2 s"},
		{providers.RetryInfo{Provider: "local\x1b[2J", Status: 429, After: 100 * time.Millisecond}, "parley: rate limited by local: retrying in 1 s"},
	} {
		if got := retryLine(tc.ri); got != tc.want {
			t.Errorf("retryLine(%+v) = %q, want %q", tc.ri, got, tc.want)
		}
	}
}
