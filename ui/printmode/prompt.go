package printmode

import (
	"fmt"
	"io"
	"os"
	"strings"

	"golang.org/x/term"
)

// ReadPrompt joins the prompt words and appends stdin when it is piped (not
// a terminal), separated by a blank line. With stdinTaken (-a - reads the
// bytes as an attachment instead) stdin is left alone.
func ReadPrompt(words []string, stdin *os.File, stdinTaken bool) (string, error) {
	prompt := strings.Join(words, " ")
	if stdinTaken || term.IsTerminal(int(stdin.Fd())) {
		return prompt, nil
	}
	in, err := io.ReadAll(stdin)
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
