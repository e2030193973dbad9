package catalog

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"parley/providers"
)

// Write prints list as `parley models` shows it: a line per provider (name,
// status, endpoint), then its models in compact columns. Every string in
// list is already sanitized.
func Write(w io.Writer, list []Provider) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	for i, p := range list {
		if i > 0 {
			fmt.Fprintln(tw)
		}
		// No tab here: each provider's model table aligns on its own.
		fmt.Fprintf(tw, "%s: %s\n", p.Name, providerLine(p))
		if p.ListErr != "" {
			fmt.Fprintf(tw, "  (model list unavailable: %s)\n", p.ListErr)
		}
		if len(p.Models) == 0 {
			if p.Usable && p.ListErr == "" {
				fmt.Fprintln(tw, "  (no models)")
			}
			continue
		}
		fmt.Fprintln(tw, "  MODEL\tIMAGES\tAUDIO\tPDF\tIMAGE OUT\tCONTEXT")
		for _, m := range p.Models {
			id := m.ID
			if !m.Listed {
				id += " *"
			}
			c := m.Caps
			fmt.Fprintf(tw, "  %s\t%s\t%s\t%s\t%s\t%s\n", id, images(c), formats(c.Audio, c.AudioFormats, "audio/"),
				yes(c.PDF), yes(c.ImageOutput), tokens(c.ContextWindow))
		}
	}
	if hasUnlisted(list) {
		fmt.Fprintln(tw, "\n* not from the provider's model list: the default model or a [models] entry of the config")
	}
	return tw.Flush()
}

// providerLine is the status of a provider and, when it is not the
// protocol's default, its endpoint.
func providerLine(p Provider) string {
	s := p.Status
	if p.Type != "" && p.Type != p.Name {
		s = p.Type + " protocol, " + s
	}
	if p.BaseURL != "" && p.Usable {
		s += " at " + p.BaseURL
	}
	return s
}

func hasUnlisted(list []Provider) bool {
	for _, p := range list {
		for _, m := range p.Models {
			if !m.Listed {
				return true
			}
		}
	}
	return false
}

// images is "png jpeg webp ≤20MB 2048px" style: formats, then the limits
// parley fits images to.
func images(c providers.Caps) string {
	if !c.Images {
		return "-"
	}
	s := formats(true, c.ImageFormats, "image/")
	if c.MaxImageBytes > 0 {
		s += " ≤" + size(c.MaxImageBytes)
	}
	switch {
	case c.MaxImageEdge > 0:
		s += " " + strconv.Itoa(c.MaxImageEdge) + "px"
	case c.MaxImagePixels > 0:
		s += " " + oneDecimal(float64(c.MaxImagePixels)/1e6) + "MP"
	}
	return s
}

// formats lists MIME subtypes ("png jpeg"), or "-" when not accepted.
func formats(ok bool, mimes []string, prefix string) string {
	if !ok {
		return "-"
	}
	if len(mimes) == 0 {
		return "yes"
	}
	short := make([]string, len(mimes))
	for i, m := range mimes {
		short[i] = strings.TrimPrefix(m, prefix)
	}
	return strings.Join(short, ",")
}

func yes(b bool) string {
	if b {
		return "yes"
	}
	return "-"
}

// size is a byte count in MB (MiB, as the providers' docs mean it).
func size(n int64) string {
	return oneDecimal(float64(n)/(1<<20)) + "MB"
}

// oneDecimal formats v with at most one decimal: 1.048 → "1", 2.1 → "2.1".
func oneDecimal(v float64) string {
	return strconv.FormatFloat(math.Round(v*10)/10, 'f', -1, 64)
}

// tokens is a context window as "128k" or "1M"; "?" when unknown.
func tokens(n int) string {
	switch {
	case n <= 0:
		return "?"
	case n >= 1_000_000:
		return oneDecimal(float64(n)/1e6) + "M"
	case n >= 1000:
		return strconv.Itoa(n/1000) + "k"
	}
	return strconv.Itoa(n)
}
