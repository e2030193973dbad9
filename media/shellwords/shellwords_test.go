package shellwords

import (
	"errors"
	"slices"
	"testing"
)

// TestSplit holds the union of the cases of the two splitters it replaced
// (api_key_cmd's in session/config and pasted paths' in media/paths).
func TestSplit(t *testing.T) {
	cases := map[string][]string{
		// api_key_cmd
		"pass show openai":             {"pass", "show", "openai"},
		"  op  read 'op://a b/c'  ":    {"op", "read", "op://a b/c"},
		`sh -c "echo \"hi\""`:          {"sh", "-c", `echo "hi"`},
		`a\ b c''d ""`:                 {"a b", "cd", ""},
		"security find -w -s 'x'\t'y'": {"security", "find", "-w", "-s", "x", "y"},
		// pasted paths
		`a\ b 'c d' "e \"f\" \g" h\\i`:  {"a b", "c d", `e "f" \g`, `h\i`},
		`'/it'\''s here.png'`:           {"/it's here.png"},
		`"/tmp/a \"b\".png"`:            {`/tmp/a "b".png`},
		"/tmp/a.png\r\n/tmp/b.png\n":    {"/tmp/a.png", "/tmp/b.png"},
		"file:///tmp/my%20shot.png":     {"file:///tmp/my%20shot.png"},
		`"\$HOME \` + "`x`" + ` \\ \n"`: {"$HOME `x` \\ \\n"},
		`'no \escapes "here"'`:          {`no \escapes "here"`},
		"":                              nil,
		"   \t\n":                       nil,
		"ünïcödé\\ wörd 'ok'":           {"ünïcödé wörd", "ok"},
		`mixed"quo"'ted'\ word`:         {"mixedquoted word"},
	}
	for in, want := range cases {
		got, err := Split(in)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("Split(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
}

func TestSplitErrors(t *testing.T) {
	if _, err := Split(`trailing\`); !errors.Is(err, ErrTrailingBackslash) {
		t.Errorf("trailing backslash: %v", err)
	}
	for in, want := range map[string]string{
		`pass show 'open`: "unterminated ' quote",
		`pass show "open`: `unterminated " quote`,
		`"a\"`:            `unterminated " quote`,
		`'it\'s'`:         "unterminated ' quote",
	} {
		if _, err := Split(in); err == nil || err.Error() != want {
			t.Errorf("Split(%q) error %v, want %q", in, err, want)
		}
	}
}

func BenchmarkSplit(b *testing.B) {
	line := `op read "op://Private/OpenAI API/credential" --account 'my team' /tmp/my\ shot.png`
	for b.Loop() {
		if _, err := Split(line); err != nil {
			b.Fatal(err)
		}
	}
}
