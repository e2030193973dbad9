package printmode

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"parley/media/audio"
)

// statusInterval is how often the "recording… 3.2s" line is redrawn.
const statusInterval = 100 * time.Millisecond

// RecordOptions is one voice note recorded in print mode (--record).
type RecordOptions struct {
	// Audio selects the backend and device; its MaxDuration is the
	// configured limit (audio.max_record, 0 = the recorder's default).
	Audio audio.Options
	// Duration is how long to record; 0 records until a line is read from
	// Enter (the user presses Enter on the terminal).
	Duration time.Duration
	// Enter is read for the Enter key when Duration is 0 (/dev/tty). The
	// caller closes it afterwards, which ends the read.
	Enter io.Reader
	// Status, when not nil (stderr is a terminal), shows a one-line
	// "recording… 3.2s" that is redrawn in place and erased at the end.
	Status io.Writer
	// Notice receives one-line notices (the recording was cut short by
	// audio.max_record or by the device going away); nil discards them.
	Notice io.Writer
}

// Record records a voice note from the microphone and returns it as a WAV
// attachment. With no microphone the error is audio's "no microphone found:
// …"; cancelling ctx (Ctrl+C) discards the recording and returns an error.
func Record(ctx context.Context, o RecordOptions) (File, error) {
	if o.Duration < 0 {
		return File{}, fmt.Errorf("--record %s: want a positive duration, or 0 to stop with Enter", o.Duration)
	}
	if o.Duration == 0 && o.Enter == nil {
		return File{}, errors.New("--record 0 stops on Enter, but there is no terminal to press it on; give a duration such as --record 5s")
	}
	limit := o.Audio.MaxDuration
	if limit <= 0 {
		limit = audio.DefaultMaxDuration
	}
	opts := o.Audio
	opts.MaxDuration = limit
	if o.Duration > 0 && o.Duration < limit {
		// The recorder stops itself after exactly this many samples, which
		// is more precise than a wall-clock timer (the first audio can take
		// a while to arrive).
		opts.MaxDuration = o.Duration
	}
	rec := audio.NewRecorder(opts)
	recCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	if err := rec.Start(recCtx); err != nil {
		return File{}, err
	}
	wait(recCtx, rec, o)
	if ctx.Err() != nil {
		rec.Discard()
		return File{}, errors.New("recording cancelled")
	}
	r, err := rec.Stop()
	if err != nil {
		return File{}, fmt.Errorf("recording: %w", err)
	}
	if o.Notice != nil {
		switch {
		case r.Reason == audio.StopMaxDuration && opts.MaxDuration == limit && o.Duration != limit:
			fmt.Fprintf(o.Notice, "parley: recording stopped at %s: the maximum recording length (audio.max_record)\n", limit)
		case r.Reason == audio.StopDeviceLost:
			fmt.Fprintf(o.Notice, "parley: the input device went away; sending the %.1fs recorded\n", r.Duration.Seconds())
		}
	}
	if len(r.PCM) == 0 {
		return File{}, errors.New("the recording is empty: no audio arrived from the microphone")
	}
	return File{Name: "voice-note.wav", Data: r.WAV(), Recorded: true}, nil
}

// wait blocks until the recording should stop: it ended by itself (its
// length, the limit, the device lost), Enter was pressed, or ctx ended. It
// redraws the status line meanwhile and erases it at the end.
func wait(ctx context.Context, rec *audio.Recorder, o RecordOptions) {
	var enter chan bool // true: a line was read (the terminal echoed Enter)
	if o.Duration == 0 {
		enter = make(chan bool, 1)
		go func() {
			// Any line (or EOF, or the reader being closed) stops it.
			_, err := bufio.NewReader(o.Enter).ReadString('\n')
			enter <- err == nil
		}()
	}
	var tick <-chan time.Time
	clear := "\r\x1b[K"
	if o.Status != nil {
		t := time.NewTicker(statusInterval)
		defer t.Stop()
		tick = t.C
		defer func() { fmt.Fprint(o.Status, clear) }()
	}
	hint := ""
	if o.Duration == 0 {
		hint = " (press Enter to stop)"
	}
	for {
		select {
		case <-rec.Done():
			return
		case echoed := <-enter:
			if echoed {
				// The status line is now the one above the cursor; a tick
				// may also have drawn on the cursor's line after the echo.
				clear = clear + "\x1b[A" + clear
			}
			return
		case <-ctx.Done():
			return
		case <-tick:
			fmt.Fprintf(o.Status, "\r\x1b[Krecording… %.1fs%s", rec.Elapsed().Seconds(), hint)
		}
	}
}
