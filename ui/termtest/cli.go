package termtest

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// Exit statuses of Main, termshot's.
const (
	exitOK      = 0
	exitUsage   = 2
	exitTimeout = 3
	exitGone    = 4
	exitStart   = 5
)

// cli is termshot's command line, parsed.
type cli struct {
	opt       Options
	out       string
	steps     []string
	startWait time.Duration
	wait      time.Duration
	series    string
	full      bool
	logKeep   string
}

// IsCommandLine reports whether args (without the program name) are a
// termshot command line: its first word is one of termshot's options or
// "--". A test binary's own flags start with "-test.", so TestMain can tell
// a call meant for Main from a normal run.
func IsCommandLine(args []string) bool {
	if len(args) == 0 {
		return false
	}
	switch args[0] {
	case "--", "--cols", "--rows", "--out", "--term", "--font", "--fontsize", "--keys", "--key-delay",
		"--start-wait", "--wait", "--series", "--timeout", "--hold", "--window-ops", "--tn",
		"--term-arg", "--log", "--screen", "--full", "--display":
		return true
	}
	return false
}

// Main runs termshot's command line (termshot --help; only --term xterm)
// and returns its exit status: 0 ok, 2 usage, 3 a wait step timed out, 4
// the terminal was gone before the final shot, 5 start-up failed. Progress
// lines go to log, including "Xvfb pid N on :D" as termshot prints it.
func Main(args []string, log io.Writer) int {
	c, err := parseCLI(args)
	if err != nil {
		fmt.Fprintf(log, "termtest: %v (see termshot --help)\n", err)
		return exitUsage
	}
	c.opt.Log = log
	if missing := Missing(); missing != "" {
		fmt.Fprintf(log, "termtest: %s not installed (apt-get install %s)\n", missing, Packages)
		return exitUsage
	}
	t, err := Launch(c.opt)
	if err != nil {
		fmt.Fprintf(log, "termtest: %v\n", err)
		return exitStart
	}
	defer t.Close()
	if c.logKeep != "" {
		defer func() {
			if b, err := t.OutputLog(); err == nil {
				_ = os.WriteFile(c.logKeep, b, 0o644)
			}
		}()
	}
	time.Sleep(c.startWait)
	return c.run(t, log)
}

// run does the steps, the series and the final shot.
func (c *cli) run(t *Term, log io.Writer) int {
	rc := exitOK
	if err := t.Steps(c.steps...); err != nil {
		fmt.Fprintf(log, "termtest: %v\n", err)
		rc = exitTimeout
		if !errors.Is(err, errTimeout) {
			rc = exitStart
		}
	}
	time.Sleep(c.wait)
	shot := func(path string) error {
		if c.full {
			return t.x(importPath, "-window", "root", "png:"+path)
		}
		return t.Shot(path)
	}
	if n, every, ok := strings.Cut(c.series, ":"); ok {
		count, _ := strconv.Atoi(n)
		d, _ := seconds(every)
		base := strings.TrimSuffix(c.out, ".png")
		for i := 1; i <= count && t.Alive(); i++ {
			if err := shot(fmt.Sprintf("%s-%02d.png", base, i)); err != nil {
				fmt.Fprintf(log, "termtest: %v\n", err)
			}
			if i < count {
				time.Sleep(d)
			}
		}
	}
	if !t.Alive() {
		fmt.Fprintln(log, "termtest: terminal exited before the final screenshot (use --hold)")
		if rc == exitOK {
			rc = exitGone
		}
		return rc
	}
	if err := shot(c.out); err != nil {
		fmt.Fprintf(log, "termtest: %v\n", err)
		return exitStart
	}
	return rc
}

// parseCLI reads termshot's options up to "--" and the command after it.
func parseCLI(args []string) (*cli, error) {
	c := &cli{out: "./termshot.png", startWait: time.Second, wait: time.Second,
		opt: Options{KeyDelay: 300 * time.Millisecond}}
	for len(args) > 0 {
		a := args[0]
		if a == "--" {
			c.opt.Args = args[1:]
			break
		}
		if flagOnly(c, a) {
			args = args[1:]
			continue
		}
		if len(args) < 2 {
			return nil, fmt.Errorf("%s needs a value", a)
		}
		if err := flagValue(c, a, args[1]); err != nil {
			return nil, err
		}
		args = args[2:]
	}
	if len(c.opt.Args) == 0 {
		return nil, errors.New("no command given (put it after --)")
	}
	return c, nil
}

func flagOnly(c *cli, a string) bool {
	switch a {
	case "--hold":
		c.opt.Hold = true
	case "--window-ops":
		c.opt.WindowOps = true
	case "--full":
		c.full = true
	default:
		return false
	}
	return true
}

func flagValue(c *cli, name, v string) error {
	var err error
	switch name {
	case "--cols":
		c.opt.Cols, err = strconv.Atoi(v)
	case "--rows":
		c.opt.Rows, err = strconv.Atoi(v)
	case "--fontsize":
		c.opt.FontSize, err = strconv.Atoi(v)
	case "--display":
		c.opt.Display, err = strconv.Atoi(v)
	case "--key-delay":
		c.opt.KeyDelay, err = seconds(v)
	case "--start-wait":
		c.startWait, err = seconds(v)
	case "--wait":
		c.wait, err = seconds(v)
	case "--timeout":
		c.opt.Timeout, err = seconds(v)
	case "--term":
		if v != "xterm" {
			err = fmt.Errorf("--term %s: this rig runs xterm only", v)
		}
	default:
		return stringFlag(c, name, v)
	}
	if err != nil {
		return fmt.Errorf("%s %s: %w", name, v, err)
	}
	return nil
}

func stringFlag(c *cli, name, v string) error {
	switch name {
	case "--out":
		c.out = v
	case "--font":
		c.opt.Font = v
	case "--keys":
		c.steps = append(c.steps, v)
	case "--series":
		c.series = v
	case "--tn":
		c.opt.TermName = v
	case "--term-arg":
		c.opt.TermArgs = append(c.opt.TermArgs, v)
	case "--log":
		c.logKeep = v
	case "--screen":
		c.opt.Screen = v
	default:
		return fmt.Errorf("unknown option %s", name)
	}
	return nil
}

// writeFile writes a text dump, making its directory.
func writeFile(path, s string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, []byte(s), 0o644)
}
