/*
 * statx(dirfd, path, flags, mask, buf): Linux's extensible stat, the
 * only stat call rv32 Linux has (both classes may use it). Filled from
 * the same struct kstat newfstatat gives; every basic field is there, so
 * stx_mask says STATX_BASIC_STATS whatever mask asked for.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"

static struct statx_timestamp ts(int64_t sec, int64_t nsec)
{
	return (struct statx_timestamp){ .tv_sec = sec, .tv_nsec = nsec };
}

uint64_t sys_statx(void)
{
	struct kstat st;
	struct statx x;
	int err = stat_at(argraw(0), argraw(2) & ~AT_STATX_SYNC_TYPE, &st);

	if (err < 0)
		return err;
	memset(&x, 0, sizeof(x));
	x.stx_mask = STATX_BASIC_STATS;
	x.stx_blksize = st.st_blksize;
	x.stx_nlink = st.st_nlink;
	x.stx_uid = st.st_uid;
	x.stx_gid = st.st_gid;
	x.stx_mode = st.st_mode;
	x.stx_ino = st.st_ino;
	x.stx_size = st.st_size;
	x.stx_blocks = st.st_blocks;
	x.stx_atime = ts(st.st_atime_sec, st.st_atime_nsec);
	x.stx_mtime = ts(st.st_mtime_sec, st.st_mtime_nsec);
	x.stx_ctime = ts(st.st_ctime_sec, st.st_ctime_nsec);
	x.stx_rdev_major = st.st_rdev >> 8;
	x.stx_rdev_minor = st.st_rdev & 0xff;
	x.stx_dev_major = st.st_dev >> 8;
	x.stx_dev_minor = st.st_dev & 0xff;
	return copyout(myproc()->pagetable, argraw(4), &x, sizeof(x));
}
