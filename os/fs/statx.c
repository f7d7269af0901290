/*
 * statx(dirfd, path, flags, mask, buf): Linux's extensible stat, the
 * only stat call rv32 Linux has (both classes may use it). Filled from
 * the same struct stat newfstatat gives; every basic field is there, so
 * stx_mask says STATX_BASIC_STATS whatever mask asked for.
 */
#include "kern/kern.h"
#include "mm/mm.h"
#include "fs/fs.h"
#include "fs/file.h"

#define STATX_BASIC_STATS 0x7ffU
#define AT_STATX_SYNC_TYPE 0x6000	/* sync hints: nothing to sync here */

struct statx_ts {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t reserved;
};

struct statx {
	uint32_t mask, blksize;
	uint64_t attributes;
	uint32_t nlink, uid, gid;
	uint16_t mode, pad1;
	uint64_t ino, size, blocks, attributes_mask;
	struct statx_ts atime, btime, ctime, mtime;
	uint32_t rdev_major, rdev_minor, dev_major, dev_minor;
	uint64_t spare[14];
};

static struct statx_ts ts(int64_t sec, int64_t nsec)
{
	return (struct statx_ts){ .tv_sec = sec, .tv_nsec = nsec };
}

uint64_t sys_statx(void)
{
	struct stat st;
	struct statx x;
	int err = stat_at(argraw(0), argraw(2) & ~AT_STATX_SYNC_TYPE, &st);

	_Static_assert(sizeof(x) == 256, "Linux's struct statx");
	if (err < 0)
		return err;
	memset(&x, 0, sizeof(x));
	x.mask = STATX_BASIC_STATS;
	x.blksize = st.st_blksize;
	x.nlink = st.st_nlink;
	x.uid = st.st_uid;
	x.gid = st.st_gid;
	x.mode = st.st_mode;
	x.ino = st.st_ino;
	x.size = st.st_size;
	x.blocks = st.st_blocks;
	x.atime = ts(st.st_atime_sec, st.st_atime_nsec);
	x.mtime = ts(st.st_mtime_sec, st.st_mtime_nsec);
	x.ctime = ts(st.st_ctime_sec, st.st_ctime_nsec);
	x.rdev_major = st.st_rdev >> 8;
	x.rdev_minor = st.st_rdev & 0xff;
	x.dev_major = st.st_dev >> 8;
	x.dev_minor = st.st_dev & 0xff;
	return copyout(myproc()->pagetable, argraw(4), &x, sizeof(x));
}
