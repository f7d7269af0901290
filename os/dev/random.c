/* Random bytes for AT_RANDOM and getrandom(2): splitmix64 over the clock
 * and a shared counter. Fresh on every call, not cryptographic. */
#include "kern/kern.h"
#include "dev/dev.h"

void random_bytes(void *dst, size_t n)
{
	static uint64_t state;
	uint8_t *out = dst;
	uint64_t x = __atomic_add_fetch(&state, 0x9e3779b97f4a7c15ULL, __ATOMIC_RELAXED);

	x ^= r_time();
	for (size_t i = 0; i < n; i++) {
		if (i % 8 == 0) {
			uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
			z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
			z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
			x ^= z ^ (z >> 31);
		}
		out[i] = (uint8_t)(x >> (8 * (i % 8)));
	}
}
