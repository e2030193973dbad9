package printmode

import (
	"context"
	"fmt"
	"os"
	"strings"

	"golang.org/x/term"

	"parley/media/files"
)

// MaxPromptBytes is the most piped stdin ReadPrompt takes: far more text
// than any model's context holds, yet `parley < /dev/zero` stops at once
// with a line naming the limit instead of filling memory.
const MaxPromptBytes = 16 << 20

// ReadPrompt joins the prompt words and appends stdin when it is piped (not
// a terminal), separated by a blank line. With stdinTaken (-a - reads the
// bytes as an attachment instead) stdin is left alone. The read stops at
// MaxPromptBytes and as soon as ctx is done (a pipe whose writer never
// ends must not outlive Ctrl+C).
func ReadPrompt(ctx context.Context, words []string, stdin *os.File, stdinTaken bool) (string, error) {
	prompt := strings.Join(words, " ")
	if stdinTaken || term.IsTerminal(int(stdin.Fd())) {
		return prompt, nil
	}
	in, err := files.ReadAllLimit(ctx, stdin, MaxPromptBytes)
	if err != nil {
		return "", fmt.Errorf("reading stdin: %w", err)
	}
	piped := strings.TrimRight(string(in), "\n")
	switch {
	case piped == "":
		return prompt, nil
	case prompt == "":
		return piped, nil
	}
	return prompt + "\n\n" + piped, nil
}
