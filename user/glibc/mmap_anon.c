/* Anonymous mmap: a large private mapping, munmap, mprotect, MAP_SHARED across fork. */
#include <stdint.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

int main(void)
{
	size_t len = 8 << 20;
	unsigned char *p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				-1, 0);
	CHECK(p != MAP_FAILED);
	printf("page aligned: %d\n", ((uintptr_t)p & 4095) == 0);
	int zero = 1;
	for (size_t i = 0; i < len; i += 4096)
		zero &= p[i] == 0;
	printf("fresh pages are zero: %d\n", zero);
	uint32_t sum = 0;
	for (size_t i = 0; i < len; i++)
		p[i] = (unsigned char)(i * 13);
	for (size_t i = 0; i < len; i += 997)
		sum += p[i];
	printf("8 MiB written, sample sum %u\n", sum);
	CHECK(munmap(p + 4096, 4096) == 0);
	CHECK(munmap(p, len) == 0);
	printf("munmap done\n");

	unsigned char *ro = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
				 -1, 0);
	CHECK(ro != MAP_FAILED);
	ro[0] = 42;
	CHECK(mprotect(ro, 4096, PROT_READ) == 0);
	printf("after mprotect(PROT_READ) still reads %d\n", ro[0]);
	fflush(stdout);
	pid_t c = fork();
	CHECK(c >= 0);
	if (c == 0) {
		ro[0] = 1;	/* must fault */
		_exit(0);
	}
	int status;
	CHECK(waitpid(c, &status, 0) == c);
	printf("child writing a read-only page: %s %d\n",
	       WIFSIGNALED(status) ? "signal" : "exit",
	       WIFSIGNALED(status) ? WTERMSIG(status) : WEXITSTATUS(status));

	int *shared = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(shared != MAP_FAILED);
	*shared = 1;
	fflush(stdout);
	c = fork();
	CHECK(c >= 0);
	if (c == 0) {
		*shared = 7;
		_exit(0);
	}
	CHECK(waitpid(c, &status, 0) == c);
	printf("MAP_SHARED sees the child's store: %d\n", *shared);
	CHECK(munmap(shared, 4096) == 0);

	CHECK_ERR("mmap of length 0", mmap(NULL, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0)
		  == MAP_FAILED ? -1 : 0, EINVAL);
	CHECK_ERR("munmap unaligned", munmap((void *)((uintptr_t)ro + 1), 4096), EINVAL);
	return 0;
}
