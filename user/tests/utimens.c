/*
 * utimensat: setting a file's times, by path and by descriptor, with
 * UTIME_NOW and UTIME_OMIT, and the errors. FAT keeps the modification
 * time to 2 seconds and the access time to the day, so the test sets
 * even seconds and looks at the access day only: Linux's answers and
 * ours are then the same.
 */
#include <fcntl.h>
#include <stdio.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fsutil.h"

#define T "/utimens.tmp"
#define DAY 86400
static void *volatile bad = (void *)8;	/* not mapped; volatile hides it from gcc */
#define BAD bad

static long
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return ts.tv_sec;
}

static struct kstat
stat_of(const char *path)
{
	struct kstat st;

	must("stat", kfstatat(AT_FDCWD, path, &st, 0));
	return st;
}

static void
by_path(void)
{
	struct timespec ts[2] = { { 1234567890, 0 }, { 1000000000, 0 } };

	check_long("utimensat(path, times)", utimensat(AT_FDCWD, T, ts, 0), 0);
	check_long("mtime", stat_of(T).st_mtime_sec, 1000000000);
	check_long("atime's day", stat_of(T).st_atime_sec / DAY, 1234567890 / DAY);
	ts[0].tv_sec = 1500000000;
	ts[1].tv_nsec = UTIME_OMIT;
	check_long("new atime, mtime UTIME_OMIT", utimensat(AT_FDCWD, T, ts, 0), 0);
	check_long("mtime kept", stat_of(T).st_mtime_sec, 1000000000);
	check_long("atime's day", stat_of(T).st_atime_sec / DAY, 1500000000 / DAY);
	ts[0].tv_nsec = UTIME_OMIT;
	ts[1] = (struct timespec){ 1600000000, 999999999 };
	check_long("new mtime, atime UTIME_OMIT", utimensat(AT_FDCWD, T, ts, 0), 0);
	check_long("mtime", stat_of(T).st_mtime_sec, 1600000000);
	check_long("atime's day kept", stat_of(T).st_atime_sec / DAY, 1500000000 / DAY);
}

static void
to_now(void)
{
	struct timespec ts[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	long before = now();

	check_long("utimensat(path, UTIME_NOW)", utimensat(AT_FDCWD, T, ts, 0), 0);
	long m = stat_of(T).st_mtime_sec;
	check_long("mtime is now", m >= before - 2 && m <= now() + 2, 1);
	ts[0] = ts[1] = (struct timespec){ 1000000000, 0 };
	must("back to 2001", utimensat(AT_FDCWD, T, ts, 0));
	check_long("utimensat(path, NULL)", utimensat(AT_FDCWD, T, NULL, 0), 0);
	m = stat_of(T).st_mtime_sec;
	check_long("mtime is now", m >= before - 2 && m <= now() + 2, 1);
}

static void
by_descriptor(void)
{
	struct timespec ts[2] = { { 1000000000, 0 }, { 1100000000, 0 } };
	struct kstat st;
	int fd = must("open", open(T, O_RDONLY));

	check_long("futimens(fd, times)", futimens(fd, ts), 0);
	must("fstat", kfstat(fd, &st));
	check_long("fstat sees the mtime", st.st_mtime_sec, 1100000000);
	check_long("stat sees it too", stat_of(T).st_mtime_sec, 1100000000);
	check_long("utimensat(dir fd, name)", utimensat(must("open /", open("/", O_RDONLY)),
							 T + 1, ts, 0), 0);
	close(fd);
}

static void
errors(void)
{
	struct timespec ts[2] = { { 0, 1000000000 }, { 0, 0 } };
	struct timespec omit[2] = { { 0, UTIME_OMIT }, { 0, UTIME_OMIT } };

	check_errno("tv_nsec 1e9", utimensat(AT_FDCWD, T, ts, 0), EINVAL);
	ts[0].tv_nsec = -1;
	check_errno("tv_nsec -1", utimensat(AT_FDCWD, T, ts, 0), EINVAL);
	/* raw: musl's utimensat reads the times itself (UTIME_NOW twice is NULL) */
	check_errno("bad times pointer",
		    as_libc(syscall4(SYS_utimensat, AT_FDCWD, T, BAD, 0)), EFAULT);
	check_errno("bad path pointer", utimensat(AT_FDCWD, BAD, NULL, 0), EFAULT);
	check_errno("missing file", utimensat(AT_FDCWD, "/nosuch.tmp", NULL, 0), ENOENT);
	check_long("bad flags (raw call)", syscall4(SYS_utimensat, -100, T, 0, 0x4), -22);
	check_errno("futimens(bad fd)", futimens(99, NULL), EBADF);
	check_long("both UTIME_OMIT: nothing, not even a lookup",
		   utimensat(AT_FDCWD, "/nosuch.tmp", omit, 0), 0);
}

int
main(void)
{
	write_file(T, "times\n", 6);
	by_path();
	to_now();
	by_descriptor();
	errors();
	must("unlink", unlink(T));
	printf("utimens: all passed\n");
	return 0;
}
