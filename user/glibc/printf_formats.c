/* printf's conversions, flags, widths and precisions; snprintf truncation. */
#include <inttypes.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

int main(void)
{
	char buf[16];

	printf("[%d] [%i] [%5d] [%-5d] [%05d] [%+d] [% d]\n", 42, -42, 42, 42, 42, 42, 42);
	printf("[%u] [%x] [%X] [%#x] [%o] [%#o]\n", 3000000000u, 0xbeef, 0xbeef, 255, 8, 8);
	printf("[%ld] [%lld] [%hd] [%hhu] [%zu] [%td]\n", -1234567890123L,
	       9223372036854775807LL, (short)70000, (unsigned char)300, sizeof(int64_t),
	       (ptrdiff_t)-7);
	printf("[%" PRId64 "] [%" PRIx64 "] [%" PRIu32 "]\n", INT64_MIN, UINT64_MAX, UINT32_MAX);
	printf("[%f] [%.2f] [%10.3f] [%-10.1f] [%e] [%.3E]\n", 3.14159265, 2.675, -1.5, 0.05,
	       123456.789, 0.000123456);
	printf("[%g] [%g] [%g] [%G] [%.10g]\n", 100000.0, 1000000.0, 0.0001, 1e-5, 1.0 / 3);
	printf("[%f] [%f] [%f]\n", 1.0 / 0.0, -1.0 / 0.0, 0.0 / 0.0 * 0.0);
	printf("[%s] [%.3s] [%8s] [%-8s] [%c] [%%]\n", "hello", "hello", "hi", "hi", 'x');
	printf("[%*d] [%-*d] [%.*f]\n", 6, 7, 6, 7, 2, 9.87654);
	int n = snprintf(buf, sizeof buf, "%s-%d", "truncated output", 12345);
	printf("snprintf returned %d, kept \"%s\" (%zu chars)\n", n, buf, strlen(buf));
	int pos;
	printf("abc%n", &pos);
	printf(" -> %%n stored %d\n", pos);
	return 0;
}
