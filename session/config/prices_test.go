package config

import (
	"strings"
	"testing"
)

func TestPriceFromTableAndOverrides(t *testing.T) {
	c := load(t, `
[providers.local]
base_url = "http://localhost:8080/v1"

[models."openai/gpt-4o"]
price_input = 2
images = true

[models."local/qwen3"]
price_input = 0
price_output = 0

[models."local/half"]
price_input = 1
`, nil)
	if p, ok := c.Price("openai", "gpt-4o-mini"); !ok || p.Input != 0.15 || p.Output != 0.60 {
		t.Errorf("table price: %+v %v", p, ok)
	}
	if p, ok := c.Price("openai", "gpt-4o"); !ok || p.Input != 2 || p.Output != 10 || p.CachedInput != 1.25 {
		t.Errorf("input overridden, rest from the table: %+v %v", p, ok)
	}
	if p, ok := c.Price("local", "qwen3"); !ok || p.Input != 0 || p.Output != 0 {
		t.Errorf("a local model the user says is free: %+v %v", p, ok)
	}
	for _, m := range [][2]string{{"local", "half"}, {"local", "other"}, {"ollama", "llama3.2"}} {
		if p, ok := c.Price(m[0], m[1]); ok {
			t.Errorf("%s/%s priced without knowing both prices: %+v", m[0], m[1], p)
		}
	}
	if o, _ := c.ModelOverride("openai", "gpt-4o"); o.Images == nil || !*o.Images {
		t.Error("capability keys still decode beside prices")
	}
}

func TestNegativePriceRefused(t *testing.T) {
	_, _, err := Load(writeConfig(t, "[models.\"openai/gpt-4o\"]\nprice_output = -1\n", 0o600))
	if err == nil || !strings.Contains(err.Error(), "models.openai/gpt-4o.price_output: -1 is negative") {
		t.Errorf("negative price: %v", err)
	}
}
