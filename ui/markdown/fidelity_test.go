package markdown

import (
	"fmt"
	"strings"
	"testing"

	"charm.land/glamour/v2"
	"charm.land/glamour/v2/styles"
	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

// cell is one visible character and the SGR attributes it is drawn with.
type cell struct {
	r     rune
	style string
	bg    string
}

// sgrState interprets SGR parameters into the attributes that matter for
// how a cell looks.
type sgrState struct{ fg, bg, flags string }

func (s *sgrState) apply(params string) {
	ps := strings.Split(params, ";")
	for i := 0; i < len(ps); i++ {
		switch p := ps[i]; {
		case p == "" || p == "0":
			*s = sgrState{}
		case p == "38" || p == "48":
			n := 3 // 38;5;n
			if i+1 < len(ps) && ps[i+1] == "2" {
				n = 5 // 38;2;r;g;b
			}
			v := strings.Join(ps[i:min(i+n, len(ps))], ";")
			if p == "38" {
				s.fg = v
			} else {
				s.bg = v
			}
			i += n - 1
		case p == "39":
			s.fg = ""
		case p == "49":
			s.bg = ""
		case len(p) == 2 && (p[0] == '3' || p[0] == '9'):
			s.fg = p
		case len(p) == 2 && p[0] == '4' || len(p) == 3:
			s.bg = p
		default:
			if !strings.Contains(s.flags, "|"+p+"|") {
				s.flags += "|" + p + "|"
			}
		}
	}
}

// visible is the state as it shows on a cell holding r: a blank that is
// not underlined, struck or reversed shows no foreground colour.
func (s sgrState) visible(r rune) sgrState {
	if r == ' ' && !strings.Contains(s.flags, "|4") && !strings.Contains(s.flags, "|7|") && !strings.Contains(s.flags, "|9|") {
		s.fg = ""
	}
	return s
}

// cells turns a rendered document into rows of cells, dropping trailing
// spaces that have no background (invisible; see visible) and leading/trailing empty
// rows, so that two renderings compare by what a terminal would show.
func cells(out string) [][]cell {
	var rows [][]cell
	var st sgrState
	for _, line := range strings.Split(out, "\n") {
		var row []cell
		for i := 0; i < len(line); {
			if line[i] == 0x1b {
				n, _ := escLen(line[i:])
				if n >= 3 && line[i+n-1] == 'm' {
					st.apply(line[i+2 : i+n-1])
				}
				i += n
				continue
			}
			r, size := rune(line[i]), 1
			if r >= 0x80 {
				r = []rune(line[i:])[0]
				size = len(string(r))
			}
			row = append(row, cell{r, fmt.Sprint(st.visible(r)), st.bg})
			i += size
		}
		for len(row) > 0 && row[len(row)-1].r == ' ' && row[len(row)-1].bg == "" {
			row = row[:len(row)-1]
		}
		rows = append(rows, row)
	}
	for len(rows) > 0 && len(rows[0]) == 0 {
		rows = rows[1:]
	}
	for len(rows) > 0 && len(rows[len(rows)-1]) == 0 {
		rows = rows[:len(rows)-1]
	}
	return rows
}

// TestBlocksLookLikeWholeDocument checks the block splitting: rendering
// block by block shows the same cells as glamour rendering the whole
// document at once.
func TestBlocksLookLikeWholeDocument(t *testing.T) {
	for _, md := range []string{sample, genReply(600)} {
		for _, width := range []int{80, 44} {
			r := newTestRenderer(t, colorprofile.TrueColor)
			tr, err := glamour.NewTermRenderer(glamour.WithStyles(*styles.DefaultStyles["dark"]),
				glamour.WithWordWrap(width), glamour.WithChromaFormatter("terminal16m"))
			if err != nil {
				t.Fatal(err)
			}
			whole, err := tr.Render(expandTabs(md))
			if err != nil {
				t.Fatal(err)
			}
			got, want := cells(r.Render(md, width)), cells(keepSGR(whole))
			if len(got) != len(want) {
				t.Fatalf("width %d: %d rows, whole document has %d\n%s\n---\n%s", width, len(got), len(want), ansi.Strip(r.Render(md, width)), ansi.Strip(whole))
			}
			for i := range got {
				if fmt.Sprint(got[i]) != fmt.Sprint(want[i]) {
					t.Fatalf("width %d row %d:\n got  %v\n want %v", width, i+1, got[i], want[i])
				}
			}
		}
	}
}
