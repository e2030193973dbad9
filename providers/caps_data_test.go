package providers

import (
	"strings"
	"testing"
	"time"
)

// Every family must say where its numbers come from and when they were
// last checked, so a stale entry can be found and re-checked.
func TestCapsDataEntriesAreSourcedAndDated(t *testing.T) {
	fams := capsTable()
	if len(fams) < 20 {
		t.Fatalf("only %d families parsed", len(fams))
	}
	for _, f := range fams {
		if !strings.HasPrefix(f.Source, "https://") {
			t.Errorf("%s: source %q", f.Name, f.Source)
		}
		d, err := time.Parse(time.DateOnly, f.Checked)
		if err != nil || d.Year() < 2025 {
			t.Errorf("%s: checked %q", f.Name, f.Checked)
		}
	}
}

func TestCapsDataIDsUniquePerProtocol(t *testing.T) {
	seen := map[string]string{}
	defaults := map[string]int{}
	for _, f := range capsTable() {
		if f.Default {
			defaults[f.Protocol]++
		}
		for _, id := range f.IDs {
			k := f.Protocol + " " + id
			if other, dup := seen[k]; dup {
				t.Errorf("%s listed by %q and %q", k, other, f.Name)
			}
			seen[k] = f.Name
		}
	}
	for _, p := range []string{ProtocolOpenAI, ProtocolAnthropic, ProtocolGemini} {
		if defaults[p] != 1 {
			t.Errorf("%s has %d default families, want 1", p, defaults[p])
		}
	}
	if defaults[ProtocolOllama] != 0 {
		t.Error("ollama must have no default: unknown local models are text only")
	}
}

func TestParseCapsDataRejectsBadEntries(t *testing.T) {
	const ok = "protocol = \"openai\"\nname = \"x\"\nids = [\"x\"]\nsource = \"https://example.com\"\nchecked = \"2026-12-01\"\n"
	cases := map[string]string{
		"no source":       strings.Replace(ok, "source = \"https://example.com\"\n", "", 1),
		"no date":         strings.Replace(ok, "checked = \"2026-12-01\"\n", "", 1),
		"bad date":        strings.Replace(ok, "2026-12-01", "last week", 1),
		"bad protocol":    strings.Replace(ok, "openai", "carrier-pigeon", 1),
		"unknown key":     ok + "colour = \"blue\"\n",
		"bad token rule":  ok + "[family.image]\nformats = [\"image/png\"]\ntokens = \"guess\"\n",
		"bad byte count":  ok + "[family.image]\nformats = [\"image/png\"]\nbytes_counted = \"hex\"\n",
		"no formats":      ok + "[family.image]\nlong_edge = 10\n",
		"limits, no pdf":  ok + "[family.pdf_limits]\nmax_pages = 3\n",
		"unpriced level":  ok + "[family.image]\nformats = [\"image/png\"]\nresolution = \"high\"\n",
		"no ids, no dflt": strings.Replace(ok, "ids = [\"x\"]\n", "", 1),
	}
	for name, body := range cases {
		if _, err := parseCapsData("[[family]]\n" + body); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
	if _, err := parseCapsData("[[family]]\n" + ok); err != nil {
		t.Errorf("good entry refused: %v", err)
	}
}

func BenchmarkParseCapsData(b *testing.B) {
	for b.Loop() {
		if _, err := parseCapsData(capsTOML); err != nil {
			b.Fatal(err)
		}
	}
}
