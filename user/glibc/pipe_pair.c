/*
 * A pipe between parent and child: 256 KiB through it with a checksum,
 * end of file when the writer closes, and EPIPE (SIGPIPE ignored) when the
 * reader is gone.
 */
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

#define TOTAL (256 * 1024)

int main(void)
{
	int fds[2], status;
	unsigned char buf[4096];
	uint32_t sum = 0;
	long got = 0;
	ssize_t n;

	CHECK(pipe(fds) == 0);
	pid_t p = fork();
	CHECK(p >= 0);
	if (p == 0) {
		close(fds[0]);
		for (long off = 0; off < TOTAL; off += sizeof buf) {
			for (size_t i = 0; i < sizeof buf; i++)
				buf[i] = (unsigned char)((off + i) * 7);
			CHECK(write(fds[1], buf, sizeof buf) == sizeof buf);
		}
		_exit(0);
	}
	close(fds[1]);
	while ((n = read(fds[0], buf, sizeof buf)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			sum = sum * 31 + buf[i];
		got += n;
	}
	CHECK(n == 0);
	CHECK(waitpid(p, &status, 0) == p && WIFEXITED(status));
	printf("read %ld bytes, checksum %08x, child status %d\n", got, sum,
	       WEXITSTATUS(status));
	close(fds[0]);

	CHECK(pipe(fds) == 0);
	close(fds[0]);
	signal(SIGPIPE, SIG_IGN);
	CHECK_ERR("write with no reader", write(fds[1], "x", 1), EPIPE);
	close(fds[1]);
	return 0;
}
