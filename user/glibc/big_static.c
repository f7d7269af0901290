/*
 * A 1 MiB initialised table (262144 distinct words, made by the
 * preprocessor), so that the binary itself is over 1 MiB; every word is
 * checked against the formula that made it, and a checksum printed.
 */
#include <stdint.h>
#include "check.h"

#define K 2654435761u
#define W0 ((uint32_t)(__COUNTER__ * K)),
#define W1 W0 W0 W0 W0
#define W2 W1 W1 W1 W1
#define W3 W2 W2 W2 W2
#define W4 W3 W3 W3 W3
#define W5 W4 W4 W4 W4
#define W6 W5 W5 W5 W5
#define W7 W6 W6 W6 W6
#define W8 W7 W7 W7 W7
#define W9 W8 W8 W8 W8

#define WORDS 262144
static const uint32_t table[WORDS] = { W9 };		/* 4^9 words */
static uint32_t writable[WORDS / 4] = { W8 };

int main(void)
{
	uint64_t sum = 0;

	for (uint32_t i = 0; i < WORDS; i++) {
		if (table[i] != (uint32_t)(i * K)) {
			printf("table[%u] = %08x, expected %08x\n", i, table[i], (uint32_t)(i * K));
			return 1;
		}
		sum += table[i];
	}
	for (uint32_t i = 0; i < WORDS / 4; i++) {
		CHECK(writable[i] == (uint32_t)((WORDS + i) * K));
		writable[i] ^= 0xffffffffu;
		sum += writable[i];
	}
	printf("%u + %u words match; checksum %016llx\n", WORDS, WORDS / 4,
	       (unsigned long long)sum);
	return 0;
}
