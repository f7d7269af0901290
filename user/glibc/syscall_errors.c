/*
 * Every system call the kernel implements, called raw with a bad user
 * pointer (EFAULT), a bad descriptor (EBADF) or a bad argument (EINVAL and
 * friends); each must fail with Linux's errno and the system must survive.
 */
#include <fcntl.h>
#include <signal.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

#define BAD ((long)8)	/* below every mapping */
#define NOFD 99

static int failed;

static void expect(const char *what, long r, int e)
{
	int got = r == -1 ? errno : 0;

	if (got != e) {
		printf("FAIL %s: returned %ld, errno %s; expected %s\n", what, r,
		       got ? strerror(got) : "none", strerror(e));
		failed = 1;
		return;
	}
	printf("%-44s %s\n", what, strerror(e));
}

#define T(e, n, ...) do { errno = 0; expect(#n " " #__VA_ARGS__, syscall(n, __VA_ARGS__), e); } while (0)

int main(void)
{
	char buf[64];
	struct timespec ts = { 0, 2000000000 };
	long sigact[3] = { 0, 0, 0 };
	int fd, dirfd, fds[2];

	fd = open("syscall_errors.dat", O_RDWR | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, "0123456789", 10) == 10 && lseek(fd, 0, SEEK_SET) == 0);
	dirfd = open(".", O_RDONLY | O_DIRECTORY);
	CHECK(dirfd >= 0);

	T(EFAULT, SYS_getcwd, BAD, 100);
	T(ERANGE, SYS_getcwd, buf, 1);
	T(EBADF, SYS_dup, NOFD);
	T(EBADF, SYS_dup3, NOFD, 20, 0);
	T(EINVAL, SYS_dup3, fd, fd, 0);
	T(EINVAL, SYS_dup3, fd, 20, 0x1234);
	T(EBADF, SYS_ioctl, NOFD, 0x5401, buf);
	T(EFAULT, SYS_mkdirat, AT_FDCWD, BAD, 0755);
	T(EBADF, SYS_mkdirat, NOFD, "x", 0755);
	T(EFAULT, SYS_unlinkat, AT_FDCWD, BAD, 0);
	T(EINVAL, SYS_unlinkat, AT_FDCWD, "x", 0x1234);
	T(EBADF, SYS_ftruncate, NOFD, 0);
	T(EINVAL, SYS_ftruncate, fd, -1);
	T(EFAULT, SYS_chdir, BAD);
	T(EFAULT, SYS_openat, AT_FDCWD, BAD, O_RDONLY, 0);
	T(EBADF, SYS_openat, NOFD, "relative", O_RDONLY, 0);
	T(EBADF, SYS_close, NOFD);
	T(EFAULT, SYS_pipe2, BAD, 0);
	T(EINVAL, SYS_pipe2, fds, 0x1234);
	T(EBADF, SYS_getdents64, NOFD, buf, sizeof buf);
	T(EFAULT, SYS_getdents64, dirfd, BAD, 4096);
	T(ENOTDIR, SYS_getdents64, fd, buf, sizeof buf);
	T(EBADF, SYS_lseek, NOFD, 0, SEEK_SET);
	T(EINVAL, SYS_lseek, fd, 0, 99);
	T(EBADF, SYS_read, NOFD, buf, 1);
	T(EFAULT, SYS_read, fd, BAD, 10);
	T(EBADF, SYS_write, NOFD, buf, 1);
	T(EFAULT, SYS_write, fd, BAD, 10);
	T(EINVAL, SYS_pread64, fd, buf, 1, -1);
	T(EFAULT, SYS_pwrite64, fd, BAD, 10, 0);
	T(EFAULT, SYS_newfstatat, AT_FDCWD, "syscall_errors.dat", BAD, 0);
	T(EFAULT, SYS_newfstatat, AT_FDCWD, BAD, buf, 0);
	T(EINVAL, SYS_newfstatat, AT_FDCWD, "syscall_errors.dat", buf, 0x1234);
	T(EBADF, SYS_fstat, NOFD, buf);
	T(EFAULT, SYS_fstat, fd, BAD);
	T(EBADF, SYS_fsync, NOFD);
	T(EBADF, SYS_fdatasync, NOFD);
	T(EINVAL, SYS_nanosleep, &ts, 0);
	T(EFAULT, SYS_clock_gettime, CLOCK_MONOTONIC, BAD);
	T(EINVAL, SYS_clock_gettime, 999, buf);
	T(EINVAL, SYS_kill, getpid(), 99);
	T(ESRCH, SYS_kill, 999999, 0);
	T(EINVAL, SYS_rt_sigaction, 99, sigact, 0, 8);
	T(EINVAL, SYS_rt_sigaction, SIGKILL, sigact, 0, 8);
	T(EINVAL, SYS_rt_sigaction, SIGUSR1, sigact, 0, 4);
	T(EFAULT, SYS_rt_sigaction, SIGUSR1, BAD, 0, 8);
	T(EFAULT, SYS_rt_sigaction, SIGUSR1, 0, BAD, 8);
	T(EINVAL, SYS_setpgid, -1, 0);
	T(ESRCH, SYS_getpgid, 999999);
	T(EFAULT, SYS_uname, BAD);
	T(EFAULT, SYS_sysinfo, BAD);
	T(EINVAL, SYS_clone, 0x10000, 0, 0, 0, 0);	/* CLONE_THREAD alone */
	T(EFAULT, SYS_execve, BAD, 0, 0);
	T(EACCES, SYS_execve, "/", 0, 0);
	T(ECHILD, SYS_wait4, -1, BAD, 0, 0);
	T(EINVAL, SYS_wait4, -1, buf, 0x12345, 0);
	T(EFAULT, SYS_renameat2, AT_FDCWD, BAD, AT_FDCWD, "x", 0);
	T(EINVAL, SYS_renameat2, AT_FDCWD, "a", AT_FDCWD, "b", 0x1234);
	T(ENOSYS, 1000, 0);

	fflush(stdout);
	pid_t p = fork();
	CHECK(p >= 0);
	if (p == 0)
		_exit(3);
	errno = 0;
	expect("wait4 into a bad status pointer", syscall(SYS_wait4, p, BAD, 0, 0), EFAULT);
	int status;
	errno = 0;
	long r = syscall(SYS_wait4, p, &status, 0, 0);
	printf("the child is still there to reap afterwards: %d\n", r == p);
	CHECK(close(fd) == 0 && close(dirfd) == 0);
	CHECK(unlink("syscall_errors.dat") == 0);
	printf("still running after all of them\n");
	return failed;
}
