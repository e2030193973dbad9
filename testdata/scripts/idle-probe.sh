#!/usr/bin/env bash
# idle-probe: run parley idle in a detached tmux pane and report how often
# its threads wake (context switches per second, summed over every thread in
# /proc/PID/task/*/status) and its resident memory. Used by the idle test
# (skipped without tmux) and by hand:
#
#   testdata/scripts/idle-probe.sh ./parley 10 [ARGS...]
#
# It prints one line: "wakeups/s=N.N rss_kb=N cpu_pct=N.NN anon_kb=N
# file_kb=N" (resident memory, then its private and its file-backed part:
# the executable's pages). The
# measurement starts once the pane shows IDLE_PROBE_WAIT (default: the
# composer's placeholder, so the first screen is up) and a second passed.
# The environment reaches parley as it is: sandbox HOME and the data
# directory before calling it.
set -euo pipefail
bin=$1 secs=${2:-10}
shift 2 || shift $#
sock="parley-idle-$$"
tmux -L "$sock" -f /dev/null new-session -d -x 120 -y 40 "$bin $*"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true' EXIT
# Wait for the process and its first screen to settle.
pid=""
for _ in $(seq 1 100); do
	pid=$(tmux -L "$sock" list-panes -F '#{pane_pid}' 2>/dev/null | head -1)
	[ -n "$pid" ] && [ -r "/proc/$pid/status" ] && break
	sleep 0.1
done
[ -n "$pid" ] || { echo "idle-probe: parley did not start" >&2; exit 1; }
want=${IDLE_PROBE_WAIT:-Message}
for _ in $(seq 1 100); do
	tmux -L "$sock" capture-pane -p 2>/dev/null | grep -q -- "$want" && break
	sleep 0.1
done
tmux -L "$sock" capture-pane -p | grep -q -- "$want" || {
	echo "idle-probe: the screen never showed \"$want\":" >&2
	tmux -L "$sock" capture-pane -p >&2
	exit 1
}
sleep 1 # let the start-up queries and the first frames pass
switches() {
	local total=0 n
	for f in /proc/"$pid"/task/*/status; do
		n=$(awk '/ctxt_switches/ {s+=$2} END {print s+0}' "$f" 2>/dev/null || echo 0)
		total=$((total + n))
	done
	echo "$total"
}
ticks() { awk '{print $14+$15}' "/proc/$pid/stat"; }
s0=$(switches) t0=$(ticks)
sleep "$secs"
s1=$(switches) t1=$(ticks)
hz=$(getconf CLK_TCK)
field() { awk -v k="$1:" '$1 == k {print $2}' "/proc/$pid/status"; }
rss=$(field VmRSS) anon=$(field RssAnon) file=$(field RssFile)
awk -v s0="$s0" -v s1="$s1" -v t0="$t0" -v t1="$t1" -v secs="$secs" -v hz="$hz" \
	-v rss="$rss" -v anon="$anon" -v file="$file" \
	'BEGIN {printf "wakeups/s=%.1f rss_kb=%d cpu_pct=%.2f anon_kb=%d file_kb=%d\n", (s1-s0)/secs, rss, (t1-t0)/hz/secs*100, anon, file}'
