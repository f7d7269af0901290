/*
 * Helpers shared by the test programs: each check prints what it
 * verified, or the expected and actual values and exits 1 on the first
 * wrong answer.
 */
#ifndef TESTS_CHECK_H
#define TESTS_CHECK_H

#include <errno.h>
#ifndef ENOTBLK
#define ENOTBLK 15	/* RV32's picolibc hides it without __LINUX_ERRNO_EXTENSIONS__ */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "syscall.h"
#include "linux/personality.h"	/* ADDR_NO_RANDOMIZE, for steady_pages */

/* How child pid ended: its exit status, 128 + the signal that killed
 * it, or -1 if waitpid failed. */
static inline int
wait_status(pid_t pid)
{
	int status;

	if (waitpid(pid, &status, 0) != pid)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

/* A raw system call's result as a libc call gives it: -1 and errno, in
 * the C library's numbering (syscall.h's syscall_result); an address
 * (mmap's) passes through. */
static inline long
as_libc(long r)
{
	return syscall_result(r);
}

static inline const char *
errno_name(int e)
{
	static const struct { int no; const char *name; } names[] = {
		{ 0, "0" },	      { EPERM, "EPERM" },   { ENOENT, "ENOENT" },
		{ ESRCH, "ESRCH" },   { EINTR, "EINTR" },   { EIO, "EIO" },
		{ E2BIG, "E2BIG" },   { ENOEXEC, "ENOEXEC" }, { EBADF, "EBADF" },
		{ ECHILD, "ECHILD" }, { EAGAIN, "EAGAIN" }, { ENOMEM, "ENOMEM" },
		{ EACCES, "EACCES" }, { EFAULT, "EFAULT" }, { EEXIST, "EEXIST" },
		{ ENOTDIR, "ENOTDIR" }, { EISDIR, "EISDIR" }, { EINVAL, "EINVAL" },
		{ EMFILE, "EMFILE" }, { ENOTTY, "ENOTTY" }, { ESPIPE, "ESPIPE" },
		{ ERANGE, "ERANGE" }, { ENOSYS, "ENOSYS" }, { ENAMETOOLONG, "ENAMETOOLONG" },
		{ EPIPE, "EPIPE" },   { EROFS, "EROFS" },   { EBUSY, "EBUSY" },
		{ EXDEV, "EXDEV" },   { ENOSPC, "ENOSPC" }, { EFBIG, "EFBIG" },
		{ ENOTEMPTY, "ENOTEMPTY" }, { ETXTBSY, "ETXTBSY" }, { ELIBBAD, "ELIBBAD" },
		{ ENOTEMPTY, "ENOTEMPTY" }, { ETXTBSY, "ETXTBSY" }, { ENOTBLK, "ENOTBLK" }, { ENODEV, "ENODEV" },
		{ ELOOP, "ELOOP" },   { ENXIO, "ENXIO" },   { ETIMEDOUT, "ETIMEDOUT" },
	};
	static char other[16];

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (names[i].no == e)
			return names[i].name;
	snprintf(other, sizeof other, "errno %d", e);
	return other;
}

static inline void
fail(void)
{
	fflush(stdout);
	exit(1);
}

/* got must equal want. */
static inline void
check_long(const char *what, long got, long want)
{
	if (got != want) {
		printf("FAIL %s: expected %ld, got %ld\n", what, want, got);
		fail();
	}
	printf("ok %s = %ld\n", what, got);
}

/* A call that must fail: ret == -1 and errno == want. */
static inline void
check_errno(const char *what, long ret, int want)
{
	int e = errno;

	if (ret != -1 || e != want) {
		printf("FAIL %s: expected -1 %s, got %ld %s\n", what,
		       errno_name(want), ret, ret == -1 ? errno_name(e) : "");
		fail();
	}
	printf("ok %s -> %s\n", what, errno_name(want));
}

/* Free memory in 4 KiB pages (sysinfo), for checks that none leaked:
 * free pages and the text cache's (bufferram), which is given back on
 * demand and keeps the pages of programs that have exited. */
static inline long
free_pages(void)
{
	struct sysinfo si;

	if (sysinfo(&si) < 0) {
		printf("FAIL sysinfo: %s\n", strerror(errno));
		fail();
	}
	return (long)((si.freeram + si.bufferram) * si.mem_unit / 4096);
}

/* Re-execs the calling test loaded eagerly and with its layout fixed
 * (ADDR_NO_RANDOMIZE), unless it already runs so, so that the free page
 * count it checks moves only with what it does: neither its own pages
 * coming in as it runs (lazy loading, the default unless booted with
 * loader=eager) nor a random layout's page-table pages (a region that
 * lands in a leaf table of its own) count. */
static inline void
steady_pages(char **argv)
{
	struct loadstat self;
	char path[256];
	ssize_t n = readlink("/proc/self/exe", path, sizeof path - 1);
	long persona = syscall1(SYS_personality, 0xffffffff);

	if (loadstat(LOADSTAT_SELF, &self) < 0 || n <= 0 || persona < 0)
		return;
	if (!self.lazy && (persona & ADDR_NO_RANDOMIZE))
		return;
	path[n] = 0;
	loader_mode(LOADER_EAGER);
	syscall1(SYS_personality, persona | ADDR_NO_RANDOMIZE);
	execve(path, argv, environ);
	printf("FAIL re-exec %s steadily: %s\n", path, errno_name(errno));
	fail();
}

/* A raw system call's result as a libc gives it: -1 with errno set. */
static inline long
sysret(long r)
{
	return syscall_result(r);
}

static inline void
check_str(const char *what, const char *got, const char *want)
{
	if (got == NULL || strcmp(got, want) != 0) {
		printf("FAIL %s: expected \"%s\", got \"%s\"\n", what, want,
		       got ? got : "(null)");
		fail();
	}
	printf("ok %s = \"%s\"\n", what, got);
}

/* The monotonic clock in milliseconds. */
static inline long
now_ms(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* Sleeps ms milliseconds. */
static inline void
pause_ms(long ms)
{
	struct timespec t = { ms / 1000, ms % 1000 * 1000000 };

	nanosleep(&t, NULL);
}
#endif
