package providertest

import "runtime"

// LiveHeap is the live heap in bytes after two collections (the second
// empties the sync.Pools' victim caches, which nobody keeps): what memory
// tests compare before and after the work they measure.
func LiveHeap() uint64 {
	runtime.GC()
	runtime.GC()
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	return ms.HeapAlloc
}
