/*
 * nofileexec: execve closes the descriptors marked close-on-exec and
 * keeps the others, wherever they are in the table (40 and 41, 1000 and
 * 1001, 3000 and 3001 past the soft limit raised to 4096), and the new
 * program keeps the raised limit.
 */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

#define L_F_GETFD 1
#define SYS_fcntl_ 25

static const int marked[] = { 40, 1000, 3000 };

/* F_GETFD as a libc call gives it: -1 and errno. */
static long
getfd(int fd)
{
	long r = syscall3(SYS_fcntl_, fd, L_F_GETFD, 0);

	if (r >= 0)
		return r;
	errno = (int)-r;
	return -1;
}

static int
after_exec(void)
{
	struct rlimit64 r;
	char what[64];

	check_long("prlimit64 after exec", prlimit64(0, RLIMIT_NOFILE, NULL, &r), 0);
	check_long("soft limit kept", (long)r.rlim_cur, 4096);
	for (size_t i = 0; i < sizeof marked / sizeof marked[0]; i++) {
		snprintf(what, sizeof what, "close-on-exec %d is closed", marked[i]);
		check_errno(what, getfd(marked[i]), EBADF);
		snprintf(what, sizeof what, "%d is open, not close-on-exec", marked[i] + 1);
		check_long(what, getfd(marked[i] + 1), 0);
	}
	return 0;
}

int
main(int argc, char **argv)
{
	struct rlimit64 r = { 4096, 4096 };
	char self[256];
	char *args[] = { argv[0], "after", NULL };
	ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);

	if (argc > 1 && strcmp(argv[1], "after") == 0)
		return after_exec();
	check_long("soft limit raised to 4096", prlimit64(0, RLIMIT_NOFILE, &r, NULL), 0);
	for (size_t i = 0; i < sizeof marked / sizeof marked[0]; i++) {
		check_long("dup3 O_CLOEXEC", dup3(1, marked[i], O_CLOEXEC), marked[i]);
		check_long("dup3", dup3(1, marked[i] + 1, 0), marked[i] + 1);
	}
	check_long("readlink /proc/self/exe", n > 0, 1);
	self[n] = 0;
	fflush(stdout);
	execve(self, args, environ);
	printf("FAIL execve %s: %s\n", self, errno_name(errno));
	return 1;
}
