package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"parley/session"
)

// TestHistoryAndExport makes two conversations through print mode against
// the fake server, then lists, searches and exports them with the binary.
func TestHistoryAndExport(t *testing.T) {
	f := newFakeOpenAI(t, "test-key", 0, "Zebras have ", "stripes\x1b]0;pwned\x07.")
	sb := newSandbox(t)
	env := sb.env("OPENAI_API_KEY=test-key")
	for _, prompt := range []string{"tell me about zebras", "and about giraffes"} {
		if code, out, errOut := runPrint(t, env, "", "-p", "--base-url", f.URL(), "--data-dir", sb.data,
			"-m", "gpt-test", prompt); code != 0 {
			t.Fatalf("print mode: exit %d, %q %q", code, out, errOut)
		}
	}
	newest := latest(t, sb.data)
	id := strconv.FormatInt(newest.ID, 10)

	code, out, errOut := runPrint(t, env, "", "history", "--data-dir", sb.data)
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if code != 0 || len(lines) != 3 || !strings.HasPrefix(lines[1], id+" ") ||
		!strings.Contains(lines[1], "openai/gpt-test") || !strings.Contains(lines[1], "and about giraffes") ||
		!strings.Contains(lines[2], "tell me about zebras") {
		t.Fatalf("history: exit %d\n%s\nstderr %q", code, out, errOut)
	}
	if code, out, _ := runPrint(t, env, "", "history", "--limit", "1", "--data-dir", sb.data); code != 0 || strings.Count(out, "\n") != 2 {
		t.Errorf("history --limit 1: exit %d\n%s", code, out)
	}

	code, out, _ = runPrint(t, env, "", "history", "giraffes", "--data-dir", sb.data)
	if code != 0 || !strings.HasPrefix(out, id+"  and about giraffes\n") || strings.Contains(out, "zebras\n") {
		t.Errorf("history giraffes: exit %d\n%s", code, out)
	}
	code, out, _ = runPrint(t, env, "", "history", "stripes", "--data-dir", sb.data)
	if code != 0 || strings.Count(out, "Zebras have stripes.") != 2 || strings.ContainsAny(out, "\x1b\x07") {
		t.Errorf("history stripes: exit %d\n%q", code, out)
	}
	if code, out, errOut := runPrint(t, env, "", "history", "okapi", "--data-dir", sb.data); code != 1 || out != "" ||
		!strings.Contains(errOut, `no message matches "okapi"`) {
		t.Errorf("history okapi: exit %d, %q, %q", code, out, errOut)
	}

	code, out, errOut = runPrint(t, env, "", "export", id, "--format", "json", "--data-dir", sb.data)
	var doc session.ExportJSON
	if code != 0 || json.Unmarshal([]byte(out), &doc) != nil {
		t.Fatalf("export json: exit %d, %q\n%s", code, errOut, out)
	}
	if doc.ID != newest.ID || len(doc.Messages) != 2 || doc.Messages[0].Parts[0].Text != "and about giraffes" ||
		doc.Messages[1].Model != "gpt-test" || doc.Messages[1].Parts[0].Text != "Zebras have stripes." {
		t.Errorf("export json: %+v", doc)
	}
	if strings.Contains(out, "test-key") {
		t.Error("the export holds the API key")
	}

	file := filepath.Join(sb.home, "chat.md")
	if code, out, errOut := runPrint(t, env, "", "export", "last", "-o", file, "--data-dir", sb.data); code != 0 || out != "" {
		t.Fatalf("export -o: exit %d, %q %q", code, out, errOut)
	}
	md, err := os.ReadFile(file)
	if err != nil || !strings.HasPrefix(string(md), "# and about giraffes\n") || !strings.Contains(string(md), "Zebras have stripes.") {
		t.Errorf("export -o wrote %q (%v)", md, err)
	}
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("export file mode: %v %v", fi.Mode(), err)
	}
	if code, _, errOut := runPrint(t, env, "", "export", "999", "--data-dir", sb.data); code != 1 || !strings.Contains(errOut, "no conversation 999") {
		t.Errorf("export 999: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runPrint(t, env, "", "export", id, "--format", "pdf", "--data-dir", sb.data); code != 1 || !strings.Contains(errOut, `--format "pdf"`) {
		t.Errorf("export --format pdf: exit %d, %q", code, errOut)
	}
}
