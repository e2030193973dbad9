package termimg

import (
	"strings"
	"testing"
)

func TestPlaceAll(t *testing.T) {
	six := string(Sixel(screenshotLike(40, 30), 18, 38))
	it := ITerm2([]byte("png"), 3, 2)
	got := PlaceAll([]Placement{{Row: 2, Col: 4, Seq: six}, {Row: 0, Col: 0, Seq: ""}, {Row: 10, Col: 0, Seq: it}})
	want := "\x1b[?2026h\x1b7\x1b[3;5H" + six + "\x1b[11;1H" + it + "\x1b8\x1b[?2026l"
	if got != want {
		t.Errorf("PlaceAll:\n got %q\nwant %q", got, want)
	}
	if PlaceAll(nil) != "" || PlaceAll([]Placement{{Row: -1, Seq: "x"}}) != "" {
		t.Error("nothing to place must give no output")
	}
	golden(t, "place_sixel", []byte(got))
	if strings.Contains(got, "\x1b[2J") || strings.Contains(got, "\x1b[K") {
		t.Error("placement must never erase")
	}
}
