/*
 * Resource limits and usage through musl: getrlimit/setrlimit/prlimit
 * (RLIMIT_NOFILE enforced by open, RLIMIT_FSIZE by write, RLIMIT_CORE;
 * not RLIMIT_AS, which qemu-riscv64 does not apply to its guest), getrusage of self, children and thread, and their
 * errors. Limits are inherited, so only relations between them print.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"

static void nofile(void)
{
	struct rlimit old, r;

	CHECK(getrlimit(RLIMIT_NOFILE, &old) == 0);
	SAY("RLIMIT_NOFILE soft <= hard", old.rlim_cur <= old.rlim_max);
	SAY("sysconf(_SC_OPEN_MAX) is the soft limit", sysconf(_SC_OPEN_MAX) == (long)old.rlim_cur);
	r = old;
	r.rlim_cur = 10;
	CHECK(setrlimit(RLIMIT_NOFILE, &r) == 0);
	int last = -1, fd;
	while ((fd = open("/", O_RDONLY)) >= 0)
		last = fd;
	printf("RLIMIT_NOFILE 10: open stops with %s, the last fd %d\n", errname(errno), last);
	CHECK_ERR("dup2 to fd 10", dup2(0, 10), EBADF);
	CHECK_ERR("F_DUPFD from 10", fcntl(0, F_DUPFD, 10), EINVAL);
	for (fd = 3; fd <= last; fd++)
		close(fd);
	r.rlim_cur = old.rlim_max + (old.rlim_max != RLIM_INFINITY);
	if (old.rlim_max != RLIM_INFINITY)
		CHECK_ERR("soft above hard", setrlimit(RLIMIT_NOFILE, &r), EINVAL);
	CHECK(setrlimit(RLIMIT_NOFILE, &old) == 0);
	CHECK(getrlimit(RLIMIT_NOFILE, &r) == 0);
	SAY("restored", r.rlim_cur == old.rlim_cur);
}

static void fsize(void)
{
	struct rlimit old, r = { 1000, 1000 };
	int fd = open("rlimits.f", O_CREAT | O_WRONLY | O_TRUNC, 0644);
	char buf[600] = { 0 };

	CHECK(fd >= 0);
	CHECK(getrlimit(RLIMIT_FSIZE, &old) == 0);
	signal(SIGXFSZ, SIG_IGN);
	r.rlim_max = old.rlim_max;
	CHECK(setrlimit(RLIMIT_FSIZE, &r) == 0);
	printf("RLIMIT_FSIZE 1000: write 600: %zd\n", write(fd, buf, 600));
	printf("write 600 more: %zd (a short write up to the limit)\n", write(fd, buf, 600));
	CHECK_ERR("write at the limit", write(fd, buf, 1), EFBIG);
	CHECK_ERR("ftruncate past the limit", ftruncate(fd, 5000), EFBIG);
	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGXFSZ, SIG_DFL);
		write(fd, buf, 1);
		_exit(0);
	}
	int st;
	CHECK(waitpid(pid, &st, 0) == pid);
	printf("with SIGXFSZ at its default: killed by SIGXFSZ: %s\n",
	       WIFSIGNALED(st) && WTERMSIG(st) == SIGXFSZ ? "yes" : "no");
	CHECK(setrlimit(RLIMIT_FSIZE, &old) == 0);
	CHECK(close(fd) == 0);
	CHECK(unlink("rlimits.f") == 0);
}

static void others(void)
{
	struct rlimit old, r;

	CHECK(getrlimit(RLIMIT_CORE, &old) == 0);
	r.rlim_cur = 0;
	r.rlim_max = old.rlim_max;
	CHECK(setrlimit(RLIMIT_CORE, &r) == 0);
	CHECK(getrlimit(RLIMIT_CORE, &r) == 0);
	printf("RLIMIT_CORE set to 0: %llu\n", (unsigned long long)r.rlim_cur);
	CHECK(prlimit(0, RLIMIT_CORE, &old, &r) == 0);
	printf("prlimit returns the old value: %llu\n", (unsigned long long)r.rlim_cur);
	CHECK(getrlimit(RLIMIT_STACK, &r) == 0);
	SAY("RLIMIT_STACK soft at least 1 MiB", r.rlim_cur >= 1 << 20);
	CHECK_ERR("getrlimit bad resource", getrlimit(99, &r), EINVAL);
	CHECK_ERR("setrlimit bad resource", setrlimit(99, &r), EINVAL);
	CHECK_ERR("prlimit no such pid", prlimit(0x7ffffff0, RLIMIT_CORE, NULL, &r), ESRCH);

	struct rusage ru;
	volatile unsigned long spin = 0;
	for (unsigned long i = 0; i < 20000000; i++)
		spin++;
	CHECK(getrusage(RUSAGE_SELF, &ru) == 0);
	SAY("RUSAGE_SELF: some user time", ru.ru_utime.tv_sec > 0 || ru.ru_utime.tv_usec > 0);
	SAY("maxrss > 0", ru.ru_maxrss > 0);
	CHECK(getrusage(RUSAGE_THREAD, &ru) == 0);
	SAY("RUSAGE_THREAD: some user time", ru.ru_utime.tv_sec > 0 || ru.ru_utime.tv_usec > 0);
	CHECK(getrusage(RUSAGE_CHILDREN, &ru) == 0);
	printf("RUSAGE_CHILDREN with none reaped yet: ok\n");
	CHECK_ERR("getrusage bad who", getrusage(42, &ru), EINVAL);
	CHECK_ERR("getrusage EFAULT", getrusage(RUSAGE_SELF, (struct rusage *)16), EFAULT);
}

int main(void)
{
	alarm(30);
	nofile();
	fsize();
	others();
	return 0;
}
