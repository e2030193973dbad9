package markdown

import (
	"fmt"
	"regexp"
	"strings"
	"testing"

	"github.com/charmbracelet/colorprofile"
	"github.com/charmbracelet/x/ansi"
)

func newTestRenderer(t testing.TB, p colorprofile.Profile) *Renderer {
	t.Helper()
	r, err := NewRenderer(Options{Style: "dark", Profile: p})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

// trimLines removes trailing spaces from every line.
func trimLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

func streamAll(r *Renderer, text string, width int, check func(view []string)) *Stream {
	s := r.NewStream()
	for _, tok := range tokens(text, 4) {
		s.Append(tok)
		if check != nil {
			check(s.Lines(width))
		}
	}
	s.Finish()
	return s
}

func TestStreamEndsEqualToRender(t *testing.T) {
	for _, p := range []colorprofile.Profile{colorprofile.TrueColor, colorprofile.ANSI256, colorprofile.ASCII} {
		for _, width := range []int{80, 120, 40} {
			r := newTestRenderer(t, p)
			s := streamAll(r, sample, width, nil)
			got, want := trimLines(s.View(width)), trimLines(r.Render(sample, width))
			if got != want {
				t.Errorf("%v at %d: streamed view differs from Render: %s", p, width, firstDiff(got, want))
			}
			if s.Text() != sample {
				t.Fatalf("Text() lost input")
			}
		}
	}
}

func TestStreamViewsFitWidth(t *testing.T) {
	r := newTestRenderer(t, colorprofile.TrueColor)
	const width = 50
	steps := 0
	streamAll(r, sample+genReply(300), width, func(view []string) {
		steps++
		for _, l := range view {
			if w := ansi.StringWidth(l); w > width {
				t.Fatalf("step %d: line %q is %d cells wide, over %d", steps, ansi.Strip(l), w, width)
			}
		}
	})
}

func TestStreamShowsTailBeforeComplete(t *testing.T) {
	r := newTestRenderer(t, colorprofile.ASCII)
	s := r.NewStream()
	s.Append("# Title\n\nHello wor")
	view := ansi.Strip(s.View(80))
	if !strings.Contains(view, "Hello wor") || !strings.Contains(view, "Title") {
		t.Fatalf("open tail not shown: %q", view)
	}
	s.Append("ld\n\n```go\nx := 1\n")
	view = ansi.Strip(s.View(80))
	if !strings.Contains(view, "    x := 1") || strings.Contains(view, "```") {
		t.Fatalf("open fence not shown as indented code: %q", view)
	}
	if strings.Contains(view, "Hello world") == false {
		t.Fatalf("completed paragraph missing: %q", view)
	}
}

func TestWidthChangeRerendersOnce(t *testing.T) {
	r := newTestRenderer(t, colorprofile.TrueColor)
	s := streamAll(r, sample, 80, nil)
	s.View(80)
	if got, want := trimLines(s.View(60)), trimLines(r.Render(sample, 60)); got != want {
		t.Fatalf("after resize: view differs from Render at 60\n%s\n---\n%s", ansi.Strip(got), ansi.Strip(want))
	}
	before := r.Stats()
	s.View(60)
	s.Lines(60)
	if after := r.Stats(); after != before {
		t.Fatalf("same width rendered again: %+v -> %+v", before, after)
	}
	s.View(100)
	if r.Stats().Calls == before.Calls {
		t.Fatal("new width did not re-render")
	}
}

var (
	colourSGR = regexp.MustCompile(`\x1b\[[0-9;]*(38|48);[25];[0-9;]*m`)
	anyColour = regexp.MustCompile(`\x1b\[([0-9]*;)*(3[0-9]|4[0-9]|9[0-7]|10[0-7])(;[0-9]*)*m`)
)

// codeLines returns the rendered lines holding the sample's Go code.
func codeLines(out string) []string {
	var code []string
	for _, l := range strings.Split(out, "\n") {
		if strings.Contains(ansi.Strip(l), "fmt.Println") || strings.Contains(ansi.Strip(l), "func main()") {
			code = append(code, l)
		}
	}
	return code
}

func TestCodeIsHighlighted(t *testing.T) {
	r := newTestRenderer(t, colorprofile.TrueColor)
	code := codeLines(r.Render(sample, 80))
	if len(code) != 2 {
		t.Fatalf("code lines not found: %q", code)
	}
	for _, l := range code {
		// Distinct colours for keywords, names, strings: several SGRs.
		if n := len(colourSGR.FindAllString(l, -1)); n < 2 {
			t.Errorf("code line has %d colour codes: %q", n, l)
		}
	}

	ascii := newTestRenderer(t, colorprofile.ASCII).Render(sample, 80)
	if m := anyColour.FindString(ascii); m != "" {
		t.Errorf("Ascii profile output has colour %q", m)
	}
	if len(codeLines(ascii)) != 2 {
		t.Error("Ascii output lost the code")
	}
}

func TestOnlySGREscapes(t *testing.T) {
	r := newTestRenderer(t, colorprofile.TrueColor)
	out := r.Render("See [the docs](https://example.com/x) and ![img](https://example.com/i.png).", 80)
	for i := 0; i < len(out); i++ {
		if out[i] != 0x1b {
			continue
		}
		n, sgr := escLen(out[i:])
		if !sgr {
			t.Fatalf("non-SGR escape %q in %q", out[i:i+n], out)
		}
		i += n - 1
	}
	if !strings.Contains(ansi.Strip(out), "the docs") {
		t.Fatalf("link text lost: %q", ansi.Strip(out))
	}
}

func TestKeepSGR(t *testing.T) {
	in := "a\x1b[1;31mb\x1b]8;;http://x\x1b\\c\x1b]8;;\x07d\x1b[2Je\x1b7f"
	if got, want := keepSGR(in), "a\x1b[1;31mbcdef"; got != want {
		t.Fatalf("keepSGR = %q, want %q", got, want)
	}
	plain := "a\x1b[0mb"
	if keepSGR(plain) != plain {
		t.Fatal("SGR-only text changed")
	}
}

func TestRenderCache(t *testing.T) {
	r := newTestRenderer(t, colorprofile.TrueColor)
	a := r.Render(sample, 80)
	calls := r.Stats().Calls
	if r.Render(sample, 80) != a || r.Stats().Calls != calls {
		t.Fatal("second Render of the same text was not cached")
	}
	r.Render(sample, 81)
	if r.Stats().Calls <= calls {
		t.Fatal("other width served from cache")
	}
}

func TestLRUBounded(t *testing.T) {
	c := newLRU(2)
	c.put(cacheKey{hash: 1}, "a")
	c.put(cacheKey{hash: 2}, "b")
	c.get(cacheKey{hash: 1})
	c.put(cacheKey{hash: 3}, "c")
	if _, ok := c.get(cacheKey{hash: 2}); ok {
		t.Fatal("least recently used entry kept")
	}
	if v, ok := c.get(cacheKey{hash: 1}); !ok || v != "a" {
		t.Fatal("recently used entry evicted")
	}
}

func TestNewRendererErrors(t *testing.T) {
	if _, err := NewRenderer(Options{Style: "purple"}); err == nil || !strings.Contains(err.Error(), `"purple"`) {
		t.Fatalf("unknown style: err = %v", err)
	}
	if _, err := NewRenderer(Options{Style: "light", Profile: colorprofile.NoTTY}); err != nil {
		t.Fatal(err)
	}
}

// TestGlamourWorkIsLinear counts the markdown glamour renders while
// streaming 2k and 20k tokens: per token it must stay flat (each block is
// rendered once), unlike re-rendering the whole reply per token.
func TestGlamourWorkIsLinear(t *testing.T) {
	perToken := func(n int) (calls, bytes float64) {
		r := newTestRenderer(t, colorprofile.TrueColor)
		text := genReply(n)
		toks := tokens(text, 4)
		s := r.NewStream()
		for _, tok := range toks {
			s.Append(tok)
			s.Lines(80)
		}
		s.Finish()
		s.Lines(80)
		st := r.Stats()
		if st.Bytes > 2*len(text) {
			t.Errorf("%d tokens: glamour saw %d bytes for a %d-byte reply", n, st.Bytes, len(text))
		}
		return float64(st.Calls) / float64(len(toks)), float64(st.Bytes) / float64(len(toks))
	}
	c2, b2 := perToken(2000)
	c20, b20 := perToken(20000)
	if c20 > 1.5*c2 || b20 > 1.5*b2 {
		t.Fatalf("glamour work per token grew: calls %.4f -> %.4f, bytes %.2f -> %.2f", c2, c20, b2, b20)
	}
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < max(len(g), len(w)); i++ {
		var gl, wl string
		if i < len(g) {
			gl = g[i]
		}
		if i < len(w) {
			wl = w[i]
		}
		if gl != wl {
			return fmt.Sprintf("line %d:\n got  %q\n want %q", i+1, gl, wl)
		}
	}
	return "no difference"
}

func TestWindow(t *testing.T) {
	r := newTestRenderer(t, colorprofile.ASCII)
	s := streamAll(r, sample, 80, nil)
	all := s.Lines(80)
	if got, want := s.Window(80, 2, 3), strings.Join(all[2:5], "\n"); got != want {
		t.Fatalf("Window = %q, want %q", got, want)
	}
	if got := s.Window(80, len(all)-1, 10); got != all[len(all)-1] {
		t.Fatalf("clipped Window = %q", got)
	}
	if got := s.Window(80, -5, 0); got != "" {
		t.Fatalf("empty Window = %q", got)
	}
}

// A tab counts as zero cells on Bubble Tea's screen, so tab-indented code
// must reach the screen as spaces, both finished and while streaming.
func TestTabsBecomeSpaces(t *testing.T) {
	r, err := NewRenderer(Options{Style: "dark", Profile: colorprofile.Ascii})
	if err != nil {
		t.Fatal(err)
	}
	md := "```go\nfunc f() {\n\treturn\n}\n```\n"
	out := ansi.Strip(r.Render(md, 60))
	if strings.Contains(out, "\t") || !strings.Contains(out, "    return") {
		t.Fatalf("tab not expanded in render:\n%q", out)
	}
	s := r.NewStream()
	s.Append(md[:20])
	if tail := strings.Join(s.Lines(60), "\n"); strings.Contains(tail, "\t") {
		t.Fatalf("tab in streaming tail: %q", tail)
	}
}

// An open list already shows glamour's bullet, so it does not change its
// look when the block completes.
func TestOpenListShowsBullets(t *testing.T) {
	r, err := NewRenderer(Options{Style: "dark", Profile: colorprofile.Ascii})
	if err != nil {
		t.Fatal(err)
	}
	s := r.NewStream()
	s.Append("Intro\n\n- item one\n* item two\n- item th")
	open := ansi.Strip(strings.Join(s.Lines(60), "\n"))
	if strings.Contains(open, "- item") || strings.Contains(open, "* item") || strings.Count(open, "• item") != 3 {
		t.Fatalf("open list:\n%s", open)
	}
	s.Finish()
	done := ansi.Strip(strings.Join(s.Lines(60), "\n"))
	if strings.Count(done, "• item") != 3 {
		t.Fatalf("finished list:\n%s", done)
	}
}
