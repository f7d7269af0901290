/*
 * madvise, mincore, mlock and membarrier as Linux answers them:
 * MADV_DONTNEED zeroes private anonymous pages, brings back a private
 * file mapping's bytes from the file and leaves a shared one's; MADV_FREE
 * only on private anonymous memory; DONTFORK leaves a region out of a
 * forked child, DOFORK puts it back; the hints are accepted; a range
 * with a hole is ENOMEM after the mapped part had the advice; mincore
 * says which pages are in memory; mlock'd pages show in VmLck and refuse
 * DONTNEED; membarrier's private expedited barrier needs registering.
 * Linux's answers (mm/madvise.c, mm/mlock.c, mm/mincore.c); qemu-riscv64
 * answers madvise itself, so run-host.sh skips this test.
 */
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>

#include "pages.h"

#define FILE_PATH "/tmp/madvise.dat"

static long advise(void *p, long len, int advice) { return sysret(syscall3(SYS_madvise, p, len, advice)); }

/* VmLck of /proc/self/status, in kB; -1 if not found. */
static long
vmlck(void)
{
	char buf[4096];
	int fd = open("/proc/self/status", O_RDONLY);
	long n = fd < 0 ? -1 : read(fd, buf, sizeof buf - 1);

	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	char *l = strstr(buf, "VmLck:");
	return l ? strtol(l + 6, NULL, 10) : -1;
}

static void
dontneed(void)
{
	char *a = anon(2, MAP_PRIVATE);
	memset(a, 'a', 2 * PG);
	check_long("DONTNEED, private anonymous", advise(a, 2 * PG, MADV_DONTNEED), 0);
	check_long("its pages read as zeros", a[0] | a[2 * PG - 1], 0);
	a[0] = 'b';
	check_long("and take stores again", a[0], 'b');

	char buf[PG];
	int fd = open(FILE_PATH, O_RDWR | O_CREAT | O_TRUNC, 0644);
	memset(buf, 'f', PG);
	write(fd, buf, PG);
	char *f = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	f[0] = 'X';
	check_long("DONTNEED, private file", advise(f, PG, MADV_DONTNEED), 0);
	check_long("its page is the file's again", f[0], 'f');
	check_errno("FREE, private file", advise(f, PG, MADV_FREE), EINVAL);
	check_errno("REMOVE, private file", advise(f, PG, MADV_REMOVE), EINVAL);
	munmap(f, PG);
	close(fd);
	unlink(FILE_PATH);

	char *s = anon(1, MAP_SHARED);
	s[0] = 's';
	check_long("DONTNEED, shared anonymous", advise(s, PG, MADV_DONTNEED), 0);
	check_long("its contents stay", s[0], 's');
	check_errno("FREE, shared anonymous", advise(s, PG, MADV_FREE), EINVAL);
	check_long("FREE, private anonymous", advise(a, PG, MADV_FREE), 0);
	munmap(s, PG);
	munmap(a, 2 * PG);
}

static void
dontfork(void)
{
	char *a = anon(1, MAP_PRIVATE);

	a[0] = 'd';
	check_long("DONTFORK", advise(a, PG, MADV_DONTFORK), 0);
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGSEGV, SIG_DFL);
		_exit(*(volatile char *)a);
	}
	check_long("the child has no such page (killed by signal)", wait_status(pid), 128 + SIGSEGV);
	check_long("DOFORK", advise(a, PG, MADV_DOFORK), 0);
	pid = fork();
	if (pid == 0)
		_exit(*(volatile char *)a);
	check_long("the child reads the page", wait_status(pid), 'd');
	munmap(a, PG);
}

static void
hints_and_errors(void)
{
	char *a = anon(3, MAP_PRIVATE);
	static const int hints[] = { MADV_NORMAL, MADV_RANDOM, MADV_SEQUENTIAL, MADV_WILLNEED };

	for (int i = 0; i < 4; i++)
		check_long("a hint is accepted", advise(a, 3 * PG, hints[i]), 0);
	check_errno("unknown advice", advise(a, PG, 999), EINVAL);
	check_errno("unaligned start", advise(a + 1, PG, MADV_DONTNEED), EINVAL);
	check_long("length 0", advise(a, 0, MADV_DONTNEED), 0);
	munmap(a + 2 * PG, PG);
	a[0] = 'h';
	check_errno("a range with a hole", advise(a, 3 * PG, MADV_DONTNEED), ENOMEM);
	check_long("the mapped part had the advice", a[0], 0);
	munmap(a, 2 * PG);
}

static void
mincore_(void)
{
	unsigned char v[4] = { 9, 9, 9, 9 };
	char *a = anon(3, MAP_PRIVATE);

	a[0] = a[PG] = a[2 * PG] = 1;
	check_long("mincore of touched pages", sysret(syscall3(SYS_mincore, a, 3 * PG, v)), 0);
	check_long("each resident", v[0] + v[1] + v[2], 3);
	check_long("the byte after untouched", v[3], 9);
	advise(a + PG, PG, MADV_DONTNEED);
	syscall3(SYS_mincore, a, 3 * PG, v);
	check_long("the page DONTNEED dropped is not", v[1], 0);
	check_errno("mincore, unaligned", sysret(syscall3(SYS_mincore, a + 1, PG, v)), EINVAL);
	munmap(a + 2 * PG, PG);
	check_errno("mincore, unmapped", sysret(syscall3(SYS_mincore, a, 3 * PG, v)), ENOMEM);
	check_errno("mincore, bad vector", sysret(syscall3(SYS_mincore, a, PG, 8)), EFAULT);
	munmap(a, 2 * PG);
}

static void
mlock_(void)
{
	char *a = anon(4, MAP_PRIVATE);
	long base = vmlck();

	check_long("mlock of 2 pages", sysret(syscall2(SYS_mlock, a + PG + 5, PG)), 0);
	check_long("VmLck grew by 8 kB", vmlck() - base, 8);
	check_errno("DONTNEED of a locked page", advise(a + PG, PG, MADV_DONTNEED), EINVAL);
	check_long("munlock", sysret(syscall2(SYS_munlock, a, 4 * PG)), 0);
	check_long("VmLck back", vmlck() - base, 0);
	check_long("mlock2 with MLOCK_ONFAULT", sysret(syscall3(SYS_mlock2, a, PG, MLOCK_ONFAULT)), 0);
	check_errno("mlock2 with unknown flags", sysret(syscall3(SYS_mlock2, a, PG, 2)), EINVAL);
	check_long("munlockall", sysret(syscall0(SYS_munlockall)), 0);
	check_long("VmLck after munlockall", vmlck() - base, 0);
	check_errno("mlockall(0)", sysret(syscall1(SYS_mlockall, 0)), EINVAL);
	check_errno("mlockall(MCL_ONFAULT)", sysret(syscall1(SYS_mlockall, MCL_ONFAULT)), EINVAL);
	munmap(a + 2 * PG, 2 * PG);
	check_errno("mlock of an unmapped page", sysret(syscall2(SYS_mlock, a + 2 * PG, PG)), ENOMEM);
	munmap(a, 2 * PG);
}

static void
membarrier(void)
{
	long q = sysret(syscall2(SYS_membarrier, 0, 0));

	check_long("QUERY: GLOBAL and the PRIVATE_EXPEDITED pair", q >= 0 && (q & 0x19) == 0x19, 1);
	check_errno("PRIVATE_EXPEDITED unregistered", sysret(syscall2(SYS_membarrier, 8, 0)), EPERM);
	check_long("REGISTER_PRIVATE_EXPEDITED", sysret(syscall2(SYS_membarrier, 16, 0)), 0);
	check_long("PRIVATE_EXPEDITED", sysret(syscall2(SYS_membarrier, 8, 0)), 0);
	check_errno("flags", sysret(syscall2(SYS_membarrier, 8, 1)), EINVAL);
	check_errno("unknown command", sysret(syscall2(SYS_membarrier, 1 << 20, 0)), EINVAL);
}

int
main(void)
{
	dontneed();
	dontfork();
	hints_and_errors();
	mincore_();
	mlock_();
	membarrier();
	return 0;
}
