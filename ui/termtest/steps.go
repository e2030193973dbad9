package termtest

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
)

// errTimeout marks a wait step that did not see its condition in time.
var errTimeout = errors.New("timed out")

// Steps runs termshot's key steps in order and stops at the first that
// fails:
//
//	text:STRING     type STRING
//	key:KEYS        press xdotool keys, space-separated ("key:Down Down")
//	sleep:SECS      pause
//	shot:FILE       screenshot now
//	waitfor:TEXT    wait for TEXT in the output since the last text:/key:
//	waitfile:PATH   wait until PATH exists
//	settle:SECS     wait until the window stops changing for SECS
//	textdump:FILE   write the screen's text to FILE
//
// As in termshot, once the terminal has exited only shot: and sleep: steps
// run (a shot then fails), and the others are skipped with a log line.
func (t *Term) Steps(steps ...string) error {
	for _, s := range steps {
		kind, arg, ok := strings.Cut(s, ":")
		if !ok {
			return fmt.Errorf("step %q: no KIND: in front", s)
		}
		if !t.Alive() && kind != "shot" && kind != "sleep" {
			t.logf("terminal exited; skipping %s", s)
			continue
		}
		if err := t.step(kind, arg); err != nil {
			return fmt.Errorf("step %q: %w", s, err)
		}
	}
	return nil
}

func (t *Term) step(kind, arg string) error {
	switch kind {
	case "text", "key":
		var err error
		if kind == "text" {
			err = t.Type(arg)
		} else {
			err = t.Key(strings.Fields(arg)...)
		}
		time.Sleep(t.opt.KeyDelay)
		return err
	case "sleep":
		d, err := seconds(arg)
		time.Sleep(d)
		return err
	case "shot":
		return t.Shot(arg)
	case "waitfor":
		return timeout(t.WaitText(arg))
	case "waitfile":
		return timeout(t.WaitFile(arg))
	case "settle":
		d, err := seconds(arg)
		if err != nil {
			return err
		}
		return timeout(t.Settle(d))
	case "textdump":
		s, err := t.TextDump()
		if err != nil {
			return timeout(err)
		}
		return writeFile(arg, s)
	}
	return fmt.Errorf("unknown step kind %q", kind)
}

// timeout marks a wait's error as a timeout, for termshot's exit status 3.
func timeout(err error) error {
	if err != nil {
		return fmt.Errorf("%w: %w", errTimeout, err)
	}
	return nil
}

// seconds parses termshot's decimal seconds ("1.5").
func seconds(s string) (time.Duration, error) {
	f, err := strconv.ParseFloat(s, 64)
	if err != nil || f < 0 {
		return 0, fmt.Errorf("%q is not a number of seconds", s)
	}
	return time.Duration(f * float64(time.Second)), nil
}
