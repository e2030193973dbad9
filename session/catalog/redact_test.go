package catalog

import (
	"context"
	"fmt"
	"strings"
	"testing"
)

// TestListNeverShowsURLCredentials: `parley models` prints each reachable
// endpoint and each unreachable one's error; a base_url's userinfo and
// ?key= must be in neither.
func TestListNeverShowsURLCredentials(t *testing.T) {
	oai, dead := openAIModels(t), closedURL(t)
	host := strings.TrimPrefix(oai.URL, "http://")
	cfg := loadConfig(t, fmt.Sprintf(`
[providers.local]
base_url = "http://user:hunter2@%s/v1"
api_key_env = "K"
[providers.down]
base_url = "%s?api_key=k3y"
`, host, strings.Replace(dead, "http://", "http://user:hunter2@", 1)), map[string]string{"K": "sk-openai"})
	list, err := List(context.Background(), cfg, registry(), Options{})
	if err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := Write(&out, list); err != nil {
		t.Fatal(err)
	}
	if s := out.String(); strings.Contains(s, "hunter2") || strings.Contains(s, "k3y") || !strings.Contains(s, host) {
		t.Errorf("models table shows a credential, or not the endpoint:\n%s", s)
	}
}
