/*
 * What fstat(2), newfstatat(2) and statx(2) fill: Linux RISC-V's
 * struct stat (asm-generic, rv64 only) and struct statx (the same on
 * rv32 and rv64, where rv32 Linux has only statx). Structures only, so
 * user/lib can include it beside libc's <sys/stat.h>; the file types of
 * st_mode are in fcntl.h.
 * Checked against <asm/stat.h> and <linux/stat.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_STAT_H
#define UAPI_LINUX_STAT_H
#include <stdint.h>

/* Named kstat: libc's struct stat has another layout, and libc's
 * <sys/stat.h> makes st_atime a macro, hence st_atime_sec. */
struct kstat {			/* Linux's struct stat */
	uint64_t st_dev;
	uint64_t st_ino;
	uint32_t st_mode;
	uint32_t st_nlink;
	uint32_t st_uid;
	uint32_t st_gid;
	uint64_t st_rdev;
	uint64_t __pad1;
	int64_t st_size;
	int32_t st_blksize;
	int32_t __pad2;
	int64_t st_blocks;
	int64_t st_atime_sec;	/* Linux's st_atime */
	uint64_t st_atime_nsec;
	int64_t st_mtime_sec;	/* Linux's st_mtime */
	uint64_t st_mtime_nsec;
	int64_t st_ctime_sec;	/* Linux's st_ctime */
	uint64_t st_ctime_nsec;
	uint32_t __unused4;
	uint32_t __unused5;
};

struct statx_timestamp {
	int64_t tv_sec;
	uint32_t tv_nsec;
	int32_t __reserved;
};

struct statx {
	uint32_t stx_mask;
	uint32_t stx_blksize;
	uint64_t stx_attributes;
	uint32_t stx_nlink;
	uint32_t stx_uid;
	uint32_t stx_gid;
	uint16_t stx_mode;
	uint16_t __spare0;
	uint64_t stx_ino;
	uint64_t stx_size;
	uint64_t stx_blocks;
	uint64_t stx_attributes_mask;
	struct statx_timestamp stx_atime;
	struct statx_timestamp stx_btime;
	struct statx_timestamp stx_ctime;
	struct statx_timestamp stx_mtime;
	uint32_t stx_rdev_major;
	uint32_t stx_rdev_minor;
	uint32_t stx_dev_major;
	uint32_t stx_dev_minor;
	uint64_t __spare2[14];	/* stx_mnt_id and later: not filled */
};

#define STATX_BASIC_STATS 0x7ffU
#endif
