package providers

import (
	"fmt"
	"reflect"
	"strconv"
	"strings"
)

// DescribeCaps is the text of `parley models --caps PROVIDER/MODEL`: the
// built-in table entry model matches on provider (of protocol typ at
// baseURL, as in CapsFor), with the page its numbers come from and the day
// they were checked, then the config override o (nil for none) and what it
// changes. Lines are plain text, two-column, newline-terminated.
func DescribeCaps(provider, typ, baseURL, model string, o *CapsOverride) string {
	proto := typ
	if typ == ProtocolOpenAI && !isOpenAIHost(baseURL) {
		proto = ProtocolOpenAICompatible
	}
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%s\n", provider, model)
	m, ok := findFamily(proto, model)
	c := Caps{}
	switch {
	case !ok:
		row(&b, "family", "none matched: text only (set images/audio in [models.\""+provider+"/"+model+"\"])")
	case m.id == "":
		row(&b, "family", m.family.Name+" (no entry for this ID: the "+typ+" default)")
	default:
		row(&b, "family", fmt.Sprintf("%s (matched %q)", m.family.Name, m.id))
	}
	if ok {
		c = m.family.caps(m.id)
	}
	eff := c
	if o != nil {
		eff = c.Apply(*o)
	}
	describeInto(&b, eff, m.family)
	if ok {
		row(&b, "source", m.family.Source+" (checked "+m.family.Checked+")")
	}
	if o != nil {
		for _, line := range overrideLines(*o) {
			row(&b, "override", line+"   [models.\""+provider+"/"+model+"\"]")
		}
	}
	return b.String()
}

// describeInto writes the rows of c; f (nil for none) adds table-only facts.
func describeInto(b *strings.Builder, c Caps, f *capsFamily) {
	row(b, "images", imageLine(c, f))
	if c.Images {
		row(b, "tokens", tokenLine(c))
	}
	switch {
	case !c.Audio:
		row(b, "audio", "no (voice notes go as transcripts)")
	default:
		s := shortMIMEs(c.AudioFormats)
		if c.AudioTokensPerSecond > 0 {
			s += " · " + strconv.FormatFloat(c.AudioTokensPerSecond, 'f', -1, 64) + " tokens/s"
		}
		row(b, "audio", s)
	}
	pdf := yesNo(c.PDF)
	if c.PDF && c.MaxPDFPages > 0 {
		pdf += fmt.Sprintf(" · ≤ %d pages", c.MaxPDFPages)
	}
	if c.PDF && c.MaxPDFBytes > 0 {
		pdf += " · ≤ " + mb(c.MaxPDFBytes) + " a file"
	}
	row(b, "pdf", pdf)
	ctx := "unknown"
	if c.ContextWindow > 0 {
		ctx = strconv.Itoa(c.ContextWindow) + " tokens"
	}
	row(b, "context", ctx)
	row(b, "tools", yesNo(c.Tools))
	row(b, "draws", yesNo(c.ImageOutput))
}

// imageLine is the images row: formats and limits.
func imageLine(c Caps, f *capsFamily) string {
	if !c.Images {
		return "no"
	}
	parts := []string{shortMIMEs(c.ImageFormats)}
	if c.MaxImageBytes > 0 {
		s := "≤ " + mb(c.MaxImageBytes) + " each"
		if c.ImageBytesBase64 {
			s += " as base64 (" + mb(c.RawImageBytes()) + " raw)"
		}
		parts = append(parts, s)
	}
	if c.MaxImageEdge > 0 {
		parts = append(parts, fmt.Sprintf("long edge %d px", c.MaxImageEdge))
	}
	if c.MaxImagePixels > 0 {
		parts = append(parts, strconv.FormatFloat(float64(c.MaxImagePixels)/1e6, 'f', 2, 64)+" MP")
	}
	if f != nil && f.Image != nil && f.Image.HardEdge > 0 {
		parts = append(parts, fmt.Sprintf("refused past %d px", f.Image.HardEdge))
	}
	if c.ManyImagesOver > 0 {
		parts = append(parts, fmt.Sprintf("over %d images: each ≤ %d×%d", c.ManyImagesOver, c.ManyImagesEdge, c.ManyImagesEdge))
	}
	return strings.Join(parts, " · ")
}

// tokenLine is the tokens row: the rule and its parameters.
func tokenLine(c Caps) string {
	switch c.ImageTokens {
	case TokensOpenAITiles:
		base, tile := c.ImageBaseTokens, c.ImageTileTokens
		if base == 0 {
			base, tile = openAIDefaultBase, openAIDefaultTile
		}
		return fmt.Sprintf("512-px tiles: %d + %d per tile after 2048² and short side 768 (detail low: %d)", base, tile, base)
	case TokensOpenAIPatches:
		return fmt.Sprintf("32-px patches, at most %d, × %s", c.patchBudget(), strconv.FormatFloat(c.PatchFactor, 'f', -1, 64))
	case TokensAnthropic:
		return "w·h/750"
	case TokensAnthropicPatches:
		return "28-px patches: ⌈w/28⌉·⌈h/28⌉"
	case TokensGemini:
		return "258 up to 384×384, else 258 per 768-px tile"
	case TokensGeminiResolution:
		return fmt.Sprintf("media_resolution %s: %d per image (low %d, medium %d, high %d, ultra_high %d)",
			c.MediaResolution, c.ResolutionTokens[c.MediaResolution], c.ResolutionTokens["low"],
			c.ResolutionTokens["medium"], c.ResolutionTokens["high"], c.ResolutionTokens["ultra_high"])
	case TokensFixed:
		return fmt.Sprintf("%d per image", c.ImageBaseTokens)
	}
	return "no published rule: ⌈w/28⌉·⌈h/28⌉ as a rough figure"
}

// overrideLines lists the fields o sets, as their config keys.
func overrideLines(o CapsOverride) []string { return setFields(reflect.ValueOf(o)) }

// setFields lists the set pointer fields of the struct v as "key = value"
// by their toml tags, going into embedded structs (DocOverride).
func setFields(v reflect.Value) []string {
	var out []string
	t := v.Type()
	for i := range t.NumField() {
		f := v.Field(i)
		switch {
		case f.Kind() == reflect.Struct:
			out = append(out, setFields(f)...)
		case f.IsNil():
		case f.Kind() == reflect.Pointer:
			out = append(out, fmt.Sprintf("%s = %v", t.Field(i).Tag.Get("toml"), f.Elem().Interface()))
		default:
			out = append(out, fmt.Sprintf("%s = %v", t.Field(i).Tag.Get("toml"), f.Interface()))
		}
	}
	return out
}

func row(b *strings.Builder, k, v string) { fmt.Fprintf(b, "  %-9s %s\n", k, v) }

func yesNo(v bool) string {
	if v {
		return "yes"
	}
	return "no"
}

// shortMIMEs writes image/png, audio/wav as "png wav".
func shortMIMEs(list []string) string {
	s := make([]string, len(list))
	for i, m := range list {
		_, s[i], _ = strings.Cut(m, "/")
	}
	return strings.Join(s, " ")
}

// mb renders bytes in MB (2^20) with up to two decimals.
func mb(n int64) string {
	return strconv.FormatFloat(float64(n)/(1<<20), 'f', -1, 64) + " MB"
}
