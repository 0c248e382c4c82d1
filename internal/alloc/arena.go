package alloc

// arena hands out zeroed slices for one component's network from buffers that the next component
// solved on the same goroutine reuses: the networks of a European instance add up to half a
// gigabyte, which the garbage collector would otherwise have to trace and free, with a live heap
// of a million demands beside it. Nothing taken from an arena may outlive the component.
type arena struct {
	i32 bump[int32]
	f64 bump[float64]
	u64 bump[uint64]
	bo  bump[bool]
}

func (a *arena) reset() {
	a.i32.off, a.f64.off, a.u64.off, a.bo.off = 0, 0, 0, 0
}

// bump is a bump allocator of one element type.
type bump[T any] struct {
	buf []T
	off int
}

// reserve makes room for n more elements in one buffer.
func (b *bump[T]) reserve(n int) {
	if b.off+n > len(b.buf) {
		b.buf = make([]T, max(n, len(b.buf)))
		b.off = 0
	}
}

// take returns n zeroed elements. When the buffer is full a larger one replaces it; what was
// taken from the old one stays valid.
func (b *bump[T]) take(n int) []T {
	if b.off+n > len(b.buf) {
		b.buf = make([]T, max(2*len(b.buf), n, 1<<10))
		b.off = 0
	}
	s := b.buf[b.off : b.off+n : b.off+n]
	clear(s)
	b.off += n
	return s
}
