package termimg

import (
	"bytes"
	"encoding/base64"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/ansi/kitty"
)

var apcRe = regexp.MustCompile(`\x1b_G([^;\x1b]*)(?:;([^\x1b]*))?\x1b\\`)

func randomBytes(n int) []byte {
	rng := rand.New(rand.NewPCG(3, 4))
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(rng.Uint32())
	}
	return b
}

// A PNG too large for one escape is split into 4096-byte base64 chunks,
// the first carrying the transmit keys, and followed by a virtual placement.
func TestKittyTransmitChunks(t *testing.T) {
	png := randomBytes(7000) // 9336 base64 bytes: three chunks
	out := KittyTransmit(77, png, 12, 5, false)
	if rest := apcRe.ReplaceAllString(out, ""); rest != "" {
		t.Fatalf("output has text outside kitty escapes: %q", rest)
	}
	m := apcRe.FindAllStringSubmatch(out, -1)
	if len(m) != 4 {
		t.Fatalf("got %d escapes, want 3 chunks and a placement", len(m))
	}
	wantCtrl := []string{"a=t,f=100,t=d,i=77,q=2,m=1", "m=1,q=2", "m=0,q=2", "a=p,U=1,i=77,c=12,r=5,q=2"}
	var payload strings.Builder
	for i, esc := range m {
		if esc[1] != wantCtrl[i] {
			t.Errorf("escape %d control %q, want %q", i, esc[1], wantCtrl[i])
		}
		if i < 3 {
			if len(esc[2]) > 4096 || (i < 2 && len(esc[2]) != 4096) {
				t.Errorf("chunk %d has %d base64 bytes", i, len(esc[2]))
			}
			payload.WriteString(esc[2])
		}
	}
	got, err := base64.StdEncoding.DecodeString(payload.String())
	if err != nil || !bytes.Equal(got, png) {
		t.Fatalf("chunks do not reassemble the PNG (err %v)", err)
	}
	if one := apcRe.FindAllStringSubmatch(KittyTransmit(1, png[:100], 2, 2, false), -1); one[0][1] != "a=t,f=100,t=d,i=1,q=2,m=0" {
		t.Errorf("single chunk control %q", one[0][1])
	}
	if KittyTransmit(1, nil, 2, 2, false) != "" {
		t.Error("empty PNG must give no output")
	}
}

// In tmux every escape is wrapped separately with ESCs doubled; unwrapping
// must give back the plain output.
func TestKittyTransmitTmux(t *testing.T) {
	png := randomBytes(5000)
	plain := KittyTransmit(9, png, 3, 2, false)
	wrapped := KittyTransmit(9, png, 3, 2, true)
	parts := strings.SplitAfter(wrapped, "\x1b\x1b\\\x1b\\")
	var unwrapped strings.Builder
	for _, p := range parts[:len(parts)-1] {
		if !strings.HasPrefix(p, "\x1bPtmux;\x1b\x1b_G") {
			t.Fatalf("chunk not wrapped for tmux: %q", p[:min(20, len(p))])
		}
		inner := strings.TrimSuffix(strings.TrimPrefix(p, "\x1bPtmux;"), "\x1b\\")
		unwrapped.WriteString(strings.ReplaceAll(inner, "\x1b\x1b", "\x1b"))
	}
	if parts[len(parts)-1] != "" || len(parts)-1 != 3 {
		t.Fatalf("got %d wrapped escapes and trailing %q, want 3", len(parts)-1, parts[len(parts)-1])
	}
	if unwrapped.String() != plain {
		t.Error("unwrapped tmux output differs from the plain output")
	}
}

// decodePlaceholderRow checks one placeholder row and returns the image id
// from its colour and the (row, col, msb) numbers of each cell.
func decodePlaceholderRow(t *testing.T, line string) (id uint32, cells [][3]int) {
	t.Helper()
	m := regexp.MustCompile(`^\x1b\[38;(?:5;(\d+)|2;(\d+);(\d+);(\d+))m(.*)\x1b\[0m$`).FindStringSubmatch(line)
	if m == nil {
		t.Fatalf("placeholder row has wrong framing: %q", line)
	}
	atoi := func(s string) uint32 { n, _ := strconv.Atoi(s); return uint32(n) }
	if m[1] != "" {
		id = atoi(m[1])
	} else {
		id = atoi(m[2])<<16 | atoi(m[3])<<8 | atoi(m[4])
	}
	index := map[rune]int{}
	for i := range MaxPlaceholderSpan {
		index[kitty.Diacritic(i)] = i
	}
	runes := []rune(m[5])
	for i := 0; i < len(runes); {
		if runes[i] != Placeholder {
			t.Fatalf("expected U+10EEEE at rune %d, got %U", i, runes[i])
		}
		cell := [3]int{-1, -1, 0}
		j := i + 1
		for ; j < len(runes) && runes[j] != Placeholder; j++ {
			n, ok := index[runes[j]]
			if !ok || j-i > 3 {
				t.Fatalf("unexpected rune %U in cell", runes[j])
			}
			cell[j-i-1] = n
		}
		cells = append(cells, cell)
		i = j
	}
	return id, cells
}

func TestKittyPlaceholders(t *testing.T) {
	for _, id := range []uint32{42, 0x123456, 0x7f000105} {
		lines := KittyPlaceholders(id, 4, 3)
		if len(lines) != 3 {
			t.Fatalf("id %#x: %d rows, want 3", id, len(lines))
		}
		for r, line := range lines {
			gotID, cells := decodePlaceholderRow(t, line)
			if gotID != id&0xffffff {
				t.Errorf("id %#x row %d: colour encodes %#x", id, r, gotID)
			}
			if len(cells) != 4 {
				t.Fatalf("row %d has %d cells", r, len(cells))
			}
			for c, cell := range cells {
				if cell != [3]int{r, c, int(id >> 24)} {
					t.Errorf("id %#x cell %d,%d encodes %v", id, r, c, cell)
				}
			}
			if w := ansi.StringWidth(line); w != 4 {
				t.Errorf("row %d is %d cells wide, want 4", r, w)
			}
		}
	}
	if KittyPlaceholders(1, 0, 3) != nil {
		t.Error("zero columns must give no rows")
	}
	if n := len(KittyPlaceholders(1, 1, 1000)); n != MaxPlaceholderSpan {
		t.Errorf("rows not capped: %d", n)
	}
}

// kitty's table (x/ansi/kitty) has MaxPlaceholderSpan distinct entries,
// starting and ending as kitty's rowcolumn-diacritics.txt does; beyond it
// kitty.Diacritic falls back to entry 0, which would repeat a row number.
func TestDiacriticSpan(t *testing.T) {
	seen := map[rune]int{}
	for i := range MaxPlaceholderSpan {
		d := kitty.Diacritic(i)
		if j, dup := seen[d]; dup {
			t.Fatalf("entries %d and %d are both %U", j, i, d)
		}
		seen[d] = i
	}
	if kitty.Diacritic(MaxPlaceholderSpan) != kitty.Diacritic(0) {
		t.Errorf("kitty's table has more than %d entries: raise MaxPlaceholderSpan", MaxPlaceholderSpan)
	}
	spec := map[int]rune{0: '\u0305', 1: '\u030D', 2: '\u030E', 296: '\U0001D244'}
	for i, want := range spec {
		if got := kitty.Diacritic(i); got != want {
			t.Errorf("entry %d = %U, rowcolumn-diacritics.txt says %U", i, got, want)
		}
	}
}

func TestKittyGolden(t *testing.T) {
	var b strings.Builder
	for _, id := range []uint32{42, 0x123456} {
		b.WriteString(strings.Join(KittyPlaceholders(id, 3, 2), "\n"))
		b.WriteString("\n")
	}
	b.WriteString(KittyTransmit(42, []byte("not really a png, but bytes"), 3, 2, false))
	b.WriteString("\n")
	b.WriteString(KittyTransmit(42, []byte("tmux"), 3, 2, true))
	b.WriteString("\n")
	b.WriteString(KittyDelete(42, false))
	golden(t, "kitty", []byte(b.String()))
}
