// Package graphics decides how the transcript shows images: which graphics
// protocol the terminal speaks (from environment hints and one burst of
// queries answered as Bubble Tea messages), the cell size in pixels, and a
// byte-bounded cache of encoded images. The encoders live in media/termimg.
package graphics

import (
	"fmt"
	"strings"
)

// Protocol is a way of drawing images in the terminal.
type Protocol int

const (
	// Auto means detect; it is the zero value and only meaningful as an
	// override passed to Decide.
	Auto Protocol = iota
	// Kitty is the kitty graphics protocol with Unicode placeholders.
	Kitty
	// Sixel is DEC sixel graphics.
	Sixel
	// ITerm2 is iTerm2's OSC 1337 inline images.
	ITerm2
	// Blocks draws images with Unicode half-blocks in colour.
	Blocks
	// None shows a text chip instead of the image.
	None
)

// String returns the protocol's flag spelling, e.g. "sixel".
func (p Protocol) String() string {
	switch p {
	case Auto:
		return "auto"
	case Kitty:
		return "kitty"
	case Sixel:
		return "sixel"
	case ITerm2:
		return "iterm2"
	case Blocks:
		return "blocks"
	case None:
		return "none"
	}
	return fmt.Sprintf("Protocol(%d)", int(p))
}

// ParseProtocol reads the --image-protocol flag / image_protocol config
// value: auto, kitty, sixel, iterm2, blocks or none (case-insensitive).
func ParseProtocol(s string) (Protocol, error) {
	v := strings.ToLower(strings.TrimSpace(s))
	for p := Auto; p <= None; p++ {
		if v == p.String() {
			return p, nil
		}
	}
	return Auto, fmt.Errorf("unknown image protocol %q (want auto, kitty, sixel, iterm2, blocks or none)", s)
}

// Set implements flag.Value so the protocol can be a command-line flag.
func (p *Protocol) Set(s string) error {
	v, err := ParseProtocol(s)
	if err != nil {
		return err
	}
	*p = v
	return nil
}
