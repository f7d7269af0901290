/*
 * C wrappers over the Linux system calls, with the prototypes picolibc's
 * headers declare. Each turns a -errno result into -1 and errno, and
 * translates the few numbers where newlib's headers and Linux disagree:
 * open flags, AT_* values, clock ids and errno values above 34.
 */
#include "linux_abi.h"	/* first: before libc's names */

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <sched.h>

#include <sys/mman.h>
#include "syscall.h"

/* Linux errno -> picolibc errno, for the values where they differ. */
static const struct { short linux_no, libc_no; } errno_map[] = {
	{ LINUX_EDEADLK, EDEADLK },       { LINUX_ENAMETOOLONG, ENAMETOOLONG },
	{ LINUX_ENOLCK, ENOLCK },         { LINUX_ENOSYS, ENOSYS },
	{ LINUX_ENOTEMPTY, ENOTEMPTY },   { LINUX_ELOOP, ELOOP },
	{ LINUX_ENODATA, ENODATA },       { LINUX_ETIME, ETIME },
	{ LINUX_EOVERFLOW, EOVERFLOW },   { LINUX_ELIBBAD, ELIBBAD },
	{ LINUX_EOPNOTSUPP, EOPNOTSUPP }, { LINUX_ETIMEDOUT, ETIMEDOUT },
};

/* picolibc O_* flag -> Linux O_* flag; the access mode (low 2 bits) agrees. */
static const struct { int libc_flag, linux_flag; } oflag_map[] = {
	{ O_CREAT, LINUX_O_CREAT },         { O_EXCL, LINUX_O_EXCL },
	{ O_NOCTTY, LINUX_O_NOCTTY },       { O_TRUNC, LINUX_O_TRUNC },
	{ O_APPEND, LINUX_O_APPEND },       { O_NONBLOCK, LINUX_O_NONBLOCK },
	{ O_SYNC, LINUX_O_SYNC },           { O_DIRECTORY, LINUX_O_DIRECTORY },
	{ O_NOFOLLOW, LINUX_O_NOFOLLOW },   { O_CLOEXEC, LINUX_O_CLOEXEC },
};

long
syscall_result(long r)
{
	if (r < 0 && r > -4096) {
		int e = (int)-r;
		for (size_t i = 0; i < sizeof errno_map / sizeof errno_map[0]; i++)
			if (errno_map[i].linux_no == e)
				e = errno_map[i].libc_no;
		errno = e;
		return -1;
	}
	return r;
}

static int
linux_oflags(int flags)
{
	int out = flags & O_ACCMODE;

	for (size_t i = 0; i < sizeof oflag_map / sizeof oflag_map[0]; i++)
		if (flags & oflag_map[i].libc_flag)
			out |= oflag_map[i].linux_flag;
	return out;
}

static int
linux_dirfd(int dirfd)
{
	return dirfd == AT_FDCWD ? LINUX_AT_FDCWD : dirfd;
}

ssize_t
read(int fd, void *buf, size_t n)
{
	return syscall_result(syscall3(SYS_read, fd, buf, n));
}

ssize_t
write(int fd, const void *buf, size_t n)
{
	return syscall_result(syscall3(SYS_write, fd, buf, n));
}

int
openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = (flags & O_CREAT) ? va_arg(ap, int) : 0;
	va_end(ap);
	return syscall_result(syscall4(SYS_openat, linux_dirfd(dirfd), path,
			      linux_oflags(flags), mode));
}

int
open(const char *path, int flags, ...)
{
	va_list ap;
	int mode;

	va_start(ap, flags);
	mode = (flags & O_CREAT) ? va_arg(ap, int) : 0;
	va_end(ap);
	return syscall_result(syscall4(SYS_openat, LINUX_AT_FDCWD, path,
			      linux_oflags(flags), mode));
}

int
close(int fd)
{
	return syscall_result(syscall1(SYS_close, fd));
}

/* rv32 Linux has llseek (the offset in two halves, the result through
 * a pointer) where rv64 has lseek, under the same number. */
off_t
lseek(int fd, off_t off, int whence)
{
#if __riscv_xlen == 32
	int64_t wide = off, result;
	long r = syscall_result(syscall5(SYS_llseek, fd, (uint32_t)((uint64_t)wide >> 32),
				(uint32_t)wide, &result, whence));
	if (r < 0)
		return -1;
	if (result != (off_t)result) {
		errno = EOVERFLOW;
		return -1;
	}
	return (off_t)result;
#else
	return syscall_result(syscall3(SYS_lseek, fd, off, whence));
#endif
}

int
dup(int fd)
{
	return syscall_result(syscall1(SYS_dup, fd));
}

int
dup3(int oldfd, int newfd, int flags)
{
	return syscall_result(syscall3(SYS_dup3, oldfd, newfd, linux_oflags(flags)));
}

/* Linux has no dup2 on RISC-V; dup3 refuses oldfd == newfd, dup2 must not. */
int
dup2(int oldfd, int newfd)
{
	struct kstat st;

	if (oldfd == newfd)
		return kfstat(oldfd, &st) < 0 ? -1 : newfd;
	return dup3(oldfd, newfd, 0);
}

int
pipe2(int fds[2], int flags)
{
	return syscall_result(syscall2(SYS_pipe2, fds, linux_oflags(flags)));
}

int
pipe(int fds[2])
{
	return pipe2(fds, 0);
}

#if __riscv_xlen == 32
/* rv32 Linux has neither fstat nor newfstatat: statx, turned into a kstat. */

static int
statx_kstat(int dirfd, const char *path, int lflags, struct kstat *st)
{
	struct statx x;

	if (syscall_result(syscall5(SYS_statx, dirfd, path, lflags, STATX_BASIC_STATS, &x)) < 0)
		return -1;
	memset(st, 0, sizeof(*st));
	st->st_dev = (uint64_t)x.stx_dev_major << 8 | x.stx_dev_minor;
	st->st_ino = x.stx_ino;
	st->st_mode = x.stx_mode;
	st->st_nlink = x.stx_nlink;
	st->st_uid = x.stx_uid;
	st->st_gid = x.stx_gid;
	st->st_rdev = (uint64_t)x.stx_rdev_major << 8 | x.stx_rdev_minor;
	st->st_size = x.stx_size;
	st->st_blksize = x.stx_blksize;
	st->st_blocks = x.stx_blocks;
	st->st_atime_sec = x.stx_atime.tv_sec;
	st->st_atime_nsec = x.stx_atime.tv_nsec;
	st->st_mtime_sec = x.stx_mtime.tv_sec;
	st->st_mtime_nsec = x.stx_mtime.tv_nsec;
	st->st_ctime_sec = x.stx_ctime.tv_sec;
	st->st_ctime_nsec = x.stx_ctime.tv_nsec;
	return 0;
}
#endif

int
kfstat(int fd, struct kstat *st)
{
#if __riscv_xlen == 32
	return statx_kstat(fd, "", LINUX_AT_EMPTY_PATH, st);
#else
	return syscall_result(syscall2(SYS_fstat, fd, st));
#endif
}

int
kfstatat(int dirfd, const char *path, struct kstat *st, int flags)
{
	int lflags = (flags & AT_SYMLINK_NOFOLLOW) ? LINUX_AT_SYMLINK_NOFOLLOW : 0;

#if __riscv_xlen == 32
	return statx_kstat(linux_dirfd(dirfd), path, lflags, st);
#else
	return syscall_result(syscall4(SYS_newfstatat, linux_dirfd(dirfd), path, st, lflags));
#endif
}

/* picolibc's struct stat has its own layout: copy the fields across. */
static void
to_libc_stat(const struct kstat *k, struct stat *st)
{
	st->st_dev = k->st_dev;
	st->st_ino = k->st_ino;
	st->st_mode = k->st_mode;
	st->st_nlink = k->st_nlink;
	st->st_uid = k->st_uid;
	st->st_gid = k->st_gid;
	st->st_rdev = k->st_rdev;
	st->st_size = k->st_size;
	st->st_blksize = k->st_blksize;
	st->st_blocks = k->st_blocks;
	st->st_atim.tv_sec = k->st_atime_sec;
	st->st_atim.tv_nsec = k->st_atime_nsec;
	st->st_mtim.tv_sec = k->st_mtime_sec;
	st->st_mtim.tv_nsec = k->st_mtime_nsec;
	st->st_ctim.tv_sec = k->st_ctime_sec;
	st->st_ctim.tv_nsec = k->st_ctime_nsec;
}

int
fstat(int fd, struct stat *st)
{
	struct kstat k;

	if (kfstat(fd, &k) < 0)
		return -1;
	to_libc_stat(&k, st);
	return 0;
}

int
fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	struct kstat k;

	if (kfstatat(dirfd, path, &k, flags) < 0)
		return -1;
	to_libc_stat(&k, st);
	return 0;
}

int
stat(const char *path, struct stat *st)
{
	return fstatat(AT_FDCWD, path, st, 0);
}

long
getdents64(int fd, void *buf, size_t len)
{
	return syscall_result(syscall3(SYS_getdents64, fd, buf, len));
}

int
mkdirat(int dirfd, const char *path, mode_t mode)
{
	return syscall_result(syscall3(SYS_mkdirat, linux_dirfd(dirfd), path, mode));
}

int
mkdir(const char *path, mode_t mode)
{
	return mkdirat(AT_FDCWD, path, mode);
}

int
unlinkat(int dirfd, const char *path, int flags)
{
	int lflags = (flags & AT_REMOVEDIR) ? LINUX_AT_REMOVEDIR : 0;

	return syscall_result(syscall3(SYS_unlinkat, linux_dirfd(dirfd), path, lflags));
}

int
unlink(const char *path)
{
	return unlinkat(AT_FDCWD, path, 0);
}

void *
mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	long r = syscall_result(syscall6(SYS_mmap, (long)addr, len, prot, flags, fd, off));

	return r == -1 ? MAP_FAILED : (void *)r;
}

int
munmap(void *addr, size_t len)
{
	return syscall_result(syscall2(SYS_munmap, addr, len));
}

int
mprotect(void *addr, size_t len, int prot)
{
	return syscall_result(syscall3(SYS_mprotect, addr, len, prot));
}

ssize_t
readlinkat(int dirfd, const char *path, char *buf, size_t size)
{
	return syscall_result(syscall4(SYS_readlinkat, linux_dirfd(dirfd), path, buf, size));
}

ssize_t
readlink(const char *path, char *buf, size_t size)
{
	return readlinkat(AT_FDCWD, path, buf, size);
}

int
rmdir(const char *path)
{
	return unlinkat(AT_FDCWD, path, AT_REMOVEDIR);
}

/* RISC-V Linux has no renameat: renameat2 with flags 0 is rename. */
int
renameat2(int olddirfd, const char *oldpath, int newdirfd, const char *newpath,
	  unsigned int flags)
{
	return syscall_result(syscall6(SYS_renameat2, linux_dirfd(olddirfd), (long)oldpath,
			      linux_dirfd(newdirfd), (long)newpath, flags, 0));
}

int
rename(const char *oldpath, const char *newpath)
{
	return renameat2(AT_FDCWD, oldpath, AT_FDCWD, newpath, 0);
}

/* On rv32 a 64-bit argument takes two registers, low half first. */
#define LO(v) ((uint32_t)(int64_t)(v))
#define HI(v) ((uint32_t)((uint64_t)(int64_t)(v) >> 32))

int
ftruncate(int fd, off_t length)
{
#if __riscv_xlen == 32
	return syscall_result(syscall3(SYS_ftruncate, fd, LO(length), HI(length)));
#else
	return syscall_result(syscall2(SYS_ftruncate, fd, length));
#endif
}

ssize_t
pread(int fd, void *buf, size_t n, off_t off)
{
#if __riscv_xlen == 32
	return syscall_result(syscall5(SYS_pread64, fd, buf, n, LO(off), HI(off)));
#else
	return syscall_result(syscall4(SYS_pread64, fd, buf, n, off));
#endif
}

ssize_t
pwrite(int fd, const void *buf, size_t n, off_t off)
{
#if __riscv_xlen == 32
	return syscall_result(syscall5(SYS_pwrite64, fd, buf, n, LO(off), HI(off)));
#else
	return syscall_result(syscall4(SYS_pwrite64, fd, buf, n, off));
#endif
}

int
fsync(int fd)
{
	return syscall_result(syscall1(SYS_fsync, fd));
}

void
sync(void)
{
	syscall0(SYS_sync);
}

int
chdir(const char *path)
{
	return syscall_result(syscall1(SYS_chdir, path));
}

char *
getcwd(char *buf, size_t size)
{
	if (syscall_result(syscall2(SYS_getcwd, buf, size)) < 0)
		return NULL;
	return buf;
}

void
exit_group(int status)
{
	for (;;)
		syscall1(SYS_exit_group, status);
}

void
_exit(int status)
{
	exit_group(status);
}

pid_t
wait4(pid_t pid, int *status, int options, void *rusage)
{
	return syscall_result(syscall4(SYS_wait4, pid, status, options, rusage));
}

pid_t
waitpid(pid_t pid, int *status, int options)
{
	return wait4(pid, status, options, NULL);
}

/*
 * clone(SIGCHLD, 0, ...) is Linux's fork. Buffered output is flushed
 * first so that text printed before the fork is not written twice.
 */
pid_t
fork(void)
{
	fflush(stdout);
	fflush(stderr);
	return syscall_result(syscall6(SYS_clone, SIGCHLD, 0, 0, 0, 0, 0));
}

int
execve(const char *path, char *const argv[], char *const envp[])
{
	return syscall_result(syscall3(SYS_execve, path, argv, envp));
}

pid_t
getpid(void)
{
	return syscall_result(syscall0(SYS_getpid));
}

pid_t
getppid(void)
{
	return syscall_result(syscall0(SYS_getppid));
}

int
sched_yield(void)
{
	return syscall_result(syscall0(SYS_sched_yield));
}

int
kill(pid_t pid, int sig)
{
	return syscall_result(syscall2(SYS_kill, pid, sig));
}

int
setpgid(pid_t pid, pid_t pgid)
{
	return syscall_result(syscall2(SYS_setpgid, pid, pgid));
}

pid_t
setsid(void)
{
	return syscall_result(syscall0(SYS_setsid));
}

pid_t
getpgid(pid_t pid)
{
	return syscall_result(syscall1(SYS_getpgid, pid));
}

int
ioctl(int fd, unsigned long request, void *arg)
{
	return syscall_result(syscall3(SYS_ioctl, fd, request, arg));
}

int
nanosleep(const struct timespec *req, struct timespec *rem)
{
#if __riscv_xlen == 32
	/* rv32 has no time32 nanosleep; the time64 call takes the same
	 * struct timespec (64-bit tv_sec; tv_nsec's padding the kernel drops) */
	return syscall_result(syscall4(SYS_clock_nanosleep_time64, 0, 0, req, rem));
#else
	return syscall_result(syscall2(SYS_nanosleep, req, rem));
#endif
}

int
clock_gettime(clockid_t id, struct timespec *ts)
{
	long linux_id = id;

	if (id == CLOCK_REALTIME)
		linux_id = 0;
	else if (id == CLOCK_MONOTONIC)
		linux_id = 1;

#if __riscv_xlen == 32
	return syscall_result(syscall2(SYS_clock_gettime64, linux_id, ts));
#else
	return syscall_result(syscall2(SYS_clock_gettime, linux_id, ts));
#endif
}

int
uname(struct utsname *u)
{
	return syscall_result(syscall1(SYS_uname, u));
}

int
sysinfo(struct sysinfo *info)
{
	return syscall_result(syscall1(SYS_sysinfo, info));
}

/* The hart the caller runs on (picolibc declares it, Linux's getcpu). */
int
sched_getcpu(void)
{
	unsigned int cpu;

	return syscall_result(syscall3(SYS_getcpu, &cpu, 0, 0)) < 0 ? -1 : (int)cpu;
}

int
prlimit64(int pid, int resource, const struct rlimit64 *new_limit, struct rlimit64 *old_limit)
{
	return syscall_result(syscall4(SYS_prlimit64, pid, resource, new_limit, old_limit));
}

int
utimensat(int dirfd, const char *path, const struct timespec times[2], int flags)
{
	int lflags = (flags & AT_SYMLINK_NOFOLLOW) ? LINUX_AT_SYMLINK_NOFOLLOW : 0;

	return syscall_result(syscall4(SYS_utimensat, linux_dirfd(dirfd), path, times, lflags));
}

int
futimens(int fd, const struct timespec times[2])
{
	return syscall_result(syscall4(SYS_utimensat, fd, NULL, times, 0));
}

int
access(const char *path, int mode)
{
	return syscall_result(syscall4(SYS_faccessat, LINUX_AT_FDCWD, path, mode, 0));
}

int
mount(const char *source, const char *target, const char *fstype, unsigned long flags,
      const void *data)
{
	return syscall_result(syscall6(SYS_mount, (long)source, (long)target, (long)fstype,
			      (long)flags, (long)data, 0));
}

int
umount2(const char *target, int flags)
{
	return syscall_result(syscall2(SYS_umount2, target, flags));
}

int
klogctl(int type, char *buf, int len)
{
	return syscall_result(syscall3(SYS_syslog, type, buf, len));
}

int
reboot(unsigned long cmd)
{
	return syscall_result(syscall4(SYS_reboot, LINUX_REBOOT_MAGIC1,
			      LINUX_REBOOT_MAGIC2, cmd, 0));
}

static char *cur_brk;

int
brk(void *addr)
{
	char *got = (char *)syscall1(SYS_brk, addr);

	cur_brk = got;
	if (got != addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

/* Linux brk returns the new break, or the old one when it cannot move. */
void *
sbrk(ptrdiff_t inc)
{
	char *old;

	if (cur_brk == NULL)
		cur_brk = (char *)syscall1(SYS_brk, 0);
	old = cur_brk;
	if (inc == 0)
		return old;
	if (brk(old + inc) < 0)
		return (void *)-1;
	return old;
}
