package images

import (
	"runtime"
	"sync"
)

// ticketState is where a job is in the pool.
type ticketState uint8

const (
	ticketNew       ticketState = iota // made by Sync, its Cmd not yet waiting
	ticketQueued                       // its Cmd waits for a worker
	ticketRunning                      // encoding
	ticketCancelled                    // dropped before it started
	ticketDone                         // finished
)

// ticket is one job's place in the pool. Sync makes it on the UI
// goroutine and may cancel or re-prioritise it there; the job's Cmd waits
// on it. Its fields are guarded by the pool's mutex.
type ticket struct {
	prio  int64 // higher runs first
	ahead bool  // work ahead of the view: never takes the last free worker
	state ticketState
	wake  chan struct{} // closed when it may run or is cancelled
}

// pool bounds the encodes running at once and picks the next by
// priority. It starts no goroutines: each job's Cmd (run by Bubble Tea)
// waits in acquire for its turn, so a job that is cancelled while it
// waits costs a parked goroutine and nothing else.
type pool struct {
	mu      sync.Mutex
	limit   int
	running int
	ahead   int // running tickets that are work ahead
	queue   []*ticket
}

// newPool is a pool of n workers (at most, and by default, the number of
// CPUs).
func newPool(n int) *pool {
	if n <= 0 || n > runtime.NumCPU() {
		n = runtime.NumCPU()
	}
	return &pool{limit: n}
}

func (p *pool) newTicket(prio int64, ahead bool) *ticket {
	return &ticket{prio: prio, ahead: ahead, wake: make(chan struct{})}
}

// aheadLimit is how many workers work ahead of the view may hold: all but
// one, so an image scrolled into view never waits for a whole encode of
// one that is not (a running job cannot be stopped).
func (p *pool) aheadLimit() int { return max(p.limit-1, 1) }

// acquire waits until t may run and reports true, or false when it was
// cancelled first. A true acquire must be followed by release.
func (p *pool) acquire(t *ticket) bool {
	p.mu.Lock()
	if t.state == ticketCancelled {
		p.mu.Unlock()
		return false
	}
	t.state = ticketQueued
	p.queue = append(p.queue, t)
	p.dispatch()
	p.mu.Unlock()
	<-t.wake
	p.mu.Lock()
	defer p.mu.Unlock()
	return t.state == ticketRunning
}

// release ends t's run and starts the next.
func (p *pool) release(t *ticket) {
	p.mu.Lock()
	defer p.mu.Unlock()
	t.state = ticketDone
	p.running--
	if t.ahead {
		p.ahead--
	}
	p.dispatch()
}

// dispatch starts queued tickets, highest priority first, while workers
// are free, work ahead only within aheadLimit. Called with mu held.
func (p *pool) dispatch() {
	for p.running < p.limit {
		best := -1
		for i, t := range p.queue {
			if t.ahead && p.ahead >= p.aheadLimit() {
				continue
			}
			if best < 0 || t.prio > p.queue[best].prio {
				best = i
			}
		}
		if best < 0 {
			return
		}
		t := p.queue[best]
		p.queue = append(p.queue[:best], p.queue[best+1:]...)
		t.state = ticketRunning
		p.running++
		if t.ahead {
			p.ahead++
		}
		close(t.wake)
	}
}

// cancel drops t if it has not started and reports whether it did.
func (p *pool) cancel(t *ticket) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	switch t.state {
	case ticketNew:
	case ticketQueued:
		for i, q := range p.queue {
			if q == t {
				p.queue = append(p.queue[:i], p.queue[i+1:]...)
				break
			}
		}
	default:
		return false
	}
	t.state = ticketCancelled
	close(t.wake)
	return true
}

// bump gives t a new priority and says whether it is now work ahead of
// the view; a waiting ticket that came into view may start at once.
func (p *pool) bump(t *ticket, prio int64, ahead bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	t.prio = prio
	if t.state == ticketRunning {
		return // it holds its worker as what it was when it started
	}
	t.ahead = ahead
	p.dispatch()
}

// waiting is how many jobs wait for a worker.
func (p *pool) waiting() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.queue)
}
