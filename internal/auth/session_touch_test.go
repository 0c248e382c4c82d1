package auth

import (
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Of many requests of one session arriving together, one writes the last-seen time.
func TestOnlyOneOfManyRequestsTouchesASession(t *testing.T) {
	var tc touches
	now := time.Now()
	var winners atomic.Int32
	var wg sync.WaitGroup
	for range 32 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if tc.claim("s:abc", now) {
				winners.Add(1)
			}
		}()
	}
	wg.Wait()
	if winners.Load() != 1 {
		t.Fatalf("%d requests touched the session, want 1", winners.Load())
	}
	if tc.claim("s:abc", now.Add(30*time.Second)) {
		t.Error("touched again within the minute")
	}
	if !tc.claim("s:abc", now.Add(61*time.Second)) {
		t.Error("not touched after a minute")
	}
}
