package gemini

import (
	"slices"
	"testing"

	"parley/providers"
)

// Image output is asked for when the caller wants it (config can mark any
// model), or when the name says it is an image model; never otherwise, as
// text models reject the IMAGE modality.
func TestResponseModalities(t *testing.T) {
	hello := []providers.Message{{Role: providers.RoleUser, Parts: []providers.Part{providers.TextPart{Text: "hi"}}}}
	for _, c := range []struct {
		model  string
		wants  bool
		images bool
	}{
		{"gemini-2.5-flash", false, false},
		{"gemini-2.5-flash-image", false, true},
		{"my-tuned-drawer", true, true},
	} {
		_, cfg, err := buildRequest(providers.Request{Model: c.model, Messages: hello, ImageOutput: c.wants})
		if err != nil {
			t.Fatal(err)
		}
		if got := slices.Contains(cfg.ResponseModalities, "IMAGE"); got != c.images {
			t.Errorf("%s (ImageOutput %v): modalities %v", c.model, c.wants, cfg.ResponseModalities)
		}
	}
}
