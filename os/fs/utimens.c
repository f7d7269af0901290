/*
 * utimensat(2): a FAT file's modification time and access time. FAT
 * keeps the first to 2 seconds and the second to the day, in local time
 * (UTC here), between 1980 and 2107: times outside are clamped, as
 * Linux's vfat does. A descriptor that is not a FAT file (the console,
 * a pipe) keeps no times, and setting them succeeds.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "uapi/linux/utimensat.h"

#define FAT_FIRST_SEC 315532800L	/* 1980-01-01 00:00:00 */
#define FAT_LAST_SEC 4354819198L	/* 2107-12-31 23:59:58 */

struct kts {
	int64_t sec, nsec;
};

static bool nsec_valid(int64_t nsec)
{
	return nsec == UTIME_NOW || nsec == UTIME_OMIT || (nsec >= 0 && nsec < 1000000000);
}

/* A time as FAT stores it: UTIME_NOW is the clock's now. */
static void fat_time_of(const struct kts *t, uint16_t *date, uint16_t *time)
{
	int64_t secs = t->nsec == UTIME_NOW ? (int64_t)(realtime_ns() / 1000000000) : t->sec;
	struct civil c;

	secs = secs < FAT_FIRST_SEC ? FAT_FIRST_SEC : secs > FAT_LAST_SEC ? FAT_LAST_SEC : secs;
	unix_to_civil(secs, &c);
	*date = FAT_DATE(c.year, c.month, c.day);
	*time = FAT_TIME(c.hour, c.min, c.sec);
}

/* Sets the times at path; ts NULL means both now. */
static int set_times(const char *path, const struct kts *ts)
{
	static const struct kts now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	struct fat_times t = { 0 };
	uint16_t unused;

	if (!ts)
		ts = now;
	if ((t.set_access = ts[0].nsec != UTIME_OMIT))
		fat_time_of(&ts[0], &t.adate, &unused);
	if ((t.set_write = ts[1].nsec != UTIME_OMIT))
		fat_time_of(&ts[1], &t.wdate, &t.wtime);
	return fs_set_times(path, &t);
}

/*
 * utimensat(dirfd, path, times, flags). With path NULL it is futimens:
 * the file dirfd names. The order of checks is Linux's: the times, then
 * the flags, then the file.
 */
uint64_t sys_utimensat(void)
{
	int dirfd = argraw(0), flags = argraw(3);
	uint64_t upath = argraw(1), utimes = argraw(2);
	char path[MAXPATH], c = 1;
	struct kts ts[2];
	struct file *f;
	int err;

	if (utimes) {
		if (copyin(myproc()->pagetable, ts, utimes, sizeof(ts)) < 0)
			return -EFAULT;
		if (ts[0].nsec == UTIME_OMIT && ts[1].nsec == UTIME_OMIT)
			return 0;	/* nothing to do: not even the path is looked at */
		if (!nsec_valid(ts[0].nsec) || !nsec_valid(ts[1].nsec))
			return -EINVAL;
	}
	if (upath && (flags & AT_EMPTY_PATH) && copyin(myproc()->pagetable, &c, upath, 1) < 0)
		return -EFAULT;
	if ((!upath && dirfd != AT_FDCWD) || c == 0) {
		if ((!upath && flags) || (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH)))
			return -EINVAL;
		if ((err = fd_file(dirfd, &f)) < 0)
			return err;
		if (f->type != FD_FAT)
			return 0;
		strlcpy(path, f->path, sizeof(path));
	} else {
		if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
			return -EINVAL;
		if (!upath)
			return -EFAULT;
		if ((err = at_path(dirfd, 1, path)) < 0)
			return err;
	}
	return set_times(path, utimes ? ts : NULL);
}
