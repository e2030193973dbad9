package ui

import (
	"fmt"
	"os"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"parley/providers/providertest"
	"parley/session"
	"parley/ui/graphics"
)

// twentyImages is a 100×40 sixel model at the bottom of a conversation of
// 20 messages with a 1024×1024 picture each.
func twentyImages(b *testing.B, pic []byte) *Model {
	store := blobs{}
	var msgs []session.Message
	for i := range 20 {
		blob := fmt.Sprintf("pic%02d", i)
		store[blob] = pic
		msgs = append(msgs, imageMsg(fmt.Sprintf("picture %d", i), blob, 1024, 1024))
	}
	return newImageModel(b, graphics.Sixel, store, 100, 40, msgs...)
}

// BenchmarkImageScrollFirstViews measures the UI goroutine's work per
// PgUp step from the bottom to the top of a 20-image conversation, every
// image seen for the first time: the Update of the key, the Updates of
// the encodes' results and placement timers, and a View after each.
// Encoding runs off the UI goroutine and is not counted. It also reports
// the heap in use and the resident size after all 20 images were viewed,
// the CPU time of the whole process per step (the encodes included), and
// how long after the key the step's new images stood at their final
// quality on screen (encoded in the pool and placed: ready-ms, mean and
// worst). "reading" waits between steps until the images a screen ahead
// are encoded too, as they are while a user reads; "no-pause" presses
// PgUp again as soon as the view is at final quality, the encodes ahead
// still running.
func BenchmarkImageScrollFirstViews(b *testing.B) {
	pic := providertest.NoisePNG(b, 1024, 1024, 0)
	b.Run("reading", func(b *testing.B) { scrollFirstViews(b, pic, true) })
	b.Run("no-pause", func(b *testing.B) { scrollFirstViews(b, pic, false) })
}

func scrollFirstViews(b *testing.B, pic []byte, reading bool) {
	var ui, ready, worst time.Duration
	steps := 0
	var heap, rss float64
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		m := twentyImages(b, pic)
		d := newImgDriver(b, m)
		d.settle()
		d.ui = &ui
		b.StartTimer()
		c0 := cpuNow()
		for !atTop(m) {
			t0 := time.Now()
			d.send(tea.KeyPressMsg{Code: tea.KeyPgUp})
			_ = m.View()
			ui += time.Since(t0)
			d.send(nil)
			d.until("the images in view", m.img.InView)
			r := time.Since(t0)
			ready, worst = ready+r, max(worst, r)
			steps++
			if reading { // the encodes ahead finish; their Updates count as UI work
				d.until("the encodes ahead", func() bool { return d.loop.Running() == 0 && imagesIdle(m) })
			}
		}
		d.until("the encodes ahead", func() bool { return d.loop.Running() == 0 && imagesIdle(m) })
		cpu += cpuNow() - c0
		b.StopTimer()
		heap, rss = memNow()
		runtime.KeepAlive(m)
		b.StartTimer()
	}
	b.ReportMetric(float64(ui.Microseconds())/1000/float64(steps), "ui-ms/step")
	b.ReportMetric(float64(cpu.Microseconds())/1000/float64(steps), "cpu-ms/step")
	b.ReportMetric(float64(ready.Microseconds())/1000/float64(steps), "ready-ms/step")
	b.ReportMetric(float64(worst.Microseconds())/1000, "worst-ready-ms")
	b.ReportMetric(heap, "heap-MB")
	b.ReportMetric(rss, "rss-MB")
}

// atTop reports whether the transcript shows its first entry's top.
func atTop(m *Model) bool {
	i, skip := m.chat.Top()
	return i == 0 && skip == 0
}

// memNow is the heap in use after a collection and the process's
// resident size, in MB.
func memNow() (heap, rss float64) {
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	heap = float64(ms.HeapInuse) / (1 << 20)
	if data, err := os.ReadFile("/proc/self/status"); err == nil {
		for _, l := range strings.Split(string(data), "\n") {
			if f := strings.Fields(l); len(f) >= 2 && f[0] == "VmRSS:" {
				kb, _ := strconv.ParseFloat(f[1], 64)
				rss = kb / 1024
			}
		}
	}
	return heap, rss
}

// cpuNow is the CPU time the process used so far, on all its threads.
func cpuNow() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
