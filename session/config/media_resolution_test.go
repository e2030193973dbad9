package config

import (
	"strings"
	"testing"
)

// media_resolution in [models."p/m"] sets the Gemini 3 level parley asks
// for and estimates by; a level Gemini does not have is refused with its
// line and the levels it does have.
func TestModelMediaResolution(t *testing.T) {
	cfg, _, err := Load(writeConfig(t, "[models.\"gemini/gemini-3-flash\"]\nmedia_resolution = \"medium\"\n", 0o600))
	if err != nil {
		t.Fatal(err)
	}
	o, ok := cfg.ModelOverride("gemini", "gemini-3-flash")
	if !ok || o.MediaResolution == nil || *o.MediaResolution != "medium" {
		t.Fatalf("override %+v %v", o, ok)
	}
	_, _, err = Load(writeConfig(t, "[models.\"gemini/gemini-3-flash\"]\n\nmedia_resolution = \"max\"\n", 0o600))
	if err == nil {
		t.Fatal("bad level accepted")
	}
	for _, want := range []string{":3:", "media_resolution", `"max"`, "ultra_high"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q lacks %q", err, want)
		}
	}
}
