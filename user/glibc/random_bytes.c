/* getrandom and arc4random fill buffers; only the sizes are printed. */
#include <sys/random.h>
#include "check.h"

int main(void)
{
	unsigned char a[64], b[64];

	printf("getrandom(64): %zd\n", getrandom(a, sizeof a, 0));
	CHECK(getrandom(b, sizeof b, GRND_NONBLOCK) == sizeof b);
	printf("two draws differ: %d\n", memcmp(a, b, sizeof a) != 0);
	arc4random_buf(a, sizeof a);
	printf("arc4random_uniform(10) < 10: %d\n", arc4random_uniform(10) < 10);
	CHECK_ERR("getrandom with bad flags", getrandom(a, 1, 0x1000), EINVAL);
	return 0;
}
