/*
 * utimensat(2): a file's modification and access times, set through
 * its type's setattr (FAT keeps the first to 2 seconds and the second
 * to the day, clamped to 1980 .. 2107, as Linux's vfat does). A
 * descriptor that is not a node (the console, a pipe) keeps no times,
 * and setting them succeeds.
 */
#include "kern/kern.h"
#include "dev/dev.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"
#include "fs/vfs.h"
#include "uapi/linux/utimensat.h"

static bool nsec_valid(int64_t nsec)
{
	return nsec == UTIME_NOW || nsec == UTIME_OMIT || (nsec >= 0 && nsec < 1000000000);
}

/* Sets vn's times; ts NULL means both now. */
static int set_times(struct vnode *vn, const struct kts *ts)
{
	static const struct kts now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	uint64_t ns = realtime_ns();
	struct kts clock = { ns / 1000000000, ns % 1000000000 };
	struct vsetattr a = { 0 };

	if (!ts)
		ts = now;
	if (ts[0].nsec != UTIME_OMIT) {
		a.mask |= VA_ATIME;
		a.atime = ts[0].nsec == UTIME_NOW ? clock : ts[0];
	}
	if (ts[1].nsec != UTIME_OMIT) {
		a.mask |= VA_MTIME;
		a.mtime = ts[1].nsec == UTIME_NOW ? clock : ts[1];
	}
	if (vn->vfs->read_only)
		return -EROFS;
	return vn->ops->setattr ? vn->ops->setattr(vn, &a) : -EPERM;
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
	char c = 1;
	struct kts ts[2];
	struct vnode *vn;
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
		if (f->type != FD_VNODE)
			return 0;
		vn = vref(f->vn);
	} else {
		if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
			return -EINVAL;
		if (!upath)
			return -EFAULT;
		if ((err = at_walk(dirfd, 1, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : WALK_FOLLOW,
				   &vn)) < 0)
			return err;
	}
	err = set_times(vn, utimes ? ts : NULL);
	vput(vn);
	return err;
}
