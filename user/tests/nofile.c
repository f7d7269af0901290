/*
 * nofile: the descriptor table as Linux has it. RLIMIT_NOFILE starts at
 * 1024 (soft) and 4096 (hard); dup2 onto 100 or 1023 works and onto 1024
 * is EBADF; close-on-exec is kept per descriptor, above 32 too; a full
 * table gives EMFILE, also to an open of a missing file or an O_CREAT
 * (the table is looked at before the path, and nothing is created); a
 * raised soft limit lets the table grow to 4096, a lowered one leaves
 * the descriptors above it open; fork copies the table; the hard limit
 * only falls. Descriptors are picked high enough (40 and up) that any
 * the host's emulator holds do not matter (the linux suite).
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

#include "check.h"
#include "syscall.h"

/* Linux's numbers, for the raw calls. */
#define L_F_DUPFD 0
#define L_F_GETFD 1
#define L_F_SETFD 2
#define L_F_DUPFD_CLOEXEC 1030
#define SYS_fcntl_ 25
#define SYS_getrlimit_ 163
#define SYS_setrlimit_ 164

static long
fcntl_(int fd, int cmd, long arg)
{
	return as_libc(syscall3(SYS_fcntl_, fd, cmd, arg));
}

static long
set_nofile(uint64_t cur, uint64_t max)
{
	struct rlimit64 r = { cur, max };

	return prlimit64(0, RLIMIT_NOFILE, &r, NULL);
}

static void
check_write(const char *what, int fd)
{
	char line[64];
	int n = snprintf(line, sizeof line, "written through descriptor %d\n", fd);

	fflush(stdout);
	check_long(what, write(fd, line, n), n);
}

static void
starting_limits(void)
{
	struct rlimit64 r;

	check_long("prlimit64 reads RLIMIT_NOFILE", prlimit64(0, RLIMIT_NOFILE, NULL, &r), 0);
	check_long("soft limit", (long)r.rlim_cur, 1024);
	check_long("hard limit", (long)r.rlim_max, 4096);
}

static void
high_descriptors(void)
{
	check_long("dup2(1, 100)", dup2(1, 100), 100);
	check_write("write(100)", 100);
	check_long("dup3(1, 40, O_CLOEXEC)", dup3(1, 40, O_CLOEXEC), 40);
	check_long("dup3(1, 1023, O_CLOEXEC)", dup3(1, 1023, O_CLOEXEC), 1023);
	check_long("F_GETFD of 40", fcntl_(40, L_F_GETFD, 0), FD_CLOEXEC);
	check_long("F_GETFD of 100", fcntl_(100, L_F_GETFD, 0), 0);
	check_long("F_GETFD of 1023", fcntl_(1023, L_F_GETFD, 0), FD_CLOEXEC);
	check_long("F_SETFD 100 close-on-exec", fcntl_(100, L_F_SETFD, FD_CLOEXEC), 0);
	check_long("F_SETFD 40 not", fcntl_(40, L_F_SETFD, 0), 0);
	check_long("F_GETFD of 100 now", fcntl_(100, L_F_GETFD, 0), FD_CLOEXEC);
	check_long("F_GETFD of 40 now", fcntl_(40, L_F_GETFD, 0), 0);
	check_errno("dup2(1, 1024): at the soft limit", dup2(1, 1024), EBADF);
	check_errno("F_DUPFD from 1024", fcntl_(1, L_F_DUPFD, 1024), EINVAL);
	check_long("F_DUPFD from 1000", fcntl_(1, L_F_DUPFD, 1000), 1000);
	check_long("F_DUPFD_CLOEXEC from 1000", fcntl_(1, L_F_DUPFD_CLOEXEC, 1000), 1001);
	check_long("F_GETFD of 1000", fcntl_(1000, L_F_GETFD, 0), 0);
	check_long("F_GETFD of 1001", fcntl_(1001, L_F_GETFD, 0), FD_CLOEXEC);
	check_errno("F_DUPFD from 1023: none free", fcntl_(1, L_F_DUPFD, 1023), EMFILE);
	int closed = 0;
	int fds[] = { 40, 100, 1000, 1001, 1023 };
	for (size_t i = 0; i < sizeof fds / sizeof fds[0]; i++)
		closed += close(fds[i]) == 0;
	check_long("closed 40, 100, 1000, 1001, 1023", closed, 5);
	check_errno("close(1023) again", close(1023), EBADF);
}

/* dup until the table is full; what is refused then. */
static void
full_table(void)
{
	int fd, last = -1, p[2];

	while ((fd = dup(1)) >= 0)
		last = fd;
	check_errno("dup once the table is full", fd, EMFILE);
	check_long("the last descriptor dup gave", last, 1023);
	check_errno("open of an existing file", open("/tests/nofile", O_RDONLY), EMFILE);
	check_errno("open of a missing file", open("/no/such/file", O_RDONLY), EMFILE);
	check_errno("open(O_CREAT) of a new file", open("/nofile.new", O_WRONLY | O_CREAT, 0644),
		    EMFILE);
	check_errno("and it was not created", access("/nofile.new", F_OK), ENOENT);
	check_errno("pipe", pipe(p), EMFILE);
	check_errno("F_DUPFD from 0", fcntl_(1, L_F_DUPFD, 0), EMFILE);
	check_long("dup2 onto an open descriptor", dup2(1, 500), 500);
	check_long("close(700)", close(700), 0);
	check_long("dup takes 700 again", dup(1), 700);
}

static void
raised_limit(void)
{
	check_long("soft limit raised to 4096", set_nofile(4096, 4096), 0);
	check_long("dup above the old limit", dup(1), 1024);
	check_long("dup2(1, 4095)", dup2(1, 4095), 4095);
	check_write("write(4095)", 4095);
	check_long("dup3(1, 3000, O_CLOEXEC)", dup3(1, 3000, O_CLOEXEC), 3000);
	check_long("F_GETFD of 3000", fcntl_(3000, L_F_GETFD, 0), FD_CLOEXEC);
	check_long("F_GETFD of 4095", fcntl_(4095, L_F_GETFD, 0), 0);
	check_errno("dup2(1, 4096)", dup2(1, 4096), EBADF);
	check_errno("soft above hard", set_nofile(5000, 4096), EINVAL);
	check_errno("hard above 4096", set_nofile(4096, 8192), EPERM);
}

/* The child sees the parent's descriptors and flags; what it closes
 * stays open in the parent. */
static void
forked_copy(void)
{
	int status;

	fflush(stdout);
	pid_t pid = fork();
	if (pid == 0) {
		check_long("child: F_GETFD of 3000", fcntl_(3000, L_F_GETFD, 0), FD_CLOEXEC);
		check_write("child: write(4095)", 4095);
		check_long("child: close(4095)", close(4095), 0);
		check_long("child: close(1024)", close(1024), 0);
		fflush(stdout);
		_exit(0);
	}
	check_long("child exits 0", waitpid(pid, &status, 0) == pid && status == 0, 1);
	check_long("F_GETFD of 4095 after the child", fcntl_(4095, L_F_GETFD, 0), 0);
	check_long("F_GETFD of 1024 after the child", fcntl_(1024, L_F_GETFD, 0), 0);
}

static void
lowered_limits(void)
{
	struct rlimit64 r;

	check_long("soft limit lowered to 100", set_nofile(100, 4096), 0);
	check_long("F_GETFD of 3000 still", fcntl_(3000, L_F_GETFD, 0), FD_CLOEXEC);
	check_write("write(4095) still", 4095);
	check_errno("dup with none free below 100", dup(1), EMFILE);
	check_errno("dup2(1, 200)", dup2(1, 200), EBADF);
	check_long("close(3000)", close(3000), 0);
	r = (struct rlimit64){ 512, 2048 };
	check_long("setrlimit(512, 2048)", syscall2(SYS_setrlimit_, RLIMIT_NOFILE, &r), 0);
	r = (struct rlimit64){ 0, 0 };
	check_long("getrlimit", syscall2(SYS_getrlimit_, RLIMIT_NOFILE, &r), 0);
	check_long("getrlimit's soft limit", (long)r.rlim_cur, 512);
	check_long("getrlimit's hard limit", (long)r.rlim_max, 2048);
	check_errno("hard limit raised again", set_nofile(512, 4096), EPERM);
}

int
main(void)
{
	starting_limits();
	high_descriptors();
	full_table();
	raised_limit();
	forked_copy();
	lowered_limits();
	return 0;
}
