package config

import (
	"fmt"

	"parley/providers"
)

// ModelPrice is the price part of a [models."P/M"] table, in US dollars per
// million tokens; a key left out keeps the built-in table's value.
//
//	[models."openai/gpt-4o"]
//	price_input = 2.5
//	price_output = 10
//	price_cached = 1.25
type ModelPrice struct {
	PriceInput  *float64 `toml:"price_input"`
	PriceOutput *float64 `toml:"price_output"`
	PriceCached *float64 `toml:"price_cached"`
}

// validate refuses negative prices; key names the one at fault.
func (p ModelPrice) validate() (key string, err error) {
	for _, f := range []struct {
		key string
		v   *float64
	}{{"price_input", p.PriceInput}, {"price_output", p.PriceOutput}, {"price_cached", p.PriceCached}} {
		if f.v != nil && *f.v < 0 {
			return f.key, fmt.Errorf("%v is negative: prices are US dollars per million tokens", *f.v)
		}
	}
	return "", nil
}

// Price returns the price of provider/model: the built-in table
// (providers.PriceFor, first-party APIs only) with the config's
// price_input, price_output and price_cached applied. ok is false when the
// input or output price is still unknown: then no cost is shown, never a
// made-up $0.00. Overridden prices apply to every prompt size (a table
// entry's long-context tier is dropped once either base price is
// overridden, since the override is the user's word).
func (c *Config) Price(provider, model string) (providers.Price, bool) {
	var p providers.Price
	known := false
	if info, err := c.Describe(provider); err == nil {
		// Describe's BaseURL counts --base-url: a model pointed at a local
		// server is not priced as OpenAI's.
		p, known = providers.PriceFor(info.Type, info.BaseURL, model)
	}
	o, has := c.ModelOverride(provider, model)
	if !has {
		return p, known
	}
	in, out := known, known
	if o.PriceInput != nil {
		p.Input, in, p.LongAbove = *o.PriceInput, true, 0
	}
	if o.PriceOutput != nil {
		p.Output, out, p.LongAbove = *o.PriceOutput, true, 0
	}
	if o.PriceCached != nil {
		p.CachedInput = *o.PriceCached
	}
	return p, in && out
}
