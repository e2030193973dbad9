package termtest

import (
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// proc is a process the rig started or found below one it started. It is
// stopped by PID, and only if that PID still names the same process (its
// start time is unchanged): a PID can be reused once a process is gone.
type proc struct {
	pid    int
	start  string
	cmd    *exec.Cmd     // nil for a descendant found in /proc
	exited chan struct{} // closed when cmd has been waited for
}

// startProc starts cmd and reaps it in the background.
func startProc(cmd *exec.Cmd) (*proc, error) {
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p := &proc{pid: cmd.Process.Pid, start: startTime(cmd.Process.Pid), cmd: cmd, exited: make(chan struct{})}
	go func() { _ = cmd.Wait(); close(p.exited) }()
	return p, nil
}

// alive reports whether the process exists and is not a zombie.
func (p *proc) alive() bool {
	if p.cmd != nil {
		select {
		case <-p.exited:
			return false
		default:
			return true
		}
	}
	st := statFields(p.pid)
	return len(st) > 19 && st[0] != "Z" && st[19] == p.start
}

// stop sends SIGTERM, waits up to 5 s, then SIGKILL.
func (p *proc) stop() {
	if !p.alive() {
		return
	}
	_ = syscall.Kill(p.pid, syscall.SIGTERM)
	deadline := time.Now().Add(5 * time.Second)
	for p.alive() {
		if time.Now().After(deadline) {
			_ = syscall.Kill(p.pid, syscall.SIGKILL)
			break
		}
		time.Sleep(20 * time.Millisecond)
	}
	if p.cmd != nil {
		<-p.exited
	}
}

// descendants lists every process below pid (Linux /proc), with start times
// taken now, before anything is stopped.
func descendants(pid int) []*proc {
	var out []*proc
	tasks, _ := os.ReadDir("/proc/" + strconv.Itoa(pid) + "/task")
	for _, task := range tasks {
		b, _ := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/task/" + task.Name() + "/children")
		for _, f := range strings.Fields(string(b)) {
			c, err := strconv.Atoi(f)
			if err != nil {
				continue
			}
			out = append(out, &proc{pid: c, start: startTime(c)})
			out = append(out, descendants(c)...)
		}
	}
	return out
}

// statFields returns /proc/PID/stat's fields after the command name, so
// index 0 is the state and 19 the start time.
func statFields(pid int) []string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		return nil
	}
	s := string(b)
	if i := strings.LastIndexByte(s, ')'); i >= 0 {
		s = s[i+1:]
	}
	return strings.Fields(s)
}

func startTime(pid int) string {
	if st := statFields(pid); len(st) > 19 {
		return st[19]
	}
	return ""
}
