package config

import (
	"fmt"
	"strconv"
	"strings"
)

// Limits of the [files] keys: past these a value is a typo, not a wish.
const (
	maxTextFileLimit = 64 << 20
	maxPagesLimit    = 1000
	maxFramesLimit   = 64
)

// Files is the [files] table: how attached documents, text files and
// videos are prepared.
//
//	[files]
//	max_text_size = "1MB"   # text files larger than this are refused (--tail N sends the end)
//	max_pages = 20          # PDF pages rendered as images when no range is chosen
//	video_frames = 8        # keyframes sent for a video to models that cannot watch it
type Files struct {
	MaxTextSize string `toml:"max_text_size"`
	MaxPages    int    `toml:"max_pages"`
	VideoFrames int    `toml:"video_frames"`
}

// validateFiles checks [files], naming the key and its line.
func (c *Config) validateFiles(bad func(key []string, format string, args ...any) error) error {
	f := c.Files
	if f.MaxTextSize != "" {
		n, err := ParseSize(f.MaxTextSize)
		if err != nil || n <= 0 || n > maxTextFileLimit {
			return bad([]string{"files", "max_text_size"}, "%q is not a size between 1 byte and 64MB, such as \"1MB\" or \"512KB\"", f.MaxTextSize)
		}
	}
	if f.MaxPages < 0 || f.MaxPages > maxPagesLimit {
		return bad([]string{"files", "max_pages"}, "%d is not between 0 (the default, 20) and %d", f.MaxPages, maxPagesLimit)
	}
	if f.VideoFrames < 0 || f.VideoFrames > maxFramesLimit {
		return bad([]string{"files", "video_frames"}, "%d is not between 0 (the default, 8) and %d", f.VideoFrames, maxFramesLimit)
	}
	return nil
}

// MaxTextBytes is files.max_text_size in bytes, or 0 for the default
// (session.DefaultMaxTextBytes). Load has checked that it parses.
func (c *Config) MaxTextBytes() int64 {
	n, err := ParseSize(c.Files.MaxTextSize)
	if err != nil {
		return 0
	}
	return n
}

// ParseSize reads "1MB", "512KB", "2 MiB", "1000" (bytes). KB and MB are
// 1024-based, as file managers on Linux show them.
func ParseSize(s string) (int64, error) {
	t := strings.ToUpper(strings.ReplaceAll(strings.TrimSpace(s), " ", ""))
	mult := int64(1)
	for _, u := range []struct {
		suffix string
		mult   int64
	}{{"MIB", 1 << 20}, {"KIB", 1 << 10}, {"MB", 1 << 20}, {"KB", 1 << 10}, {"M", 1 << 20}, {"K", 1 << 10}, {"B", 1}} {
		if strings.HasSuffix(t, u.suffix) {
			t, mult = strings.TrimSuffix(t, u.suffix), u.mult
			break
		}
	}
	v, err := strconv.ParseFloat(t, 64)
	if err != nil || v < 0 {
		return 0, fmt.Errorf("%q is not a size", s)
	}
	return int64(v * float64(mult)), nil
}
