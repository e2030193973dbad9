package clipboard

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"strings"
	"unicode/utf16"
)

// imagePrefs are the image types taken from a clipboard, best first: PNG is
// lossless and what screenshot tools put there.
var imagePrefs = []string{"image/png", "image/jpeg", "image/webp"}

// backends lists the tools to try on env's platform, in order.
func backends(env Env) []backend {
	switch env.GOOS {
	case "darwin":
		return []backend{{"pngpaste", readPngpaste}, {"osascript", readOsascript}}
	case "windows":
		return []backend{{"powershell.exe", readPowerShell}}
	}
	var bs []backend
	if env.WaylandDisplay != "" {
		bs = append(bs, backend{"wl-paste", readWayland})
	}
	if env.Display != "" {
		bs = append(bs, backend{"xclip", readXclip})
	}
	if env.WSL {
		bs = append(bs, backend{"powershell.exe", readPowerShell})
	}
	return bs
}

// pickImage returns the preferred image type among the offered ones, then
// any other image/* type, or "".
func pickImage(types []string) string {
	for _, want := range imagePrefs {
		for _, t := range types {
			if t == want {
				return t
			}
		}
	}
	for _, t := range types {
		if strings.HasPrefix(t, "image/") {
			return t
		}
	}
	return ""
}

// splitTypes parses a tool's one-type-per-line listing.
func splitTypes(out []byte) []string {
	var types []string
	for _, line := range strings.Split(string(out), "\n") {
		if line = strings.TrimSpace(line); line != "" {
			types = append(types, line)
		}
	}
	return types
}

func hasType(types []string, want ...string) string {
	for _, w := range want {
		for _, t := range types {
			if strings.EqualFold(t, w) {
				return t
			}
		}
	}
	return ""
}

// textContent wraps clipboard text, refusing an empty clipboard.
func textContent(b []byte) (Content, error) {
	if len(b) == 0 {
		return Content{}, ErrEmpty
	}
	return Content{Text: strings.ToValidUTF8(string(b), "\uFFFD")}, nil
}

func imageContent(b []byte, mime string) (Content, error) {
	if len(b) == 0 {
		return Content{}, ErrEmpty
	}
	return Content{Image: b, MIME: mime}, nil
}

// readWayland: wl-paste --list-types, then the best image type, else text.
func readWayland(ctx context.Context, r runner) (Content, error) {
	out, err := r.run(ctx, "--list-types")
	if err != nil {
		return Content{}, err
	}
	types := splitTypes(out)
	if len(types) == 0 {
		return Content{}, ErrEmpty
	}
	if t := pickImage(types); t != "" {
		b, err := r.run(ctx, "--type", t)
		if err != nil {
			return Content{}, err
		}
		return imageContent(b, t)
	}
	b, err := r.run(ctx, "--no-newline")
	if err != nil {
		return Content{}, err
	}
	return textContent(b)
}

// readXclip: the CLIPBOARD selection's TARGETS, then an image, else text.
func readXclip(ctx context.Context, r runner) (Content, error) {
	out, err := r.run(ctx, "-selection", "clipboard", "-t", "TARGETS", "-o")
	if err != nil {
		return Content{}, err
	}
	types := splitTypes(out)
	if t := pickImage(types); t != "" {
		b, err := r.run(ctx, "-selection", "clipboard", "-t", t, "-o")
		if err != nil {
			return Content{}, err
		}
		return imageContent(b, t)
	}
	t := hasType(types, "UTF8_STRING", "text/plain;charset=utf-8", "text/plain", "STRING")
	if t == "" {
		return Content{}, ErrEmpty
	}
	b, err := r.run(ctx, "-selection", "clipboard", "-t", t, "-o")
	if err != nil {
		return Content{}, err
	}
	return textContent(b)
}

// readPngpaste: `pngpaste -` writes the clipboard image as PNG to stdout
// and fails when there is none (osascript then reads the text).
func readPngpaste(ctx context.Context, r runner) (Content, error) {
	b, err := r.run(ctx, "-")
	if err != nil {
		return Content{}, err
	}
	return imageContent(b, "image/png")
}

// readOsascript asks AppleScript for the clipboard as PNG data, then as
// UTF-8 text. AppleScript prints raw data as «data TYPE<hex>».
func readOsascript(ctx context.Context, r runner) (Content, error) {
	if out, err := r.run(ctx, "-e", "the clipboard as «class PNGf»"); err == nil {
		if b, ok := parseAppleData(out, "PNGf"); ok {
			return imageContent(b, "image/png")
		}
	} else if ctx.Err() != nil {
		return Content{}, err
	}
	out, err := r.run(ctx, "-e", "the clipboard as «class utf8»")
	if err != nil {
		return Content{}, err
	}
	b, ok := parseAppleData(out, "utf8")
	if !ok {
		return Content{}, fmt.Errorf("osascript: unexpected output")
	}
	return textContent(b)
}

func parseAppleData(out []byte, class string) ([]byte, bool) {
	s := strings.TrimSpace(string(out))
	s, ok := strings.CutPrefix(s, "«data "+class)
	if !ok {
		return nil, false
	}
	s, ok = strings.CutSuffix(s, "»")
	if !ok {
		return nil, false
	}
	b, err := hex.DecodeString(s)
	return b, err == nil
}

// psScript reads the Windows clipboard. It prints base64 rather than raw
// bytes or a temp file path: PowerShell's console encoding would mangle raw
// bytes, and a Windows temp path is not directly usable from WSL.
const psScript = `$ErrorActionPreference = 'Stop'
Add-Type -AssemblyName System.Drawing
$img = Get-Clipboard -Format Image
if ($img -ne $null) {
  $ms = New-Object System.IO.MemoryStream
  $img.Save($ms, [System.Drawing.Imaging.ImageFormat]::Png)
  [Console]::Out.Write('IMG:' + [Convert]::ToBase64String($ms.ToArray()))
  exit 0
}
$t = Get-Clipboard -Raw
if ($t) {
  [Console]::Out.Write('TXT:' + [Convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes($t)))
  exit 0
}
[Console]::Out.Write('EMPTY')`

// encodePS encodes a script for -EncodedCommand (base64 of UTF-16LE),
// which survives WSL's argument passing without any quoting rules.
func encodePS(script string) string {
	var buf bytes.Buffer
	for _, u := range utf16.Encode([]rune(script)) {
		_ = binary.Write(&buf, binary.LittleEndian, u)
	}
	return base64.StdEncoding.EncodeToString(buf.Bytes())
}

// readPowerShell runs psScript with Windows PowerShell (5.1, which has
// Get-Clipboard -Format Image).
func readPowerShell(ctx context.Context, r runner) (Content, error) {
	out, err := r.run(ctx, "-NoProfile", "-NonInteractive", "-EncodedCommand", encodePS(psScript))
	if err != nil {
		return Content{}, err
	}
	s := strings.TrimSpace(string(out))
	decode := func(p string) ([]byte, error) {
		b, err := base64.StdEncoding.DecodeString(p)
		if err != nil {
			return nil, fmt.Errorf("powershell.exe: malformed output: %w", err)
		}
		return b, nil
	}
	switch {
	case strings.HasPrefix(s, "IMG:"):
		b, err := decode(s[4:])
		if err != nil {
			return Content{}, err
		}
		return imageContent(b, "image/png")
	case strings.HasPrefix(s, "TXT:"):
		b, err := decode(s[4:])
		if err != nil {
			return Content{}, err
		}
		return textContent(b)
	case s == "EMPTY":
		return Content{}, ErrEmpty
	}
	return Content{}, fmt.Errorf("powershell.exe: unexpected output %q", firstLine(s))
}
