/*
 * statfs(2) and fstatfs(2)'s answer: asm-generic's struct statfs, whose
 * words are 8 bytes on riscv64.
 * Checked against <asm/statfs.h> (tools/abicheck.py).
 */
#ifndef UAPI_LINUX_STATFS_H
#define UAPI_LINUX_STATFS_H
#include <stdint.h>

struct statfs {
	int64_t f_type;
	int64_t f_bsize;
	uint64_t f_blocks;
	uint64_t f_bfree;
	uint64_t f_bavail;
	uint64_t f_files;
	uint64_t f_ffree;
	int32_t f_fsid[2];
	int64_t f_namelen;
	int64_t f_frsize;
	int64_t f_flags;
	int64_t f_spare[4];
};
#endif
