package providers

import (
	"strings"
	"testing"
)

func TestDescribeCaps(t *testing.T) {
	edge := 1024
	got := DescribeCaps("anthropic", ProtocolAnthropic, "", "claude-opus-4-7", &CapsOverride{MaxImageEdge: &edge})
	for _, want := range []string{
		"anthropic/claude-opus-4-7\n",
		`Claude Opus 4.7 and later (matched "claude-opus-4-7")`,
		"≤ 5 MB each as base64 (3.75 MB raw)",
		"long edge 1024 px", // the override wins
		"over 20 images: each ≤ 2000×2000",
		"28-px patches",
		"https://platform.claude.com/docs/en/build-with-claude/vision (checked 2026-12-01)",
		"max_image_edge = 1024",
		"audio     no",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("missing %q in:\n%s", want, got)
		}
	}
	g := DescribeCaps("gemini", ProtocolGemini, "", "gemini-3-flash", nil)
	if !strings.Contains(g, "media_resolution high: 1120 per image") || !strings.Contains(g, "32 tokens/s") {
		t.Errorf("gemini 3:\n%s", g)
	}
	local := DescribeCaps("local", ProtocolOpenAI, "http://127.0.0.1:8080/v1", "my-model", nil)
	if !strings.Contains(local, "none matched: text only") || strings.Contains(local, "source") {
		t.Errorf("unknown local model:\n%s", local)
	}
	if d := DescribeCaps("openai", ProtocolOpenAI, "", "gpt-9", nil); !strings.Contains(d, "the openai default") {
		t.Errorf("default:\n%s", d)
	}
}
